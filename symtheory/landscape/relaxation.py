r"""Relaxing the equivariance constraint: escape from a spurious minimum (Section 4.4).

A hidden permutation sigma in S_h (``sigma[i]`` is the new position of
neuron i, ``(sigma W)[sigma[i]] = W[i]``, the convention of
:mod:`symtheory.networks.hidden`) maps the equivariant subspace Theta~ to a
*conjugate* subspace sigma Theta~ = Hom_G(X, sigma Y sigma^-1): the same
network with another choice of hidden representation.  sigma Theta~ depends
only on the coset sigma P~, P~ the visible symmetries, so there are
``h! / |P~|`` of them (120 for the paper's S3 example).

:func:`relax` starts the *unconstrained* loss at a constrained minimum and
records, per step, the loss, the distance to every conjugate subspace, the
equivariance error (distance to the nearest one; it returns to zero when the
network lands in another equivariant subspace) and the smallest eigenvalue of
the unconstrained Hessian.  :func:`identify_hidden_rep` says which sigma
Theta~ a weight matrix lies in.

Methods
-------
A constrained critical point is also an unconstrained one (the gradient of
the G-invariant loss at an equivariant W is equivariant), so plain gradient
descent started exactly there never moves.  Both methods therefore first take
an *escape step*: ``W0 + eps v`` with ``v`` the unit eigenvector of the most
negative Hessian eigenvalue and the sign of lower loss (``eps = 1e-2`` by
default).  Then

``"lbfgs"`` (default)
    scipy's L-BFGS-B on the 30 unconstrained weights, every iterate
    recorded.  Near the final minimum the loss is flat (smallest Hessian
    eigenvalue 3e-4 ... 5e-2 on the S3 example, seeds 0-9), so plain
    gradient descent at lr 0.1 needs 1,200 - 3,800 steps to bring the loss
    below 1e-6, 1,500 - 4,800 steps to come within 1e-4 of sigma Theta~ and
    4,000 - 50,000 steps to bring the gradient below 1e-12; L-BFGS needs
    30 - 60 iterations (well under a second) and reaches loss ~ 1e-15.
``"gd"``
    plain gradient descent with learning rate ``lr`` (the paper's 0.1 in
    its figures; by default ``1 / lambda_max`` of the Hessian at the escape
    point, :mod:`symtheory.landscape.step_size`) for at most
    ``steps`` steps (about 0.3 ms a step including the recording; the
    Hessian is recorded every ``hessian_every`` steps).  With
    ``polish=True`` L-BFGS continues from the last step, so the trajectory
    through the saddle is the paper's and the end point is converged.
    Divergence never passes silently: every 50 steps the loss is checked,
    and NaN/inf or growth above the loss at the escape point (impossible for
    a stable step) restarts the descent with half the step when ``lr`` was
    chosen from the curvature (at most 10 times), or stops with
    :class:`~symtheory.exceptions.DivergenceError` naming the step to try
    when ``lr`` was given.

Examples
--------
>>> from symtheory.networks.networks import TwoLayerNet
>>> from symtheory.landscape.training import spurious_minimum
>>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
>>> V = net.random_weights(seed=0)
>>> subs = conjugate_subspaces(net)
>>> len(subs.permutations)
120
>>> bad = spurious_minimum(net, V, grid=np.linspace(-3, 3, 31))
>>> res = relax(net, V, bad.W)
>>> res.hessian_min_start < 0, res.final_loss < 1e-10, res.sigma, res.sigma_visible
(True, True, (2, 0, 1, 3, 4, 5), False)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from ..exceptions import (DivergenceError, InvalidValueError, NonFiniteError, ShapeError,
                          UnknownNameError)
from ..networks.hidden import is_visible_permutation
from ..validation import MAX_STEPS, check_entries, check_int, check_real
from .loss import _check_activation, expected_loss, loss_gradient, loss_hessian
from .step_size import diverged, suggested_learning_rate

__all__ = [
    "ConjugateSubspaces",
    "RelaxResult",
    "conjugate_subspaces",
    "identify_hidden_rep",
    "relax",
    "MAX_HIDDEN_DEGREE",
]

#: conjugate_subspaces enumerates S_h; this bounds h (8! = 40320 permutations).
MAX_HIDDEN_DEGREE = 8


@dataclass(frozen=True, eq=False)
class ConjugateSubspaces:
    """The distinct subspaces sigma Theta~, sigma in S_h.

    Attributes
    ----------
    permutations : ndarray of int, shape (m, h)
        One sigma per subspace, the lexicographically smallest of its coset
        sigma P~; row 0 is the identity (Theta~ itself).
    labels : ndarray of int, shape (m, h, d)
        ``labels[s]`` labels the entries of sigma_s Theta~ (matrices constant
        on each label): ``labels[s][sigma_s] = Theta~.labels``.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> subs = conjugate_subspaces(TwoLayerNet("S3", "natural", "natural + trivial"))
    >>> subs.permutations.shape, subs.permutations[0].tolist()   # 4!/|P~| = 24/1
    ((24, 4), [0, 1, 2, 3])
    """

    permutations: np.ndarray
    labels: np.ndarray

    def distances(self, W):
        """Frobenius distance from W to every sigma Theta~.

        Parameters
        ----------
        W : array_like, shape (..., h, d)

        Returns
        -------
        ndarray, shape (..., m)

        Examples
        --------
        >>> from symtheory.networks.networks import TwoLayerNet
        >>> net = TwoLayerNet("S3", "natural", "natural")
        >>> subs = conjugate_subspaces(net)
        >>> len(subs.permutations)      # P~ is trivial: all 3! subspaces differ
        6
        >>> subs.distances(np.ones((3, 3))).tolist()   # 1 1^T lies in every one
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        >>> float(subs.distances(np.eye(3))[0])
        0.0
        """
        m, h, d = self.labels.shape
        W = np.asarray(W, dtype=float)
        if W.shape[-2:] != (h, d):
            raise ShapeError(f"W has shape {W.shape}; it must end in ({h}, {d})")
        if not np.isfinite(W).all():
            raise NonFiniteError("W holds NaN or infinity; pass finite numbers only")
        w = W.reshape(W.shape[:-2] + (h * d,))
        means = np.einsum("skn,...n->...sk", self._averager, w)
        proj = np.take_along_axis(means, np.broadcast_to(self._flat, means.shape[:-1] + (h * d,)),
                                  axis=-1)
        r = w[..., None, :] - proj
        return np.sqrt(np.einsum("...sn,...sn->...s", r, r))

    @property
    def _flat(self):
        m, h, d = self.labels.shape
        return self.labels.reshape(m, h * d)

    @property
    def _averager(self):
        cached = self.__dict__.get("_avg")
        if cached is None:
            m, h, d = self.labels.shape
            k = int(self.labels.max()) + 1
            A = np.zeros((m, k, h * d))
            s = np.repeat(np.arange(m), h * d)
            A[s, self._flat.ravel(), np.tile(np.arange(h * d), m)] = 1.0
            A /= A.sum(axis=-1, keepdims=True)
            object.__setattr__(self, "_avg", A)
            cached = A
        return cached


def _canonical(labels):
    """Relabel in order of first appearance (row-major), as a hashable key."""
    flat = labels.ravel()
    _, first, inv = np.unique(flat, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[inv]


def conjugate_subspaces(net):
    """Enumerate the distinct conjugate subspaces sigma Theta~ of a network.

    Brute force over all ``h!`` hidden permutations in lexicographic order,
    keeping the first permutation of each distinct labelling; the naive
    reference is therefore also the implementation.  ``h`` is limited to
    :data:`MAX_HIDDEN_DEGREE`.

    Parameters
    ----------
    net : TwoLayerNet

    Returns
    -------
    ConjugateSubspaces

    Raises
    ------
    SymtheoryError
        ``h > MAX_HIDDEN_DEGREE``.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> from symtheory.networks.hidden import count_visible_symmetries
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> subs = conjugate_subspaces(net)
    >>> len(subs.permutations) * count_visible_symmetries(net)   # = 6!
    720
    >>> subs.permutations[:3].tolist()
    [[0, 1, 2, 3, 4, 5], [0, 1, 3, 2, 4, 5], [0, 1, 4, 2, 3, 5]]
    """
    L = np.asarray(net.weight_space.labels)
    h = L.shape[0]
    if h > MAX_HIDDEN_DEGREE:
        raise InvalidValueError(
            f"the hidden layer has {h} neurons; enumerating {h}! permutations is limited to "
            f"h <= {MAX_HIDDEN_DEGREE}")
    seen = {}
    for p in itertools.permutations(range(h)):
        img = np.empty_like(L)
        img[list(p)] = L
        key = _canonical(img).tobytes()
        if key not in seen:
            seen[key] = (p, img)
    perms = np.array([v[0] for v in seen.values()], dtype=np.int64)
    labels = np.array([v[1] for v in seen.values()], dtype=np.int64)
    perms.setflags(write=False)
    labels.setflags(write=False)
    return ConjugateSubspaces(perms, labels)


def _check_W(net, W, name):
    h, d = net.weight_space.shape
    try:
        W = np.asarray(W, dtype=float)
    except (TypeError, ValueError):
        raise ShapeError(f"{name} must be an array of real numbers of shape ({h}, {d})") from None
    if W.shape != (h, d):
        raise ShapeError(f"{name} has shape {W.shape} but the network's weights have shape ({h}, {d})")
    if not np.isfinite(W).all():
        raise NonFiniteError(f"{name} holds NaN or infinity; pass finite numbers only")
    return W


def identify_hidden_rep(net, W, tol=1e-4, subspaces=None):
    """The hidden permutation sigma with W in sigma Theta~ (within ``tol``), or None.

    Parameters
    ----------
    net : TwoLayerNet
    W : array_like, shape (h, d)
    tol : float, default 1e-4
        Largest Frobenius distance accepted.
    subspaces : ConjugateSubspaces, optional
        Reuse an enumeration from :func:`conjugate_subspaces`.

    Returns
    -------
    tuple of int or None
        The representative (lexicographically smallest in its coset sigma P~)
        of the nearest conjugate subspace; the identity when W is in Theta~
        (ties go to the earliest permutation).  ``sigma[i]`` is the new
        position of neuron i.  The hidden representation W realises is then
        sigma Y sigma^-1.

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> V = net.random_weights(seed=0)
    >>> identify_hidden_rep(net, V)
    (0, 1, 2, 3, 4, 5)
    >>> W = np.empty_like(V); W[[1, 2, 0, 3, 4, 5]] = V     # a 3-cycle of the natural rows
    >>> identify_hidden_rep(net, W)
    (1, 2, 0, 3, 4, 5)
    >>> identify_hidden_rep(net, np.random.default_rng(0).normal(size=(6, 5))) is None
    True
    """
    W = _check_W(net, W, "W")
    subs = conjugate_subspaces(net) if subspaces is None else subspaces
    dist = subs.distances(W)
    s = int(np.argmin(dist))
    if dist[s] > tol:
        return None
    return tuple(int(x) for x in subs.permutations[s])


@dataclass(frozen=True, eq=False)
class RelaxResult:
    """Trajectory of unconstrained training from a constrained minimum.

    Attributes
    ----------
    method : str
        ``"lbfgs"``, ``"gd"`` or ``"gd+lbfgs"`` (gradient descent with the
        L-BFGS polish).
    weights : ndarray, shape (n, h, d)
        Recorded iterates; row 0 is the constrained minimum, row 1 the escape
        step.
    loss : ndarray, shape (n,)
    distances : ndarray, shape (n, m)
        Distance to each conjugate subspace (``subspaces.permutations``).
    equivariance_error : ndarray, shape (n,)
        ``distances.min(axis=1)``.
    hessian_steps : ndarray of int, shape (p,)
        Indices into the trajectory where the Hessian was evaluated (always
        the first and the last).
    hessian_min : ndarray, shape (p,)
        Smallest eigenvalue of the unconstrained Hessian there.
    sigma : tuple of int or None
        :func:`identify_hidden_rep` of the final weights (``tol`` of
        :func:`relax`).
    sigma_visible : bool or None
        Whether sigma is in P~ (then the network stayed in Theta~).
    subspaces : ConjugateSubspaces

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> from symtheory.landscape.training import spurious_minimum
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> V = net.random_weights(seed=1)
    >>> res = relax(net, V, spurious_minimum(net, V, grid=np.linspace(-3, 3, 31)).W)
    >>> res.method, res.loss.shape == res.equivariance_error.shape, res.sigma_visible
    ('lbfgs', True, False)
    """

    method: str
    weights: np.ndarray
    loss: np.ndarray
    distances: np.ndarray
    equivariance_error: np.ndarray
    hessian_steps: np.ndarray
    hessian_min: np.ndarray
    sigma: tuple
    sigma_visible: bool
    subspaces: ConjugateSubspaces

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1])

    @property
    def hessian_min_start(self) -> float:
        return float(self.hessian_min[0])

    @property
    def hessian_min_end(self) -> float:
        return float(self.hessian_min[-1])

    @property
    def final_weights(self) -> np.ndarray:
        return self.weights[-1]

    def equivariance_bump(self, tol=1e-4) -> bool:
        """Whether the equivariance error rises above ``10 tol`` and ends below ``tol``.

        Examples
        --------
        >>> from symtheory.networks.networks import TwoLayerNet
        >>> from symtheory.landscape.training import spurious_minimum
        >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
        >>> V = net.random_weights(seed=1)
        >>> relax(net, V, spurious_minimum(net, V, grid=np.linspace(-3, 3, 31)).W).equivariance_bump()
        True
        """
        e = self.equivariance_error
        return bool(e[0] <= tol and e.max() > 10 * tol and e[-1] < tol)


def _gradient_descent(start, V, activation, lr, steps, gtol, traj, check_every=50):
    """Plain GD from ``start``, appending to ``traj``; returns (W, None or the step that diverged)."""
    W = start.copy()
    L0 = float(expected_loss(start, V, activation))
    with np.errstate(over="ignore", invalid="ignore"):
        for n in range(1, steps + 1):
            G = loss_gradient(W, V, activation)
            if math.sqrt(float((G * G).sum())) < gtol:
                break
            W = W - lr * G
            if not np.isfinite(W).all():
                return W, n
            traj.append(W)
            if (n % check_every == 0 or n == steps) and diverged(expected_loss(W, V, activation), L0):
                return W, n
    return W, None


def _min_eig(W, V, activation):
    return float(np.linalg.eigvalsh(loss_hessian(W, V, activation))[0])


#: Most floats of a relaxation trajectory (steps x h x d): 2.5 * 10**7 is 200 MB.
TRAJECTORY_LIMIT = 25_000_000


def relax(net, teacher, W0, method="lbfgs", steps=None, lr=None, escape=1e-2,
          activation="relu", tol=1e-4, hessian_every=None, gtol=1e-12, subspaces=None,
          polish=False):
    """Unconstrained training from a constrained minimum, with the Fig. 7 diagnostics.

    Parameters
    ----------
    net : TwoLayerNet
    teacher : array_like, shape (h, d)
        Teacher weights (any matrix of the right shape).
    W0 : array_like, shape (h, d)
        Starting weights, normally ``spurious_minimum(net, teacher).W``.
    method : {"lbfgs", "gd"}, default "lbfgs"
        See the module docstring; both start with the escape step.
    steps : int, optional
        Most iterations: default 10000 for ``"lbfgs"``, 50000 for ``"gd"``.
    lr : float, optional
        Learning rate of ``"gd"``; default ``1 / lambda_max`` of the
        unconstrained Hessian at the escape point (the paper's figures pass
        its 0.1).
    escape : float, default 1e-2
        Length of the escape step along the most negative curvature
        direction (if no eigenvalue is negative, along the smallest one).
        ``0`` disables it.
    activation : {"relu", "erf"}
    tol : float, default 1e-4
        Tolerance of :func:`identify_hidden_rep` on the final weights.
    hessian_every : int, optional
        Record the smallest Hessian eigenvalue every this many iterates
        (default 1 for ``"lbfgs"``, 500 for ``"gd"``); first and last always.
    gtol : float, default 1e-12
        ``"lbfgs"``: projected-gradient tolerance; ``"gd"``: stop when the
        gradient norm falls below it.
    subspaces : ConjugateSubspaces, optional
        Reuse an enumeration.
    polish : bool, default False
        ``"gd"`` only: finish with L-BFGS from the last gradient step (its
        iterates are appended to the trajectory).

    Returns
    -------
    RelaxResult

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        Bad shapes, NaN/inf, unknown activation or method.
    DivergenceError
        ``"gd"`` diverged at the given ``lr`` (the message names one to try).

    Examples
    --------
    >>> from symtheory.networks.networks import TwoLayerNet
    >>> from symtheory.landscape.training import spurious_minimum
    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> V = net.random_weights(seed=3)
    >>> bad = spurious_minimum(net, V, grid=np.linspace(-3, 3, 31))
    >>> res = relax(net, V, bad.W, method="gd", steps=200)
    >>> res.loss.shape, bool(res.loss[-1] < res.loss[0])
    ((202,), True)
    """
    activation = _check_activation(activation)
    if method not in ("lbfgs", "gd"):
        raise UnknownNameError(f"unknown method {method!r}; use 'lbfgs' or 'gd'")
    V = _check_W(net, teacher, "teacher")
    W0 = _check_W(net, W0, "W0")
    h, d = W0.shape
    steps = check_int(steps if steps is not None else (10000 if method == "lbfgs" else 50000),
                      "steps", low=0, high=MAX_STEPS)
    every = check_int(hessian_every if hessian_every is not None else
                      (1 if method == "lbfgs" else 500), "hessian_every", low=1)
    auto = lr is None
    lr = 1.0 if auto else check_real(lr, "lr", low=0, strict=True)
    escape = check_real(escape, "escape")
    tol, gtol = check_real(tol, "tol", low=0), check_real(gtol, "gtol", low=0)
    check_entries((steps + 2) * h * d, "the trajectory", limit=TRAJECTORY_LIMIT)
    if steps < 0 or every < 1 or not (np.isfinite(lr) and lr > 0) or not np.isfinite(escape):
        raise InvalidValueError("steps must be >= 0, hessian_every >= 1, lr > 0 and escape finite")
    subs = conjugate_subspaces(net) if subspaces is None else subspaces

    traj = [W0]
    if escape > 0:
        ev, vecs = np.linalg.eigh(loss_hessian(W0, V, activation))
        v = vecs[:, 0].reshape(h, d)
        cands = [W0 + escape * v, W0 - escape * v]
        traj.append(min(cands, key=lambda W: float(expected_loss(W, V, activation))))
    start = traj[-1]

    def lbfgs(W_init, maxiter):
        def fun(x):
            W = x.reshape(h, d)
            return float(expected_loss(W, V, activation)), loss_gradient(W, V, activation).ravel()

        r = minimize(fun, W_init.ravel(), jac=True, method="L-BFGS-B",
                     callback=lambda x: traj.append(x.reshape(h, d).copy()),
                     options=dict(maxiter=maxiter, gtol=gtol, ftol=1e-22, maxcor=30))
        if not np.array_equal(traj[-1], r.x.reshape(h, d)):
            traj.append(r.x.reshape(h, d).copy())

    if method == "lbfgs":
        lbfgs(start, steps)
    else:
        lam = None
        if auto:
            lam = max(float(np.linalg.eigvalsh(loss_hessian(start, V, activation))[-1]), 1e-12)
            lr = 1.0 / lam
        head = list(traj)
        for backoff in range(11):
            traj[:] = head
            W, bad = _gradient_descent(start, V, activation, lr, steps, gtol, traj)
            if bad is None:
                break
            if not auto or backoff == 10:
                if lam is None:
                    lam = max(float(np.linalg.eigvalsh(loss_hessian(start, V, activation))[-1]), 1e-12)
                raise DivergenceError(
                    f"gradient descent diverged at lr={lr:.3g} (step {bad}: the loss became NaN/inf "
                    f"or grew above its start); try lr={suggested_learning_rate(lr, lam):.3g} "
                    f"(1/lambda_max at the start is {1 / lam:.3g})"
                    + ("" if auto else ", or lr=None to choose the step from the curvature"))
            lr /= 2.0
        if polish:
            lbfgs(W, 10000)
    weights = np.array(traj)
    loss = np.asarray(expected_loss(weights, V, activation), dtype=float)
    if method == "gd" and polish:
        method = "gd+lbfgs"

    n = len(weights)
    dist = subs.distances(weights)
    hsteps = np.unique(np.r_[np.arange(0, n, every), n - 1])
    hmin = np.array([_min_eig(weights[i], V, activation) for i in hsteps])
    sigma = identify_hidden_rep(net, weights[-1], tol, subs)
    visible = None if sigma is None else bool(is_visible_permutation(net, sigma))
    return RelaxResult(method, weights, loss, dist, dist.min(axis=1), hsteps, hmin,
                       sigma, visible, subs)
