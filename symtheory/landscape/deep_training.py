"""Slices, batched training and minima for equivariant MLPs of any depth.

The depth-L counterparts of :mod:`symtheory.landscape.training`, on an
:class:`~symtheory.landscape.deep_loss.MLPObjective` (the exact loss at
depth 1, the fixed-sample estimate deeper).  Coordinates are the **raw**
coordinates theta of the network's Theta~ (build the network with
``parameterization="raw"``); a slice varies two of them, ``axes``, the
others held at the teacher's, and the line theta[axes[0]] = theta[axes[1]]
splits it as in Section 4.  The results are the value objects of
:mod:`symtheory.landscape.training` (:class:`Landscape`, :class:`TrainResult`,
:class:`SliceMinimum`, :class:`ConstrainedMinimum`), so
:func:`~symtheory.landscape.training.side_fractions` applies unchanged.

Gradient descent in another parameterization (``"rescaled"``, Fig. 5b) takes
the steps phi <- phi - lr dL/dphi in the coordinates phi = theta / c of that
parameterization (c its scales), and reports raw coordinates.  Hessians are
central differences of the exact gradient (step 1e-7, small enough that
ReLU kinks of a fixed sample are rarely crossed).

Examples
--------
>>> from symtheory.networks.mlp import EquivariantMLP
>>> from symtheory.landscape.deep_loss import MLPObjective
>>> net = EquivariantMLP("S3", "natural + trivial; natural + trivial; natural + trivial")
>>> obj = MLPObjective(net, net.random_parameters(seed=0), n_samples=500)
>>> t = net.coordinates(obj.teacher)
>>> land = mlp_landscape_2d(obj, axes=(0, 1), grid=np.linspace(-1, 1, 5))
>>> land.loss.shape
(5, 5)
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from ..exceptions import InvalidValueError, NonFiniteError, UnknownNameError
from ..networks.mlp import EquivariantMLP
from .slice_geometry import SliceLine, _grid, _slice_thetas
from .training import ConstrainedMinimum, Landscape, SliceMinimum, TrainResult

__all__ = ["mlp_landscape_2d", "mlp_train", "mlp_slice_minima", "mlp_constrained_minimum",
           "parameterization_scales"]


# The deep figure's Theorem 3.3 line is the diagonal theta_a = theta_b of the two swept
# coordinates (W_2's natural block): sides are the sign of theta_a - theta_b.
_LINE_TOL = 1e-12


def _sides(d, teacher_sign):
    """+1 teacher side, -1 other side, 0 on the line, for d = theta_a - theta_b."""
    return np.where(np.abs(d) <= _LINE_TOL, 0.0, np.sign(d)) * teacher_sign


def _side_name(d, teacher_sign):
    s = float(_sides(np.asarray(d), teacher_sign))
    return "teacher" if s > 0 else ("other" if s < 0 else "line")


def _diagonal_line(axes):
    """The slice line theta_a = theta_b, as :func:`~symtheory.landscape.training.side_fractions`
    reads the sides of a training run."""
    a, b = (int(x) for x in axes)
    return SliceLine(1.0, -1.0, 0.0, (a, b), (), True, True, f"theta_{a} = theta_{b}")


def _teacher_sign(theta_t, axes):
    s = np.sign(theta_t[axes[0]] - theta_t[axes[1]])
    if s == 0:
        raise InvalidValueError("the teacher lies on the line theta_a = theta_b, so it has no "
                                "side; draw another teacher")
    return float(s)


def _axes(obj, axes):
    k = obj.net.theta_dim
    a = tuple(int(x) for x in axes)
    if len(a) != 2 or a[0] == a[1] or not all(0 <= x < k for x in a):
        raise InvalidValueError(f"axes must be two different coordinate indices in range({k})")
    return a


def _teacher_theta(obj):
    return obj.net.coordinates(obj.teacher)


def parameterization_scales(net, parameterization) -> np.ndarray:
    """The scales c of a parameterization (raw theta = c * phi), block by block.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> parameterization_scales(EquivariantMLP("S3", "natural; natural"), "rescaled").round(4).tolist()
    [1.4142, 1.0]
    """
    other = EquivariantMLP(net.group, net.layers, output=net.output or "sum", bias=net.bias,
                           parameterization=parameterization)
    return np.concatenate([s.scales for _, _, s in other.blocks])


def mlp_landscape_2d(obj, axes, grid):
    """The loss over the slice through the teacher (one batched call).

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> from symtheory.landscape.deep_loss import MLPObjective
    >>> net = EquivariantMLP("S3", "natural; natural")
    >>> obj = MLPObjective(net, net.parameters([1.0, -0.5]))
    >>> float(mlp_landscape_2d(obj, (0, 1), ([1.0], [-0.5])).loss[0, 0])
    0.0
    """
    axes = _axes(obj, axes)
    g1, g2 = _grid(grid)
    t = _teacher_theta(obj)
    L = obj.loss(_slice_thetas(t, axes, g1, g2))
    return Landscape(axes, g1, g2, np.asarray(L), t, obj.activation)


def mlp_train(obj, axes, grid, steps=100, lr=0.1, parameterization="raw", trained="axes"):
    """Gradient descent from every grid point of the slice at once.

    Returns a :class:`~symtheory.landscape.training.TrainResult`.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> from symtheory.landscape.deep_loss import MLPObjective
    >>> net = EquivariantMLP("S3", "natural; natural")
    >>> obj = MLPObjective(net, net.parameters([1.0, -0.5]))
    >>> res = mlp_train(obj, (0, 1), np.linspace(-2, 2, 5), steps=50, parameterization="rescaled")
    >>> bool((res.final_loss <= res.initial_loss + 1e-12).all())
    True
    """
    axes = _axes(obj, axes)
    g1, g2 = _grid(grid)
    if trained not in ("axes", "all"):
        raise UnknownNameError(f"unknown trained={trained!r}; use 'axes' or 'all'")
    steps, lr = int(steps), float(lr)
    if steps < 0 or not np.isfinite(lr) or lr <= 0:
        raise InvalidValueError("steps must be >= 0 and lr a positive finite number")
    c = parameterization_scales(obj.net, parameterization)
    t = _teacher_theta(obj)
    T0 = _slice_thetas(t, axes, g1, g2)
    mask = np.ones(len(c))
    if trained == "axes":
        mask = np.zeros(len(c))
        mask[list(axes)] = 1.0
    step = lr * mask * c * c           # dtheta = c dphi, dphi = -lr c dL/dtheta
    theta = T0.copy()
    L0 = obj.loss(T0)
    for _ in range(steps):
        theta -= step * obj.gradient(theta)
        if not np.isfinite(theta).all():
            raise NonFiniteError(f"gradient descent diverged (lr={lr} too large); lower lr")
    return TrainResult(axes, g1, g2, t, obj.activation, parameterization, trained, steps, lr,
                       np.asarray(L0), np.asarray(obj.loss(theta)), theta,
                       lines=(_diagonal_line(axes),))


def _hessian(obj, theta, idx, eps=1e-7):
    H = np.zeros((len(idx), len(idx)))
    for n, i in enumerate(idx):
        e = np.zeros_like(theta)
        e[i] = eps
        H[n] = (obj.gradient(theta + e)[idx] - obj.gradient(theta - e)[idx]) / (2 * eps)
    return 0.5 * (H + H.T)


def mlp_slice_minima(obj, axes, grid):
    """The slice minimum on each side of the line (L-BFGS from the side's best grid point).

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> from symtheory.landscape.deep_loss import MLPObjective
    >>> net = EquivariantMLP("S3", "natural + 2*trivial; natural + 3*trivial")
    >>> obj = MLPObjective(net, net.random_parameters(seed=0))
    >>> [m.side for m in mlp_slice_minima(obj, (0, 1), np.linspace(-3, 3, 31))]
    ['teacher', 'other']
    """
    land = mlp_landscape_2d(obj, axes, grid)
    t = land.teacher_theta
    axes = land.axes
    idx = list(axes)
    ts = _teacher_sign(t, axes)
    side = _sides(land.grid1[:, None] - land.grid2[None, :], ts)
    out = []
    for s in (1.0, -1.0):
        if not (side == s).any():
            continue
        Ls = np.where(side == s, land.loss, np.inf)
        i, j = np.unravel_index(np.argmin(Ls), Ls.shape)

        def fun(x):
            th = t.copy()
            th[idx] = x
            return float(obj.loss(th)), obj.gradient(th)[idx]

        r = minimize(fun, np.array([land.grid1[i], land.grid2[j]]), jac=True, method="L-BFGS-B",
                     options=dict(maxiter=2000, gtol=1e-12, ftol=1e-16))
        th = t.copy()
        th[idx] = r.x
        gn = float(np.linalg.norm(obj.gradient(th)[idx]))
        ev = np.linalg.eigvalsh(_hessian(obj, th, idx))
        out.append(SliceMinimum((float(r.x[0]), float(r.x[1])), float(obj.loss(th)),
                                _side_name(r.x[0] - r.x[1], ts), tuple(float(e) for e in ev), gn,
                                bool(gn < 1e-6 and ev[0] > 0)))
    return out


def mlp_constrained_minimum(obj, theta0, axes):
    """Minimise over all of Theta~ from ``theta0`` (raw); Hessian by differences of the gradient.

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> from symtheory.landscape.deep_loss import MLPObjective
    >>> net = EquivariantMLP("S3", "natural + 2*trivial; natural + 3*trivial")
    >>> obj = MLPObjective(net, net.random_parameters(seed=0))
    >>> m = mlp_constrained_minimum(obj, net.coordinates(obj.teacher) + 0.05, (0, 1))
    >>> m.side, m.loss < 1e-10
    ('teacher', True)
    """
    axes = _axes(obj, axes)
    theta0 = np.asarray(theta0, dtype=float)
    r = minimize(lambda x: (float(obj.loss(x)), obj.gradient(x)), theta0, jac=True,
                 method="L-BFGS-B", options=dict(maxiter=20000, gtol=1e-12, ftol=1e-18, maxcor=30))
    x = r.x
    ev = np.linalg.eigvalsh(_hessian(obj, x, list(range(len(x)))))
    ts = _teacher_sign(_teacher_theta(obj), axes)
    W = obj.net.parameters(x).weights[-1]
    return ConstrainedMinimum(x, W, float(obj.loss(x)), float(np.linalg.norm(obj.gradient(x))),
                              ev, bool(ev[0] > 1e-8), _side_name(x[axes[0]] - x[axes[1]], ts))
