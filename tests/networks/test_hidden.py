"""Tests for symtheory.networks.hidden: hidden fixed-point subspaces (Section 3 of the paper).

The heart of this file is a brute-force oracle, written from the definitions
of issue 4 and sharing no code with :mod:`symtheory.networks.hidden`:

* Theta~ is computed as the null space of the equivariance equations
  ``P_Y(g) W P_X(g)^T = W`` (and ``P_Z(g) U P_Y(g)^T = U``) for the generators,
  from permutation matrices built here, not from the orbital labels;
* every set partition Q of the hidden neurons is enumerated (restricted growth
  strings), Theta~ cap Theta_Q is a null space, its closed partition is read
  off by testing every pair of rows on a basis;
* P~ is found by trying every sigma in S_h; the orbit partitions of all
  subgroups of P~ are the closure under joins of the cycle partitions of its
  elements (the orbits of <K1, K2> are the join of the orbits of K1 and K2),
  so the visible subspaces are the Theta~ cap Theta_O for those O;
* the Lemma 3.2 condition is checked by its definition with ranks:
  dim(Theta_Q^perp cap Theta~) + dim(Theta_Q cap Theta~) = dim Theta~ (the
  two pieces are orthogonal, so the sum is direct).

Everything is floating point linear algebra on 0/+-1 matrices, with a
tolerance far above round-off and far below the smallest nonzero singular
value of such small matrices.
"""

from __future__ import annotations

import itertools
import json

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symtheory.exceptions import InvalidTypeError, InvalidValueError, ShapeError
from symtheory.algebra.groups import named_group
from symtheory.networks.hidden import (HiddenSubspace, closed_partition, count_visible_symmetries,
                              halves_relation, hidden_fixed_point_subspaces,
                              is_visible_permutation,
                              lemma_3_2_holds, subspace_lattice, visible_symmetries)
from symtheory.networks.networks import TwoLayerNet
from symtheory.algebra.reps import parse_rep

TOL = 1e-8


# -- the oracle ---------------------------------------------------------------------

def _perm_matrix(images, n):
    P = np.zeros((n, n))
    P[np.asarray(images), np.arange(n)] = 1.0
    return P


def _set_partitions(n):
    """All set partitions of range(n) as block-id lists (restricted growth strings)."""
    def rec(prefix, top):
        if len(prefix) == n:
            yield list(prefix)
            return
        for b in range(top + 2):
            yield from rec(prefix + [b], max(top, b))
    if n == 0:
        yield []
        return
    yield from rec([0], 0)


def _blocks_of(ids):
    out = {}
    for i, b in enumerate(ids):
        out.setdefault(b, []).append(i)
    return tuple(sorted(tuple(v) for v in out.values() if len(v) > 1))


def _null(A):
    """Orthonormal basis of the null space, with an absolute tolerance."""
    _, s, vt = np.linalg.svd(A)
    rank = int(np.sum(s > 1e-9))
    return vt[rank:].T


def _rank(A):
    return int(np.sum(np.linalg.svd(A, compute_uv=False) > 1e-9)) if A.size else 0


class Oracle:
    """Brute force over all set partitions and all of S_h, by linear algebra."""

    def __init__(self, group, input, hidden, output="sum"):
        G = named_group(group)
        X, Y = parse_rep(G, input), parse_rep(G, hidden)
        Z = None if output == "sum" else parse_rep(G, output)
        self.h, self.d = Y.degree, X.degree
        self.z = 0 if Z is None else Z.degree
        self.m = self.d + self.z
        h, d, z, m = self.h, self.d, self.z, self.m
        # unknowns: the row matrix R = [W | U^T] of shape (h, m), flattened row-major
        eqs = []
        for gx, gy, *gz in zip(X.images, Y.images, *([Z.images] if Z is not None else [])):
            PX, PY = _perm_matrix(gx, d), _perm_matrix(gy, h)
            # vec(PY W PX^T) = (PY kron PX) vec(W) for row-major vec
            AW = np.kron(PY, PX) - np.eye(h * d)
            A = np.zeros((h * d, h * m))
            A[:, self._cols_W()] = AW
            eqs.append(A)
            if Z is not None:
                PZ = _perm_matrix(gz[0], z)
                # U of shape (z, h) is stored transposed in R; U' = PZ U PY^T, i.e.
                # U'^T = PY U^T PZ^T: same form as W with (PY, PZ)
                AU = np.kron(PY, PZ) - np.eye(h * z)
                A = np.zeros((h * z, h * m))
                A[:, self._cols_U()] = AU
                eqs.append(A)
        self.B = _null(np.vstack(eqs))  # orthonormal basis of Theta~, (h*m, k)
        self.k = self.B.shape[1]
        self.N = h * m

    @classmethod
    def from_labels(cls, labels):
        """The oracle for an arbitrary space of (h, m) matrices constant on labels."""
        L = np.asarray(labels)
        self = cls.__new__(cls)
        self.h, self.m = L.shape
        self.N = L.size
        k = int(L.max()) + 1
        ind = np.stack([(L == a).ravel().astype(float) for a in range(k)], axis=1)
        self.B = ind / np.sqrt(ind.sum(axis=0))
        self.k = k
        return self

    def _cols_W(self):
        return (np.arange(self.h)[:, None] * self.m + np.arange(self.d)[None, :]).ravel()

    def _cols_U(self):
        return (np.arange(self.h)[:, None] * self.m + self.d + np.arange(self.z)[None, :]).ravel()

    # rows equal inside blocks
    def constraints(self, ids):
        rows = []
        first = {}
        for i, b in enumerate(ids):
            if b in first:
                j = first[b]
                for c in range(self.m):
                    r = np.zeros(self.N)
                    r[i * self.m + c], r[j * self.m + c] = 1.0, -1.0
                    rows.append(r)
            else:
                first[b] = i
        return np.array(rows).reshape(-1, self.N)

    def intersection(self, ids):
        """Orthonormal basis (h*m, dim) of Theta~ cap Theta_Q."""
        C = self.constraints(ids)
        if len(C) == 0:
            return self.B
        return self.B @ _null(C @ self.B)

    def closed(self, S):
        """Closed partition of a subspace given by a basis: pairs of rows equal on it."""
        R = S.reshape(self.h, self.m, -1)
        ids = list(range(self.h))
        for i in range(self.h):
            for j in range(i):
                if ids[j] == j and np.abs(R[i] - R[j]).max() < TOL:
                    ids[i] = j
                    break
        return _blocks_of(ids)

    @staticmethod
    def ids_of(blocks, h):
        ids = list(range(h))
        for b in blocks:
            for x in b:
                ids[x] = b[0]
        return ids

    def subspaces(self):
        """{closed partition: (dim, basis, [all Q giving it])}, Theta~ left out."""
        out = {}
        for ids in _set_partitions(self.h):
            S = self.intersection(ids)
            key = self.closed(S)
            if key in out:
                assert out[key][0] == S.shape[1]
                out[key][2].append(ids)
            else:
                out[key] = (S.shape[1], S, [ids])
        return {q: v for q, v in out.items() if v[0] < self.k}

    def act(self, sigma, V):
        """sigma acting on row matrices: row i moves to row sigma[i]."""
        R = V.reshape(self.h, self.m, -1)
        out = np.empty_like(R)
        out[np.asarray(sigma)] = R
        return out.reshape(self.N, -1)

    def visible_group(self):
        """All sigma in S_h with sigma Theta~ = Theta~ (by brute force)."""
        Pperp = np.eye(self.N) - self.B @ self.B.T
        return [s for s in itertools.permutations(range(self.h))
                if np.abs(Pperp @ self.act(s, self.B)).max() < TOL]

    def subgroup_orbit_partitions(self, group):
        """Orbit partitions (block-id tuples) of all subgroups of ``group``."""
        def canon(ids):
            seen, out = {}, []
            for b in ids:
                out.append(seen.setdefault(b, len(seen)))
            return tuple(out)

        def cycles(s):
            ids = [-1] * self.h
            for i in range(self.h):
                if ids[i] < 0:
                    j = i
                    while ids[j] < 0:
                        ids[j] = i
                        j = s[j]
            return canon(ids)

        def join(a, b):
            parent = list(range(self.h))

            def root(x):
                while parent[x] != x:
                    x = parent[x]
                return x
            for ids in (a, b):
                first = {}
                for i, blk in enumerate(ids):
                    if blk in first:
                        ra, rb = root(i), root(first[blk])
                        if ra != rb:
                            parent[max(ra, rb)] = min(ra, rb)
                    else:
                        first[blk] = i
            return canon([root(i) for i in range(self.h)])

        cyc = {cycles(s) for s in group}
        family = set(cyc)
        frontier = set(cyc)
        while frontier:
            new = {join(a, c) for a in frontier for c in cyc} - family
            family |= new
            frontier = new
        return family

    def lemma_3_2(self, ids):
        """(Theta_Q^perp cap Theta~) + (Theta_Q cap Theta~) = Theta~, by ranks."""
        C = self.constraints(ids)
        if len(C) == 0:
            return True
        rank = _rank
        rC = rank(C)  # dim Theta_Q^perp (the row space of the constraints)
        perp_cap = rC + self.k - rank(np.hstack([C.T, self.B]))
        cap = self.intersection(ids).shape[1]
        return perp_cap + cap == self.k

    def report(self):
        subs = self.subspaces()
        Pt = self.visible_group()
        visible = {self.closed(self.intersection(list(o)))
                   for o in self.subgroup_orbit_partitions(Pt)}
        rows = {}
        for q, (dim, S, qs) in subs.items():
            hidden = q not in visible
            lem = self.lemma_3_2(self.ids_of(q, self.h))
            lem_any = any(self.lemma_3_2(ids) for ids in qs)
            rows[q] = dict(dim=dim, codim=self.k - dim, hidden=hidden, lemma_3_2=lem,
                           lemma_any=lem_any, theorem_3_3=hidden and self.k - dim == 1 and lem,
                           basis=S)
        return dict(k=self.k, n_visible=len(Pt), rows=rows, visible_group=Pt)


# -- architectures ------------------------------------------------------------------------

ARCHS = [
    ("S3", "natural + 2*trivial", "natural + 3*trivial", "sum"),  # the paper's example
    ("S3", "natural", "2*natural", "sum"),
    ("S3", "natural + trivial", "regular", "sum"),
    ("S3", "natural", "natural + cosets((1,2,3)) + trivial", "sum"),
    ("S3", "natural", "natural + trivial", "trivial"),
    ("S3", "natural + trivial", "2*natural", "natural"),
    ("S4", "natural + trivial", "natural + 2*trivial", "sum"),
    ("S4", "natural", "natural + cosets((1,2)(3,4),(1,3)(2,4),(1,2))", "sum"),
    ("S4", "natural", "cosets((1,2,3,4),(1,3))", "natural"),
    ("C4", "natural + trivial", "natural + cosets((1,3)(2,4))", "sum"),
    ("C4", "natural", "natural + 3*trivial", "sum"),
    ("D4", "natural + trivial", "natural + cosets((1,3),(2,4))", "sum"),
    ("D4", "natural", "cosets((1,3)) + cosets((1,2)(3,4),(1,3)(2,4))", "trivial"),
    ("V4", "natural + trivial", "natural + cosets((1,2)(3,4)) + trivial", "sum"),
    ("V4", "natural", "cosets((1,2)(3,4)) + cosets((1,3)(2,4)) + cosets((1,4)(2,3))", "sum"),
]


@pytest.fixture(scope="module")
def oracle_reports():
    return {a: Oracle(*a).report() for a in ARCHS}


def _net(arch):
    g, x, y, z = arch
    return TwoLayerNet(g, input=x, hidden=y, output=z)


def _span_projector(V):
    Q, _ = np.linalg.qr(V)
    return Q @ Q.T


def _space_basis(space):
    """Basis (h*m, dim) of a WeightSpace of row matrices, from its labels."""
    lab = np.asarray(space.labels)
    return np.stack([(lab == a).ravel().astype(float) for a in range(space.dim)], axis=1)


def _contains(big, small):
    """Whether span(small) is inside span(big) (both (N, .) bases)."""
    if small.shape[1] == 0:
        return True
    coef, *_ = np.linalg.lstsq(big, small, rcond=None)
    return np.abs(big @ coef - small).max() < 1e-7


def _generated_group(gens, h):
    """All elements generated by the permutations ``gens`` (BFS, tuples)."""
    ident = tuple(range(h))
    seen, frontier = {ident}, [ident]
    while frontier:
        nxt = []
        for p in frontier:
            for g in gens:
                q = tuple(g[p[i]] for i in range(h))
                if q not in seen:
                    seen.add(q)
                    nxt.append(q)
        frontier = nxt
    return seen


# -- the fast enumeration against the oracle --------------------------------------------

def test_architectures_cover_the_issue():
    """At least ten architectures over S3, S4, C4, D4, V4, h <= 7, with trainable U too."""
    assert len(ARCHS) >= 10
    assert {a[0] for a in ARCHS} == {"S3", "S4", "C4", "D4", "V4"}
    assert all(_net(a).hidden_degree <= 7 for a in ARCHS)
    assert any(a[3] != "sum" for a in ARCHS)


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
def test_enumeration_matches_brute_force(arch, oracle_reports):
    """Every Theta~ cap Theta_Q (all set partitions Q) is listed once, with the
    same closed partition, dim, codim, hidden, lemma_3_2 and theorem_3_3 flags
    and the same span as the brute-force oracle.  Proves the enumeration on
    these architectures; samples nothing."""
    rep = oracle_reports[arch]
    net = _net(arch)
    assert net.theta_dim == rep["k"]
    fast = hidden_fixed_point_subspaces(net)
    parts = [s.partition for s in fast]
    assert len(parts) == len(set(parts)), "a subspace is listed twice"
    assert set(parts) == set(rep["rows"])
    for s in fast:
        o = rep["rows"][s.partition]
        got = (s.dim, s.codim, s.hidden, s.lemma_3_2, s.theorem_3_3)
        want = (o["dim"], o["codim"], o["hidden"], o["lemma_3_2"], o["theorem_3_3"])
        assert got == want, s.partition
        assert s.space.shape == (net.hidden_degree, net.row_labels.shape[1])
        np.testing.assert_allclose(_span_projector(_space_basis(s.space)),
                                   _span_projector(o["basis"]), atol=1e-8)
    # sorted by codim, then partition
    keys = [(s.codim, s.partition) for s in fast]
    assert keys == sorted(keys)


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
def test_visible_symmetries_brute_force(arch, oracle_reports):
    """P~ by brute force over S_h: its order is count_visible_symmetries, the
    generators returned generate exactly P~, and is_visible_permutation agrees
    on every sigma in S_h."""
    rep = oracle_reports[arch]
    net = _net(arch)
    h = net.hidden_degree
    Pt = set(rep["visible_group"])
    assert count_visible_symmetries(net) == len(Pt)
    gens = [tuple(g) for g in visible_symmetries(net)]
    assert set(gens) <= Pt
    assert _generated_group(gens, h) == Pt
    for s in itertools.permutations(range(h)):
        assert is_visible_permutation(net, s) == (s in Pt), s


def test_oracle_summary(oracle_reports):
    """Counts (subspaces, hidden, Theorem 3.3 rows) recorded from the oracle,
    so that a change in either implementation shows up as a readable diff."""
    summary = {"|".join(a): (r["k"], r["n_visible"], len(r["rows"]),
                             sum(v["hidden"] for v in r["rows"].values()),
                             sum(v["theorem_3_3"] for v in r["rows"].values()))
               for a, r in oracle_reports.items()}
    # (dim Theta~, |P~|, subspaces, hidden, Theorem 3.3)
    assert summary == EXPECTED_SUMMARY


EXPECTED_SUMMARY = {
    "S3|natural + 2*trivial|natural + 3*trivial|sum": (13, 6, 19, 15, 1),
    "S3|natural|2*natural|sum": (4, 2, 5, 4, 2),
    "S3|natural + trivial|regular|sum": (4, 6, 4, 0, 0),
    "S3|natural|natural + cosets((1,2,3)) + trivial|sum": (4, 2, 6, 6, 2),
    "S3|natural|natural + trivial|trivial": (5, 1, 2, 2, 1),
    "S3|natural + trivial|2*natural|natural": (10, 2, 5, 4, 0),
    "S4|natural + trivial|natural + 2*trivial|sum": (7, 2, 6, 5, 1),
    "S4|natural|natural + cosets((1,2)(3,4),(1,3)(2,4),(1,2))|sum": (3, 6, 2, 2, 1),
    "S4|natural|cosets((1,2,3,4),(1,3))|natural": (2, 6, 0, 0, 0),
    "C4|natural + trivial|natural + cosets((1,3)(2,4))|sum": (8, 8, 8, 3, 0),
    "C4|natural|natural + 3*trivial|sum": (7, 24, 24, 10, 0),
    "D4|natural + trivial|natural + cosets((1,3),(2,4))|sum": (7, 4, 8, 5, 0),
    "D4|natural|cosets((1,3)) + cosets((1,2)(3,4),(1,3)(2,4))|trivial": (6, 4, 3, 2, 0),
    "V4|natural + trivial|natural + cosets((1,2)(3,4)) + trivial|sum": (10, 8, 20, 11, 0),
    "V4|natural|cosets((1,2)(3,4)) + cosets((1,3)(2,4)) + cosets((1,4)(2,3))|sum": (6, 8, 14, 7, 0),
}


# -- the examples of the issue ----------------------------------------------------------------

def test_theorem_3_3_paper_example():
    """S3, input natural + 2*trivial, hidden natural + 3*trivial (Section 4.2):
    dim Theta~ = 13, exactly one codim-1 subspace, the three neurons of the
    natural block equal (theta_1 = theta_2), hidden, Lemma 3.2, Theorem 3.3 -
    and the oracle says the same."""
    arch = ARCHS[0]
    net = _net(arch)
    assert net.theta_dim == 13
    subs = hidden_fixed_point_subspaces(net)
    codim1 = [s for s in subs if s.codim == 1]
    assert [(s.partition, s.hidden, s.lemma_3_2, s.theorem_3_3) for s in codim1] == \
        [(((0, 1, 2),), True, True, True)]
    assert sum(s.theorem_3_3 for s in subs) == 1
    # the subspace is exactly "diagonal = off-diagonal" of the pi_3 -> pi_3 map
    W = codim1[0].space.to_numpy(np.arange(1.0, 13.0))
    assert np.all(W[:3, :3] == W[0, 0])
    o = Oracle(*arch).report()
    codim1_oracle = [q for q, v in o["rows"].items() if v["codim"] == 1]
    assert codim1_oracle == [((0, 1, 2),)]
    assert o["rows"][((0, 1, 2),)]["theorem_3_3"]


def test_theorems_3_4_3_5_two_naturals():
    """S3, hidden = 2*natural: the two copies equal neuron by neuron is visible
    (swapping the copies, Theorem 3.5); the three neurons of one copy equal is
    hidden (Theorem 3.4) and of codim 1."""
    net = TwoLayerNet("S3", "natural", "2*natural")
    subs = {s.partition: s for s in hidden_fixed_point_subspaces(net)}
    assert subs[((0, 3), (1, 4), (2, 5))].hidden is False
    assert subs[((0, 1, 2),)].hidden is True and subs[((0, 1, 2),)].codim == 1
    assert subs[((3, 4, 5),)].theorem_3_3
    # the swap of the copies is a visible symmetry; a 3-cycle in one copy is not
    assert is_visible_permutation(net, [3, 4, 5, 0, 1, 2])
    assert not is_visible_permutation(net, [1, 2, 0, 3, 4, 5])


def test_trainable_output_rows_carry_U():
    """With output=EXPR a hidden permutation moves rows of W and columns of U
    together: row_labels is [W | U^T], and sigma in P~ maps equivariant (W, U)
    to equivariant (W, U)."""
    net = TwoLayerNet("S3", "natural + trivial", "2*natural", output="natural")
    h, d = net.hidden_degree, net.input_degree
    assert net.row_labels.shape == (h, d + 3)
    W, U = net.random_weights(seed=3)
    R = np.hstack([W, U.T])
    np.testing.assert_allclose(R, net.row_space.to_numpy(net.row_space.coordinates(R)), atol=1e-12)
    for sigma in visible_symmetries(net):
        R2 = np.empty_like(R)
        R2[np.asarray(sigma)] = R
        assert net.weight_space.contains(R2[:, :d])
        assert net.output_space.contains(R2[:, d:].T)
    # the output weights break the row equalities W alone would allow
    plain = TwoLayerNet("S3", "natural + trivial", "2*natural")
    assert len(hidden_fixed_point_subspaces(net)) <= len(hidden_fixed_point_subspaces(plain))


# -- max_codim, lattice ------------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHS[:8], ids=lambda a: "|".join(a))
def test_max_codim_filters(arch):
    net = _net(arch)
    full = hidden_fixed_point_subspaces(net)
    top = max([s.codim for s in full], default=0)
    for c in range(0, top + 1):
        got = hidden_fixed_point_subspaces(net, max_codim=c)
        assert got == [s for s in full if s.codim <= c]
    assert hidden_fixed_point_subspaces(net, max_codim=0) == []


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
def test_lattice_is_the_hasse_diagram_of_inclusion(arch, oracle_reports):
    """Edges of subspace_lattice are exactly the covering relations of
    inclusion of the oracle's subspaces, with Theta~ (node -1) on top."""
    net = _net(arch)
    subs = hidden_fixed_point_subspaces(net)
    D = subspace_lattice(net, subs)
    rep = oracle_reports[arch]
    bases = {-1: _space_basis(net.row_space)}
    for i, s in enumerate(subs):
        bases[i] = rep["rows"][s.partition]["basis"]
    order = nx.DiGraph()
    order.add_nodes_from(bases)
    for a, A in bases.items():
        for b, B in bases.items():
            if a != b and B.shape[1] < A.shape[1] and _contains(A, B):
                order.add_edge(a, b)
    assert set(D.nodes) == set(bases)
    assert set(D.edges) == set(nx.transitive_reduction(order).edges)
    for a, b in D.edges:
        assert D.nodes[a]["dim"] > D.nodes[b]["dim"]
    assert D.nodes[-1]["dim"] == net.theta_dim


def test_lattice_default_subspaces():
    net = TwoLayerNet("S3", "natural", "2*natural")
    D = subspace_lattice(net)
    assert D.number_of_nodes() == 6
    assert nx.is_directed_acyclic_graph(D)
    assert set(nx.descendants(D, -1)) == set(range(5))


# -- closed partitions and Lemma 3.2 on arbitrary partitions ---------------------------------

@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
def test_closed_partition_and_lemma_on_all_partitions(arch):
    """For every set partition Q (mostly not closed): closed_partition is the
    oracle's, and lemma_3_2_holds is the rank condition of Lemma 3.2 for Q
    itself.  Both values of the condition must occur over the zoo."""
    o = Oracle(*arch)
    net = _net(arch)
    values = set()
    for ids in _set_partitions(net.hidden_degree):
        blocks = [list(b) for b in _blocks_of(ids)]
        assert closed_partition(net, blocks) == o.closed(o.intersection(ids))
        want = o.lemma_3_2(ids)
        assert lemma_3_2_holds(net, blocks) == want, blocks
        values.add(want)
    if net.hidden_degree >= 4 and arch[3] == "sum":
        assert values == {True, False}


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(2, 5), st.integers(1, 3), st.integers(1, 6), st.data())
def test_lemma_3_2_condition_on_arbitrary_linear_constraints(h, m, k, data):
    """lemma_3_2_holds and closed_partition on random label matrices (any
    subspace cut out by equalities of entries, not only equivariant ones)
    against the rank definition of the oracle."""
    raw = data.draw(st.lists(st.integers(0, k - 1), min_size=h * m, max_size=h * m))
    L = np.unique(np.array(raw), return_inverse=True)[1].reshape(h, m)
    ids = data.draw(st.lists(st.integers(0, h - 1), min_size=h, max_size=h))
    blocks = [list(b) for b in _blocks_of(ids)]
    o = Oracle.from_labels(L)
    assert lemma_3_2_holds(L, blocks) == o.lemma_3_2(ids)
    assert closed_partition(L, blocks) == o.closed(o.intersection(ids))


def test_lemma_3_2_condition_takes_both_values():
    """The rank condition is not always true: pi_3 -> pi_3 with two of the
    three neurons averaged breaks equivariance, all three does not."""
    net = TwoLayerNet("S3", "natural", "natural")
    o = Oracle("S3", "natural", "natural")
    assert lemma_3_2_holds(net, [[0, 1]]) is False and o.lemma_3_2([0, 0, 1]) is False
    assert lemma_3_2_holds(net, [[0, 1, 2]]) is True and o.lemma_3_2([0, 0, 0]) is True
    assert closed_partition(net, [[0, 1]]) == ((0, 1, 2),)


@pytest.mark.parametrize("func", [closed_partition, lemma_3_2_holds])
def test_partition_argument_errors(func):
    """Blocks must be disjoint lists of indices in range(h) (before, a negative
    index wrapped around and overlapping blocks were silently misread)."""
    net = TwoLayerNet("S3", "natural", "2*natural")
    with pytest.raises(InvalidValueError, match="out of range"):
        func(net, [[0, 6]])
    with pytest.raises(InvalidValueError, match="out of range"):
        func(net, [[-1, 1]])
    with pytest.raises(InvalidValueError, match="disjoint"):
        func(net, [[0, 1], [1, 2]])
    with pytest.raises(InvalidValueError, match="disjoint"):
        func(net, [[0, 0, 1]])
    with pytest.raises(InvalidTypeError):
        func(net, [[0, 1.5]])
    with pytest.raises(ShapeError):
        func(np.zeros(3, dtype=int), [[0, 1]])
    assert func(net, []) == func(net, [[], [4]]) == func(net, [[np.int64(4)]])


def test_max_codim_and_net_errors():
    net = TwoLayerNet("S3", "natural", "2*natural")
    with pytest.raises(InvalidValueError, match="at least 0"):
        hidden_fixed_point_subspaces(net, max_codim=-1)
    for bad in ("1", 1.5, True):
        with pytest.raises(InvalidTypeError, match="max_codim"):
            hidden_fixed_point_subspaces(net, max_codim=bad)
    with pytest.raises(InvalidTypeError, match="TwoLayerNet"):
        hidden_fixed_point_subspaces(np.array([[0, 1], [1, 0]]))
    assert len(hidden_fixed_point_subspaces(net, max_codim=np.int64(1))) == 2


def test_is_visible_permutation_rejects_non_permutations():
    net = TwoLayerNet("S3", "natural", "2*natural")
    with pytest.raises(ShapeError):
        is_visible_permutation(net, [0, 0, 1, 2, 3, 4])
    with pytest.raises(ShapeError):
        is_visible_permutation(net, [0, 1, 2])


# -- Lemma 3.2 numerically: gradients stay in the subspace ----------------------------------

def _projected_gradient_offset(space_theta, S, W, V):
    """Distance from the Theta~-projected loss gradient at W to the subspace S."""
    from symtheory.landscape.loss import loss_gradient
    g = space_theta.project(loss_gradient(W, V))
    return np.linalg.norm(g - S.project(g)), np.linalg.norm(g)


@pytest.mark.parametrize("arch", [a for a in ARCHS if a[3] == "sum"][:6],
                         ids=lambda a: "|".join(a))
def test_lemma_3_2_gradient_stays_in_subspace(arch):
    """Lemma 3.2: at a random point of a subspace whose condition holds, the
    gradient of the constrained loss (symtheory.landscape.loss gradient projected onto
    Theta~) lies in the subspace, for a random teacher.  Samples 3 points and
    teachers per subspace (seeded)."""
    net = _net(arch)
    rng = np.random.default_rng(7)
    Theta = net.weight_space
    checked = 0
    for s in hidden_fixed_point_subspaces(net):
        assert s.lemma_3_2
        for _ in range(3):
            W = s.space.to_numpy(rng.standard_normal(s.dim))
            V = Theta.to_numpy(rng.standard_normal(Theta.dim))
            off, size = _projected_gradient_offset(Theta, s.space, W, V)
            assert size > 1e-6
            assert off <= 1e-9 * max(1.0, size)
            checked += 1
    assert checked > 0


def test_lemma_3_2_gradient_leaves_subspace_when_condition_fails():
    """Negative control: a linear constraint that is not equivariance (W
    symmetric, 2 x 2) with Q = {0, 1}: the condition fails, and the constrained
    gradient at a generic point of Theta~ cap Theta_Q leaves it."""
    from symtheory.algebra.equivariant import WeightSpace
    from symtheory.landscape.loss import loss_gradient
    labels = np.array([[0, 1], [1, 2]])
    assert lemma_3_2_holds(labels, [[0, 1]]) is False
    Theta = WeightSpace(labels)
    S = WeightSpace(np.zeros((2, 2), dtype=int))  # Theta~ cap Theta_Q: all entries equal
    assert closed_partition(labels, [[0, 1]]) == ((0, 1),)
    W = S.to_numpy([0.7])
    V = np.array([[1.0, -0.3], [-0.3, 0.2]])
    g = Theta.project(loss_gradient(W, V))
    assert np.linalg.norm(g - S.project(g)) > 1e-3


# -- scale --------------------------------------------------------------------------------------

def test_regular_s4_hidden_finishes():
    """hidden = regular(S4), 24 neurons: the enumeration finishes (no timing
    assert) and its output is self-consistent: every partition is closed,
    every subspace is visible (fixed by right translations, Theorem 3.4)."""
    net = TwoLayerNet("S4", "natural + trivial", "regular")
    subs = hidden_fixed_point_subspaces(net)
    assert len(subs) == 14
    assert count_visible_symmetries(net) == 24
    for s in subs:
        assert closed_partition(net, s.partition) == s.partition
        assert not s.hidden
        assert 0 < s.codim < net.theta_dim + 1
    # Theorem 3.4 for the regular block: the neurons sharing the weights of the
    # identity form a subgroup A, and the blocks are exactly its left cosets xA
    G = net.group
    T = G.multiplication_table
    e = int(np.flatnonzero(np.all(T == np.arange(G.order), axis=1))[0])
    subgroups = set()
    for s in subs:
        A = next(b for b in s.partition if e in b)
        assert set(T[np.ix_(A, A)].ravel().tolist()) == set(A)  # closed: a subgroup
        cosets = {tuple(sorted(T[x, list(A)].tolist())) for x in range(G.order)}
        assert cosets == set(s.partition)
        subgroups.add(A)
    assert len(subgroups) == len(subs)


def test_as_dict_is_json_ready():
    net = TwoLayerNet("S3", "natural", "2*natural")
    s = hidden_fixed_point_subspaces(net)[0]
    assert isinstance(s, HiddenSubspace)
    d = json.loads(json.dumps(s.as_dict()))
    assert d == {"partition": [[0, 1, 2]], "dim": 3, "codim": 1, "hidden": True,
                 "lemma_3_2": True, "theorem_3_3": True}


# -- the two halves of a Theorem 3.3 subspace ---------------------------------------------

HALVES = [a for a in ARCHS if a[0] in ("S3", "C4", "S4")]


@pytest.mark.parametrize("arch", HALVES, ids=["|".join(a) for a in HALVES])
def test_halves_relation_against_every_visible_permutation(arch):
    """For each codim-1 subspace, the unit normal n of the hyperplane inside Theta~ is
    computed by linear algebra; every sigma in P~ (all of S_h tried) maps n to n (halves
    kept), to -n (halves swapped) or elsewhere (the hyperplane moves: "mixed")."""
    net = _net(arch)
    orc = Oracle(*arch)
    group = orc.visible_group()
    Q = orc.B  # orthonormal basis of Theta~
    for s in hidden_fixed_point_subspaces(net, max_codim=1):
        S = orc.intersection(orc.ids_of(s.partition, orc.h))
        assert S.shape[1] == Q.shape[1] - 1
        c = _null(S.T @ Q)  # coordinates (in Q) of the normal direction
        n = (Q @ c)[:, 0]
        kinds = set()
        for sigma in group:
            m = orc.act(sigma, n[:, None])[:, 0]
            if np.abs(m - n).max() < 1e-8:
                kinds.add("keep")
            elif np.abs(m + n).max() < 1e-8:
                kinds.add("swap")
            else:
                kinds.add("move")
        expected = "mixed" if "move" in kinds else ("swapped" if "swap" in kinds else "distinct")
        assert halves_relation(net, s) == expected, (arch, s.partition, kinds)


def test_halves_relation_known_cases_and_errors():
    paper = _net(("S3", "natural + 2*trivial", "natural + 3*trivial", "sum"))
    [s] = hidden_fixed_point_subspaces(paper, max_codim=1)
    assert halves_relation(paper, s) == "distinct"  # the spurious minimum of Section 4
    two = _net(("S3", "natural", "2*natural", "sum"))
    assert {halves_relation(two, t) for t in hidden_fixed_point_subspaces(two, max_codim=1)} \
        == {"mixed"}
    deeper = [t for t in hidden_fixed_point_subspaces(two) if t.codim > 1][0]
    with pytest.raises(InvalidValueError, match="codim 1"):
        halves_relation(two, deeper)
    with pytest.raises(InvalidTypeError):
        halves_relation(two, "{0,1,2}")
    with pytest.raises(ShapeError):
        halves_relation(paper, hidden_fixed_point_subspaces(two, max_codim=1)[0])



def test_join_budget_is_exactly_subspaces_times_pair_subspaces():
    """The enumeration joins each of its N subspaces with each of its A pair subspaces once:
    a budget of N * A joins gives the full answer, N * A - 1 is refused; a refusal comes as
    soon as the subspaces found so far need more than the budget (found = budget // A + 1),
    not after the joins were done (S3 natural + 7*trivial: 1,035 found, not 3,101)."""
    import re
    from symtheory.exceptions import SearchLimitError
    two = _net(("S3", "natural", "2*natural", "sum"))
    full = hidden_fixed_point_subspaces(two)
    N = len(full)
    A = next(a for a in range(1, N + 1)
             if _budget_suffices(two, N * a))  # the smallest multiple of N that suffices
    assert [s.partition for s in hidden_fixed_point_subspaces(two, max_joins=N * A)] == \
        [s.partition for s in full]
    with pytest.raises(SearchLimitError):
        hidden_fixed_point_subspaces(two, max_joins=N * A - 1)
    wide = _net(("S3", "natural", "natural + 7*trivial", "sum"))
    with pytest.raises(SearchLimitError) as info:
        hidden_fixed_point_subspaces(wide, max_joins=30_000)
    atoms, found, joins = map(int, re.search(
        r"\((\d+) pair subspaces, (\d+) subspaces found so far, at least (\d+) joins\)",
        str(info.value)).groups())
    assert found == 30_000 // atoms + 1 and joins == found * atoms


def _budget_suffices(net, budget):
    from symtheory.exceptions import SearchLimitError
    try:
        hidden_fixed_point_subspaces(net, max_joins=budget)
        return True
    except SearchLimitError:
        return False
