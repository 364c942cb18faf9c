"""The catalogue of all subgroups of a group, up to conjugacy: the enumeration itself.

:func:`enumerate_subgroups` finds one representative of every conjugacy class
of subgroups, the class lengths, the normalizers and the maximal-subgroup
relation between classes, working only from an
:class:`~symtheory.algebra.element_store.ElementStore` (elements as image
arrays, products in numpy batches): no ``|G| x |G|`` table is built, and no
conjugate subgroup is kept, only a 128-bit fingerprint of each.  The public
interface (class order, representatives, class index) is in
:mod:`symtheory.algebra.subgroup_classes`.

Method
------
A variant of the cyclic extension method of Neubüser [1]_ (see [2]_,
section 10.1).  Every subgroup ``K != 1`` equals ``<M, g>`` for a maximal
subgroup ``M`` of ``K`` and any ``g`` in ``K \\ M``; among these ``g`` there
is one of prime-power order ``p^a`` with ``g^p`` in ``M`` (``K`` is generated
by its elements of prime-power order, so one ``x`` of them lies outside
``M``; take the last power ``x^(p^j)`` outside ``M``).  So, for each class
representative ``H`` (starting from the trivial group), the algorithm

1. lists the conjugates of ``H`` by a breadth-first search with the
   generators of ``G`` (each step maps the element indices of a whole level
   of conjugates through one precomputed conjugation array), storing only
   their fingerprints (:meth:`ElementStore.fingerprints`) in a dictionary
   that maps every subgroup found so far to its class;
2. gets ``N(H)`` as the stabilizer in that orbit: Schreier generators
   ``t_j^-1 s t_i`` of the search tree, added greedily until the closure has
   the order ``|G| / (number of conjugates)`` (Schreier's lemma, [2]_ 4.1);
3. forms the candidates ``X = {g not in H : g of order p^a, g^p in H}`` from
   precomputed ``p``-th power arrays, and splits ``X`` into orbits under
   conjugation by ``N(H)`` and the powers ``g -> g^q`` (``q`` prime to the
   order of ``g``), which map ``<H, g>`` to a conjugate or to itself;
4. closes ``K = <H, g>`` for one ``g`` per orbit, over the right cosets
   ``H x``, and looks ``K`` up by fingerprint; a new ``K`` is a new class.

Two subgroups are the same exactly when their fingerprints agree (up to a
chance of ``2**-128`` per pair, see :meth:`ElementStore.fingerprints`); two
conjugate subgroups are put in one class because the search of step 1
enters every conjugate.  ``H`` is maximal in ``K = <H, g>`` exactly when every
candidate ``g'`` in ``K`` gives a group of the order of ``K`` (a subgroup
strictly between them contains a candidate), which yields the lattice edges.

Cost: step 1 costs ``O(|G:N(H)| |H|)`` look-ups per generator of ``G``,
summed over the classes the total order of all subgroups (at most ``|G|``
per class); step 2 a closure of ``N(H)``; steps 3-4 one closure per orbit,
``O(|K|)`` products each, except that a closure that passes 2,048 elements
asks SymPy's Schreier-Sims for the order of ``<H, g>`` and stops at once when
that is ``|G|`` (about half the closures give the whole group).  Memory is
the element store (linear in ``|G|``) and about 100 bytes per subgroup for
the fingerprint dictionary.  CPU seconds on a loaded 2-core machine, GAP 4's
``ConjugacyClassesSubgroups`` in the same run in brackets
(``benchmarks/bench_subgroups.py``): S7 1.7 (1.3), A8 3.4 (1.8), M12 21.5
(1.4), S8 53 (7.8), with peak memory 134-338 MB.  S9 (554 classes, 1,694,723
subgroups) runs, but for far longer than GAP's 8 s.

References
----------
.. [1] J. Neubüser, "Untersuchungen des Untergruppenverbandes endlicher Gruppen
   auf einer programmgesteuerten electronischen Dualmaschine", Numerische
   Mathematik 2 (1960), 280-292: the cyclic extension method.
.. [2] D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group
   Theory*, Chapman & Hall/CRC, 2005: Schreier's lemma (section 4.1) and
   computing subgroup lattices (chapter 10).

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> cat = enumerate_subgroups(named_group("S4"))
>>> sorted((len(c.elements), c.length) for c in cat.classes)
[(1, 1), (2, 3), (2, 6), (3, 4), (4, 1), (4, 3), (4, 3), (6, 4), (8, 3), (12, 1), (24, 1)]
"""

from __future__ import annotations

import math

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sympy.combinatorics import Permutation, PermutationGroup

from .element_store import ElementStore, fingerprint_keys

__all__ = ["FoundClass", "Catalogue", "enumerate_subgroups", "closure"]


class _TableProducts:
    """Products from the dense tables of a small group, else from its element store.

    The tables (``|G|^2`` entries) are quicker per product when they fit;
    both give the same indices.
    """

    def __init__(self, G, S: ElementStore, tables: bool):
        self.store = S
        self.order = S.order
        self.inverse = S.inverse
        self._T = G.multiplication_table if tables else None
        self._C = G.conjugation_table if tables else None

    def mul(self, a, b):
        if self._T is None:
            return self.store.mul(a, b)
        return self._T[a, b].astype(np.intp)

    def conj(self, x, a):
        if self._C is None:
            return self.store.conj(x, a)
        return self._C[x, a].astype(np.intp)


_ASK_ORDER = 2048  # elements found before a closure asks for the order
_DOUBLING = 64  # coset representatives used as extra multipliers, at most


def closure(S, gens, base=None, inset=None, order_of=None) -> np.ndarray:
    """Sorted elements of ``<base, gens>``; ``base`` must be a subgroup (sorted
    indices) and ``gens`` must include generators of it.

    Breadth-first search over right cosets ``base * x``: the set is closed
    under right multiplication by the generators, so it is the subgroup.
    Each round also multiplies by the first coset representatives found,
    which halves the number of rounds, each a batch of products.
    ``inset``, a zeroed boolean array of length ``|G|``, is used as scratch
    space and zeroed again.  ``order_of``, if given, returns the order of
    ``<gens>`` by other means (a stabilizer chain); it is asked once the
    search has passed ``_ASK_ORDER`` elements (in groups of order at least
    four times that), and the search stops when it reaches that order (at
    once if it is ``|G|``).

    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.element_store import element_store
    >>> S = element_store(named_group("S4"))
    >>> len(closure(S, [1])), len(closure(S, [1, 2]))
    (4, 24)
    """
    n = S.order
    own = inset is None
    if own:
        inset = np.zeros(n, dtype=bool)
    gens = np.unique(np.asarray(gens, dtype=np.intp))
    if base is None or len(base) <= 1:
        base = None
        inset[0] = True
        found = [np.zeros(1, dtype=np.intp)]
    else:
        base = np.asarray(base, dtype=np.intp)
        inset[base] = True
        found = [base]
    frontier = np.zeros(1, dtype=np.intp)
    reps = [frontier]
    count = found[0].size
    target = None  # the order, once a stabilizer chain has told it
    while gens.size and frontier.size:
        if order_of is not None and count >= _ASK_ORDER and 4 * _ASK_ORDER <= n:
            target, order_of = order_of(), None
        if 2 * count > n or target == n:
            # more than half the group, or known to have order |G|: the group
            inset[np.concatenate(found)] = False
            return np.arange(n, dtype=np.int64)
        if count == target:
            break
        # multiplying also by the coset representatives found so far makes
        # the words double in length each round instead of growing by one
        known = np.concatenate(reps)
        mult = gens if known.size > _DOUBLING else np.union1d(gens, known[1:])
        prod = S.mul(frontier[:, None], mult[None, :]).ravel()
        prod = prod[~inset[prod]]
        if prod.size == 0:
            break
        prod = np.unique(prod)
        if base is None:
            inset[prod] = True
            found.append(prod)
            count += prod.size
            frontier = prod
            reps.append(prod)
            continue
        cosets = S.mul(base[:, None], prod[None, :])  # column j is base * prod[j]
        _, first = np.unique(cosets.min(axis=0), return_index=True)
        new = cosets[:, first].ravel()
        inset[new] = True
        found.append(new)
        count += new.size
        frontier = prod[first]
        reps.append(frontier)
    out = np.sort(np.concatenate(found)).astype(np.int64)
    inset[out] = False
    if own:
        return out
    return out


def _coset_labels(S, H, X, gens, table, universe):
    """Labels of the right cosets ``H x`` and left cosets ``x H`` of the elements ``X``.

    Either the smallest element of each coset (``|H| |X|`` products), or, when
    that is more than the order ``universe`` of the group ``<gens>`` (which
    must contain ``H`` and ``X``) times the number of generators, the number of each right coset in a table of all of
    them, filled by a breadth-first search with ``gens`` (``|<gens>|``
    products); ``x H`` is then labelled by ``H x^-1``.  ``table`` is scratch
    space of ``|G|`` entries ``-1``, left so.
    """
    H = np.asarray(H, dtype=np.intp)
    gens = np.asarray([int(g) for g in gens if g != 0], dtype=np.intp)
    if H.size * X.size <= universe * max(1, len(gens)):
        rc = S.mul(H[:, None], X[None, :]).min(axis=0)
        lc = S.mul(X[None, :], H[:, None]).min(axis=0)
        return rc, lc
    table[H] = 0
    touched = [H]
    count = 1
    frontier = np.zeros(1, dtype=np.intp)  # one representative per coset
    while frontier.size:
        prod = S.mul(frontier[:, None], gens[None, :]).ravel()
        prod = np.unique(prod[table[prod] < 0])
        if prod.size == 0:
            break
        cosets = S.mul(H[:, None], prod[None, :])  # column j is H * prod[j]
        _, first = np.unique(cosets.min(axis=0), return_index=True)
        block = cosets[:, first]
        table[block] = count + np.arange(first.size)
        touched.append(block.ravel())
        count += first.size
        frontier = prod[first]
    out = table[X], table[S.inverse[X]]
    for t in touched:
        table[t] = -1
    return out


def _chain_order(S, gens) -> int:
    """Order of ``<gens>`` by SymPy's Schreier-Sims (a stabilizer chain of the
    permutations, [2]_ section 4.4.2): milliseconds where listing a large
    subgroup element by element takes much longer."""
    perms = [Permutation(S.store.images[g].tolist()) for g in gens]
    return int(PermutationGroup(perms).order())


def _is_prime(k: int) -> bool:
    return k > 1 and all(k % q for q in range(2, int(k ** 0.5) + 1))


def _extend(S, H, hgens, g, hmask, inset):
    """``K = <H, g>`` and ``[K:H]`` if that index is prime, else 0.

    When ``g`` normalizes ``H`` and ``g^p`` lies in ``H`` (``p`` prime), ``K``
    is the union of the cosets ``H g^i``, ``i < p``: one batch of products.
    """
    if hgens and hmask[S.conj(g, np.asarray(hgens))].all():
        powers = [g]
        while True:
            nxt = int(S.mul(powers[-1], g))
            if hmask[nxt]:
                break
            powers.append(nxt)
        K = np.sort(np.concatenate([H, S.mul(H[:, None], np.asarray(powers)[None, :]).ravel()]))
        K = K.astype(np.int64)
    else:
        K = closure(S, hgens + (g,), H, inset, order_of=lambda: _chain_order(S, hgens + (g,)))
    index = K.size // H.size
    return K, index if _is_prime(index) else 0


class FoundClass:
    """One class of subgroups as found: elements of one member, its generators,
    the number of conjugates, the conjugators of all of them, and the normalizer.

    ``conjugators[i]`` conjugates ``elements`` onto the i-th conjugate found;
    ``normalizer`` is ``None`` when it is the whole group.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> fc = enumerate_subgroups(named_group("S3")).classes[1]
    >>> len(fc.elements), fc.length, len(fc.conjugators)
    (3, 1, 1)
    """

    __slots__ = ("elements", "gens", "length", "conjugators", "normalizer", "normalizer_gens")

    def __init__(self, elements, gens, length, conjugators):
        self.elements = elements
        self.gens = tuple(int(g) for g in gens)
        self.length = int(length)
        self.conjugators = conjugators
        self.normalizer = None
        self.normalizer_gens = ()


class Catalogue:
    """All classes of subgroups of one group, the fingerprint dictionary and
    the maximal-subgroup edges between classes (indices in discovery order).

    The edges are computed when first asked (a closure per orbit of
    candidates of each class, the cost of the general cyclic extension
    method), since the classes themselves need far less.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> cat = enumerate_subgroups(named_group("S3"))
    >>> len(cat.classes), len(cat.lookup), sorted(cat.edges)
    (4, 6, [(0, 1), (0, 2), (1, 3), (2, 3)])
    """

    __slots__ = ("store", "classes", "lookup", "_edges", "_extender")

    def __init__(self, store, extender=None):
        self.store = store
        self.classes: list = []
        self.lookup: dict = {}
        self._edges = None
        self._extender = extender

    @property
    def edges(self) -> set:
        """Pairs ``(i, j)`` of discovery indices: a conjugate of class ``i`` is maximal in class ``j``."""
        if self._edges is None:
            self._edges = self._extender.maximal_edges()
        return self._edges

    def class_of(self, elements):
        """Discovery index of the class of a subgroup given by its elements, or None.

        >>> from symtheory.algebra.groups import named_group
        >>> cat = enumerate_subgroups(named_group("S3"))
        >>> cat.class_of([0]), cat.class_of([0, 1])
        (0, None)
        """
        key = fingerprint_keys(self.store.fingerprints(np.asarray(elements)))[0]
        return self.lookup.get(key)


def _conjugates(S, elements, cmaps, lmaps):
    """Breadth-first search of the conjugates of a subgroup under ``G``'s generators.

    Returns the fingerprint keys, the conjugators (element indices ``t`` with
    ``t H t^-1`` the conjugate) and the Schreier generators ``t_j^-1 s t_i``
    of the search (elements of ``N(H)``, possibly repeated).
    """
    first = np.asarray(elements, dtype=np.intp)[None]
    keys = fingerprint_keys(S.store.fingerprints(first))
    where = {keys[0]: 0}
    conj = [np.zeros(1, dtype=np.intp)]
    frontier, fconj = first, conj[0]
    schreier = []
    count = 1
    while len(frontier):
        nxt, nconj = [], []
        for cm, lm in zip(cmaps, lmaps):
            rows = cm[frontier]
            tr = lm[fconj]
            fk = fingerprint_keys(S.store.fingerprints(rows))
            new = []
            hit_src, hit_dst = [], []
            for i, k in enumerate(fk):
                j = where.get(k)
                if j is None:
                    where[k] = count
                    count += 1
                    new.append(i)
                else:
                    hit_src.append(i)
                    hit_dst.append(j)
            if hit_src:
                schreier.append((tr[hit_src], np.asarray(hit_dst)))
            if new:
                nxt.append(rows[new])
                nconj.append(tr[new])
        if not nxt:
            break
        frontier = np.concatenate(nxt)
        fconj = np.concatenate(nconj)
        conj.append(fconj)
    conj = np.concatenate(conj)
    if schreier:
        src = np.concatenate([a for a, _ in schreier])
        dst = np.concatenate([b for _, b in schreier])
        # t_j^-1 * (s t_i) maps H to itself
        gens = S.mul(S.inverse[conj[dst]], src)
        gens = np.unique(gens)
    else:
        gens = np.zeros(0, dtype=np.intp)
    return list(where), conj, gens


def _sorted_union(H, cosets) -> np.ndarray:
    return np.sort(np.concatenate([H, np.asarray(cosets).ravel()])).astype(np.int64)


class _Extender:
    """The state of one enumeration: products, candidate sets, classes found.

    ``top_mask`` is the perfect residuum ``G^(oo)`` (the last term of the
    derived series), which contains every perfect subgroup.
    """

    def __init__(self, G, tables):
        from .element_store import element_store

        store = element_store(G)
        self.S = S = _TableProducts(G, store, tables)
        self.n = n = S.order
        ar = np.arange(n)
        self.ggens = [int(s) for s in store.generator_indices if s != 0]
        self.cmaps = [S.conj(s, ar) for s in self.ggens]
        self.lmaps = [S.mul(s, ar) for s in self.ggens]
        orders = store.orders
        top = int(orders.max())
        primes = [p for p in range(2, top + 1) if _is_prime(p)]
        # elements of p-power order > 1 and their p-th powers, per prime p | |G|
        self.ppower = []
        for p in primes:
            m = orders.copy()
            while True:
                div = (m % p == 0) & (m > 1)
                if not div.any():
                    break
                m[div] //= p
            idx = np.flatnonzero((m == 1) & (orders > 1))
            if idx.size:
                self.ppower.append((idx, store.power(idx, p)))
        # g -> g^q generates the same cyclic group when q is prime to the order of g
        self.qpowers = [(store.power(ar, q), orders % q != 0) for q in primes if q < top]
        self.cat = Catalogue(store, self)
        self.inset = np.zeros(n, dtype=bool)
        self.hmask = np.zeros(n, dtype=bool)
        self.pos = np.full(n, -1, dtype=np.int64)
        self.table = np.full(n, -1, dtype=np.int64)
        self.top_mask = self._perfect_residuum(G)
        self._jordan = {}  # points m -> flags of elements with a power a p-cycle, m/2 < p <= m-3
        self._alternating = {}  # orbit (tuple of points) -> [elements of Alt(orbit), class]
        self._even = None
        # random words only decide faster, never differently
        self._rng = np.random.default_rng(20250602)

    # -- the perfect residuum ---------------------------------------------
    def _signs_even(self) -> np.ndarray:
        im = self.S.store.images
        d = im.shape[1]
        inversions = np.zeros(len(im), dtype=np.int64)
        for i in range(d):
            for j in range(i + 1, d):
                inversions += im[:, i] > im[:, j]
        return inversions % 2 == 0

    def _perfect_residuum(self, G):
        """Mask of ``G^(oo)``: for ``S_d`` and ``A_d`` (d >= 5) the even
        permutations, else the derived series computed by closures."""
        S, n = self.S, self.n
        d = S.store.degree
        full = math.factorial(d)
        if d >= 5 and n in (full, full // 2):
            even = self._signs_even()
            if int(even.sum()) * 2 == full:
                return even
        mask = np.ones(n, dtype=bool)
        gens = list(self.ggens)
        size = n
        while size > 1:
            D = self._derived(gens)
            if D.size == size:
                break
            mask = np.zeros(n, dtype=bool)
            mask[D] = True
            size = D.size
            gens = self._generators_of(D)
        return mask

    def _generators_of(self, D) -> list:
        """A few generators of the subgroup with sorted elements ``D`` (greedy)."""
        S = self.S
        gens, K = [], np.zeros(1, dtype=np.int64)
        kmask = np.zeros(self.n, dtype=bool)
        kmask[0] = True
        for x in D[np.argsort(-S.store.orders[D], kind="stable")]:
            if kmask[x]:
                continue
            gens.append(int(x))
            K = closure(S, gens, K, self.inset)
            kmask[K] = True
            if K.size == D.size:
                break
        return gens

    def _derived(self, gens) -> np.ndarray:
        """Elements of the derived subgroup of ``<gens>``: the normal closure
        of the commutators of the generators."""
        S = self.S
        a = np.asarray(gens, dtype=np.intp)
        inv = S.inverse
        comm = S.mul(S.mul(inv[a][:, None], inv[a][None, :]), S.mul(a[:, None], a[None, :]))
        cgens = sorted(set(int(c) for c in comm.ravel()) - {0})
        D = closure(S, cgens, None, self.inset) if cgens else np.zeros(1, dtype=np.int64)
        dmask = np.zeros(self.n, dtype=bool)
        dmask[D] = True
        while True:
            new = sorted(set(int(c) for c in S.conj(a[:, None], np.asarray(cgens)[None, :]).ravel()
                             if not dmask[c])) if cgens else []
            if not new:
                return D
            cgens += new[:1]
            D = closure(S, cgens, D, self.inset)
            dmask[D] = True

    def _jordan_flags(self, m):
        if m not in self._jordan:
            from .perfect_subgroups import jordan_flags
            self._jordan[m] = jordan_flags(self.S.store.images, self.S.store.orders, m)
        return self._jordan[m]

    def _alternating_on(self, orbit):
        """``[elements, class]`` of ``Alt(orbit)`` (fixing the other points),
        which must lie in ``G``; the class is filled in when first looked up."""
        entry = self._alternating.get(orbit)
        if entry is None:
            if self._even is None:
                self._even = self._signs_even()
            im = self.S.store.images
            rest = np.setdiff1d(np.arange(im.shape[1]), orbit)
            fixes = (im[:, rest] == rest).all(axis=1) if rest.size else True
            entry = [np.flatnonzero(self._even & fixes).astype(np.int64), None]
            self._alternating[orbit] = entry
        return entry

    def _walk_meets(self, flags, H, g, width=32, steps=16) -> bool:
        """Whether random words ``h_1 g h_2 g ...`` (``h_i`` in ``H``) meet a
        flagged element; ``width`` words of ``steps`` letters, in batches."""
        S, rng = self.S, self._rng
        x = np.full(width, g, dtype=np.intp)
        for _ in range(steps):
            x = S.mul(S.mul(x, H[rng.integers(H.size, size=width)]), g)
            if flags[x].any():
                return True
        return False

    # -- classes ----------------------------------------------------------
    def add_class(self, elements, gens):
        S, n, cat = self.S, self.n, self.cat
        keys, conj, schreier = _conjugates(S, elements, self.cmaps, self.lmaps)
        cid = len(cat.classes)
        for k in keys:
            cat.lookup[k] = cid
        fc = FoundClass(elements, gens, len(keys), conj)
        cat.classes.append(fc)
        nsize = n // fc.length
        if fc.length == 1:
            fc.normalizer, fc.normalizer_gens = None, tuple(self.ggens)
            return cid
        # normalizer: Schreier generators added greedily onto H
        N = np.asarray(elements, dtype=np.int64)
        ngens = list(fc.gens)
        nmask = np.zeros(n, dtype=bool)
        nmask[N] = True
        for x in schreier:
            if N.size == nsize:
                break
            if nmask[x]:
                continue
            ngens.append(int(x))
            N = closure(S, ngens, N, self.inset)
            nmask[N] = True
        fc.normalizer, fc.normalizer_gens = N, tuple(ngens)
        return cid

    def _class_of_or_new(self, K, gens, alternating=None):
        """Class of ``K``, added when new; ``alternating`` is the entry of
        :meth:`_alternating_on` when ``K`` is that group (met thousands of
        times: its class is kept instead of fingerprinting it each time)."""
        if alternating is not None and alternating[1] is not None:
            return alternating[1]
        j = self.cat.class_of(K)
        j = self.add_class(K, gens) if j is None else j
        if alternating is not None:
            alternating[1] = j
        return j

    # -- candidates and their orbits --------------------------------------
    def _candidates(self, within=None):
        """Elements ``g`` outside ``H`` (the current ``hmask``) of prime-power
        order ``p^a`` with ``g^p`` in ``H``, restricted to the mask ``within``."""
        hm = self.hmask
        mask = np.zeros(self.n, dtype=bool)
        for idx, pw in self.ppower:
            mask[idx[hm[pw]]] = True
        mask &= ~hm
        if within is not None:
            mask &= within
        return np.flatnonzero(mask)

    def _orbit_labels(self, H, hgens, X, ngens, cgens=None, universe=None):
        """Labels of the orbits of the candidates ``X`` under conjugation by
        ``N(H)`` (generators ``ngens``), the powers ``g -> g^q`` and the
        right and left cosets of ``H``: candidates in one orbit give ``<H, g>``
        conjugate or equal.  ``X`` must be invariant under the first two, and
        lie in the group generated by ``cgens`` of order ``universe`` (default
        ``G``)."""
        S, pos = self.S, self.pos
        if cgens is None:
            cgens, universe = self.ggens, self.n
        m = X.size
        pos[X] = np.arange(m)
        src, dst = [], []
        for x in ngens:
            if self.hmask[x]:
                continue  # conjugation by H is covered by the cosets
            src.append(np.arange(m))
            dst.append(pos[S.conj(x, X)])
        for pw, valid in self.qpowers:
            v = np.flatnonzero(valid[X])
            src.append(v)
            dst.append(pos[pw[X[v]]])
        # <H, g> = <H, h g> = <H, g h>: candidates in one right or one left
        # coset of H are joined through a node for that coset
        extra = 0
        if hgens and m:
            rc, lc = _coset_labels(S, H, X, cgens, self.table, universe)
            for lab in (rc, lc):
                _, comp = np.unique(lab, return_inverse=True)
                src.append(np.arange(m))
                dst.append(m + extra + comp)
                extra += int(comp.max()) + 1
        if src and m:
            s_, d_ = np.concatenate(src), np.concatenate(dst)
            graph = coo_matrix((np.ones(s_.size, dtype=np.int8), (s_, d_)),
                               shape=(m + extra, m + extra))
            _, labels = connected_components(graph, directed=True, connection="weak")
            return labels[:m]
        return np.arange(m)

    def _normal_extension(self, H, g):
        """``H <g>`` for ``g`` normalizing ``H`` with a power ``g^k`` in ``H``:
        the union of the cosets ``H g^i`` (one batch of products)."""
        S = self.S
        powers = [g]
        while True:
            nxt = int(S.mul(powers[-1], g))
            if self.hmask[nxt]:
                break
            powers.append(nxt)
        return _sorted_union(H, S.mul(H[:, None], np.asarray(powers)[None, :]))

    def _general_extension(self, H, hgens, g):
        """``(<H, g>, entry)``, or ``(None, None)`` when it is certainly not
        perfect; ``entry`` is that of :meth:`_alternating_on` when Jordan's
        criterion shows ``<H, g>`` to be the alternating group of its one
        nontrivial orbit."""
        from .perfect_subgroups import could_be_perfect, point_orbits

        S = self.S
        images = S.store.images[list(hgens) + [g]]
        if not could_be_perfect(images):
            return None, None
        label = point_orbits(images)
        moved = sorted({label[x] for x in range(len(label)) if (images[:, x] != x).any()})
        if len(moved) == 1:
            orbit = tuple(x for x in range(len(label)) if label[x] == moved[0])
            flags = self._jordan_flags(len(orbit))
            if flags[g] or flags[H].any() or self._walk_meets(flags, H, g):
                # <H, g> contains Alt(orbit) (Jordan) and, even on it, lies in it
                entry = self._alternating_on(orbit)
                return entry[0], entry
        K, _ = _extend(S, H, hgens, g, self.hmask, self.inset)
        return K, None

    # -- the enumeration ----------------------------------------------------
    def extend(self, cid):
        """Add the classes of the subgroups one step above class ``cid``: ``H <g>``
        for ``g`` normalizing ``H``, ``g^p`` in ``H``, and, inside ``G^(oo)``,
        ``<H, g>`` for the other candidates when it could be perfect."""
        fc = self.cat.classes[cid]
        H, hgens = fc.elements, fc.gens
        hm = self.hmask
        hm[H] = True
        try:
            nmask = None
            if fc.normalizer is not None:
                nmask = np.zeros(self.n, dtype=bool)
                nmask[fc.normalizer] = True
            X = self._candidates(nmask)
            labels = self._orbit_labels(H, hgens, X, fc.normalizer_gens, fc.normalizer_gens,
                                        self.n // fc.length)
            self.pos[X] = -1
            _, firsts = np.unique(labels, return_index=True)
            for f in firsts:
                g = int(X[f])
                self._class_of_or_new(self._normal_extension(H, g), hgens + (g,))
            if nmask is None or not self.top_mask[H].all():
                return
            X = self._candidates(self.top_mask & ~nmask)
            labels = self._orbit_labels(H, hgens, X, fc.normalizer_gens)
            _, firsts = np.unique(labels, return_index=True)
            done = np.zeros(len(firsts), dtype=bool)
            for f in firsts:
                if done[labels[f]]:
                    continue  # inside <H, g'> of prime index, which it generates
                g = int(X[f])
                K, alternating = self._general_extension(H, hgens, g)
                if K is None:
                    continue
                if _is_prime(K.size // H.size):
                    inK = self.pos[K]
                    done[labels[inK[inK >= 0]]] = True
                self._class_of_or_new(K, hgens + (g,), alternating)
            self.pos[X] = -1
        finally:
            hm[H] = False

    def maximal_edges(self) -> set:
        """Pairs of discovery indices ``(i, j)`` with a conjugate of class ``i``
        maximal in class ``j``: for each class ``H`` and each orbit of
        candidates, ``K = <H, g>``; ``H`` is maximal in ``K`` exactly when every
        candidate in ``K`` gives a group of the order of ``K``."""
        cat, S = self.cat, self.S
        edges = set()
        hm, pos = self.hmask, self.pos
        for cid, fc in enumerate(cat.classes):
            H, hgens = fc.elements, fc.gens
            if H.size == self.n:
                continue
            hm[H] = True
            X = self._candidates()
            labels = self._orbit_labels(H, hgens, X, fc.normalizer_gens)
            _, firsts = np.unique(labels, return_index=True)
            sizes = np.zeros(len(firsts), dtype=np.int64)
            exts = []
            for f in firsts:
                if sizes[labels[f]]:
                    continue  # inside an extension <H, g'> of prime index, which it generates
                g = int(X[f])
                K, p = _extend(S, H, hgens, g, hm, self.inset)
                if p:
                    # index p prime: H is maximal in K, so every g' in K \ H gives K
                    inK = pos[K]
                    sizes[labels[inK[inK >= 0]]] = K.size
                sizes[labels[f]] = K.size
                exts.append(K)
            for K in exts:
                inK = pos[K]
                if sizes[labels[inK[inK >= 0]]].min() == K.size:
                    edges.add((cid, cat.class_of(K)))
            hm[H] = False
            pos[X] = -1
        return edges


def enumerate_subgroups(G, progress=None, tables=None) -> Catalogue:
    """All conjugacy classes of subgroups of ``G`` (see the module docstring).

    Parameters
    ----------
    G : Group
    progress : callable, optional
        Called as ``progress(done, found)`` after each class is extended.
    tables : bool, optional
        Use the dense multiplication and conjugation tables of ``G`` for
        products (default: when ``G`` has built them already); the result is
        the same.

    Returns
    -------
    Catalogue
        Classes in discovery order, with their normalizers; the maximal
        inclusions (:attr:`Catalogue.edges`) are computed when first asked.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> len(enumerate_subgroups(named_group("A5")).classes)
    9
    """
    if tables is None:
        tables = "conjugation_table" in G.__dict__
    ext = _Extender(G, tables)
    ext.add_class(np.zeros(1, dtype=np.int64), ())
    cid = 0
    while cid < len(ext.cat.classes):
        if ext.cat.classes[cid].elements.size < ext.n:
            ext.extend(cid)
        cid += 1
        if progress is not None:
            progress(cid, len(ext.cat.classes))
    return ext.cat
