r"""Hessian-vector products of the exact teacher-student loss, without the dense Hessian.

The dense Hessian of :func:`~symtheory.landscape.loss.loss_hessian` has
``(h d)^2`` entries; an eigen-decomposition by isotypic blocks
(:mod:`symtheory.landscape.spectrum`) only needs ``H x`` for a few
directions x.  For ReLU the ``d x d`` blocks of the loss module's docstring
(Tian's closed forms) are applied to x directly, in O(m h (h + h') d) for m
directions.  Same conventions as :func:`~symtheory.landscape.loss.loss_hessian`
(row-major flattening, zero vectors, parallel pairs).

Examples
--------
>>> import numpy as np
>>> hessian_vector_product(np.eye(2), np.eye(2), np.eye(2)).round(4).tolist()
[[1.3183, 0.5], [0.5, 1.3183]]
"""

from __future__ import annotations

import numpy as np

from ..exceptions import ShapeError
from .loss import (_PI, _TWO_PI, _norms, _prepare, _real_array, _signs, _stack, loss_hessian)

__all__ = ["hessian_vector_product"]


def hessian_vector_product(W, V, X, activation="relu"):
    """The products ``H X`` of :func:`loss_hessian` at one W with a batch of directions.

    For ReLU the blocks of the module docstring are applied to ``X`` without
    forming H: O(m h (h + h') d) work for m directions instead of the
    O(h^2 d^2) of the dense Hessian (what makes isotypic spectra cheap at
    h = d = 50).  For erf the dense Hessian is multiplied.

    Parameters
    ----------
    W : array_like, shape (h, d)
        One weight matrix (no batch axes).
    V : array_like, shape (h', d)
    X : array_like, shape (m, h, d) or (h, d)
        Directions, laid out like W.
    activation : {"relu", "erf"}, default "relu"

    Returns
    -------
    ndarray, the shape of X
        ``(H x)`` reshaped like W, with the same conventions as
        :func:`loss_hessian` (zero vectors, parallel pairs).

    Raises
    ------
    ShapeError, NonFiniteError, UnknownNameError
        As in :func:`pair_kernel`; ``ShapeError`` also if X does not end in (h, d).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> W, V, X = rng.normal(size=(3, 2)), np.eye(2), rng.normal(size=(4, 3, 2))
    >>> H = loss_hessian(W, V)
    >>> bool(np.allclose(hessian_vector_product(W, V, X), (X.reshape(4, 6) @ H).reshape(4, 3, 2)))
    True
    """
    W, V, activation = _prepare(W, V, activation)
    if W.ndim != 2:
        raise ShapeError(f"W has shape {W.shape}; give one matrix of shape (h, d)")
    h, d = W.shape
    X = _real_array(X, "X", 2, f"(m, {h}, {d})")
    single = X.ndim == 2
    X = X[None] if single else X
    if X.ndim != 3 or X.shape[1:] != (h, d):
        raise ShapeError(f"X has shape {X.shape}; give directions of shape (m, {h}, {d})")
    if activation == "erf" or h == 0:
        H = loss_hessian(W, V, activation)
        out = (X.reshape(len(X), h * d) @ H).reshape(X.shape)
        return out[0] if single else out
    hp = V.shape[0]
    _, sw = _signs(h, hp)
    U, C = _stack(W, V)
    na = _norms(W)
    nu = _norms(U)
    nz = na > 0
    inv_na = np.divide(1.0, na, out=np.zeros(na.shape), where=nz)
    what = W * inv_na[:, None]
    coef = C * (inv_na * inv_na)[:, None]
    BP = U[None, :, :] - coef[:, :, None] * W[:, None, :]              # (h, h+h', d)
    nbp = _norms(BP)
    s1 = np.einsum("pj,pj->p", sw * nz[:, None], nbp)
    wt = np.divide(sw, nbp, out=np.zeros(nbp.shape), where=nbp > 0)
    # diagonal blocks: 2 haa + I
    ax = np.einsum("pd,mpd->mp", what, X)
    proj_x = X - ax[:, :, None] * what[None]
    bx = np.einsum("pjd,mpd->mpj", BP, X)
    outer_x = np.einsum("pj,mpj,pjd->mpd", wt, bx, BP)
    out = X + (2.0 / _TWO_PI) * inv_na[None, :, None] * (s1[None, :, None] * proj_x + outer_x)
    # mixed blocks for student pairs p != q
    BPw = BP[:, :h, :]
    nbw = nbp[:, :h]
    ok = nz[:, None] & (nu[None, :h] > 0)
    ok[np.arange(h), np.arange(h)] = False
    t = np.where(ok, np.arctan2(nbw, coef[:, :h] * na[:, None]), 0.0)
    sin, cos = np.sin(t), np.cos(t)
    e = np.divide(BPw, nbw[:, :, None], out=np.zeros(BPw.shape), where=nbw[:, :, None] > 0)
    f = ok / _TWO_PI
    a_xq = np.einsum("pd,mqd->mpq", what, X)                           # a_p . x_q
    e_xq = np.einsum("pqd,mqd->mpq", e, X)                             # e_pq . x_q
    sc, ss = f * sin * cos, f * sin * sin
    mixed = np.einsum("pq,mqd->mpd", f * (_PI - t), X)
    mixed += np.einsum("pq,mpq->mp", sc, a_xq)[:, :, None] * what[None]
    mixed -= np.einsum("pq,mpq,pqd->mpd", sc, e_xq, e)
    mixed += np.einsum("pq,mpq->mp", ss, e_xq)[:, :, None] * what[None]
    mixed += np.einsum("pq,mpq,pqd->mpd", ss, a_xq, e)
    out += 2.0 * mixed
    return out[0] if single else out
