"""Hidden fixed-point subspaces of equivariant MLPs of any depth, with biases.

Definitions (Section 3 of the paper, at any depth)
-------------------------------------------------
Let ``net`` be an :class:`~symtheory.networks.mlp.EquivariantMLP` with hidden
layers 1..L and trained parameters Theta~ (the blocks W_l, b_l, U).

* P = S_{h_1} x ... x S_{h_L}: a permutation p_l of layer l acts on the rows of
  W_l, the entries of b_l and the columns of W_{l+1} (or of U); all layers at
  once for an element p = (p_1, ..., p_L).  ``sigma[l - 1][i]`` is the new
  position of neuron i of layer l.
* P~ = {p in P : p Theta~ = Theta~}, the visible symmetries.
* For Q = (Q_1, ..., Q_L), one partition per hidden layer, Theta_Q is the
  fixed-point space of the product of the Young subgroups S_{Q_l}: neurons in
  one block of Q_l have equal *extended rows* [W_l[i, :] | b_l[i] | W_{l+1}[:, i]]
  (:meth:`~symtheory.networks.mlp.EquivariantMLP.layer_labels`).  So
  Theta_Q = cap_l E_l(Q_l), with E_l depending on Q_l alone, and
  Theta_Q cap Theta_Q' = Theta_{Q v Q'} (join per layer): every subspace
  S = Theta~ cap Theta_Q has a coarsest Q with S in Theta_Q, its *closed
  partitions*, which key it.
* S is *visible* when S = Theta~ cap Fix(K) for some K <= P~, Fix(K) the
  parameters fixed by every element of K acting on all layers at once.  Let
  K_S be the elements of P~ fixing S pointwise; any such K lies in K_S, so S
  is visible exactly when Theta~ cap Fix(K_S) = S.  At depth > 1, K_S can
  hold elements that move neurons out of their closed blocks (a swap of two
  neurons in layer 1 together with a swap in layer 2 may fix W_2 without
  making its columns equal), so K_S is searched for as it is defined.
* Lemma 3.2 condition: the orthogonal projection onto Theta_Q (average of
  W_l over block x block, of b_l and of U's columns over blocks) maps Theta~
  into itself; checked exactly in rationals.  Theorem 3.3 flag: hidden,
  codim 1 and Lemma 3.2.

Algorithm
---------
As at depth 1 (:mod:`symtheory.networks.hidden`): a subspace cut out by
neuron equalities is a coarser partition of the global labels.  The atoms
are the pair subspaces {extended rows of i and j equal} for the G-orbits of
pairs (i, j) inside each layer (G acts on every layer at once and maps
each label to itself); every S is a join of atoms, and the family is their
closure under joins, breadth-first, pruned by ``max_codim``.  The product of
the set partitions of the layers is never enumerated.  P~ and K_S are found
by a backtracking search over the neurons of all layers, with forward
checking on the entries whose two ends are already placed, and described by
a stabilizer chain (its transversal elements generate the group).
Theta~ cap Fix(K_S) joins each label with its images under the generators.

Examples
--------
>>> from symtheory.networks.mlp import EquivariantMLP
>>> net = EquivariantMLP("S3", "natural + 2*trivial; natural + trivial; natural + 2*trivial")
>>> [(s.layer, s.codim, s.theorem_3_3) for s in layered_subspaces(net, max_codim=1)]
[(2, 1, True)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..algebra.equivariant import WeightSpace
from ..exceptions import InvalidTypeError, InvalidValueError, SearchLimitError, ShapeError
from .hidden import _blocks, _block_ids, _canon, _extend_label_map, _join, _merge, _row_partition
from .mlp import EquivariantMLP

__all__ = [
    "LayeredSubspace",
    "as_mlp",
    "layered_subspaces",
    "layered_closed_partitions",
    "layered_lemma_3_2_holds",
    "layered_visible_symmetries",
    "count_layered_visible_symmetries",
    "is_layered_visible_permutation",
    "layered_halves_relation",
]


def as_mlp(net) -> EquivariantMLP:
    """An :class:`EquivariantMLP` (a TwoLayerNet is converted, the numbering kept).

    >>> from symtheory.networks.networks import TwoLayerNet
    >>> as_mlp(TwoLayerNet("S3", "natural", "natural")).depth
    1
    """
    if isinstance(net, EquivariantMLP):
        return net
    if hasattr(net, "row_labels") and hasattr(net, "hidden"):
        return EquivariantMLP.from_two_layer(net)
    raise InvalidTypeError(f"expected an EquivariantMLP or TwoLayerNet, got {type(net).__name__}")


class _Structure:
    """The labelled parameter tensors of a network, as the search and closure need them."""

    def __init__(self, net: EquivariantMLP):
        self.net = net
        self.L = net.depth
        self.widths = net.widths
        self.rows = [np.asarray(net.layer_labels(l)) for l in range(1, self.L + 1)]
        self.k = net.theta_dim
        labs = net.block_labels()
        self.W = [labs[net.block_index("W", l)] for l in range(1, self.L + 1)]
        self.b = [labs[net.block_index("b", l)][:, 0] for l in range(1, self.L + 1)] if net.bias else None
        self.U = labs[net.block_index("U", self.L)] if net.output is not None else None
        self.sizes = np.bincount(np.concatenate([a.ravel() for a in labs]), minlength=self.k)

    def tensors(self):
        """(labels, row layer, column layer) of each tensor; layer 0 / L+1 are fixed."""
        out = []
        for l in range(1, self.L + 1):
            out.append((self.W[l - 1], l, l - 1))
            if self.b is not None:
                out.append((self.b[l - 1][:, None], l, -1))
        if self.U is not None:
            out.append((self.U, self.L + 1, self.L))
        return out


# -- the search for P~ and K_S ----------------------------------------------------

class _LayeredSearcher:
    """Backtracking search for p in P mapping label classes onto label classes.

    ``coarse[a]`` is a class of each label that p must preserve
    (phi(a) in the class of a): all zeros for P~, the classes of S for K_S.
    """

    def __init__(self, st: _Structure, coarse=None, budget: int = 200_000):
        self.st = st
        self.coarse = np.zeros(st.k, dtype=np.int64) if coarse is None else np.asarray(coarse)
        self.budget = budget
        self.nodes = 0
        key = self.coarse * (int(st.sizes.max()) + 1) + st.sizes  # phi keeps class and size
        self.key = key
        self.allowed = []
        for R in st.rows:
            sig = np.sort(key[R], axis=1)
            _, color = np.unique(sig, axis=0, return_inverse=True)
            color = np.asarray(color).ravel()
            self.allowed.append(color[:, None] == color[None, :])

    def _views(self, l, sigma):
        """Source and target label columns of layer l's determined entries."""
        st = self.st
        src, tgt = [], []
        prev = np.arange(st.widths[0]) if l == 1 else sigma[l - 2]
        done = np.flatnonzero(prev >= 0)
        Wl = st.W[l - 1]
        src.append(Wl[:, done])
        tgt.append(Wl[:, prev[done]])
        if st.b is not None:
            src.append(st.b[l - 1][:, None])
            tgt.append(st.b[l - 1][:, None])
        if l < st.L:
            nxt = sigma[l]
            done = np.flatnonzero(nxt >= 0)
            Wn = st.W[l]
            src.append(Wn[done, :].T)
            tgt.append(Wn[nxt[done], :].T)
        elif st.U is not None:
            src.append(st.U.T)
            tgt.append(st.U.T)
        return np.hstack(src), np.hstack(tgt)

    def _assign(self, l, i, s, state) -> bool:
        phi, inv, sigma, used = state
        sigma[l - 1][i] = s
        S, T = self._views(l, sigma)
        a, b = S[i], T[s]
        if np.any(self.coarse[a] != self.coarse[b]):
            return False
        if not _extend_label_map(phi, inv, a, b):
            return False
        used[l - 1][s] = True
        return True

    def find(self, fixed: dict):
        """An element extending ``fixed`` ({(layer, i): s}) as (sigma list, phi), or None."""
        st = self.st
        phi = np.full(st.k, -1, dtype=np.int64)
        inv = np.full(st.k, -1, dtype=np.int64)
        sigma = [np.full(h, -1, dtype=np.int64) for h in st.widths[1:]]
        used = [np.zeros(h, dtype=bool) for h in st.widths[1:]]
        state = (phi, inv, sigma, used)
        for (l, i), s in sorted(fixed.items()):
            if not self.allowed[l - 1][i, s] or used[l - 1][s] or not self._assign(l, i, s, state):
                return None
        return self._dfs(state)

    def _dfs(self, state):
        phi, inv, sigma, used = state
        self.nodes += 1
        if self.nodes > self.budget:
            raise SearchLimitError(
                "the search for visible symmetries exceeded its budget; the network is too "
                "symmetric to decide visibility here (use fewer identical blocks)")
        best = None
        for l in range(1, self.st.L + 1):
            free = np.flatnonzero(sigma[l - 1] < 0)
            if len(free) == 0:
                continue
            S, T = self._views(l, sigma)
            A = S[free]                                  # (f, n)
            PA = phi[A]
            ok_fwd = (T[None, :, :] == PA[:, None, :]) | (PA[:, None, :] < 0)
            IT = inv[T]                                  # (h, n)
            ok_back = (IT[None, :, :] == A[:, None, :]) | (IT[None, :, :] < 0)
            ok_cls = self.coarse[T][None, :, :] == self.coarse[A][:, None, :]
            dom = np.all(ok_fwd & ok_back & ok_cls, axis=2)
            dom &= self.allowed[l - 1][free] & ~used[l - 1][None, :]
            counts = dom.sum(axis=1)
            if np.any(counts == 0):
                return None
            t = int(np.argmin(counts))
            if best is None or counts[t] < best[0]:
                best = (int(counts[t]), l, int(free[t]), np.flatnonzero(dom[t]))
        if best is None:
            return [s.copy() for s in sigma], phi.copy()
        _, l, i, cands = best
        for s in cands:
            new = (phi.copy(), inv.copy(), [x.copy() for x in sigma], [u.copy() for u in used])
            if self._assign(l, i, int(s), new):
                out = self._dfs(new)
                if out is not None:
                    return out
        return None


def _chain(st: _Structure, coarse=None):
    """Stabilizer chain over the neurons in layer order: generators, order, phis."""
    S = _LayeredSearcher(st, coarse)
    gens, phis, order = [], [], 1
    base = [(l, i) for l in range(1, st.L + 1) for i in range(st.widths[l])]
    for n, (l, i) in enumerate(base):
        orbit = {i}
        level = []
        for j in np.flatnonzero(S.allowed[l - 1][i]):
            j = int(j)
            if j in orbit or j < i:
                continue
            fixed = {p: p[1] for p in base[:n]}
            fixed[(l, i)] = j
            found = S.find(fixed)
            if found is None:
                continue
            level.append(found)
            frontier, orbit = [i], {i}
            while frontier:
                x = frontier.pop()
                for g, _ in level:
                    y = int(g[l - 1][x])
                    if y not in orbit:
                        orbit.add(y)
                        frontier.append(y)
        gens.extend(g for g, _ in level)
        phis.extend(p for _, p in level)
        order *= len(orbit)
    return gens, order, phis


def layered_visible_symmetries(net) -> list:
    """Generators of P~: each a list of L image arrays (one per hidden layer).

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural; 2*trivial; trivial")
    >>> layered_visible_symmetries(net)      # swap the two trivial neurons of layer 1
    [[[1, 0], [0]]]
    """
    gens, _, _ = _chain(_Structure(as_mlp(net)))
    return [[s.tolist() for s in g] for g in gens]


def count_layered_visible_symmetries(net) -> int:
    """|P~|, the product of the orbit lengths of the stabilizer chain.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> count_layered_visible_symmetries(EquivariantMLP("S3", "natural; 3*trivial; 2*trivial"))
    12
    """
    return _chain(_Structure(as_mlp(net)))[1]


def is_layered_visible_permutation(net, sigma) -> bool:
    """Whether p = (sigma_1, ..., sigma_L) maps Theta~ onto itself.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural; 2*trivial; 2*trivial")
    >>> is_layered_visible_permutation(net, [[1, 0], [0, 1]])
    True
    """
    st = _Structure(as_mlp(net))
    sig = [np.asarray(s, dtype=np.int64) for s in sigma]
    if len(sig) != st.L or any(s.shape != (h,) or sorted(s.tolist()) != list(range(h))
                               for s, h in zip(sig, st.widths[1:])):
        raise ShapeError(f"sigma must be {st.L} permutations of the layers, of sizes "
                         f"{list(st.widths[1:])}")
    pairs = []
    for lab, rl, cl in st.tensors():
        img = np.empty_like(lab)
        r = sig[rl - 1] if 1 <= rl <= st.L else np.arange(lab.shape[0])
        c = sig[cl - 1] if 1 <= cl <= st.L else np.arange(lab.shape[1])
        img[np.ix_(r, c)] = lab
        pairs.append(np.stack([lab.ravel(), img.ravel()], axis=1))
    pairs = np.unique(np.concatenate(pairs), axis=0)
    return len(pairs) == st.k and len(np.unique(pairs[:, 1])) == st.k


# -- partitions, Lemma 3.2 -------------------------------------------------------

def _partition_classes(st: _Structure, partitions) -> np.ndarray:
    """Label classes of Theta~ cap Theta_Q for the given per-layer blocks."""
    if len(partitions) != st.L:
        raise InvalidValueError(f"give one partition per hidden layer ({st.L}), got {len(partitions)}")
    a, b = [np.arange(st.k)], [np.arange(st.k)]
    for R, blocks in zip(st.rows, partitions):
        ids = _block_ids(R.shape[0], blocks)
        rep = np.zeros(ids.max() + 1, dtype=np.int64)
        rep[ids[::-1]] = np.arange(len(ids))[::-1]
        a.append(R.ravel())
        b.append(R[rep[ids]].ravel())
    return _merge(st.k, np.concatenate(a), np.concatenate(b))


def _closed(st, cls) -> tuple:
    return tuple(_blocks(_row_partition(cls[R])) for R in st.rows)


def layered_closed_partitions(net, partitions) -> tuple:
    """The closed partitions (per layer) of Theta~ cap Theta_Q.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural; natural; trivial")
    >>> layered_closed_partitions(net, [[[0, 1, 2]], []])   # equal layer-1 neurons force nothing else
    (((0, 1, 2),), ())
    """
    st = _Structure(as_mlp(net))
    return _closed(st, _partition_classes(st, partitions))


def _lemma(st: _Structure, closed) -> bool:
    block = [_block_ids(h, blocks) for h, blocks in zip(st.widths[1:], closed)]
    sig = {}   # orbit key -> {label: count}
    entries = []
    for t, (lab, rl, cl) in enumerate(st.tensors()):
        r = block[rl - 1] if 1 <= rl <= st.L else np.arange(lab.shape[0])
        c = block[cl - 1] if 1 <= cl <= st.L else np.arange(lab.shape[1])
        keys = np.stack(np.broadcast_arrays(t, r[:, None], c[None, :]), axis=-1).reshape(-1, 3)
        for key, a in zip(map(tuple, keys.tolist()), lab.ravel().tolist()):
            d = sig.setdefault(key, {})
            d[a] = d.get(a, 0) + 1
            entries.append((a, key))
    norm = {key: frozenset((a, Fraction(n, sum(d.values()))) for a, n in d.items())
            for key, d in sig.items()}
    seen = {}
    for a, key in entries:
        if seen.setdefault(a, norm[key]) != norm[key]:
            return False
    return True


def layered_lemma_3_2_holds(net, partitions) -> bool:
    """The condition of Lemma 3.2 for Q = ``partitions`` (one list of blocks per layer).

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural + 2*trivial; natural + trivial; natural + 2*trivial")
    >>> layered_lemma_3_2_holds(net, [[], [[0, 1, 2]]])
    True
    """
    st = _Structure(as_mlp(net))
    if len(partitions) != st.L:
        raise InvalidValueError(f"give one partition per hidden layer ({st.L}), got {len(partitions)}")
    return _lemma(st, partitions)


# -- the enumeration ------------------------------------------------------------------

@dataclass(frozen=True)
class LayeredSubspace:
    """A subspace Theta~ cap Theta_Q of an equivariant MLP.

    Attributes
    ----------
    partitions : tuple of tuples of tuples of int
        For each hidden layer 1..L, the blocks of size >= 2 of its closed partition.
    layer : int or None
        The one layer whose partition is not discrete, or None if several are.
    dim, codim : int
    hidden, lemma_3_2, theorem_3_3 : bool
        As in :class:`~symtheory.networks.hidden.HiddenSubspace`.
    classes : ndarray
        Class of each global label (the subspace: coordinates equal within a class).

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural + 2*trivial; natural + trivial; natural + 2*trivial")
    >>> s = layered_subspaces(net, max_codim=1)[0]
    >>> s.partitions, s.layer, s.dim, s.codim
    (((), ((0, 1, 2),)), 2, 13, 1)
    """

    partitions: tuple
    layer: int | None
    dim: int
    codim: int
    hidden: bool
    lemma_3_2: bool
    theorem_3_3: bool
    classes: np.ndarray = field(compare=False, repr=False)

    def as_dict(self) -> dict:
        """JSON-ready record; ``"partition"`` is the partition of ``layer`` (or null).

        >>> from symtheory.networks.mlp import EquivariantMLP
        >>> net = EquivariantMLP("S3", "natural + 2*trivial; natural + trivial; natural + 2*trivial")
        >>> layered_subspaces(net, max_codim=1)[0].as_dict()["partitions"]
        [[], [[0, 1, 2]]]
        """
        part = None if self.layer is None else [list(b) for b in self.partitions[self.layer - 1]]
        return {"layer": self.layer, "partitions": [[list(b) for b in p] for p in self.partitions],
                "partition": part, "dim": self.dim, "codim": self.codim, "hidden": self.hidden,
                "lemma_3_2": self.lemma_3_2, "theorem_3_3": self.theorem_3_3}

    def space(self, net) -> list:
        """Each block's entries as a :class:`WeightSpace` of the subspace's labels.

        >>> from symtheory.networks.mlp import EquivariantMLP
        >>> net = EquivariantMLP("S3", "natural; natural")
        >>> [w.shape for w in layered_subspaces(net)[0].space(net)]
        [(3, 3)]
        """
        # neuron equalities merge entries of one block only, so classes never span blocks
        return [WeightSpace(_canon(self.classes[L].ravel()).reshape(L.shape))
                for L in as_mlp(net).block_labels()]


def _pair_orbits(rep):
    """One representative pair (i, j), i < j, per G-orbit of pairs, from the generators."""
    h = rep.degree
    gens = [np.asarray(im) for im in rep.images]
    seen = np.zeros((h, h), dtype=bool)
    out = []
    for i in range(h):
        for j in range(i + 1, h):
            if seen[i, j]:
                continue
            out.append((i, j))
            stack = [(i, j)]
            seen[i, j] = seen[j, i] = True
            while stack:
                a, b = stack.pop()
                for g in gens:
                    x, y = int(g[a]), int(g[b])
                    if not seen[x, y]:
                        seen[x, y] = seen[y, x] = True
                        stack.append((min(x, y), max(x, y)))
    return out


def _enumerate(st: _Structure, max_codim):
    k = st.k
    atoms = {}
    for l, R in enumerate(st.rows, 1):
        for i, j in _pair_orbits(st.net.layers[l]):
            cls = _merge(k, R[i], R[j])
            dim = int(cls.max()) + 1
            if dim == k or (max_codim is not None and k - dim > max_codim):
                continue
            atoms.setdefault(cls.tobytes(), cls)
    family = dict(atoms)
    frontier = list(atoms.values())
    atom_list = list(atoms.values())
    while frontier:
        nxt = []
        for cls in frontier:
            for at in atom_list:
                joined = _join(k, cls, at)
                key = joined.tobytes()
                if key in family:
                    continue
                if max_codim is not None and k - (int(joined.max()) + 1) > max_codim:
                    continue
                family[key] = joined
                nxt.append(joined)
        frontier = nxt
    return list(family.values())


def layered_subspaces(net, max_codim: int | None = None, progress=None) -> list:
    """Enumerate the subspaces Theta~ cap Theta_Q of an MLP (any depth, biases).

    Parameters
    ----------
    net : EquivariantMLP or TwoLayerNet
    max_codim : int, optional
        Only subspaces of codimension at most this.
    progress : callable, optional

    Returns
    -------
    list of LayeredSubspace
        Sorted by codim, then partitions; Theta~ itself left out.  For a
        one-layer network without biases these are exactly the subspaces of
        :func:`~symtheory.networks.hidden.hidden_fixed_point_subspaces`.

    Raises
    ------
    InvalidTypeError, InvalidValueError, SearchLimitError

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural; natural; natural")
    >>> for s in layered_subspaces(net):
    ...     print(s.partitions, s.codim, s.hidden, s.theorem_3_3)
    ((), ((0, 1, 2),)) 1 True True
    (((0, 1, 2),), ((0, 1, 2),)) 2 True False
    """
    net = as_mlp(net)
    if max_codim is not None:
        if isinstance(max_codim, bool) or not isinstance(max_codim, (int, np.integer)):
            raise InvalidTypeError(f"max_codim must be an int or None, got {max_codim!r}")
        if max_codim < 0:
            raise InvalidValueError(f"max_codim must be at least 0, got {max_codim}")
    st = _Structure(net)
    classes = _enumerate(st, max_codim)
    if progress:
        progress(f"{len(classes)} subspaces; deciding visibility")
    out = []
    for cls in classes:
        closed = _closed(st, cls)
        dim = int(cls.max()) + 1
        _, _, phis = _chain(st, cls)
        if phis:
            vis = _merge(st.k, np.concatenate([np.arange(st.k)] * len(phis)), np.concatenate(phis))
        else:
            vis = np.arange(st.k)
        hidden = not np.array_equal(vis, cls)
        lem = _lemma(st, closed)
        nontrivial = [l for l, p in enumerate(closed, 1) if p]
        layer = nontrivial[0] if len(nontrivial) == 1 else None
        out.append(LayeredSubspace(closed, layer, dim, st.k - dim, bool(hidden), bool(lem),
                                   bool(hidden and st.k - dim == 1 and lem), cls))
    out.sort(key=lambda s: (s.codim, s.partitions))
    return out


def layered_halves_relation(net, subspace) -> str:
    """How P~ relates the two halves of Theta~ cut by a codim-1 subspace.

    ``"distinct"``, ``"swapped"`` or ``"mixed"``, with the meaning of
    :func:`~symtheory.networks.hidden.halves_relation`.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural + 2*trivial; natural + trivial; natural + 2*trivial")
    >>> layered_halves_relation(net, layered_subspaces(net, max_codim=1)[0])
    'distinct'
    """
    if not isinstance(subspace, LayeredSubspace):
        raise InvalidTypeError(f"expected a LayeredSubspace, got {type(subspace).__name__}")
    if subspace.codim != 1:
        raise InvalidValueError(f"the subspace has codim {subspace.codim}; halves are defined "
                                "for codim 1 only")
    st = _Structure(as_mlp(net))
    cls = subspace.classes
    if len(cls) != st.k:
        raise ShapeError("the subspace belongs to another network")
    counts = np.bincount(cls)
    a, b = (int(x) for x in np.flatnonzero(np.isin(cls, np.flatnonzero(counts == 2))))
    relation = "distinct"
    for phi in _chain(st)[2]:
        if {int(phi[a]), int(phi[b])} != {a, b}:
            return "mixed"
        if int(phi[a]) == b:
            relation = "swapped"
    return relation
