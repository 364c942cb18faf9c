"""Exact equivariant weight spaces Hom_G(X, Y).

For p-reps X (degree d) and Y (degree h), a weight matrix W of shape (h, d)
is equivariant when ``W[g(i), g(j)] == W[i, j]`` for all g, i, j, i.e. W is
constant on each *orbital*, a G-orbit on the set of entries Y x X.  The
indicators of the orbitals are therefore a basis of Hom_G(X, Y), exact and
with no linear algebra at all: one connected-components pass over the h*d
entries, O(h d |generators|).

A :class:`WeightSpace` stores that basis as one integer label array of shape
(h, d), ``labels[i, j]`` = index of the orbital of entry (i, j), never as k
dense matrices (the regular representation of S6 has k = 720 orbitals on
518,400 entries).  The same class serves any subspace of matrices constant on
the blocks of a partition of the entries (hidden fixed-point subspaces are of
that kind).

Parameterizations
-----------------
A weight space maps coordinates theta (length k) to ``W = sum_a theta_a c_a B_a``
with B_a the 0/1 indicator of label a (n_a entries) and the scale c_a:

* ``"raw"``: c_a = 1 (theta_a is the value of the entries of label a);
* ``"orthonormal"``: c_a = 1 / sqrt(n_a), so the basis is orthonormal in the
  Frobenius inner product and gradient descent in theta is gradient descent
  on W projected onto the subspace;
* ``"rescaled"``: c_a = sqrt(n_max / n_a), every basis element scaled to the
  Frobenius norm of the largest one: the geometry of ``"orthonormal"`` with a
  step larger by sqrt(n_max).  For pi_n -> pi_n (diagonal: n entries,
  off-diagonal: n(n-1)) this is exactly the paper's Figure 5b
  parameterization sqrt(n-1) theta_1 I + theta_2 (11^T - I).

For general matrix representations (:class:`MatrixRep`, e.g. the sign and the
standard representations of S_n) :func:`equivariant_basis` solves
Y(g) W = W X(g) for the generators by an exact sparse nullspace over the
rationals (SymPy's ``DomainMatrix`` over QQ, or over QQ<a> when the entries
are algebraic numbers such as sqrt(3)/2), so Schur's lemma can be checked.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> from symtheory.algebra.reps import natural, trivial
>>> G = named_group("S3")
>>> V = equivariant_basis(natural(G), natural(G))
>>> V.dim, V.names
(2, ['diagonal', 'off-diagonal'])
>>> V.labels.tolist()
[[0, 1, 1], [1, 0, 1], [1, 1, 0]]
>>> V.matrix()
Matrix([
[theta_0, theta_1, theta_1],
[theta_1, theta_0, theta_1],
[theta_1, theta_1, theta_0]])
>>> V.with_parameterization("rescaled").matrix()[0, 0]
sqrt(2)*theta_0
"""

from __future__ import annotations

import functools

import numpy as np
import sympy

from ..exceptions import InvalidTypeError, InvalidValueError
from ..exceptions import (NonFiniteError, NotAHomomorphismError, RepresentationMismatchError,
                         ShapeError, UnknownNameError)
from .groups import Group
from .reps import PermRep, orbit_labels

__all__ = [
    "PARAMETERIZATIONS",
    "WeightSpace",
    "MatrixRep",
    "MatrixWeightSpace",
    "equivariant_basis",
    "orbital_labels",
]

PARAMETERIZATIONS = ("raw", "orthonormal", "rescaled")

#: Largest number of floats basis_array() will allocate.
DENSE_LIMIT = 50_000_000


def orbital_labels(X: PermRep, Y: PermRep) -> np.ndarray:
    """Orbital index of each entry of an (h, d) weight matrix from X to Y.

    Orbitals are numbered in order of first appearance, row by row: entry
    (i, j) is point ``i * d + j`` of the product action, and
    :func:`~symtheory.algebra.reps.orbit_labels` numbers orbits by their smallest
    point.

    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.reps import natural, trivial
    >>> orbital_labels(trivial(named_group("S3")), natural(named_group("S3"))).ravel().tolist()
    [0, 0, 0]
    >>> orbital_labels(natural(named_group("S3")), natural(named_group("S3"))).tolist()
    [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    """
    X._check_same_group(Y)
    h, d = Y.degree, X.degree
    index_dtype = np.int32 if h * d < 2 ** 31 else np.int64
    images = [(np.asarray(b, dtype=index_dtype)[:, None] * d
               + np.asarray(a, dtype=index_dtype)[None, :]).ravel()
              for a, b in zip(X.images, Y.images)]
    return orbit_labels(h * d, images).reshape(h, d)


def _block_of(summands):
    out = []
    for k, (_, deg) in enumerate(summands):
        out.extend([k] * deg)
    return np.array(out, dtype=np.int64)


def _orbital_names(labels, X, Y):
    """Readable names: diagonal / off-diagonal / constant within a pair of blocks.

    Vectorised over the entries: every orbital lies in one pair of blocks
    (output block b, input block c) because the blocks are invariant.
    """
    k = int(labels.max()) + 1 if labels.size else 0
    if k == 0:
        return []
    h, d = labels.shape
    yb, xb = _block_of(Y.summands), _block_of(X.summands)
    ystart = np.concatenate([[0], np.cumsum([deg for _, deg in Y.summands])[:-1]])
    xstart = np.concatenate([[0], np.cumsum([deg for _, deg in X.summands])[:-1]])
    ysize = np.array([deg for _, deg in Y.summands], dtype=np.int64)
    xsize = np.array([deg for _, deg in X.summands], dtype=np.int64)
    multi = len(Y.summands) > 1 or len(X.summands) > 1
    flat = labels.ravel()
    _, first = np.unique(flat, return_index=True)  # labels are 0..k-1
    size = np.bincount(flat, minlength=k)
    lb = yb[first // d]          # output block of each label
    lc = xb[first % d]           # input block of each label
    pair = lb * len(X.summands) + lc
    n_in_pair = np.bincount(pair, minlength=len(Y.summands) * len(X.summands))[pair]
    # entries on the diagonal of their block pair
    r = np.arange(h)[:, None] - ystart[yb][:, None]
    q = np.arange(d)[None, :] - xstart[xb][None, :]
    on_diag = (r == q).ravel()
    n_diag = np.bincount(flat, weights=on_diag, minlength=k).astype(np.int64)
    m_y, m_x = ysize[lb], xsize[lc]
    names = []
    for a in range(k):
        if n_in_pair[a] == 1:
            kind = "constant"
        elif m_y[a] == m_x[a] and n_diag[a] == size[a] == m_y[a]:
            kind = "diagonal"
        elif (n_in_pair[a] == 2 and m_y[a] == m_x[a] and m_y[a] * (m_y[a] - 1) == size[a]
              and n_diag[a] == 0):
            kind = "off-diagonal"
        else:
            kind = f"orbital {a}"
        if multi:
            b, c = int(lb[a]), int(lc[a])
            kind = f"{kind} [{Y.summands[b][0]}#{b} <- {X.summands[c][0]}#{c}]"
        names.append(kind)
    return names


class WeightSpace:
    """A space of (h, d) matrices constant on the blocks of a labelling of the entries.

    The equivariant space Hom_G(X, Y) is the case where the labels are the
    orbitals (see :func:`equivariant_basis`).

    Parameters
    ----------
    labels : array_like of int, shape (h, d)
        Label of each entry, values ``0..k-1`` each used at least once.
    names : list of str, optional
        A name per label.
    parameterization : {"raw", "orthonormal", "rescaled"}
        See the module docstring.
    input, output : PermRep, optional
        The representations X and Y when the space is Hom_G(X, Y).

    Examples
    --------
    >>> V = WeightSpace([[0, 1], [1, 0]])
    >>> V.dim, V.shape
    (2, (2, 2))
    >>> V.to_numpy([1.0, 2.0]).tolist()
    [[1.0, 2.0], [2.0, 1.0]]
    >>> V.coordinates(np.array([[1.0, 2.0], [2.0, 1.0]])).tolist()
    [1.0, 2.0]
    >>> V.project(np.array([[1.0, 0.0], [2.0, 3.0]])).tolist()
    [[2.0, 1.0], [1.0, 2.0]]
    """

    def __init__(self, labels, names=None, parameterization: str = "raw",
                 input: PermRep | None = None, output: PermRep | None = None):
        labels = np.array(labels, dtype=np.int64)
        if labels.ndim != 2:
            raise ShapeError(f"labels must be a 2-D (h, d) array, got shape {labels.shape}")
        k = int(labels.max()) + 1 if labels.size else 0
        counts = np.bincount(labels.ravel(), minlength=k) if labels.size else np.zeros(0)
        if labels.size and (labels.min() < 0 or np.any(counts == 0)):
            raise InvalidValueError("labels must be 0..k-1 with every value used")
        if parameterization not in PARAMETERIZATIONS:
            raise UnknownNameError(
                f"unknown parameterization {parameterization!r}; use one of {', '.join(PARAMETERIZATIONS)}")
        labels.setflags(write=False)
        self._labels = labels
        self._sizes = counts.astype(np.int64)
        self._names = list(names) if names is not None else [f"theta_{a}" for a in range(k)]
        if len(self._names) != k:
            raise InvalidValueError(f"{len(self._names)} names for {k} labels")
        self._param = parameterization
        self._input, self._output = input, output

    # -- attributes ------------------------------------------------------------
    @property
    def labels(self) -> np.ndarray:
        """(h, d) integer array: the basis element each entry belongs to."""
        return self._labels

    @property
    def shape(self) -> tuple:
        return tuple(self._labels.shape)

    @property
    def dim(self) -> int:
        return len(self._sizes)

    @property
    def sizes(self) -> np.ndarray:
        """Number of entries of each basis indicator."""
        return self._sizes

    @property
    def names(self) -> list:
        return list(self._names)

    @property
    def parameterization(self) -> str:
        return self._param

    @property
    def input(self):
        return self._input

    @property
    def output(self):
        return self._output

    def __repr__(self) -> str:
        return f"WeightSpace(dim={self.dim}, shape={self.shape}, parameterization={self._param!r})"

    def __eq__(self, other) -> bool:
        """Equal when they are the same subspace with the same parameterization."""
        if not isinstance(other, WeightSpace):
            return NotImplemented
        return (self.shape == other.shape and self._param == other._param
                and np.array_equal(self._labels, other._labels))

    def __hash__(self) -> int:
        return hash((self.shape, self._labels.tobytes(), self._param))

    def with_parameterization(self, parameterization: str) -> "WeightSpace":
        """The same subspace with another parameterization.

        >>> V = WeightSpace([[0, 1], [1, 0]])
        >>> V.with_parameterization("orthonormal").scales.round(4).tolist()
        [0.7071, 0.7071]
        """
        return WeightSpace(self._labels, self._names, parameterization, self._input, self._output)

    @functools.cached_property
    def _label_order(self) -> np.ndarray:
        return np.argsort(self._labels.ravel(), kind="stable")

    @functools.cached_property
    def scales(self) -> np.ndarray:
        """The factor c_a multiplying indicator a (see the module docstring)."""
        n = self._sizes.astype(float)
        if self._param == "raw":
            return np.ones_like(n)
        if self._param == "orthonormal":
            return 1.0 / np.sqrt(n)
        return np.sqrt(n.max() / n)

    def _sym_scale(self, a):
        n = int(self._sizes[a])
        if self._param == "raw":
            return sympy.Integer(1)
        if self._param == "orthonormal":
            return 1 / sympy.sqrt(n)
        return sympy.sqrt(sympy.Rational(int(self._sizes.max()), n))

    @functools.cached_property
    def symbols(self) -> tuple:
        """SymPy symbols theta_0 .. theta_{k-1}.

        >>> WeightSpace([[0, 1, 2]]).symbols
        (theta_0, theta_1, theta_2)
        """
        if self.dim == 0:
            return ()
        return tuple(sympy.symbols(f"theta_0:{self.dim}", real=True))

    def matrix(self, symbols=None) -> sympy.Matrix:
        """The symbolic W(theta) as a SymPy Matrix.

        >>> WeightSpace([[0, 1], [1, 0]], parameterization="orthonormal").matrix()
        Matrix([
        [sqrt(2)*theta_0/2, sqrt(2)*theta_1/2],
        [sqrt(2)*theta_1/2, sqrt(2)*theta_0/2]])
        """
        syms = self.symbols if symbols is None else tuple(symbols)
        terms = [self._sym_scale(a) * syms[a] for a in range(self.dim)]
        h, d = self.shape
        return sympy.Matrix(h, d, lambda i, j: terms[int(self._labels[i, j])])

    def basis_matrix(self, a: int) -> sympy.Matrix:
        """Basis element a (scaled indicator) as an exact SymPy Matrix.

        >>> WeightSpace([[0, 1, 1]], parameterization="rescaled").basis_matrix(0)
        Matrix([[sqrt(2), 0, 0]])
        """
        s = self._sym_scale(a)
        h, d = self.shape
        return sympy.Matrix(h, d, lambda i, j: s if self._labels[i, j] == a else 0)

    def basis_array(self) -> np.ndarray:
        """The k basis matrices as a dense float array of shape (k, h, d).

        >>> WeightSpace([[0, 1, 1]]).basis_array().tolist()
        [[[1.0, 0.0, 0.0]], [[0.0, 1.0, 1.0]]]
        """
        h, d = self.shape
        if self.dim * h * d > DENSE_LIMIT:
            raise InvalidValueError(
                f"a dense basis of {self.dim} x {h} x {d} floats is too large; use labels, "
                "to_numpy and coordinates instead")
        B = np.zeros((self.dim, h, d))
        i, j = np.indices((h, d))
        B[self._labels, i, j] = self.scales[self._labels]
        return B

    # -- numerics -------------------------------------------------------------------
    def _check_W(self, W):
        W = np.asarray(W, dtype=float)
        if W.shape[-2:] != self.shape:
            raise ShapeError(f"weights of shape {W.shape} do not end in the space's shape {self.shape}")
        if not np.all(np.isfinite(W)):
            raise NonFiniteError("weights hold NaN or infinity; pass finite numbers")
        return W

    def to_numpy(self, theta) -> np.ndarray:
        """W(theta) for theta of shape (..., k), batched over leading axes.

        >>> V = WeightSpace([[0, 1], [1, 0]])
        >>> V.to_numpy([[1.0, 0.0], [0.0, 2.0]]).tolist()  # a batch of two
        [[[1.0, 0.0], [0.0, 1.0]], [[0.0, 2.0], [2.0, 0.0]]]
        """
        theta = np.asarray(theta, dtype=float)
        if theta.shape[-1:] != (self.dim,):
            raise ShapeError(f"theta must end in an axis of length {self.dim}, got shape {theta.shape}")
        if not np.all(np.isfinite(theta)):
            raise NonFiniteError("theta holds NaN or infinity; pass finite numbers")
        return (theta * self.scales)[..., self._labels]

    def _label_sums(self, W):
        lead = W.shape[:-2]
        flat = W.reshape(-1, W.shape[-2] * W.shape[-1])
        starts = np.concatenate([[0], np.cumsum(self._sizes)[:-1]])
        sums = np.add.reduceat(flat[:, self._label_order], starts, axis=1)
        return sums.reshape(lead + (self.dim,))

    def coordinates(self, W) -> np.ndarray:
        """Least-squares coordinates of W (exact when W lies in the space), batched.

        >>> V = WeightSpace([[0, 1], [1, 0]])
        >>> V.coordinates(np.array([[1.0, 4.0], [2.0, 3.0]])).tolist()  # means per label
        [2.0, 3.0]
        """
        W = self._check_W(W)
        return self._label_sums(W) / (self._sizes * self.scales)

    def project(self, W) -> np.ndarray:
        """Orthogonal projection onto the space: the mean over each label.

        For Hom_G(X, Y) this is the group average (1/|G|) sum_g Y(g) W X(g)^-1.

        >>> from symtheory.algebra.groups import named_group
        >>> from symtheory.algebra.reps import natural
        >>> X = natural(named_group("S3"))
        >>> equivariant_basis(X, X).project(np.diag([3.0, 0.0, 0.0])).tolist()
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
        """
        W = self._check_W(W)
        means = self._label_sums(W) / self._sizes
        return means[..., self._labels]

    def equivariance_error(self, W) -> np.ndarray:
        """Frobenius distance from W to the space, batched.

        >>> V = WeightSpace([[0, 1], [1, 0]])
        >>> float(V.equivariance_error(np.array([[1.0, 0.0], [0.0, 3.0]])))
        1.4142135623730951
        """
        W = self._check_W(W)
        return np.sqrt(((W - self.project(W)) ** 2).sum(axis=(-2, -1)))

    def contains(self, W, tol: float = 1e-10) -> bool:
        """Whether W lies in the space (exactly for integer or SymPy input).

        >>> V = WeightSpace([[0, 1], [1, 0]])
        >>> V.contains(sympy.Matrix([[sympy.pi, 1], [1, sympy.pi]])), V.contains(np.eye(2) + 0.1)
        (True, True)
        >>> V.contains(np.diag([1.0, 2.0]))
        False
        """
        if isinstance(W, sympy.MatrixBase):
            lab = self._labels
            first = {}
            for (i, j), a in np.ndenumerate(lab):
                v = W[i, j]
                if a in first and sympy.simplify(first[a] - v) != 0:
                    return False
                first.setdefault(a, v)
            return True
        return bool(np.all(self.equivariance_error(W) <= tol))

    # -- Jupyter display: the symbolic matrix W(theta) --
    def _repr_latex_(self) -> str:
        r"""LaTeX shown by Jupyter: W(theta) and the dimension.

        >>> WeightSpace([[0, 1], [1, 0]])._repr_latex_()
        '$W(\\theta) = \\left[\\begin{matrix}\\theta_{0} & \\theta_{1}\\\\\\theta_{1} & \\theta_{0}\\end{matrix}\\right]$, dim 2'
        """
        return f"$W(\\theta) = {sympy.latex(self.matrix())}$, dim {self.dim}"

    def _repr_html_(self) -> str:
        """HTML shown by Jupyter: the table of W(theta), entry theta_k for label k.

        >>> "<td>&theta;<sub>1</sub></td>" in WeightSpace([[0, 1], [1, 0]])._repr_html_()
        True
        """
        h, d = self.shape
        cells = "".join("<tr>" + "".join(f"<td>&theta;<sub>{int(a)}</sub></td>" for a in row)
                        + "</tr>" for row in self._labels[:40, :40])
        cut = " (first 40 rows and columns)" if max(h, d) > 40 else ""
        return (f"<b>W(&theta;)</b>, shape {self.shape}, dim {self.dim}, {self._param} "
                f"parameterization{cut}<table>{cells}</table>")


def equivariant_basis(X, Y, parameterization: str = "raw"):
    """A basis of Hom_G(X, Y).

    Parameters
    ----------
    X, Y : PermRep or MatrixRep
        Input and output representations of the same group.
    parameterization : str
        For p-reps, see :class:`WeightSpace`.

    Returns
    -------
    WeightSpace
        For p-reps: labels are the orbitals, named "diagonal",
        "off-diagonal" or "constant" where one of these fits (with the
        blocks they connect when X or Y is a sum).
    MatrixWeightSpace
        For matrix representations: an exact rational basis.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.reps import regular
    >>> G = named_group("S3")
    >>> equivariant_basis(regular(G), regular(G)).dim
    6
    >>> equivariant_basis(MatrixRep.sign(G), MatrixRep.sign(G)).dim
    1
    """
    if parameterization not in PARAMETERIZATIONS:
        raise UnknownNameError(f"unknown parameterization {parameterization!r}; use one of "
                               f"{', '.join(PARAMETERIZATIONS)}")
    if isinstance(X, PermRep) and isinstance(Y, PermRep):
        X._check_same_group(Y)
        labels = orbital_labels(X, Y)
        return WeightSpace(labels, _orbital_names(labels, X, Y), parameterization, X, Y)
    if isinstance(X, PermRep):
        X = MatrixRep.from_perm_rep(X)
    if isinstance(Y, PermRep):
        Y = MatrixRep.from_perm_rep(Y)
    if not isinstance(X, MatrixRep) or not isinstance(Y, MatrixRep):
        raise InvalidTypeError("equivariant_basis needs PermRep or MatrixRep arguments")
    return MatrixWeightSpace(X, Y)


# -- general matrix representations ------------------------------------------------

class MatrixRep:
    """A linear representation given by exact SymPy matrices for the generators.

    Parameters
    ----------
    group : Group
    matrices : sequence of sympy.Matrix (or nested lists of rationals)
        Exact entries: integers, rationals or algebraic numbers; floats and
        symbols raise ``TypeError``.
        One square matrix per generator of ``group``.

    Raises
    ------
    NotAHomomorphismError
        If the matrices do not define a homomorphism.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> G = named_group("S3")
    >>> MatrixRep.sign(G).dim, MatrixRep.standard(G).dim
    (1, 2)
    >>> MatrixRep(G, [[[1]], [[2]]])
    Traceback (most recent call last):
    ...
    symtheory.exceptions.NotAHomomorphismError: the matrices do not define a homomorphism of S3 (generator 1 breaks a relation); check the matrices
    """

    def __init__(self, group: Group, matrices, name: str = "rep"):
        mats = [sympy.Matrix(m) for m in matrices]
        if len(mats) != len(group.generators):
            raise NotAHomomorphismError(
                f"{group.name} has {len(group.generators)} generators but {len(mats)} matrices "
                "were given; give one matrix per generator")
        if not mats:
            raise InvalidValueError("a MatrixRep of a group without generators is not supported")
        n = mats[0].rows
        for k, m in enumerate(mats):
            if m.shape != (n, n):
                raise ShapeError(f"matrix of generator {k} has shape {m.shape}, expected ({n}, {n})")
            if m.has(sympy.Float) or m.free_symbols:
                # floats would fail the exact homomorphism check with a misleading message
                raise InvalidTypeError(f"matrix of generator {k} holds floats or symbols; give exact "
                                "entries (integers, sympy.Rational, sympy.sqrt(3)/2, ...)")
        self._group, self._mats, self._name = group, tuple(mats), name
        self.element_matrices  # validates

    @property
    def group(self) -> Group:
        return self._group

    @property
    def matrices(self) -> tuple:
        return self._mats

    @property
    def dim(self) -> int:
        return self._mats[0].rows

    @property
    def name(self) -> str:
        return self._name

    def __repr__(self) -> str:
        return f"MatrixRep({self._group.name}, {self._name}, dim={self.dim})"

    @functools.cached_property
    def element_matrices(self) -> list:
        """Matrix of every element (indexed like ``group.elements``).

        >>> from symtheory.algebra.groups import named_group
        >>> S = MatrixRep.sign(named_group("S3"))
        >>> [int(m[0, 0]) for m in S.element_matrices]
        [1, 1, -1, 1, -1, -1]
        """
        G = self._group
        G.elements
        out = [sympy.eye(self.dim)]
        for i in range(1, G.order):
            si, p = G._parent[i]
            out.append(self._mats[si] * out[p])
        T = G.multiplication_table
        for k, s in enumerate(G.generator_indices):
            for i in range(G.order):
                if self._mats[k] * out[i] != out[int(T[s, i])]:
                    raise NotAHomomorphismError(
                        f"the matrices do not define a homomorphism of {G.name} "
                        f"(generator {k} breaks a relation); check the matrices")
        return out

    def character(self) -> list:
        """Traces of the element matrices.

        >>> from symtheory.algebra.groups import named_group
        >>> MatrixRep.standard(named_group("S3")).character()
        [2, -1, 0, -1, 0, 0]
        """
        return [m.trace() for m in self.element_matrices]

    @classmethod
    def from_perm_rep(cls, X: PermRep) -> "MatrixRep":
        """The permutation matrices of a p-rep (``P[g(i), i] = 1``).

        >>> from symtheory.algebra.groups import named_group
        >>> from symtheory.algebra.reps import natural
        >>> MatrixRep.from_perm_rep(natural(named_group("S3"))).matrices[0]
        Matrix([
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0]])
        """
        mats = []
        for im in X.images:
            P = sympy.zeros(X.degree, X.degree)
            for i, gi in enumerate(im):
                P[gi, i] = 1
            mats.append(P)
        return cls(X.group, mats, name=X.name)

    @classmethod
    def sign(cls, G: Group) -> "MatrixRep":
        """The sign of each permutation on the group's points (1-dimensional).

        >>> from symtheory.algebra.groups import named_group
        >>> MatrixRep.sign(named_group("S3")).matrices
        (Matrix([[1]]), Matrix([[-1]]))
        """
        def sgn(p):
            p = list(p)
            seen, s = set(), 1
            for i in range(len(p)):
                if i in seen:
                    continue
                j, length = i, 0
                while j not in seen:
                    seen.add(j)
                    j = p[j]
                    length += 1
                s *= (-1) ** (length - 1)
            return s
        return cls(G, [[[sgn(g)]] for g in G.generators], name="sign")

    @classmethod
    def standard(cls, G: Group) -> "MatrixRep":
        """The natural action on the sum-zero vectors, basis e_i - e_{n-1} (dimension n-1).

        >>> from symtheory.algebra.groups import named_group
        >>> MatrixRep.standard(named_group("S3")).matrices[1]  # (1,2) swaps e_0 - e_2, e_1 - e_2
        Matrix([
        [0, 1],
        [1, 0]])
        """
        n = G.degree
        if n < 2:
            raise InvalidValueError("the standard representation needs degree at least 2")
        # g(e_i - e_last) = e_g(i) - e_g(last) = f_g(i) - f_g(last), with f_last = 0
        mats = []
        for g in G.generators:
            M = sympy.zeros(n - 1, n - 1)
            for i in range(n - 1):
                if g[i] != n - 1:
                    M[g[i], i] += 1
                if g[n - 1] != n - 1:
                    M[g[n - 1], i] -= 1
            mats.append(M)
        return cls(G, mats, name="standard")


class MatrixWeightSpace:
    """Hom_G(X, Y) for matrix representations, with an exact rational basis.

    The constraints Y(s) W - W X(s) = 0 for the generators s are stacked as a
    sparse system over QQ (or over the algebraic number field QQ<a> generated
    by the entries, e.g. for ``sqrt(3)/2``) and solved by exact row reduction
    (SymPy ``DomainMatrix``); the basis is the reduced nullspace.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> G = named_group("S4")
    >>> MatrixWeightSpace(MatrixRep.standard(G), MatrixRep.standard(G)).dim  # Schur
    1
    >>> MatrixWeightSpace(MatrixRep.from_perm_rep(__import__("symtheory").trivial(G)),
    ...                   MatrixRep.sign(G)).dim
    0
    """

    def __init__(self, X: MatrixRep, Y: MatrixRep):
        GX, GY = X.group, Y.group
        if GX is not GY and not (GX.degree == GY.degree and GX.generators == GY.generators):
            # the constraints pair the matrices generator by generator, so equal groups
            # with different generator lists would give a wrong space
            raise RepresentationMismatchError(
                f"representations of different groups or generator lists ({GX.name} and "
                f"{GY.name}); build both from the same Group object")
        from sympy.polys.constructor import construct_domain
        from sympy.polys.domains import QQ
        from sympy.polys.matrices import DomainMatrix
        h, d = Y.dim, X.dim
        # the exact field of the entries: QQ, or QQ<a> for algebraic entries such as sqrt(3)/2
        entries = [v for M in Y.matrices + X.matrices for v in M if v != 0]
        K = QQ
        if entries:
            K, _ = construct_domain(entries, extension=True)
            if K.is_ZZ or K.is_QQ:
                K = QQ
            elif not K.is_AlgebraicField:
                raise InvalidTypeError(
                    f"matrix entries must be exact rational or algebraic numbers, not {K} "
                    "(floats or symbols); use sympy.Rational and sympy.sqrt")
        rows = {}
        r = 0
        # vec(W) index i*d + j; constraint (Y W - W X)[i, j] = sum_k Y[i,k] W[k,j] - W[i,k] X[k,j]
        for Ym, Xm in zip(Y.matrices, X.matrices):
            for i in range(h):
                for j in range(d):
                    row = {}
                    for k in range(h):
                        if Ym[i, k] != 0:
                            row[k * d + j] = row.get(k * d + j, K.zero) + K.from_sympy(Ym[i, k])
                    for k in range(d):
                        if Xm[k, j] != 0:
                            row[i * d + k] = row.get(i * d + k, K.zero) - K.from_sympy(Xm[k, j])
                    row = {c: v for c, v in row.items() if v}
                    if row:
                        rows[r] = row
                        r += 1
        n = h * d
        if r == 0:
            basis = [sympy.Matrix(h, d, lambda i, j, c=c: 1 if i * d + j == c else 0)
                     for c in range(n)]
        else:
            A = DomainMatrix(rows, (r, n), K)
            ns = A.nullspace().to_Matrix()
            basis = [sympy.Matrix(h, d, list(ns.row(t))) for t in range(ns.rows)]
        self._X, self._Y, self._basis = X, Y, tuple(basis)

    @property
    def dim(self) -> int:
        return len(self._basis)

    @property
    def basis(self) -> tuple:
        """Basis matrices (exact, rational).

        >>> from symtheory.algebra.groups import named_group
        >>> S = MatrixRep.standard(named_group("S3"))
        >>> MatrixWeightSpace(S, S).basis
        (Matrix([
        [1, 0],
        [0, 1]]),)
        """
        return self._basis

    @property
    def shape(self) -> tuple:
        return (self._Y.dim, self._X.dim)

    @functools.cached_property
    def symbols(self) -> tuple:
        return tuple(sympy.symbols(f"theta_0:{self.dim}", real=True)) if self.dim else ()

    def matrix(self) -> sympy.Matrix:
        """The symbolic W(theta).

        >>> from symtheory.algebra.groups import named_group
        >>> S = MatrixRep.standard(named_group("S3"))
        >>> MatrixWeightSpace(S, S).matrix()
        Matrix([
        [theta_0,       0],
        [      0, theta_0]])
        """
        out = sympy.zeros(*self.shape)
        for s, B in zip(self.symbols, self._basis):
            out += s * B
        return out
