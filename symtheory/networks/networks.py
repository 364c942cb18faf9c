"""Equivariant two-layer networks built from p-reps.

:class:`TwoLayerNet` is the paper's model (Section 4):

    f(x) = sum_i sigma((W x)_i),    W in Theta~ = Hom_G(X, Y),

with X the input p-rep (degree d), Y the hidden p-rep (degree h, one neuron
per point) and only W trained.  With ``output=EXPR`` the output weights are
trained too: f(x) = U sigma(W x) with U in Hom_G(Y, Z) for an output p-rep Z.

Hidden neurons are numbered block by block in the order of the hidden
expression.  A permutation sigma of the hidden neurons acts on the rows of W
(and on the columns of U together): (sigma W)[sigma(i), :] = W[i, :].  The
parameter space seen by the hidden-symmetry analysis is therefore the
space of *rows* ``[W | U^T]`` of shape (h, d + z): :attr:`TwoLayerNet.row_labels`
labels its entries by the basis element (orbital) they belong to.

Examples
--------
>>> net = TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
>>> net.input_degree, net.hidden_degree, net.theta_dim
(5, 6, 13)
>>> W = net.weight_space.to_numpy(np.arange(13.0))
>>> net.forward(np.zeros((2, 5)), W).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

import difflib
import functools

import numpy as np

from ..algebra.equivariant import WeightSpace, equivariant_basis
from ..exceptions import NonFiniteError, ParseError, ShapeError, UnknownNameError
from ..algebra.groups import Group, parse_group
from ..algebra.reps import PermRep, parse_rep
from ..validation import check_real, check_seed

__all__ = ["TwoLayerNet", "activation_function"]


def activation_function(name: str):
    """The activation as a numpy function: ``"relu"`` or ``"erf"`` (erf(z/sqrt 2)).

    >>> activation_function("relu")(np.array([-1.0, 2.0])).tolist()
    [0.0, 2.0]
    """
    if name == "relu":
        return lambda z: np.maximum(z, 0.0)
    if name == "erf":
        from scipy.special import erf
        return lambda z: erf(z / np.sqrt(2.0))
    raise UnknownNameError(f"unknown activation {name!r}; use 'relu' or 'erf'")


class TwoLayerNet:
    """An equivariant two-layer network f(x) = sum_i sigma((W x)_i).

    Parameters
    ----------
    group : Group or str
        The group, or its name / GAP generator string.
    input, hidden : PermRep or str
        Input p-rep X and hidden p-rep Y (representation expressions allowed).
    output : "sum" or PermRep or str
        ``"sum"`` (the paper's setup: the output is the plain sum of the
        hidden activations, only W trained) or an output p-rep Z for
        trainable output weights U in Hom_G(Y, Z).
    parameterization : {"raw", "orthonormal", "rescaled"}
        Parameterization of the weight spaces.
    multiplicities : array_like of float, optional
        Fixed (untrained) output weight a_i of each hidden neuron for
        ``output="sum"``: f(x) = sum_i a_i sigma((W x)_i).  Default all ones
        (the paper's network); the reductions of Theorems 3.4 and 3.5 produce
        networks with larger multiplicities.  Must be constant on the orbits
        of the hidden p-rep.

    Examples
    --------
    >>> net = TwoLayerNet("S3", "natural", "natural", output="trivial")
    >>> net.weight_space.dim, net.output_space.dim, net.row_labels.shape
    (2, 1, (3, 4))
    """

    def __init__(self, group, input, hidden, output="sum", parameterization: str = "raw",
                 multiplicities=None):
        G = parse_group(group) if not isinstance(group, Group) else group
        self._group = G
        self._input = parse_rep(G, input) if not isinstance(input, PermRep) else input
        self._hidden = parse_rep(G, hidden) if not isinstance(hidden, PermRep) else hidden
        for rep in (self._input, self._hidden):
            rep._check_same_group(self._hidden)
        if isinstance(output, str) and output.strip().lower() == "sum":
            self._output = None
        elif isinstance(output, str) and difflib.get_close_matches(output.strip().lower(),
                                                                   ["sum"], 1, 0.6):
            raise ParseError(f"unknown output {output!r}; did you mean \"sum\" (the plain sum "
                             "of the hidden activations) or an output p-rep such as \"trivial\"?")
        else:
            self._output = parse_rep(G, output) if not isinstance(output, PermRep) else output
            self._output._check_same_group(self._hidden)
        self._param = parameterization
        h = self._hidden.degree
        if multiplicities is None:
            mult = np.ones(h)
        else:
            mult = np.asarray(multiplicities, dtype=float)
            if mult.shape != (h,):
                raise ShapeError(f"multiplicities must have shape ({h},), got {mult.shape}")
            if not np.all(np.isfinite(mult)):
                raise NonFiniteError("multiplicities hold NaN or infinity")
            for im in self._hidden.images:
                if not np.allclose(mult[np.array(im)], mult):
                    raise ShapeError("multiplicities must be constant on the orbits of the hidden p-rep")
        mult.setflags(write=False)
        self._mult = mult
        self.weight_space  # validate parameterization early

    @property
    def group(self) -> Group:
        return self._group

    @property
    def input(self) -> PermRep:
        return self._input

    @property
    def hidden(self) -> PermRep:
        return self._hidden

    @property
    def output(self):
        """The output p-rep Z, or None for the plain sum."""
        return self._output

    @property
    def input_degree(self) -> int:
        return self._input.degree

    @property
    def hidden_degree(self) -> int:
        return self._hidden.degree

    @property
    def parameterization(self) -> str:
        return self._param

    @property
    def multiplicities(self) -> np.ndarray:
        """Fixed output weight of each hidden neuron (``output="sum"``)."""
        return self._mult

    def __repr__(self) -> str:
        out = "sum" if self._output is None else self._output.name
        return (f"TwoLayerNet({self._group.name}, input={self._input.name!r}, "
                f"hidden={self._hidden.name!r}, output={out!r})")

    @functools.cached_property
    def weight_space(self) -> WeightSpace:
        """Theta~ = Hom_G(X, Y), shape (h, d)."""
        return equivariant_basis(self._input, self._hidden, self._param)

    @functools.cached_property
    def output_space(self):
        """Hom_G(Y, Z), shape (z, h), or None for ``output="sum"``."""
        if self._output is None:
            return None
        return equivariant_basis(self._hidden, self._output, self._param)

    @property
    def theta_dim(self) -> int:
        """Dimension of the trained parameter space."""
        return self.weight_space.dim + (self.output_space.dim if self.output_space else 0)

    @functools.cached_property
    def row_labels(self) -> np.ndarray:
        """Labels of the rows ``[W | U^T]`` (shape (h, d + z)), U's labels offset by dim W.

        >>> TwoLayerNet("S3", "natural", "natural", output="trivial").row_labels.tolist()
        [[0, 1, 1, 2], [1, 0, 1, 2], [1, 1, 0, 2]]
        """
        L = self.weight_space.labels
        if self.output_space is None:
            return L
        return np.hstack([L, self.output_space.labels.T + self.weight_space.dim])

    @functools.cached_property
    def row_space(self) -> WeightSpace:
        """The trained parameters as one space of (h, d + z) row matrices."""
        names = self.weight_space.names + (self.output_space.names if self.output_space else [])
        return WeightSpace(self.row_labels, names, self._param)

    def forward(self, x, W, U=None, activation: str = "relu") -> np.ndarray:
        """Evaluate the network on inputs x of shape (..., d).

        Returns shape (...) for ``output="sum"`` and (..., z) otherwise.

        >>> net = TwoLayerNet("S3", "natural", "natural")
        >>> W = net.weight_space.to_numpy([1.0, -1.0])  # I - (11^T - I)
        >>> net.forward(np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]), W).tolist()
        [1.0, 0.0]
        >>> net.forward(np.array([1.0, 0.0]), W)
        Traceback (most recent call last):
        ...
        symtheory.exceptions.ShapeError: inputs must end in an axis of length 3, got (2,)
        """
        x = np.asarray(x, dtype=float)
        W = np.asarray(W, dtype=float)
        if x.shape[-1:] != (self.input_degree,):
            raise ShapeError(f"inputs must end in an axis of length {self.input_degree}, got {x.shape}")
        if W.shape != (self.hidden_degree, self.input_degree):
            raise ShapeError(f"W must have shape {(self.hidden_degree, self.input_degree)}, got {W.shape}")
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(W))):
            raise NonFiniteError("inputs or weights hold NaN or infinity; pass finite numbers")
        act = activation_function(activation)(x @ W.T)
        if self._output is None:
            return act @ self._mult
        if U is None:
            raise ShapeError("this network has trainable output weights: pass U")
        U = np.asarray(U, dtype=float)
        if U.shape != (self._output.degree, self.hidden_degree):
            raise ShapeError(f"U must have shape {(self._output.degree, self.hidden_degree)}, got {U.shape}")
        return act @ U.T

    def random_weights(self, seed=0, scale: float = 1.0):
        """Random equivariant weights: W, or (W, U) with trainable outputs.

        Coordinates are i.i.d. normal with standard deviation ``scale`` in the
        raw parameterization.

        >>> net = TwoLayerNet("S3", "natural", "natural", output="trivial")
        >>> W, U = net.random_weights(seed=1)
        >>> W.shape, U.shape, bool(net.weight_space.contains(W))
        ((3, 3), (1, 3), True)
        """
        rng = np.random.default_rng(check_seed(seed))
        scale = check_real(scale, "scale", low=0, high=1e90)  # weights stay far below 1e100
        W = self.weight_space.with_parameterization("raw").to_numpy(
            scale * rng.standard_normal(self.weight_space.dim))
        if self.output_space is None:
            return W
        U = self.output_space.with_parameterization("raw").to_numpy(
            scale * rng.standard_normal(self.output_space.dim))
        return W, U

    # -- Jupyter display --
    def _repr_html_(self) -> str:
        """HTML shown by Jupyter: the architecture and dim Theta~.

        >>> "<td>13</td>" in TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")._repr_html_()
        True
        """
        import html
        out = "sum" if self._output is None else self._output.name
        rows = [("group", self._group.name), ("input X", self._input.name),
                ("hidden Y", self._hidden.name), ("output", out),
                ("hidden neurons", self.hidden_degree), ("dim &Theta;~", self.theta_dim)]
        body = "".join(f"<tr><th>{k}</th><td>{v if k.startswith('dim') else html.escape(str(v))}"
                       "</td></tr>" for k, v in rows)
        return f"<b>TwoLayerNet</b><table>{body}</table>"

    def _repr_latex_(self) -> str:
        r"""LaTeX shown by Jupyter: the function the network computes.

        >>> TwoLayerNet("S3", "natural", "natural")._repr_latex_()
        '$f(x) = \\sum_i \\sigma((W x)_i)$, $W \\in \\mathrm{Hom}_{S3}(\\mathrm{natural}, \\mathrm{natural})$, $\\dim \\tilde\\Theta = 2$'
        """
        def tex(name):
            return r"\mathrm{" + name.replace("_", r"\_") + "}"
        f = (r"f(x) = \sum_i \sigma((W x)_i)" if self._output is None
             else r"f(x) = U \sigma(W x)")
        return (f"${f}$, $W \\in \\mathrm{{Hom}}_{{{self._group.name}}}({tex(self._input.name)}, "
                f"{tex(self._hidden.name)})$, $\\dim \\tilde\\Theta = {self.theta_dim}$")
