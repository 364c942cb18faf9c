"""The S^2 model of Appendix C.3: irreps -> signal -> sigma -> harmonics -> norm^2.

The paper (Xie & Smidt, arXiv 2506.02269, Appendix C.3) builds a model whose
input is a direct sum of SO(3) irreps (e.g. ``0 + L``), maps it equivariantly
to a band-limited signal on the sphere, applies a pointwise nonlinearity
there, projects back onto the harmonics of degree ``<= lmax`` and outputs the
sum of squares of all coefficients, an invariant.  The constant signals are
the fixed points of every automorphism of the sphere, so for input ``0 + L``
the line ``theta_1 = 0`` is a hidden fixed-point subspace (Theorem 3.3).

Conventions (harmonics, rotations, quadrature: see :mod:`symtheory.sphere.harmonics`)
---------------------------------------------------------------------------
* **Input**: irreps of degrees ``degrees = (l_1, ..., l_k)``, coefficient
  vectors ``x^(l_i)`` stored block after block (dimension ``sum(2 l_i + 1)``).
  :func:`sample_inputs` draws them standard Gaussian.
* **Signal**: one weight per irrep (Schur's lemma)::

      f(r) = sum_i theta_i sqrt(4 pi / (2 l_i + 1)) sum_m x^(l_i)_m Y_{l_i m}(r)

  The factor gives each degree unit pointwise variance for standard inputs
  and makes the degree-0 term exactly ``theta_0 x^(0)``, as in the paper's
  formula; it differs from e3nn's normalization only by a rescaling
  ``theta_l -> c_l theta_l``, which moves minima but does not create, merge
  or symmetrize them.
* **Nonlinearity** (:data:`SPHERE_ACTIVATIONS`) applied on the quadrature
  nodes; **projection** ``c_lm = sum_p w_p sigma(f(r_p)) Y_lm(r_p)`` for
  ``l <= lmax``; **output** ``y = sum_lm c_lm^2``.
* **Default activation: ``"quadratic"``**, ``sigma(z) = z/2 + z^2/4``, the
  Taylor polynomial of SiLU ``z * sigmoid(z)`` (exact to third order at 0).
  It is neither odd nor even: an odd ``sigma`` (tanh) or an even one
  (``z^2``) makes ``theta -> -theta`` a symmetry, which for even ``L`` would
  map the teacher to a second zero-loss minimum across ``theta_1 = 0`` and
  hide the effect the paper describes.  Being a polynomial of degree ``k``,
  it keeps ``sigma(f)`` band-limited (degree ``k max(degrees)``), so the
  projection is an exact integral when the quadrature degree is at least
  ``k max(degrees) + lmax`` (:func:`default_resolution`) and the output is
  rotation invariant to rounding (~1e-15).
* **Other activations** (``silu``, ``relu``, ``tanh``, ``softplus``) are not
  band-limited: the quadrature projection aliases, as on any grid (e3nn's
  ``S2Activation`` too), and invariance holds only up to that aliasing error,
  which grows with the signal's amplitude.  Measured with the default
  resolution for input ``0 + L``, ``lmax = 4``, 200 standard inputs,
  ``theta = (1, 1)``: relative error 2e-8 (L = 1) to 6e-6 (L = 4); at
  ``theta = (2, -3)``, 1e-4 to 6e-4.  :func:`rotation_invariance_error`
  measures it; :attr:`S2Model.exact` says whether the projection is exact.

Examples
--------
>>> import numpy as np
>>> from symtheory.sphere.harmonics import random_rotation, rotate_input
>>> model = S2Model(degrees=(0, 2), lmax=4)
>>> x = sample_inputs(model.degrees, 3, seed=0)
>>> x.shape, model.exact
((3, 6), True)
>>> y = model.output([1.0, 0.5], x)
>>> y_rot = model.output([1.0, 0.5], rotate_input(model.degrees, x, random_rotation(7)))
>>> bool(np.allclose(y, y_rot, rtol=1e-12))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np
from scipy import special

from ..exceptions import ShapeError, UnknownNameError
from .harmonics import (
    DegreeError,
    SphereQuadrature,
    _check_degree,
    _check_degrees,
    _finite,
    _split_input,
    random_rotation,
    rotate_input,
    sphere_quadrature,
    spherical_harmonics,
)

__all__ = [
    "Activation",
    "SPHERE_ACTIVATIONS",
    "DEFAULT_ACTIVATION",
    "S2Model",
    "default_resolution",
    "sample_inputs",
    "rotation_invariance_error",
]


@dataclass(frozen=True)
class Activation:
    """A pointwise nonlinearity on the sphere.

    Attributes
    ----------
    name : str
    sigma, derivative : callable
        Vectorized ``sigma(z)`` and ``sigma'(z)``.
    coefficients : tuple of float or None
        ``(a_0, a_1, ..., a_k)`` when ``sigma(z) = sum_j a_j z^j`` is a
        polynomial, None otherwise (then the quadrature projection is only
        approximate).

    Examples
    --------
    >>> a = SPHERE_ACTIVATIONS["quadratic"]
    >>> float(a.sigma(2.0)), float(a.derivative(2.0)), a.degree
    (2.0, 1.5, 2)
    >>> SPHERE_ACTIVATIONS["silu"].degree is None
    True
    """

    name: str
    sigma: Callable = field(repr=False)
    derivative: Callable = field(repr=False)
    coefficients: Optional[tuple] = None

    @property
    def degree(self) -> Optional[int]:
        """Polynomial degree ``k``, or None if ``sigma`` is not a polynomial.

        Examples
        --------
        >>> SPHERE_ACTIVATIONS["square"].degree, SPHERE_ACTIVATIONS["relu"].degree
        (2, None)
        """
        return None if self.coefficients is None else len(self.coefficients) - 1


def _quadratic(z):
    return 0.5 * z + 0.25 * z * z


def _quadratic_d(z):
    return 0.5 + 0.5 * z


def _silu(z):
    return z * special.expit(z)


def _silu_d(z):
    s = special.expit(z)
    return s * (1.0 + z * (1.0 - s))


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_d(z):
    return (z > 0).astype(float)


def _tanh_d(z):
    return 1.0 - np.tanh(z) ** 2


def _softplus(z):
    return np.logaddexp(0.0, z)


def _square(z):
    return z * z


def _square_d(z):
    return 2.0 * z


SPHERE_ACTIVATIONS = {
    "quadratic": Activation("quadratic", _quadratic, _quadratic_d, (0.0, 0.5, 0.25)),
    "square": Activation("square", _square, _square_d, (0.0, 0.0, 1.0)),
    "silu": Activation("silu", _silu, _silu_d),
    "relu": Activation("relu", _relu, _relu_d),
    "tanh": Activation("tanh", np.tanh, _tanh_d),
    "softplus": Activation("softplus", _softplus, special.expit),
}
"""Nonlinearities on the sphere by name.  ``square`` is even (a model with it
has the extra symmetry ``theta -> -theta``); ``tanh`` is odd (same)."""

DEFAULT_ACTIVATION = "quadratic"
"""The activation of :class:`S2Model` and of Figures 12-13."""


def _activation(name) -> Activation:
    if not isinstance(name, str) or name not in SPHERE_ACTIVATIONS:
        raise UnknownNameError(
            f"unknown activation {name!r}; use one of {', '.join(sorted(SPHERE_ACTIVATIONS))}")
    return SPHERE_ACTIVATIONS[name]


def sample_inputs(degrees: Sequence[int], n: int, seed=0) -> np.ndarray:
    """A fixed seeded sample of ``n`` standard Gaussian inputs.

    Parameters
    ----------
    degrees : sequence of int
        Degrees of the input irreps.
    n : int
        Sample size, ``>= 2`` (a standard error needs two values).
    seed : int, sequence of int or numpy.random.Generator
        Passed to ``numpy.random.default_rng``.

    Returns
    -------
    ndarray, shape (n, sum(2 l + 1))

    Examples
    --------
    >>> sample_inputs((0, 1), 5, seed=3).shape
    (5, 4)
    """
    degrees = _check_degrees(degrees)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ShapeError(f"sample size must be an integer >= 2, got {n!r}; pass e.g. n=256")
    dim = sum(2 * l + 1 for l in degrees)
    return np.random.default_rng(seed).standard_normal((int(n), dim))


def default_resolution(degrees: Sequence[int], lmax: int, activation: str = DEFAULT_ACTIVATION) -> int:
    """Default quadrature degree of :class:`S2Model`.

    For a polynomial activation of degree ``k``: ``max(k * max(degrees) +
    lmax, 2 * lmax)``, the smallest degree at which the projection of
    ``sigma(f)`` onto the harmonics of degree ``<= lmax`` is exact.  For any
    other activation: ``lmax + 8 * max(degrees) + 8``, a compromise between
    cost and aliasing (see the module docstring for measured errors).

    Parameters
    ----------
    degrees : sequence of int
    lmax : int
    activation : str

    Returns
    -------
    int

    Examples
    --------
    >>> default_resolution((0, 2), 4), default_resolution((0, 2), 4, "silu")
    (8, 28)
    >>> default_resolution((0, 4), 4)
    12
    """
    degrees = _check_degrees(degrees)
    lmax = _check_degree(lmax, "lmax")
    act = _activation(activation)
    if act.degree is not None:
        return max(act.degree * max(degrees) + lmax, 2 * lmax)
    return lmax + 8 * max(degrees) + 8


@dataclass(frozen=True)
class S2Model:
    """The S^2 model of Appendix C.3: irreps -> signal -> sigma -> harmonics -> norm^2.

    Parameters
    ----------
    degrees : tuple of int
        Degrees of the input irreps, e.g. ``(0, L)`` or ``(L1, L2)``; one
        weight ``theta_i`` per irrep.
    lmax : int
        Largest harmonic degree kept after the nonlinearity; at least
        ``max(degrees)`` (the signal lives in ``0 + 1 + ... + lmax``).
    activation : str
        A key of :data:`SPHERE_ACTIVATIONS` (default ``"quadratic"``).
    resolution : int or None
        Degree of exactness of the quadrature (:func:`symtheory.sphere.harmonics.sphere_quadrature`);
        ``None`` uses :func:`default_resolution`.  Must be ``>= 2 * lmax``.

    Attributes
    ----------
    quadrature : SphereQuadrature
        The nodes ``r_p`` and weights ``w_p`` of the projection.
    exact : bool
        Whether the projection is an exact integral (polynomial activation and
        a resolution high enough), so that the output is rotation invariant
        to rounding.

    Notes
    -----
    The output of one input ``x`` is ``y = sum_{l <= lmax, m} c_lm^2`` with
    ``c_lm = sum_p w_p sigma(f(r_p)) Y_lm(r_p)`` and
    ``f = sum_i theta_i sqrt(4 pi/(2 l_i + 1)) x^(l_i) . Y_{l_i}`` (module
    docstring).  It is invariant under the inversion exactly, input by input
    (the inversion flips the sign of every odd-degree block, and the node set
    is closed under ``r -> -r``); so flipping the signs of all weights of odd
    degree is an exact symmetry of the model.

    Examples
    --------
    >>> import numpy as np
    >>> model = S2Model((0, 1), lmax=3)
    >>> model.dim, model.n_theta, model.resolution, model.exact
    (4, 2, 6, True)
    >>> x = sample_inputs(model.degrees, 4, seed=0)
    >>> y = model.output([0.7, 1.1], x)
    >>> bool(np.allclose(y, model.output([0.7, -1.1], x), rtol=1e-12))   # odd L
    True
    """

    degrees: tuple
    lmax: int
    activation: str = DEFAULT_ACTIVATION
    resolution: Optional[int] = None
    quadrature: SphereQuadrature = field(init=False, repr=False, compare=False)
    _Y: np.ndarray = field(init=False, repr=False, compare=False)
    _B: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        degrees = _check_degrees(self.degrees)
        lmax = _check_degree(self.lmax, "lmax")
        if lmax < max(degrees):
            raise DegreeError(
                f"lmax={lmax} is below the input degree {max(degrees)}; pass lmax >= {max(degrees)}")
        _activation(self.activation)
        if self.resolution is None:
            res = default_resolution(degrees, lmax, self.activation)
        else:
            res = _check_degree(self.resolution, "resolution")
        if res < 2 * lmax:
            raise DegreeError(f"resolution={res} is below 2*lmax={2 * lmax}; pass resolution >= {2 * lmax}")
        object.__setattr__(self, "degrees", degrees)
        object.__setattr__(self, "lmax", lmax)
        object.__setattr__(self, "resolution", res)
        q = sphere_quadrature(res)
        Y = spherical_harmonics(lmax, q.points)                      # (P, K)
        blocks = [math.sqrt(4 * math.pi / (2 * l + 1)) * Y[:, l * l:(l + 1) ** 2] for l in degrees]
        B = np.concatenate(blocks, axis=1)                           # (P, dim)
        for a in (Y, B):
            a.setflags(write=False)
        object.__setattr__(self, "quadrature", q)
        object.__setattr__(self, "_Y", Y)
        object.__setattr__(self, "_B", B)

    # ---- sizes and facts -------------------------------------------------
    @property
    def dim(self) -> int:
        """Dimension of the input, ``sum(2 l + 1)``.

        Examples
        --------
        >>> S2Model((0, 3), lmax=3).dim
        8
        """
        return sum(2 * l + 1 for l in self.degrees)

    @property
    def n_theta(self) -> int:
        """Number of weights, one per input irrep.

        Examples
        --------
        >>> S2Model((1, 2, 2), lmax=2).n_theta
        3
        """
        return len(self.degrees)

    @property
    def n_nodes(self) -> int:
        """Number of quadrature nodes ``P``.

        Examples
        --------
        >>> m = S2Model((0, 4), lmax=4)
        >>> m.resolution, m.n_nodes          # 7 rings of 14 azimuths
        (12, 98)
        """
        return int(self._B.shape[0])

    @property
    def exact(self) -> bool:
        """True when the projection of ``sigma(f)`` is an exact integral.

        Examples
        --------
        >>> S2Model((0, 2), lmax=4).exact, S2Model((0, 2), lmax=4, activation="silu").exact
        (True, False)
        >>> S2Model((0, 4), lmax=4, resolution=8).exact      # too coarse for degree 8 + 4
        False
        """
        k = SPHERE_ACTIVATIONS[self.activation].degree
        return k is not None and self.resolution >= k * max(self.degrees) + self.lmax

    # ---- checks ----------------------------------------------------------
    def _theta(self, theta):
        t = _finite(theta, "theta")
        if t.shape != (self.n_theta,):
            raise ShapeError(
                f"theta must have shape ({self.n_theta},) for degrees {self.degrees}, got {t.shape}")
        return t

    def _x(self, x):
        x = _split_input(self.degrees, x)
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2:
            raise ShapeError(f"input x must have shape (n, {self.dim}) or ({self.dim},), got {x.shape}")
        return x

    def _feats(self, feats):
        feats = _finite(feats, "features")
        if feats.ndim != 3 or feats.shape[1:] != (self.n_theta, self.n_nodes):
            raise ShapeError(
                f"features must have shape (n, {self.n_theta}, {self.n_nodes}), got {feats.shape}; "
                "build them with model.features(x)")
        return feats

    # ---- the model -------------------------------------------------------
    def features(self, x) -> np.ndarray:
        """Per-irrep signals on the quadrature nodes, shape ``(n, n_theta, P)``.

        ``f = sum_i theta_i features[:, i]``; precompute them once for a fixed
        sample and pass them to :meth:`output_from_features`.

        Parameters
        ----------
        x : array_like, shape (n, dim) or (dim,)

        Returns
        -------
        ndarray, shape (n, n_theta, P)

        Examples
        --------
        >>> m = S2Model((0, 1), lmax=1, resolution=2)
        >>> m.features([2.0, 0, 0, 0]).round(12).tolist()[0][0][:3]
        [2.0, 2.0, 2.0]
        """
        x = self._x(x)
        out = np.empty((x.shape[0], self.n_theta, self.n_nodes))
        start = 0
        for i, l in enumerate(self.degrees):
            k = 2 * l + 1
            out[:, i, :] = x[:, start:start + k] @ self._B[:, start:start + k].T
            start += k
        return out

    def signal(self, theta, x) -> np.ndarray:
        """The signal ``f`` on the quadrature nodes, shape ``(n, P)``.

        Examples
        --------
        >>> m = S2Model((0,), lmax=0, resolution=0)
        >>> m.signal([3.0], [2.0]).tolist()
        [[6.0, 6.0]]
        """
        t = self._theta(theta)
        return np.einsum("i,nip->np", t, self.features(x))

    def coefficients(self, theta, x) -> np.ndarray:
        """Harmonic coefficients ``c_lm`` of ``sigma(f)``, shape ``(n, (lmax+1)**2)``.

        Examples
        --------
        >>> import numpy as np
        >>> m = S2Model((0,), lmax=2, activation="square")
        >>> c = m.coefficients([1.0], [2.0])      # sigma(f) = 4 everywhere
        >>> bool(np.allclose(c[0], [4 * np.sqrt(4 * np.pi)] + [0] * 8))
        True
        """
        sigma = SPHERE_ACTIVATIONS[self.activation].sigma
        return (sigma(self.signal(theta, x)) * self.quadrature.weights) @ self._Y

    def output_from_features(self, theta, feats) -> np.ndarray:
        """Output ``y`` from precomputed :meth:`features`, shape ``(n,)``.

        Examples
        --------
        >>> import numpy as np
        >>> m = S2Model((0, 2), lmax=2)
        >>> x = sample_inputs(m.degrees, 3, seed=1)
        >>> bool(np.allclose(m.output_from_features([1, 1], m.features(x)), m.output([1, 1], x)))
        True
        """
        t = self._theta(theta)
        feats = self._feats(feats)
        sigma = SPHERE_ACTIVATIONS[self.activation].sigma
        f = np.einsum("i,nip->np", t, feats)
        c = (sigma(f) * self.quadrature.weights) @ self._Y
        return np.einsum("nk,nk->n", c, c)

    def output(self, theta, x) -> np.ndarray:
        """The invariant output ``y = sum c_lm^2`` of each input, shape ``(n,)``.

        Parameters
        ----------
        theta : array_like, shape (n_theta,)
        x : array_like, shape (n, dim) or (dim,)

        Returns
        -------
        ndarray, shape (n,)

        Examples
        --------
        >>> import numpy as np
        >>> m = S2Model((0,), lmax=1, activation="square")
        >>> bool(np.isclose(m.output([1.0], [2.0])[0], 4 * np.pi * 16))   # ||4||^2 on S^2
        True
        """
        return self.output_from_features(theta, self.features(x))

    def output_and_grad_from_features(self, theta, feats):
        """Outputs ``(n,)`` and their gradients in theta ``(n, n_theta)``.

        ``dy/dtheta_i = 2 sum_p w_p h(r_p) sigma'(f(r_p)) g_i(r_p)``, where
        ``h`` is the band-limited part of ``sigma(f)`` on the nodes and ``g_i``
        the features (the chain rule through the quadrature projection).

        Examples
        --------
        >>> import numpy as np
        >>> m = S2Model((0, 2), lmax=2)
        >>> F = m.features(sample_inputs(m.degrees, 2, seed=0))
        >>> y, g = m.output_and_grad_from_features([0.5, 1.0], F)
        >>> e = 1e-6
        >>> fd = (m.output_from_features([0.5 + e, 1.0], F)
        ...       - m.output_from_features([0.5 - e, 1.0], F)) / (2 * e)
        >>> bool(np.allclose(g[:, 0], fd, rtol=1e-6))
        True
        """
        t = self._theta(theta)
        feats = self._feats(feats)
        act = SPHERE_ACTIVATIONS[self.activation]
        f = np.einsum("i,nip->np", t, feats)
        w = self.quadrature.weights
        c = (act.sigma(f) * w) @ self._Y
        y = np.einsum("nk,nk->n", c, c)
        h = c @ self._Y.T                                            # band-limited part on nodes
        grad = 2.0 * np.einsum("np,nip->ni", h * act.derivative(f) * w, feats)
        return y, grad


def rotation_invariance_error(model: S2Model, theta, x, n_rotations: int = 3, seed=0) -> float:
    """Largest relative change of the output under random rotations of the input.

    ``max_R max_i |y(theta, D(R) x_i) - y(theta, x_i)| / max_i |y(theta, x_i)|``
    over ``n_rotations`` Haar-random rotations (input blocks rotated by their
    Wigner matrices).  Rounding level (~1e-15) when :attr:`S2Model.exact`;
    otherwise the aliasing error of the quadrature projection.

    Parameters
    ----------
    model : S2Model
    theta : array_like, shape (model.n_theta,)
    x : array_like, shape (n, model.dim)
    n_rotations : int
    seed : int or numpy.random.Generator
        Seeds the rotations.

    Returns
    -------
    float

    Examples
    --------
    >>> m = S2Model((0, 3), lmax=4)
    >>> x = sample_inputs(m.degrees, 16, seed=0)
    >>> rotation_invariance_error(m, [1.0, -2.0], x) < 1e-12
    True
    >>> m = S2Model((0, 3), lmax=4, activation="silu")
    >>> 1e-12 < rotation_invariance_error(m, [1.0, -2.0], x) < 1e-2
    True
    """
    x = model._x(x)
    t = model._theta(theta)
    if isinstance(n_rotations, bool) or not isinstance(n_rotations, (int, np.integer)) or n_rotations < 1:
        raise ShapeError(f"n_rotations must be a positive integer, got {n_rotations!r}")
    rng = np.random.default_rng(seed)
    y = model.output(t, x)
    scale = float(np.abs(y).max()) or 1.0
    err = 0.0
    for _ in range(int(n_rotations)):
        xr = rotate_input(model.degrees, x, random_rotation(rng))
        err = max(err, float(np.abs(model.output(t, xr) - y).max()) / scale)
    return err
