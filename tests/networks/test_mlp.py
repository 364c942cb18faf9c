"""Tests for symtheory.networks.mlp: EquivariantMLP, and its depth-1 case = TwoLayerNet."""

from __future__ import annotations

import numpy as np
import pytest

from symtheory.exceptions import NonFiniteError, ShapeError
from symtheory.networks.hidden import hidden_fixed_point_subspaces
from symtheory.networks.layered import layered_subspaces
from symtheory.networks.mlp import EquivariantMLP, MLPParameters
from symtheory.networks.networks import TwoLayerNet
from symtheory.tables import catalog_architectures


@pytest.mark.parametrize("group", ["S3", "S4", "A4", "C4", "C6", "D4", "D6", "V4", "Q8", "S5"])
def test_depth_one_without_bias_is_today_on_the_whole_catalog(group):
    """L = 1, no biases: exactly the subspaces of hidden_fixed_point_subspaces(TwoLayerNet)."""
    for g, x, y in catalog_architectures([group]):
        two = TwoLayerNet(g, x, y)
        mlp = EquivariantMLP(g, [x, y])
        assert np.array_equal(mlp.layer_labels(1), two.row_labels)
        old = [(s.partition, s.dim, s.codim, s.hidden, s.lemma_3_2, s.theorem_3_3)
               for s in hidden_fixed_point_subspaces(two)]
        new = [(s.partitions[0], s.dim, s.codim, s.hidden, s.lemma_3_2, s.theorem_3_3)
               for s in layered_subspaces(mlp)]
        assert new == old, f"{g} {y}: the depth-1 MLP differs from TwoLayerNet"


def test_from_two_layer_keeps_function_and_output():
    two = TwoLayerNet("S3", "natural + trivial", "natural + trivial", output="natural")
    mlp = EquivariantMLP.from_two_layer(two)
    W, U = two.random_weights(seed=3)
    x = np.random.default_rng(0).standard_normal((7, 4))
    assert np.allclose(mlp.forward(x, MLPParameters((W,), None, U)), two.forward(x, W, U))
    assert [(s.partitions[0], s.hidden) for s in layered_subspaces(mlp)] == \
        [(s.partition, s.hidden) for s in hidden_fixed_point_subspaces(two)]


def test_forward_is_equivariant_and_matches_a_loop():
    """f(g x) = f(x) for the sum output, and the batched forward equals a plain loop."""
    net = EquivariantMLP("S3", "natural + trivial; natural + trivial; natural", bias=True)
    p = net.random_parameters(seed=2)
    x = np.random.default_rng(1).standard_normal((5, 4))
    perm = np.asarray(net.input.images[0])
    gx = np.empty_like(x)
    gx[:, perm] = x
    assert np.allclose(net.forward(gx, p), net.forward(x, p))
    out = []
    for xi in x:
        a = xi
        for W, b in zip(p.weights, p.biases):
            a = np.maximum(W @ a + b, 0.0)
        out.append(a.sum())
    assert np.allclose(net.forward(x, p), out)


def test_coordinates_round_trip_and_bad_parameters():
    net = EquivariantMLP("S3", "natural; natural + trivial; trivial", bias=True, output="trivial")
    theta = np.arange(1.0, net.theta_dim + 1)
    p = net.parameters(theta)
    assert np.allclose(net.coordinates(p), theta) and net.equivariance_error(p) < 1e-12
    with pytest.raises(NonFiniteError, match="W_2"):
        net.check_parameters(MLPParameters((p.weights[0], p.weights[1] * np.inf), p.biases, p.output))
    with pytest.raises(ShapeError, match="has biases"):
        net.check_parameters(MLPParameters(p.weights, None, p.output))
