"""Equivariant MLPs of any depth, with optional biases.

:class:`EquivariantMLP` is the network

    a_0 = x,   a_l = sigma(W_l a_{l-1} + b_l)  (l = 1..L),   f(x) = sum_i m_i a_L[i]  or  U a_L,

with layers X = Y_0, Y_1, ..., Y_L (p-reps of one group G, degrees h_0 = d,
h_1, ..., h_L), weights W_l in Hom_G(Y_{l-1}, Y_l) of shape (h_l, h_{l-1}),
biases b_l in Hom_G(trivial, Y_l) (constant on the orbits of Y_l: one
parameter per orbit) when ``bias=True``, and either the plain sum of the last
layer (``output="sum"``, fixed multiplicities m_i, all ones by default, as in
the paper) or trained output weights U in Hom_G(Y_L, Z).

Conventions
-----------
* Layers are numbered 0 (the input) to L; hidden layer l holds h_l neurons
  numbered from 0 block by block in the order of its expression.
* The trained parameters are the *blocks* ``W_1, b_1, W_2, b_2, ..., W_L, b_L,
  U`` in this order (b_l only with biases, U only with an output p-rep); the
  coordinates theta of Theta~ are the concatenated coordinates of the blocks'
  weight spaces (:attr:`EquivariantMLP.blocks`), and the *global labels* of
  the entries are each block's orbital labels offset by the dimensions of
  the blocks before it (:meth:`EquivariantMLP.block_labels`).
* Parameters are passed as :class:`MLPParameters` (weights, biases, output).
* A one-layer network without biases is :class:`~symtheory.networks.networks.TwoLayerNet`
  with the same numbering: :meth:`EquivariantMLP.from_two_layer` converts.

Examples
--------
>>> net = EquivariantMLP("S3", ["natural + 2*trivial", "natural + 3*trivial"], bias=True)
>>> net.depth, net.widths, net.theta_dim        # 13 weights + 4 biases (one per orbit)
(1, (5, 6), 17)
>>> p = net.random_parameters(seed=0)
>>> net.forward(np.zeros((2, 5)), p).shape
(2,)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..algebra.equivariant import WeightSpace, equivariant_basis
from ..algebra.groups import Group, parse_group
from ..algebra.reps import PermRep, parse_rep, trivial
from ..exceptions import (InvalidTypeError, InvalidValueError, NonFiniteError, ParseError,
                          ShapeError, UnknownNameError)

__all__ = ["EquivariantMLP", "MLPParameters", "parse_layers", "ACTIVATION_NAMES"]

#: Activations of the network; ``"erf"`` is erf(z / sqrt 2).
ACTIVATION_NAMES = ("relu", "erf")


def parse_layers(group, layers) -> tuple:
    """The layer p-reps from a list of expressions or one ``;``-separated string.

    Parameters
    ----------
    group : Group or str
    layers : str or sequence of (str or PermRep)
        ``"natural; natural + trivial"`` or ``["natural", "natural + trivial"]``.

    Raises
    ------
    ParseError
        An empty layer (``"natural; ; trivial"``) or a malformed expression.
    RepresentationMismatchError
        A layer of another group.

    Examples
    --------
    >>> [Y.degree for Y in parse_layers("S3", "natural; natural + trivial")]
    [3, 4]
    >>> parse_layers("S3", "natural; ; trivial")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ParseError: layer 1 of 'natural; ; trivial' is empty; separate non-empty representation expressions by ';', e.g. "natural; natural + trivial"
    """
    G = parse_group(group) if not isinstance(group, Group) else group
    if isinstance(layers, str):
        text = layers
        items = layers.split(";")
    else:
        try:
            items = list(layers)
        except TypeError:
            raise InvalidTypeError(f"layers must be a list of representations, got "
                                   f"{type(layers).__name__}") from None
        text = "; ".join(getattr(x, "name", str(x)) for x in items)
    if not items:
        raise ParseError("no layers given; pass at least one representation expression")
    out = []
    for n, item in enumerate(items):  # layer 0 is the input
        if isinstance(item, PermRep):
            trivial(G)._check_same_group(item)
            out.append(item)
            continue
        if not isinstance(item, str) or not item.strip():
            raise ParseError(f"layer {n} of {text!r} is empty; separate non-empty representation "
                             'expressions by \';\', e.g. "natural; natural + trivial"')
        out.append(parse_rep(G, item))
    return tuple(out)


@dataclass(frozen=True, eq=False)
class MLPParameters:
    """Weights, biases and output weights of an :class:`EquivariantMLP`.

    Attributes
    ----------
    weights : tuple of ndarray
        W_1, ..., W_L, W_l of shape (..., h_l, h_{l-1}) (leading axes batch).
    biases : tuple of ndarray or None
        b_1, ..., b_L of shape (..., h_l), or None without biases.
    output : ndarray or None
        U of shape (..., z, h_L), or None for ``output="sum"``.

    Examples
    --------
    >>> p = MLPParameters((np.eye(2),), None, None)
    >>> len(p.weights), p.biases is None
    (1, True)
    >>> p.arrays()[0].tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """

    weights: tuple
    biases: tuple | None = None
    output: np.ndarray | None = None

    def arrays(self) -> list:
        """The blocks in the order W_1, b_1, ..., W_L, b_L, U (those present).

        >>> [a.shape for a in MLPParameters((np.eye(2),), (np.zeros(2),)).arrays()]
        [(2, 2), (2,)]
        """
        out = []
        for l, W in enumerate(self.weights):
            out.append(np.asarray(W, dtype=float))
            if self.biases is not None:
                out.append(np.asarray(self.biases[l], dtype=float))
        if self.output is not None:
            out.append(np.asarray(self.output, dtype=float))
        return out


class EquivariantMLP:
    """An equivariant MLP of depth L >= 1 (see the module docstring).

    Parameters
    ----------
    group : Group or str
    layers : str or sequence
        ``[X, Y_1, ..., Y_L]`` (expressions or PermReps), or one string
        ``"X; Y_1; ...; Y_L"``; at least two layers.
    output : "sum" or PermRep or str
        The plain sum of the last layer, or an output p-rep Z.
    activation : {"relu", "erf"}
        Default activation of :meth:`forward` and the losses.
    bias : bool
        Train biases b_l in Hom_G(trivial, Y_l).
    parameterization : {"raw", "orthonormal", "rescaled"}
    multiplicities : array_like, optional
        Fixed output weight of each neuron of the last layer (``output="sum"``),
        constant on its orbits; default all ones.

    Examples
    --------
    >>> net = EquivariantMLP("S3", "natural; natural + trivial; natural")
    >>> net.depth, net.widths, [s.dim for s in net.weight_spaces]
    (2, (3, 4, 3), [3, 3])
    """

    def __init__(self, group, layers, output="sum", activation: str = "relu", bias: bool = False,
                 parameterization: str = "raw", multiplicities=None):
        G = parse_group(group) if not isinstance(group, Group) else group
        self._group = G
        reps = parse_layers(G, layers)
        if len(reps) < 2:
            raise InvalidValueError(f"an MLP needs an input and at least one hidden layer; got "
                                    f"{len(reps)} layer(s)")
        for rep in reps:
            rep._check_same_group(reps[0])
        self._layers = reps
        if isinstance(output, str) and output.strip() == "sum":
            self._output = None
        else:
            self._output = parse_rep(G, output) if not isinstance(output, PermRep) else output
            self._output._check_same_group(reps[0])
        if activation not in ACTIVATION_NAMES:
            raise UnknownNameError(f"unknown activation {activation!r}; use 'relu' or 'erf'")
        self._activation = activation
        if not isinstance(bias, (bool, np.bool_)):
            raise InvalidTypeError(f"bias must be True or False, got {bias!r}")
        self._bias = bool(bias)
        self._param = parameterization
        h = reps[-1].degree
        mult = np.ones(h) if multiplicities is None else np.asarray(multiplicities, dtype=float)
        if mult.shape != (h,):
            raise ShapeError(f"multiplicities must have shape ({h},), got {mult.shape}")
        if not np.all(np.isfinite(mult)):
            raise NonFiniteError("multiplicities hold NaN or infinity")
        for im in reps[-1].images:
            if not np.allclose(mult[np.array(im)], mult):
                raise ShapeError("multiplicities must be constant on the orbits of the last layer")
        mult.setflags(write=False)
        self._mult = mult
        self.blocks  # validate the parameterization early

    @classmethod
    def from_two_layer(cls, net) -> "EquivariantMLP":
        """The depth-1 MLP of a :class:`~symtheory.networks.networks.TwoLayerNet`.

        >>> from symtheory.networks.networks import TwoLayerNet
        >>> two = TwoLayerNet("S3", "natural", "2*natural", output="trivial")
        >>> mlp = EquivariantMLP.from_two_layer(two)
        >>> mlp.theta_dim == two.theta_dim, bool((mlp.layer_labels(1) == two.row_labels).all())
        (True, True)
        """
        out = "sum" if net.output is None else net.output
        return cls(net.group, [net.input, net.hidden], output=out,
                   parameterization=net.parameterization,
                   multiplicities=net.multiplicities if net.output is None else None)

    # -- attributes -------------------------------------------------------------
    @property
    def group(self) -> Group:
        return self._group

    @property
    def layers(self) -> tuple:
        """``(X, Y_1, ..., Y_L)``."""
        return self._layers

    @property
    def input(self) -> PermRep:
        return self._layers[0]

    @property
    def depth(self) -> int:
        """L, the number of hidden layers."""
        return len(self._layers) - 1

    @property
    def widths(self) -> tuple:
        """``(h_0, ..., h_L)``."""
        return tuple(Y.degree for Y in self._layers)

    @property
    def output(self):
        """The output p-rep Z, or None for the plain sum."""
        return self._output

    @property
    def bias(self) -> bool:
        return self._bias

    @property
    def activation(self) -> str:
        return self._activation

    @property
    def parameterization(self) -> str:
        return self._param

    @property
    def multiplicities(self) -> np.ndarray:
        return self._mult

    def __repr__(self) -> str:
        out = "sum" if self._output is None else self._output.name
        names = "; ".join(Y.name for Y in self._layers)
        return (f"EquivariantMLP({self._group.name}, {names!r}, output={out!r}, "
                f"bias={self._bias})")

    @functools.cached_property
    def weight_spaces(self) -> tuple:
        """Hom_G(Y_{l-1}, Y_l) for l = 1..L."""
        return tuple(equivariant_basis(a, b, self._param)
                     for a, b in zip(self._layers[:-1], self._layers[1:]))

    @functools.cached_property
    def bias_spaces(self) -> tuple:
        """Hom_G(trivial, Y_l) (shape (h_l, 1)) for l = 1..L, or () without biases."""
        if not self._bias:
            return ()
        T = trivial(self._group)
        return tuple(equivariant_basis(T, Y, self._param) for Y in self._layers[1:])

    @functools.cached_property
    def output_space(self):
        """Hom_G(Y_L, Z), or None for ``output="sum"``."""
        if self._output is None:
            return None
        return equivariant_basis(self._layers[-1], self._output, self._param)

    @functools.cached_property
    def blocks(self) -> tuple:
        """``((kind, layer, space), ...)`` in parameter order; kind is "W", "b" or "U".

        >>> [(k, l, s.dim) for k, l, s in EquivariantMLP("S3", "natural; natural", bias=True).blocks]
        [('W', 1, 2), ('b', 1, 1)]
        """
        out = []
        for l in range(1, self.depth + 1):
            out.append(("W", l, self.weight_spaces[l - 1]))
            if self._bias:
                out.append(("b", l, self.bias_spaces[l - 1]))
        if self._output is not None:
            out.append(("U", self.depth, self.output_space))
        return tuple(out)

    @property
    def theta_dim(self) -> int:
        """dim Theta~, the number of trained coordinates."""
        return int(sum(s.dim for _, _, s in self.blocks))

    @functools.cached_property
    def _offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum([s.dim for _, _, s in self.blocks])]).astype(int)

    def block_labels(self) -> list:
        """Global labels of each block's entries (b_l as an (h_l, 1) column).

        >>> [L.tolist() for L in EquivariantMLP("S3", "natural; trivial", bias=True).block_labels()]
        [[[0, 0, 0]], [[1]]]
        """
        return [np.asarray(s.labels) + off for (_, _, s), off in zip(self.blocks, self._offsets)]

    def block_index(self, kind: str, layer: int):
        """Position of block ``kind`` ("W", "b" or "U") of ``layer`` in :attr:`blocks`, or None.

        >>> EquivariantMLP("S3", "natural; natural; trivial", bias=True).block_index("W", 2)
        2
        """
        for t, (k, l, _) in enumerate(self.blocks):
            if k == kind and l == layer:
                return t
        return None

    def layer_labels(self, layer: int) -> np.ndarray:
        """Global labels of the *extended rows* of hidden layer ``layer`` (1..L).

        Row i is ``[W_l[i, :] | b_l[i] | W_{l+1}[:, i] or U[:, i]]``: every
        parameter a permutation of layer l moves along with neuron i.  For a
        one-layer net without biases this is ``TwoLayerNet.row_labels``.

        >>> EquivariantMLP("S3", "natural; natural; trivial").layer_labels(1).tolist()
        [[0, 1, 1, 2], [1, 0, 1, 2], [1, 1, 0, 2]]
        """
        if not 1 <= int(layer) <= self.depth:
            raise InvalidValueError(f"layer must be in 1..{self.depth}, got {layer}")
        labs = self.block_labels()
        parts = [labs[self.block_index("W", layer)]]
        if self._bias:
            parts.append(labs[self.block_index("b", layer)])
        if layer < self.depth:
            parts.append(labs[self.block_index("W", layer + 1)].T)
        elif self._output is not None:
            parts.append(labs[self.block_index("U", layer)].T)
        return np.hstack(parts)

    # -- parameters ---------------------------------------------------------------
    def parameters(self, theta) -> MLPParameters:
        """The parameters with coordinates theta (shape (..., theta_dim)).

        >>> net = EquivariantMLP("S3", "natural; natural", bias=True)
        >>> p = net.parameters([1.0, 2.0, 3.0])
        >>> p.weights[0].tolist(), p.biases[0].tolist()
        ([[1.0, 2.0, 2.0], [2.0, 1.0, 2.0], [2.0, 2.0, 1.0]], [3.0, 3.0, 3.0])
        """
        theta = np.asarray(theta, dtype=float)
        if theta.shape[-1:] != (self.theta_dim,):
            raise ShapeError(f"theta must end in an axis of length {self.theta_dim}, got "
                             f"shape {theta.shape}")
        if not np.all(np.isfinite(theta)):
            raise NonFiniteError("theta holds NaN or infinity; pass finite numbers")
        off = self._offsets
        return self._from_blocks([theta[..., off[t]:off[t + 1]] for t in range(len(self.blocks))])

    def _from_blocks(self, block_thetas) -> MLPParameters:
        """The parameters from the coordinates of each block (their batch shapes may differ)."""
        W, b, U = [], [], None
        for (kind, _, space), th in zip(self.blocks, block_thetas):
            A = space.to_numpy(th)
            if kind == "W":
                W.append(A)
            elif kind == "b":
                b.append(A[..., 0])
            else:
                U = A
        return MLPParameters(tuple(W), tuple(b) if self._bias else None, U)

    def coordinates(self, params) -> np.ndarray:
        """Least-squares coordinates of parameters (exact on Theta~); inverse of :meth:`parameters`.

        >>> net = EquivariantMLP("S3", "natural; natural", bias=True)
        >>> net.coordinates(net.parameters([1.0, 2.0, 3.0])).tolist()
        [1.0, 2.0, 3.0]
        """
        arrays = self.check_parameters(params).arrays()
        parts = []
        for (kind, _, space), A in zip(self.blocks, arrays):
            parts.append(space.coordinates(A[..., None] if kind == "b" else A))
        return np.concatenate(parts, axis=-1)

    def equivariance_error(self, params) -> float:
        """Frobenius distance of the parameters from Theta~.

        >>> net = EquivariantMLP("S3", "natural; natural")
        >>> net.equivariance_error(MLPParameters((np.eye(3),)))
        0.0
        >>> round(net.equivariance_error(MLPParameters((np.diag([1.0, 0.0, 0.0]),))), 4)
        0.8165
        """
        arrays = self.check_parameters(params).arrays()
        err = 0.0
        for (kind, _, space), A in zip(self.blocks, arrays):
            err += float(np.sum(space.equivariance_error(A[..., None] if kind == "b" else A) ** 2))
        return float(np.sqrt(err))

    def check_parameters(self, params) -> MLPParameters:
        """Validate shapes and finiteness; returns the parameters as float arrays.

        >>> net = EquivariantMLP("S3", "natural; natural", bias=True)
        >>> net.check_parameters(MLPParameters((np.eye(3),), (np.full(3, np.nan),)))
        Traceback (most recent call last):
        ...
        symtheory.exceptions.NonFiniteError: bias b_1 holds NaN or infinity; pass finite numbers
        """
        if not isinstance(params, MLPParameters):
            raise InvalidTypeError(f"expected MLPParameters, got {type(params).__name__}")
        h = self.widths
        if len(params.weights) != self.depth:
            raise ShapeError(f"expected {self.depth} weight matrices, got {len(params.weights)}")
        W = []
        for l, A in enumerate(params.weights, 1):
            A = np.asarray(A, dtype=float)
            if A.shape[-2:] != (h[l], h[l - 1]):
                raise ShapeError(f"W_{l} must end in shape {(h[l], h[l - 1])}, got {A.shape}")
            if not np.all(np.isfinite(A)):
                raise NonFiniteError(f"weights W_{l} hold NaN or infinity; pass finite numbers")
            W.append(A)
        b = None
        if self._bias:
            if params.biases is None or len(params.biases) != self.depth:
                raise ShapeError(f"this network has biases: pass {self.depth} bias vectors")
            b = []
            for l, B in enumerate(params.biases, 1):
                B = np.asarray(B, dtype=float)
                if B.shape[-1:] != (h[l],):
                    raise ShapeError(f"b_{l} must end in an axis of length {h[l]}, got {B.shape}")
                if not np.all(np.isfinite(B)):
                    raise NonFiniteError(f"bias b_{l} holds NaN or infinity; pass finite numbers")
                b.append(B)
            b = tuple(b)
        elif params.biases is not None:
            raise ShapeError("this network has no biases; pass biases=None (or build it with bias=True)")
        U = None
        if self._output is not None:
            if params.output is None:
                raise ShapeError("this network trains its output weights: pass output=U")
            U = np.asarray(params.output, dtype=float)
            if U.shape[-2:] != (self._output.degree, h[-1]):
                raise ShapeError(f"U must end in shape {(self._output.degree, h[-1])}, got {U.shape}")
            if not np.all(np.isfinite(U)):
                raise NonFiniteError("output weights U hold NaN or infinity; pass finite numbers")
        return MLPParameters(tuple(W), b, U)

    def random_parameters(self, seed=0, scale: float = 1.0) -> MLPParameters:
        """Parameters with i.i.d. normal raw coordinates (standard deviation ``scale``).

        >>> net = EquivariantMLP("S3", "natural; natural; trivial", output="trivial")
        >>> p = net.random_parameters(seed=1)
        >>> [W.shape for W in p.weights], p.output.shape, net.equivariance_error(p) < 1e-12
        ([(3, 3), (1, 3)], (1, 1), True)
        """
        rng = np.random.default_rng(seed)
        raw = scale * rng.standard_normal(self.theta_dim)        # entry values
        return self.parameters(raw / np.concatenate([s.scales for _, _, s in self.blocks]))

    def forward(self, x, params, activation=None) -> np.ndarray:
        """Evaluate on inputs x of shape (n, d): shape (n,) for the sum, (n, z) otherwise.

        Parameters may carry leading batch axes (shape (..., h_l, h_{l-1})); the
        result then has shape (..., n) or (..., n, z).

        >>> net = EquivariantMLP("S3", "natural; natural", bias=True)
        >>> p = MLPParameters((np.eye(3),), (np.full(3, -1.0),))
        >>> net.forward(np.array([[2.0, 0.0, 0.0], [1.0, 1.0, 1.0]]), p).tolist()
        [1.0, 0.0]
        """
        from .networks import activation_function
        params = self.check_parameters(params)
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[-1] != self.widths[0]:
            raise ShapeError(f"inputs must have shape (n, {self.widths[0]}), got {x.shape}")
        if not np.all(np.isfinite(x)):
            raise NonFiniteError("inputs hold NaN or infinity; pass finite numbers")
        act = activation_function(activation or self._activation)
        a = x
        for l, W in enumerate(params.weights):
            z = a @ np.swapaxes(W, -1, -2)
            if params.biases is not None:
                z = z + params.biases[l][..., None, :]
            a = act(z)
        if params.output is None:
            return a @ self._mult
        return a @ np.swapaxes(params.output, -1, -2)
