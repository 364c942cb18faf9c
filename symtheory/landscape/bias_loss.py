r"""Exact Gaussian-input loss of a one-hidden-layer network *with biases*.

The network is f(x) = sum_i o_i s(w_i . x + b_i) (output weights o_i: fixed
multiplicities for the plain sum, or the columns of a trained U in R^z), x ~
N(0, I_d), and the loss is E[|f_student - f_teacher|^2] (no factor 1/2).
Writing every neuron of student and teacher as theta_i = (w_i, b_i) with
output vector o_i (teacher's negated), the loss is
sum_{ij} (o_i . o_j) K(theta_i, theta_j), where for the Gaussian pair
(X_1, X_2) = (w . x + b, v . x + c), of covariances S_a = |w|^2, C = w . v,
S_b = |v|^2 and means b, c,

ReLU, s(z) = max(z, 0)
    K = E[X_1 X_2; X_1 > 0, X_2 > 0], the second moment of a truncated
    bivariate normal [1]_: with s_1 = |w|, s_2 = |v|, rho = C / (s_1 s_2),
    r = sqrt(1 - rho^2), alpha = b / s_1, gamma = c / s_2 and
    A_1 = Phi((gamma - rho alpha)/r), A_2 = Phi((alpha - rho gamma)/r),

    K = s_1 s_2 E[Z_1 Z_2; A] + b s_2 E[Z_2; A] + c s_1 E[Z_1; A] + b c P with
    A = {Z_1 > -alpha, Z_2 > -gamma}, P = Phi_2(alpha, gamma; rho) the orthant
    probability P(X_1 > 0, X_2 > 0), E[Z_1; A] = phi(alpha) A_1 +
    rho phi(gamma) A_2 (and symmetrically), and E[Z_1 Z_2; A] = rho P -
    rho alpha phi(alpha) A_1 - rho gamma phi(gamma) A_2 + r phi(sqrt D) /
    sqrt(2 pi), D = (alpha^2 - 2 rho alpha gamma + gamma^2) / r^2.
erf, s(z) = erf(z / sqrt 2) = 2 Phi(z) - 1
    E[Phi(X_1) Phi(X_2)] = P(Y_1 - X_1 <= 0, Y_2 - X_2 <= 0) for independent
    standard normal Y, so with P' = 1 + S_a, Q' = 1 + S_b,

    .. math::
        K = 4 \Phi_2\big(b/\sqrt{P'}, c/\sqrt{Q'}; C/\sqrt{P'Q'}\big)
            - 2\Phi(b/\sqrt{P'}) - 2\Phi(c/\sqrt{Q'}) + 1,

    which reduces to Williams' (2/pi) arcsin(C / sqrt(P'Q')) [2]_ at zero
    biases.  So erf with biases has a closed form of the same kind as ReLU
    (in Phi_2); no elementary one exists, because Phi_2 at nonzero
    arguments is not elementary.

Phi_2 is evaluated exactly through Owen's T function (scipy.special.owens_t)
[3]_: Phi_2(h, k; rho) = (Phi(h) + Phi(k))/2 - T(h, a_h) - T(k, a_k) - beta.

Gradients come from Price's theorem [4]_: dK/dC = E[s'(X_1) s'(X_2)], dK/db =
E[s'(X_1) s(X_2)], dK/dS_a = E[s''(X_1) s(X_2)] / 2 (for ReLU, s'' is a delta:
the density of X_1 at 0 times E[X_2^+ | X_1 = 0]); for erf the derivatives
of the Phi_2 form by the chain rule.  Diagonal terms (a neuron with itself)
use their own formulas.  A zero weight vector w is handled as the constant
X_1 = b (its derivative in S_a is taken as 0: the chain rule multiplies it
by 2w = 0).

References
----------
.. [1] S. Rosenbaum, "Moments of a truncated bivariate normal distribution",
   J. R. Stat. Soc. B 23, 405 (1961).
.. [2] C. K. I. Williams, "Computation with infinite neural networks",
   Neural Computation 10, 1203 (1998).
.. [3] D. B. Owen, "Tables for computing bivariate normal probabilities",
   Ann. Math. Statist. 27, 1075 (1956).
.. [4] R. Price, "A useful theorem for nonlinear devices having Gaussian
   inputs", IRE Trans. Inform. Theory 4, 69 (1958).

Examples
--------
>>> W, b = np.array([[1.0, 0.0]]), np.array([0.0])
>>> float(bias_expected_loss(W, b, np.zeros((0, 2)), np.zeros(0)))   # E[relu(z)^2] = 1/2
0.5
>>> round(float(bivariate_normal_cdf(0.0, 0.0, 0.5)), 6)              # 1/4 + arcsin(1/2)/(2 pi)
0.333333
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, owens_t

from ..exceptions import NonFiniteError, ShapeError
from .loss import _check_activation

__all__ = ["bivariate_normal_cdf", "bias_pair_kernel", "bias_expected_loss", "bias_loss_gradient"]

_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


def _pdf(z):
    return _INV_SQRT_2PI * np.exp(-0.5 * z * z)


def bivariate_normal_cdf(h, k, rho):
    """Phi_2(h, k; rho) = P(Z_1 <= h, Z_2 <= k) for standard normals of correlation rho.

    Exact through Owen's T function (broadcast over the arguments); rho = +-1
    take their limits Phi(min(h, k)) and max(0, Phi(h) + Phi(k) - 1).

    Examples
    --------
    >>> round(float(bivariate_normal_cdf(0.3, -0.2, 0.0)), 12) == round(float(ndtr(0.3) * ndtr(-0.2)), 12)
    True
    >>> float(bivariate_normal_cdf(0.5, 1.0, 1.0)) == float(ndtr(0.5))
    True
    """
    h, k, rho = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (h, k, rho)))
    rho = np.clip(rho, -1.0, 1.0)
    r = np.sqrt(np.maximum(1.0 - rho * rho, 0.0))
    ph, pk = ndtr(h), ndtr(k)
    with np.errstate(divide="ignore", invalid="ignore"):
        rs = np.where(r > 0, r, 1.0)
        hs = np.where(h != 0, h, 1.0)
        ks = np.where(k != 0, k, 1.0)
        general = (0.5 * (ph + pk) - owens_t(h, (k - rho * h) / (hs * rs))
                   - owens_t(k, (h - rho * k) / (ks * rs)) - np.where(h * k < 0, 0.5, 0.0))
        h0 = 0.5 * pk + owens_t(k, rho / rs)
        k0 = 0.5 * ph + owens_t(h, rho / rs)
    both0 = 0.25 + np.arcsin(rho) / (2.0 * np.pi)
    out = np.where(h == 0, np.where(k == 0, both0, h0), np.where(k == 0, k0, general))
    out = np.where(r > 0, out, np.where(rho > 0, np.minimum(ph, pk), np.maximum(ph + pk - 1.0, 0.0)))
    return np.clip(out, 0.0, 1.0)[()]


def _ratio(num, r):
    """num / r, with the limits +-inf (num != 0) and 0 (num == 0) at r == 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lim = np.where(num > 0, np.inf, np.where(num < 0, -np.inf, 0.0))
        q = np.where(r > 0, num / np.where(r > 0, r, 1.0), lim)
    return q


def _relu_terms(Sa, Sb, C, a, c):
    """K, dK/dSa, dK/dSb, dK/dC, dK/da, dK/dc for ReLU (off-diagonal formulas)."""
    s1, s2 = np.sqrt(Sa), np.sqrt(Sb)
    z1, z2 = s1 > 0, s2 > 0
    s1s, s2s = np.where(z1, s1, 1.0), np.where(z2, s2, 1.0)
    rho = np.where(z1 & z2, C / (s1s * s2s), 0.0)
    rho = np.clip(rho, -1.0, 1.0)
    r = np.sqrt(np.maximum(1.0 - rho * rho, 0.0))
    al, ga = a / s1s, c / s2s
    u1, u2 = _ratio(ga - rho * al, r), _ratio(al - rho * ga, r)
    A1, A2 = ndtr(u1), ndtr(u2)
    f1 = np.where(np.isfinite(u1), _pdf(np.where(np.isfinite(u1), u1, 0.0)), 0.0)
    f2 = np.where(np.isfinite(u2), _pdf(np.where(np.isfinite(u2), u2, 0.0)), 0.0)
    P = bivariate_normal_cdf(al, ga, rho)
    pa, pg = _pdf(al), _pdf(ga)
    EZ1 = pa * A1 + rho * pg * A2                     # E[Z1; A], truncation at (-alpha, -gamma)
    EZ2 = pg * A2 + rho * pa * A1
    with np.errstate(over="ignore", invalid="ignore"):
        D = np.where(r > 0, (al * al - 2 * rho * al * ga + ga * ga) / np.where(r > 0, r * r, 1.0),
                     np.inf)
    EZZ = rho * P - rho * al * pa * A1 - rho * ga * pg * A2 + r * _INV_SQRT_2PI * _pdf(np.sqrt(D))
    K = s1 * s2 * EZZ + a * s2 * EZ2 + c * s1 * EZ1 + a * c * P
    E1 = a * P + s1 * EZ1                               # E[X1; X1 > 0, X2 > 0]
    E2 = c * P + s2 * EZ2
    dSa = np.where(z1, pa / (2 * s1s) * s2 * ((ga - rho * al) * A1 + r * f1), 0.0)
    dSb = np.where(z2, pg / (2 * s2s) * s1 * ((al - rho * ga) * A2 + r * f2), 0.0)
    # zero weight vectors: X is the constant bias
    pos_a, pos_c = np.maximum(a, 0.0), np.maximum(c, 0.0)
    m2 = c * ndtr(ga) + s2 * pg                          # E[X2^+]
    m1 = a * ndtr(al) + s1 * pa
    K = np.where(~z1, pos_a * np.where(z2, m2, pos_c), np.where(~z2, pos_c * m1, K))
    P = np.where(~z1, (a > 0) * np.where(z2, ndtr(ga), c > 0),
                 np.where(~z2, (c > 0) * ndtr(al), P))
    E1 = np.where(~z1, pos_a * np.where(z2, ndtr(ga), c > 0), np.where(~z2, (c > 0) * m1, E1))
    E2 = np.where(~z2, pos_c * np.where(z1, ndtr(al), a > 0), np.where(~z1, (a > 0) * m2, E2))
    return K, dSa, dSb, P, E2, E1


def _erf_terms(Sa, Sb, C, a, c):
    Pp, Qp = 1.0 + Sa, 1.0 + Sb
    sp, sq = np.sqrt(Pp), np.sqrt(Qp)
    h, k = a / sp, c / sq
    rho = C / (sp * sq)
    r = np.sqrt(1.0 - rho * rho)
    K = 4 * bivariate_normal_cdf(h, k, rho) - 2 * ndtr(h) - 2 * ndtr(k) + 1
    Kh = 4 * _pdf(h) * ndtr((k - rho * h) / r) - 2 * _pdf(h)
    Kk = 4 * _pdf(k) * ndtr((h - rho * k) / r) - 2 * _pdf(k)
    Kr = 4 * np.exp(-(h * h - 2 * rho * h * k + k * k) / (2 * r * r)) / (2 * np.pi * r)
    dC = Kr / (sp * sq)
    dSa = -0.5 * (Kh * h + Kr * rho) / Pp
    dSb = -0.5 * (Kk * k + Kr * rho) / Qp
    return K, dSa, dSb, dC, Kh / sp, Kk / sq


def _gram(A, a, B, b):
    Sa = np.einsum("...id,...id->...i", A, A)
    Sb = np.einsum("...jd,...jd->...j", B, B)
    C = A @ np.swapaxes(B, -1, -2)
    return (np.broadcast_to(Sa[..., :, None], C.shape), np.broadcast_to(Sb[..., None, :], C.shape),
            C, np.broadcast_to(a[..., :, None], C.shape), np.broadcast_to(b[..., None, :], C.shape))


def _terms(A, a, B, b, activation, diagonal):
    Sa, Sb, C, aa, bb = _gram(A, a, B, b)
    if activation == "erf":
        return _erf_terms(Sa, Sb, C, aa, bb)
    K, dSa, dSb, dC, da, dc = (np.array(t, dtype=float) for t in _relu_terms(Sa, Sb, C, aa, bb))
    if diagonal:   # a neuron with itself: exact formulas (rho = 1 exactly)
        m = A.shape[-2]
        i = np.arange(m)
        S, bi = Sa[..., i, i], aa[..., i, i]
        s = np.sqrt(S)
        ss = np.where(s > 0, s, 1.0)
        al = np.where(s > 0, bi / ss, 0.0)
        Phi = np.where(s > 0, ndtr(al), bi > 0)
        pdf = np.where(s > 0, _pdf(np.where(s > 0, al, 0.0)), 0.0)
        K[..., i, i] = (bi * bi + S) * Phi + bi * s * pdf
        dSa[..., i, i] = 0.0
        dSb[..., i, i] = 0.0
        dC[..., i, i] = Phi
        da[..., i, i] = bi * Phi + s * pdf
        dc[..., i, i] = da[..., i, i]
    return K, dSa, dSb, dC, da, dc


def _array(x, name, ndim):
    arr = np.asarray(x, dtype=float)
    if arr.ndim < ndim:
        raise ShapeError(f"{name} needs at least {ndim} axes, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise NonFiniteError(f"{name} holds NaN or infinity; pass finite numbers only")
    return arr


def bias_pair_kernel(A, a, B, b, activation="relu"):
    """K[i, j] = E[s(A_i . x + a_i) s(B_j . x + b_j)] for x ~ N(0, I).

    Parameters
    ----------
    A : array_like (..., m, d); a : array_like (..., m)
    B : array_like (..., n, d); b : array_like (..., n)
    activation : {"relu", "erf"}

    Examples
    --------
    >>> A = np.array([[1.0, 0.0]])
    >>> round(float(bias_pair_kernel(A, [0.0], A, [0.0])[0, 0]), 6)          # relu: 1/2 (off-diagonal formula)
    0.5
    >>> round(float(bias_pair_kernel(A, [0.0], -A, [0.0], "erf")[0, 0]), 6)  # (2/pi) arcsin(-1/2)
    -0.333333
    """
    activation = _check_activation(activation)
    A, B = _array(A, "A", 2), _array(B, "B", 2)
    a, b = _array(a, "a", 1), _array(b, "b", 1)
    if A.shape[-1] != B.shape[-1] or a.shape[-1] != A.shape[-2] or b.shape[-1] != B.shape[-2]:
        raise ShapeError("give A (..., m, d), a (..., m), B (..., n, d), b (..., n) with one d")
    return _terms(A, a, B, b, activation, diagonal=False)[0]


def _prepare(W, b, V, c, out, out_teacher):
    W, V = _array(W, "W", 2), _array(V, "V", 2)
    b, c = _array(b, "b", 1), _array(c, "c", 1)
    h, hp = W.shape[-2], V.shape[-2]
    if V.shape[-1] != W.shape[-1] or b.shape[-1] != h or c.shape[-1] != hp:
        raise ShapeError(f"give W (..., h, d), b (..., h), V (h', d), c (h',) with one d; got "
                         f"{W.shape}, {b.shape}, {V.shape}, {c.shape}")
    O = np.ones((h, 1)) if out is None else _array(out, "out", 1)
    Ot = np.ones((hp, 1)) if out_teacher is None else _array(out_teacher, "out_teacher", 1)
    # 1-D: multiplicities (h,); 2-D or more: trained U (..., z, h), used as (h, z) columns
    O = O[:, None] if out is not None and O.ndim == 1 else (O if out is None else np.swapaxes(O, -1, -2))
    Ot = Ot[:, None] if out_teacher is not None and Ot.ndim == 1 else (
        Ot if out_teacher is None else np.swapaxes(Ot, -1, -2))
    if O.shape[-2] != h or Ot.shape[-2] != hp:
        raise ShapeError(f"output weights must be multiplicities (h,) or U (z, h) for h = {h}, "
                         f"and (h',) or (z, h') for the teacher's h' = {hp}")
    batch = np.broadcast_shapes(W.shape[:-2], b.shape[:-1], O.shape[:-2])
    W = np.broadcast_to(W, batch + W.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-1:])
    O = np.broadcast_to(O, batch + O.shape[-2:])
    if O.shape[-1] != Ot.shape[-1]:
        raise ShapeError("student and teacher output weights have different output sizes")
    X = np.concatenate([W, np.broadcast_to(V, batch + V.shape)], axis=-2)
    x = np.concatenate([b, np.broadcast_to(c, batch + c.shape)], axis=-1)
    M = np.concatenate([O, -np.broadcast_to(Ot, batch + Ot.shape)], axis=-2)
    return X, x, M, h


def bias_expected_loss(W, b, V, c, activation="relu", out=None, out_teacher=None):
    """Exact E[|f_student(x) - f_teacher(x)|^2], x ~ N(0, I), with biases.

    Parameters
    ----------
    W, b : student weights (..., h, d) and biases (..., h)
    V, c : teacher weights (h', d) and biases (h',)
    activation : {"relu", "erf"}
    out, out_teacher : array_like, optional
        Output weights: multiplicities (h,) for the plain sum (default ones)
        or trained U of shape (z, h).

    Examples
    --------
    >>> V, c = np.array([[1.0, -1.0]]), np.array([0.5])
    >>> float(bias_expected_loss(V, c, V, c))
    0.0
    >>> round(float(bias_expected_loss(np.zeros((1, 2)), [2.0], np.zeros((0, 2)), np.zeros(0), "erf")), 5)  # erf(sqrt 2)^2
    0.91107
    """
    activation = _check_activation(activation)
    X, x, M, _ = _prepare(W, b, V, c, out, out_teacher)
    K = _terms(X, x, X, x, activation, diagonal=True)[0]
    G = M @ np.swapaxes(M, -1, -2)
    return np.maximum(np.einsum("...ij,...ij->...", G, K), 0.0)[()]


def bias_loss_gradient(W, b, V, c, activation="relu", out=None, out_teacher=None):
    """Gradient of :func:`bias_expected_loss`: (dL/dW, dL/db, dL/dout).

    ``dL/dout`` has the shape of ``out`` as given ((h,) or (z, h)); it is the
    gradient in the output weights (ignore it for fixed multiplicities).

    Examples
    --------
    >>> V, c = np.array([[1.0, 0.0]]), np.array([0.0])
    >>> gW, gb, _ = bias_loss_gradient(2 * V, c, V, c)     # L(t v) = (t - 1)^2 / 2
    >>> gW.tolist(), float(gb[0]) > 0
    ([[1.0, 0.0]], True)
    """
    activation = _check_activation(activation)
    X, x, M, h = _prepare(W, b, V, c, out, out_teacher)
    K, dSa, _, dC, da, _ = _terms(X, x, X, x, activation, diagonal=True)
    G = M @ np.swapaxes(M, -1, -2)                  # (..., m, m)
    Gs = G[..., :h, :]
    gW = 2 * (2 * np.einsum("...ij,...ij->...i", Gs, dSa[..., :h, :])[..., None] * X[..., :h, :]
              + (Gs * dC[..., :h, :]) @ X)
    gb = 2 * np.einsum("...ij,...ij->...i", Gs, da[..., :h, :])
    gO = 2 * K[..., :h, :] @ M                       # (..., h, z)
    if out is not None and np.ndim(out) >= 2:
        gO = np.swapaxes(gO, -1, -2)
    else:
        gO = gO[..., 0]
    return gW, gb, gO
