r"""Subgroups of S_k x S_d acting on weight matrices, their fixed-point subspaces, isotropy.

A pair ``(sigma, pi)`` of permutations (``sigma`` of the k rows, ``pi`` of
the d columns; ``sigma[i]`` is the new position of row i) acts on
``W in R^{k x d}`` by

.. math:: ((\sigma, \pi) W)[\sigma(i), \pi(j)] = W[i, j],

i.e. ``W -> P_sigma W P_pi^T``.  Row permutations relabel the hidden neurons,
column permutations relabel the inputs (Arjevani & Field [1]_, section 2).
A :class:`PairGroup` is a subgroup given by **generators only**: nothing here
lists group elements, so S_50 x S_50 costs no more than S_3 x S_3.

Fix(H) is the span of the indicator matrices of the H-orbits on index pairs
``(i, j)``; the orbits are the connected components of the generator images
on the ``k d`` pairs (:func:`symtheory.algebra.reps.orbit_labels`), which is
Proposition 2.9's orbital basis for the row and column actions.

Young-type groups
-----------------
Most isotropy groups of the teacher-student problem are *Young type*
([1]_, [2]_): a list of factors ``S_{n_a}``, factor ``a`` permuting a block
of rows ``R_a`` and/or a block of columns ``C_a`` (simultaneously, through
the order of the blocks, when it has both).  Every row and every column lies
in exactly one factor (blocks of size 1 allowed).  Two families have names:

``diag(S(a,b,...))`` (needs ``k == d``)
    the diagonal copy of the Young subgroup ``S_a x S_b x ...`` of S_k,
    blocks of consecutive indices: ``{(sigma, sigma)}``.  ``diag(S(k))`` is
    the isotropy of the teacher ``V = I``; ``diag(S(k-1,1))`` that of the
    Safran-Shamir spurious minima [3]_.
``S(a,b,...) x S(c,d,...)``
    the product of a Young subgroup of S_k on the rows (parts adding to k)
    and one of S_d on the columns (parts adding to d).

:func:`isotropy` names the isotropy of a weight matrix in the same way,
parts sorted decreasingly (a conjugacy-class name: a conjugate of
``diag(S(6,1))`` is named ``diag(S(6,1))`` too).

References
----------
.. [1] Y. Arjevani and M. Field, "Symmetry & critical points for a model
   shallow neural network", Physica D 427 (2021); arXiv 2003.10576.
.. [2] Y. Arjevani and M. Field, "Analytic characterization of the Hessian
   in shallow ReLU models: a tale of symmetry", NeurIPS 2020.
.. [3] I. Safran and O. Shamir, "Spurious local minima are common in
   two-layer ReLU neural networks", ICML 2018.

Examples
--------
>>> H = parse_isotropy("diag(S(6,1))", 7, 7)
>>> fixed_point_subspace(H).dim            # 5 for every k >= 3
5
>>> parse_isotropy("S(2,1) x S(3)", 3, 3).name
'S(2,1) x S(3)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..algebra.reps import orbit_labels
from ..exceptions import InvalidValueError, NonFiniteError, ParseError, ShapeError
from ..validation import parse_int

__all__ = [
    "YoungFactor",
    "PairGroup",
    "FixedPointSubspace",
    "diagonal_young",
    "young_product",
    "parse_isotropy",
    "fixed_point_subspace",
    "isotropy",
    "fixes",
    "join",
    "MAX_PAIR_COMPARISONS",
]

#: isotropy() builds (k, d, d) and (k, k, d) comparison arrays; this bounds their size.
MAX_PAIR_COMPARISONS = 50_000_000


@dataclass(frozen=True)
class YoungFactor:
    """One factor S_n of a Young-type group: a block of rows and/or of columns.

    Attributes
    ----------
    rows : tuple of int
        The rows it permutes (empty if it acts on columns only).
    cols : tuple of int
        The columns it permutes (empty if it acts on rows only); when both are
        given they have the same length n and the factor acts on both by the
        same permutation of positions (``rows[s] <-> cols[s]``).

    Examples
    --------
    >>> YoungFactor((0, 1), (0, 1)).size
    2
    """

    rows: tuple = ()
    cols: tuple = ()

    @property
    def size(self) -> int:
        """n, the degree of the factor S_n."""
        return max(len(self.rows), len(self.cols))


def _as_perm(p, n, what):
    arr = np.asarray(p, dtype=np.int64)
    if arr.shape != (n,) or not np.array_equal(np.sort(arr), np.arange(n)):
        raise InvalidValueError(
            f"{what} {np.asarray(p).tolist()} is not a permutation of range({n})")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class PairGroup:
    """A subgroup of S_k x S_d given by generators ``(sigma, pi)``.

    Attributes
    ----------
    k, d : int
        Rows and columns of the weight matrices acted on.
    generators : tuple of (ndarray, ndarray)
        Row permutation ``sigma`` (length k) and column permutation ``pi``
        (length d) of each generator; an empty tuple is the trivial group.
    name : str
        Readable name (``diag(S(6,1))``, ``S(2,1) x S(3)`` ...).
    factors : tuple of YoungFactor or None
        The Young-type structure when known (used by the isotypic spectrum).

    Examples
    --------
    >>> H = diagonal_young((2, 1))
    >>> H.k, H.d, len(H.generators), H.name
    (3, 3, 2, 'diag(S(2,1))')
    >>> H.orbits().tolist()                 # orbits on the 9 index pairs
    [[0, 1, 2], [1, 0, 2], [3, 3, 4]]
    """

    k: int
    d: int
    generators: tuple
    name: str = "<generators>"
    factors: tuple = field(default=None)

    def orbits(self) -> np.ndarray:
        """Orbit label of every index pair, shape ``(k, d)``, numbered by first pair.

        Examples
        --------
        >>> young_product((2,), (1, 1)).orbits().tolist()
        [[0, 1], [0, 1]]
        """
        k, d = self.k, self.d
        images = [(s[:, None] * d + p[None, :]).ravel() for s, p in self.generators]
        return orbit_labels(k * d, images).reshape(k, d)

    def row_orbits(self) -> np.ndarray:
        """Orbit label of every row under the row parts of the generators.

        Examples
        --------
        >>> diagonal_young((2, 1)).row_orbits().tolist()
        [0, 0, 1]
        """
        return orbit_labels(self.k, [s for s, _ in self.generators])

    def col_orbits(self) -> np.ndarray:
        """Orbit label of every column under the column parts of the generators.

        Examples
        --------
        >>> young_product((3,), (1, 2)).col_orbits().tolist()
        [0, 1, 1]
        """
        return orbit_labels(self.d, [p for _, p in self.generators])

    def __repr__(self) -> str:
        return f"PairGroup({self.name!r}, k={self.k}, d={self.d}, {len(self.generators)} generators)"


def _make(k, d, generators, name, factors=None):
    gens = tuple((_as_perm(s, k, "row permutation"), _as_perm(p, d, "column permutation"))
                 for s, p in generators)
    return PairGroup(int(k), int(d), gens, name, factors)


def _factor_generators(factors, k, d):
    """A transposition and an n-cycle of every factor of size n >= 2."""
    gens = []
    for f in factors:
        n = f.size
        if n < 2:
            continue
        cyc = np.roll(np.arange(n), -1)
        for move in (np.array([1, 0] + list(range(2, n))), cyc):
            s, p = np.arange(k), np.arange(d)
            if f.rows:
                r = np.asarray(f.rows)
                s[r] = r[move]
            if f.cols:
                c = np.asarray(f.cols)
                p[c] = c[move]
            gens.append((s, p))
    return gens


def _check_parts(parts, total, what):
    parts = tuple(int(x) for x in parts)
    if not parts or min(parts) < 1:
        raise InvalidValueError(f"the parts {list(parts)} of {what} must be positive integers")
    if sum(parts) != total:
        raise InvalidValueError(
            f"the parts {list(parts)} of {what} add up to {sum(parts)}, not {total}; "
            f"give parts adding up to {total}")
    return parts


def _blocks(parts):
    start = np.cumsum((0,) + parts)
    return [tuple(range(start[i], start[i + 1])) for i in range(len(parts))]


def _parts_text(parts):
    return "S(" + ",".join(str(p) for p in parts) + ")"


def diagonal_young(parts, k=None):
    """``diag(S(a,b,...))``: the diagonal copy ``{(sigma, sigma)}`` of a Young subgroup.

    Parameters
    ----------
    parts : sequence of int
        Block sizes, blocks of consecutive indices in order.
    k : int, optional
        If given, the parts must add up to k.

    Returns
    -------
    PairGroup
        On ``R^{k x k}``, ``k = sum(parts)``, with its Young factors.

    Examples
    --------
    >>> H = diagonal_young((3,))
    >>> H.orbits().tolist()                 # diagonal and off-diagonal
    [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    """
    total = sum(int(x) for x in parts) if k is None else int(k)
    parts = _check_parts(parts, total, "diag(S(...))")
    factors = tuple(YoungFactor(b, b) for b in _blocks(parts))
    return _make(total, total, _factor_generators(factors, total, total),
                 f"diag({_parts_text(parts)})", factors)


def young_product(row_parts, col_parts, k=None, d=None):
    """``S(a,b,...) x S(c,d,...)``: Young subgroups on the rows and on the columns.

    Parameters
    ----------
    row_parts, col_parts : sequence of int
        Block sizes of the row and column Young subgroups.
    k, d : int, optional
        If given, the parts must add up to them.

    Returns
    -------
    PairGroup

    Examples
    --------
    >>> H = young_product((2,), (2,))
    >>> H.name, H.orbits().tolist()         # S_2 x S_2 moves every entry to every other
    ('S(2) x S(2)', [[0, 0], [0, 0]])
    """
    k = sum(int(x) for x in row_parts) if k is None else int(k)
    d = sum(int(x) for x in col_parts) if d is None else int(d)
    rp = _check_parts(row_parts, k, "the row Young subgroup")
    cp = _check_parts(col_parts, d, "the column Young subgroup")
    factors = tuple([YoungFactor(rows=b) for b in _blocks(rp)]
                    + [YoungFactor(cols=b) for b in _blocks(cp)])
    return _make(k, d, _factor_generators(factors, k, d),
                 f"{_parts_text(rp)} x {_parts_text(cp)}", factors)


_PARTS = r"S\(\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\)"  # ASCII digits: S(\u0663) is not S(3)


def _ints(text):
    return tuple(parse_int(x, "a part of S(...)") for x in text.split(","))


def parse_isotropy(spec, k, d):
    """A subgroup of S_k x S_d from a name, or from generators.

    Parameters
    ----------
    spec : str or PairGroup or sequence of (sigma, pi)
        ``"diag(S(a,b,...))"`` (needs ``k == d``), ``"S(a,...) x S(c,...)"``,
        ``"trivial"``; a :class:`PairGroup`; or generator pairs (0-based
        permutations of ``range(k)`` and ``range(d)``).
    k, d : int

    Returns
    -------
    PairGroup

    Raises
    ------
    ParseError
        A name not of these forms.
    InvalidValueError
        Parts not adding up to k (or d), ``diag`` with ``k != d``, or
        generators that are not permutations.

    Examples
    --------
    >>> parse_isotropy("diag(S(2,2))", 4, 4).name
    'diag(S(2,2))'
    >>> parse_isotropy([([1, 0, 2], [0, 1])], 3, 2).orbits().tolist()
    [[0, 1], [0, 1], [2, 3]]
    >>> parse_isotropy("diag(S(2,1))", 3, 4)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidValueError: diag(S(2,1)) needs a square weight matrix (k = d), got k = 3, d = 4
    """
    if isinstance(spec, PairGroup):
        if (spec.k, spec.d) != (k, d):
            raise ShapeError(f"the group acts on {spec.k} x {spec.d} matrices, not {k} x {d}")
        return spec
    if not isinstance(spec, str):
        return _make(k, d, list(spec), "<generators>")
    text = spec.strip()
    if text in ("trivial", "1"):
        return _make(k, d, [], "trivial", tuple([YoungFactor(rows=(i,)) for i in range(k)]
                                                 + [YoungFactor(cols=(j,)) for j in range(d)]))
    m = re.fullmatch(r"diag\(\s*" + _PARTS + r"\s*\)", text)
    if m:
        if k != d:
            raise InvalidValueError(
                f"{text} needs a square weight matrix (k = d), got k = {k}, d = {d}")
        return diagonal_young(_ints(m.group(1)), k)
    m = re.fullmatch(_PARTS + r"\s*x\s*" + _PARTS, text)
    if m:
        return young_product(_ints(m.group(1)), _ints(m.group(2)), k, d)
    raise ParseError(
        f"cannot read the isotropy subgroup {spec!r}; write diag(S(a,b,...)) or "
        "S(a,...) x S(c,...) with parts adding up to k (and d)")


@dataclass(frozen=True, eq=False)
class FixedPointSubspace:
    """Fix(H) in R^{k x d}: matrices constant on the H-orbits of index pairs.

    Attributes
    ----------
    group : PairGroup
    labels : ndarray of int, shape (k, d)
        Orbit of each entry (numbered in row-major order of first appearance).
    sizes : ndarray of int
        Number of entries of each orbit.

    Examples
    --------
    >>> F = fixed_point_subspace(diagonal_young((2, 1)))
    >>> F.dim, F.sizes.tolist()
    (5, [2, 2, 2, 2, 1])
    >>> F.weights([1.0, 2.0, 3.0, 4.0, 5.0]).tolist()   # orbit values
    [[1.0, 2.0, 3.0], [2.0, 1.0, 3.0], [4.0, 4.0, 5.0]]
    """

    group: PairGroup
    labels: np.ndarray
    sizes: np.ndarray

    @property
    def dim(self) -> int:
        """Number of orbits, the dimension of Fix(H)."""
        return int(len(self.sizes))

    def basis_array(self) -> np.ndarray:
        """Orthonormal basis, shape ``(dim, k, d)``: orbit indicators over sqrt(size).

        Examples
        --------
        >>> B = fixed_point_subspace(diagonal_young((2,))).basis_array()
        >>> B.shape, float(np.einsum("akd,bkd->ab", B, B).trace())
        ((2, 2, 2), 2.0)
        """
        k, d = self.labels.shape
        B = np.zeros((self.dim, k * d))
        B[self.labels.ravel(), np.arange(k * d)] = 1.0
        B /= np.sqrt(self.sizes)[:, None]
        return B.reshape(self.dim, k, d)

    def weights(self, values) -> np.ndarray:
        """The matrix with value ``values[m]`` on orbit m.

        Examples
        --------
        >>> fixed_point_subspace(young_product((2,), (2,))).weights([7.0]).tolist()
        [[7.0, 7.0], [7.0, 7.0]]
        """
        values = np.asarray(values, dtype=float)
        if values.shape != (self.dim,):
            raise ShapeError(f"give {self.dim} orbit values, got shape {values.shape}")
        return values[self.labels]

    def orbit_values(self, W) -> np.ndarray:
        """Mean of W over every orbit (the orthogonal projection, in orbit values).

        Examples
        --------
        >>> fixed_point_subspace(diagonal_young((2,))).orbit_values(np.eye(2)).tolist()
        [1.0, 0.0]
        """
        W = np.asarray(W, dtype=float)
        return np.bincount(self.labels.ravel(), W.ravel(), self.dim) / self.sizes

    def project(self, W) -> np.ndarray:
        """Orthogonal projection of W onto Fix(H).

        Examples
        --------
        >>> fixed_point_subspace(young_product((2,), (2,))).project(np.eye(2)).tolist()
        [[0.5, 0.5], [0.5, 0.5]]
        """
        return self.weights(self.orbit_values(W))


def fixed_point_subspace(H) -> FixedPointSubspace:
    """Fix(H) from the orbits of the generators on index pairs (no element list).

    Parameters
    ----------
    H : PairGroup

    Returns
    -------
    FixedPointSubspace

    Examples
    --------
    >>> [fixed_point_subspace(diagonal_young((k - 1, 1))).dim for k in (3, 5, 20, 50)]
    [5, 5, 5, 5]
    >>> fixed_point_subspace(diagonal_young((50,))).dim        # the teacher's: a I + b 1 1^T
    2
    """
    labels = H.orbits()
    sizes = np.bincount(labels.ravel())
    labels.setflags(write=False)
    sizes.setflags(write=False)
    return FixedPointSubspace(H, labels, sizes)


def join(*groups, name=None) -> PairGroup:
    """The subgroup generated by several subgroups of the same S_k x S_d.

    Used for the hidden subspaces of an equivariant network: Theta~ cap
    Fix(K) is Fix of G's action joined with a group K of row permutations.

    Parameters
    ----------
    *groups : PairGroup
    name : str, optional
        Default: the names joined by ``" + "``.

    Returns
    -------
    PairGroup
        Without Young factors (the join of Young-type groups need not be one).

    Examples
    --------
    >>> H = join(young_product((2, 1), (1, 1, 1)), young_product((1, 1, 1), (2, 1)))
    >>> fixed_point_subspace(H).dim, H.name
    (4, 'S(2,1) x S(1,1,1) + S(1,1,1) x S(2,1)')
    """
    if not groups:
        raise InvalidValueError("join needs at least one group")
    k, d = groups[0].k, groups[0].d
    if any((g.k, g.d) != (k, d) for g in groups):
        raise ShapeError("join needs groups acting on matrices of one shape")
    gens = tuple(x for g in groups for x in g.generators)
    return PairGroup(k, d, gens, name or " + ".join(g.name for g in groups), None)


def _act(W, sigma, pi):
    out = np.empty_like(W)
    out[np.ix_(sigma, pi)] = W
    return out


def fixes(H, W, tol=1e-8) -> bool:
    """Whether every generator of H fixes W up to ``tol`` (max abs entry).

    Examples
    --------
    >>> fixes(diagonal_young((3,)), np.eye(3)), fixes(young_product((3,), (3,)), np.eye(3))
    (True, False)
    """
    W = np.asarray(W, dtype=float)
    return all(float(np.abs(_act(W, s, p) - W).max(initial=0.0)) <= tol for s, p in H.generators)


def _components(n, pairs):
    if not pairs:
        return np.arange(n)
    gens = []
    for i, j in pairs:
        p = np.arange(n)
        p[[i, j]] = [j, i]
        gens.append(p)
    return orbit_labels(n, gens)


def _sizes(labels):
    return sorted(np.bincount(labels).tolist(), reverse=True)


def isotropy(W, column_allowed=None, tol=1e-8) -> PairGroup:
    r"""The isotropy of W in S_k x S_d, generated by the transpositions that fix it.

    Three kinds of involutions are searched exhaustively, without listing
    group elements: a row transposition ``(i j)`` (rows i and j of W equal),
    a column transposition ``(p q)`` (columns equal), and a paired one
    ``((i j), (p q))``; the last fixes W only if columns p and q differ in
    exactly the rows i and j, so only column pairs differing in two rows are
    tried (cost O(k d^2)).  The group they generate is the full stabilizer
    whenever that is of Young type (products, diagonal Young subgroups and
    their conjugates, mixtures of them); a stabilizer needing a longer cycle
    (e.g. a cyclic C_3 alone) is not seen.

    Parameters
    ----------
    W : array_like, shape (k, d)
    column_allowed : callable, optional
        ``column_allowed(p, q)`` says whether the column transposition is in
        Gamma (:meth:`WeightModel.column_transposition_allowed`); default all.
    tol : float, default 1e-8
        Entries within ``tol`` count as equal.

    Returns
    -------
    PairGroup
        Named ``diag(S(...))`` (only paired transpositions, k = d; for
        k != d ``diag(S(...)) in S(k) x S(d)`` with the non-trivial parts),
        ``S(...) x S(...)`` (only unpaired ones), ``trivial``, or
        ``mixed(...)`` with its row and column orbit sizes; parts sorted
        decreasingly.

    Examples
    --------
    >>> isotropy(np.eye(4)).name                         # the teacher V = I
    'diag(S(4))'
    >>> W = np.full((4, 4), 0.1); np.fill_diagonal(W, 1.0); W[0, 0] = -0.6
    >>> isotropy(W).name
    'diag(S(3,1))'
    >>> isotropy(np.ones((2, 3))).name
    'S(2) x S(3)'
    >>> isotropy(np.eye(3, 4)).name                      # a zero column stays fixed
    'diag(S(3)) in S(3) x S(4)'
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2:
        raise ShapeError(f"W has shape {W.shape}; give one weight matrix of shape (k, d)")
    if not np.isfinite(W).all():
        raise NonFiniteError("W holds NaN or infinity; pass finite numbers only")
    k, d = W.shape
    if k * d * max(k, d) > MAX_PAIR_COMPARISONS:
        raise InvalidValueError(
            f"comparing every pair of rows and of columns of a {k} x {d} matrix takes "
            f"{k * d * max(k, d):,} entries; the limit is {MAX_PAIR_COMPARISONS:,}")
    allowed = column_allowed or (lambda p, q: True)
    rows_eq = np.abs(W[:, None, :] - W[None, :, :]).max(axis=-1, initial=0.0) <= tol
    diff = np.abs(W[:, :, None] - W[:, None, :]) > tol            # (k, d, d)
    ndiff = diff.sum(axis=0)
    row_pairs = [(i, j) for i, j in zip(*np.nonzero(np.triu(rows_eq, 1)))]
    col_pairs = [(p, q) for p, q in zip(*np.nonzero(np.triu(ndiff == 0, 1))) if allowed(p, q)]
    paired = []
    for p, q in zip(*np.nonzero(np.triu(ndiff == 2, 1))):
        i, j = np.nonzero(diff[:, p, q])[0]
        if not allowed(p, q):
            continue
        s, c = np.arange(k), np.arange(d)
        s[[i, j]] = [j, i]
        c[[p, q]] = [q, p]
        if np.abs(_act(W, s, c) - W).max() <= tol:
            paired.append(((int(i), int(j)), (int(p), int(q))))
    gens = []
    for i, j in row_pairs:
        s = np.arange(k); s[[i, j]] = [j, i]
        gens.append((s, np.arange(d)))
    for p, q in col_pairs:
        c = np.arange(d); c[[p, q]] = [q, p]
        gens.append((np.arange(k), c))
    for (i, j), (p, q) in paired:
        s, c = np.arange(k), np.arange(d)
        s[[i, j]] = [j, i]
        c[[p, q]] = [q, p]
        gens.append((s, c))
    H = _make(k, d, gens, "trivial")
    r_sizes = _sizes(H.row_orbits())
    c_sizes = _sizes(H.col_orbits())
    if not gens:
        name = "trivial"
    elif not paired:
        name = f"{_parts_text(_sizes(_components(k, row_pairs)))} x " \
               f"{_parts_text(_sizes(_components(d, col_pairs)))}"
    elif not row_pairs and not col_pairs and k == d and r_sizes == c_sizes:
        name = f"diag({_parts_text(r_sizes)})"
    elif not row_pairs and not col_pairs and \
            [x for x in r_sizes if x > 1] == [x for x in c_sizes if x > 1]:
        name = f"diag({_parts_text([x for x in r_sizes if x > 1])}) in S({k}) x S({d})"
    else:
        name = f"mixed(rows {_parts_text(r_sizes)}, cols {_parts_text(c_sizes)})"
    return PairGroup(H.k, H.d, H.generators, name, None)
