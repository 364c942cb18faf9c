"""Test helpers for equivariant objects.

:func:`assert_equivariant` is the one check every test that builds an
equivariant object should call (the habit of e3nn's helper of the same name).
It checks the defining identity on the generators of the group, which is
enough: if ``W`` commutes with the images of the generators it commutes with
the image of every product of them.

For permutation representations X (degree d) and Y (degree h) a weight
matrix W of shape (h, d) is equivariant when ``W[g(i), g(j)] == W[i, j]`` for
every generator g and all i, j.  For matrix representations it is
``rho_Y(g) W == W rho_X(g)``.  Integer, rational (``fractions.Fraction``) and
SymPy entries are compared exactly; floating-point entries are compared with
an absolute tolerance (or exactly, if ``atol=0``).

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> from symtheory.algebra.reps import natural
>>> from symtheory.algebra.equivariant import equivariant_basis
>>> G = named_group("S3")
>>> X = natural(G)
>>> assert_equivariant(equivariant_basis(X, X))  # every basis element, exactly
>>> assert_equivariant([[1, 0, 0], [0, 1, 0], [0, 0, 2]], X, X)
Traceback (most recent call last):
...
AssertionError: W is not equivariant under generator 0 = (1,2,3): W[g(i), g(j)] != W[i, j] at (i, j) = (1, 1), 2 != 1
"""

from __future__ import annotations

import numpy as np
import sympy

from .algebra.equivariant import MatrixRep, MatrixWeightSpace, WeightSpace
from .exceptions import InvalidTypeError, RepresentationMismatchError, ShapeError
from .algebra.groups import cycle_string
from .algebra.reps import PermRep

__all__ = ["assert_equivariant"]


def _generator_name(G, k) -> str:
    return f"generator {k} = {cycle_string(G.generators[k])}"


def _same_generators(X, Y) -> bool:
    GX, GY = X.group, Y.group
    return GX is GY or (GX.degree == GY.degree and GX.generators == GY.generators)


def _as_array(W):
    """W as a 2-D numpy array (object dtype for SymPy or Fraction entries)."""
    if isinstance(W, sympy.MatrixBase):
        return np.array(W.tolist(), dtype=object).reshape(W.shape)
    return np.asarray(W)


def _exact_equal(a, b) -> bool:
    if a == b:
        return True
    diff = sympy.sympify(a) - sympy.sympify(b)
    return sympy.simplify(diff) == 0


def _compare(lhs: np.ndarray, rhs: np.ndarray, exact: bool, atol: float):
    """First index where lhs and rhs differ, or None."""
    if lhs.dtype == object or rhs.dtype == object:
        if exact:
            for idx in np.ndindex(lhs.shape):
                if not _exact_equal(lhs[idx], rhs[idx]):
                    return idx
            return None
        lhs = lhs.astype(float)
        rhs = rhs.astype(float)
    if np.issubdtype(lhs.dtype, np.integer) and np.issubdtype(rhs.dtype, np.integer):
        bad = lhs != rhs
    elif atol == 0:
        bad = lhs != rhs
    else:
        bad = ~(np.abs(lhs.astype(float) - rhs.astype(float)) <= atol)
    if bad.any():
        return tuple(int(x) for x in np.argwhere(bad)[0])
    return None


def _check_pair(X, Y):
    if not isinstance(X, (PermRep, MatrixRep)) or not isinstance(Y, (PermRep, MatrixRep)):
        raise InvalidTypeError("assert_equivariant needs X and Y as PermRep or MatrixRep "
                        f"(got {type(X).__name__} and {type(Y).__name__})")
    if not _same_generators(X, Y):
        raise RepresentationMismatchError(
            f"X and Y represent different groups or generator lists ({X.group.name} and "
            f"{Y.group.name}); build both from the same Group object")


def _check_perm(W, X: PermRep, Y: PermRep, exact: bool, atol: float, what: str = "W"):
    A = _as_array(W)
    if A.shape != (Y.degree, X.degree):
        raise ShapeError(f"{what} has shape {A.shape}, expected (Y.degree, X.degree) = "
                         f"{(Y.degree, X.degree)}")
    G = X.group
    for k, (a, b) in enumerate(zip(X.images, Y.images)):
        moved = A[np.ix_(np.asarray(b), np.asarray(a))]  # moved[i, j] = W[g(i), g(j)]
        bad = _compare(moved, A, exact, atol)
        if bad is not None:
            i, j = bad
            raise AssertionError(
                f"{what} is not equivariant under {_generator_name(G, k)}: "
                f"W[g(i), g(j)] != W[i, j] at (i, j) = ({i}, {j}), {moved[i, j]} != {A[i, j]}")


def _check_matrix(W, X: MatrixRep, Y: MatrixRep, exact: bool, atol: float, what: str = "W"):
    shape = (Y.dim, X.dim)
    G = X.group
    if exact and (isinstance(W, sympy.MatrixBase) or _as_array(W).dtype == object
                  or np.issubdtype(_as_array(W).dtype, np.integer)):
        M = sympy.Matrix(W) if not isinstance(W, sympy.MatrixBase) else W
        if M.shape != shape:
            raise ShapeError(f"{what} has shape {M.shape}, expected (Y.dim, X.dim) = {shape}")
        for k, (Ym, Xm) in enumerate(zip(Y.matrices, X.matrices)):
            D = (Ym * M - M * Xm).applyfunc(sympy.simplify)
            if not D.is_zero_matrix:
                i, j = next((i, j) for i in range(D.rows) for j in range(D.cols) if D[i, j] != 0)
                raise AssertionError(
                    f"{what} is not equivariant under {_generator_name(G, k)}: "
                    f"(rho_Y(g) W - W rho_X(g))[{i}, {j}] = {D[i, j]} != 0")
        return
    A = np.asarray(_as_array(W), dtype=float)
    if A.shape != shape:
        raise ShapeError(f"{what} has shape {A.shape}, expected (Y.dim, X.dim) = {shape}")
    for k, (Ym, Xm) in enumerate(zip(Y.matrices, X.matrices)):
        Yf = np.array(Ym.tolist(), dtype=float)
        Xf = np.array(Xm.tolist(), dtype=float)
        bad = _compare(Yf @ A, A @ Xf, False, atol)
        if bad is not None:
            i, j = bad
            raise AssertionError(
                f"{what} is not equivariant under {_generator_name(G, k)}: "
                f"|rho_Y(g) W - W rho_X(g)|[{i}, {j}] > {atol}")


def assert_equivariant(W_or_space, X=None, Y=None, *, exact: bool = True,
                       atol: float = 1e-10) -> None:
    """Assert that a weight matrix, or every basis element of a space, is equivariant.

    Parameters
    ----------
    W_or_space : array_like, sympy.Matrix, WeightSpace or MatrixWeightSpace
        A weight matrix of shape (h, d) (numpy array, nested list, SymPy
        matrix, or a numpy object array of ``Fraction``/SymPy entries), or a
        space whose basis elements are all checked.  For a
        :class:`~symtheory.algebra.equivariant.WeightSpace` the check is that the
        label array itself is invariant, ``labels[g(i), g(j)] ==
        labels[i, j]``, which holds exactly when every indicator basis element
        (at any scale) is equivariant.
    X, Y : PermRep or MatrixRep, optional
        Input and output representations of the same group (same generator
        list).  Default to the space's ``input`` and ``output``.  A p-rep
        paired with a matrix representation is used through its permutation
        matrices ``P(g)[g(i), i] = 1``.
    exact : bool, default True
        Compare integer, rational and SymPy entries exactly (SymPy
        differences are simplified).  With ``exact=False`` everything is
        converted to float and compared with ``atol``.  Float entries are
        always compared with ``atol``.
    atol : float, default 1e-10
        Absolute tolerance for floating-point entries; ``atol=0`` asks for
        exact equality of floats too.

    Raises
    ------
    AssertionError
        Naming the first generator (as a 1-based cycle string) and entry
        where equivariance fails.
    ShapeError
        If W does not have shape (Y.degree, X.degree).
    RepresentationMismatchError
        If X and Y are representations of different groups.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.reps import natural, trivial
    >>> from symtheory.algebra.equivariant import equivariant_basis, MatrixRep
    >>> G = named_group("S4")
    >>> X = natural(G)
    >>> V = equivariant_basis(X, X)
    >>> assert_equivariant(V)                      # both basis elements
    >>> assert_equivariant(V.matrix(), X, X)       # the symbolic W(theta), exactly
    >>> assert_equivariant(V.to_numpy([0.5, -1.0]), X, X)
    >>> S = MatrixRep.standard(G)
    >>> assert_equivariant(equivariant_basis(S, S))  # Schur: multiples of I
    >>> assert_equivariant([[1, 0, 0, 0]], X, trivial(G))
    Traceback (most recent call last):
    ...
    AssertionError: W is not equivariant under generator 0 = (1,2,3,4): W[g(i), g(j)] != W[i, j] at (i, j) = (0, 0), 0 != 1
    """
    obj = W_or_space
    if isinstance(obj, WeightSpace):
        X = obj.input if X is None else X
        Y = obj.output if Y is None else Y
        if X is None or Y is None:
            raise InvalidTypeError("this WeightSpace has no input/output representations; pass X and Y")
        _check_pair(X, Y)
        if isinstance(X, PermRep) and isinstance(Y, PermRep):
            _check_perm(obj.labels, X, Y, True, 0.0, what="the label array")
        else:
            Xm = X if isinstance(X, MatrixRep) else MatrixRep.from_perm_rep(X)
            Ym = Y if isinstance(Y, MatrixRep) else MatrixRep.from_perm_rep(Y)
            for a in range(obj.dim):
                _check_matrix(obj.basis_matrix(a), Xm, Ym, True, 0.0, what=f"basis element {a}")
        return
    if isinstance(obj, MatrixWeightSpace):
        X = obj._X if X is None else X
        Y = obj._Y if Y is None else Y
        _check_pair(X, Y)
        Xm = X if isinstance(X, MatrixRep) else MatrixRep.from_perm_rep(X)
        Ym = Y if isinstance(Y, MatrixRep) else MatrixRep.from_perm_rep(Y)
        for a, B in enumerate(obj.basis):
            _check_matrix(B, Xm, Ym, True, 0.0, what=f"basis element {a}")
        return
    if X is None or Y is None:
        raise InvalidTypeError("pass the representations X and Y with a weight matrix")
    _check_pair(X, Y)
    if isinstance(X, PermRep) and isinstance(Y, PermRep):
        _check_perm(obj, X, Y, exact, atol)
        return
    Xm = X if isinstance(X, MatrixRep) else MatrixRep.from_perm_rep(X)
    Ym = Y if isinstance(Y, MatrixRep) else MatrixRep.from_perm_rep(Y)
    _check_matrix(obj, Xm, Ym, exact, atol)
