"""Tests for symtheory.networks.layered: hidden subspaces of MLPs of any depth, with biases.

The brute-force oracle here shares no code with :mod:`symtheory.networks.layered`:

* Theta~ is the null space of the equivariance equations ``M_g theta = theta``
  for the generators g, M_g the permutation matrix of g on the flat parameter
  vector built here from the layers' generator images (no orbital labels);
* every product of set partitions (Q_1, ..., Q_L) is enumerated, Theta~ cap
  Theta_Q is a null space (transpositions inside the blocks of each layer
  fix it), and its closed partitions are read off by testing, for every
  pair of neurons of every layer, whether their transposition fixes a basis;
* P is all of S_{h_1} x ... x S_{h_L}, each element as a permutation matrix on
  the flat parameters; P~ = {p : M_p Theta~ in Theta~}; for each subspace S,
  K_S = {p in P~ : M_p fixes S pointwise}, and S is visible iff
  dim(Theta~ cap Fix(K_S)) = dim S (any K <= P~ with Theta~ cap Fix(K) = S
  fixes S pointwise, so K <= K_S);
* Lemma 3.2 by ranks: dim(Theta_Q^perp cap Theta~) + dim(Theta_Q cap Theta~) = dim Theta~.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symtheory.exceptions import InvalidTypeError, ParseError, RepresentationMismatchError
from symtheory.networks.layered import (count_layered_visible_symmetries, is_layered_visible_permutation,
                                        layered_closed_partitions, layered_halves_relation,
                                        layered_lemma_3_2_holds, layered_subspaces,
                                        layered_visible_symmetries)
from symtheory.networks.mlp import EquivariantMLP

TOL = 1e-8


def _null(A, n):
    if A.shape[0] == 0:
        return np.eye(n)
    if A.shape[0] < n:
        A = np.vstack([A, np.zeros((n - A.shape[0], n))])
    _, s, vt = np.linalg.svd(A, full_matrices=False)
    rank = int(np.sum(s > 1e-9))
    return vt[rank:].T


class _Oracle:
    def __init__(self, net: EquivariantMLP):
        self.h = net.widths
        self.L = net.depth
        self.z = None if net.output is None else net.output.degree
        # flat layout: W_1, b_1, ..., W_L, b_L, U (row-major); index tables per tensor
        self.idx = []
        n = 0
        for l in range(1, self.L + 1):
            W = np.arange(n, n + self.h[l] * self.h[l - 1]).reshape(self.h[l], self.h[l - 1])
            n += W.size
            self.idx.append(("W", l, W))
            if net.bias:
                b = np.arange(n, n + self.h[l]).reshape(self.h[l], 1)
                n += b.size
                self.idx.append(("b", l, b))
        if self.z is not None:
            U = np.arange(n, n + self.z * self.h[-1]).reshape(self.z, self.h[-1])
            n += U.size
            self.idx.append(("U", self.L + 1, U))
        self.n = n
        reps = list(net.layers) + ([net.output] if net.output is not None else [])
        eqs = []
        for k in range(len(net.group.generators)):
            perms = [np.asarray(r.images[k]) for r in reps]
            eqs.append(self._matrix_of(perms, with_input=True) - np.eye(n))
        self.eq = np.vstack(eqs) if eqs else np.zeros((0, n))
        self.theta = _null(self.eq, n)
        self.dim = self.theta.shape[1]

    def _index_of(self, perms, with_input=False):
        """The parameter permutation as an index array: (M theta)[idx[e]] = theta[e];
        perms[l] acts on layer l (perms[0] on inputs and perms[L+1] on outputs only
        when with_input)."""
        idx = np.empty(self.n, dtype=np.int64)
        for kind, l, T in self.idx:
            fixed_rows = kind == "U" and not with_input
            rp = np.arange(T.shape[0]) if fixed_rows else perms[l]
            if kind == "b":
                cp = np.arange(1)
            elif l == 1 and kind == "W" and not with_input:
                cp = np.arange(T.shape[1])
            else:
                cp = perms[l - 1] if kind != "U" else perms[self.L]
            idx[T.ravel()] = T[np.ix_(rp, cp)].ravel()
        return idx

    def _matrix_of(self, perms, with_input=False):
        M = np.zeros((self.n, self.n))
        M[self._index_of(perms, with_input), np.arange(self.n)] = 1.0
        return M

    def hidden_perm(self, sigmas):
        perms = [None] + list(sigmas) + [None]
        return self._index_of(perms)

    def transposition(self, l, i, j):
        sig = [np.arange(h) for h in self.h[1:]]
        sig[l - 1][[i, j]] = [j, i]
        M = np.zeros((self.n, self.n))
        M[self.hidden_perm(sig), np.arange(self.n)] = 1.0
        return M

    def subspaces(self):
        L, h = self.L, self.h
        trans = {(l, i, j): self.transposition(l, i, j) - np.eye(self.n)
                 for l in range(1, L + 1) for i in range(h[l]) for j in range(i + 1, h[l])}
        parts = [list(_set_partitions(h[l])) for l in range(1, L + 1)]
        found = {}
        for Q in itertools.product(*parts):
            rows = [self.eq]
            for l, ids in enumerate(Q, 1):
                for i in range(h[l]):
                    for j in range(i + 1, h[l]):
                        if ids[i] == ids[j]:
                            rows.append(trans[(l, i, j)])
            S = _null(np.vstack(rows), self.n)
            if S.shape[1] == self.dim:
                continue
            closed = []
            for l in range(1, L + 1):
                parent = list(range(h[l]))
                for i in range(h[l]):
                    for j in range(i + 1, h[l]):
                        if np.abs(trans[(l, i, j)] @ S).max() < TOL:
                            parent[j] = parent[i] if parent[j] == j else parent[j]
                blocks = {}
                for i in range(h[l]):
                    r = i
                    while parent[r] != r:
                        r = parent[r]
                    blocks.setdefault(r, []).append(i)
                closed.append(tuple(sorted(tuple(b) for b in blocks.values() if len(b) > 1)))
            key = tuple(closed)
            if key in found:
                assert found[key].shape[1] == S.shape[1]
                continue
            found[key] = S
        return found

    def all_p(self):
        """Every p in P as an index array (M_p theta)[idx] = theta."""
        return np.array([self.hidden_perm([np.array(s) for s in sig]) for sig in
                         itertools.product(*[list(itertools.permutations(range(hl)))
                                             for hl in self.h[1:]])])

    def report(self):
        P = self.all_p()
        inv = np.argsort(P, axis=1)                       # (M_p v) = v[inv_p]
        proj = self.theta @ self.theta.T
        moved = self.theta[inv]                           # (|P|, n, dim)
        keep = np.abs(moved - proj @ moved).max(axis=(1, 2)) < TOL
        Pt = inv[keep]
        out = []
        for key, S in self.subspaces().items():
            K = Pt[np.abs(S[Pt] - S[None]).max(axis=(1, 2)) < TOL]
            # projector onto Fix(K): the average of the permutation matrices of K
            A = np.zeros((self.n, self.n))
            np.add.at(A, (np.repeat(np.arange(self.n)[None], len(K), 0), K), 1.0 / len(K))
            fix = _null(np.vstack([self.eq, A - np.eye(self.n)]), self.n)
            hidden = fix.shape[1] != S.shape[1]
            # Lemma 3.2 for the closed partition
            rows = [self.transposition(l, b[0], x) - np.eye(self.n)
                    for l, p in enumerate(key, 1) for b in p for x in b[1:]]
            TQ = _null(np.vstack(rows), self.n)
            perp = _null(np.vstack([self.eq, TQ.T]), self.n)
            lem = perp.shape[1] + S.shape[1] == self.dim
            codim = self.dim - S.shape[1]
            out.append((key, S.shape[1], codim, hidden, lem, hidden and codim == 1 and lem))
        return sorted(out, key=lambda r: (r[2], r[0])), len(Pt)


def _set_partitions(n):
    def rec(prefix, top):
        if len(prefix) == n:
            yield list(prefix)
            return
        for b in range(top + 2):
            yield from rec(prefix + [b], max(top, b))
    yield from rec([0], 0)


ARCHITECTURES = [
    ("S3", "natural; natural; natural", "sum", False),
    ("S3", "natural; natural; natural", "sum", True),
    ("S3", "natural + trivial; natural; natural + trivial", "sum", False),
    ("S3", "natural + 2*trivial; natural; 2*trivial", "sum", True),
    ("S3", "natural; natural; trivial; natural", "sum", False),
    ("S3", "natural; 2*trivial; natural; trivial", "sum", True),
    ("S3", "natural; natural; natural", "trivial", False),
    ("S3", "natural; cosets(2); natural", "sum", True),
    ("S3", "natural; natural; natural; natural", "sum", True),
    ("S4", "natural; natural; trivial", "sum", False),
    ("S4", "natural; natural; natural", "sum", True),
    ("S4", "natural; 2*trivial; natural", "sum", False),
    ("S4", "natural; trivial; trivial; natural", "sum", True),
    ("C4", "natural; natural; natural", "sum", False),
    ("C4", "natural; natural; 2*trivial", "sum", True),
    ("C4", "natural; 2*trivial; cosets(1); trivial", "sum", False),
    ("D4", "natural; natural; natural", "sum", False),
    ("D4", "natural; natural; trivial", "sum", True),
    ("D4", "natural; 2*trivial; natural; trivial", "sum", True),
    ("V4", "natural; natural; natural", "sum", False),
    ("V4", "natural; natural; 2*trivial", "sum", True),
    ("V4", "natural; 2*trivial; trivial; natural", "sum", False),
]


@pytest.mark.parametrize("group,layers,output,bias", ARCHITECTURES)
def test_enumeration_matches_brute_force(group, layers, output, bias):
    """All products of set partitions and all of P: subspaces, hidden, Lemma 3.2, Thm 3.3, |P~|."""
    net = EquivariantMLP(group, layers, output=output, bias=bias)
    expected, n_visible = _Oracle(net).report()
    got = [(s.partitions, s.dim, s.codim, s.hidden, s.lemma_3_2, s.theorem_3_3)
           for s in layered_subspaces(net)]
    assert got == expected, f"{group} {layers} bias={bias}: enumeration differs from the oracle"
    assert count_layered_visible_symmetries(net) == n_visible


def test_architectures_cover_the_brief():
    depths = {len(a[1].split(";")) - 1 for a in ARCHITECTURES}
    groups = {a[0] for a in ARCHITECTURES}
    assert len(ARCHITECTURES) >= 20 and depths == {2, 3}
    assert groups == {"S3", "S4", "C4", "D4", "V4"} and {a[3] for a in ARCHITECTURES} == {False, True}


def test_biases_are_one_parameter_per_orbit():
    """The paper's S3 net: dim Theta~ = 13; biases add one per orbit of the hidden layer (4)."""
    plain = EquivariantMLP("S3", ["natural + 2*trivial", "natural + 3*trivial"])
    biased = EquivariantMLP("S3", ["natural + 2*trivial", "natural + 3*trivial"], bias=True)
    assert (plain.theta_dim, biased.theta_dim) == (13, 17)
    assert [s.dim for s in biased.bias_spaces] == [len(biased.layers[1].orbits())]


def test_paper_example_with_bias_keeps_theorem_3_3():
    net = EquivariantMLP("S3", ["natural + 2*trivial", "natural + 3*trivial"], bias=True)
    subs = layered_subspaces(net, max_codim=1)
    assert [(s.partitions, s.codim, s.hidden, s.theorem_3_3) for s in subs] == \
        [((((0, 1, 2),),), 1, True, True)]


def test_theorem_3_3_in_the_second_layer_only():
    """Equal layer-1 natural neurons also equalise W_2's columns: codim 2, no Theorem 3.3;
    the layer-2 natural block alone is codim 1 and hidden."""
    net = EquivariantMLP("S3", "natural + 2*trivial; natural + trivial; natural + 2*trivial")
    flagged = [s for s in layered_subspaces(net) if s.theorem_3_3]
    assert [(s.layer, s.partitions) for s in flagged] == [(2, ((), ((0, 1, 2),)))]
    assert layered_halves_relation(net, flagged[0]) == "distinct"
    assert layered_closed_partitions(net, [[[0, 1, 2]], []]) == (((0, 1, 2),), ((0, 1, 2),))
    assert layered_lemma_3_2_holds(net, [[], [[0, 1, 2]]])


def test_visible_generators_preserve_theta():
    net = EquivariantMLP("S3", "natural; 2*trivial; natural + 2*trivial", bias=True)
    gens = layered_visible_symmetries(net)
    assert gens and all(is_layered_visible_permutation(net, g) for g in gens)
    assert not is_layered_visible_permutation(net, [[0, 1], [3, 1, 2, 0, 4]])


def test_bad_layers_are_one_line_errors():
    with pytest.raises(ParseError, match="layer 1 .* is empty"):
        EquivariantMLP("S3", "natural; ; trivial")
    from symtheory.algebra.groups import parse_group
    from symtheory.algebra.reps import natural
    with pytest.raises(RepresentationMismatchError):
        EquivariantMLP("S3", ["natural", natural(parse_group("S4"))])
    with pytest.raises(InvalidTypeError):
        layered_subspaces("S3")
