"""Theorems 3.4 and 3.5 in any layer of an equivariant MLP.

A hidden layer l of an :class:`~symtheory.networks.mlp.EquivariantMLP` is, seen
alone, a two-layer network: input Y_{l-1} (plus ``trivial`` carrying the bias
b_l as one more input column, since Hom_G(trivial, Y_l) is the bias space),
hidden Y_l, and output weights W_{l+1} in Hom_G(Y_l, Y_{l+1}) (or U, or the
fixed multiplicities of the plain sum in the last layer).  Neurons of layer l
"share weights" when their incoming weights and biases agree, and merging
them while adding their outgoing columns leaves every later layer's input,
hence the network function, unchanged.  So the constructions of
:mod:`symtheory.networks.reductions` (:func:`reduce_block`,
:func:`merge_blocks`, :func:`remove_block`) apply to that two-layer view, and
the result is put back into the MLP.

Examples
--------
>>> from symtheory.networks.mlp import EquivariantMLP, MLPParameters
>>> net = EquivariantMLP("S3", "natural; natural + trivial; natural", bias=True)
>>> p = net.random_parameters(seed=0)
>>> W1 = p.weights[0].copy(); W1[:3, :] = 0.7               # layer-1 natural neurons equal
>>> q = MLPParameters((W1, p.weights[1]), p.biases)
>>> red = reduce_layer_block(net, q, layer=1, block=0)
>>> red.net.widths, (red.m, red.n)
((3, 2, 3), (3, 1))
>>> x = np.random.default_rng(1).standard_normal((4, 3))
>>> bool(np.allclose(net.forward(x, q), red.net.forward(x, red.params)))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..algebra.reps import trivial
from ..exceptions import InvalidValueError
from .mlp import EquivariantMLP, MLPParameters
from .networks import TwoLayerNet
from .reductions import merge_blocks, reduce_block, remove_block

__all__ = ["MLPReduction", "reduce_layer_block", "merge_layer_blocks", "remove_layer_block"]


@dataclass(frozen=True, eq=False)
class MLPReduction:
    """A smaller MLP computing the same function, with its parameters.

    Attributes
    ----------
    net : EquivariantMLP
    params : MLPParameters
    layer : int
        The hidden layer reduced.
    m, n : int
        Neurons of the block before and after.
    subgroup : Subgroup or None
        The subgroup A of Theorem 3.4 (new block G/A).

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP, MLPParameters
    >>> net = EquivariantMLP("S3", "natural; natural; trivial")
    >>> q = MLPParameters((np.full((3, 3), 0.5), np.ones((1, 3))))
    >>> red = reduce_layer_block(net, q, layer=1, block=0)
    >>> red.params.weights[1].tolist()                     # the outgoing columns added
    [[3.0]]
    """

    net: EquivariantMLP
    params: MLPParameters
    layer: int
    m: int
    n: int
    subgroup: object = None


def _view(net: EquivariantMLP, params, layer):
    if not isinstance(net, EquivariantMLP):
        raise InvalidValueError(f"expected an EquivariantMLP, got {type(net).__name__}")
    L = net.depth
    if not 1 <= int(layer) <= L:
        raise InvalidValueError(f"layer must be in 1..{L}, got {layer}")
    layer = int(layer)
    p = net.check_parameters(params)
    G = net.group
    X = net.layers[layer - 1]
    Win = p.weights[layer - 1]
    if net.bias:
        X = X + trivial(G)
        Win = np.hstack([Win, p.biases[layer - 1][:, None]])
    if layer < L:
        out, U = net.layers[layer + 1], p.weights[layer]
    elif net.output is not None:
        out, U = net.output, p.output
    else:
        out, U = "sum", None
    two = TwoLayerNet(G, X, net.layers[layer], output=out,
                      multiplicities=net.multiplicities if out == "sum" else None)
    return layer, p, two, Win, U


def _rebuild(net, p, layer, red):
    layers = list(net.layers)
    layers[layer] = red.net.hidden
    last_sum = layer == net.depth and net.output is None
    new = EquivariantMLP(net.group, layers, output=net.output or "sum", activation=net.activation,
                         bias=net.bias, parameterization=net.parameterization,
                         multiplicities=red.net.multiplicities if last_sum else
                         (net.multiplicities if net.output is None else None))
    h_prev = net.widths[layer - 1]
    W = list(p.weights)
    W[layer - 1] = red.W[:, :h_prev]
    b = list(p.biases) if net.bias else None
    if net.bias:
        b[layer - 1] = red.W[:, h_prev]
    U = p.output
    if layer < net.depth:
        W[layer] = red.U
    elif net.output is not None:
        U = red.U
    return MLPReduction(new, MLPParameters(tuple(W), tuple(b) if b else None, U), layer,
                        red.m, red.n, red.subgroup)


def reduce_layer_block(net, params, layer: int, block: int, tol: float = 1e-9) -> MLPReduction:
    """Theorem 3.4 in hidden layer ``layer``: a reducible transitive block G/S becomes G/A.

    ``block`` indexes ``net.layers[layer].decompose()``.  Raises
    :class:`~symtheory.exceptions.InvalidValueError` if the block is irreducible.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", "natural; natural; natural")
    >>> reduce_layer_block(net, net.random_parameters(seed=0), 2, 0)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidValueError: block 0 is irreducible: its 3 neurons have distinct weights, nothing to reduce
    """
    layer, p, two, Win, U = _view(net, params, layer)
    return _rebuild(net, p, layer, reduce_block(two, Win, block, U=U, tol=tol))


def merge_layer_blocks(net, params, layer: int, block_a: int, block_b: int,
                       tol: float = 1e-9) -> MLPReduction:
    """Theorem 3.5 in hidden layer ``layer``: merge block b into block a.

    >>> from symtheory.networks.mlp import EquivariantMLP, MLPParameters
    >>> net = EquivariantMLP("S3", "natural; 2*natural; trivial")
    >>> W1 = np.vstack([np.eye(3), np.eye(3)])               # both copies equal
    >>> red = merge_layer_blocks(net, MLPParameters((W1, np.ones((1, 6)))), 1, 0, 1)
    >>> red.net.widths, red.params.weights[1].tolist()
    ((3, 3, 1), [[2.0, 2.0, 2.0]])
    """
    layer, p, two, Win, U = _view(net, params, layer)
    return _rebuild(net, p, layer, merge_blocks(two, Win, block_a, block_b, U=U, tol=tol))


def remove_layer_block(net, params, layer: int, block: int, tol: float = 1e-12) -> MLPReduction:
    """Theorem 3.4, first case, in hidden layer ``layer``: delete a dead block.

    Dead: zero incoming weights and biases (it outputs sigma(0) = 0), or zero
    outgoing weights.

    >>> from symtheory.networks.mlp import EquivariantMLP, MLPParameters
    >>> net = EquivariantMLP("S3", "natural; natural + trivial; natural")
    >>> W1 = np.vstack([np.zeros((3, 3)), np.ones((1, 3))])
    >>> red = remove_layer_block(net, MLPParameters((W1, np.ones((3, 4)))), 1, 0)
    >>> red.net.widths
    (3, 1, 3)
    """
    layer, p, two, Win, U = _view(net, params, layer)
    return _rebuild(net, p, layer, remove_block(two, Win, block, U=U, tol=tol))
