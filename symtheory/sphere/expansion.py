"""Exact expansion of a polynomial-activation S^2 model in its weights.

When the activation of :class:`symtheory.sphere.model.S2Model` is a
polynomial ``sigma(z) = sum_j a_j z^j`` (the default ``"quadratic"``), the
harmonic coefficients of ``sigma(f)``, ``f = sum_i theta_i g_i``, are a
polynomial in the weights::

    c(theta) = sum_alpha theta^alpha C_alpha,
    C_alpha  = a_|alpha| multinomial(alpha) P[g_1^alpha_1 ... g_k^alpha_k]

with ``P`` the quadrature projection onto the harmonics of degree ``<= lmax``.
On a fixed sample the ``C_alpha`` are computed once
(:func:`polynomial_expansion`); afterwards an output costs ``O(n M K)``
(``M`` monomials, ``K`` harmonics) instead of ``O(n P K)`` (``P`` nodes), and
a whole landscape grid costs one small product per row.  The values are the
same quadrature sums regrouped, so they agree with the direct evaluation to
rounding; the tests hold the two paths against each other.

Examples
--------
>>> import numpy as np
>>> from symtheory.sphere.model import S2Model, sample_inputs
>>> m = S2Model((0, 3), lmax=4)
>>> x = sample_inputs(m.degrees, 8, seed=0)
>>> e = polynomial_expansion(m, x)
>>> len(e.exponents)                     # 1 + 2 + 3 monomials of degree <= 2
6
>>> bool(np.allclose(e.output([0.5, -1.0]), m.output([0.5, -1.0], x), rtol=1e-12))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..exceptions import ShapeError, UnknownNameError
from .harmonics import _finite
from .model import SPHERE_ACTIVATIONS, S2Model

__all__ = ["PolynomialExpansion", "polynomial_expansion"]


def polynomial_expansion(model: S2Model, x) -> "PolynomialExpansion":
    """Exact expansion of the coefficients in the weights on a fixed sample.

    For a polynomial activation ``sigma(z) = sum_j a_j z^j`` and
    ``f = sum_i theta_i g_i``, the coefficients are a polynomial in theta,
    ``c(theta) = sum_alpha theta^alpha C_alpha`` with
    ``C_alpha = a_|alpha| multinomial(alpha) P[g^alpha]`` (``P`` the
    quadrature projection).  Computing the ``C_alpha`` once makes every
    later output cost ``O(n M K)`` instead of ``O(n P K)``; the result
    agrees with :meth:`S2Model.output` to rounding (it is the same
    quadrature sum, regrouped by powers of theta).

    Parameters
    ----------
    model : S2Model
        With a polynomial activation (:attr:`Activation.coefficients`).
    x : array_like, shape (n, model.dim)

    Returns
    -------
    PolynomialExpansion

    Raises
    ------
    UnknownNameError
        If the activation is not a polynomial.

    Examples
    --------
    >>> from symtheory.sphere.model import sample_inputs
    >>> import numpy as np
    >>> m = S2Model((0, 2), lmax=4)
    >>> x = sample_inputs(m.degrees, 5, seed=0)
    >>> e = polynomial_expansion(m, x)
    >>> e.exponents.tolist()
    [[0, 0], [0, 1], [1, 0], [0, 2], [1, 1], [2, 0]]
    >>> bool(np.allclose(e.output([0.3, -1.2]), m.output([0.3, -1.2], x), rtol=1e-12))
    True
    """
    act = SPHERE_ACTIVATIONS[model.activation]
    if act.coefficients is None:
        raise UnknownNameError(
            f"activation {model.activation!r} is not a polynomial; use the quadrature path "
            "(model.output) or a polynomial activation such as 'quadratic'")
    F = model.features(x)
    k = act.degree
    exps = [e for d in range(k + 1) for e in _exponents(model.n_theta, d)]
    WY = model.quadrature.weights[:, None] * model._Y
    basis = np.empty((len(exps), F.shape[0], model._Y.shape[1]))
    for m, e in enumerate(exps):
        d = sum(e)
        coef = act.coefficients[d] * math.factorial(d) / math.prod(math.factorial(v) for v in e)
        g = np.full(F.shape[::2], coef)
        for i, v in enumerate(e):
            if v:
                g = g * F[:, i, :] ** v
        basis[m] = np.einsum("np,pk->nk", g, WY)
    return PolynomialExpansion(np.array(exps, dtype=int).reshape(len(exps), model.n_theta), basis)


def _exponents(n, d):
    """Multi-indices of n non-negative integers summing to d, in lexicographic order."""
    if n == 1:
        return [(d,)]
    return [(a,) + rest for a in range(d + 1) for rest in _exponents(n - 1, d - a)]


@dataclass(frozen=True, eq=False)
class PolynomialExpansion:
    """Coefficients of a polynomial-activation model as a polynomial in the weights.

    Built by :func:`polynomial_expansion` for a fixed sample:
    ``c(theta)[i] = sum_m theta^exponents[m] basis[m, i]``.

    Attributes
    ----------
    exponents : ndarray of int, shape (M, n_theta)
    basis : ndarray, shape (M, n, K)

    Examples
    --------
    >>> from symtheory.sphere.model import sample_inputs
    >>> import numpy as np
    >>> m = S2Model((0, 1), lmax=2)
    >>> x = sample_inputs(m.degrees, 4, seed=2)
    >>> e = polynomial_expansion(m, x)
    >>> e.n, e.n_theta
    (4, 2)
    >>> y, g = e.output_and_grad([0.5, 1.0])
    >>> y0, g0 = m.output_and_grad_from_features([0.5, 1.0], m.features(x))
    >>> bool(np.allclose(y, y0) and np.allclose(g, g0))
    True
    """

    exponents: np.ndarray
    basis: np.ndarray = field(repr=False)

    @property
    def n(self) -> int:
        """Sample size.

        Examples
        --------
        >>> from symtheory.sphere.model import sample_inputs
        >>> polynomial_expansion(S2Model((0, 1), lmax=1), sample_inputs((0, 1), 3)).n
        3
        """
        return int(self.basis.shape[1])

    @property
    def n_theta(self) -> int:
        """Number of weights.

        Examples
        --------
        >>> from symtheory.sphere.model import sample_inputs
        >>> polynomial_expansion(S2Model((0, 1), lmax=1), sample_inputs((0, 1), 3)).n_theta
        2
        """
        return int(self.exponents.shape[1])

    def monomials(self, theta) -> np.ndarray:
        """``theta^alpha`` for every exponent, shape ``(..., M)`` for theta ``(..., n_theta)``.

        Examples
        --------
        >>> from symtheory.sphere.model import sample_inputs
        >>> e = polynomial_expansion(S2Model((0, 1), lmax=1), sample_inputs((0, 1), 2))
        >>> e.monomials([2.0, 3.0]).tolist()
        [1.0, 3.0, 2.0, 9.0, 6.0, 4.0]
        """
        t = _finite(theta, "theta")
        if t.shape[-1:] != (self.n_theta,):
            raise ShapeError(f"theta must end with an axis of {self.n_theta} weights, got shape {t.shape}")
        return np.prod(t[..., None, :] ** self.exponents, axis=-1)

    def coefficients(self, theta) -> np.ndarray:
        """Coefficients ``c(theta)``, shape ``(n, K)``.

        Examples
        --------
        >>> from symtheory.sphere.model import sample_inputs
        >>> import numpy as np
        >>> m = S2Model((0, 1), lmax=1)
        >>> x = sample_inputs(m.degrees, 2)
        >>> c = polynomial_expansion(m, x).coefficients([1.0, 2.0])
        >>> bool(np.allclose(c, m.coefficients([1.0, 2.0], x)))
        True
        """
        return np.tensordot(self.monomials(theta), self.basis, axes=1)

    def output(self, theta) -> np.ndarray:
        """Outputs ``y(theta, x_i) = |c(theta)[i]|^2``, shape ``(n,)``.

        Examples
        --------
        >>> m = S2Model((0,), lmax=0, activation="square")
        >>> float(polynomial_expansion(m, [[1.0], [2.0]]).output([1.0])[1]) / (16 * 4 * 3.141592653589793)
        1.0
        """
        c = self.coefficients(theta)
        return np.einsum("nk,nk->n", c, c)

    def output_and_grad(self, theta):
        """Outputs ``(n,)`` and their gradients in theta ``(n, n_theta)``.

        Examples
        --------
        >>> from symtheory.sphere.model import sample_inputs
        >>> import numpy as np
        >>> m = S2Model((0, 3), lmax=3)
        >>> e = polynomial_expansion(m, sample_inputs(m.degrees, 3))
        >>> y, g = e.output_and_grad([0.2, 0.4])
        >>> fd = (e.output([0.2, 0.4 + 1e-6]) - e.output([0.2, 0.4 - 1e-6])) / 2e-6
        >>> bool(np.allclose(g[:, 1], fd, rtol=1e-6))
        True
        """
        t = _finite(theta, "theta")
        if t.shape != (self.n_theta,):
            raise ShapeError(f"theta must have shape ({self.n_theta},), got {t.shape}")
        c = self.coefficients(t)
        y = np.einsum("nk,nk->n", c, c)
        grad = np.empty((self.n, self.n_theta))
        for i in range(self.n_theta):
            e = self.exponents.copy()
            factor = e[:, i].astype(float)
            e[:, i] = np.maximum(e[:, i] - 1, 0)
            dm = factor * np.prod(t[None, :] ** e, axis=-1)
            dc = np.tensordot(dm, self.basis, axes=1)
            grad[:, i] = 2.0 * np.einsum("nk,nk->n", c, dc)
        return y, grad

    def outputs_grid(self, values_a, values_b, axes=(0, 1), base=None) -> np.ndarray:
        """Outputs on a grid of two weights, shape ``(len(values_a), len(values_b), n)``.

        Parameters
        ----------
        values_a, values_b : array_like, 1-d
        axes : pair of int
            The weights varied (rows, columns).
        base : array_like or None
            Values of the other weights (default zeros).

        Examples
        --------
        >>> from symtheory.sphere.model import sample_inputs
        >>> import numpy as np
        >>> m = S2Model((0, 2), lmax=2)
        >>> x = sample_inputs(m.degrees, 3)
        >>> Y = polynomial_expansion(m, x).outputs_grid([0.0, 1.0], [-1.0, 2.0])
        >>> Y.shape, bool(np.allclose(Y[1, 0], m.output([1.0, -1.0], x)))
        ((2, 2, 3), True)
        """
        a = np.asarray(_finite(values_a, "values_a"), dtype=float).ravel()
        b = np.asarray(_finite(values_b, "values_b"), dtype=float).ravel()
        i, j = (int(v) for v in axes)
        t = np.zeros(self.n_theta) if base is None else np.array(_finite(base, "base"), dtype=float)
        flat = self.basis.reshape(self.basis.shape[0], -1)             # (M, n K)
        out = np.empty((a.size, b.size, self.n))
        thetas = np.repeat(t[None, :], b.size, axis=0)
        thetas[:, j] = b
        for ia, ta in enumerate(a):
            thetas[:, i] = ta
            # einsum, not BLAS: multithreaded BLAS on these thin products is
            # slow on a busy 2-core machine, and the product is memory-bound
            c = np.einsum("bm,mj->bj", self.monomials(thetas), flat).reshape(b.size, self.n, -1)
            out[ia] = np.einsum("bnk,bnk->bn", c, c)
        return out
