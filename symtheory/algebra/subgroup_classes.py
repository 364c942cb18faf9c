"""Conjugacy classes of subgroups, the class index, and the lattice of classes.

:func:`conjugacy_classes_subgroups` lists every subgroup of a group up to
conjugacy (what GAP's ``ConjugacyClassesSubgroups`` gives), in a deterministic
order; the index of a class in that list is the *class index* used by the rest
of symtheory (``cosets(I)`` in representation expressions, the ``symtheory
subgroups`` command).

Conventions
-----------
* The classes are ordered by subgroup order, then by class length (number of
  conjugates), then by a canonical key: the lexicographically smallest sorted
  element-index tuple among the conjugates.  That smallest conjugate is the
  class representative.  Class 0 is the trivial subgroup and the last class is
  the whole group.
* The enumeration of a group is computed once and kept on the
  :class:`~symtheory.algebra.groups.Group` object (never in a module-level cache).

Method
------
The enumeration is in :mod:`symtheory.algebra.subgroup_catalogue` (a
cyclic extension method that needs no ``|G| x |G|`` table, with its cost and
references).  This module puts the classes found in the documented order:
for each class it lists the conjugates of the representative found, in one
batch of products of the element store, sorts their element arrays and keeps
the smallest as the representative.  That costs ``|G:N(H)| |H|`` look-ups a
class (at most ``|G|``).  Generators of the representative are the greedy
generating set of :func:`~symtheory.algebra.subgroups.Subgroup` (elements of
large order first), so they depend only on the representative.

Groups above :data:`SUBGROUP_ORDER_LIMIT` (400,000, just above S9) are
refused up front: time and the fingerprint dictionary grow with the number
of subgroups, which for S10 (order 3,628,800) is beyond a workstation.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> G = named_group("S4")
>>> [c.structure for c in conjugacy_classes_subgroups(G)]
['1', 'C2', 'C2', 'C3', 'V4', 'C4', 'V4', 'S3', 'D4', 'A4', 'S4']
>>> count_subgroups(G)
30
"""

from __future__ import annotations


import networkx as nx
import numpy as np

from ..exceptions import InvalidTypeError, OrderLimitError
from .element_store import element_store
from .groups import Group, order_text
from .subgroup_catalogue import enumerate_subgroups
from .subgroups import Subgroup, _generating_set, whole_group

__all__ = [
    "SubgroupClass",
    "conjugacy_classes_subgroups",
    "class_index",
    "subgroup_lattice",
    "count_subgroups",
    "SUBGROUP_ORDER_LIMIT",
    "LATTICE_ORDER_LIMIT",
]

#: Largest group order whose subgroup classes are enumerated (S9 has 362,880).
SUBGROUP_ORDER_LIMIT = 400_000

#: Largest group order whose lattice of maximal inclusions is computed: that
#: closes one subgroup per orbit of candidates of every class (S8 and M12
#: take about 20 s; A9 and S9 would take far longer).
LATTICE_ORDER_LIMIT = 100_000


# -- conjugacy classes of subgroups ------------------------------------------

class SubgroupClass:
    """A conjugacy class of subgroups.

    Attributes
    ----------
    index : int
        Position in :func:`conjugacy_classes_subgroups`.
    representative : Subgroup
        The conjugate whose sorted element-index tuple is smallest.
    order : int
        Order of the subgroups.
    length : int
        Number of conjugates, ``|G| / |N(H)|``.
    normalizer : Subgroup
        Normalizer of the representative.
    structure : str
        Isomorphism type name, see :func:`structure_name`.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> c = conjugacy_classes_subgroups(named_group("S4"))[1]
    >>> c.order, c.length, c.structure, c.normalizer.order
    (2, 3, 'C2', 8)
    >>> len(c.members())
    3
    """

    __slots__ = ("_index", "_rep", "_length", "_normalizer", "_members", "_conjugators")

    def __init__(self, index, representative, length, normalizer, members, conjugators):
        self._index = int(index)
        self._rep = representative
        self._length = int(length)
        self._normalizer = normalizer
        self._members = members
        self._conjugators = conjugators

    index = property(lambda self: self._index, doc="Position in the class list.")
    representative = property(lambda self: self._rep, doc="The class representative.")
    order = property(lambda self: self._rep.order, doc="Order of the subgroups.")
    length = property(lambda self: self._length, doc="Number of conjugates.")
    normalizer = property(lambda self: self._normalizer, doc="Normalizer of the representative.")
    structure = property(lambda self: self._rep.structure, doc="Isomorphism type name.")

    def members(self) -> list:
        """All conjugates, sorted by element-index tuple (the representative first).

        >>> from symtheory.algebra.groups import named_group
        >>> c = conjugacy_classes_subgroups(named_group("S3"))[1]
        >>> [H.cycle_strings() for H in c.members()]
        [['(1,2)'], ['(2,3)'], ['(1,3)']]
        """
        G = self._rep.group
        S = element_store(G)
        gens = np.asarray(self._rep.generators, dtype=np.intp)
        rows = self._members
        if rows is None:  # large groups keep only the conjugators
            rows = np.sort(S.conj(np.asarray(self._conjugators)[:, None],
                                  self._rep.elements[None, :]), axis=1)
        out = []
        for row, x in zip(rows, self._conjugators):
            g = tuple(int(v) for v in S.conj(int(x), gens)) if gens.size else ()
            out.append(Subgroup._trusted(G, np.asarray(row, dtype=np.int64), g))
        return out

    def __repr__(self) -> str:
        return (f"SubgroupClass(index={self._index}, order={self.order}, "
                f"length={self._length}, structure={self.structure!r})")


class _Catalogue:
    """All subgroups of one group, in the documented class order."""

    __slots__ = ("classes", "found", "order", "_edges")

    def __init__(self, classes, found, order):
        self.classes = classes
        self.found = found      # the subgroup_catalogue.Catalogue (discovery order)
        self.order = order      # discovery index -> class index
        self._edges = None

    @property
    def edges(self) -> frozenset:
        """Maximal inclusions between class indices, computed when first asked."""
        if self._edges is None:
            self._edges = frozenset((int(self.order[a]), int(self.order[b]))
                                    for a, b in self.found.edges)
        return self._edges

    def index_of(self, elements) -> int:
        return int(self.order[self.found.class_of(elements)])


# The catalogue lives in the Group object's own ``__dict__`` (beside its
# cached tables), so it dies with the group.  Group equality is mathematical
# but element numbering belongs to one Group object, so the cache must not be
# keyed by equality; Group has no ``__weakref__`` slot for a weak dictionary.
_CACHE_ATTR = "_symtheory_subgroup_catalogue"

#: Largest order for which the element arrays of all conjugates are kept.
_KEEP_MEMBERS = 20_000


def _catalogue(G: Group, progress=None) -> _Catalogue:
    cat = G.__dict__.get(_CACHE_ATTR)
    if cat is None:
        if G.order > SUBGROUP_ORDER_LIMIT:
            raise OrderLimitError(
                f"group {G.name} has order {order_text(G.order)}; enumerating its subgroups is "
                f"refused above order {SUBGROUP_ORDER_LIMIT}, where the time and the "
                "fingerprints of all subgroups grow beyond a workstation; use a smaller group")
        cat = _ordered(G, enumerate_subgroups(G, progress=progress))
        G.__dict__[_CACHE_ATTR] = cat
    return cat


def _ordered(G: Group, found) -> _Catalogue:
    """Classes in the documented order, each with its canonical representative."""
    S = found.store
    n = S.order
    keep = n <= _KEEP_MEMBERS
    info = []
    for fc in found.classes:
        H = fc.elements.astype(np.intp)
        conj = fc.conjugators
        rows = np.sort(S.conj(conj[:, None], H[None, :]), axis=1)
        order = np.lexsort(rows.T[::-1])
        rows, conj = rows[order], conj[order]
        info.append((rows if keep else rows[:1], conj))
    perm = sorted(range(len(info)), key=lambda c: (info[c][0].shape[1],
                                                   found.classes[c].length,
                                                   tuple(info[c][0][0].tolist())))
    new_index = np.empty(len(perm), dtype=np.int64)
    classes = []
    for new, old in enumerate(perm):
        fc = found.classes[old]
        rows, conj = info[old]
        x = int(conj[0])
        rep_els = rows[0].astype(np.int64)
        rep = Subgroup._trusted(G, rep_els, _generating_set(G, rep_els))
        if fc.length == 1:
            norm = whole_group(G)
        else:
            nel = np.sort(S.conj(x, fc.normalizer.astype(np.intp))).astype(np.int64)
            ngens = tuple(int(v) for v in S.conj(x, np.asarray(fc.normalizer_gens)))
            norm = Subgroup._trusted(G, nel, ngens)
        # conjugators relative to the representative: y = c * x^-1
        conj = S.mul(conj, S.inverse[x]).astype(np.int64)
        members = None
        if keep:
            rows.setflags(write=False)
            members = rows
        classes.append(SubgroupClass(new, rep, fc.length, norm, members, conj))
        new_index[old] = new
    return _Catalogue(classes, found, new_index)


def conjugacy_classes_subgroups(G: Group, progress=None) -> list:
    """All conjugacy classes of subgroups of ``G``, in the documented order.

    The result is computed once per Group object and kept in memory while
    the group lives.

    Parameters
    ----------
    G : Group
    progress : callable, optional
        Called as ``progress(done, found)`` while the classes are extended
        (see :func:`~symtheory.algebra.subgroup_catalogue.enumerate_subgroups`).

    Raises
    ------
    OrderLimitError
        Above :data:`SUBGROUP_ORDER_LIMIT`.

    Returns
    -------
    list of SubgroupClass
        Ordered by subgroup order, class length, then canonical key.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> classes = conjugacy_classes_subgroups(named_group("A5"))
    >>> [(c.order, c.length) for c in classes]
    [(1, 1), (2, 15), (3, 10), (4, 5), (5, 6), (6, 10), (10, 6), (12, 5), (60, 1)]
    """
    if not isinstance(G, Group):
        raise InvalidTypeError(f"expected a symtheory Group, got {type(G).__name__}")
    return list(_catalogue(G, progress).classes)


def class_index(H: Subgroup) -> int:
    """Index of the class of ``H`` in ``conjugacy_classes_subgroups(H.group)``.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.subgroups import subgroup
    >>> G = named_group("S4")
    >>> class_index(subgroup(G, "(1,2),(3,4)")), class_index(subgroup(G, "(1,2)(3,4),(1,3)(2,4)"))
    (6, 4)
    """
    return _catalogue(H.group).index_of(H.elements)


def subgroup_lattice(G: Group) -> nx.DiGraph:
    """The lattice of conjugacy classes of subgroups.

    Nodes are class indices with attributes ``order``, ``length`` and
    ``structure``; an edge ``i -> j`` means that a conjugate of class ``i``'s
    representative is a maximal subgroup of class ``j``'s representative.
    Refused (:class:`~symtheory.exceptions.OrderLimitError`) above
    :data:`LATTICE_ORDER_LIMIT`.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> L = subgroup_lattice(named_group("S4"))
    >>> sorted(L.predecessors(10))
    [7, 8, 9]
    >>> L.nodes[9]["structure"]
    'A4'
    """
    if G.order > LATTICE_ORDER_LIMIT:
        raise OrderLimitError(
            f"group {G.name} has order {order_text(G.order)}; its lattice of maximal inclusions "
            f"is computed only up to order {LATTICE_ORDER_LIMIT} (one closure per candidate orbit "
            "of every class); list the classes without --plot/--dot, or use a smaller group")
    cat = _catalogue(G)
    L = nx.DiGraph()
    for c in cat.classes:
        L.add_node(c.index, order=c.order, length=c.length, structure=c.structure)
    L.add_edges_from(sorted(cat.edges))
    return L


def count_subgroups(G: Group) -> int:
    """Number of subgroups of ``G`` (the sum of the class lengths).

    >>> from symtheory.algebra.groups import named_group
    >>> count_subgroups(named_group("S5"))
    156
    """
    return sum(c.length for c in _catalogue(G).classes)
