r"""Loss slices, batched constrained training and constrained minima (Section 4).

The experiments of Section 4 of the paper use the S3 network with input
``"natural + 2*trivial"`` and hidden ``"natural + 3*trivial"`` (``dim Theta~ =
13``).  A teacher ``V`` is drawn in Theta~ and the student is studied on the
2-D *slice* through the teacher where two coordinates vary, by default the
diagonal ``theta_1`` and off-diagonal ``theta_2`` weight of the
natural -> natural block (coordinates 0 and 1 of ``net.weight_space``); the
other eleven coordinates stay at the teacher's.  On that slice the line
``theta_1 = theta_2`` is the hidden fixed-point subspace (the three natural
hidden neurons have equal rows), which by Theorem 3.3 splits the slice into a
half holding the teacher and a half holding a spurious minimum.

Functions
---------
:func:`landscape_2d`
    The exact loss (:func:`symtheory.landscape.loss.expected_loss`) over a grid of the
    slice, one vectorised call.
:func:`train`
    Plain gradient descent on the exact loss from *every* grid point at once:
    the grid is a batch axis of the closed-form gradient, so a 101 x 101 grid
    trained for the paper's 100 steps is ~10^4 networks per numpy call.  By
    default only the two swept coordinates are trained (the paper's Fig. 5);
    ``trained="all"`` trains all constrained coordinates.  The step defaults
    to ``1 / lambda_max`` of the Hessian at the start
    (:mod:`symtheory.landscape.step_size`) and a diverging run never returns
    silently (see :func:`train`).
:func:`side_fractions`
    Fraction of the grid points on each side of the Theorem 3.3 hyperplanes
    that end below a loss threshold.
:func:`slice_minima`, :func:`constrained_minimum`, :func:`spurious_minimum`
    The minima of the slice on either side of the hyperplanes (L-BFGS started at the
    best grid point of the side) and the spurious minimum of the whole
    constrained space Theta~ (L-BFGS in orthonormal coordinates from the slice
    minimum, then a check that the constrained Hessian is positive definite).

Conventions
-----------
* Slice coordinates ``(theta_1, theta_2)`` and every ``theta`` returned are
  **raw** coordinates of ``net.weight_space`` (the entry values).  ``train``
  converts a raw starting point to the coordinates of the chosen
  parameterization, runs gradient descent there and converts back, so the
  ``"raw"`` and ``"rescaled"`` runs of Fig. 5 start from the same weights and
  are drawn on the same axes.  In the rescaled parameterization the line
  ``theta_1 = theta_2`` is mapped into itself by each gradient step, which
  is why the boundary of Fig. 5b is that line; in the raw parameterization
  the step on the line is proportional to ``(s, 2s)`` and leaves it, which
  bends the boundary of Fig. 5a.
* The sides are cut by the network's own Theorem 3.3 hyperplanes where they
  meet the slice (:mod:`symtheory.landscape.slice_geometry`): on the paper's
  slice the one line ``theta_1 = theta_2``, elsewhere possibly a vertical or
  horizontal line ``theta_A = t_j``, or several lines.  The *teacher side*
  is the open cell holding the teacher (for the diagonal the half-plane
  ``sign(theta_1 - theta_2) = sign(teacher_1 - teacher_2)``); grid points
  within ``1e-12`` of a line belong to neither side.
* The default grid is 101 points on ``[-3, 3]`` for each axis (the paper's
  resolution; its range is not stated).
* The teacher must lie in Theta~ (distance at most ``1e-8``); draw one with
  ``net.random_weights(seed)``, i.i.d. standard normal raw coordinates.

Examples
--------
>>> from symtheory.networks.networks import TwoLayerNet
>>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
>>> V = net.random_weights(seed=0)
>>> land = landscape_2d(net, V, grid=np.linspace(-1, 1, 5))
>>> land.loss.shape
(5, 5)
>>> [m.side for m in slice_minima(net, V, grid=np.linspace(-3, 3, 31))]
['teacher', 'other']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from ..exceptions import (DivergenceError, InvalidValueError, NonFiniteError, ShapeError,
                          UnknownNameError)
from .slice_geometry import (_axes, _finite_array, _grid, _lines, _side_name, _slice_thetas, _space,
                             _teacher, _theta_side, side_labels)
from ..validation import MAX_STEPS, check_grid_size, check_int, check_real
from .loss import (_check_activation, constrained_gradient, constrained_hessian, constrained_loss,
                   loss_gradient)
from .step_size import diverged, largest_curvature, suggested_learning_rate

__all__ = [
    "DEFAULT_GRID",
    "Landscape",
    "TrainResult",
    "SliceMinimum",
    "ConstrainedMinimum",
    "landscape_2d",
    "train",
    "side_fractions",
    "slice_minima",
    "constrained_minimum",
    "spurious_minimum",
    "is_positive_definite",
    "MAX_BACKOFFS",
]

#: The default sweep of each slice axis: 101 points on [-3, 3].
DEFAULT_GRID = np.linspace(-3.0, 3.0, 101)

#: Most times :func:`train` halves a step it chose itself before giving up.
MAX_BACKOFFS = 10
_CHECK_EVERY = 25


# ---------------------------------------------------------------------------
# value objects
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Landscape:
    """The loss over a 2-D slice through the teacher.

    Attributes
    ----------
    axes : tuple of int
        The two swept coordinates of ``net.weight_space``.
    grid1, grid2 : ndarray, shape (n1,), (n2,)
        Raw values of the swept coordinates.
    loss : ndarray, shape (n1, n2)
        ``loss[i, j]`` at ``theta[axes] = (grid1[i], grid2[j])``.
    teacher_theta : ndarray, shape (k,)
        Raw coordinates of the teacher (the other coordinates of the slice).
    activation : str

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> land = landscape_2d(net, net.random_weights(seed=0), grid=np.linspace(-1, 1, 3))
    >>> land.axes, land.loss.shape, land.activation
    ((0, 1), (3, 3), 'relu')
    """

    axes: tuple
    grid1: np.ndarray
    grid2: np.ndarray
    loss: np.ndarray
    teacher_theta: np.ndarray
    activation: str


@dataclass(frozen=True, eq=False)
class TrainResult:
    """Gradient descent from every point of a slice grid.

    Attributes
    ----------
    axes, grid1, grid2, teacher_theta, activation
        As in :class:`Landscape`.
    parameterization : str
        Coordinates in which the steps were taken.
    trained : str
        ``"axes"`` (the two swept coordinates) or ``"all"``.
    steps : int
    lr : float
        The step actually used (after any back-off).
    initial_loss, final_loss : ndarray, shape (n1, n2)
        Finite: a run that diverges raises :class:`DivergenceError` instead.
    final_theta : ndarray, shape (n1, n2, k)
        Final raw coordinates.
    lines : tuple of SliceLine
        The Theorem 3.3 hyperplanes that cut the slice
        (:func:`symtheory.landscape.slice_geometry.slice_hyperplanes`), used by
        :func:`side_fractions`.
    lr_source : str
        ``"given"`` or ``"curvature"`` (``lr=None``: ``1 / lambda_max``).
    backoffs : int
        How many times the chosen step was halved after a divergence.
    lambda_max : float or None
        Largest Hessian eigenvalue at the start, when it was computed.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> res = train(net, net.random_weights(seed=0), grid=np.linspace(-1, 1, 3), steps=5)
    >>> res.final_loss.shape, res.steps, res.parameterization, res.lr_source
    ((3, 3), 5, 'raw', 'curvature')
    >>> bool((res.final_loss <= res.initial_loss + 1e-12).all())
    True
    """

    axes: tuple
    grid1: np.ndarray
    grid2: np.ndarray
    teacher_theta: np.ndarray
    activation: str
    parameterization: str
    trained: str
    steps: int
    lr: float
    initial_loss: np.ndarray
    final_loss: np.ndarray
    final_theta: np.ndarray
    lines: tuple = ()
    lr_source: str = "given"
    backoffs: int = 0
    lambda_max: float = None


@dataclass(frozen=True)
class SliceMinimum:
    """A local minimum of the loss on the 2-D slice.

    Attributes
    ----------
    theta : tuple of float
        Raw ``(theta_1, theta_2)``.
    loss : float
    side : str
        ``"teacher"`` or ``"other"`` (side of ``theta_1 = theta_2``), or
        ``"line"`` if the search ended on the line.
    hessian_eigenvalues : tuple of float
        Eigenvalues of the 2 x 2 Hessian of the slice loss.
    gradient_norm : float
    is_minimum : bool
        Gradient below ``1e-6`` and the 2 x 2 Hessian positive definite.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> m = slice_minima(net, net.random_weights(seed=0), grid=np.linspace(-3, 3, 31))[0]
    >>> m.side, m.loss < 1e-10, m.is_minimum
    ('teacher', True, True)
    """

    theta: tuple
    loss: float
    side: str
    hessian_eigenvalues: tuple
    gradient_norm: float
    is_minimum: bool

    def as_dict(self) -> dict:
        """The JSON record ``{"theta": [t1, t2], "loss", "side"}`` of fig4.

        Examples
        --------
        >>> SliceMinimum((1.0, 0.5), 0.25, "other", (1.0, 2.0), 0.0, True).as_dict()
        {'theta': [1.0, 0.5], 'loss': 0.25, 'side': 'other'}
        """
        return {"theta": [float(t) for t in self.theta], "loss": float(self.loss),
                "side": self.side}


@dataclass(frozen=True, eq=False)
class ConstrainedMinimum:
    """A critical point of the loss on all of Theta~.

    Attributes
    ----------
    theta : ndarray, shape (k,)
        Raw coordinates.
    W : ndarray, shape (h, d)
    loss : float
    gradient_norm : float
        Norm of the *unconstrained* gradient ``dL/dW`` (zero at a constrained
        critical point, because the gradient of a G-invariant loss at an
        equivariant W is itself equivariant).
    hessian_eigenvalues : ndarray, shape (k,)
        Eigenvalues of the constrained Hessian in orthonormal coordinates.
    positive_definite : bool
    side : str
        Side of ``theta[axes[0]] = theta[axes[1]]`` relative to the teacher.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> bad = spurious_minimum(net, net.random_weights(seed=0), grid=np.linspace(-3, 3, 31))
    >>> bad.side, bad.positive_definite, bad.loss > 1e-3
    ('other', True, True)
    """

    theta: np.ndarray
    W: np.ndarray
    loss: float
    gradient_norm: float
    hessian_eigenvalues: np.ndarray
    positive_definite: bool
    side: str


# ---------------------------------------------------------------------------
# slices and training
# ---------------------------------------------------------------------------
def landscape_2d(net, teacher, axes=(0, 1), grid=DEFAULT_GRID, activation="relu"):
    """Exact loss over the slice through the teacher where two coordinates vary.

    Parameters
    ----------
    net : TwoLayerNet
        The student (and teacher) architecture; ``output="sum"``.
    teacher : array_like, shape (h, d)
        Teacher weights in Theta~.
    axes : pair of int, default (0, 1)
        Swept coordinates of ``net.weight_space`` (raw); ``(0, 1)`` is the
        diagonal and off-diagonal weight of the natural -> natural block in
        the paper's example.
    grid : 1-D array, or pair of 1-D arrays, default :data:`DEFAULT_GRID`
        Raw values of the swept coordinates.
    activation : {"relu", "erf"}

    Returns
    -------
    Landscape

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        Bad shapes, NaN/inf, unknown activation.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> V = net.random_weights(seed=1)
    >>> t = net.weight_space.coordinates(V)
    >>> land = landscape_2d(net, V, grid=([t[0]], [t[1], 0.0]))
    >>> land.loss.shape, float(land.loss[0, 0])
    ((1, 2), 0.0)
    """
    activation = _check_activation(activation)
    V, theta_t = _teacher(net, teacher)
    axes = _axes(net, axes)
    g1, g2 = _grid(grid)
    B = net.weight_space.with_parameterization("raw").basis_array()
    L = constrained_loss(_slice_thetas(theta_t, axes, g1, g2), B, V, activation)
    return Landscape(axes, g1, g2, np.asarray(L), theta_t, activation)


def train(net, teacher, axes=(0, 1), grid=DEFAULT_GRID, steps=100, lr=None,
          parameterization="raw", trained="axes", activation="relu", hyperplanes=None):
    """Gradient descent on the exact loss from every point of a slice grid at once.

    Each grid point ``(theta_1, theta_2)`` (raw values, other coordinates at
    the teacher) is converted to the coordinates of ``parameterization`` and
    ``steps`` steps ``phi <- phi - lr * dL/dphi`` are taken, for the whole
    grid in one batched call of the closed-form gradient per step.

    Parameters
    ----------
    net : TwoLayerNet
    teacher : array_like, shape (h, d)
    axes : pair of int, default (0, 1)
    grid : 1-D array or pair of 1-D arrays, default :data:`DEFAULT_GRID`
    steps : int, default 100
        The paper's Fig. 5 uses 100 steps.
    lr : float, optional
        The step.  Default: ``1 / lambda_max``, ``lambda_max`` the largest
        eigenvalue of the Hessian of the loss in the trained coordinates over
        the starting grid (:mod:`symtheory.landscape.step_size`).  The
        paper's figures pass its ``lr=0.1`` explicitly.
    parameterization : {"raw", "rescaled", "orthonormal"}, default "raw"
        ``"raw"`` is Fig. 5a, ``"rescaled"`` Fig. 5b.
    trained : {"axes", "all"}, default "axes"
        Train only the two swept coordinates (the paper) or all of Theta~.
    activation : {"relu", "erf"}
    hyperplanes : sequence of SliceLine, optional
        The lines that split the slice for :func:`side_fractions`; default
        the Theorem 3.3 hyperplanes that cut it
        (:func:`symtheory.landscape.slice_geometry.slice_hyperplanes`).

    Returns
    -------
    TrainResult

    Notes
    -----
    Divergence never passes silently.  Every 25 steps (and at the last) the
    loss of every grid point is checked: NaN/inf, or growth above its
    starting loss (impossible for ``lr < 2 / lambda_max``), is divergence
    (:func:`symtheory.landscape.step_size.diverged`).  With ``lr=None`` the
    run then restarts with half the step, at most :data:`MAX_BACKOFFS`
    times (``result.backoffs`` says how many); with a given ``lr`` it stops
    with :class:`~symtheory.exceptions.DivergenceError` naming the step to
    try.

    With ``trained="axes"`` the rows of W that no trained coordinate touches
    stay equal to the teacher's rows, so they cancel in ``f_W - f_V``; the
    steps then evaluate the closed form on the touched rows only (rows 0-2,
    the natural block, on the paper's slice).  This is exact up to rounding
    and cuts the kernel work by 4x; the final loss is computed on the full
    network.

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        Bad shapes, NaN/inf, unknown activation, parameterization or
        ``trained``; ``InvalidValueError`` for ``steps < 0`` or ``lr <= 0``.
    DivergenceError
        Gradient descent diverged at the given ``lr`` (or at the chosen one
        after :data:`MAX_BACKOFFS` halvings).

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> V = net.random_weights(seed=0)
    >>> res = train(net, V, grid=np.linspace(-1, 1, 3), steps=100,
    ...             parameterization="rescaled")
    >>> res.final_loss.shape, bool(res.final_loss.min() < 1e-6)
    ((3, 3), True)
    """
    activation = _check_activation(activation)
    V, theta_t = _teacher(net, teacher)
    axes = _axes(net, axes)
    g1, g2 = _grid(grid)
    if trained not in ("axes", "all"):
        raise UnknownNameError(f"unknown trained={trained!r}; use 'axes' or 'all'")
    steps = check_int(steps, "steps", low=0, high=MAX_STEPS)
    auto = lr is None
    lr = 1.0 if auto else check_real(lr, "lr", low=0, strict=True)
    if steps < 0 or not np.isfinite(lr) or lr <= 0:
        raise InvalidValueError("steps must be >= 0 and lr a positive finite number (or None)")
    lines = _lines(net, V, axes, hyperplanes)
    ws = _space(net, parameterization)
    B = ws.basis_array()
    scales = ws.scales
    T0 = _slice_thetas(theta_t, axes, g1, g2)
    phi = T0 / scales
    mask = np.ones(ws.dim)
    if trained == "axes":
        mask = np.zeros(ws.dim)
        mask[list(axes)] = 1.0
    L0 = constrained_loss(phi, B, V, activation)
    # Rows of W that no trained coordinate touches stay equal to the
    # teacher's rows (others held at the teacher), and then cancel in
    # f_W - f_V: the loss and its gradient are those of the sub-network of
    # the touched rows against the same rows of the teacher.  Exact (up to
    # rounding), and 4x less kernel work on the paper's slice.
    rows = np.any(B[mask > 0] != 0, axis=(0, 2))
    W0 = ws.to_numpy(phi[(0,) * (phi.ndim - 1)])
    if trained == "axes" and not rows.all() and np.allclose(W0[~rows], V[~rows], rtol=0, atol=1e-12):
        B, V = B[:, rows, :], V[rows]
    idx = np.flatnonzero(mask)
    lam = largest_curvature(phi, B, V, activation, idx) if auto and steps else None
    if lam is not None:
        lr = 1.0 / lam
    phi0, L0sub = phi, constrained_loss(phi, B, V, activation)
    backoffs = 0
    while True:
        phi, bad, n = _descend(phi0.copy(), B, V, activation, lr * mask, steps, L0sub)
        if bad is None:
            break
        if auto and backoffs < MAX_BACKOFFS:
            lr, backoffs = lr / 2.0, backoffs + 1
            continue
        lam = largest_curvature(phi0, B, V, activation, idx) if lam is None else lam
        what = f"after halving it {backoffs} times " if auto else ""
        raise DivergenceError(
            f"gradient descent diverged at lr={lr:.3g} {what}(step {n} of {steps}: the loss became "
            f"NaN/inf or grew above its start at {np.count_nonzero(bad)} of {bad.size} grid points); try "
            f"lr={suggested_learning_rate(lr, lam):.3g} (1/lambda_max at the start is {1 / lam:.3g})"
            + ("" if auto else ", or lr=None to choose the step from the curvature"))
    L1 = constrained_loss(phi, ws.basis_array(), _teacher(net, teacher)[0], activation)
    return TrainResult(axes, g1, g2, theta_t, activation, ws.parameterization, trained,
                       steps, lr, np.asarray(L0), np.asarray(L1), phi * scales, lines,
                       "curvature" if auto else "given", backoffs, lam)


def _descend(phi, B, V, activation, step, steps, L0):
    """``steps`` gradient steps (in place); returns (phi, None or mask of diverged points, step)."""
    # the chain rule of constrained_gradient as two BLAS products on the
    # flattened basis (faster than einsum on a 10^4-point grid)
    Bf = B.reshape(B.shape[0], -1)
    shape = phi.shape[:-1] + B.shape[1:]
    with np.errstate(over="ignore", invalid="ignore"):
        for n in range(1, steps + 1):
            G = loss_gradient((phi @ Bf).reshape(shape), V, activation)
            g = G.reshape(phi.shape[:-1] + (-1,)) @ Bf.T
            g *= step
            phi -= g
            if not np.isfinite(phi).all():
                return phi, ~np.isfinite(phi).all(axis=-1), n
            if n % _CHECK_EVERY == 0 or n == steps:
                bad = diverged(constrained_loss(phi, B, V, activation), L0)
                if bad.any():
                    return phi, np.asarray(bad), n
    return phi, None, steps


def side_fractions(result, threshold=1e-6):
    """Fractions of the grid on each side of the hyperplanes that end below ``threshold``.

    The sides are those of ``result.lines``, the Theorem 3.3 hyperplanes of
    the network that cut the slice (on the paper's slice the one line
    ``theta_1 = theta_2``; see :mod:`symtheory.landscape.slice_geometry` for
    several lines: the teacher's cell against all the others).

    Parameters
    ----------
    result : TrainResult
    threshold : float, default 1e-6

    Returns
    -------
    dict
        ``{"teacher_side": f_t, "other_side": f_o}``: among the grid points
        that *start* on the teacher's (other) side, the fraction whose final
        loss is below ``threshold``.  Points on a line count for neither; an
        empty side gives ``nan``.

    Raises
    ------
    DivergenceError
        The final losses hold NaN or infinity (a diverged run has no fractions).
    InvalidValueError
        No hyperplane cuts the slice, so it has no sides (choose other
        ``axes``, or pass ``hyperplanes=`` to :func:`train`).

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> res = train(net, net.random_weights(seed=0), grid=np.linspace(-2, 2, 9),
    ...             parameterization="rescaled")
    >>> side_fractions(res)
    {'teacher_side': 1.0, 'other_side': 0.0}
    """
    final = np.asarray(result.final_loss, dtype=float)
    if not np.isfinite(final).all():
        raise DivergenceError(
            f"the run diverged: {np.count_nonzero(~np.isfinite(final))} of {final.size} final "
            "losses are NaN or infinite; train again with a smaller lr (or lr=None)")
    if not result.lines:
        a0, a1 = result.axes
        raise InvalidValueError(
            f"no Theorem 3.3 hyperplane of the network cuts the slice of axes ({a0}, {a1}), so it "
            "has no sides; choose other axes or pass hyperplanes= to train")
    side, _ = side_labels(result.lines, result.grid1[:, None], result.grid2[None, :],
                          result.teacher_theta[list(result.axes)])
    good = final < threshold
    out = {}
    for key, s in (("teacher_side", 1.0), ("other_side", -1.0)):
        sel = side == s
        out[key] = float(good[sel].mean()) if sel.any() else float("nan")
    return out


# ---------------------------------------------------------------------------
# minima
# ---------------------------------------------------------------------------
def is_positive_definite(H, tol=1e-10):
    """Whether a symmetric matrix is positive definite (smallest eigenvalue > tol).

    Parameters
    ----------
    H : array_like, shape (n, n)
    tol : float, default 1e-10

    Returns
    -------
    bool

    Examples
    --------
    >>> is_positive_definite([[2.0, 0.0], [0.0, 1e-3]]), is_positive_definite([[1.0, 2.0], [2.0, 1.0]])
    (True, False)
    """
    H = _finite_array(H, "H")
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ShapeError(f"H must be a square matrix, got shape {H.shape}")
    return bool(np.linalg.eigvalsh(0.5 * (H + H.T))[0] > tol)


def _slice_refine(theta_t, axes, B, V, activation, x0):
    idx = list(axes)

    def fun(x):
        t = theta_t.copy()
        t[idx] = x
        return float(constrained_loss(t, B, V, activation)), constrained_gradient(t, B, V, activation)[idx]

    r = minimize(fun, np.asarray(x0, float), jac=True, method="L-BFGS-B",
                 options=dict(maxiter=2000, gtol=1e-12, ftol=1e-16, maxcor=20))
    t = theta_t.copy()
    t[idx] = r.x
    loss = float(constrained_loss(t, B, V, activation))
    grad = constrained_gradient(t, B, V, activation)[idx]
    H = constrained_hessian(t, B, V, activation)[np.ix_(idx, idx)]
    ev = np.linalg.eigvalsh(0.5 * (H + H.T))
    return r.x, loss, float(np.linalg.norm(grad)), ev


def slice_minima(net, teacher, axes=(0, 1), grid=DEFAULT_GRID, activation="relu",
                 hyperplanes=None):
    """The local minimum of the slice on each side of its Theorem 3.3 hyperplanes.

    The sides are cut by the hyperplanes of the network that meet the slice
    (:func:`symtheory.landscape.slice_geometry.slice_hyperplanes`; on the
    paper's slice the one line ``theta_1 = theta_2``).  In each cell an
    L-BFGS run on the two swept coordinates starts at the grid point of
    lowest loss of that cell (so minima outside the grid range are still
    found).  The run is unconstrained; if it crosses a line its ``side``
    says so.

    Parameters
    ----------
    net : TwoLayerNet
    teacher : array_like, shape (h, d)
    axes : pair of int, default (0, 1)
    grid : 1-D array or pair of 1-D arrays, default :data:`DEFAULT_GRID`
    activation : {"relu", "erf"}
    hyperplanes : sequence of SliceLine, optional
        The dividing lines; default the Theorem 3.3 hyperplanes cutting the slice.

    Returns
    -------
    list of SliceMinimum
        The teacher's cell first, then each other cell (a cell with no grid
        point is left out); with no dividing line, the one minimum of the
        teacher's side (the whole slice).

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> mins = slice_minima(net, net.random_weights(seed=0), grid=np.linspace(-3, 3, 31))
    >>> [(m.side, m.is_minimum, m.loss < 1e-10) for m in mins]
    [('teacher', True, True), ('other', True, False)]
    """
    land = landscape_2d(net, teacher, axes, grid, activation)
    V, theta_t = _teacher(net, teacher)
    axes = land.axes
    lines = _lines(net, V, axes, hyperplanes)
    tp = theta_t[list(axes)]
    B = net.weight_space.with_parameterization("raw").basis_array()
    side, cell = side_labels(lines, land.grid1[:, None], land.grid2[None, :], tp)
    out = []
    for c in np.unique(cell[side != 0]):
        sel = (cell == c) & (side != 0)
        Ls = np.where(sel, land.loss, np.inf)
        i, j = np.unravel_index(np.argmin(Ls), Ls.shape)
        x, loss, gn, ev = _slice_refine(theta_t, axes, B, V, activation,
                                        [land.grid1[i], land.grid2[j]])
        out.append(SliceMinimum((float(x[0]), float(x[1])), loss,
                                _side_name(side_labels(lines, x[0], x[1], tp)[0]),
                                tuple(float(e) for e in ev), gn,
                                bool(gn < 1e-6 and ev[0] > 0)))
    return out


def constrained_minimum(net, teacher, theta0, axes=(0, 1), activation="relu", tol=1e-12,
                        hyperplanes=None):
    """Minimise the loss over all of Theta~ from ``theta0`` and check the Hessian.

    L-BFGS on all ``k`` coordinates in the orthonormal parameterization
    (gradient descent there is projected gradient descent on W), then the
    constrained Hessian (orthonormal coordinates) is diagonalised.

    Parameters
    ----------
    net : TwoLayerNet
    teacher : array_like, shape (h, d)
    theta0 : array_like, shape (k,)
        Raw starting coordinates.
    axes : pair of int, default (0, 1)
        Only used to report the side: of the hyperplanes ``theta_i = theta_j``
        of Theta~ whose traces cut the slice of ``axes`` (Theorem 3.3
        hyperplanes by default, or ``hyperplanes``), or of
        ``theta[axes[0]] = theta[axes[1]]`` when none does.
    activation : {"relu", "erf"}
    tol : float, default 1e-12
        Gradient tolerance of the L-BFGS run.
    hyperplanes : sequence of SliceLine, optional

    Returns
    -------
    ConstrainedMinimum

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> V = net.random_weights(seed=0)
    >>> t = net.weight_space.coordinates(V)
    >>> m = constrained_minimum(net, V, t + 0.05)
    >>> m.side, m.positive_definite, m.loss < 1e-12
    ('teacher', True, True)
    """
    activation = _check_activation(activation)
    V, theta_t = _teacher(net, teacher)
    axes = _axes(net, axes)
    raw = net.weight_space.with_parameterization("raw")
    theta0 = _finite_array(theta0, "theta0")
    if theta0.shape != (raw.dim,):
        raise ShapeError(f"theta0 must have shape ({raw.dim},), got {theta0.shape}")
    ws = net.weight_space.with_parameterization("orthonormal")
    B = ws.basis_array()

    def fun(x):
        return float(constrained_loss(x, B, V, activation)), constrained_gradient(x, B, V, activation)

    x0 = theta0 / ws.scales
    r = minimize(fun, x0, jac=True, method="L-BFGS-B",
                 options=dict(maxiter=20000, gtol=tol, ftol=1e-18, maxcor=30))
    x = r.x
    W = ws.to_numpy(x)
    theta = raw.coordinates(W)
    loss = float(constrained_loss(x, B, V, activation))
    gn = float(np.linalg.norm(loss_gradient(W, V, activation)))
    H = constrained_hessian(x, B, V, activation)
    ev = np.linalg.eigvalsh(0.5 * (H + H.T))
    side = _theta_side(_lines(net, V, axes, hyperplanes), theta, theta_t, axes)
    return ConstrainedMinimum(theta, W, loss, gn, ev, bool(ev[0] > 1e-10), side)


def spurious_minimum(net, teacher, axes=(0, 1), grid=DEFAULT_GRID, activation="relu",
                     hyperplanes=None):
    """The constrained minimum on the other side of the line (the paper's "bad minimum").

    Starts at the other-side minimum of the slice (:func:`slice_minima`,
    other coordinates at the teacher) and minimises over all of Theta~
    (:func:`constrained_minimum`).  Because the hidden fixed-point subspace
    ``theta_1 = theta_2`` has codimension one in Theta~ and is invariant
    under the gradient flow, the run stays on the other side.

    Parameters
    ----------
    net, teacher, axes, grid, activation, hyperplanes
        As in :func:`slice_minima`.

    Returns
    -------
    ConstrainedMinimum
        Check ``.side == "other"`` and ``.positive_definite``.

    Raises
    ------
    SymtheoryError
        The grid has no point on the other side.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> m = spurious_minimum(net, net.random_weights(seed=0), grid=np.linspace(-3, 3, 31))
    >>> m.side, m.positive_definite, round(m.loss, 5)
    ('other', True, 0.00159)
    """
    V, theta_t = _teacher(net, teacher)
    axes = _axes(net, axes)
    lines = _lines(net, V, axes, hyperplanes)
    mins = [m for m in slice_minima(net, V, axes, grid, activation, lines) if m.side == "other"]
    if not mins:
        raise InvalidValueError("no slice minimum on the other side of the Theorem 3.3 hyperplane; "
                                "widen the grid or choose axes that it cuts")
    t0 = theta_t.copy()
    t0[list(axes)] = mins[0].theta
    return constrained_minimum(net, V, t0, axes, activation, hyperplanes=lines)
