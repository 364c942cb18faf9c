"""Hidden fixed-point subspaces of equivariant two-layer networks.

Definitions (Section 3 of the paper)
------------------------------------
Let ``net`` be a :class:`~symtheory.networks.networks.TwoLayerNet` with trained
parameters Theta~ (W in Hom_G(X, Y), and U in Hom_G(Y, Z) when the output
weights are trained).  Hidden neuron i carries the row ``[W[i, :] | U[:, i]]``.

* P = S_h permutes the hidden neurons (rows); it is a group of parameter
  symmetries of the unconstrained MLP.
* The visible symmetries are P~ = {sigma in S_h : sigma Theta~ = Theta~}.
* For a partition Q of the hidden neurons, Theta_Q = {rows equal inside each
  block of Q} is the fixed-point subspace of any subgroup whose orbits are Q.
  The subspaces enumerated here are the distinct Theta~ cap Theta_Q, each
  identified by its *closed* partition: the equalities of rows that hold for
  a generic element of it.  dim and codim are taken in Theta~.
* A subspace is *visible* when it equals Theta~ cap Theta_orbits(K) for a
  subgroup K <= P~, *hidden* otherwise.  It is visible exactly when the
  subgroup K_S of P~ that keeps every block of its partition (the largest K
  fixing it pointwise) already cuts it out, which is how it is decided.
* Lemma 3.2 condition: (Theta_Q^perp cap Theta~) + (Theta_Q cap Theta~) =
  Theta~, equivalently averaging the rows inside each block of Q maps Theta~
  into itself; checked exactly in integers.
* Theorem 3.3 flag: hidden, codim 1 and the Lemma 3.2 condition holds.

Algorithm
---------
Theta~ is the space of row matrices constant on the labels (orbitals) of
``net.row_labels``, shape (h, m), k labels.  A subspace cut out by row
equalities is the space constant on a coarser partition of the labels, so it
is stored as a label partition (and its dim is the number of classes).

1. Row equalities are G-invariant: if rows i and j are equal for W in
   Theta~, so are rows g(i), g(j), because W[g(i), g(c)] = W[i, c].  So the
   subspace S_ij = {row i = row j} depends only on the G-orbit of the pair;
   one closure per orbit of pairs (at most h(h-1)/2, usually far fewer).
   Closing a pair merges the labels column by column (union-find), then
   reads off the closed partition: rows whose merged labels agree.
2. Every Theta~ cap Theta_Q is the intersection of the S_ij for the pairs
   inside blocks of Q, so the family is the closure of the pair subspaces
   under intersection (join of label partitions), generated breadth-first
   and deduplicated by a canonical key; ``max_codim`` prunes, since codim
   only grows under intersection.

Cost: O(N * A * (k + h m)) for N subspaces and A pair subspaces; the set
partitions of the h neurons are never enumerated.  N itself is output size
and can approach the Bell number when many neurons carry independent
weights: with hidden = j*trivial every partition of those j neurons is a
distinct subspace (S3, input natural, hidden 8*trivial: 4139 subspaces,
about 35 s; hidden regular(S4): 14 subspaces, 0.1 s; D6 natural + regular:
63 subspaces, 0.3 s; S4 2*regular: 355 subspaces, 8 s, measured by
``benchmarks/bench_hidden.py`` and by hand on one core).  Each join is a
vectorized union-find over the k labels (tens of microseconds).
Visibility uses a backtracking search for row
permutations preserving the labelling, with forward checking of the
candidate rows (a permutation of rows determines the relabelling of the
orbitals column by column, which prunes almost every branch at once).

References
----------
.. [1] Y. Xie and T. Smidt, "A Tale of Two Symmetries: Exploring the Loss
   Landscape of Equivariant Models", arXiv:2506.02269, Section 3.

Examples
--------
>>> from symtheory.networks.networks import TwoLayerNet
>>> net = TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
>>> subs = hidden_fixed_point_subspaces(net, max_codim=1)
>>> [(s.partition, s.codim, s.hidden, s.theorem_3_3) for s in subs]
[(((0, 1, 2),), 1, True, True)]
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from ..algebra.equivariant import WeightSpace
from ..algebra.reps import orbit_labels
from ..exceptions import InvalidTypeError, InvalidValueError, SearchLimitError, ShapeError
from ..validation import check_int

from .subspace_list import SubspaceList
__all__ = [
    "HiddenSubspace",
    "SubspaceList",
    "hidden_fixed_point_subspaces",
    "subspace_lattice",
    "visible_symmetries",
    "count_visible_symmetries",
    "is_visible_permutation",
    "halves_relation",
    "closed_partition",
    "lemma_3_2_holds",
    "JOIN_LIMIT",
]


# -- label partitions ------------------------------------------------------------

def _canon(cls: np.ndarray) -> np.ndarray:
    """Renumber class ids in order of first appearance."""
    _, first, inv = np.unique(cls, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return order[inv].astype(np.int64)


def _merge(k: int, a: np.ndarray, b: np.ndarray, cls: np.ndarray | None = None) -> np.ndarray:
    """Join: classes of labels after identifying a[t] ~ b[t] (on top of cls).

    Connected components by hooking roots to the smallest root and pointer
    jumping, vectorized (a few rounds; far cheaper than building a sparse
    graph for the small label sets met here).
    """
    r = np.asarray(a, dtype=np.int64).ravel()
    c = np.asarray(b, dtype=np.int64).ravel()
    if cls is not None:
        # keep existing classes: link each label to the first label of its class
        r = np.concatenate([r, np.arange(k)])
        c = np.concatenate([c, _first_of(cls)])
    parent = np.arange(k)
    while True:
        pr, pc = parent[r], parent[c]
        diff = pr != pc
        if not diff.any():
            break
        np.minimum.at(parent, np.maximum(pr[diff], pc[diff]), np.minimum(pr[diff], pc[diff]))
        while True:  # pointer jumping until every label points at its root
            pp = parent[parent]
            if np.array_equal(pp, parent):
                break
            parent = pp
    return _canon(parent)


def _row_partition(merged_rows: np.ndarray) -> np.ndarray:
    """Block id of each row: rows equal as label rows are in one block."""
    _, inv = np.unique(merged_rows, axis=0, return_inverse=True)
    return _canon(np.asarray(inv).ravel())


def _close(L: np.ndarray, k: int, row_block: np.ndarray, cls=None) -> np.ndarray:
    """Label classes of Theta~ cap Theta_Q for the row partition ``row_block``."""
    rep = np.zeros(row_block.max() + 1, dtype=np.int64)
    rep[row_block[::-1]] = np.arange(len(row_block))[::-1]
    return _merge(k, L, L[rep[row_block]], cls)


def closed_partition(net_or_labels, blocks) -> tuple:
    """The closed partition of Theta~ cap Theta_Q for the blocks Q given.

    Parameters
    ----------
    net_or_labels : TwoLayerNet or array_like (h, m)
    blocks : iterable of iterables of int
        Disjoint blocks of Q (singletons may be left out).

    Returns
    -------
    tuple of tuples
        The blocks of size >= 2 of the closed partition, sorted.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "2*natural")
    >>> closed_partition(net, [[0, 3]])
    ((0, 3), (1, 4), (2, 5))
    """
    L = _labels_of(net_or_labels)
    row_block = _block_ids(L.shape[0], blocks)
    cls = _close(L, int(L.max()) + 1, row_block)
    return _blocks(_row_partition(cls[L]))


def _block_ids(h: int, blocks) -> np.ndarray:
    """Canonical block id of each of h neurons; blocks must be disjoint, in range(h)."""
    row_block = np.arange(h)
    seen = set()
    for b in blocks:
        try:
            b = [operator.index(x) for x in b]
        except TypeError:
            raise InvalidTypeError(f"blocks must be lists of neuron indices (int), got {b!r}") from None
        if not b:
            continue
        if any(not 0 <= x < h for x in b):
            raise InvalidValueError(f"neuron index out of range({h}) in block {b}")
        if seen.intersection(b) or len(set(b)) != len(b):
            raise InvalidValueError(f"block {b} repeats a neuron of another block; the blocks of a "
                                    "partition must be disjoint")
        seen.update(b)
        row_block[b] = b[0]
    return _canon(row_block)


def _labels_of(obj) -> np.ndarray:
    if hasattr(obj, "row_labels"):
        return np.asarray(obj.row_labels)
    L = np.asarray(obj)
    if L.ndim != 2:
        raise ShapeError(f"labels must be 2-D, got shape {L.shape}")
    return L


def _blocks(row_block: np.ndarray) -> tuple:
    out = {}
    for i, b in enumerate(row_block.tolist()):
        out.setdefault(b, []).append(i)
    return tuple(sorted(tuple(v) for v in out.values() if len(v) > 1))


# -- row permutations preserving the labelling ------------------------------------

def is_visible_permutation(net_or_labels, sigma) -> bool:
    """Whether a permutation of hidden neurons maps Theta~ onto itself (sigma in P~).

    ``sigma[i]`` is the new position of neuron i: (sigma W)[sigma[i]] = W[i].

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> is_visible_permutation(net, [0, 1, 2, 4, 3, 5]), is_visible_permutation(net, [1, 2, 0, 3, 4, 5])
    (True, False)
    """
    L = _labels_of(net_or_labels)
    sigma = np.asarray(sigma, dtype=np.int64)
    h = L.shape[0]
    if sigma.shape != (h,) or sorted(sigma.tolist()) != list(range(h)):
        raise ShapeError(f"sigma must be a permutation of range({h})")
    image = np.empty_like(L)
    image[sigma] = L
    pairs = np.unique(np.stack([L.ravel(), image.ravel()], axis=1), axis=0)
    k = int(L.max()) + 1
    return len(pairs) == k and len(np.unique(pairs[:, 1])) == k


def _extend_label_map(phi: np.ndarray, inv: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    """Extend the label bijection ``phi`` (``inv``; -1 unset) by a -> b, in place; False on a clash."""
    if np.any((phi[a] >= 0) & (phi[a] != b)) or np.any((inv[b] >= 0) & (inv[b] != a)):
        return False
    phi[a], inv[b] = b, a
    return not (np.any(phi[a] != b) or np.any(inv[b] != a))


class _Searcher:
    """Backtracking search for row permutations preserving the label partition."""

    def __init__(self, L: np.ndarray, allowed: np.ndarray | None = None, budget: int = 200_000):
        self.L = L
        self.h, self.m = L.shape
        self.k = int(L.max()) + 1
        sizes = np.bincount(L.ravel(), minlength=self.k)
        # rows can only swap with rows holding labels of the same sizes column by column
        sig = sizes[L]
        same = np.all(sig[:, None, :] == sig[None, :, :], axis=2)
        self.allowed = same if allowed is None else (same & allowed)
        self.budget = budget
        self.nodes = 0

    def find(self, fixed: dict):
        """A sigma extending ``fixed`` (row -> row), or None; raises when over budget."""
        phi = np.full(self.k, -1, dtype=np.int64)
        inv = np.full(self.k, -1, dtype=np.int64)
        sigma = np.full(self.h, -1, dtype=np.int64)
        used = np.zeros(self.h, dtype=bool)
        for r, s in fixed.items():
            if not self.allowed[r, s] or used[s] or not self._assign(r, s, phi, inv, sigma, used):
                return None
        return self._dfs(phi, inv, sigma, used)

    def _assign(self, r, s, phi, inv, sigma, used) -> bool:
        if _extend_label_map(phi, inv, self.L[r], self.L[s]):
            sigma[r], used[s] = s, True
            return True
        return False

    def _dfs(self, phi, inv, sigma, used):
        self.nodes += 1
        if self.nodes > self.budget:
            raise SearchLimitError(
                "the search for visible symmetries exceeded its budget; the network is too "
                "symmetric to decide visibility here (use fewer identical blocks)")
        free = np.flatnonzero(sigma < 0)
        if len(free) == 0:
            return sigma.copy()
        PL = phi[self.L[free]]  # (f, m), -1 where unknown
        known = PL >= 0
        # domain[r, s]: target row s agrees with every known image label of row r
        match = (self.L[None, :, :] == PL[:, None, :]) | ~known[:, None, :]
        dom = np.all(match, axis=2) & self.allowed[free] & ~used[None, :]
        # a target row whose labels are already images of other rows is excluded too
        known_t = inv[self.L] >= 0  # (h, m)
        back = np.all((inv[self.L][None, :, :] == self.L[free][:, None, :]) | ~known_t[None, :, :],
                      axis=2)
        dom &= back
        counts = dom.sum(axis=1)
        if np.any(counts == 0):
            return None
        t = int(np.argmin(counts))
        r = int(free[t])
        for s in np.flatnonzero(dom[t]):
            phi2, inv2, sigma2, used2 = phi.copy(), inv.copy(), sigma.copy(), used.copy()
            if self._assign(r, int(s), phi2, inv2, sigma2, used2):
                out = self._dfs(phi2, inv2, sigma2, used2)
                if out is not None:
                    return out
        return None


def _orbits_under_search(L, allowed) -> np.ndarray:
    """Orbits on rows of the group {sigma in P~ : allowed[i, sigma(i)]} (a group when
    ``allowed`` is an equivalence relation), as an orbit id per row."""
    h = L.shape[0]
    parent = np.arange(h)

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    S = _Searcher(L, allowed)
    for i in range(h):
        for j in np.flatnonzero(S.allowed[i]):
            if j <= i or root(i) == root(j):
                continue
            sigma = S.find({i: int(j)})
            if sigma is not None:
                for a, b in enumerate(sigma):
                    ra, rb = root(a), root(int(b))
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    return _canon(np.array([root(x) for x in range(h)]))


def visible_symmetries(net) -> list:
    """Generators of P~, the row permutations mapping Theta~ onto itself.

    Found by a stabilizer-chain search: at level i, one permutation fixing
    rows 0..i-1 and moving i to each point of its orbit.  Returns a list of
    image arrays (sigma[i] = new position of neuron i).

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> visible_symmetries(net)  # the three trivial hidden neurons permute freely
    [[0, 1, 2, 4, 3, 5], [0, 1, 2, 5, 3, 4], [0, 1, 2, 3, 5, 4]]
    >>> count_visible_symmetries(net)
    6
    """
    return _chain(_labels_of(net))[0]


def count_visible_symmetries(net) -> int:
    """The order of P~ (product of the orbit lengths of its stabilizer chain).

    Raises :class:`~symtheory.exceptions.SearchLimitError` when the search for
    visible symmetries exceeds its budget.

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> count_visible_symmetries(TwoLayerNet("S3", "natural", "2*natural"))  # swap the copies
    2
    >>> count_visible_symmetries(TwoLayerNet("S4", "natural", "regular"))  # right translations
    24
    """
    return _chain(_labels_of(net))[1]


def _chain(L):
    h = L.shape[0]
    S = _Searcher(L)
    gens, order = [], 1
    for i in range(h):
        orbit = {i}
        level_gens = []
        for j in np.flatnonzero(S.allowed[i]):
            j = int(j)
            if j in orbit or j < i:
                continue
            fixed = {r: r for r in range(i)}
            fixed[i] = j
            sigma = S.find(fixed)
            if sigma is not None:
                level_gens.append(sigma)
                # close the orbit of i under the generators of this level
                frontier = [i]
                orbit = {i}
                while frontier:
                    x = frontier.pop()
                    for g in level_gens:
                        y = int(g[x])
                        if y not in orbit:
                            orbit.add(y)
                            frontier.append(y)
        gens.extend(level_gens)
        order *= len(orbit)
    return [g.tolist() for g in gens], order


# -- Lemma 3.2 ------------------------------------------------------------------------

#: Most entries of the (h, m, k) label counts of :func:`lemma_3_2_holds` (40 MB).
LEMMA_ENTRIES_LIMIT = 5_000_000


def _check_lemma_size(L):
    h, m = L.shape
    size = 2 * h * m * (int(L.max()) + 1)
    if size > LEMMA_ENTRIES_LIMIT:
        raise SearchLimitError(
            f"the Lemma 3.2 check needs {size} label counts (h = {h} rows, m = {m} columns, "
            f"{int(L.max()) + 1} labels), above the limit {LEMMA_ENTRIES_LIMIT}; use smaller "
            "representations")


def lemma_3_2_holds(net_or_labels, blocks) -> bool:
    """Whether averaging rows inside each block maps Theta~ into itself (exact).

    This is the condition (Theta_Q^perp cap Theta~) + (Theta_Q cap Theta~) =
    Theta~ of Lemma 3.2 for the subgroup permuting each block of Q.

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> lemma_3_2_holds(net, [[0, 1, 2]])
    True
    """
    L = _labels_of(net_or_labels)
    h, m = L.shape
    _check_lemma_size(L)
    block_of = _block_ids(h, blocks)
    nb = block_of.max() + 1
    size = np.bincount(block_of)
    M = math.lcm(*[int(s) for s in size])
    k = int(L.max()) + 1
    # counts[b, c, a]: rows of block b with label a in column c, scaled by M / |b|
    counts = np.zeros((nb, m, k), dtype=np.int64)
    np.add.at(counts, (block_of[:, None], np.arange(m)[None, :], L), 1)
    counts *= (M // size)[:, None, None]
    # the averaged indicator of label a at entry (r, c) is counts[block(r), c, a] / M;
    # it must be constant on every label class of Theta~
    vals = counts[block_of]  # (h, m, k)
    flat_lab = L.ravel()
    flat_vals = vals.reshape(h * m, k)
    order = np.argsort(flat_lab, kind="stable")
    sl, sv = flat_lab[order], flat_vals[order]
    first = np.searchsorted(sl, sl)
    return bool(np.all(sv == sv[first]))


# -- the enumeration ------------------------------------------------------------------

@dataclass(frozen=True)
class HiddenSubspace:
    """A subspace Theta~ cap Theta_Q of an equivariant two-layer network.

    Attributes
    ----------
    partition : tuple of tuples of int
        Blocks of size >= 2 of the closed partition of the hidden neurons.
    dim, codim : int
        Dimension, and codimension in Theta~.
    hidden : bool
        True when no subgroup of the visible symmetries P~ cuts it out.
    lemma_3_2 : bool
        The condition of Lemma 3.2 (exact).
    theorem_3_3 : bool
        hidden and codim == 1 and lemma_3_2: Theorem 3.3 forces a second
        minimum of the constrained loss (under its analytic assumptions).
    space : WeightSpace
        The subspace as a space of (h, m) row matrices [W | U^T].

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "2*natural")
    >>> s = hidden_fixed_point_subspaces(net)[0]
    >>> s
    HiddenSubspace(partition=((0, 1, 2),), dim=3, codim=1, hidden=True, lemma_3_2=True, theorem_3_3=True)
    >>> s.space.to_numpy([1.0, 2.0, 3.0])[:, 0].tolist()  # rows 0, 1, 2 equal
    [1.0, 1.0, 1.0, 2.0, 3.0, 3.0]
    """

    partition: tuple
    dim: int
    codim: int
    hidden: bool
    lemma_3_2: bool
    theorem_3_3: bool
    space: WeightSpace = field(compare=False, repr=False)

    def as_dict(self) -> dict:
        """JSON-ready record (partition, dim, codim, hidden, lemma_3_2, theorem_3_3).

        >>> from symtheory.networks.networks import TwoLayerNet
        >>> net = TwoLayerNet("S3", "natural", "2*natural")
        >>> hidden_fixed_point_subspaces(net)[3].as_dict()["partition"]
        [[0, 3], [1, 4], [2, 5]]
        """
        return {"partition": [list(b) for b in self.partition], "dim": self.dim,
                "codim": self.codim, "hidden": self.hidden, "lemma_3_2": self.lemma_3_2,
                "theorem_3_3": self.theorem_3_3}


def _pair_orbit_representatives(h: int, generator_images) -> list:
    """The least pair (i, j), i < j, of each orbit of unordered pairs of neurons.

    Computed from the generators' images on the neurons (no element list):
    orbits of the 2-subsets under the induced action, in lexicographic order
    of their least pair, which is the order the pairs are scanned in.
    """
    if generator_images is None:
        return [(i, j) for i in range(h) for j in range(i + 1, h)]
    i, j = np.triu_indices(h, 1)
    code = np.full((h, h), -1, dtype=np.int64)
    code[i, j] = np.arange(len(i))
    images = []
    for im in generator_images:
        a, b = np.asarray(im)[i], np.asarray(im)[j]
        images.append(code[np.minimum(a, b), np.maximum(a, b)])
    labels = orbit_labels(len(i), images)
    _, first = np.unique(labels, return_index=True)
    return [(int(i[f]), int(j[f])) for f in np.sort(first)]


def _enumerate(L: np.ndarray, generator_images, max_codim, max_joins=None):
    """All label partitions of subspaces cut out by row equalities (without Theta~).

    Every subspace found is joined with every atom once, so the work is
    exactly N * A joins for N subspaces and A atoms (N >= A): A * A is known
    before the first join and refused up front when above ``max_joins``, and
    (subspaces found so far) * A is a lower bound checked as each is found.
    """
    max_joins = JOIN_LIMIT if max_joins is None else max_joins
    h, m = L.shape
    k = int(L.max()) + 1
    if h * h > PAIRS_LIMIT:
        raise SearchLimitError(f"{h} hidden neurons have {h * h} ordered pairs, above the "
                               f"limit {PAIRS_LIMIT}; use a smaller hidden representation")
    # G-orbits of pairs of rows: one closure per orbit (a closure costs about a join)
    pairs = _pair_orbit_representatives(h, generator_images)
    _check_joins(len(pairs), max_joins, len(pairs), 0)
    atoms = {}
    for i, j in pairs:
        row_block = np.arange(h)
        row_block[j] = i
        cls = _close(L, k, _canon(row_block))
        dim = int(cls.max()) + 1
        if dim == k or (max_codim is not None and k - dim > max_codim):
            continue
        atoms.setdefault(cls.tobytes(), cls)
    family = dict(atoms)
    frontier = list(atoms.values())
    atom_list = list(atoms.values())
    _check_joins(len(atom_list) ** 2, max_joins, len(atom_list), len(family))
    while frontier:
        nxt = []
        for cls in frontier:
            for at in atom_list:
                # intersection: join the two label partitions, then close the row partition
                joined = _join(k, cls, at)
                joined = _close(L, k, _row_partition(joined[L]), joined)
                key = joined.tobytes()
                if key in family:
                    continue
                if max_codim is not None and k - (int(joined.max()) + 1) > max_codim:
                    continue
                family[key] = joined
                nxt.append(joined)
                # each subspace found costs A joins: refused as soon as the found ones need more
                _check_joins(len(family) * len(atom_list), max_joins, len(atom_list), len(family))
        frontier = nxt
    return list(family.values())


#: Most joins (intersections of a subspace with a pair subspace) one enumeration
#: may do: 30,000 is about 30 s on one core for 50 neurons (S4, hidden 2*regular:
#: 355 subspaces, 18,460 joins, 15 s; S3 natural + 6*trivial: 23,738 joins).
JOIN_LIMIT = 30_000
#: Most ordered pairs of hidden neurons (the pair orbits are labelled on an h x h array).
PAIRS_LIMIT = 25_000_000


def _check_joins(joins, max_joins, n_atoms, n_found):
    if joins > max_joins:
        raise SearchLimitError(
            f"the subspace enumeration needs more than {max_joins} joins ({n_atoms} pair "
            f"subspaces, {n_found} subspaces found so far, at least {joins} joins); bound the "
            "codim with --max-codim K, or raise the budget (hidden --max-joins N; max_joins=N)")


def _join(k, cls_a, cls_b) -> np.ndarray:
    """Finest partition coarser than both label partitions."""
    return _merge(k, np.concatenate([np.arange(k), np.arange(k)]),
                  np.concatenate([_first_of(cls_a), _first_of(cls_b)]))


def _first_of(cls):
    k = len(cls)
    first = np.zeros(cls.max() + 1, dtype=np.int64)
    first[cls[::-1]] = np.arange(k)[::-1]
    return first[cls]


def hidden_fixed_point_subspaces(net, max_codim: int | None = None, progress=None,
                                 max_joins: int | None = None) -> list:
    """Enumerate the subspaces Theta~ cap Theta_Q of a two-layer network.

    Parameters
    ----------
    net : TwoLayerNet
    max_codim : int, optional
        Only subspaces of codimension at most this (faster).
    progress : callable or tqdm-like bar, optional
        Called with a short status string now and then; a bar (an object
        with ``update``) gets its ``total`` and one update per subspace.
    max_joins : int, optional
        Budget of the enumeration in joins (default :data:`JOIN_LIMIT`); the
        work is (number of subspaces) x (number of pair subspaces) joins.

    Raises
    ------
    InvalidTypeError, InvalidValueError
        If ``net`` is not a network or ``max_codim`` is not an int >= 0.
    SearchLimitError
        If the enumeration needs more than ``max_joins`` joins (refused before
        the first join when the pair subspaces alone need more), or deciding
        visibility exceeds the search budget.

    Returns
    -------
    SubspaceList
        A list of HiddenSubspace (shown as a table in Jupyter), sorted by
        codim, then partition; Theta~ itself is left out.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "2*natural")
    >>> for s in hidden_fixed_point_subspaces(net):
    ...     print(s.partition, s.codim, s.hidden, s.theorem_3_3)
    ((0, 1, 2),) 1 True True
    ((3, 4, 5),) 1 True True
    ((0, 1, 2), (3, 4, 5)) 2 True False
    ((0, 3), (1, 4), (2, 5)) 2 False False
    ((0, 1, 2, 3, 4, 5),) 3 True False
    """
    if not hasattr(net, "row_labels"):
        raise InvalidTypeError(f"hidden_fixed_point_subspaces needs a TwoLayerNet, got {type(net).__name__}")
    if max_codim is not None:
        if isinstance(max_codim, bool) or not isinstance(max_codim, (int, np.integer)):
            raise InvalidTypeError(f"max_codim must be an int or None, got {max_codim!r}")
        if max_codim < 0:
            raise InvalidValueError(f"max_codim must be at least 0, got {max_codim}")
    L = np.asarray(net.row_labels)
    k = int(L.max()) + 1
    images = net.hidden.images if hasattr(net, "hidden") else None
    if max_joins is not None:
        max_joins = check_int(max_joins, "max_joins", low=0)
    _check_lemma_size(np.asarray(net.row_labels))  # before the enumeration, not after it
    classes = _enumerate(L, images, max_codim, max_joins)
    bar = progress if hasattr(progress, "update") else None
    if bar is not None:
        bar.total = len(classes)
        bar.refresh()
    elif progress:
        progress(f"{len(classes)} subspaces; deciding visibility")
    names_all = net.row_space.names if hasattr(net, "row_space") else None
    out = []
    for cls in classes:
        merged = cls[L]
        row_block = _row_partition(merged)
        part = _blocks(row_block)
        dim = int(cls.max()) + 1
        same_block = row_block[:, None] == row_block[None, :]
        orbit_ids = _orbits_under_search(L, same_block)
        visible_cls = _close(L, k, orbit_ids)
        hidden = not np.array_equal(visible_cls, cls)
        lem = lemma_3_2_holds(L, part)
        names = None
        if names_all is not None:
            names = [" = ".join(names_all[a] for a in np.flatnonzero(cls == c)[:3])
                     + (" = ..." if np.count_nonzero(cls == c) > 3 else "")
                     for c in range(dim)]
        space = WeightSpace(merged, names)
        out.append(HiddenSubspace(part, dim, k - dim, bool(hidden), bool(lem),
                                  bool(hidden and k - dim == 1 and lem), space))
        if bar is not None:
            bar.update(1)
    out.sort(key=lambda s: (s.codim, s.partition))
    return SubspaceList(out)


def halves_relation(net, subspace) -> str:
    """How the visible symmetries relate the two halves of Theta~ cut by a codim-1 subspace.

    Theorem 3.3 promises a second minimum on the other side of a hidden
    codim-1 subspace; whether it can be *spurious* depends on whether a
    parameter symmetry maps one half onto the other (Section 3: "the two
    halves ... are not necessarily related by some other global parameter
    symmetry").  A codim-1 subspace merges two orbitals a, b of Theta~, so it
    is the hyperplane theta_a = theta_b, and a visible symmetry sigma permutes
    the orbitals.  Returns

    ``"distinct"``
        every sigma in P~ fixes a and b: no visible symmetry maps a point of
        one half to the other, so the second minimum is not a P~-copy of the
        first (it can be spurious; the paper's S3 example);
    ``"swapped"``
        P~ keeps the hyperplane and some sigma exchanges a and b: the halves
        are mirror images and the second minimum can be a copy of the first;
    ``"mixed"``
        some sigma moves the hyperplane to another one: copies of a minimum
        may lie on either side, depending on where the minimum is.

    Checked on the generators of P~ (the elements fixing a and b, resp. the
    pair {a, b}, form subgroups).

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> halves_relation(net, hidden_fixed_point_subspaces(net, max_codim=1)[0])
    'distinct'
    >>> net = TwoLayerNet("S3", "natural", "2*natural")    # the copy swap moves {0,1,2} to {3,4,5}
    >>> halves_relation(net, hidden_fixed_point_subspaces(net, max_codim=1)[0])
    'mixed'
    """
    if not isinstance(subspace, HiddenSubspace):
        raise InvalidTypeError(f"expected a HiddenSubspace, got {type(subspace).__name__}")
    if subspace.codim != 1:
        raise InvalidValueError(f"the subspace has codim {subspace.codim}; halves are defined "
                                "for codim 1 only")
    L = _labels_of(net)
    coarse = np.asarray(subspace.space.labels)
    if coarse.shape != L.shape:
        raise ShapeError(f"the subspace has shape {coarse.shape}, the network's rows {L.shape}; "
                         "pass a subspace of this network")
    k = int(L.max()) + 1
    merged_into = np.zeros(k, dtype=np.int64)
    merged_into[L.ravel()] = coarse.ravel()
    counts = np.bincount(merged_into)
    pair = np.flatnonzero(np.isin(merged_into, np.flatnonzero(counts == 2)))
    a, b = int(pair[0]), int(pair[1])
    relation = "distinct"
    for sigma in visible_symmetries(net):
        pi = np.empty(k, dtype=np.int64)
        pi[L.ravel()] = L[np.asarray(sigma)].ravel()  # sigma sends orbital L[i,c] to L[sigma(i),c]
        if {int(pi[a]), int(pi[b])} != {a, b}:
            return "mixed"
        if int(pi[a]) == b:
            relation = "swapped"
    return relation


def subspace_lattice(net, subspaces=None) -> nx.DiGraph:
    """The inclusion lattice (Hasse diagram) of the subspaces.

    Nodes are indices into ``subspaces`` plus ``-1`` for Theta~ itself; an
    edge S -> T means T is a maximal proper subspace of S among them.  Node
    attributes: partition, dim, codim, hidden, theorem_3_3.

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural", "2*natural")
    >>> sorted(subspace_lattice(net).edges())
    [(-1, 0), (-1, 1), (-1, 3), (0, 2), (1, 2), (2, 4), (3, 4)]
    """
    if subspaces is None:
        subspaces = hidden_fixed_point_subspaces(net)
    L = np.asarray(net.row_labels)
    k = int(L.max()) + 1
    D = nx.DiGraph()
    D.add_node(-1, partition=(), dim=k, codim=0, hidden=False, theorem_3_3=False)
    cls = []
    for i, s in enumerate(subspaces):
        D.add_node(i, partition=s.partition, dim=s.dim, codim=s.codim, hidden=s.hidden,
                   theorem_3_3=s.theorem_3_3)
        # label classes: read back from the space (labels constant on classes)
        c = np.empty(k, dtype=np.int64)
        c[L.ravel()] = s.space.labels.ravel()
        cls.append(c)

    def contains(a, b):  # subspace a contains subspace b: b's classes are unions of a's
        return len(np.unique(np.stack([cls[a], cls[b]], 1), axis=0)) == cls[a].max() + 1

    n = len(subspaces)
    below = {i: [j for j in range(n) if j != i and subspaces[j].dim < subspaces[i].dim
                 and contains(i, j)] for i in range(n)}
    for i in range(n):
        for j in below[i]:
            if not any(j in below[x] for x in below[i]):
                D.add_edge(i, j)
    for j in range(n):
        if not any(j in below[x] for x in range(n)):
            D.add_edge(-1, j)
    return D
