"""Subgroups of a finite group: conjugacy classes, normalizers, double cosets, lattice.

A :class:`Subgroup` is a set of element indices of a :class:`~symtheory.groups.Group`
that is closed under multiplication.  :func:`conjugacy_classes_subgroups` lists
every subgroup of a group up to conjugacy, in a deterministic order; the index
of a class in that list is the *class index* used by the rest of symtheory
(``cosets(I)`` in representation expressions, the ``symtheory subgroups``
command).

Conventions
-----------
* Subgroups are given by indices into ``group.elements``; ``Subgroup.elements``
  is sorted.
* ``conjugate(g)`` is ``g H g^{-1}``, as in ``Group.conjugation_table``.
* The classes are ordered by subgroup order, then by class length (number of
  conjugates), then by a canonical key: the lexicographically smallest sorted
  element-index tuple among the conjugates.  That smallest conjugate is the
  class representative.  Class 0 is the trivial subgroup and the last class is
  the whole group.
* Structure names follow GAP/ATLAS usage, dihedral groups named by their order
  (``"D8"`` has order 8).  A name is given only when cheap invariants prove
  it; otherwise the name is ``"order-N"``.

Method
------
All subgroups are found by extending class representatives one element at a
time, an extension of the cyclic extension method of [1]_ (see also [2]_,
section 10.1).  Every subgroup ``K != 1`` equals ``<M, g>`` for a maximal
subgroup ``M`` of ``K`` and any ``g`` in ``K \\ M``, and ``M`` is conjugate to
a class representative ``H``.  So, for each representative ``H`` (starting
from the trivial group), the algorithm

1. computes the normalizer ``N(H)`` from the conjugation table, testing only
   the generators of ``H`` (``g`` normalizes ``H`` iff ``g s g^-1`` lies in
   ``H`` for every generator ``s``);
2. splits ``G \\ H`` into orbits of the maps that send ``<H, g>`` to itself or
   to an ``N(H)``-conjugate: ``g -> h g``, ``g -> g h`` (``h`` in ``H``),
   ``g -> n g n^-1`` (``n`` in ``N(H)``) and ``g -> g^k`` (``k`` prime to the
   order of ``g``), with ``scipy.sparse.csgraph.connected_components``;
3. forms ``K = <H, g>`` for one ``g`` per orbit by a breadth-first closure over
   the right cosets ``H x`` with the multiplication table;
4. looks ``K`` up in a dictionary of all subgroups found so far; a new ``K``
   starts a new class, whose conjugates are found by a breadth-first search
   with the generators of ``G`` and all entered in the dictionary.

Because the orders of ``<H, g>`` are known for every orbit, ``H`` is maximal
in ``K = <H, g>`` exactly when every ``g'`` in ``K \\ H`` gives a group of the
order of ``K``; this yields the edges of :func:`subgroup_lattice` for free.

Cost: step 3 runs once per orbit.  An orbit has at most about
``|H| |N(H)|`` elements, so class ``H`` gives at least ``|G| / (|H| |N(H)|)``
orbits, and summed over the classes this is ``sum 1/|H|`` over all
subgroups; each closure costs ``O(|K| / |H|)`` vectorised table look-ups per
generator.  Memory is dominated by the ``|G| x |G|`` multiplication and
conjugation tables (two bytes an entry, 50 MB each for S7) and the element
lists of all subgroups.  Including the tables, S6 (56 classes, 1,455
subgroups) takes about 0.1 s and S7 (96 classes, 11,300 subgroups) about 1 s
(``benchmarks/bench_subgroups.py``).

References
----------
.. [1] J. Neubüser, "Untersuchungen des Untergruppenverbandes endlicher Gruppen
   auf einer programmgesteuerten electronischen Dualmaschine", Numerische
   Mathematik 2 (1960), 280-292: the cyclic extension method, which builds
   the subgroups from the cyclic ones by adjoining one element at a time.
.. [2] D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group
   Theory*, Chapman & Hall/CRC, 2005: chapter 10 on computing subgroup
   lattices and conjugacy classes of subgroups.

Examples
--------
>>> from symtheory.groups import named_group
>>> G = named_group("S4")
>>> [c.structure for c in conjugacy_classes_subgroups(G)]
['1', 'C2', 'C2', 'C3', 'V4', 'C4', 'V4', 'S3', 'D8', 'A4', 'S4']
>>> count_subgroups(G)
30
"""

from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .exceptions import GroupError, InvalidTypeError, NotASubgroupError, ParseError
from .groups import Group, cycle_string, parse_cycles

__all__ = [
    "Subgroup",
    "SubgroupClass",
    "subgroup",
    "trivial_subgroup",
    "whole_group",
    "normalizer",
    "are_conjugate",
    "double_cosets",
    "conjugacy_classes_subgroups",
    "class_index",
    "subgroup_lattice",
    "count_subgroups",
    "structure_name",
]


# -- low-level helpers on index arrays ---------------------------------------

def _closure(T: np.ndarray, gens, base=None) -> np.ndarray:
    """Sorted elements of ``<base, gens>``; ``base`` must be a subgroup (sorted
    indices) and ``gens`` must include generators of it.

    Breadth-first search over right cosets ``base * x``: the set is closed
    under right multiplication by the generators, so it is the subgroup.
    """
    n = T.shape[0]
    inset = np.zeros(n, dtype=bool)
    gens = np.unique(np.asarray(gens, dtype=np.intp))
    if base is None or len(base) <= 1:
        base = None
        inset[0] = True
    else:
        base = np.asarray(base, dtype=np.intp)
        inset[base] = True
    if gens.size == 0:
        return np.flatnonzero(inset)
    frontier = np.zeros(1, dtype=np.intp)
    while frontier.size:
        prod = T[frontier[:, None], gens[None, :]].ravel()
        prod = prod[~inset[prod]]
        if prod.size == 0:
            break
        prod = np.unique(prod)
        if base is None:
            inset[prod] = True
            frontier = prod
            continue
        cosets = T[base[:, None], prod[None, :]]  # column j is base * prod[j]
        _, first = np.unique(cosets.min(axis=0), return_index=True)
        inset[cosets[:, first].ravel()] = True
        frontier = prod[first]
    return np.flatnonzero(inset)


def _generating_set(group: Group, elements: np.ndarray, hint=()) -> tuple:
    """A small generating set of the subgroup with these (sorted) elements.

    Greedy: the ``hint`` elements first, then elements of large order, each
    kept only if it is not in the group generated by those kept so far.
    Raises ``NotASubgroupError`` if the elements are not closed under
    multiplication.
    """
    T = group.multiplication_table
    elements = np.asarray(elements, dtype=np.intp)
    target = np.zeros(group.order, dtype=bool)
    target[elements] = True
    orders = group.element_orders[elements]
    # hints are tried first and in their order, so given generators survive
    hint = [int(h) for h in hint if target[int(h)] and int(h) != 0]
    cand = np.concatenate([np.asarray(hint, dtype=np.intp),
                           elements[np.lexsort((elements, -orders))]])
    gens: list[int] = []
    current = np.zeros(1, dtype=np.intp)
    while len(current) < len(elements):
        inside = np.zeros(group.order, dtype=bool)
        inside[current] = True
        rest = cand[~inside[cand]]
        g = int(rest[0])
        gens.append(g)
        current = _closure(T, gens, current)
        if not target[current].all():
            raise NotASubgroupError(
                "the given elements are not closed under multiplication; "
                "pass generators to subgroup() instead of an element list")
    return tuple(gens)


def _normalizer_elements(group: Group, mask: np.ndarray, gens) -> np.ndarray:
    """Sorted indices of ``{g : g H g^-1 = H}``; only H's generators are tested."""
    if len(gens) == 0:
        return np.arange(group.order)
    C = group.conjugation_table
    return np.flatnonzero(mask[C[:, np.asarray(gens, dtype=np.intp)]].all(axis=1))


def _mask(n: int, elements) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    m[elements] = True
    return m


# -- Subgroup ----------------------------------------------------------------

class Subgroup:
    """A subgroup of a :class:`~symtheory.groups.Group`, given by element indices.

    An immutable value object: two subgroups are equal when they belong to
    equal groups and hold the same permutations.  Build one with
    :func:`subgroup`, :func:`trivial_subgroup`, :func:`whole_group`, or
    directly from a list of element indices (checked for closure).

    Parameters
    ----------
    group : Group
        The ambient group.
    elements : array_like of int
        Indices into ``group.elements`` of all elements of the subgroup.
    generators : sequence of int, optional
        Indices of generators; found greedily when omitted.

    Attributes
    ----------
    group : Group
    elements : numpy.ndarray
        Sorted int64 element indices (read-only).
    order : int
    generators : tuple of int
        A small generating set (empty for the trivial subgroup).
    mask : numpy.ndarray
        Boolean array of length ``|G|``, true on the elements (read-only).
    structure : str
        See :func:`structure_name`.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> G = named_group("S3")
    >>> H = subgroup(G, "(1,2)")
    >>> H.order, H.cycle_strings()
    (2, ['(1,2)'])
    >>> 0 in H
    True
    >>> H == Subgroup(G, H.elements)
    True
    """

    __slots__ = ("_group", "_elements", "_gens", "_mask", "_hash", "_structure")

    def __init__(self, group: Group, elements, generators=None):
        if not isinstance(group, Group):
            raise InvalidTypeError(f"group must be a symtheory Group, got {type(group).__name__}")
        els = np.unique(np.asarray(elements, dtype=np.int64).ravel())
        if els.size == 0 or els[0] != 0:
            raise NotASubgroupError(
                "a subgroup must contain the identity (element index 0); "
                "pass generators to subgroup() instead of an element list")
        if els[-1] >= group.order or els[0] < 0:
            raise NotASubgroupError(
                f"element indices must lie in range({group.order}) for {group.name}")
        if generators is None:
            gens = _generating_set(group, els)
        else:
            gens = tuple(int(g) for g in generators)
            if not np.array_equal(_closure(group.multiplication_table, gens), els):
                raise NotASubgroupError(
                    "the generators do not generate exactly the given elements; "
                    "omit the generators or pass them to subgroup()")
        self._init(group, els, gens)

    def _init(self, group, els, gens):
        els = np.asarray(els, dtype=np.int64)
        els.setflags(write=False)
        self._group = group
        self._elements = els
        self._gens = tuple(int(g) for g in gens)
        self._mask = None
        self._hash = None
        self._structure = None

    @classmethod
    def _trusted(cls, group, elements, gens):
        """Build without checks (elements sorted and closed, gens generate)."""
        obj = cls.__new__(cls)
        obj._init(group, elements, gens)
        return obj

    @property
    def group(self) -> Group:
        """The ambient group."""
        return self._group

    @property
    def elements(self) -> np.ndarray:
        """Sorted element indices (read-only int64 array)."""
        return self._elements

    @property
    def order(self) -> int:
        """Number of elements."""
        return int(self._elements.size)

    def __len__(self) -> int:
        return self.order

    @property
    def generators(self) -> tuple:
        """A small generating set, as element indices."""
        return self._gens

    @property
    def mask(self) -> np.ndarray:
        """Boolean membership array of length ``|G|`` (read-only)."""
        if self._mask is None:
            m = _mask(self._group.order, self._elements)
            m.setflags(write=False)
            self._mask = m
        return self._mask

    @property
    def structure(self) -> str:
        """Isomorphism type name, see :func:`structure_name`."""
        if self._structure is None:
            self._structure = structure_name(self)
        return self._structure

    def __contains__(self, index) -> bool:
        if isinstance(index, (int, np.integer)) and not isinstance(index, bool):
            i = int(index)
            return 0 <= i < self._group.order and bool(self.mask[i])
        try:
            return bool(self.mask[self._group.index(index)])
        except (GroupError, ValueError, TypeError, IndexError):
            return False

    def __eq__(self, other) -> bool:
        if not isinstance(other, Subgroup):
            return NotImplemented
        if self.order != other.order:
            return False
        if self._group is other._group:
            return np.array_equal(self._elements, other._elements)
        if self._group != other._group:
            return False
        return self._perm_key() == other._perm_key()

    def _perm_key(self) -> bytes:
        perms = self._group.elements[self._elements]
        return perms[np.lexsort(perms.T[::-1])].astype(np.int32).tobytes()

    def __hash__(self) -> int:
        if self._hash is None:
            g = self._group
            self._hash = hash((g.degree, g.order, self._perm_key()))
        return self._hash

    def __repr__(self) -> str:
        gens = ",".join(self.cycle_strings()) or "()"
        return f"Subgroup({self._group.name}, order={self.order}, generators={gens!r})"

    def conjugate(self, g) -> "Subgroup":
        """The conjugate subgroup ``g H g^-1``.

        Parameters
        ----------
        g : int
            Element index.

        Examples
        --------
        >>> from symtheory.groups import named_group
        >>> G = named_group("S3")
        >>> H = subgroup(G, "(1,2)")
        >>> K = H.conjugate(G.index([1, 2, 0]))
        >>> K.cycle_strings()
        ['(2,3)']
        """
        g = _element_index(self._group, g)
        C = self._group.conjugation_table
        els = np.sort(C[g, self._elements].astype(np.int64))
        gens = tuple(int(x) for x in C[g, list(self._gens)]) if self._gens else ()
        return Subgroup._trusted(self._group, els, gens)

    def cycle_strings(self) -> list:
        """GAP-style 1-based cycle strings of the generators.

        The trivial subgroup has no generators and gives ``[]``.

        Examples
        --------
        >>> from symtheory.groups import named_group
        >>> subgroup(named_group("S4"), "(1,2)(3,4),(1,3)(2,4)").cycle_strings()
        ['(1,2)(3,4)', '(1,3)(2,4)']
        """
        return [cycle_string(self._group.elements[g]) for g in self._gens]


def _element_index(group: Group, g) -> int:
    if isinstance(g, (int, np.integer)) and not isinstance(g, bool):
        g = int(g)
        if not 0 <= g < group.order:
            raise NotASubgroupError(
                f"element index {g} is out of range for {group.name}; "
                f"indices run from 0 to {group.order - 1}")
        return g
    if isinstance(g, str):
        gens = _parse_generators(group, g)
        if len(gens) != 1:
            raise ParseError(f"expected one element, got {len(gens)} in {g!r}")
        return gens[0]
    return _perm_to_index(group, g)


def _perm_to_index(group: Group, perm) -> int:
    img = [int(x) for x in np.asarray(perm).ravel()]
    d = group.degree
    if sorted(img) != list(range(len(img))):
        raise NotASubgroupError(
            f"{img} is not a permutation image array; give images of 0..{d - 1}, each once")
    if len(img) > d:
        if any(img[i] != i for i in range(d, len(img))):
            raise NotASubgroupError(
                f"{cycle_string(img)} moves points beyond {d}, but {group.name} acts on "
                f"points 1..{d}; use only those points")
        img = img[:d]
    elif len(img) < d:
        img = img + list(range(len(img), d))
    try:
        return group.index(img)
    except GroupError:
        raise NotASubgroupError(
            f"{cycle_string(img)} is not an element of {group.name}; "
            "give elements of the group as generators") from None


def _parse_generators(group: Group, gens) -> list:
    """Element indices from indices, image arrays or GAP-style cycle strings."""
    if isinstance(gens, str):
        return [_perm_to_index(group, p) for p in parse_cycles(gens)]
    if isinstance(gens, (int, np.integer)) and not isinstance(gens, bool):
        return [_element_index(group, gens)]
    if isinstance(gens, np.ndarray) and gens.ndim == 2:
        return [_perm_to_index(group, row) for row in gens]
    out = []
    try:
        items = list(gens)
    except TypeError:
        raise NotASubgroupError(
            f"cannot read generators of type {type(gens).__name__}; give element "
            'indices, image arrays or a cycle string like "(1,2),(3,4)"') from None
    for g in items:
        if isinstance(g, str):
            out.extend(_perm_to_index(group, p) for p in parse_cycles(g))
        elif isinstance(g, (int, np.integer)) and not isinstance(g, bool):
            out.append(_element_index(group, g))
        else:
            out.append(_perm_to_index(group, g))
    return out


def subgroup(group: Group, generators) -> Subgroup:
    """The subgroup generated by some elements.

    Parameters
    ----------
    group : Group
    generators : str, int, or sequence
        Element indices, image arrays (0-based), or a GAP-style 1-based cycle
        string such as ``"(1,2),(3,4)"`` (a list of such strings is accepted
        too).  An empty list gives the trivial subgroup.

    Returns
    -------
    Subgroup

    Raises
    ------
    NotASubgroupError
        If a generator is not an element of ``group``.
    ParseError
        If a cycle string is malformed.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> G = named_group("S4")
    >>> subgroup(G, "(1,2,3,4)").order
    4
    >>> subgroup(G, [[1, 0, 2, 3], [0, 1, 3, 2]]).structure
    'V4'
    >>> subgroup(named_group("S3"), "(1,9)")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.NotASubgroupError: (1,9) moves points beyond 3, but S3 acts on points 1..3; use only those points
    """
    if not isinstance(group, Group):
        raise InvalidTypeError(f"group must be a symtheory Group, got {type(group).__name__}")
    idx = [g for g in _parse_generators(group, generators) if g != 0]
    idx = list(dict.fromkeys(idx))
    els = _closure(group.multiplication_table, idx).astype(np.int64)
    if len(idx) > 2:
        idx = list(_generating_set(group, els, hint=idx))
    return Subgroup._trusted(group, els, idx)


def trivial_subgroup(group: Group) -> Subgroup:
    """The subgroup ``{e}``.

    >>> from symtheory.groups import named_group
    >>> trivial_subgroup(named_group("S3")).order
    1
    """
    return Subgroup._trusted(group, np.zeros(1, dtype=np.int64), ())


def whole_group(group: Group) -> Subgroup:
    """The group as a subgroup of itself, generated by the group's generators.

    >>> from symtheory.groups import named_group
    >>> H = whole_group(named_group("S3"))
    >>> H.order, H.cycle_strings()
    (6, ['(1,2,3)', '(1,2)'])
    """
    gens = tuple(int(g) for g in group.generator_indices if g != 0)
    return Subgroup._trusted(group, np.arange(group.order, dtype=np.int64), gens)


def normalizer(H: Subgroup) -> Subgroup:
    """The normalizer ``N(H) = {g : g H g^-1 = H}`` of ``H`` in its group.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> G = named_group("S4")
    >>> normalizer(subgroup(G, "(1,2)")).structure
    'V4'
    >>> normalizer(subgroup(G, "(1,2,3)")).structure
    'S3'
    """
    G = H.group
    els = _normalizer_elements(G, H.mask, H.generators).astype(np.int64)
    if els.size == G.order:
        return whole_group(G)
    return Subgroup._trusted(G, els, _generating_set(G, els, hint=H.generators))


def are_conjugate(H: Subgroup, K: Subgroup):
    """An element ``g`` with ``g H g^-1 == K``, or ``None`` if there is none.

    Returns the smallest such element index.  All ``g`` are tested at once:
    ``g`` conjugates ``H`` onto ``K`` iff the orders agree and ``g`` maps the
    generators of ``H`` into ``K``.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> G = named_group("S4")
    >>> H, K = subgroup(G, "(1,2)"), subgroup(G, "(3,4)")
    >>> g = are_conjugate(H, K)
    >>> H.conjugate(g) == K
    True
    >>> are_conjugate(H, subgroup(G, "(1,2)(3,4)")) is None
    True
    """
    if H.group is not K.group and H.group != K.group:
        raise NotASubgroupError("the two subgroups belong to different groups; "
                                "build both from the same Group")
    if H.group is not K.group:
        K = Subgroup._trusted(H.group, np.sort(H.group.indices(K.group.elements[K.elements])),
                              tuple(H.group.indices(K.group.elements[list(K.generators)]))
                              if K.generators else ())
    if H.order != K.order:
        return None
    G = H.group
    oh = np.bincount(G.element_orders[H.elements])
    ok = np.bincount(G.element_orders[K.elements])
    if not np.array_equal(oh, ok):
        return None
    if not H.generators:
        return 0
    C = G.conjugation_table
    good = np.flatnonzero(K.mask[C[:, list(H.generators)]].all(axis=1))
    return int(good[0]) if good.size else None


def double_cosets(H: Subgroup, K: Subgroup) -> list:
    """The double cosets ``H x K`` partitioning the group.

    Returns
    -------
    list of numpy.ndarray
        Each double coset as a sorted array of element indices, ordered by
        their smallest element (so the first one is ``H K``).

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> G = named_group("S3")
    >>> H = subgroup(G, "(1,2)")
    >>> [len(d) for d in double_cosets(H, H)]
    [2, 4]
    """
    G = H.group
    if K.group is not G and K.group != G:
        raise NotASubgroupError("the two subgroups belong to different groups; "
                                "build both from the same Group")
    if K.group is not G:
        K = subgroup(G, K.group.elements[list(K.generators)]) if K.generators else \
            trivial_subgroup(G)
    T = G.multiplication_table
    n = G.order
    src, dst = [], []
    ar = np.arange(n)
    for h in H.generators:
        src.append(ar)
        dst.append(T[h, :].astype(np.intp))
    for k in K.generators:
        src.append(ar)
        dst.append(T[:, k].astype(np.intp))
    if not src:
        return [np.array([i], dtype=np.int64) for i in range(n)]
    src, dst = np.concatenate(src), np.concatenate(dst)
    graph = coo_matrix((np.ones(src.size, dtype=np.int8), (src, dst)), shape=(n, n))
    _, labels = connected_components(graph, directed=True, connection="weak")
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    parts = [p.astype(np.int64) for p in np.split(order, cuts)]
    parts.sort(key=lambda p: int(p[0]))
    return parts


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
    >>> from symtheory.groups import named_group
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

        >>> from symtheory.groups import named_group
        >>> c = conjugacy_classes_subgroups(named_group("S3"))[1]
        >>> [H.cycle_strings() for H in c.members()]
        [['(1,2)'], ['(2,3)'], ['(1,3)']]
        """
        G = self._rep.group
        C = G.conjugation_table
        gens = list(self._rep.generators)
        out = []
        for row, x in zip(self._members, self._conjugators):
            g = tuple(int(v) for v in C[x, gens]) if gens else ()
            out.append(Subgroup._trusted(G, row.astype(np.int64), g))
        return out

    def __repr__(self) -> str:
        return (f"SubgroupClass(index={self._index}, order={self.order}, "
                f"length={self._length}, structure={self.structure!r})")


class _Catalogue:
    """All subgroups of one group, as computed by :func:`_enumerate`."""

    __slots__ = ("classes", "lookup", "edges")

    def __init__(self, classes, lookup, edges):
        self.classes = classes
        self.lookup = lookup
        self.edges = edges


# The catalogue lives in the Group object's own ``__dict__`` (beside its
# cached tables), so it dies with the group.  Group equality is mathematical
# but element numbering belongs to one Group object, so the cache must not be
# keyed by equality; Group has no ``__weakref__`` slot for a weak dictionary.
_CACHE_ATTR = "_symtheory_subgroup_catalogue"


def _catalogue(G: Group) -> _Catalogue:
    cat = G.__dict__.get(_CACHE_ATTR)
    if cat is None:
        cat = _enumerate(G)
        G.__dict__[_CACHE_ATTR] = cat
    return cat


def _key_dtype(n):
    return np.int16 if n < 2 ** 15 else np.int32


def _power_maps(G: Group):
    """Arrays ``(g -> g^p, valid)`` for primes ``p`` below the exponent; ``valid``
    marks elements whose order is prime to ``p``, for which ``<g^p> = <g>``."""
    T = G.multiplication_table
    orders = G.element_orders
    top = int(orders.max())
    ar = np.arange(G.order)
    out = []
    power = ar.copy()
    k = 1
    for p in range(2, top):
        # power holds g^k; step it up to g^p
        while k < p:
            power = T[power, ar].astype(np.intp)
            k += 1
        if all(p % q for q in range(2, int(math.isqrt(p)) + 1)):
            valid = (orders % p) != 0
            out.append((power.copy(), valid))
    return out


def _conjugates(G: Group, elements: np.ndarray, kd):
    """All conjugates of a subgroup by breadth-first search with G's generators.

    Returns the list of sorted element arrays and the conjugating elements
    ``x`` with ``x K x^-1`` equal to each.
    """
    C = G.conjugation_table
    T = G.multiplication_table
    gens = [int(s) for s in G.generator_indices if s != 0]
    first = elements.astype(kd)
    seen = {first.tobytes(): 0}
    rows = [first]
    conj = [0]
    i = 0
    while i < len(rows):
        row, x = rows[i], conj[i]
        for s in gens:
            new = np.sort(C[s, row]).astype(kd)
            b = new.tobytes()
            if b not in seen:
                seen[b] = len(rows)
                rows.append(new)
                conj.append(int(T[s, x]))
        i += 1
    return rows, conj, seen


def _enumerate(G: Group) -> _Catalogue:
    """Find all conjugacy classes of subgroups (see the module docstring)."""
    n = G.order
    T = G.multiplication_table
    C = G.conjugation_table
    kd = _key_dtype(n)
    ar = np.arange(n)
    powers = _power_maps(G)
    ggens = tuple(int(s) for s in G.generator_indices if s != 0)

    lookup: dict = {}          # bytes of sorted elements -> provisional class id
    reps: list = []            # (elements, gens)
    info: list = []            # (members matrix, conjugators, normalizer elements, N gens)
    edges: set = set()

    def add_class(elements, gens):
        rows, conj, seen = _conjugates(G, elements, kd)
        M = np.vstack(rows)
        order = np.lexsort(M.T[::-1])
        M, conj = M[order], np.asarray(conj, dtype=np.int64)[order]
        cid = len(reps)
        for b in seen:
            lookup[b] = cid
        x = int(conj[0])
        rep_els = M[0].astype(np.int64)
        rep_gens = tuple(int(v) for v in C[x, list(gens)]) if gens else ()
        # conjugators relative to the new representative: y = c * x^-1
        conj = T[conj, G.inverse[x]].astype(np.int64)
        reps.append((rep_els, rep_gens))
        info.append([M, conj, None, None])
        return cid

    add_class(np.zeros(1, dtype=np.int64), ())
    cid = 0
    while cid < len(reps):
        H, hgens = reps[cid]
        hmask = _mask(n, H)
        N = _normalizer_elements(G, hmask, hgens)
        ngens = ggens if N.size == n else _generating_set(G, N, hint=hgens)
        info[cid][2], info[cid][3] = N, ngens
        if H.size == n:
            cid += 1
            continue
        # orbits of the maps that preserve <H, g> up to N(H)-conjugacy
        src, dst = [], []
        for h in hgens:
            src += [ar, ar]
            dst += [T[h, :], T[:, h]]
        for s in ngens:
            src.append(ar)
            dst.append(C[s, :])
        for pw, valid in powers:
            src.append(ar[valid])
            dst.append(pw[valid])
        if src:
            s_, d_ = np.concatenate(src), np.concatenate([d.astype(np.intp) for d in dst])
            graph = coo_matrix((np.ones(s_.size, dtype=np.int8), (s_, d_)), shape=(n, n))
            _, labels = connected_components(graph, directed=True, connection="weak")
        else:
            labels = ar.copy()
        _, firsts = np.unique(labels, return_index=True)
        firsts = firsts[~hmask[firsts]]
        ext = []           # (label, K elements, g)
        sizes = np.zeros(labels.max() + 1, dtype=np.int64)
        for g in firsts:
            K = _closure(T, hgens + (int(g),), H)
            ext.append((labels[g], K, int(g)))
            sizes[labels[g]] = K.size
        sizes[labels[H]] = n + 1  # elements of H never extend H
        for lab, K, g in ext:
            # H is maximal in K iff every g' in K \ H gives all of K
            maximal = sizes[labels[K]].min() == K.size
            b = K.astype(kd).tobytes()
            j = lookup.get(b)
            if j is None:
                j = add_class(K, hgens + (g,))
            if maximal:
                edges.add((cid, j))
        cid += 1

    # final order: subgroup order, class length, canonical key
    def sort_key(c):
        M = info[c][0]
        return (M.shape[1], M.shape[0], tuple(M[0].tolist()))

    perm = sorted(range(len(reps)), key=sort_key)
    new_index = {old: new for new, old in enumerate(perm)}
    classes = []
    for new, old in enumerate(perm):
        rep_els, rep_gens = reps[old]
        M, conj, N, ngens = info[old]
        gens = _generating_set(G, rep_els, hint=rep_gens) if len(rep_gens) > 2 else rep_gens
        rep = Subgroup._trusted(G, rep_els, gens)
        if N.size == n:
            norm = whole_group(G)
        else:
            norm = Subgroup._trusted(G, N.astype(np.int64), ngens)
        M.setflags(write=False)
        classes.append(SubgroupClass(new, rep, M.shape[0], norm, M, conj))
    lookup = {b: new_index[c] for b, c in lookup.items()}
    edges = {(new_index[a], new_index[b]) for a, b in edges}
    return _Catalogue(classes, lookup, frozenset(edges))


def conjugacy_classes_subgroups(G: Group) -> list:
    """All conjugacy classes of subgroups of ``G``, in the documented order.

    The result is computed once per Group object and kept in memory while
    the group lives.

    Returns
    -------
    list of SubgroupClass
        Ordered by subgroup order, class length, then canonical key.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> classes = conjugacy_classes_subgroups(named_group("A5"))
    >>> [(c.order, c.length) for c in classes]
    [(1, 1), (2, 15), (3, 10), (4, 5), (5, 6), (6, 10), (10, 6), (12, 5), (60, 1)]
    """
    if not isinstance(G, Group):
        raise InvalidTypeError(f"expected a symtheory Group, got {type(G).__name__}")
    return list(_catalogue(G).classes)


def class_index(H: Subgroup) -> int:
    """Index of the class of ``H`` in ``conjugacy_classes_subgroups(H.group)``.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> G = named_group("S4")
    >>> class_index(subgroup(G, "(1,2),(3,4)")), class_index(subgroup(G, "(1,2)(3,4),(1,3)(2,4)"))
    (6, 4)
    """
    cat = _catalogue(H.group)
    return cat.lookup[H.elements.astype(_key_dtype(H.group.order)).tobytes()]


def subgroup_lattice(G: Group) -> nx.DiGraph:
    """The lattice of conjugacy classes of subgroups.

    Nodes are class indices with attributes ``order``, ``length`` and
    ``structure``; an edge ``i -> j`` means that a conjugate of class ``i``'s
    representative is a maximal subgroup of class ``j``'s representative.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> L = subgroup_lattice(named_group("S4"))
    >>> sorted(L.predecessors(10))
    [7, 8, 9]
    >>> L.nodes[9]["structure"]
    'A4'
    """
    cat = _catalogue(G)
    L = nx.DiGraph()
    for c in cat.classes:
        L.add_node(c.index, order=c.order, length=c.length, structure=c.structure)
    L.add_edges_from(sorted(cat.edges))
    return L


def count_subgroups(G: Group) -> int:
    """Number of subgroups of ``G`` (the sum of the class lengths).

    >>> from symtheory.groups import named_group
    >>> count_subgroups(named_group("S5"))
    156
    """
    return sum(c.length for c in _catalogue(G).classes)


# -- structure names ---------------------------------------------------------

def _derived(G: Group, gens) -> tuple:
    """Elements and generators of the derived subgroup of ``<gens>``: the normal
    closure of the commutators of the generators."""
    T = G.multiplication_table
    C = G.conjugation_table
    inv = G.inverse
    gens = list(gens)
    dg = []
    for a in gens:
        for b in gens:
            c = int(T[T[a, b], T[inv[a], inv[b]]])
            if c != 0:
                dg.append(c)
    dg = list(dict.fromkeys(dg))
    D = _closure(T, dg)
    while True:
        m = _mask(G.order, D)
        new = [int(c) for c in np.unique(C[np.ix_(gens, dg)]) if not m[c]] if dg else []
        if not new:
            return D, tuple(dg)
        dg += new
        D = _closure(T, dg, D)


def _abelian_name(hist: Counter, n: int) -> str:
    # for each prime, the partition of the p-part follows from how many
    # elements have order dividing p^k (p^(sum of min(k, part)))
    parts_by_p = {}
    m, p = n, 2
    while m > 1:
        if m % p == 0:
            e = 0
            while m % p == 0:
                m //= p
                e += 1
            s = [0]
            k = 1
            while s[-1] < e:
                cnt = sum(c for o, c in hist.items() if (p ** k) % o == 0)
                s.append(round(math.log(cnt, p)))
                k += 1
            ge = [s[i] - s[i - 1] for i in range(1, len(s))]  # parts >= k
            parts = [sum(1 for g in ge if g > j) for j in range(ge[0])]
            parts_by_p[p] = sorted(parts, reverse=True)
        p += 1
    width = max(len(v) for v in parts_by_p.values())
    factors = []
    for j in range(width):
        f = 1
        for p, parts in parts_by_p.items():
            if j < len(parts):
                f *= p ** parts[j]
        factors.append(f)
    factors.sort()
    if factors == [2, 2]:
        return "V4"
    return "x".join(f"C{f}" for f in factors)


_HISTOGRAMS = {  # element-order histograms of the named groups
    "S4": {1: 1, 2: 9, 3: 8, 4: 6},
    "C2xA4": {1: 1, 2: 7, 3: 8, 6: 8},
    "SL(2,3)": {1: 1, 2: 1, 3: 8, 4: 6, 6: 8},
    "A4": {1: 1, 2: 3, 3: 8},
    "C3:C4": {1: 1, 2: 1, 3: 2, 4: 6, 6: 2},
    "F20": {1: 1, 2: 5, 4: 10, 5: 4},
    "A5": {1: 1, 2: 15, 3: 20, 5: 24},
    "S5": {1: 1, 2: 25, 3: 20, 4: 30, 5: 24, 6: 20},
    "PSL(2,7)": {1: 1, 2: 21, 3: 56, 4: 42, 7: 48},
    "A6": {1: 1, 2: 45, 3: 80, 4: 90, 5: 144},
    "S6": {1: 1, 2: 75, 3: 80, 4: 180, 5: 144, 6: 240},
    "A7": {1: 1, 2: 105, 3: 350, 4: 630, 5: 504, 6: 210, 7: 720},
    "S7": {1: 1, 2: 231, 3: 350, 4: 840, 5: 504, 6: 1470, 7: 720, 10: 504, 12: 420},
}


def structure_name(H: Subgroup) -> str:
    """Name of the isomorphism type of ``H``, or ``"order-N"`` when unsure.

    Abelian groups are named by invariant factors (``"C6"``, ``"V4"``,
    ``"C2xC4"``, ``"C2xC2xC2"``); the nonabelian names given are ``S3``,
    ``D<2n>`` (dihedral of order 2n), ``Q8``, ``A4``, ``C3:C4``, ``F20``
    (= AGL(1,5)), ``C7:C3``, ``S4``, ``C2xA4``, ``SL(2,3)``, ``A5``, ``S5``,
    ``PSL(2,7)``, ``A6``, ``S6``, ``A7``, ``S7``.  Each is given only when the
    order, element-order histogram, centre and derived subgroup prove it:

    * abelian groups are determined by their element-order histogram;
    * a group of order 2n with an element of order n and n + [n even]
      involutions is dihedral (all elements outside the cyclic subgroup are
      involutions);
    * the named nonabelian groups of orders 8, 12, 20, 21 and 24 have
      histograms no other group of their order has;
    * A5, PSL(2,7), A6 and A7 are the only perfect groups of their orders;
      S5 and S7 are the only groups with trivial centre whose derived
      subgroup is A5 or A7 of index 2 (Aut(A_n) = S_n for n = 5, 7); S6 is
      told from PGL(2,9) and M10 by its element orders.

    Examples
    --------
    >>> from symtheory.groups import named_group
    >>> structure_name(whole_group(named_group("D6")))
    'D12'
    >>> structure_name(subgroup(named_group("S6"), "(1,2),(3,4),(5,6)"))
    'C2xC2xC2'
    >>> structure_name(whole_group(named_group("PSL(2,7)")))
    'PSL(2,7)'
    """
    G = H.group
    n = H.order
    if n == 1:
        return "1"
    T = G.multiplication_table
    hist = Counter(G.element_orders[H.elements].tolist())
    gens = list(H.generators)
    sub = T[np.ix_(gens, gens)]
    if np.array_equal(sub, sub.T):
        return _abelian_name(hist, n)
    hd = dict(hist)
    if n == 6:
        return "S3"
    m = n // 2
    if n % 2 == 0 and m >= 3 and hist.get(m, 0) > 0 and hist.get(2, 0) == m + (m % 2 == 0):
        return f"D{n}"
    if n == 8 and hist.get(2, 0) == 1:
        return "Q8"
    if n == 21:
        return "C7:C3"  # the only nonabelian group of order 21
    for name, order in (("A4", 12), ("C3:C4", 12), ("F20", 20), ("S4", 24),
                        ("C2xA4", 24), ("SL(2,3)", 24)):
        if n == order and hd == _HISTOGRAMS[name]:
            return name
    if n not in (60, 120, 168, 360, 720, 2520, 5040):
        return f"order-{n}"
    D, dgens = _derived(G, gens)
    if D.size == n:
        for name, order in (("A5", 60), ("PSL(2,7)", 168), ("A6", 360), ("A7", 2520)):
            if n == order and hd == _HISTOGRAMS[name]:
                return name
        return f"order-{n}"
    centre = H.elements[(T[np.ix_(H.elements, gens)] == T[np.ix_(gens, H.elements)].T).all(axis=1)]
    if centre.size != 1 or 2 * D.size != n:
        return f"order-{n}"
    D2, _ = _derived(G, dgens)
    if D2.size != D.size:
        return f"order-{n}"
    for name, order in (("S5", 120), ("S6", 720), ("S7", 5040)):
        if n == order and hd == _HISTOGRAMS[name]:
            return name
    return f"order-{n}"
