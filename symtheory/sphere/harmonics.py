"""Spherical harmonics, quadrature and rotations on S^2 (numeric only).

The first of the modules for Appendix C.3 of Xie & Smidt (arXiv 2506.02269):
the signals on the sphere ``S^2 = SO(3)/SO(2)`` are a (continuous)
permutation representation of SO(3).  This module holds the objects every
other sphere module builds on: real spherical harmonics, a quadrature exact
for band-limited products, rotations, and the real Wigner matrices computed
numerically from the harmonics.  The model of Appendix C.3 is in
:mod:`symtheory.sphere.model` (its exact expansion in the weights, for
polynomial activations, in :mod:`symtheory.sphere.expansion`), its
teacher-student loss in :mod:`symtheory.sphere.loss`, minima and symmetry
verdicts in
:mod:`symtheory.sphere.minima`, Figures 12-13 in
:mod:`symtheory.sphere.figures`.

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
  They are computed by the standard three-term recurrences for normalized
  associated Legendre functions (stable to ``lmax`` in the hundreds).
  Coefficients are stored degree by degree, ``m = -l, ..., l`` inside a
  degree: index ``l*l + l + m`` for all degrees ``0..lmax``.
* **Rotations** act on signals by ``(R f)(r) = f(R^{-1} r)``.  The (real,
  orthogonal) Wigner matrix is defined by ``Y_l(R r) = D_l(R) Y_l(r)``, so
  ``D_l(R1 R2) = D_l(R1) D_l(R2)``, and rotating a signal with coefficients
  ``x`` gives the coefficients ``D_l(R) x``.  The inversion ``r -> -r`` maps
  ``Y_l -> (-1)^l Y_l``.
* **Quadrature**: :func:`sphere_quadrature` of degree ``D`` is the product of
  Gauss-Legendre nodes in ``cos(beta)`` and a uniform grid in ``alpha``; it
  integrates every polynomial in ``x, y, z`` of degree ``<= D`` exactly (so
  the product of band-limited signals of degrees ``l1 + l2 + ... <= D``).
  The number of azimuths is even, so the node set is closed under the
  inversion.

Errors on bad input are :class:`DegreeError` (negative or non-integer
degree), :class:`RotationError`, and the package's ``ShapeError`` and
``NonFiniteError``; all subclass ``SymtheoryError`` and ``ValueError``.

References
----------
.. [1] Y. Xie and T. Smidt, "A Tale of Two Symmetries: Exploring the Loss
   Landscape of Equivariant Models", arXiv 2506.02269, Appendix C.3.
.. [2] J. R. Driscoll and D. M. Healy, "Computing Fourier transforms and
   convolutions on the 2-sphere", Adv. Appl. Math. 15 (1994) (sampling
   theorems for band-limited functions on S^2).

Examples
--------
>>> import numpy as np
>>> q = sphere_quadrature(8)                          # exact to degree 8
>>> Y = spherical_harmonics(4, q.points)              # 25 harmonics
>>> G = (Y * q.weights[:, None]).T @ Y                # Gram matrix
>>> bool(np.abs(G - np.eye(25)).max() < 1e-13)
True
>>> R = random_rotation(0)
>>> D2 = wigner_matrix(2, R)
>>> r = np.array([[0.6, 0.0, 0.8]])
>>> bool(np.allclose(spherical_harmonics(2, r @ R.T)[:, 4:9], spherical_harmonics(2, r)[:, 4:9] @ D2.T))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..exceptions import DegreeError, NonFiniteError, RotationError, ShapeError

__all__ = [
    "DegreeError",
    "RotationError",
    "SphereQuadrature",
    "harmonic_index",
    "num_harmonics",
    "spherical_harmonics",
    "sphere_quadrature",
    "random_rotation",
    "wigner_matrix",
    "rotate_input",
    "invert_input",
    "input_dim",
]


# --------------------------------------------------------------------------
# validation helpers (shared by the sphere modules)
# --------------------------------------------------------------------------

def _check_degree(l, what="degree"):
    if isinstance(l, bool) or not isinstance(l, (int, np.integer)):
        raise DegreeError(f"{what} must be an integer, got {l!r}; pass e.g. 2")
    if l < 0:
        raise DegreeError(f"{what} must be >= 0, got {l}; use a non-negative degree")
    return int(l)


def _check_degrees(degrees, what="degrees"):
    """A non-empty tuple of non-negative integer degrees."""
    if isinstance(degrees, (int, np.integer, str, bytes)) or not hasattr(degrees, "__iter__"):
        raise ShapeError(f"{what} must be a sequence of integers, e.g. (0, 2); got {degrees!r}")
    out = tuple(_check_degree(l, "input degree") for l in degrees)
    if not out:
        raise ShapeError(f"{what} is empty; pass at least one degree, e.g. (0, 2)")
    return out


def _finite(a, name):
    try:
        arr = np.asarray(a)
        if np.iscomplexobj(arr):
            raise TypeError
        a = np.asarray(arr, dtype=float)
    except (TypeError, ValueError):
        raise ShapeError(f"{name} must be an array of real numbers; got {type(a).__name__}") from None
    if not np.all(np.isfinite(a)):
        raise NonFiniteError(f"{name} holds NaN or infinity; pass finite numbers")
    return a


def input_dim(degrees: Sequence[int]) -> int:
    """Dimension ``sum(2 l + 1)`` of a direct sum of irreps of the given degrees.

    Examples
    --------
    >>> input_dim((0, 2)), input_dim((1, 3))
    (6, 10)
    """
    return sum(2 * l + 1 for l in _check_degrees(degrees))


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

    Examples
    --------
    >>> q = sphere_quadrature(3)
    >>> q
    SphereQuadrature(degree=3, n_beta=2, n_alpha=4)
    >>> q.points.shape, q.weights.shape
    ((8, 3), (8,))
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
            raise ShapeError(
                f"values must end with an axis of {self.weights.size} nodes, got shape {v.shape}")
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

    The QR decomposition of a standard Gaussian matrix with the signs of
    ``R``'s diagonal moved into ``Q`` is Haar on O(3) (Mezzadri, "How to
    generate random matrices from the classical compact groups", Notices AMS
    54 (2007)); flipping one column of the det -1 half maps it onto SO(3)
    preserving the measure.

    Parameters
    ----------
    seed : int, sequence of int, numpy.random.Generator or None
        Passed to ``numpy.random.default_rng``.

    Returns
    -------
    ndarray, shape (3, 3)

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
        raise RotationError("rotation is not orthogonal with det +1; build it with random_rotation()")
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

    Parameters
    ----------
    degrees : sequence of int
        Degrees of the irreps, in the order of the blocks of ``x``.
    x : array_like, shape (..., sum(2 l + 1))
        Coefficients, block by block (see :func:`harmonic_index` for the
        order inside a block).
    R : array_like, shape (3, 3)
        A rotation matrix.

    Returns
    -------
    ndarray, same shape as ``x``

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([1.0, 0.0, 1.0, 0.0])          # degrees (0, 1): z-axis vector
    >>> Rz = np.array([[0, 0, 1], [0, 1, 0], [-1, 0, 0]])   # maps z to x
    >>> rotate_input((0, 1), x, Rz).round(12).tolist()
    [1.0, 0.0, 0.0, 1.0]
    """
    degrees = _check_degrees(degrees)
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

    Parameters
    ----------
    degrees : sequence of int
    x : array_like, shape (..., sum(2 l + 1))

    Returns
    -------
    ndarray, same shape as ``x``

    Examples
    --------
    >>> invert_input((0, 1), [1.0, 2.0, 3.0, 4.0]).tolist()
    [1.0, -2.0, -3.0, -4.0]
    """
    degrees = _check_degrees(degrees)
    x = _split_input(degrees, x).copy()
    start = 0
    for l in degrees:
        if l % 2:
            x[..., start:start + 2 * l + 1] *= -1.0
        start += 2 * l + 1
    return x
