"""Minima on either side of a hidden fixed-point subspace, and symmetry verdicts.

For the S^2 model with input ``0 + L`` (Appendix C.3 of Xie & Smidt, arXiv
2506.02269) the line ``theta_1 = 0`` (constant signals) is a hidden
fixed-point subspace, and Theorem 3.3 predicts a minimum on each side of it.
For odd ``L`` the inversion ``r -> -r`` of the sphere flips the sign of the
degree-``L`` block of every input and leaves the output unchanged, so
``theta_1 -> -theta_1`` is an exact symmetry of the model, input by input,
and the two minima are mirror images with equal loss.  For even ``L`` nothing
maps one side to the other and the two minima genuinely differ.

This module finds the two minima (:func:`side_minima`), compares their losses
on the shared sample (:func:`compare_minima`), tests a landscape for mirror
symmetry (:func:`inversion_symmetry`) and says which weights the inversion
flips (:func:`predicted_inversion_flips`).

Statistics
----------
All comparisons are **paired**: the two losses being compared are means over
the same fixed sample, so the standard error is that of the mean of the
per-input differences.  Where the model is symmetric input by input (odd
``L``), the differences are rounding-level, and tolerances ``atol``/``rtol``
absorb rounding and optimizer precision.  A difference counts when it exceeds
both ``z_crit`` standard errors and that tolerance.  The squared errors are
heavy-tailed (polynomials of high degree in Gaussian inputs), so a true
asymmetry can go undetected on a small sample: "not detected" is not a proof
of symmetry, while a detected asymmetry at ``z >= 3`` is strong evidence.

Examples
--------
>>> import numpy as np
>>> from symtheory.sphere.model import S2Model, sample_inputs
>>> from symtheory.sphere.loss import loss_landscape
>>> m = S2Model((0, 2), lmax=4)
>>> x = sample_inputs(m.degrees, 256, seed=0)
>>> g = np.linspace(-2, 2, 9)
>>> land = loss_landscape(m, x, [0.5, 1.0], g, g)
>>> neg, pos = side_minima(m, x, land)              # either side of theta_1 = 0
>>> pos.theta.round(6).tolist(), pos.loss < 1e-12, neg.loss > 0.1
([0.5, 1.0], True, True)
>>> compare_minima(m, x, [0.5, 1.0], neg.theta, pos.theta).differ    # even L: different
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import optimize

from ..exceptions import ShapeError
from .harmonics import _check_degrees
from .expansion import polynomial_expansion
from .loss import Landscape, _mean_se, teacher_student_loss
from .model import SPHERE_ACTIVATIONS, S2Model

__all__ = [
    "SideMinimum",
    "MinimaComparison",
    "SymmetryReport",
    "side_minima",
    "compare_minima",
    "inversion_symmetry",
    "predicted_inversion_flips",
]


@dataclass(frozen=True, eq=False)
class SideMinimum:
    """A local minimum found on one side of ``theta_axis = 0``.

    Attributes
    ----------
    side : int
        -1 or +1, the sign of ``theta_axis`` on this side.
    theta : ndarray
        The minimizer (all weights).
    loss, se : float
        Teacher-student loss at ``theta`` on the fixed sample and its standard error.
    start : ndarray
        The best grid point of the side, where the optimizer started.
    converged : bool
        Whether the optimizer reported success.
    own_side : bool
        Whether the minimizer is strictly inside its side
        (``side * theta_axis > 1e-3``); False means the optimizer was stopped by
        the wall ``theta_axis = 0``, i.e. this side has no minimum of its own
        near the start.

    Examples
    --------
    >>> import numpy as np
    >>> from symtheory.sphere.model import S2Model, sample_inputs
    >>> from symtheory.sphere.loss import loss_landscape
    >>> m = S2Model((0, 1), lmax=1)
    >>> x = sample_inputs(m.degrees, 16)
    >>> g = np.linspace(-1, 1, 5)
    >>> neg = side_minima(m, x, loss_landscape(m, x, [1.0, 0.5], g, g))[0]
    >>> neg.side, neg.own_side, neg.theta.round(6).tolist()
    (-1, True, [1.0, -0.5])
    """

    side: int
    theta: np.ndarray
    loss: float
    se: float
    start: np.ndarray
    converged: bool
    own_side: bool


def _loss_and_grad(output_and_grad, yt, theta):
    y, g = output_and_grad(theta)
    r = y - yt
    return float(np.mean(r * r)), 2.0 * (r[:, None] * g).mean(axis=0)


def side_minima(model: S2Model, x, landscape: Landscape, axis: int = 1, ftol: float = 1e-20):
    """Local minima on each side of ``theta_axis = 0`` (``axis`` one of ``landscape.axes``).

    On each side, the best grid point of the landscape with ``theta_axis`` of
    that sign starts a bounded quasi-Newton run (scipy.optimize's SLSQP,
    analytic gradient) over all weights, with ``theta_axis`` bounded to that
    side (so a run cannot cross the hidden fixed-point subspace and end in the
    other side's minimum).  The loss uses the same fixed sample as the
    landscape.  (SLSQP rather than L-BFGS-B: on a busy 2-core machine
    L-BFGS-B's calls into a multithreaded BLAS made each run ~100x slower.)

    Parameters
    ----------
    model : S2Model
    x : array_like, shape (n, model.dim)
        The sample the landscape was computed on.
    landscape : Landscape
        From :func:`symtheory.sphere.loss.loss_landscape`; its grid of
        ``theta_axis`` must have values of both signs.
    axis : int
        The weight whose zero line separates the sides (default 1, i.e.
        ``theta_1`` for input ``0 + L``).
    ftol : float
        Precision goal of SLSQP for the loss value.

    Returns
    -------
    list of SideMinimum
        ``[negative side, positive side]``.

    Examples
    --------
    >>> import numpy as np
    >>> from symtheory.sphere.model import S2Model, sample_inputs
    >>> from symtheory.sphere.loss import loss_landscape
    >>> m = S2Model((0, 1), lmax=1)
    >>> x = sample_inputs(m.degrees, 64, seed=0)
    >>> g = np.linspace(-2, 2, 9)
    >>> land = loss_landscape(m, x, [0.5, 1.0], g, g)
    >>> neg, pos = side_minima(m, x, land)
    >>> np.round(pos.theta, 4).tolist(), np.round(neg.theta, 4).tolist()   # odd L: mirror images
    ([0.5, 1.0], [0.5, -1.0])
    """
    x = model._x(x)
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or axis not in landscape.axes:
        raise ShapeError(f"axis {axis!r} is not one of the landscape axes {landscape.axes}")
    if SPHERE_ACTIVATIONS[model.activation].coefficients is not None:
        output_and_grad = polynomial_expansion(model, x).output_and_grad   # same values, faster
    else:
        F = model.features(x)
        output_and_grad = lambda t: model.output_and_grad_from_features(t, F)  # noqa: E731
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
        bounds = [(None, None)] * model.n_theta
        bounds[axis] = (0.0, None) if side > 0 else (None, 0.0)
        res = optimize.minimize(lambda t: _loss_and_grad(output_and_grad, yt, t), start, jac=True,
                                method="SLSQP", bounds=bounds, options={"ftol": ftol, "maxiter": 1000})
        t = np.asarray(res.x, dtype=float)
        est = teacher_student_loss(model, t, landscape.theta_teacher, x)
        out.append(SideMinimum(side, t, est.mean, est.se, start, bool(res.success),
                               bool(side * t[axis] > 1e-3)))
    return out


@dataclass(frozen=True)
class MinimaComparison:
    """Paired comparison of the losses of two weight vectors on one sample.

    Attributes
    ----------
    difference : float
        ``loss(b) - loss(a)`` on the shared sample.
    se : float
        Its paired standard error (of the mean per-input difference).
    z : float
        ``|difference| / se`` (``inf`` if ``se`` is 0 and the difference is not).
    differ : bool
        ``|difference|`` exceeds both ``z_crit * se`` and the tolerance
        ``atol + rtol * max(loss(a), loss(b))``.

    Examples
    --------
    >>> MinimaComparison(2.0, 0.5, 4.0, True).differ
    True
    """

    difference: float
    se: float
    z: float
    differ: bool


def compare_minima(model: S2Model, x, theta_teacher, theta_a, theta_b, z_crit: float = 3.0,
                   atol: float = 1e-12, rtol: float = 1e-9) -> MinimaComparison:
    """Do two weight vectors have different teacher-student loss?

    The per-input squared errors at ``theta_a`` and ``theta_b`` are compared
    pairwise on the same sample, so the standard error is that of the mean
    difference.  ``atol`` and ``rtol`` absorb rounding and the optimizer's
    precision (the two minima of an odd-``L`` model are both zero up to
    ~1e-20, or mirror images with losses equal to ~1e-15 relative).
    ``z_crit = 3`` suits one planned comparison per landscape.

    Parameters
    ----------
    model : S2Model
    x : array_like, shape (n, model.dim), n >= 2
    theta_teacher, theta_a, theta_b : array_like, shape (model.n_theta,)
    z_crit, atol, rtol : float

    Returns
    -------
    MinimaComparison

    Examples
    --------
    >>> from symtheory.sphere.model import S2Model, sample_inputs
    >>> m = S2Model((0, 2), lmax=2)
    >>> x = sample_inputs(m.degrees, 256, seed=0)
    >>> compare_minima(m, x, [1.0, 1.0], [1.0, 1.0], [1.0, -1.0]).differ      # even L
    True
    >>> m = S2Model((0, 3), lmax=3)
    >>> x = sample_inputs(m.degrees, 256, seed=0)
    >>> compare_minima(m, x, [1.0, 1.0], [1.0, 1.0], [1.0, -1.0]).differ      # odd L
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
    tol = atol + rtol * max(float(ea.mean()), float(eb.mean()))
    return MinimaComparison(mean, se, z, bool(abs(mean) > z_crit * se and abs(mean) > tol))


@dataclass(frozen=True)
class SymmetryReport:
    """Result of :func:`inversion_symmetry`.

    Attributes
    ----------
    flip : tuple of int
        The weights whose signs were flipped together.
    symmetric : bool
        True when no grid point differs significantly from its mirror image:
        a point differs when the paired mean difference of per-input losses
        exceeds both ``z_crit`` standard errors and ``rtol * scale``.
    max_abs_difference, max_z : float
        Largest ``|loss(point) - loss(mirror)|`` and largest ``z`` on the grid.
    n_asymmetric_points : int
    scale : float
        Largest loss on the grid.

    Examples
    --------
    >>> SymmetryReport((1,), True, 0.0, 0.0, 0, 1.0).symmetric
    True
    """

    flip: tuple
    symmetric: bool
    max_abs_difference: float
    max_z: float
    n_asymmetric_points: int
    scale: float


def inversion_symmetry(landscape: Landscape, flip=(1,), z_crit: float = 5.0,
                       rtol: float = 1e-9) -> SymmetryReport:
    """Test whether a landscape is symmetric under ``theta_k -> -theta_k`` for k in ``flip``.

    Each point of the grid is compared with its mirror image (all weights in
    ``flip`` negated together), paired on the same inputs; ``z_crit = 5``
    keeps the chance of a false alarm small over a grid of a few thousand
    points.  For odd ``L`` the model is symmetric input by input and the
    differences are rounding-level, caught by ``rtol``.

    Parameters
    ----------
    landscape : Landscape
        Its grid of each flipped weight must be symmetric about 0.
    flip : tuple of int
        Weight indices among ``landscape.axes`` (default ``(1,)``: ``theta_1``).
    z_crit, rtol : float

    Returns
    -------
    SymmetryReport

    Examples
    --------
    >>> import numpy as np
    >>> from symtheory.sphere.model import S2Model, sample_inputs
    >>> from symtheory.sphere.loss import loss_landscape
    >>> g = np.linspace(-1.5, 1.5, 7)
    >>> for L in (1, 2):
    ...     m = S2Model((0, L), lmax=L)
    ...     x = sample_inputs(m.degrees, 1024, seed=0)
    ...     print(L, inversion_symmetry(loss_landscape(m, x, [1.0, 1.0], g, g)).symmetric)
    1 True
    2 False
    """
    try:
        flip = tuple(int(k) for k in flip)
    except (TypeError, ValueError):
        raise ShapeError(f"flip must be a tuple of weight indices, got {flip!r}; pass e.g. (1,)") from None
    if not flip or any(k not in landscape.axes for k in flip):
        raise ShapeError(f"flip {flip!r} must name weights among the landscape axes {landscape.axes}")
    e = landscape.per_sample
    m = e
    for k in flip:
        pos = landscape.axes.index(k)
        v = landscape.values[pos]
        if not np.allclose(v, -v[::-1], atol=1e-12):
            raise ShapeError(
                f"the grid of theta_{k} is not symmetric about 0; use e.g. np.linspace(-a, a, odd)")
        m = np.flip(m, axis=pos)
    mean, se = _mean_se(e - m)
    scale = float(np.max(landscape.loss))
    absd = np.abs(mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, absd / se, np.where(absd > 0, np.inf, 0.0))
    bad = (absd > z_crit * se) & (absd > rtol * scale)
    return SymmetryReport(flip, not bool(bad.any()), float(absd.max()), float(z.max()),
                          int(bad.sum()), scale)


def predicted_inversion_flips(degrees: Sequence[int]) -> tuple:
    """Weights whose sign the inversion ``r -> -r`` flips: those of odd degree.

    Flipping all of them at once is an exact symmetry of the model (and of
    the teacher-student loss); an empty tuple means the inversion predicts no
    symmetry of the weights.

    Parameters
    ----------
    degrees : sequence of int

    Returns
    -------
    tuple of int

    Examples
    --------
    >>> [predicted_inversion_flips(d) for d in [(0, 3), (2, 4), (1, 3)]]
    [(1,), (), (0, 1)]
    """
    return tuple(i for i, l in enumerate(_check_degrees(degrees)) if l % 2 == 1)
