r"""Learning rates from the curvature, and the divergence test of gradient descent.

Plain gradient descent ``phi <- phi - lr grad L(phi)`` on a loss whose
Hessian has largest eigenvalue ``lambda_max`` decreases the loss at every step
when ``lr < 2 / lambda_max`` (the descent lemma for an ``L``-smooth function,
Nesterov, *Introductory Lectures on Convex Optimization*, 2004, Thm. 2.1.5 and
eq. 1.2.19), and oscillates with growing amplitude along the top eigenvector
when ``lr > 2 / lambda_max``.  The paper's ``lr = 0.1`` fits the paper's S3
network (``lambda_max`` about 2-4 on its slices); other networks can have a
curvature ten times larger, where 0.1 diverges (the icosahedral example of
:func:`symtheory.landscape.training.train`).

Conventions
-----------
* :func:`curvature_learning_rate` is ``1 / lambda_max``, half the stability
  bound, with ``lambda_max`` the largest eigenvalue of the Hessian of the loss
  in the *trained* coordinates (of the chosen parameterization) over the
  starting points, evaluated on at most :data:`MAX_CURVATURE_POINTS` of them
  (an even subsample of the grid, corners included).
* A run has *diverged* at a grid point when its loss is NaN or infinite, or
  has grown above its starting loss by more than a relative ``1e-6`` (plus
  ``1e-12``): with ``lr < 2 / lambda_max`` the loss can only fall, so growth
  means the step is too long (:func:`diverged`).

Examples
--------
>>> import numpy as np
>>> basis = np.array([[[1.0, 0.0]], [[0.0, 1.0]]])       # all of R^(1 x 2)
>>> V = np.array([[1.0, 0.0]])
>>> lam = largest_curvature(np.array([[1.0, 0.0]]), basis, V)
>>> round(lam, 6), round(curvature_learning_rate(lam), 6)
(1.0, 1.0)
>>> diverged(np.array([0.5, np.nan, 2.0]), np.array([1.0, 1.0, 1.0])).tolist()
[False, True, True]
"""

from __future__ import annotations

import numpy as np

from ..exceptions import InvalidValueError
from .loss import constrained_hessian

__all__ = ["MAX_CURVATURE_POINTS", "GROWTH_TOL", "largest_curvature", "curvature_learning_rate",
           "diverged", "suggested_learning_rate"]

#: Most starting points at which the Hessian is evaluated for the default step.
MAX_CURVATURE_POINTS = 256
#: Relative growth of the loss above its start that counts as divergence.
GROWTH_TOL = 1e-6

_FLOATS_PER_CHUNK = 2 * 10 ** 7


def _subsample(theta):
    """At most MAX_CURVATURE_POINTS points of a (..., k) grid, evenly spread, corners kept."""
    theta = np.asarray(theta, dtype=float)
    k = theta.shape[-1]
    if theta.ndim == 1:
        return theta[None, :]
    if theta.ndim == 3:
        n1, n2 = theta.shape[:2]
        side = int(np.sqrt(MAX_CURVATURE_POINTS))
        i = np.unique(np.linspace(0, n1 - 1, min(n1, side)).round().astype(int))
        j = np.unique(np.linspace(0, n2 - 1, min(n2, side)).round().astype(int))
        return theta[np.ix_(i, j)].reshape(-1, k)
    flat = theta.reshape(-1, k)
    idx = np.unique(np.linspace(0, len(flat) - 1, min(len(flat), MAX_CURVATURE_POINTS)).round().astype(int))
    return flat[idx]


def largest_curvature(theta, basis, V, activation="relu", coordinates=None):
    """Largest Hessian eigenvalue of the constrained loss over starting points.

    Parameters
    ----------
    theta : array_like, shape (k,), (n, k) or (n1, n2, k)
        Starting coordinates (a grid is subsampled to at most
        :data:`MAX_CURVATURE_POINTS` points).
    basis : array_like, shape (k, h, d)
        The weight matrices of the coordinates (see
        :func:`symtheory.landscape.loss.constrained_loss`).
    V : array_like, shape (h', d)
        Teacher.
    activation : {"relu", "erf"}
    coordinates : sequence of int, optional
        The trained coordinates (the Hessian is restricted to them); all by default.

    Returns
    -------
    float
        ``max`` over the points of the top eigenvalue (at least ``1e-12``).

    Examples
    --------
    >>> import numpy as np
    >>> basis = np.array([[[1.0, 0.0]], [[0.0, 1.0]]])
    >>> V = np.array([[1.0, 0.0]])
    >>> round(largest_curvature([1.0, 0.0], basis, V), 6)   # at the teacher the Hessian is I
    1.0
    >>> round(largest_curvature([[1.0, 0.0], [3.0, 0.0]], basis, V, coordinates=[0]), 6)
    1.0
    """
    pts = _subsample(theta)
    B = np.asarray(basis, dtype=float)
    hd = B.shape[1] * B.shape[2]
    chunk = max(1, _FLOATS_PER_CHUNK // max(1, hd * hd))
    idx = list(range(B.shape[0])) if coordinates is None else [int(c) for c in coordinates]
    lam = 0.0
    for s in range(0, len(pts), chunk):
        H = constrained_hessian(pts[s:s + chunk], B, V, activation)[..., idx, :][..., :, idx]
        H = H[np.isfinite(H).all(axis=(-1, -2))]
        if len(H):
            lam = max(lam, float(np.linalg.eigvalsh(0.5 * (H + np.swapaxes(H, -1, -2)))[..., -1].max()))
    return max(lam, 1e-12)


def curvature_learning_rate(lambda_max):
    """The default step ``1 / lambda_max`` (half the stability bound ``2 / lambda_max``).

    Examples
    --------
    >>> curvature_learning_rate(4.0)
    0.25
    """
    lam = float(lambda_max)
    if not np.isfinite(lam) or lam <= 0:
        raise InvalidValueError(f"lambda_max must be a positive finite number, got {lambda_max!r}")
    return 1.0 / lam


def suggested_learning_rate(lr, lambda_max):
    """The rate to name after ``lr`` diverged: ``1/lambda_max``, or ``lr/4`` if that is not smaller.

    (When ``lr`` was already below ``1/lambda_max`` the curvature grew along
    the path, and only a shorter step helps.)

    Examples
    --------
    >>> suggested_learning_rate(0.1, 20.0), suggested_learning_rate(0.01, 20.0)
    (0.05, 0.0025)
    """
    s = curvature_learning_rate(lambda_max)
    return s if s < float(lr) else float(lr) / 4.0


def diverged(loss, start_loss):
    """Where a run has diverged: NaN/inf loss, or loss above its start (relative ``GROWTH_TOL``).

    Examples
    --------
    >>> import numpy as np
    >>> diverged(np.array([1.0 + 1e-9, 1.1]), np.array([1.0, 1.0])).tolist()
    [False, True]
    """
    loss = np.asarray(loss, dtype=float)
    start = np.asarray(start_loss, dtype=float)
    with np.errstate(invalid="ignore"):
        return ~np.isfinite(loss) | (loss > start * (1.0 + GROWTH_TOL) + 1e-12)
