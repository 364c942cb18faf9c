r"""The Hessian spectrum by isotypic blocks of a Young-type isotropy group.

If H <= Gamma fixes W, the Hessian of the Gamma-invariant loss at W commutes
with the action of H on R^{k x d} (differentiate ``L(h W) = L(W)`` twice).
By Schur's lemma, on the isotypic component of an irreducible H-module rho
(dimension delta, multiplicity mu) the Hessian is ``A_rho (x) I_delta`` for a
``mu x mu`` matrix A_rho: its eigenvalues are those of A_rho, each with
multiplicity delta, and ``sum_rho mu delta = k d``.  This is the method of
Arjevani & Field [1]_ (sections 3-4), who computed these blocks analytically.

The decomposition (exact, from the orbit structure)
---------------------------------------------------
H is Young type (:class:`~symtheory.landscape.isotropy_groups.YoungFactor`): factors
``S_{n_a}`` on row blocks R_a and/or column blocks C_a, so H is the product
of the S_{n_a} and its irreducibles are tensor products of irreducibles of
the factors.  R^{k x d} is the sum over factor pairs (a, b) of the
permutation modules ``R^{R_a} (x) R^{C_b}``.  With ``R^n = 1 + std`` (the
permutation module of S_n; std = (n-1,1) is the sum-zero vectors) [2]_:

* a != b: ``(1 + std_a) (x) (1 + std_b) = 1 + std_a + std_b + std_a (x) std_b``,
  and ``std_a (x) std_b`` is irreducible for ``S_{n_a} x S_{n_b}``;
* a = b (a diagonal factor): ``R^n (x) R^n`` under the diagonal S_n is
  ``2 (1) + 3 std + (n-2,2) + (n-2,1,1)`` (Young's rule / the orbits of
  ordered pairs: the diagonal ``R^n`` and the off-diagonal pairs [2]_,
  Example 2.3.8 style), the last two once each.

For every isotypic type we write down one vector per copy *in the same
position* (the image of one fixed basis vector of rho under an intertwiner
into that copy): the first Helmert vector ``e = (1, -1, 0, ...)/sqrt 2`` of
std placed as ``e (x) 1_{C_b}``, ``1_{R_b} (x) e``, ``diag(e)``;
``e (x) e`` for ``std_a (x) std_b`` (from the block ``R_a x C_b`` and, when
both factors have rows and columns, from ``R_b x C_a``); the 4-cycle
``E01 + E23 - E02 - E13`` (symmetrised) for (n-2,2) and the antisymmetric
3-cycle ``E01 + E12 + E20`` (antisymmetrised) for (n-2,1,1).  The invariants
are the orbit indicators (Fix(H)).  With ``Y`` these copy vectors,
``A = Y^T H Y`` and ``G = Y^T Y`` give the eigenvalues as the generalized
eigenvalues of (A, G) on the range of G (for n = 2 the three std copies of a
diagonal factor span only two).  ``H Y`` costs only
:func:`~symtheory.landscape.hessian_vector.hessian_vector_product`, never the dense
Hessian.  The multiplicities are checked to add up to k d.

References
----------
.. [1] Y. Arjevani and M. Field, "Analytic characterization of the Hessian
   in shallow ReLU models: a tale of symmetry", NeurIPS 2020; arXiv 2008.01805.
.. [2] B. E. Sagan, "The Symmetric Group", 2nd ed., Springer 2001, sections
   2.1-2.3 (permutation modules M^lambda and Young's rule).

Examples
--------
>>> import numpy as np
>>> from symtheory.landscape.isotropy_groups import diagonal_young
>>> V = np.eye(4)
>>> s = isotypic_spectrum(V + 0.0, V, diagonal_young((4,)))
>>> [(b.irrep, b.dim, b.multiplicity) for b in s.blocks]
[('trivial', 1, 2), ('std[0]', 3, 3), ('(n-2,1,1)[0]', 3, 1), ('(n-2,2)[0]', 2, 1)]
>>> bool(np.allclose(s.eigenvalues, dense_spectrum(V, V)))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exceptions import InvalidValueError, ShapeError
from .isotropy_groups import fixed_point_subspace, fixes
from .hessian_vector import hessian_vector_product
from .loss import loss_hessian

__all__ = ["IsotypicBlock", "Spectrum", "isotypic_spectrum", "dense_spectrum", "MAX_DENSE_COORDINATES"]

#: dense_spectrum refuses larger k*d: the Hessian and loss_hessian's work arrays grow as (k d)^2.
MAX_DENSE_COORDINATES = 3600


@dataclass(frozen=True)
class IsotypicBlock:
    """One isotypic component: irrep name, its dimension, multiplicity, eigenvalues.

    Examples
    --------
    >>> IsotypicBlock("trivial", 1, 2, (0.5, 1.0)).size
    2
    """

    irrep: str
    dim: int
    multiplicity: int
    eigenvalues: tuple

    @property
    def size(self) -> int:
        """Dimension of the component, ``dim * multiplicity``."""
        return self.dim * self.multiplicity


@dataclass(frozen=True, eq=False)
class Spectrum:
    """Hessian eigenvalues with multiplicities, by isotypic block.

    Examples
    --------
    >>> s = Spectrum((IsotypicBlock("trivial", 1, 1, (2.0,)), IsotypicBlock("std[0]", 2, 1, (-1.0,))))
    >>> s.eigenvalues.tolist(), s.minimum, s.index
    ([-1.0, -1.0, 2.0], -1.0, 2)
    """

    blocks: tuple

    @property
    def eigenvalues(self) -> np.ndarray:
        """All eigenvalues, repeated by multiplicity, increasing."""
        vals = [np.repeat(b.eigenvalues, b.dim) for b in self.blocks]
        return np.sort(np.concatenate(vals)) if vals else np.zeros(0)

    @property
    def minimum(self) -> float:
        """The smallest eigenvalue."""
        return float(min(min(b.eigenvalues) for b in self.blocks))

    def count_below(self, threshold) -> int:
        """Number of eigenvalues (with multiplicity) below ``threshold``.

        Examples
        --------
        >>> Spectrum((IsotypicBlock("trivial", 1, 2, (-1.0, 1.0)),)).count_below(0.0)
        1
        """
        return int(sum(b.dim * int(np.sum(np.asarray(b.eigenvalues) < threshold))
                       for b in self.blocks))

    @property
    def index(self) -> int:
        """Number of negative eigenvalues (below ``-1e-8 max(1, |lambda|)``, as in ``classify``)."""
        scale = max(1.0, max(abs(float(x)) for b in self.blocks for x in b.eigenvalues))
        return self.count_below(-1e-8 * scale)


def _helmert0(n):
    e = np.zeros(n)
    e[0], e[1] = 1.0, -1.0
    return e / np.sqrt(2.0)


def _copies(factors, k, d):
    """{irrep name: (dim, [copy vectors (k, d)])} for a Young-type group."""
    types = {}

    def add(name, dim, X):
        types.setdefault(name, (dim, []))[1].append(X)

    colf = [(b, f) for b, f in enumerate(factors) if f.cols]
    rowf = [(b, f) for b, f in enumerate(factors) if f.rows]
    for a, fa in enumerate(factors):
        n = fa.size
        if n < 2:
            continue
        e = _helmert0(n)
        name = f"std[{a}]"
        if fa.rows:
            R = np.asarray(fa.rows)
            for b, fb in colf:
                X = np.zeros((k, d))
                X[np.ix_(R, np.asarray(fb.cols))] = e[:, None]
                add(name, n - 1, X)
        if fa.cols:
            Cc = np.asarray(fa.cols)
            for b, fb in rowf:
                X = np.zeros((k, d))
                X[np.ix_(np.asarray(fb.rows), Cc)] = e[None, :]
                add(name, n - 1, X)
        if fa.rows and fa.cols:
            R, Cc = np.asarray(fa.rows), np.asarray(fa.cols)
            X = np.zeros((k, d))
            X[R, Cc] = e
            add(name, n - 1, X)
            if n >= 3:
                A = np.zeros((n, n))
                A[0, 1] = A[1, 2] = A[2, 0] = 1.0
                X = np.zeros((k, d))
                X[np.ix_(R, Cc)] = A - A.T
                add(f"(n-2,1,1)[{a}]", (n - 1) * (n - 2) // 2, X)
            if n >= 4:
                A = np.zeros((n, n))
                A[0, 1] = A[2, 3] = 1.0
                A[0, 2] = A[1, 3] = -1.0
                X = np.zeros((k, d))
                X[np.ix_(R, Cc)] = A + A.T
                add(f"(n-2,2)[{a}]", n * (n - 3) // 2, X)
        for b in range(a + 1, len(factors)):
            fb = factors[b]
            m = fb.size
            if m < 2:
                continue
            eb = _helmert0(m)
            name = f"std[{a}]*std[{b}]"
            if fa.rows and fb.cols:
                X = np.zeros((k, d))
                X[np.ix_(np.asarray(fa.rows), np.asarray(fb.cols))] = np.outer(e, eb)
                add(name, (n - 1) * (m - 1), X)
            if fb.rows and fa.cols:
                X = np.zeros((k, d))
                X[np.ix_(np.asarray(fb.rows), np.asarray(fa.cols))] = np.outer(eb, e)
                add(name, (n - 1) * (m - 1), X)
    return types


def _pencil(Y, HY):
    """Eigenvalues of H on span(Y) (Y: copies in one position), Y and HY shape (c, n)."""
    G = Y @ Y.T
    A = Y @ HY.T
    A = 0.5 * (A + A.T)
    g, U = np.linalg.eigh(G)
    keep = g > 1e-10 * g.max()
    T = U[:, keep] / np.sqrt(g[keep])
    return np.linalg.eigvalsh(T.T @ A @ T)


def isotypic_spectrum(W, V, H, activation="relu") -> Spectrum:
    """Eigenvalues of the Hessian at W, block by block over the H-isotypic components.

    Parameters
    ----------
    W : array_like, shape (k, d)
        A point fixed by H (checked to 1e-8).
    V : array_like, shape (k', d)
        The teacher; H must lie in Gamma (the loss must be H-invariant).
    H : PairGroup
        Of Young type (``H.factors`` known), e.g. from
        :func:`~symtheory.landscape.isotropy_groups.parse_isotropy`.
    activation : {"relu", "erf"}

    Returns
    -------
    Spectrum

    Raises
    ------
    InvalidValueError
        H without Young factors, or W not fixed by H.

    Examples
    --------
    >>> from symtheory.landscape.isotropy_groups import diagonal_young
    >>> W = np.full((5, 5), 0.1); np.fill_diagonal(W, 1.0)
    >>> s = isotypic_spectrum(W, np.eye(5), diagonal_young((4, 1)))
    >>> len(s.eigenvalues), bool(np.allclose(s.eigenvalues, dense_spectrum(W, np.eye(5))))
    (25, True)
    """
    W = np.asarray(W, dtype=float)
    k, d = W.shape
    if H.factors is None:
        raise InvalidValueError(f"{H.name} has no known Young-type structure; use dense_spectrum")
    if (H.k, H.d) != (k, d):
        raise ShapeError(f"{H.name} acts on {H.k} x {H.d} matrices, W is {k} x {d}")
    if not fixes(H, W, 1e-8):
        raise InvalidValueError(f"W is not fixed by {H.name}; its Hessian need not commute with it")
    F = fixed_point_subspace(H)
    types = {"trivial": (1, list(F.basis_array()))}
    types.update(_copies(H.factors, k, d))
    names = list(types)
    Ys = [np.array(types[n][1]) for n in names]
    allY = np.concatenate(Ys)
    HY = hessian_vector_product(W, V, allY, activation)
    blocks, start, total = [], 0, 0
    for name, Y in zip(names, Ys):
        c = len(Y)
        ev = _pencil(Y.reshape(c, -1), HY[start:start + c].reshape(c, -1))
        start += c
        dim = types[name][0]
        total += dim * len(ev)
        blocks.append(IsotypicBlock(name, dim, len(ev), tuple(float(x) for x in ev)))
    if total != k * d:  # the construction is exact; this guards against a bad factor list
        raise InvalidValueError(f"the isotypic blocks of {H.name} add up to {total}, not {k * d}")
    return Spectrum(tuple(blocks))


def dense_spectrum(W, V, activation="relu") -> np.ndarray:
    """All Hessian eigenvalues by a dense eigen-decomposition (the reference).

    Examples
    --------
    >>> dense_spectrum(np.eye(2), np.eye(2)).round(5).tolist()   # 1/2 -+ 1/pi, 3/2 -+ 1/pi
    [0.18169, 0.81831, 1.18169, 1.81831]
    """
    n = int(np.size(W))
    if n > MAX_DENSE_COORDINATES:
        raise InvalidValueError(
            f"a dense Hessian on {n} coordinates has {n * n:,} entries (about "
            f"{10 * 8 * n * n / 1e9:.1f} GB of work arrays); the limit is "
            f"{MAX_DENSE_COORDINATES} coordinates: use isotypic_spectrum with a Young-type group")
    return np.linalg.eigvalsh(loss_hessian(W, V, activation))
