"""Spherical signals: the S^2 model of Appendix C.3 (numeric only).

The paper (Xie & Smidt, arXiv 2506.02269, Appendix C.3) notes that signals on
the sphere form a permutation representation of SO(3) (``S^2 = SO(3)/SO(2)``),
that the constant signals are the fixed points of every automorphism of the
sphere, and hence that a model whose input is ``0 + L`` (a scalar and one
degree-``L`` irrep) falls under Theorem 3.3: the line ``theta_1 = 0`` is a
hidden fixed-point subspace and the teacher-student loss has two minima, one
on each side of it.  For odd ``L`` the inversion ``r -> -r`` of the sphere
flips ``Y_L -> -Y_L`` and makes ``theta_1 -> -theta_1`` an exact parameter
symmetry, so the two minima have equal loss; for even ``L`` they need not.

This module builds that model from scratch with numpy and scipy.

Conventions
-----------
* **Points** on the sphere are unit vectors ``(x, y, z)``; the polar axis is
  ``z``.  ``beta`` in ``[0, pi]`` is the polar angle (``z = cos(beta)``) and
  ``alpha`` in ``[0, 2 pi)`` the azimuth (``x = sin(beta) cos(alpha)``,
  ``y = sin(beta) sin(alpha)``).
* **Real spherical harmonics** ``Y_lm`` are orthonormal on the sphere,
  ``int Y_lm Y_l'm' dOmega = delta`` (``dOmega`` the area element, total area
  ``4 pi``), without the Condon-Shortley phase::

      Y_l0      = Q_l^0(cos beta)
      Y_lm      = sqrt(2) Q_l^m(cos beta) cos(m alpha)     (m > 0)
      Y_l,-m    = sqrt(2) Q_l^m(cos beta) sin(m alpha)     (m > 0)
      Q_l^m(x)  = sqrt((2l+1)/(4 pi) (l-m)!/(l+m)!) (1-x^2)^(m/2) d^m/dx^m P_l(x)

  So ``Y_00 = 1/sqrt(4 pi)``, ``(Y_1,-1, Y_10, Y_11) = sqrt(3/(4 pi)) (y, z, x)``.
  Coefficients are stored degree by degree, ``m = -l, ..., l`` inside a
  degree: index ``l*l + l + m`` for all degrees ``0..lmax``.
* **Rotations** act on signals by ``(R f)(r) = f(R^{-1} r)``.  The (real,
  orthogonal) Wigner matrix is defined by ``Y_l(R r) = D_l(R) Y_l(r)``, so
  ``D_l(R1 R2) = D_l(R1) D_l(R2)``, and rotating a signal with coefficients
  ``x`` gives the coefficients ``D_l(R) x``.  Inversion ``r -> -r`` maps
  ``Y_l -> (-1)^l Y_l``.
* **Quadrature**: :func:`sphere_quadrature` of degree ``D`` is the product of
  Gauss-Legendre nodes in ``cos(beta)`` and a uniform grid in ``alpha``; it
  integrates every polynomial in ``x, y, z`` of degree ``<= D`` exactly (so
  the product of two harmonics of degrees ``l1 + l2 <= D``).  The number of
  azimuths is even, so the node set is closed under inversion.
* **The model** (:class:`S2Model`).  The input is a direct sum of irreps of
  degrees ``degrees = (l_1, ..., l_k)`` with coefficient vectors ``x^(l_i)``.
  The equivariant linear map has one weight per input irrep (Schur's lemma)
  and gives the band-limited signal::

      f(r) = sum_i theta_i sqrt(4 pi / (2 l_i + 1)) sum_m x^(l_i)_m Y_{l_i m}(r)

  The factor makes each degree contribute unit pointwise variance when the
  input is standard Gaussian, and makes the degree-0 term exactly
  ``theta_0 x^(0)`` as in the paper's formula; it differs from the paper's
  (e3nn "component") normalization by the harmless rescaling
  ``theta_l -> sqrt(2l+1) theta_l``.  A pointwise nonlinearity ``sigma``
  (default SiLU, see :data:`ACTIVATIONS`) is applied on the quadrature nodes,
  the result is projected on the harmonics of degree ``<= lmax``,
  ``c_lm = sum_p w_p sigma(f(r_p)) Y_lm(r_p)``, and the invariant output is
  ``y = sum_lm c_lm^2``, the squared L2 norm of the band-limited part of
  ``sigma(f)``.
* **Why SiLU.**  It is smooth (so the quadrature projection converges fast
  and the model is rotation invariant to ~1e-10 at the default resolution)
  and it is neither odd nor even.  An odd activation such as ``tanh`` adds
  the symmetry ``theta -> -theta`` (``sigma(-f) = -sigma(f)``) which, combined
  with inversion, equalizes the two minima for even ``L`` as well and hides
  the effect of the paper; ReLU is allowed but its kink makes the projection
  converge slowly (invariance only to ~1e-4).
* **Loss**: ``E_x[(y(theta, x) - y(theta_teacher, x))^2]`` (no factor 1/2),
  estimated by the mean over a fixed seeded sample of standard Gaussian
  inputs (:func:`sample_inputs`); every estimate carries its standard error
  ``std(ddof=1) / sqrt(n)``.

References
----------
.. [1] Y. Xie and T. Smidt, "A Tale of Two Symmetries: Exploring the Loss
   Landscape of Equivariant Models", arXiv 2506.02269, Appendix C.3.
.. [2] T. Cohen, M. Geiger, J. Koehler, M. Welling, "Spherical CNNs", ICLR
   2018 (S^2 activations on a grid).

Examples
--------
>>> import numpy as np
>>> model = S2Model(degrees=(0, 2), lmax=4)
>>> x = sample_inputs(model.degrees, 3, seed=0)
>>> x.shape
(3, 6)
>>> model.output([1.0, 0.5], x).shape
(3,)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
from scipy import optimize, special

from .exceptions import NonFiniteError, ShapeError, SymtheoryError, UnknownNameError

__all__ = [
    "ACTIVATIONS",
    "DegreeError",
    "SphereQuadrature",
    "S2Model",
    "LossEstimate",
    "Landscape",
    "SideMinimum",
    "SymmetryReport",
    "harmonic_index",
    "num_harmonics",
    "spherical_harmonics",
    "sphere_quadrature",
    "random_rotation",
    "wigner_matrix",
    "rotate_input",
    "invert_input",
    "sample_inputs",
    "teacher_student_loss",
    "loss_landscape",
    "side_minima",
    "inversion_symmetry",
    "predicted_inversion_flips",
    "default_resolution",
    "student_outputs_grid",
    "MinimaComparison",
    "compare_minima",
]


class DegreeError(SymtheoryError, ValueError):
    """A harmonic degree or cutoff is invalid (negative, or above ``lmax``)."""


# --------------------------------------------------------------------------
# activations: name -> (sigma, sigma')
# --------------------------------------------------------------------------

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


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "silu": (_silu, _silu_d),
    "relu": (_relu, _relu_d),
    "tanh": (np.tanh, _tanh_d),
    "softplus": (_softplus, special.expit),
    "square": (_square, _square_d),
}
"""Pointwise nonlinearities on the sphere: ``name -> (sigma, derivative)``."""


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------

def _check_degree(l, what="degree"):
    if isinstance(l, bool) or not isinstance(l, (int, np.integer)):
        raise DegreeError(f"{what} must be an integer, got {l!r}; pass e.g. 2")
    if l < 0:
        raise DegreeError(f"{what} must be >= 0, got {l}; use a non-negative degree")
    return int(l)


def _finite(a, name):
    a = np.asarray(a, dtype=float)
    if not np.all(np.isfinite(a)):
        raise NonFiniteError(f"{name} holds NaN or infinity; pass finite numbers")
    return a


# --------------------------------------------------------------------------
# spherical harmonics
# --------------------------------------------------------------------------

def num_harmonics(lmax: int) -> int:
    """Number of real harmonics of degree ``0..lmax``, i.e. ``(lmax+1)**2``.

    Examples
    --------
    >>> num_harmonics(3)
    16
    """
    lmax = _check_degree(lmax, "lmax")
    return (lmax + 1) ** 2


def harmonic_index(l: int, m: int) -> int:
    """Position of ``Y_lm`` in a coefficient vector: ``l*l + l + m``.

    Examples
    --------
    >>> harmonic_index(0, 0), harmonic_index(1, -1), harmonic_index(2, 2)
    (0, 1, 8)
    """
    l = _check_degree(l)
    if not -l <= m <= l:
        raise DegreeError(f"order m={m} is outside -l..l for l={l}; use |m| <= l")
    return l * l + l + int(m)


def _normalized_legendre(lmax, z):
    """Q[l][m] arrays (shape of z) of the module docstring, 0 <= m <= l <= lmax."""
    s = np.sqrt(np.clip(1.0 - z * z, 0.0, None))
    Q = [[None] * (l + 1) for l in range(lmax + 1)]
    Q[0][0] = np.full_like(z, 1.0 / math.sqrt(4.0 * math.pi))
    for m in range(1, lmax + 1):
        Q[m][m] = math.sqrt((2 * m + 1) / (2.0 * m)) * s * Q[m - 1][m - 1]
    for m in range(0, lmax):
        Q[m + 1][m] = math.sqrt(2 * m + 3) * z * Q[m][m]
    for m in range(0, lmax + 1):
        for l in range(m + 2, lmax + 1):
            a = math.sqrt((4.0 * l * l - 1.0) / (l * l - m * m))
            b = math.sqrt(((l - 1.0) ** 2 - m * m) / (4.0 * (l - 1.0) ** 2 - 1.0))
            Q[l][m] = a * (z * Q[l - 1][m] - b * Q[l - 2][m])
    return Q


def spherical_harmonics(lmax: int, points) -> np.ndarray:
    """Real orthonormal spherical harmonics of degree ``0..lmax`` at points.

    Parameters
    ----------
    lmax : int
        Largest degree, ``>= 0``.
    points : array_like, shape (..., 3)
        Nonzero vectors; they are normalized to the unit sphere.

    Returns
    -------
    ndarray, shape (..., (lmax+1)**2)
        ``Y[..., l*l + l + m] = Y_lm(r)`` in the convention of the module
        docstring (polar axis z, orthonormal, no Condon-Shortley phase).

    Raises
    ------
    DegreeError
        If ``lmax`` is negative or not an integer.
    ShapeError
        If the last axis of ``points`` is not 3.
    NonFiniteError
        If ``points`` holds NaN, infinity or a zero vector.

    Examples
    --------
    >>> import numpy as np
    >>> Y = spherical_harmonics(1, [0.0, 0.0, 1.0])
    >>> np.allclose(Y * np.sqrt(4 * np.pi), [1, 0, np.sqrt(3), 0])
    True
    """
    lmax = _check_degree(lmax, "lmax")
    p = _finite(points, "points")
    if p.ndim == 0 or p.shape[-1] != 3:
        raise ShapeError(f"points must have shape (..., 3), got {p.shape}; pass unit vectors (x, y, z)")
    norm = np.linalg.norm(p, axis=-1)
    if np.any(norm == 0):
        raise NonFiniteError("points holds a zero vector; pass nonzero (unit) vectors")
    p = p / norm[..., None]
    x, y, z = p[..., 0], p[..., 1], p[..., 2]
    alpha = np.arctan2(y, x)
    Q = _normalized_legendre(lmax, z)
    out = np.empty(p.shape[:-1] + ((lmax + 1) ** 2,))
    r2 = math.sqrt(2.0)
    for l in range(lmax + 1):
        base = l * l + l
        out[..., base] = Q[l][0]
        for m in range(1, l + 1):
            out[..., base + m] = r2 * Q[l][m] * np.cos(m * alpha)
            out[..., base - m] = r2 * Q[l][m] * np.sin(m * alpha)
    return out


# --------------------------------------------------------------------------
# quadrature
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class SphereQuadrature:
    """Product quadrature on the sphere (Gauss-Legendre x uniform azimuth).

    Attributes
    ----------
    degree : int
        Polynomials in ``x, y, z`` of degree ``<= degree`` are integrated exactly.
    n_beta, n_alpha : int
        Number of Gauss-Legendre nodes in ``cos(beta)`` and of azimuths.
    points : ndarray, shape (n_beta * n_alpha, 3)
        Unit vectors, ring by ring (``beta`` outer, ``alpha`` inner).
    weights : ndarray, shape (n_beta * n_alpha,)
        Positive weights summing to ``4 pi``.
    """

    degree: int
    n_beta: int
    n_alpha: int
    points: np.ndarray = field(repr=False, compare=False)
    weights: np.ndarray = field(repr=False, compare=False)

    def integrate(self, values) -> np.ndarray:
        """Integrate sampled values over the sphere (last axis = nodes).

        Examples
        --------
        >>> q = sphere_quadrature(4)
        >>> float(q.integrate(q.points[:, 2] ** 2)) * 3 / (4 * 3.141592653589793)
        1.0000000000000...
        """
        v = np.asarray(values, dtype=float)
        if v.shape[-1:] != self.weights.shape:
            raise ShapeError(f"values must end with an axis of {self.weights.size} nodes, got shape {v.shape}")
        return v @ self.weights


def sphere_quadrature(degree: int) -> SphereQuadrature:
    """Quadrature exact for polynomials of degree ``<= degree`` on the sphere.

    ``n_beta = degree // 2 + 1`` Gauss-Legendre nodes in ``cos(beta)`` (exact
    to degree ``2 n_beta - 1 >= degree`` in ``z``) times ``n_alpha`` uniform
    azimuths, ``n_alpha`` the smallest even number ``>= degree + 1`` (exact for
    ``cos(m alpha)``, ``|m| <= degree``; even so that the nodes are closed under
    the inversion ``r -> -r``).

    Parameters
    ----------
    degree : int
        Degree of exactness, ``>= 0``.

    Returns
    -------
    SphereQuadrature

    Examples
    --------
    >>> q = sphere_quadrature(6)
    >>> (q.n_beta, q.n_alpha, q.points.shape)
    (4, 8, (32, 3))
    >>> round(float(q.weights.sum() / (4 * 3.141592653589793)), 12)
    1.0
    """
    degree = _check_degree(degree, "quadrature degree")
    n_beta = degree // 2 + 1
    n_alpha = degree + 1 + ((degree + 1) % 2)
    z, wz = np.polynomial.legendre.leggauss(n_beta)
    alpha = 2.0 * np.pi * np.arange(n_alpha) / n_alpha
    s = np.sqrt(1.0 - z * z)
    pts = np.stack([
        np.outer(s, np.cos(alpha)), np.outer(s, np.sin(alpha)), np.outer(z, np.ones(n_alpha)),
    ], axis=-1).reshape(-1, 3)
    w = np.repeat(wz * (2.0 * np.pi / n_alpha), n_alpha)
    pts.setflags(write=False)
    w.setflags(write=False)
    return SphereQuadrature(degree, n_beta, n_alpha, pts, w)


# --------------------------------------------------------------------------
# rotations and Wigner matrices
# --------------------------------------------------------------------------

def random_rotation(seed=None) -> np.ndarray:
    """A Haar-random rotation matrix (det +1), from a seed or a Generator.

    Examples
    --------
    >>> import numpy as np
    >>> R = random_rotation(0)
    >>> bool(np.allclose(R @ R.T, np.eye(3))), round(float(np.linalg.det(R)), 12)
    (True, 1.0)
    """
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((3, 3)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


def _check_rotation(R):
    R = _finite(R, "rotation")
    if R.shape != (3, 3):
        raise ShapeError(f"rotation must have shape (3, 3), got {R.shape}; pass a 3x3 matrix")
    if not np.allclose(R @ R.T, np.eye(3), atol=1e-10) or np.linalg.det(R) < 0:
        raise SymtheoryError("rotation is not orthogonal with det +1; build it with random_rotation()")
    return R


def wigner_matrix(l: int, R) -> np.ndarray:
    """Real Wigner matrix ``D_l(R)`` with ``Y_l(R r) = D_l(R) Y_l(r)``.

    Computed numerically from the harmonics: ``D_l(R) = int Y_l(R r) Y_l(r)^T
    dOmega`` with a quadrature of degree ``2 l`` (exact, the integrand being a
    polynomial of degree ``2 l``).

    Parameters
    ----------
    l : int
        Degree, ``>= 0``.
    R : array_like, shape (3, 3)
        A rotation matrix.

    Returns
    -------
    ndarray, shape (2l+1, 2l+1)
        Orthogonal matrix.

    Examples
    --------
    >>> import numpy as np
    >>> R = random_rotation(1)
    >>> D = wigner_matrix(1, R)
    >>> bool(np.allclose(D @ D.T, np.eye(3)))
    True
    >>> P = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])   # (y, z, x) order of degree 1
    >>> bool(np.allclose(D, P @ R @ P.T))
    True
    """
    l = _check_degree(l)
    R = _check_rotation(R)
    q = sphere_quadrature(2 * l)
    sl = slice(l * l, (l + 1) ** 2)
    Y = spherical_harmonics(l, q.points)[:, sl]
    YR = spherical_harmonics(l, q.points @ R.T)[:, sl]
    return (YR * q.weights[:, None]).T @ Y


def _split_input(degrees, x):
    """Check x of shape (..., dim) for the degrees; return the array."""
    dim = sum(2 * l + 1 for l in degrees)
    x = _finite(x, "input x")
    if x.ndim == 0 or x.shape[-1] != dim:
        raise ShapeError(
            f"input x must have last axis {dim} for degrees {tuple(degrees)}, got shape {x.shape}")
    return x


def rotate_input(degrees: Sequence[int], x, R) -> np.ndarray:
    """Rotate input coefficients: each degree-``l`` block ``x_l -> D_l(R) x_l``.

    The signal of the result at ``r`` is the signal of ``x`` at ``R^{-1} r``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([1.0, 0.0, 1.0, 0.0])          # degrees (0, 1): z-axis vector
    >>> Rz = np.array([[0, 0, 1], [0, 1, 0], [-1, 0, 0]])   # maps z to x
    >>> rotate_input((0, 1), x, Rz).round(12).tolist()
    [1.0, 0.0, 0.0, 1.0]
    """
    degrees = tuple(_check_degree(l) for l in degrees)
    x = _split_input(degrees, x)
    out = np.empty_like(x)
    start = 0
    for l in degrees:
        D = wigner_matrix(l, R)
        out[..., start:start + 2 * l + 1] = x[..., start:start + 2 * l + 1] @ D.T
        start += 2 * l + 1
    return out


def invert_input(degrees: Sequence[int], x) -> np.ndarray:
    """Apply the inversion ``r -> -r``: each degree-``l`` block times ``(-1)^l``.

    Examples
    --------
    >>> invert_input((0, 1), [1.0, 2.0, 3.0, 4.0]).tolist()
    [1.0, -2.0, -3.0, -4.0]
    """
    degrees = tuple(_check_degree(l) for l in degrees)
    x = _split_input(degrees, x).copy()
    start = 0
    for l in degrees:
        if l % 2:
            x[..., start:start + 2 * l + 1] *= -1.0
        start += 2 * l + 1
    return x


def sample_inputs(degrees: Sequence[int], n: int, seed=0) -> np.ndarray:
    """A fixed seeded sample of ``n`` standard Gaussian inputs, shape ``(n, dim)``.

    Examples
    --------
    >>> sample_inputs((0, 1), 5, seed=3).shape
    (5, 4)
    """
    degrees = tuple(_check_degree(l) for l in degrees)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise SymtheoryError(f"sample size must be an integer >= 2, got {n!r}; pass e.g. n=256")
    dim = sum(2 * l + 1 for l in degrees)
    return np.random.default_rng(seed).standard_normal((int(n), dim))


# --------------------------------------------------------------------------
# the model of Appendix C.3
# --------------------------------------------------------------------------

def default_resolution(degrees: Sequence[int], lmax: int) -> int:
    """Default quadrature degree of :class:`S2Model`: ``lmax + 8 * max(degrees) + 8``.

    SiLU of a degree-``L`` signal of moderate amplitude has harmonic
    coefficients decaying like ``exp(-l / (2 L))`` or faster; this degree makes
    the aliasing error of the projection (hence the rotation invariance
    error of the output) about 1e-10 for ``|theta| <= 1`` and standard inputs.

    Examples
    --------
    >>> default_resolution((0, 2), 4)
    28
    """
    return int(lmax) + 8 * max(int(l) for l in degrees) + 8


@dataclass(frozen=True)
class S2Model:
    """The S^2 model of Appendix C.3: irreps -> signal -> sigma -> harmonics -> norm^2.

    Parameters
    ----------
    degrees : tuple of int
        Degrees of the input irreps, e.g. ``(0, L)`` or ``(L1, L2)``; one
        weight ``theta_i`` per irrep.
    lmax : int
        Largest harmonic degree kept after the nonlinearity; must be at least
        ``max(degrees)`` (the signal is represented on ``0 + 1 + ... + lmax``).
    activation : str
        A key of :data:`ACTIVATIONS` (default ``"silu"``).
    resolution : int or None
        Degree of exactness of the quadrature (see :func:`sphere_quadrature`);
        ``None`` uses :func:`default_resolution`.  Must be ``>= 2 * lmax``.

    Notes
    -----
    The output of one input ``x`` is ``y = sum_{l <= lmax, m} c_lm^2`` with
    ``c_lm = sum_p w_p sigma(f(r_p)) Y_lm(r_p)`` and
    ``f = sum_i theta_i sqrt(4 pi/(2 l_i + 1)) x^(l_i) . Y_{l_i}`` (module
    docstring).  It is invariant under rotations of the input up to the
    aliasing error of the quadrature, and exactly (per input) under the
    inversion, which flips the sign of every odd-degree block.

    Examples
    --------
    >>> import numpy as np
    >>> model = S2Model((0, 1), lmax=3)
    >>> model.dim, model.n_theta
    (4, 2)
    >>> x = sample_inputs(model.degrees, 4, seed=0)
    >>> y = model.output([0.7, 1.1], x)
    >>> bool(np.allclose(y, model.output([0.7, -1.1], x), rtol=1e-12))   # odd L
    True
    """

    degrees: tuple
    lmax: int
    activation: str = "silu"
    resolution: int | None = None
    quadrature: SphereQuadrature = field(init=False, repr=False, compare=False)
    _Y: np.ndarray = field(init=False, repr=False, compare=False)
    _B: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if isinstance(self.degrees, (int, np.integer)):
            raise ShapeError("degrees must be a sequence of integers, e.g. (0, 2); got a single integer")
        degrees = tuple(_check_degree(l, "input degree") for l in self.degrees)
        if not degrees:
            raise ShapeError("degrees is empty; pass at least one input degree, e.g. (0, 2)")
        lmax = _check_degree(self.lmax, "lmax")
        if lmax < max(degrees):
            raise DegreeError(
                f"lmax={lmax} is below the input degree {max(degrees)}; pass lmax >= {max(degrees)}")
        if self.activation not in ACTIVATIONS:
            raise UnknownNameError(
                f"unknown activation {self.activation!r}; use one of {', '.join(sorted(ACTIVATIONS))}")
        res = default_resolution(degrees, lmax) if self.resolution is None else self.resolution
        res = _check_degree(res, "resolution")
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

    # ---- sizes -----------------------------------------------------------
    @property
    def dim(self) -> int:
        """Dimension of the input, ``sum(2 l + 1)``."""
        return sum(2 * l + 1 for l in self.degrees)

    @property
    def n_theta(self) -> int:
        """Number of weights, one per input irrep."""
        return len(self.degrees)

    # ---- checks ----------------------------------------------------------
    def _theta(self, theta):
        t = _finite(theta, "theta")
        if t.shape != (self.n_theta,):
            raise ShapeError(f"theta must have shape ({self.n_theta},) for degrees {self.degrees}, got {t.shape}")
        return t

    def _x(self, x):
        x = _split_input(self.degrees, x)
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2:
            raise ShapeError(f"input x must have shape (n, {self.dim}) or ({self.dim},), got {x.shape}")
        return x

    # ---- the model -------------------------------------------------------
    def features(self, x) -> np.ndarray:
        """Per-irrep signals on the quadrature nodes, shape ``(n, n_theta, P)``.

        ``f = sum_i theta_i features[:, i]``; precompute it once for a fixed
        sample and pass it to :meth:`output_from_features`.

        Examples
        --------
        >>> m = S2Model((0, 1), lmax=1, resolution=2)
        >>> m.features([2.0, 0, 0, 0]).round(12).tolist()[0][0][:3]
        [2.0, 2.0, 2.0]
        """
        x = self._x(x)
        out = np.empty((x.shape[0], self.n_theta, self._B.shape[0]))
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
        t = self._theta(theta)
        sigma = ACTIVATIONS[self.activation][0]
        f = np.einsum("i,nip->np", t, self.features(x))
        return (sigma(f) * self.quadrature.weights) @ self._Y

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
        feats = np.asarray(feats, dtype=float)
        if feats.ndim != 3 or feats.shape[1:] != (self.n_theta, self._B.shape[0]):
            raise ShapeError(
                f"features must have shape (n, {self.n_theta}, {self._B.shape[0]}); build them with model.features(x)")
        sigma = ACTIVATIONS[self.activation][0]
        f = np.einsum("i,nip->np", t, feats)
        c = (sigma(f) * self.quadrature.weights) @ self._Y
        return np.einsum("nk,nk->n", c, c)

    def output(self, theta, x) -> np.ndarray:
        """The invariant output ``y = sum c_lm^2`` of each input, shape ``(n,)``.

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

        ``dy/dtheta_i = 2 sum_p w_p h(r_p) sigma'(f(r_p)) g_i(r_p)`` where ``h``
        is the band-limited part of ``sigma(f)`` and ``g_i`` the features.

        Examples
        --------
        >>> import numpy as np
        >>> m = S2Model((0, 2), lmax=2)
        >>> F = m.features(sample_inputs(m.degrees, 2, seed=0))
        >>> y, g = m.output_and_grad_from_features([0.5, 1.0], F)
        >>> e = 1e-6
        >>> fd = (m.output_from_features([0.5 + e, 1.0], F) - m.output_from_features([0.5 - e, 1.0], F)) / (2 * e)
        >>> bool(np.allclose(g[:, 0], fd, rtol=1e-6))
        True
        """
        t = self._theta(theta)
        sigma, dsigma = ACTIVATIONS[self.activation]
        feats = np.asarray(feats, dtype=float)
        f = np.einsum("i,nip->np", t, feats)
        w = self.quadrature.weights
        c = (sigma(f) * w) @ self._Y
        y = np.einsum("nk,nk->n", c, c)
        h = c @ self._Y.T                                            # band-limited part on nodes
        grad = 2.0 * np.einsum("np,nip->ni", h * dsigma(f) * w, feats)
        return y, grad


# --------------------------------------------------------------------------
# teacher-student loss, landscapes, minima, inversion symmetry
# --------------------------------------------------------------------------

def _mean_se(v, axis=-1):
    v = np.asarray(v, dtype=float)
    n = v.shape[axis]
    return v.mean(axis=axis), v.std(axis=axis, ddof=1) / math.sqrt(n)


@dataclass(frozen=True)
class LossEstimate:
    """Monte Carlo estimate of a loss: ``mean`` +- ``se`` over ``n`` inputs."""

    mean: float
    se: float
    n: int


def teacher_student_loss(model: S2Model, theta, theta_teacher, x) -> LossEstimate:
    """Teacher-student loss ``mean_i (y(theta, x_i) - y(theta_teacher, x_i))^2``.

    Parameters
    ----------
    model : S2Model
    theta, theta_teacher : array_like, shape (model.n_theta,)
    x : array_like, shape (n, model.dim)
        The fixed sample of inputs (:func:`sample_inputs`), ``n >= 2``.

    Returns
    -------
    LossEstimate
        The sample mean, its standard error ``std(ddof=1)/sqrt(n)`` and ``n``.

    Examples
    --------
    >>> m = S2Model((0, 1), lmax=2)
    >>> x = sample_inputs(m.degrees, 64, seed=0)
    >>> teacher_student_loss(m, [1.0, 0.5], [1.0, 0.5], x).mean
    0.0
    >>> est = teacher_student_loss(m, [1.0, 0.0], [1.0, 0.5], x)
    >>> est.mean > 3 * est.se > 0, est.n
    (True, 64)
    """
    x = model._x(x)
    if x.shape[0] < 2:
        raise ShapeError("need at least 2 inputs to estimate a standard error; pass x of shape (n >= 2, dim)")
    F = model.features(x)
    e = (model.output_from_features(theta, F) - model.output_from_features(theta_teacher, F)) ** 2
    mean, se = _mean_se(e)
    return LossEstimate(float(mean), float(se), int(x.shape[0]))


def _grid_values(v, name):
    v = _finite(v, name)
    if v.ndim != 1 or v.size < 2:
        raise ShapeError(f"{name} must be a 1-d array of at least 2 values, got shape {v.shape}")
    return v


@dataclass(frozen=True, eq=False)
class Landscape:
    """A teacher-student loss landscape over two weights.

    Attributes
    ----------
    axes : tuple of int
        Indices ``(i, j)`` of the two weights varied; the others are ``base``.
    values : tuple of ndarray
        Grid values of ``theta_i`` (rows) and ``theta_j`` (columns).
    base : ndarray
        The full weight vector whose entries ``i, j`` are overwritten.
    theta_teacher : ndarray
    loss, se : ndarray, shape (len(values[0]), len(values[1]))
        Sample mean and standard error of the squared error.
    per_sample : ndarray, shape (len(values[0]), len(values[1]), n)
        Squared error of each input (for paired comparisons).
    """

    axes: tuple
    values: tuple
    base: np.ndarray = field(repr=False)
    theta_teacher: np.ndarray
    loss: np.ndarray = field(repr=False)
    se: np.ndarray = field(repr=False)
    per_sample: np.ndarray = field(repr=False)

    @property
    def n(self) -> int:
        """Sample size."""
        return int(self.per_sample.shape[-1])

    def theta_at(self, a: int, b: int) -> np.ndarray:
        """Full weight vector at grid index ``(a, b)``."""
        t = np.array(self.base, dtype=float)
        t[self.axes[0]] = self.values[0][a]
        t[self.axes[1]] = self.values[1][b]
        return t


def student_outputs_grid(model: S2Model, x, values_a, values_b, axes=(0, 1), base=None) -> np.ndarray:
    """Student outputs on a grid of two weights, shape ``(na, nb, n)``.

    Independent of the teacher, so one grid serves many teacher seeds.

    Examples
    --------
    >>> m = S2Model((0, 1), lmax=1)
    >>> x = sample_inputs(m.degrees, 3, seed=0)
    >>> student_outputs_grid(m, x, [0.0, 1.0], [-1.0, 0.0, 1.0]).shape
    (2, 3, 3)
    """
    a = _grid_values(values_a, "values_a")
    b = _grid_values(values_b, "values_b")
    i, j = _axes(model, axes)
    base = np.zeros(model.n_theta) if base is None else model._theta(base).copy()
    F = model.features(x)
    sigma = ACTIVATIONS[model.activation][0]
    WY = model.quadrature.weights[:, None] * model._Y
    rest = np.einsum("i,nip->np", np.where(np.isin(np.arange(model.n_theta), (i, j)), 0.0, base), F)
    out = np.empty((a.size, b.size, F.shape[0]))
    for ia, ta in enumerate(a):
        f = rest + ta * F[:, i, :]                                    # (n, P)
        f = f[None, :, :] + b[:, None, None] * F[None, :, j, :]       # (nb, n, P)
        c = sigma(f) @ WY                                             # (nb, n, K)
        out[ia] = np.einsum("bnk,bnk->bn", c, c)
    return out


def _axes(model, axes):
    if len(axes) != 2:
        raise ShapeError(f"axes must be two weight indices, got {axes!r}; pass e.g. (0, 1)")
    i, j = (int(v) for v in axes)
    if not (0 <= i < model.n_theta and 0 <= j < model.n_theta) or i == j:
        raise ShapeError(f"axes {axes!r} must be two distinct indices in 0..{model.n_theta - 1}")
    return i, j


def loss_landscape(model: S2Model, x, theta_teacher, values_a, values_b, axes=(0, 1),
                   base=None, student_outputs=None) -> Landscape:
    """Teacher-student loss on a grid of two weights (mean and standard error).

    Parameters
    ----------
    model : S2Model
    x : array_like, shape (n, model.dim)
        Fixed sample of inputs.
    theta_teacher : array_like, shape (model.n_theta,)
    values_a, values_b : array_like
        Grid values of weights ``axes[0]`` and ``axes[1]``.
    axes : pair of int
        Which weights are varied (default ``(0, 1)``).
    base : array_like or None
        Values of the other weights (default zeros).
    student_outputs : ndarray or None
        Precomputed :func:`student_outputs_grid` for the same arguments.

    Returns
    -------
    Landscape

    Examples
    --------
    >>> import numpy as np
    >>> m = S2Model((0, 1), lmax=1)
    >>> x = sample_inputs(m.degrees, 32, seed=0)
    >>> g = np.linspace(-1, 1, 5)
    >>> land = loss_landscape(m, x, [0.5, 1.0], g, g)
    >>> land.loss.shape, land.n
    ((5, 5), 32)
    >>> float(land.loss[3, 4])             # the teacher is at (0.5, 1.0)
    0.0
    """
    x = model._x(x)
    tt = model._theta(theta_teacher)
    a = _grid_values(values_a, "values_a")
    b = _grid_values(values_b, "values_b")
    i, j = _axes(model, axes)
    if student_outputs is None:
        student_outputs = student_outputs_grid(model, x, a, b, (i, j), base)
    student_outputs = np.asarray(student_outputs, dtype=float)
    if student_outputs.shape != (a.size, b.size, x.shape[0]):
        raise ShapeError(
            f"student_outputs must have shape {(a.size, b.size, x.shape[0])}; build them with student_outputs_grid")
    yt = model.output(tt, x)
    e = (student_outputs - yt) ** 2
    mean, se = _mean_se(e)
    base = np.zeros(model.n_theta) if base is None else model._theta(base).copy()
    return Landscape((i, j), (a, b), base, tt, mean, se, e)


@dataclass(frozen=True, eq=False)
class SideMinimum:
    """A local minimum found on one side of ``theta_axis = 0``.

    ``side`` is -1 or +1; ``own_side`` says whether the optimizer stayed on
    that side (strictly, ``|theta_axis| > 1e-3``); ``start`` is the best grid
    point of the side it started from.
    """

    side: int
    theta: np.ndarray
    loss: float
    se: float
    start: np.ndarray
    converged: bool
    own_side: bool


def _loss_and_grad(model, F, yt, theta):
    y, g = model.output_and_grad_from_features(theta, F)
    r = y - yt
    return float(np.mean(r * r)), 2.0 * (r[:, None] * g).mean(axis=0)


def side_minima(model: S2Model, x, landscape: Landscape, axis: int = 1, gtol: float = 1e-10):
    """Local minima on each side of ``theta_axis = 0`` (``axis`` in ``landscape.axes``).

    On each side the best grid point with ``theta_axis`` of that sign is the
    start of an L-BFGS-B run (scipy.optimize, analytic gradient, no bounds)
    over all weights; the result is reported with its loss, standard error,
    and whether it stayed on its side.

    Returns
    -------
    list of SideMinimum
        ``[negative side, positive side]``.

    Examples
    --------
    >>> import numpy as np
    >>> m = S2Model((0, 1), lmax=1)
    >>> x = sample_inputs(m.degrees, 64, seed=0)
    >>> g = np.linspace(-2, 2, 9)
    >>> land = loss_landscape(m, x, [0.5, 1.0], g, g)
    >>> neg, pos = side_minima(m, x, land)
    >>> np.round(pos.theta, 4).tolist(), np.round(neg.theta, 4).tolist()   # odd L: mirror images
    ([0.5, 1.0], [0.5, -1.0])
    """
    x = model._x(x)
    if axis not in landscape.axes:
        raise ShapeError(f"axis {axis} is not one of the landscape axes {landscape.axes}")
    F = model.features(x)
    yt = model.output(landscape.theta_teacher, x)
    k = landscape.axes.index(axis)
    vals = landscape.values[k]
    out = []
    for side in (-1, 1):
        mask = np.sign(vals) == side
        if not mask.any():
            raise ShapeError(f"the grid of theta_{axis} has no values of sign {side:+d}; use a grid around 0")
        sub = landscape.loss if k == 1 else landscape.loss.T
        sub = np.where(mask[None, :], sub, np.inf)
        ia, ib = np.unravel_index(np.argmin(sub), sub.shape)
        start = landscape.theta_at(ia, ib) if k == 1 else landscape.theta_at(ib, ia)
        res = optimize.minimize(lambda t: _loss_and_grad(model, F, yt, t), start, jac=True,
                                method="L-BFGS-B", options={"gtol": gtol, "ftol": 1e-15, "maxiter": 500})
        t = np.asarray(res.x, dtype=float)
        est = teacher_student_loss(model, t, landscape.theta_teacher, x)
        out.append(SideMinimum(side, t, est.mean, est.se, start, bool(res.success),
                               bool(np.sign(t[axis]) == side and abs(t[axis]) > 1e-3)))
    return out


@dataclass(frozen=True)
class SymmetryReport:
    """Result of :func:`inversion_symmetry`.

    ``symmetric`` is True when no grid point shows a significant difference
    from its mirror image: a point is asymmetric when the paired mean
    difference of per-sample losses exceeds both ``z_crit`` standard errors
    and ``rtol`` times the largest loss of the landscape.
    """

    flip: tuple
    symmetric: bool
    max_abs_difference: float
    max_z: float
    n_asymmetric_points: int
    scale: float


def inversion_symmetry(landscape: Landscape, flip=(1,), z_crit: float = 5.0,
                       rtol: float = 1e-9) -> SymmetryReport:
    """Test whether the landscape is symmetric under ``theta_k -> -theta_k``, k in ``flip``.

    The grid values of each flipped weight must be symmetric about 0.  The
    comparison is paired (the same inputs at a point and at its mirror), so it
    is exact for odd degrees, where the model is symmetric input by input.

    Examples
    --------
    >>> import numpy as np
    >>> g = np.linspace(-1.5, 1.5, 7)
    >>> for L in (1, 2):
    ...     m = S2Model((0, L), lmax=L)
    ...     x = sample_inputs(m.degrees, 256, seed=0)
    ...     print(L, inversion_symmetry(loss_landscape(m, x, [1.0, 1.0], g, g)).symmetric)
    1 True
    2 False
    """
    flip = tuple(int(k) for k in flip)
    if not flip or any(k not in landscape.axes for k in flip):
        raise ShapeError(f"flip {flip!r} must name weights among the landscape axes {landscape.axes}")
    e = landscape.per_sample
    m = e
    for k in flip:
        pos = landscape.axes.index(k)
        v = landscape.values[pos]
        if not np.allclose(v, -v[::-1], atol=1e-12):
            raise ShapeError(f"the grid of theta_{k} is not symmetric about 0; use e.g. np.linspace(-a, a, odd)")
        m = np.flip(m, axis=pos)
    d = e - m
    mean, se = _mean_se(d)
    scale = float(np.max(landscape.loss))
    absd = np.abs(mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, absd / se, np.where(absd > 0, np.inf, 0.0))
    bad = (absd > z_crit * se) & (absd > rtol * scale)
    return SymmetryReport(flip, not bool(bad.any()), float(absd.max()), float(z.max()),
                          int(bad.sum()), scale)


def predicted_inversion_flips(degrees: Sequence[int]) -> tuple:
    """Weights flipped by the inversion ``r -> -r``: those of odd degree.

    Flipping all of them at once is an exact symmetry of the model (and of
    the teacher-student loss).

    Examples
    --------
    >>> predicted_inversion_flips((0, 3)), predicted_inversion_flips((2, 4)), predicted_inversion_flips((1, 3))
    ((1,), (), (0, 1))
    """
    return tuple(i for i, l in enumerate(degrees) if _check_degree(l) % 2 == 1)


@dataclass(frozen=True)
class MinimaComparison:
    """Paired comparison of the losses of two weight vectors on one sample.

    ``difference = loss(b) - loss(a)``, ``se`` its paired standard error,
    ``z = |difference| / se``; ``differ`` is True when ``|difference|``
    exceeds both ``z_crit * se`` and ``atol``.
    """

    difference: float
    se: float
    z: float
    differ: bool


def compare_minima(model: S2Model, x, theta_teacher, theta_a, theta_b, z_crit: float = 3.0,
                   atol: float = 0.0) -> MinimaComparison:
    """Do two weight vectors have different teacher-student loss?

    The per-input squared errors at ``theta_a`` and ``theta_b`` are compared
    pairwise on the same sample, so the standard error is that of the mean
    difference.  ``atol`` absorbs the optimizer's precision (both minima of
    an odd-``L`` model are zero up to ~1e-20).  ``z_crit = 3`` suits one
    planned comparison per landscape.

    Examples
    --------
    >>> m = S2Model((0, 2), lmax=2)
    >>> x = sample_inputs(m.degrees, 256, seed=0)
    >>> compare_minima(m, x, [1.0, 1.0], [1.0, 1.0], [1.0, -1.0]).differ      # even L
    True
    >>> m = S2Model((0, 3), lmax=3)
    >>> x = sample_inputs(m.degrees, 256, seed=0)
    >>> compare_minima(m, x, [1.0, 1.0], [1.0, 1.0], [1.0, -1.0], atol=1e-12).differ   # odd L
    False
    """
    x = model._x(x)
    if x.shape[0] < 2:
        raise ShapeError("need at least 2 inputs to estimate a standard error; pass x of shape (n >= 2, dim)")
    F = model.features(x)
    yt = model.output_from_features(theta_teacher, F)
    ea = (model.output_from_features(theta_a, F) - yt) ** 2
    eb = (model.output_from_features(theta_b, F) - yt) ** 2
    mean, se = _mean_se(eb - ea)
    mean, se = float(mean), float(se)
    z = abs(mean) / se if se > 0 else (math.inf if mean != 0 else 0.0)
    return MinimaComparison(mean, se, z, bool(abs(mean) > z_crit * se and abs(mean) > atol))
