r"""Exact Gaussian-input loss of a two-layer teacher-student network.

The network of the paper (Section 4) is

.. math:: f(x; W) = \sum_{i=1}^{h} s(w_i \cdot x), \qquad x \sim N(0, I_d),

with only the first-layer weights ``W`` (shape ``(h, d)``, rows ``w_i``)
trained.  A teacher ``V`` (shape ``(h', d)``, rows ``v_k``) labels the data,
and the loss is the population mean squared error, **without** a factor 1/2:

.. math::

    L(W) = E\Big[\Big(\sum_i s(w_i\cdot x) - \sum_k s(v_k\cdot x)\Big)^2\Big]
         = \sum_{i,j} K(w_i, w_j) - 2 \sum_{i,k} K(w_i, v_k)
           + \sum_{k,l} K(v_k, v_l),

where :math:`K(a, b) = E[s(a\cdot x)\, s(b\cdot x)]`.  Because
:math:`(a\cdot x, b\cdot x)` is a centred Gaussian pair with covariances
:math:`|a|^2, a\cdot b, |b|^2`, the kernel has a closed form for the two
activations supported here (:data:`ACTIVATIONS`):

``"relu"``, :math:`s(z) = \max(z, 0)`
    The arc-cosine kernel of degree one [1]_ (see also [2]_, where the
    population gradient below is derived):

    .. math:: K(a, b) = \frac{|a||b|}{2\pi}\big(\sin t + (\pi - t)\cos t\big),

    ``t`` the angle between ``a`` and ``b``.  On the diagonal
    :math:`K(w, w) = |w|^2/2`.  If ``a`` or ``b`` is the zero vector,
    :math:`K = 0`.

``"erf"``, :math:`s(z) = \operatorname{erf}(z/\sqrt 2)`
    The soft-committee kernel of Saad & Solla [3]_ (the integral is that of
    Williams [4]_):

    .. math:: K(a, b) = \frac{2}{\pi}\arcsin
              \frac{a\cdot b}{\sqrt{(1+|a|^2)(1+|b|^2)}},

    so :math:`K(w, w) = \frac{2}{\pi}\arcsin\frac{|w|^2}{1+|w|^2}`.

Derivatives
-----------
Write :math:`b_\perp = b - \frac{a\cdot b}{|a|^2} a` (the part of ``b``
orthogonal to ``a``), :math:`e = b_\perp/|b_\perp|` and
:math:`\hat a = a/|a|`.  For ReLU ([2]_, eq. 4)

.. math::

    \partial_a K &= \tfrac{1}{2\pi}\big((\pi - t)\, b + |b|\sin t\, \hat a\big),\\
    \partial_a^2 K &= \tfrac{1}{2\pi |a|}\big(|b_\perp| (I - \hat a\hat a^T)
                      + b_\perp b_\perp^T / |b_\perp|\big),\\
    \partial_a\partial_b K &= \tfrac{1}{2\pi}\big((\pi - t) I
          + \sin t\cos t\,(\hat a\hat a^T - e e^T)
          + \sin^2 t\,(\hat a e^T + e\hat a^T)\big).

All three extend continuously to parallel (``t = 0``) and antiparallel
(``t = pi``) pairs, where ``b_perp = 0`` and the terms containing ``e``
vanish: there :math:`\partial_a^2 K = 0` and :math:`\partial_a\partial_b K`
is ``I/2`` (``t = 0``) or ``0`` (``t = pi``).  These limits *are* the second
derivatives: away from zero vectors the ReLU kernel is twice continuously
differentiable (along the angle it behaves like :math:`\pi - \pi t^2/2 +
|t|^3/3`), only its third derivatives jump at parallel and antiparallel
pairs.  At a zero vector ``a = 0`` the kernel :math:`K(a, b) = |a|
K(\hat a, b)` is not differentiable; we use the convention that every
cross term ``K(a, b)`` with ``a = 0`` or ``b = 0`` contributes **zero** to
the gradient and to the Hessian (it is the constant zero function when
``b = 0``; when ``a = 0`` zero is our choice of subgradient).  The diagonal
term :math:`|w|^2/2` is smooth everywhere and always contributes ``w`` and
``I``.  Nothing returns NaN for finite input.

For erf, with :math:`P = 1+|a|^2`, :math:`Q = 1+|b|^2`, :math:`c = a\cdot b`,
:math:`D = PQ - c^2 \ge 1` and :math:`N = b - (c/P)\, a`,

.. math::

    \partial_a K &= \tfrac{2}{\pi} N / \sqrt D,\\
    \partial_a^2 K &= \tfrac{2}{\pi}\Big(\big(-\tfrac{c}{P} I
        - \tfrac{a b^T}{P} + \tfrac{2c}{P^2} a a^T\big)/\sqrt D
        - N (Q a - c b)^T / D^{3/2}\Big),\\
    \partial_a\partial_b K &= \tfrac{2}{\pi}\Big(\big(I - \tfrac{a a^T}{P}\big)
        /\sqrt D - P\, N N^T / D^{3/2}\Big).

This kernel is smooth everywhere (``D >= 1 + |a|^2 + |b|^2``).

The terms ``i == j`` of :math:`\sum_{i,j} K(w_i, w_j)` are always evaluated
through their own exact formulas (:math:`|w|^2/2`, resp. the arcsine of
:math:`|w|^2/(1+|w|^2)`, and their derivatives), never through the angle
formula, which is ill-conditioned at ``t = 0``.

Conventions
-----------
* ``W`` has shape ``(..., h, d)``; leading axes are batch axes (for example
  a whole ``(101, 101)`` grid of weight matrices).  ``V`` has shape
  ``(h', d)`` or ``(..., h', d)``; the batch shapes of ``W`` and ``V`` are
  broadcast against each other.  Either may have zero rows.
* Everything is computed in float64 by vectorised numpy; there are no Python
  loops over batch elements.
* :func:`loss_hessian` flattens ``W`` row-major: coordinate ``(i, k)`` of
  ``W`` is index ``i * d + k`` of the ``(h*d, h*d)`` Hessian.
* Constrained versions parametrise ``W = sum_k theta[k] * basis[k]``, i.e.
  ``np.einsum('...k,khd->...hd', theta, basis)``; ``basis`` is an array of
  shape ``(k, h, d)`` or any object with a ``basis_array()`` method returning
  one (for instance an equivariant weight space).
* Losses are clipped below at 0 (a sum of kernels can round to ``-1e-16``
  where the true loss vanishes).

References
----------
.. [1] Y. Cho and L. K. Saul, "Kernel methods for deep learning",
   NeurIPS 2009 (arc-cosine kernel, degree ``n = 1``).
.. [2] Y. Tian, "An analytical formula of population gradient for
   two-layered ReLU network and its applications in convergence and critical
   point analysis", ICML 2017.
.. [3] D. Saad and S. A. Solla, "On-line learning in soft committee
   machines", Phys. Rev. E 52, 4225 (1995).
.. [4] C. K. I. Williams, "Computation with infinite neural networks",
   Neural Computation 10, 1203 (1998).

Examples
--------
>>> import numpy as np
>>> V = np.array([[1.0, 0.0], [0.0, 2.0]])
>>> float(expected_loss(V, V))
0.0
>>> W = np.array([[3.0, 4.0]])                    # one neuron, |w| = 5
>>> float(expected_loss(W, np.zeros((0, 2))))     # E[relu(w.x)^2] = |w|^2/2
12.5
>>> loss_gradient(np.zeros((4, 3, 2, 2)), V).shape  # a batch of 4 x 3 points
(4, 3, 2, 2)
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erf as _erf

from ..exceptions import InvalidValueError, NonFiniteError, ShapeError, UnknownNameError
from ..validation import check_entries

#: Largest absolute value of a weight: the loss squares weights and sums
#: them, so 1e100 keeps every intermediate far from the float range (1.8e308).
MAX_ABS = 1e100
#: Most entries of the batched (m x m) kernel matrices one call may build.
KERNEL_LIMIT = 20_000_000

__all__ = [
    "ACTIVATIONS",
    "pair_kernel",
    "expected_loss",
    "loss_gradient",
    "loss_hessian",
    "constrained_loss",
    "constrained_gradient",
    "constrained_hessian",
    "monte_carlo_loss",
]

#: Names of the supported activations; ``"erf"`` means ``erf(z / sqrt(2))``.
ACTIVATIONS = ("relu", "erf")

_PI = np.pi
_TWO_PI = 2.0 * np.pi


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------
def _check_activation(activation):
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        known = ", ".join(repr(a) for a in ACTIVATIONS)
        raise UnknownNameError(
            f"unknown activation {activation!r}; use one of {known}")
    return activation


def _real_array(x, name, min_ndim, shape_text):
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):
        arr = None
    if arr is not None and arr.dtype.kind == "c":
        raise ShapeError(
            f"{name} holds complex numbers; pass a real array of shape {shape_text}")
    if arr is None or arr.dtype.kind not in "biuf":
        raise ShapeError(
            f"{name} must be a rectangular array of real numbers of shape "
            f"{shape_text}")
    arr = arr.astype(np.float64, copy=False)
    if arr.ndim < min_ndim:
        raise ShapeError(
            f"{name} has shape {arr.shape} but needs at least {min_ndim} axes, "
            f"shape {shape_text}")
    if not np.isfinite(arr).all():
        raise NonFiniteError(
            f"{name} holds NaN or infinity; pass finite numbers only")
    if arr.size and np.abs(arr).max() > MAX_ABS:  # squares and Gram sums would overflow
        raise InvalidValueError(
            f"{name} holds {np.abs(arr).max():.3g}, above {MAX_ABS:.0e} in absolute value; "
            "the loss would overflow; pass smaller numbers")
    return arr


def _prepare(W, V, activation, names=("W", "V")):
    """Validate and broadcast ``W`` and ``V`` to common batch axes."""
    nw, nv = names
    activation = _check_activation(activation)
    W = _real_array(W, nw, 2, "(..., h, d)")
    V = _real_array(V, nv, 2, "(h', d) or (..., h', d)")
    if W.shape[-1] < 1:
        raise ShapeError(
            f"{nw} has shape {W.shape}; the input dimension d must be at least 1")
    if V.shape[-1] != W.shape[-1]:
        raise ShapeError(
            f"{nw} has input dimension d={W.shape[-1]} but {nv} has "
            f"d={V.shape[-1]}; give {nw} shape (..., h, d) and {nv} shape "
            "(..., h', d) with the same d")
    try:
        batch = np.broadcast_shapes(W.shape[:-2], V.shape[:-2])
    except ValueError:
        raise ShapeError(
            f"the batch axes of {nw} {W.shape[:-2]} and {nv} {V.shape[:-2]} do "
            f"not broadcast; give {nv} no batch axes or batch axes matching "
            f"{nw}'s") from None
    m = W.shape[-2] + V.shape[-2]
    check_entries(math.prod(batch) * m * m, "the kernel matrices", limit=KERNEL_LIMIT)
    W = np.broadcast_to(W, batch + W.shape[-2:])
    V = np.broadcast_to(V, batch + V.shape[-2:])
    return W, V, activation


def _basis_array(basis):
    if hasattr(basis, "basis_array") and callable(basis.basis_array):
        basis = basis.basis_array()
    B = _real_array(basis, "basis", 3, "(k, h, d)")
    if B.ndim != 3:
        raise ShapeError(
            f"basis has shape {B.shape}; it must have shape (k, h, d): k weight "
            "matrices of shape (h, d)")
    return B


def _constrained_weights(theta, basis, V):
    B = _basis_array(basis)
    Vd = np.shape(V)[-1] if np.ndim(V) >= 2 else None
    if Vd is not None and Vd != B.shape[-1]:
        raise ShapeError(
            f"basis has weight matrices of shape {B.shape[1:]} (d={B.shape[-1]}) but "
            f"V has d={Vd}; give basis shape (k, h, d) and V shape (..., h', d) "
            "with the same d")
    theta = _real_array(theta, "theta", 1, "(..., k)")
    if theta.shape[-1] != B.shape[0]:
        raise ShapeError(
            f"theta has {theta.shape[-1]} coordinates on its last axis but the "
            f"basis has {B.shape[0]} elements; give theta shape (..., {B.shape[0]})")
    return np.einsum("...k,khd->...hd", theta, B), B


# ---------------------------------------------------------------------------
# kernels from Gram data
# ---------------------------------------------------------------------------
def _norms(X):
    return np.sqrt(np.einsum("...i,...i->...", X, X))


def _kernel(C, na, nb, activation):
    """K(a_i, b_j) from the Gram matrix ``C`` and the norms (off-diagonal formula).

    Pairs with a zero vector get ``cos t = 0`` and a zero prefactor, so K = 0.
    """
    if activation == "relu":
        inv_a = np.divide(1.0, na, out=np.zeros(na.shape), where=na > 0)
        inv_b = np.divide(1.0, nb, out=np.zeros(nb.shape), where=nb > 0)
        cos = C * inv_a[..., :, None]
        cos *= inv_b[..., None, :]
        np.clip(cos, -1.0, 1.0, out=cos)
        K = np.arccos(cos)
        np.subtract(_PI, K, out=K)
        K *= cos                                    # (pi - t) cos t
        sin = np.multiply(cos, cos, out=cos)
        np.subtract(1.0, sin, out=sin)
        np.sqrt(sin, out=sin)
        K += sin
        K *= na[..., :, None] * (nb / _TWO_PI)[..., None, :]
        return K
    P = np.sqrt(1.0 + na * na)  # square roots first: (1 + |a|^2)(1 + |b|^2) overflows at 1e100
    Q = np.sqrt(1.0 + nb * nb)
    arg = P[..., :, None] * Q[..., None, :]
    np.divide(C, arg, out=arg)
    np.clip(arg, -1.0, 1.0, out=arg)
    np.arcsin(arg, out=arg)
    arg *= 2.0 / _PI
    return arg


def _self_kernel(n2, activation):
    """Exact K(w, w) from the squared norm."""
    if activation == "relu":
        return 0.5 * n2
    return (2.0 / _PI) * np.arcsin(n2 / (1.0 + n2))


def _signs(h, hp):
    """Signs (+1 student, -1 teacher) and the gradient weights without self terms."""
    s = np.concatenate([np.ones(h), -np.ones(hp)])
    sw = np.tile(s, (h, 1))
    sw[np.arange(h), np.arange(h)] = 0.0
    return s, sw


def _stack(W, V):
    U = np.concatenate([W, V], axis=-2)
    return U, W @ np.swapaxes(U, -1, -2)


# ---------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------
def pair_kernel(A, B, activation):
    """Kernel ``K(a_i, b_j) = E[s(a_i . x) s(b_j . x)]`` for all pairs of rows.

    Parameters
    ----------
    A : array_like, shape (..., m, d)
        Rows ``a_i``.
    B : array_like, shape (..., n, d)
        Rows ``b_j``; batch axes broadcast against those of ``A``.
    activation : {"relu", "erf"}
        ``"erf"`` is ``erf(z / sqrt(2))``.

    Returns
    -------
    ndarray, shape (..., m, n)
        The closed forms of the module docstring (arc-cosine kernel [1]_ for
        ReLU, Saad-Solla arcsine kernel [3]_ for erf).  Pairs with a zero
        vector give 0.

    Raises
    ------
    ShapeError
        Fewer than two axes, different ``d``, or batch axes that do not
        broadcast.
    NonFiniteError
        NaN or infinity in ``A`` or ``B``.
    UnknownNameError
        ``activation`` is not in :data:`ACTIVATIONS`.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1.0, 0.0], [0.0, 0.0]])
    >>> B = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    >>> np.round(pair_kernel(A, B, "relu"), 6)          # 1/2, 1/(2 pi), 0
    array([[0.5     , 0.159155, 0.      ],
           [0.      , 0.      , 0.      ]])
    >>> round(float(pair_kernel(A, A, "erf")[0, 0]), 6)  # (2/pi) arcsin(1/2) = 1/3
    0.333333
    """
    A, B, activation = _prepare(A, B, activation, names=("A", "B"))
    C = A @ np.swapaxes(B, -1, -2)
    return _kernel(C, _norms(A), _norms(B), activation)


def expected_loss(W, V, activation="relu"):
    """Exact population loss ``E[(f(x; W) - f(x; V))^2]`` for ``x ~ N(0, I)``.

    Parameters
    ----------
    W : array_like, shape (..., h, d)
        Student first-layer weights (rows are neurons); leading axes batch.
    V : array_like, shape (h', d) or (..., h', d)
        Teacher weights.
    activation : {"relu", "erf"}, default "relu"

    Returns
    -------
    ndarray or numpy.float64, shape (...)
        The loss (no factor 1/2), a scalar when there are no batch axes.

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        As in :func:`pair_kernel`.

    Examples
    --------
    >>> import numpy as np
    >>> V = np.array([[1.0, 2.0, 0.0]])
    >>> float(expected_loss(2 * V, V))          # E[relu(v.x)^2] = |v|^2/2 = 2.5
    2.5
    >>> grid = np.stack([t * V for t in (0.0, 1.0, 2.0)])
    >>> expected_loss(grid, V, "relu").round(6)
    array([2.5, 0. , 2.5])
    >>> float(expected_loss(V, np.zeros((0, 3)), "erf"))  # (2/pi) arcsin(5/6)
    0.6271...
    """
    W, V, activation = _prepare(W, V, activation)
    h, hp = W.shape[-2], V.shape[-2]
    U = np.concatenate([W, V], axis=-2)
    C = U @ np.swapaxes(U, -1, -2)
    n2 = np.einsum("...ii->...i", C).copy()
    n = np.sqrt(n2)
    K = _kernel(C, n, n, activation)
    m = h + hp
    K[..., np.arange(m), np.arange(m)] = _self_kernel(n2, activation)
    s = np.concatenate([np.ones(h), -np.ones(hp)])
    L = (K @ s) @ s
    return np.maximum(L, 0.0)[()]


def loss_gradient(W, V, activation="relu"):
    """Analytic gradient ``dL/dW`` of :func:`expected_loss`.

    Parameters
    ----------
    W : array_like, shape (..., h, d)
    V : array_like, shape (h', d) or (..., h', d)
    activation : {"relu", "erf"}, default "relu"

    Returns
    -------
    ndarray, shape (..., h, d)
        ``2 sum_{j != i} dK(w_i, w_j)/dw_i - 2 sum_k dK(w_i, v_k)/dw_i +
        d K(w_i, w_i)/dw_i``.  For ReLU a zero row gets only the diagonal
        term ``w_i = 0`` (see the module docstring for the convention).

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        As in :func:`pair_kernel`.

    Examples
    --------
    >>> import numpy as np
    >>> V = np.array([[1.0, 0.0]])
    >>> loss_gradient(2 * V, V)        # L(tv) = (t-1)^2/2, so dL/dt = 1 at t = 2
    array([[1., 0.]])
    >>> G = loss_gradient(np.ones((101, 101, 6, 5)), np.ones((6, 5)), "erf")
    >>> G.shape, float(abs(G).max())
    ((101, 101, 6, 5), 0.0)
    """
    W, V, activation = _prepare(W, V, activation)
    h, hp = W.shape[-2], V.shape[-2]
    _, sw = _signs(h, hp)
    U, C = _stack(W, V)
    na2 = np.einsum("...i,...i->...", W, W)
    na = np.sqrt(na2)
    nu = _norms(U)
    if activation == "relu":
        # in-place arithmetic on the (..., h, h + h') pair arrays keeps a
        # (101, 101) grid in the milliseconds
        nz = na > 0
        inv_na = np.divide(1.0, na, out=np.zeros(na.shape), where=nz)
        inv_nu = np.divide(1.0, nu, out=np.zeros(nu.shape), where=nu > 0)
        cos = C * inv_na[..., :, None]
        cos *= inv_nu[..., None, :]
        np.clip(cos, -1.0, 1.0, out=cos)
        t = np.arccos(cos)
        sin = np.multiply(cos, cos, out=cos)
        np.subtract(1.0, sin, out=sin)
        np.sqrt(sin, out=sin)
        sin *= sw
        coef = (sin @ nu[..., :, None])[..., 0]                 # sum_j s_j |u_j| sin t
        np.subtract(_PI, t, out=t)
        t *= sw
        t *= nz[..., :, None]
        cross = t @ U                                           # sum_j s_j (pi - t) u_j
        cross += (coef * inv_na)[..., None] * W
        cross *= 1.0 / _PI
        cross += W                                              # d/dw |w|^2/2
        return cross
    P = 1.0 + na2
    Q = 1.0 + nu * nu
    D = P[..., :, None] * Q[..., None, :]
    D -= C * C
    np.sqrt(D, out=D)
    R = np.divide(sw, D, out=D)                                 # s_j / sqrt(D)
    RC = np.einsum("...pj,...pj->...p", R, C)
    cross = R @ U
    cross -= (RC / P)[..., None] * W
    cross += W / (P * np.sqrt(1.0 + 2.0 * na2))[..., None]     # d/dw K(w, w) * pi/4
    cross *= 4.0 / _PI
    return cross


def loss_hessian(W, V, activation="relu"):
    """Analytic Hessian of :func:`expected_loss` with respect to ``W``.

    Parameters
    ----------
    W : array_like, shape (..., h, d)
    V : array_like, shape (h', d) or (..., h', d)
    activation : {"relu", "erf"}, default "relu"

    Returns
    -------
    ndarray, shape (..., h*d, h*d)
        Symmetric; ``W`` is flattened row-major (``W[i, k]`` is index
        ``i*d + k``).  For ReLU, parallel and antiparallel pairs get the
        continuous limits (which are the true second derivatives), and cross
        terms with a zero vector contribute 0 (see the module docstring), so
        the result is finite for every finite input.

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        As in :func:`pair_kernel`.

    Examples
    --------
    >>> import numpy as np
    >>> V = np.array([[1.0, 0.0]])
    >>> loss_hessian(V, V)                         # at the teacher
    array([[1., 0.],
           [0., 0.]])
    >>> loss_hessian(np.zeros((1, 2)), V)          # zero neuron: diagonal term only
    array([[1., 0.],
           [0., 1.]])
    """
    W, V, activation = _prepare(W, V, activation)
    h, hp = W.shape[-2], V.shape[-2]
    d = W.shape[-1]
    batch = W.shape[:-2]
    _, sw = _signs(h, hp)
    U, C = _stack(W, V)
    na2 = np.einsum("...i,...i->...", W, W)
    na = np.sqrt(na2)
    nu = _norms(U)
    eye = np.eye(d)
    if activation == "relu":
        diag, mixed = _relu_hessian_blocks(W, U, C, na, nu, sw, eye, h)
    else:
        diag, mixed = _erf_hessian_blocks(W, U, C, na2, nu, sw, eye, h)
    H = 2.0 * mixed                                   # (..., p, q, k, l)
    H[..., np.arange(h), np.arange(h), :, :] = diag
    H = np.swapaxes(H, -3, -2).reshape(batch + (h * d, h * d))
    return 0.5 * (H + np.swapaxes(H, -1, -2))


def _relu_hessian_blocks(W, U, C, na, nu, sw, eye, h):
    nz = na > 0
    inv_na = np.divide(1.0, na, out=np.zeros(na.shape), where=nz)
    what = W * inv_na[..., None]
    coef = C * (inv_na * inv_na)[..., None]
    BP = U[..., None, :, :] - coef[..., None] * W[..., :, None, :]   # b_perp
    nbp = _norms(BP)
    # sum_j s_j d^2 K(w_p, u_j)/dw_p^2  (self term excluded by sw)
    s1 = np.einsum("...pj,...pj->...p", sw * nz[..., :, None], nbp)
    wt = np.divide(sw, nbp, out=np.zeros(nbp.shape), where=nbp > 0)
    outer = np.einsum("...pj,...pjk,...pjl->...pkl", wt, BP, BP)
    proj = eye - what[..., :, None] * what[..., None, :]
    haa = (s1[..., None, None] * proj + outer) * (inv_na / _TWO_PI)[..., None, None]
    diag = 2.0 * haa + eye
    # mixed blocks for student pairs (p, q)
    BPw = BP[..., :h, :]
    nbw = nbp[..., :h]
    nq = nu[..., None, :h]
    ok = nz[..., :, None] & (nq > 0)
    t = np.arctan2(nbw, coef[..., :h] * na[..., :, None])
    t = np.where(ok, t, 0.0)
    sin, cos = np.sin(t), np.cos(t)
    e = np.divide(BPw, nbw[..., None], out=np.zeros(BPw.shape), where=nbw[..., None] > 0)
    a = np.broadcast_to(what[..., :, None, :], e.shape)
    aa = a[..., :, None] * a[..., None, :]
    ee = e[..., :, None] * e[..., None, :]
    ae = a[..., :, None] * e[..., None, :]
    mixed = ((_PI - t)[..., None, None] * eye
             + (sin * cos)[..., None, None] * (aa - ee)
             + (sin * sin)[..., None, None] * (ae + np.swapaxes(ae, -1, -2)))
    mixed *= (ok / _TWO_PI)[..., None, None]
    return diag, mixed


def _erf_hessian_blocks(W, U, C, na2, nu, sw, eye, h):
    P = 1.0 + na2
    Q = 1.0 + nu * nu
    D = P[..., :, None] * Q[..., None, :] - C * C
    sqD = np.sqrt(D)
    r = sw / sqD
    q = sw / (D * sqD)
    src = np.einsum("...pj,...pj->...p", r, C)
    srb = r @ U
    cP = C / P[..., :, None]
    N = U[..., None, :, :] - cP[..., None] * W[..., :, None, :]
    M = Q[..., None, :, None] * W[..., :, None, :] - C[..., None] * U[..., None, :, :]
    T = np.einsum("...pj,...pjk,...pjl->...pkl", q, N, M)
    ww = W[..., :, None] * W[..., None, :]
    Pb = P[..., None, None]
    haa = (2.0 / _PI) * (-(src / P)[..., None, None] * eye
                         - W[..., :, None] * srb[..., None, :] / Pb
                         + 2.0 * (src / P**2)[..., None, None] * ww
                         - T)
    phi = 1.0 / (P * np.sqrt(1.0 + 2.0 * na2))
    dphi = -phi * (1.0 / P + 1.0 / (1.0 + 2.0 * na2))
    dself = (4.0 / _PI) * (phi[..., None, None] * eye + 2.0 * dphi[..., None, None] * ww)
    diag = 2.0 * haa + dself
    Nw = N[..., :h, :]
    Dw = D[..., :h]
    sqDw = sqD[..., :h]
    mixed = (2.0 / _PI) * (
        (eye - ww / Pb)[..., :, None, :, :] / sqDw[..., None, None]
        - (P[..., :, None] / (Dw * sqDw))[..., None, None]
        * Nw[..., :, None] * Nw[..., None, :])
    return diag, mixed


def constrained_loss(theta, basis, V, activation="relu"):
    """Loss on a linear subspace: ``expected_loss(sum_k theta_k basis_k, V)``.

    Parameters
    ----------
    theta : array_like, shape (..., k)
        Coordinates; leading axes batch.
    basis : array_like of shape (k, h, d), or object with ``basis_array()``
        The weight matrices spanning the subspace.
    V : array_like, shape (h', d) or (..., h', d)
    activation : {"relu", "erf"}, default "relu"

    Returns
    -------
    ndarray or numpy.float64, shape (...)

    Raises
    ------
    ShapeError
        ``basis`` not of shape ``(k, h, d)``, ``theta.shape[-1] != k``, or
        ``V`` with another ``d``.
    NonFiniteError, UnknownNameError
        As in :func:`pair_kernel`.

    Examples
    --------
    >>> import numpy as np
    >>> basis = np.array([[[1.0, 0.0]], [[0.0, 1.0]]])   # all of R^(1x2)
    >>> V = np.array([[1.0, 0.0]])
    >>> float(constrained_loss([1.0, 0.0], basis, V))
    0.0
    >>> constrained_loss([[0.0, 0.0], [2.0, 0.0]], basis, V).tolist()
    [0.5, 0.5]
    """
    Wt, _ = _constrained_weights(theta, basis, V)
    return expected_loss(Wt, V, activation)


def constrained_gradient(theta, basis, V, activation="relu"):
    """Gradient of :func:`constrained_loss` in ``theta`` (chain rule).

    ``dL/dtheta_k = <dL/dW, basis_k>`` (Frobenius product).

    Parameters
    ----------
    theta : array_like, shape (..., k)
    basis : array_like of shape (k, h, d), or object with ``basis_array()``
    V : array_like, shape (h', d) or (..., h', d)
    activation : {"relu", "erf"}, default "relu"

    Returns
    -------
    ndarray, shape (..., k)

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        As in :func:`constrained_loss`.

    Examples
    --------
    >>> import numpy as np
    >>> basis = np.array([[[1.0, 0.0]], [[0.0, 1.0]]])
    >>> constrained_gradient([2.0, 0.0], basis, np.array([[1.0, 0.0]]))
    array([1., 0.])
    """
    Wt, B = _constrained_weights(theta, basis, V)
    G = loss_gradient(Wt, V, activation)
    return np.einsum("...hd,khd->...k", G, B)


def constrained_hessian(theta, basis, V, activation="relu"):
    """Hessian of :func:`constrained_loss` in ``theta``: ``B H B^T``.

    ``B`` is the basis flattened to shape ``(k, h*d)`` and ``H`` the
    :func:`loss_hessian` at ``W = theta @ B``.

    Parameters
    ----------
    theta : array_like, shape (..., k)
    basis : array_like of shape (k, h, d), or object with ``basis_array()``
    V : array_like, shape (h', d) or (..., h', d)
    activation : {"relu", "erf"}, default "relu"

    Returns
    -------
    ndarray, shape (..., k, k)

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        As in :func:`constrained_loss`.

    Examples
    --------
    >>> import numpy as np
    >>> basis = np.array([[[1.0, 0.0]], [[0.0, 1.0]]])
    >>> constrained_hessian([1.0, 0.0], basis, np.array([[1.0, 0.0]]))
    array([[1., 0.],
           [0., 0.]])
    """
    Wt, B = _constrained_weights(theta, basis, V)
    H = loss_hessian(Wt, V, activation)
    Bf = B.reshape(B.shape[0], -1)
    return np.einsum("ka,...ab,lb->...kl", Bf, H, Bf)


def monte_carlo_loss(W, V, activation, n_samples=10**6, seed=0):
    """Monte Carlo estimate of the loss, a reference for the closed forms.

    Draws ``n_samples`` inputs ``x ~ N(0, I_d)`` from
    ``numpy.random.default_rng(seed)`` in chunks (memory stays bounded) and
    averages ``(f(x; W) - f(x; V))^2``; every batch element sees the same
    samples.

    Parameters
    ----------
    W : array_like, shape (..., h, d)
    V : array_like, shape (h', d) or (..., h', d)
    activation : {"relu", "erf"}
    n_samples : int, default 10**6
        At least 2.
    seed : int, default 0

    Returns
    -------
    mean, standard_error : ndarray or numpy.float64, shape (...)
        The sample mean and its standard error ``std / sqrt(n_samples)``
        (sample standard deviation with ``ddof=1``).

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        As in :func:`pair_kernel`; ``ShapeError`` also if ``n_samples < 2``.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1.0, 0.0]])
    >>> mean, se = monte_carlo_loss(W, np.zeros((0, 2)), "relu", 10**5, seed=1)
    >>> bool(abs(mean - 0.5) < 4 * se)                  # exact value |w|^2/2
    True
    """
    W, V, activation = _prepare(W, V, activation)
    n_samples = int(n_samples)
    if n_samples < 2:
        raise ShapeError(f"n_samples must be at least 2, got {n_samples}")
    d = W.shape[-1]
    batch = W.shape[:-2]
    size = int(np.prod(batch, dtype=np.int64))
    width = max(1, size * (W.shape[-2] + V.shape[-2]))
    chunk = int(max(256, min(n_samples, 2**22 // width)))
    act = ((lambda z: np.maximum(z, 0.0)) if activation == "relu"
           else (lambda z: _erf(z / np.sqrt(2.0))))
    Wt = np.swapaxes(W, -1, -2)
    Vt = np.swapaxes(V, -1, -2)
    rng = np.random.default_rng(seed)
    count = 0
    mean = np.zeros(batch)
    m2 = np.zeros(batch)
    while count < n_samples:
        n = min(chunk, n_samples - count)
        x = rng.standard_normal((n, d))
        y = (act(x @ Wt).sum(axis=-1) - act(x @ Vt).sum(axis=-1)) ** 2   # (..., n)
        cmean = y.mean(axis=-1)
        cm2 = ((y - cmean[..., None]) ** 2).sum(axis=-1)
        total = count + n
        delta = cmean - mean
        mean = mean + delta * (n / total)
        m2 = m2 + cm2 + delta**2 * (count * n / total)
        count = total
    se = np.sqrt(m2 / (n_samples - 1) / n_samples)
    return mean[()], se[()]
