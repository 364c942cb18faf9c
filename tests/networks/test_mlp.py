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


@pytest.mark.parametrize("layers,bias,output", [
    ("natural + trivial; natural + trivial; natural + 2*trivial", True, "sum"),
    ("natural; regular; natural + trivial; natural", False, "trivial"),
    ("natural; natural + trivial; regular", True, "natural"),
])
def test_theorem_3_4_in_every_layer_keeps_the_function(layers, bias, output):
    """On each layer's Theorem 3.4 subspaces (a block's neurons share weights), reduce that
    block: same function on random inputs, equivariant reduced parameters, n | m."""
    from symtheory.networks.mlp_reductions import reduce_layer_block
    net = EquivariantMLP("S3", layers, bias=bias, output=output)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, net.widths[0]))
    done = 0
    for s in layered_subspaces(net):
        if s.layer is None:
            continue
        theta = rng.standard_normal(s.dim)[s.classes]
        p = net.parameters(theta)
        blocks = net.layers[s.layer].decompose()
        for k, blk in enumerate(blocks):
            if not any(set(b) <= set(blk.points) for b in s.partitions[s.layer - 1]):
                continue
            red = reduce_layer_block(net, p, s.layer, k)
            assert red.m % red.n == 0 and red.n < red.m
            assert np.allclose(net.forward(x, p), red.net.forward(x, red.params))
            assert red.net.equivariance_error(red.params) < 1e-9
            done += 1
    assert done >= 2


def test_theorem_3_5_and_dead_blocks_in_a_middle_layer():
    from symtheory.networks.mlp_reductions import merge_layer_blocks, remove_layer_block
    net = EquivariantMLP("S3", "natural; 2*natural + trivial; natural", bias=True)
    p = net.random_parameters(seed=1)
    W1, b1 = p.weights[0].copy(), p.biases[0].copy()
    W1[3:6], b1[3:6] = W1[0:3], b1[0:3]
    q = MLPParameters((W1, p.weights[1]), (b1, p.biases[1]))
    x = np.random.default_rng(2).standard_normal((5, 3))
    red = merge_layer_blocks(net, q, 1, 0, 1)
    assert red.net.widths == (3, 4, 3) and np.allclose(net.forward(x, q), red.net.forward(x, red.params))
    W2 = p.weights[1].copy()
    W2[:, 6] = 0.0                                   # the trivial neuron's outgoing weights
    q2 = MLPParameters((p.weights[0], W2), p.biases)
    red = remove_layer_block(net, q2, 1, 2)
    assert red.net.widths == (3, 6, 3) and np.allclose(net.forward(x, q2), red.net.forward(x, red.params))
