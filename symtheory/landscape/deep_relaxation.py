"""Relaxing the equivariance constraint of an MLP of any depth (Section 4.4).

:func:`mlp_relax` starts the *unconstrained* loss (every entry of every W_l,
b_l, U trained) at a point of Theta~, normally a constrained minimum, takes
an escape step along the most negative curvature direction of the
unconstrained Hessian (central differences of the exact gradient, step
1e-5; a constrained critical point is an unconstrained one, so plain descent
would not move), then runs L-BFGS, as :func:`symtheory.landscape.relaxation.relax`
does at depth 1.  The loss is the objective's (exact at depth 1, the fixed
sample deeper).  The result says where it ends: loss, smallest Hessian
eigenvalue, and distance to Theta~.

Examples
--------
>>> from symtheory.networks.mlp import EquivariantMLP
>>> from symtheory.landscape.deep_loss import MLPObjective
>>> net = EquivariantMLP("S3", "natural; natural")
>>> obj = MLPObjective(net, net.parameters([1.0, -0.5]))
>>> res = mlp_relax(obj, [1.0, -0.5])
>>> res.final_loss < 1e-12, res.hessian_min_start > -1e-6
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from ..exceptions import ShapeError
from ..networks.mlp import MLPParameters
from .deep_loss import sample_loss, sample_loss_gradient

__all__ = ["MLPRelaxResult", "mlp_relax"]


@dataclass(frozen=True, eq=False)
class MLPRelaxResult:
    """Unconstrained training of an MLP from a point of Theta~.

    Attributes
    ----------
    start, final : MLPParameters
    loss : ndarray
        Loss along the recorded iterates (start, escape step, L-BFGS iterates).
    hessian_min_start, hessian_min_end : float
        Smallest eigenvalue of the unconstrained Hessian at the start and the end.
    equivariance_error_end : float
        Distance of the final parameters from Theta~.

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> from symtheory.landscape.deep_loss import MLPObjective
    >>> net = EquivariantMLP("S3", "natural; natural")
    >>> obj = MLPObjective(net, net.parameters([1.0, -0.5]))
    >>> mlp_relax(obj, [0.9, -0.4]).equivariance_error_end < 1e-3
    True
    """

    start: MLPParameters
    final: MLPParameters
    loss: np.ndarray
    hessian_min_start: float
    hessian_min_end: float
    equivariance_error_end: float

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1])


def _flat_tools(obj):
    net = obj.net
    shapes = [a.shape for a in obj.teacher.arrays()]
    sizes = [int(np.prod(s)) for s in shapes]

    def unflat(v):
        parts, i = [], 0
        for s, n in zip(shapes, sizes):
            parts.append(v[i:i + n].reshape(s))
            i += n
        W, b, U, k = [], [], None, 0
        for kind, _, _ in net.blocks:
            if kind == "W":
                W.append(parts[k])
            elif kind == "b":
                b.append(parts[k])
            else:
                U = parts[k]
            k += 1
        return MLPParameters(tuple(W), tuple(b) if net.bias else None, U)

    def value_grad(v):
        p = unflat(v)
        if obj.method == "exact":
            L, g = obj._exact(p, False), obj._exact(p, True)
        else:
            L = sample_loss(net, p, obj.teacher, obj.x, obj.activation)
            g = sample_loss_gradient(net, p, obj.teacher, obj.x, obj.activation)
        return float(L), np.concatenate([a.ravel() for a in g.arrays()])

    return unflat, value_grad


def _min_eig(value_grad, v, eps=1e-5):
    n = len(v)
    H = np.zeros((n, n))
    for i in range(n):
        e = np.zeros(n)
        e[i] = eps
        H[i] = (value_grad(v + e)[1] - value_grad(v - e)[1]) / (2 * eps)
    ev, vecs = np.linalg.eigh(0.5 * (H + H.T))
    return float(ev[0]), vecs[:, 0]


def mlp_relax(obj, theta0, escape=1e-2, steps=10000, gtol=1e-12):
    """Unconstrained L-BFGS from theta0 (raw coordinates of Theta~) after an escape step.

    Parameters
    ----------
    obj : MLPObjective
    theta0 : array_like (theta_dim,)
    escape : float, default 1e-2
        Length of the escape step (0 disables it); the sign of lower loss is taken.
    steps : int, default 10000
    gtol : float, default 1e-12

    Returns
    -------
    MLPRelaxResult

    Examples
    --------
    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> from symtheory.landscape.deep_loss import MLPObjective
    >>> net = EquivariantMLP("S3", "natural; natural", bias=True)
    >>> obj = MLPObjective(net, net.parameters([1.0, -0.5, 0.2]))
    >>> mlp_relax(obj, [1.0, -0.5, 0.2], escape=0).final_loss
    0.0
    """
    theta0 = np.asarray(theta0, dtype=float)
    if theta0.shape != (obj.net.theta_dim,):
        raise ShapeError(f"theta0 must have shape ({obj.net.theta_dim},), got {theta0.shape}")
    unflat, value_grad = _flat_tools(obj)
    start = obj.net.parameters(theta0)
    v0 = np.concatenate([a.ravel() for a in start.arrays()])
    h0, direction = _min_eig(value_grad, v0)
    traj = [v0]
    if escape > 0:
        cands = [v0 + escape * direction, v0 - escape * direction]
        traj.append(min(cands, key=lambda v: value_grad(v)[0]))
    r = minimize(value_grad, traj[-1], jac=True, method="L-BFGS-B",
                 callback=lambda x: traj.append(x.copy()),
                 options=dict(maxiter=int(steps), gtol=gtol, ftol=1e-22, maxcor=30))
    traj.append(r.x)
    final = unflat(r.x)
    h1, _ = _min_eig(value_grad, r.x)
    loss = np.array([value_grad(v)[0] for v in traj])
    return MLPRelaxResult(start, final, loss, h0, h1, obj.net.equivariance_error(final))
