"""Teacher-student loss of the S^2 model, estimated on a fixed sample, and its landscapes.

The loss of Appendix C.3 (Xie & Smidt, arXiv 2506.02269) between a student
with weights ``theta`` and a teacher with weights ``theta_teacher`` of the
same :class:`symtheory.sphere.model.S2Model` is::

    L(theta) = E_x[(y(theta, x) - y(theta_teacher, x))^2]        (no factor 1/2)

with ``x`` standard Gaussian.  It has no closed form for a general
activation, so it is estimated by the mean over a **fixed seeded sample**
of ``n`` inputs (:func:`symtheory.sphere.model.sample_inputs`); the same
sample is used at every ``theta`` (so the estimated landscape is a smooth
function of ``theta`` with exact minima), and every estimate carries its
standard error ``std(ddof=1) / sqrt(n)`` over the sample.  The squared error
is a polynomial of high degree in Gaussian inputs, so it is heavy-tailed:
standard errors are honest but not small, and comparisons between two
weight vectors should be paired (same inputs), as in
:mod:`symtheory.sphere.minima`.

Examples
--------
>>> import numpy as np
>>> from symtheory.sphere.model import S2Model, sample_inputs
>>> m = S2Model((0, 2), lmax=4)
>>> x = sample_inputs(m.degrees, 128, seed=0)
>>> g = np.linspace(-2, 2, 5)
>>> land = loss_landscape(m, x, [1.0, 1.0], g, g)     # over (theta_0, theta_1)
>>> land.loss.shape, land.n, float(land.loss[3, 3])
((5, 5), 128, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..exceptions import ShapeError
from .harmonics import _finite
from .expansion import polynomial_expansion
from .model import SPHERE_ACTIVATIONS, S2Model

__all__ = [
    "LossEstimate",
    "Landscape",
    "teacher_student_loss",
    "student_outputs_grid",
    "loss_landscape",
]


def _mean_se(v, axis=-1):
    v = np.asarray(v, dtype=float)
    n = v.shape[axis]
    return v.mean(axis=axis), v.std(axis=axis, ddof=1) / math.sqrt(n)


@dataclass(frozen=True)
class LossEstimate:
    """Monte Carlo estimate of a loss: ``mean`` +- ``se`` over ``n`` inputs.

    Examples
    --------
    >>> LossEstimate(1.5, 0.25, 100)
    LossEstimate(mean=1.5, se=0.25, n=100)
    """

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
    >>> from symtheory.sphere.model import sample_inputs
    >>> m = S2Model((0, 1), lmax=2)
    >>> x = sample_inputs(m.degrees, 64, seed=0)
    >>> teacher_student_loss(m, [1.0, 0.5], [1.0, 0.5], x).mean
    0.0
    >>> est = teacher_student_loss(m, [1.0, 0.0], [1.0, 0.5], x)
    >>> round(est.mean, 1), round(est.se, 1), est.n      # heavy tails: large se
    (20.2, 8.3, 64)
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

    Examples
    --------
    >>> import numpy as np
    >>> from symtheory.sphere.model import sample_inputs
    >>> m = S2Model((0, 2), lmax=2)
    >>> g = np.linspace(-1, 1, 3)
    >>> land = loss_landscape(m, sample_inputs(m.degrees, 8), [1.0, 1.0], g, g)
    >>> land.axes, land.n, land.theta_at(2, 0).tolist()
    ((0, 1), 8, [1.0, -1.0])
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
        """Sample size (number of inputs).

        Examples
        --------
        >>> import numpy as np
        >>> from symtheory.sphere.model import sample_inputs
        >>> m = S2Model((0, 1), lmax=1)
        >>> g = np.array([-1.0, 1.0])
        >>> loss_landscape(m, sample_inputs(m.degrees, 5), [1, 1], g, g).n
        5
        """
        return int(self.per_sample.shape[-1])

    def theta_at(self, a: int, b: int) -> np.ndarray:
        """Full weight vector at grid index ``(a, b)``.

        Examples
        --------
        >>> import numpy as np
        >>> from symtheory.sphere.model import sample_inputs
        >>> m = S2Model((0, 1, 2), lmax=2)
        >>> g = np.array([-1.0, 1.0])
        >>> x = sample_inputs(m.degrees, 4)
        >>> land = loss_landscape(m, x, [1, 1, 1], g, g, axes=(1, 2), base=[0.5, 0, 0])
        >>> land.theta_at(0, 1).tolist()
        [0.5, -1.0, 1.0]
        """
        t = np.array(self.base, dtype=float)
        t[self.axes[0]] = self.values[0][a]
        t[self.axes[1]] = self.values[1][b]
        return t


def student_outputs_grid(model: S2Model, x, values_a, values_b, axes=(0, 1), base=None) -> np.ndarray:
    """Student outputs on a grid of two weights, shape ``(na, nb, n)``.

    Independent of the teacher, so one grid serves many teacher seeds
    (pass it to :func:`loss_landscape` as ``student_outputs``).  For a
    polynomial activation it uses the exact expansion
    :func:`symtheory.sphere.expansion.polynomial_expansion`; otherwise the
    quadrature.

    Parameters
    ----------
    model : S2Model
    x : array_like, shape (n, model.dim)
    values_a, values_b : array_like, 1-d
        Grid values of weights ``axes[0]`` (rows) and ``axes[1]`` (columns).
    axes : pair of int
    base : array_like or None
        Values of the other weights (default zeros).

    Returns
    -------
    ndarray, shape (len(values_a), len(values_b), n)

    Examples
    --------
    >>> from symtheory.sphere.model import sample_inputs
    >>> m = S2Model((0, 1), lmax=1)
    >>> x = sample_inputs(m.degrees, 3, seed=0)
    >>> student_outputs_grid(m, x, [0.0, 1.0], [-1.0, 0.0, 1.0]).shape
    (2, 3, 3)
    """
    a = _grid_values(values_a, "values_a")
    b = _grid_values(values_b, "values_b")
    i, j = _axes(model, axes)
    base = np.zeros(model.n_theta) if base is None else model._theta(base).copy()
    x = model._x(x)
    if SPHERE_ACTIVATIONS[model.activation].coefficients is not None:
        # polynomial activation: exact expansion in the weights, O(n M K) per point
        return polynomial_expansion(model, x).outputs_grid(a, b, (i, j), base)
    F = model.features(x)
    sigma = SPHERE_ACTIVATIONS[model.activation].sigma
    WY = model.quadrature.weights[:, None] * model._Y
    P = WY.shape[0]
    rest = np.einsum("i,nip->np", np.where(np.isin(np.arange(model.n_theta), (i, j)), 0.0, base), F)
    out = np.empty((a.size, b.size, F.shape[0]))
    chunk = max(1, int(2 ** 22 // (8 * F.shape[0] * P)))              # ~4 MB blocks
    for ia, ta in enumerate(a):
        fa = rest + ta * F[:, i, :]                                   # (n, P)
        for s in range(0, b.size, chunk):
            bb = b[s:s + chunk]
            f = fa[None, :, :] + bb[:, None, None] * F[None, :, j, :]  # (nb, n, P)
            c = (sigma(f).reshape(-1, P) @ WY).reshape(bb.size, F.shape[0], -1)
            out[ia, s:s + bb.size] = np.einsum("bnk,bnk->bn", c, c)
    return out


def _axes(model, axes):
    try:
        i, j = (int(v) for v in axes)
    except (TypeError, ValueError):
        raise ShapeError(f"axes must be two weight indices, got {axes!r}; pass e.g. (0, 1)") from None
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
    >>> from symtheory.sphere.model import sample_inputs
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
            f"student_outputs must have shape {(a.size, b.size, x.shape[0])}; "
            "build them with student_outputs_grid")
    yt = model.output(tt, x)
    e = (student_outputs - yt) ** 2
    mean, se = _mean_se(e)
    base = np.zeros(model.n_theta) if base is None else model._theta(base).copy()
    return Landscape((i, j), (a, b), base, tt, mean, se, e)
