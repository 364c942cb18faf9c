"""Tests for symtheory.networks.networks: the equivariant two-layer network.

The forward pass is held against a naive double loop written from the
formula f(x) = sum_i a_i s(sum_j W[i, j] x[j]) (or U s(W x)), the dimension of
the weight space against Burnside's count of orbitals computed from the
permutation characters, and equivariance of the computed function against
the group action on inputs.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symtheory.exceptions import (NonFiniteError, ParseError, RepresentationMismatchError,
                                  ShapeError, SymtheoryError, UnknownNameError)
from symtheory.algebra.groups import named_group
from symtheory.networks.networks import TwoLayerNet, activation_function
from symtheory.algebra.reps import natural
from symtheory.testing import assert_equivariant

ARCHS = [
    ("S3", "natural + 2*trivial", "natural + 3*trivial", "sum"),
    ("S3", "natural", "regular", "natural"),
    ("S4", "natural + trivial", "cosets((1,2,3,4),(1,3)) + trivial", "sum"),
    ("C4", "natural", "2*natural", "trivial"),
    ("D4", "natural + trivial", "natural + cosets((1,3))", "sum"),
    ("V4", "natural", "natural + 2*trivial", "natural"),
    ("A4", "natural", "cosets((1,2)(3,4))", "sum"),
]


def _net(arch, **kw):
    g, x, y, z = arch
    return TwoLayerNet(g, input=x, hidden=y, output=z, **kw)


def _naive_forward(x, W, U, mult, act):
    s = (lambda z: max(z, 0.0)) if act == "relu" else (lambda z: math.erf(z / math.sqrt(2.0)))
    h, d = len(W), len(W[0])
    hidden = []
    for i in range(h):
        pre = 0.0
        for j in range(d):
            pre += W[i][j] * x[j]
        hidden.append(s(pre))
    if U is None:
        return sum(mult[i] * hidden[i] for i in range(h))
    return [sum(U[q][i] * hidden[i] for i in range(h)) for q in range(len(U))]


def _burnside(X, Y):
    """dim Hom_G(X, Y) = number of orbitals = mean over g of fix_X(g) * fix_Y(g)."""
    fx = (X.action == np.arange(X.degree)).sum(axis=1)
    fy = (Y.action == np.arange(Y.degree)).sum(axis=1)
    total = int((fx * fy).sum())
    assert total % X.group.order == 0
    return total // X.group.order


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
def test_dimensions_and_labels(arch):
    net = _net(arch)
    assert net.weight_space.dim == _burnside(net.input, net.hidden)
    assert net.weight_space.shape == (net.hidden_degree, net.input_degree)
    if net.output is None:
        assert net.output_space is None
        assert net.theta_dim == net.weight_space.dim
        assert net.row_labels.shape == (net.hidden_degree, net.input_degree)
    else:
        assert net.output_space.dim == _burnside(net.hidden, net.output)
        assert net.theta_dim == net.weight_space.dim + net.output_space.dim
        z = net.output.degree
        assert net.row_labels.shape == (net.hidden_degree, net.input_degree + z)
        # U's labels follow W's, transposed into the rows
        assert net.row_labels[:, net.input_degree:].min() == net.weight_space.dim
        np.testing.assert_array_equal(net.row_labels[:, net.input_degree:].T,
                                      net.output_space.labels + net.weight_space.dim)
    assert net.row_space.dim == net.theta_dim
    assert sorted(np.unique(net.row_labels).tolist()) == list(range(net.theta_dim))


def test_paper_network():
    """Section 4.2: S3, input pi_3 + 2 pi_0, hidden pi_3 + 3 pi_0: 13 weights."""
    net = TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
    assert (net.input_degree, net.hidden_degree, net.theta_dim) == (5, 6, 13)
    assert net.output is None and net.parameterization == "raw"
    assert repr(net) == ("TwoLayerNet(S3, input='natural + 2*trivial', "
                         "hidden='natural + 3*trivial', output='sum')")
    np.testing.assert_array_equal(net.multiplicities, np.ones(6))
    # pi_3 -> pi_3 is theta_1 I + theta_2 (11^T - I)
    W = net.weight_space.to_numpy(np.arange(1.0, 14.0))
    assert set(np.diag(W[:3, :3])) == {W[0, 0]} and W[0, 1] == W[1, 2] != W[0, 0]


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
@pytest.mark.parametrize("act", ["relu", "erf"])
def test_forward_matches_naive_loop(arch, act):
    net = _net(arch)
    rng = np.random.default_rng(11)
    weights = net.random_weights(seed=5)
    W, U = weights if net.output is not None else (weights, None)
    x = rng.standard_normal((7, net.input_degree))
    got = net.forward(x, W, U, activation=act)
    for t in range(len(x)):
        want = _naive_forward(x[t], W.tolist(), None if U is None else U.tolist(),
                              net.multiplicities.tolist(), act)
        np.testing.assert_allclose(got[t], want, rtol=1e-12, atol=1e-12)
    # batching over leading axes
    xb = x[:6].reshape(2, 3, -1)
    np.testing.assert_allclose(net.forward(xb, W, U, activation=act).reshape(got[:6].shape),
                               got[:6], rtol=0, atol=1e-14)


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
def test_function_is_invariant_or_equivariant(arch):
    """f(g x) = f(x) for the summed output, f(g x) = P_Z(g) f(x) otherwise,
    for every element g, at random equivariant weights."""
    net = _net(arch)
    weights = net.random_weights(seed=2)
    W, U = weights if net.output is not None else (weights, None)
    x = np.random.default_rng(3).standard_normal((5, net.input_degree))
    fx = net.forward(x, W, U)
    for g in range(net.group.order):
        gx = np.empty_like(x)
        gx[:, net.input.action[g]] = x  # (g x)[g(j)] = x[j]
        fgx = net.forward(gx, W, U)
        if U is None:
            np.testing.assert_allclose(fgx, fx, rtol=1e-12, atol=1e-12)
        else:
            gf = np.empty_like(fx)
            gf[:, net.output.action[g]] = fx
            np.testing.assert_allclose(fgx, gf, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "|".join(a))
def test_random_weights_are_equivariant_and_seeded(arch):
    net = _net(arch)
    a, b, c = net.random_weights(seed=9), net.random_weights(seed=9), net.random_weights(seed=10)
    if net.output is None:
        assert_equivariant(a, net.input, net.hidden, atol=0)
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, c)
    else:
        W, U = a
        assert_equivariant(W, net.input, net.hidden, atol=0)
        assert_equivariant(U, net.hidden, net.output, atol=0)
        np.testing.assert_array_equal(U, b[1])
        assert not np.array_equal(W, c[0])


def test_random_weights_scale():
    net = TwoLayerNet("S3", "natural", "natural")
    W1, W2 = net.random_weights(seed=0), net.random_weights(seed=0, scale=3.0)
    np.testing.assert_allclose(W2, 3.0 * W1)


def test_multiplicities_weight_the_sum():
    net = TwoLayerNet("S3", "natural", "natural + trivial", multiplicities=[2, 2, 2, 0.5])
    W = net.random_weights(seed=1)
    x = np.random.default_rng(0).standard_normal((4, 3))
    want = [_naive_forward(r, W.tolist(), None, [2, 2, 2, 0.5], "relu") for r in x]
    np.testing.assert_allclose(net.forward(x, W), want, rtol=1e-12)
    assert not net.multiplicities.flags.writeable


@pytest.mark.parametrize("param", ["orthonormal", "rescaled"])
def test_parameterizations_span_the_same_space(param):
    raw = TwoLayerNet("S3", "natural + trivial", "natural")
    other = TwoLayerNet("S3", "natural + trivial", "natural", parameterization=param)
    assert other.parameterization == param
    W = other.weight_space.to_numpy(np.array([0.3, -1.2, 0.7]))
    assert raw.weight_space.contains(W)
    assert other.weight_space.with_parameterization("raw").labels.tolist() == \
        raw.weight_space.labels.tolist()


def test_activation_function():
    assert activation_function("relu")(np.array([-2.0, 0.0, 3.0])).tolist() == [0.0, 0.0, 3.0]
    z = np.array([-1.0, 0.5, 2.0])
    np.testing.assert_allclose(activation_function("erf")(z),
                               [math.erf(v / math.sqrt(2)) for v in z], rtol=1e-14)
    with pytest.raises(UnknownNameError, match="relu"):
        activation_function("tanh")


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.floats(-5, 5), min_size=3, max_size=3),
       st.lists(st.floats(-5, 5), min_size=2, max_size=2))
def test_forward_property_pi3(x, theta):
    """pi_3 -> pi_3 with theta_1 I + theta_2 (11^T - I), against the loop."""
    net = TwoLayerNet("S3", "natural", "natural")
    W = net.weight_space.to_numpy(theta)
    for act in ("relu", "erf"):
        want = _naive_forward(x, W.tolist(), None, [1, 1, 1], act)
        assert net.forward(np.array(x), W, activation=act) == pytest.approx(want, abs=1e-12)


# -- errors --------------------------------------------------------------------------------

@pytest.fixture
def net():
    return TwoLayerNet("S3", "natural + trivial", "natural")


def test_forward_shape_errors(net):
    W = net.random_weights()
    with pytest.raises(ShapeError, match="length 4"):
        net.forward(np.zeros((2, 3)), W)
    with pytest.raises(ShapeError, match="W must have shape"):
        net.forward(np.zeros((2, 4)), W.T)
    with pytest.raises(UnknownNameError):
        net.forward(np.zeros((2, 4)), W, activation="sigmoid")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_forward_non_finite(net, bad):
    W = net.random_weights()
    x = np.zeros((2, 4))
    x[1, 2] = bad
    with pytest.raises(NonFiniteError):
        net.forward(x, W)
    W2 = W.copy()
    W2[0, 0] = bad
    with pytest.raises(NonFiniteError):
        net.forward(np.zeros(4), W2)


def test_forward_output_weights_errors():
    net = TwoLayerNet("S3", "natural", "natural", output="trivial")
    W, U = net.random_weights()
    with pytest.raises(ShapeError, match="pass U"):
        net.forward(np.zeros(3), W)
    with pytest.raises(ShapeError, match="U must have shape"):
        net.forward(np.zeros(3), W, U.T)
    assert net.forward(np.zeros((2, 3)), W, U).shape == (2, 1)


def test_construction_errors():
    with pytest.raises(ParseError):
        TwoLayerNet("T3", "natural", "natural")
    with pytest.raises(ParseError):
        TwoLayerNet("S3", "natral", "natural")
    with pytest.raises(ParseError):
        TwoLayerNet("S3", "natural", "natural", output="bogus")
    with pytest.raises(RepresentationMismatchError):
        TwoLayerNet("S3", "natural", natural(named_group("S4")))
    with pytest.raises(UnknownNameError):
        TwoLayerNet("S3", "natural", "natural", parameterization="polar")
    with pytest.raises(ShapeError, match="shape"):
        TwoLayerNet("S3", "natural", "natural", multiplicities=[1, 1])
    with pytest.raises(NonFiniteError):
        TwoLayerNet("S3", "natural", "natural", multiplicities=[1, 1, np.nan])
    with pytest.raises(ShapeError, match="constant on the orbits"):
        TwoLayerNet("S3", "natural", "natural + trivial", multiplicities=[1, 2, 1, 1])
    # every error is a SymtheoryError and a ValueError
    with pytest.raises(SymtheoryError):
        TwoLayerNet("S3", "natural", "natural", multiplicities=[1, 1])
    with pytest.raises(ValueError):
        TwoLayerNet("S3", "natural", "natural", multiplicities=[1, 1])
