"""Tests for symtheory.networks.reductions: Theorems 3.4 and 3.5 as constructions.

For every architecture of a zoo (S3, S4, C4, D4, V4, A4; every transitive
hidden p-rep of degree <= 12, plus some networks with trained output weights)
every hidden-neuron partition that makes a transitive block reducible is
realised by a random point of the corresponding subspace, and the
construction is checked by facts that do not restate the code:

* the reduced network computes the same function on random Gaussian inputs
  (ReLU and erf);
* its weights are equivariant (:func:`symtheory.testing.assert_equivariant`
  on the generators of the group);
* the new block has n = |G:A| neurons, n divides m, n < m, and n is the number
  of distinct rows of the old block (counted here directly);
* the reduced block is irreducible (reducing it again is refused).

Theorem 3.5's first claim (two irreducible transitive blocks that share a
neuron are the same p-rep) is checked on every pair of non-isomorphic
transitive p-reps of small degree of the zoo.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symtheory.exceptions import NonFiniteError, ShapeError, SymtheoryError
from symtheory.algebra.groups import named_group
from symtheory.networks.hidden import hidden_fixed_point_subspaces
from symtheory.networks.networks import TwoLayerNet
from symtheory.networks.reductions import Reduction, merge_blocks, reduce_block
from symtheory.algebra.reps import transitive_preps
from symtheory.testing import assert_equivariant

ZOO = ["S3", "S4", "C4", "D4", "V4", "A4"]


def _zoo_networks():
    nets = []
    for name in ZOO:
        G = named_group(name)
        for X in transitive_preps(G):
            if 2 <= X.degree <= 12:
                nets.append(TwoLayerNet(G, "natural + trivial", X + transitive_preps(G)[-1]))
    nets += [
        TwoLayerNet("S3", "natural", "natural + trivial", output="trivial"),
        TwoLayerNet("S3", "natural + trivial", "regular", output="natural"),
        TwoLayerNet("S4", "natural + trivial", "cosets((1,2,3,4),(1,3))", output="natural"),
        TwoLayerNet("D4", "natural", "natural + cosets((1,3))", output="trivial"),
        TwoLayerNet("A4", "natural", "cosets((1,2)(3,4))", output="natural"),
    ]
    return nets


def _split(net, R):
    d = net.input_degree
    if net.output is None:
        return R[:, :d], None
    return R[:, :d], R[:, d:].T.copy()


def _distinct_rows(R, pts, tol=1e-9):
    reps = []
    for i in pts:
        if not any(np.abs(R[i] - R[j]).max() <= tol for j in reps):
            reps.append(i)
    return len(reps)


def _assert_same_function(net, W, U, red, seed):
    x = np.random.default_rng(seed).standard_normal((64, net.input_degree))
    for act in ("relu", "erf"):
        before = net.forward(x, W, U, activation=act)
        after = red.net.forward(x, red.W, red.U, activation=act)
        np.testing.assert_allclose(after, before, rtol=1e-10, atol=1e-10)


def _assert_equivariant_reduction(red):
    n = red.net
    assert_equivariant(red.W, n.input, n.hidden, atol=1e-12)
    assert n.weight_space.contains(red.W)
    if n.output is not None:
        assert_equivariant(red.U, n.hidden, n.output, atol=1e-12)


def _reducible_cases():
    """(net, subspace, block index, W only) for every block made reducible by a
    subspace.  For networks with trained output weights the subspaces of the
    rows [W | U^T] are used (U columns equal too) and, with ``W only``, the
    subspaces of W alone with a random equivariant U (only the ingoing weights
    of merged neurons need to agree)."""
    cases = []
    for net in _zoo_networks():
        blocks = net.hidden.decompose()
        sources = [(hidden_fixed_point_subspaces(net), False)]
        if net.output is not None:
            plain = TwoLayerNet(net.group, net.input, net.hidden)
            sources.append((hidden_fixed_point_subspaces(plain), True))
        for subs, w_only in sources:
            for s in subs:
                for b, blk in enumerate(blocks):
                    pts = set(blk.points)
                    if any(len(pts.intersection(q)) >= 2 for q in s.partition):
                        cases.append((net, s, b, w_only))
    return cases


CASES = _reducible_cases()


def test_zoo_is_large():
    """The zoo really exercises Theorem 3.4: many reducible blocks, every group."""
    assert len(CASES) >= 90
    assert {c[0].group.name for c in CASES} >= set(ZOO)
    assert any(c[0].output is not None and not c[3] for c in CASES)
    assert any(c[3] for c in CASES)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_theorem_3_4_reduce_block(case):
    """Theorem 3.4 on one reducible block: same function, equivariant weights,
    n = |G:A| = number of distinct rows, n | m, n < m, irreducible result."""
    net, s, b, w_only = CASES[case]
    rng = np.random.default_rng(case)
    R = s.space.to_numpy(rng.standard_normal(s.dim))
    if w_only:
        W = R
        U = net.output_space.to_numpy(rng.standard_normal(net.output_space.dim))
    else:
        W, U = _split(net, R)
    red = reduce_block(net, W, b, U=U)
    assert isinstance(red, Reduction)
    G = net.group
    pts = net.hidden.decompose()[b].points
    m, n = len(pts), _distinct_rows(W, pts)
    assert (red.m, red.n) == (m, n)
    assert n < m and m % n == 0
    assert red.subgroup.order * n == G.order
    assert red.net.hidden_degree == net.hidden_degree - m + n
    new_block = red.net.hidden.decompose()[b]
    assert new_block.degree == n
    assert red.net.hidden.stabilizer(new_block.points[0]).order == red.subgroup.order
    if net.output is None:
        assert red.net.multiplicities.sum() == pytest.approx(net.multiplicities.sum())
        np.testing.assert_allclose(red.net.multiplicities[list(new_block.points)], m / n)
    _assert_equivariant_reduction(red)
    _assert_same_function(net, W, U, red, seed=case)
    with pytest.raises(SymtheoryError, match="irreducible"):
        reduce_block(red.net, red.W, b, U=red.U)


# -- Theorem 3.5 ------------------------------------------------------------------------------

def _merge_networks():
    nets = []
    for name in ZOO:
        G = named_group(name)
        for X in transitive_preps(G):
            if 2 <= X.degree <= 8:
                nets.append(TwoLayerNet(G, "natural + trivial", 2 * X))
    # the same p-rep numbered differently (conjugate point stabilizers)
    nets += [
        TwoLayerNet("S3", "natural", "cosets((1,2)) + cosets((1,3))"),
        TwoLayerNet("S4", "natural + trivial", "cosets((1,2)) + cosets((3,4))"),
        TwoLayerNet("D4", "natural", "cosets((1,3)) + cosets((2,4))"),
        TwoLayerNet("S3", "natural + trivial", "2*natural", output="natural"),
        TwoLayerNet("C4", "natural", "2*natural", output="trivial"),
    ]
    return nets


def _merge_cases():
    cases = []
    for net in _merge_networks():
        a, b = net.hidden.decompose()
        A, B = set(a.points), set(b.points)
        for s in hidden_fixed_point_subspaces(net):
            cross = any(A & set(q) and B & set(q) for q in s.partition)
            inside = any(len(A & set(q)) >= 2 or len(B & set(q)) >= 2 for q in s.partition)
            if cross and not inside:
                cases.append((net, s))
    return cases


MERGE_CASES = _merge_cases()


def test_merge_zoo_is_large():
    assert len(MERGE_CASES) >= 20
    assert {c[0].group.name for c in MERGE_CASES} >= set(ZOO)


@pytest.mark.parametrize("case", range(len(MERGE_CASES)))
def test_theorem_3_5_merge_blocks(case):
    """Theorem 3.5: two irreducible copies sharing a neuron merge into one
    block carrying both multiplicities; same function, equivariant weights,
    both orders of the blocks."""
    net, s = MERGE_CASES[case]
    rng = np.random.default_rng(1000 + case)
    R = s.space.to_numpy(rng.standard_normal(s.dim))
    W, U = _split(net, R)
    m = net.hidden.decompose()[0].degree
    for a, b in ((0, 1), (1, 0)):
        red = merge_blocks(net, W, a, b, U=U)
        assert red.net.hidden_degree == m and (red.m, red.n) == (m, m)
        if net.output is None:
            np.testing.assert_allclose(red.net.multiplicities, 2.0)
        _assert_equivariant_reduction(red)
        _assert_same_function(net, W, U, red, seed=case)


def test_theorem_3_5_irreducible_blocks_sharing_a_neuron_are_isomorphic():
    """First claim of Theorem 3.5, on every pair of non-isomorphic transitive
    p-reps X, Y (degree 2..6) of the zoo: whenever rows of X and Y are forced
    equal (some subspace), a block is reducible there too."""
    checked = 0
    for name in ZOO:
        G = named_group(name)
        preps = [X for X in transitive_preps(G) if 2 <= X.degree <= 6]
        for X, Y in itertools.combinations(preps, 2):
            if X.is_isomorphic(Y) is not None:
                continue
            net = TwoLayerNet(G, "natural + trivial", X + Y)
            A, B = set(range(X.degree)), set(range(X.degree, X.degree + Y.degree))
            for s in hidden_fixed_point_subspaces(net):
                if any(A & set(q) and B & set(q) for q in s.partition):
                    checked += 1
                    assert any(len(A & set(q)) >= 2 or len(B & set(q)) >= 2
                               for q in s.partition), (name, X.name, Y.name, s.partition)
    assert checked > 20


def test_trained_output_columns_may_differ():
    """Neurons are merged on equal ingoing weights; their (different) output
    columns are added.  pi_3 -> pi_3 -> pi_3 with W = theta * ones: one neuron,
    output column U @ 1."""
    net = TwoLayerNet("S3", "natural", "natural", output="natural")
    W = np.full((3, 3), 0.8)
    U = net.output_space.to_numpy([1.5, -0.25])
    red = reduce_block(net, W, 0, U=U)
    assert (red.m, red.n) == (3, 1)
    np.testing.assert_allclose(red.U, U.sum(axis=1, keepdims=True))
    _assert_equivariant_reduction(red)
    _assert_same_function(net, W, U, red, seed=2)
    # Theorem 3.5 likewise: two copies with equal W and unequal U
    net2 = TwoLayerNet("S3", "natural + trivial", "2*natural", output="natural")
    W2, U2 = net2.random_weights(seed=4)
    W2[3:] = W2[:3]
    assert net2.weight_space.contains(W2)
    assert not np.allclose(U2[:, :3], U2[:, 3:])
    red2 = merge_blocks(net2, W2, 0, 1, U=U2)
    np.testing.assert_allclose(red2.U, U2[:, :3] + U2[:, 3:])
    _assert_equivariant_reduction(red2)
    _assert_same_function(net2, W2, U2, red2, seed=3)


def test_reduce_then_merge_paper_example():
    """Natural block with diagonal = off-diagonal becomes one neuron, which then
    merges with a trivial neuron of equal weights: 6 neurons -> 3, same function."""
    net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    W = net.random_weights(seed=5)
    W[:3, :3] = 0.4
    W[3] = W[0]
    assert net.weight_space.contains(W)
    r1 = reduce_block(net, W, 0)
    assert (r1.m, r1.n, r1.net.hidden_degree) == (3, 1, 4)
    r2 = merge_blocks(r1.net, r1.W, 0, 1)
    assert r2.net.hidden_degree == 3
    assert r2.net.multiplicities.tolist() == [4.0, 1.0, 1.0]
    _assert_same_function(net, W, None, r2, seed=0)


# -- bad calls ------------------------------------------------------------------------------

@pytest.fixture
def s3net():
    return TwoLayerNet("S3", "natural", "2*natural")


def test_reduce_block_refuses_irreducible_block(s3net):
    W = s3net.random_weights(seed=0)
    with pytest.raises(SymtheoryError, match="irreducible"):
        reduce_block(s3net, W, 0)


def test_reduce_block_bad_block_index(s3net):
    W = s3net.random_weights(seed=0)
    with pytest.raises(SymtheoryError, match="does not exist"):
        reduce_block(s3net, W, 2)
    with pytest.raises(SymtheoryError, match="does not exist"):
        reduce_block(s3net, W, -1)


def test_reduce_block_bad_weights(s3net):
    with pytest.raises(ShapeError, match="shape"):
        reduce_block(s3net, np.zeros((3, 3)), 0)
    W = s3net.random_weights(seed=0)
    W[0, 0] = np.nan
    with pytest.raises(NonFiniteError):
        reduce_block(s3net, W, 0)


def test_reduce_block_non_equivariant_weights():
    """Rows 0 and 1 equal but row 2 different: the neurons sharing weights with
    neuron 0 are not an orbit of a subgroup."""
    net = TwoLayerNet("S3", "natural", "natural")
    W = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    with pytest.raises(SymtheoryError, match="not equivariant"):
        reduce_block(net, W, 0)


def test_trained_output_needs_U():
    net = TwoLayerNet("S3", "natural", "natural + trivial", output="trivial")
    W, U = net.random_weights(seed=1)
    W[:3] = W[0]
    with pytest.raises(ShapeError, match="pass U"):
        reduce_block(net, W, 0)
    with pytest.raises(ShapeError, match="shape"):
        reduce_block(net, W, 0, U=U.T)
    U[0, 0] = np.inf
    with pytest.raises(NonFiniteError):
        reduce_block(net, W, 0, U=U)


def test_merge_blocks_errors(s3net):
    W = s3net.random_weights(seed=0)
    with pytest.raises(SymtheoryError, match="two different blocks"):
        merge_blocks(s3net, W, 0, 0)
    with pytest.raises(SymtheoryError, match="cannot be merged"):
        merge_blocks(s3net, W, 0, 1)
    with pytest.raises(SymtheoryError, match="does not exist"):
        merge_blocks(s3net, W, 0, 5)
    # natural and trivial with equal weights: not the same p-rep, no bijection
    net = TwoLayerNet("S3", "natural", "natural + trivial")
    W = np.ones((4, 3))
    with pytest.raises(SymtheoryError, match="not the same p-rep"):
        merge_blocks(net, W, 0, 1)
    with pytest.raises(SymtheoryError, match="not the same p-rep"):
        merge_blocks(net, W, 1, 0)


# -- Theorem 3.4, first case: dead blocks --------------------------------------

def _dead_cases():
    """(net, block) for every block of every multi-block network of the zoo."""
    cases = []
    for net in _zoo_networks():
        blocks = net.hidden.decompose()
        if len(blocks) > 1:
            cases += [(net, k) for k in range(len(blocks))]
    return cases


DEAD = _dead_cases()


@pytest.mark.parametrize("net, k", DEAD, ids=[f"{n.group.name}|{n.hidden.name}|{n.output and n.output.name}|{k}" for n, k in DEAD])
def test_remove_dead_block_keeps_the_function(net, k):
    """A block with zero ingoing weights (and, with trained outputs, one with zero outgoing
    weights) contributes nothing; removing it keeps the function and the equivariance."""
    from symtheory.networks.reductions import remove_block
    rng = np.random.default_rng(k)
    R = net.row_space.to_numpy(rng.standard_normal(net.row_space.dim))
    W, U = _split(net, R)
    pts = list(net.hidden.decompose()[k].points)
    x = rng.standard_normal((16, net.input_degree))
    variants = []
    W0 = W.copy()
    W0[pts] = 0.0
    variants.append((W0, U))
    if U is not None:
        U0 = U.copy()
        U0[:, pts] = 0.0
        variants.append((W, U0))
    for Wv, Uv in variants:
        red = remove_block(net, Wv, k, U=Uv)
        assert (red.m, red.n) == (len(pts), 0)
        assert red.net.hidden_degree == net.hidden_degree - len(pts)
        assert np.allclose(net.forward(x, Wv, Uv), red.net.forward(x, red.W, red.U), atol=1e-10)
        assert_equivariant(red.W, red.net.input, red.net.hidden, exact=False)
        if red.U is not None:
            assert_equivariant(red.U, red.net.hidden, red.net.output, exact=False)


def test_remove_block_refuses_live_and_single_blocks():
    from symtheory.networks.reductions import remove_block
    net = TwoLayerNet("S3", "natural", "natural + trivial")
    W = net.random_weights(seed=0)
    with pytest.raises(SymtheoryError, match="not dead"):
        remove_block(net, W, 0)
    single = TwoLayerNet("S3", "natural", "natural")
    with pytest.raises(SymtheoryError, match="single block"):
        remove_block(single, np.zeros((3, 3)), 0)
