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
>>> from symtheory.algebra.groups import named_group
>>> G = named_group("S4")
>>> [c.structure for c in conjugacy_classes_subgroups(G)]
['1', 'C2', 'C2', 'C3', 'V4', 'C4', 'V4', 'S3', 'D4', 'A4', 'S4']
>>> count_subgroups(G)
30
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..exceptions import InvalidTypeError
from .groups import Group
from .subgroups import Subgroup, _closure, _generating_set, _mask, _normalizer_elements, whole_group

__all__ = [
    "SubgroupClass",
    "conjugacy_classes_subgroups",
    "class_index",
    "subgroup_lattice",
    "count_subgroups",
]


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
    >>> from symtheory.algebra.groups import named_group
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
    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.subgroups import subgroup
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
    >>> from symtheory.algebra.groups import named_group
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

    >>> from symtheory.algebra.groups import named_group
    >>> count_subgroups(named_group("S5"))
    156
    """
    return sum(c.length for c in _catalogue(G).classes)
