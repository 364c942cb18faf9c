"""Tests of symtheory.algebra.equivariant and symtheory.testing.

Every space built here is checked with :func:`assert_equivariant`.  Oracles:

* the orbitals by brute force: the orbit of each entry (i, j) under *all*
  group elements, numbered by first appearance;
* known dimensions: Deep Sets (2 and 1), |G| for the regular representation,
  Bell numbers (OEIS A000110) for tensor powers of the natural representation
  of S_n (Maron et al. 2019), Burnside's count for pairs of transitive p-reps;
* the projection as the literal group average (1/|G|) sum_g P_Y(g) W P_X(g)^T;
* the exact rational nullspace of the matrix-representation path, Schur's
  lemma for sign and standard representations.
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from symtheory.algebra.equivariant import (PARAMETERIZATIONS, MatrixRep, MatrixWeightSpace, WeightSpace,
                                   equivariant_basis, orbital_labels)
from symtheory.exceptions import (NonFiniteError, NotAHomomorphismError,
                                  RepresentationMismatchError, ShapeError, SymtheoryError,
                                  UnknownNameError)
from symtheory.algebra.groups import named_group, parse_group
from symtheory.algebra.reps import hom_dimension, natural, parse_rep, regular, transitive_preps, trivial
from symtheory.testing import assert_equivariant

#: Bell numbers B_0..B_9, OEIS A000110.
BELL = [1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147]

ZOO = ["S3", "S4", "A4", "D4", "D6", "C6", "Q8", "V4", "S5"]

FINITE = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)


def tensor_power(G, k):
    """natural^(x)k, points (i_1, ..., i_k) numbered i_1 n^(k-1) + ... + i_k; k = 0 is trivial."""
    if k == 0:
        return trivial(G)
    X = natural(G)
    for _ in range(k - 1):
        X = X.tensor(natural(G))
    return X


def naive_orbital_labels(X, Y):
    """Orbit of each entry (i, j) under every element, numbered by first appearance."""
    h, d = Y.degree, X.degree
    labels = np.full((h, d), -1, dtype=np.int64)
    k = 0
    for i in range(h):
        for j in range(d):
            if labels[i, j] < 0:
                labels[Y.action[:, i], X.action[:, j]] = k
                k += 1
    return labels


def group_average(X, Y, W):
    G = X.group
    total = np.zeros_like(W, dtype=float)
    for g in range(G.order):
        total += Y.matrix(g) @ W @ X.matrix(g).T  # P^-1 = P^T
    return total / G.order


# -- known dimensions ----------------------------------------------------------------------

@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7])
def test_deep_sets_dimensions_and_paper_matrices(n):
    """pi_n -> pi_n is theta1 I + theta2 (11^T - I) (dim 2); pi_0 -> pi_n is theta 1 (dim 1)."""
    G = named_group(f"S{n}")
    X, T = natural(G), trivial(G)
    V = equivariant_basis(X, X)
    assert_equivariant(V)
    assert V.dim == 2 and V.names == ["diagonal", "off-diagonal"]
    t0, t1 = V.symbols
    assert [str(t) for t in V.symbols] == ["theta_0", "theta_1"] and t0.is_real
    expected = t0 * sympy.eye(n) + t1 * (sympy.ones(n, n) - sympy.eye(n))
    assert V.matrix() == expected
    assert_equivariant(V.matrix(), X, X)
    U = equivariant_basis(T, X)
    assert_equivariant(U)
    assert U.dim == 1 and U.names == ["constant"] and U.matrix() == U.symbols[0] * sympy.ones(n, 1)
    assert equivariant_basis(X, T).dim == 1


@pytest.mark.parametrize("name", ZOO)
def test_regular_to_regular_has_dimension_order(name):
    G = named_group(name)
    R = regular(G)
    V = equivariant_basis(R, R)
    assert_equivariant(V)
    assert V.dim == G.order
    # W[i, j] depends only on g_i^-1 g_j: the orbital of (x, y) is that of (1, x^-1 y)
    key = G.multiplication_table[G.inverse[:, None], np.arange(G.order)[None, :]]
    assert np.array_equal(V.labels, V.labels[0][key])


def test_regular_s6_dimension():
    G = named_group("S6")
    R = regular(G)
    V = equivariant_basis(R, R)
    assert V.dim == 720 and V.shape == (720, 720)
    assert np.all(V.sizes == 720)
    assert_equivariant(V)


BELL_CASES = [(n, k, l) for n in range(2, 8) for k in range(4) for l in range(4)
              if k + l <= n] + [(7, 4, 3)]


@pytest.mark.parametrize("n,k,l", BELL_CASES)
def test_tensor_powers_of_natural_have_bell_dimension(n, k, l):
    """Hom_{S_n}(pi_n^{(x)k}, pi_n^{(x)l}) has dimension Bell(k+l) when n >= k+l."""
    G = named_group(f"S{n}")
    X, Y = tensor_power(G, k), tensor_power(G, l)
    assert (X.degree, Y.degree) == (n ** k, n ** l)
    V = equivariant_basis(X, Y)
    assert V.dim == BELL[k + l]
    assert_equivariant(V)


def stirling2(m, j):
    table = [[0] * (j + 1) for _ in range(m + 1)]
    table[0][0] = 1
    for a in range(1, m + 1):
        for b in range(1, j + 1):
            table[a][b] = b * table[a - 1][b] + table[a - 1][b - 1]
    return table[m][j]


@pytest.mark.parametrize("n,k,l", [(2, 2, 1), (2, 2, 2), (3, 2, 2), (3, 3, 1), (2, 3, 2),
                                   (4, 3, 2)])
def test_tensor_powers_below_bell_range_count_partitions_with_at_most_n_blocks(n, k, l):
    """For n < k+l the orbitals are the set partitions of k+l indices into at most n blocks."""
    G = named_group(f"S{n}")
    V = equivariant_basis(tensor_power(G, k), tensor_power(G, l))
    assert_equivariant(V)
    assert V.dim == sum(stirling2(k + l, j) for j in range(1, n + 1)) < BELL[k + l]


@pytest.mark.parametrize("name", ZOO)
def test_dim_equals_hom_dimension_on_all_transitive_pairs(name):
    G = named_group(name)
    preps = transitive_preps(G)
    naive = G.order <= 24
    for X in preps:
        for Y in preps:
            V = equivariant_basis(X, Y)
            assert V.dim == hom_dimension(X, Y)
            assert V.shape == (Y.degree, X.degree)
            assert int(V.sizes.sum()) == X.degree * Y.degree
            assert_equivariant(V)
            if naive:
                assert np.array_equal(V.labels, naive_orbital_labels(X, Y))


def test_orbital_labels_on_sums_and_names():
    G = named_group("S4")
    X = parse_rep(G, "natural + trivial")
    Y = parse_rep(G, "trivial + natural")
    V = equivariant_basis(X, Y)
    assert_equivariant(V)
    assert np.array_equal(V.labels, naive_orbital_labels(X, Y))
    assert np.array_equal(orbital_labels(X, Y), V.labels)
    assert V.dim == 1 + 1 + 1 + 2
    assert V.names == ["constant [trivial#0 <- natural#0]", "constant [trivial#0 <- trivial#1]",
                       "diagonal [natural#1 <- natural#0]",
                       "off-diagonal [natural#1 <- natural#0]",
                       "constant [natural#1 <- trivial#1]"]


# -- WeightSpace numerics -------------------------------------------------------------------

SPACES = {
    "natural S4": ("S4", "natural", "natural"),
    "sum S3": ("S3", "natural + trivial", "regular + cosets(2)"),
    "cosets D4": ("D4", "cosets(1)", "cosets(3) + natural"),
    "Q8 regular": ("Q8", "regular", "cosets(1)"),
}


def space(key, parameterization="raw"):
    g, x, y = SPACES[key]
    G = named_group(g)
    X, Y = parse_rep(G, x), parse_rep(G, y)
    return equivariant_basis(X, Y, parameterization=parameterization), X, Y


@settings(derandomize=True, max_examples=40, deadline=None)
@given(st.sampled_from(sorted(SPACES)), st.sampled_from(PARAMETERIZATIONS), st.data())
def test_to_numpy_batched_and_coordinates_invert_it(key, param, data):
    V, X, Y = space(key, param)
    assert_equivariant(V)
    theta = data.draw(arrays(np.float64, (2, 3, V.dim), elements=FINITE))
    W = V.to_numpy(theta)
    assert W.shape == (2, 3) + V.shape
    for a in range(2):
        for b in range(3):
            assert np.array_equal(W[a, b], V.to_numpy(theta[a, b]))
            assert_equivariant(W[a, b], X, Y, atol=1e-12)
    assert np.allclose(V.coordinates(W), theta, atol=1e-9)
    # W(theta) is sum_a theta_a c_a B_a with the dense basis
    assert np.allclose(W, np.einsum("...k,khd->...hd", theta, V.basis_array()), atol=1e-9)
    assert np.allclose(V.equivariance_error(W), 0, atol=1e-9)
    assert V.contains(W[0, 0], tol=1e-8)


@settings(derandomize=True, max_examples=30, deadline=None)
@given(st.sampled_from(sorted(SPACES)), st.sampled_from(PARAMETERIZATIONS), st.data())
def test_project_is_the_orthogonal_group_average(key, param, data):
    V, X, Y = space(key, param)
    W = data.draw(arrays(np.float64, V.shape, elements=FINITE))
    P = V.project(W)
    assert np.allclose(P, group_average(X, Y, W), atol=1e-9)
    assert_equivariant(P, X, Y, atol=1e-9)
    assert np.allclose(V.project(P), P, atol=1e-12)  # idempotent
    R = W - P
    B = V.basis_array()
    assert np.allclose(np.einsum("hd,khd->k", R, B), 0, atol=1e-9)  # residual is orthogonal
    assert np.isclose(V.equivariance_error(W), np.linalg.norm(R), atol=1e-9)
    # the projection is the closest point: any other point of the space is farther
    theta = data.draw(arrays(np.float64, (V.dim,), elements=FINITE))
    assert np.linalg.norm(W - V.to_numpy(theta)) >= np.linalg.norm(R) - 1e-9
    # coordinates are the least-squares solution, independent of the basis scale
    assert np.allclose(V.to_numpy(V.coordinates(W)), P, atol=1e-9)
    batch = np.stack([W, 2 * W])
    assert np.allclose(V.project(batch)[1], 2 * P) and V.equivariance_error(batch).shape == (2,)


@pytest.mark.parametrize("key", sorted(SPACES))
def test_parameterizations_geometry(key):
    raw = space(key, "raw")[0]
    ortho = raw.with_parameterization("orthonormal")
    resc = raw.with_parameterization("rescaled")
    for V in (raw, ortho, resc):
        assert_equivariant(V)
        assert V == V.with_parameterization(V.parameterization)
    assert ortho != raw and np.array_equal(ortho.labels, raw.labels)
    Bo = ortho.basis_array().reshape(ortho.dim, -1)
    assert np.allclose(Bo @ Bo.T, np.eye(ortho.dim))
    Br = resc.basis_array().reshape(resc.dim, -1)
    norms = np.linalg.norm(Br, axis=1)
    assert np.allclose(norms, np.sqrt(raw.sizes.max()))
    assert np.allclose(Br @ Br.T, np.diag(norms ** 2))
    Braw = raw.basis_array()
    assert set(np.unique(Braw).tolist()) <= {0.0, 1.0}
    # the three share one subspace: the same projection
    W = np.random.default_rng(0).normal(size=raw.shape)
    assert np.allclose(raw.project(W), resc.project(W))
    assert np.allclose(raw.project(W), ortho.project(W))
    # exact symbolic basis elements are equivariant and match the float ones
    for a in range(resc.dim):
        Ba = resc.basis_matrix(a)
        assert_equivariant(Ba, resc.input, resc.output)
        assert np.allclose(np.array(Ba.evalf().tolist(), dtype=float), resc.basis_array()[a])


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_rescaled_natural_is_the_papers_figure_5b_parameterization(n):
    G = named_group(f"S{n}")
    V = equivariant_basis(natural(G), natural(G), parameterization="rescaled")
    t1, t2 = V.symbols
    paper = sympy.sqrt(n - 1) * t1 * sympy.eye(n) + t2 * (sympy.ones(n, n) - sympy.eye(n))
    assert (V.matrix() - paper).applyfunc(sympy.simplify) == sympy.zeros(n, n)
    assert_equivariant(V.matrix(), natural(G), natural(G))
    assert np.allclose(V.to_numpy([1.0, 2.0]),
                       np.sqrt(n - 1) * np.eye(n) + 2.0 * (np.ones((n, n)) - np.eye(n)))
    O = equivariant_basis(natural(G), natural(G), parameterization="orthonormal")
    assert (O.matrix() - paper / sympy.sqrt(n * (n - 1))).applyfunc(sympy.simplify) == \
        sympy.zeros(n, n)


def test_contains_is_exact_for_sympy_matrices():
    G = named_group("S3")
    V = equivariant_basis(natural(G), natural(G))
    x = sympy.Symbol("x")
    good = sympy.Matrix(3, 3, lambda i, j: sympy.sqrt(2) if i == j else x)
    assert_equivariant(V)
    assert_equivariant(good, natural(G), natural(G))
    assert V.contains(good) and V.contains(V.matrix())
    assert not V.contains(good + sympy.Matrix(3, 3, lambda i, j: 1 if (i, j) == (0, 1) else 0))


# -- matrix representations ------------------------------------------------------------------

@pytest.mark.parametrize("name,pairs", [
    ("S3", "all"),
    ("D4", [("natural", "natural"), ("cosets(1)", "natural + trivial"),
            ("cosets(3)", "cosets(4)")]),
    ("Q8", [("cosets(1)", "cosets(2)"), ("regular", "trivial")]),
])
def test_matrix_path_agrees_with_perm_path(name, pairs):
    G = named_group(name)
    if pairs == "all":
        exprs = [f"cosets({i})" for i in range(len(transitive_preps(G)))] + ["natural + trivial"]
        pairs = [(a, b) for a in exprs for b in exprs]
    for xe, ye in pairs:
        X, Y = parse_rep(G, xe), parse_rep(G, ye)
        V = equivariant_basis(X, Y)
        M = equivariant_basis(MatrixRep.from_perm_rep(X), MatrixRep.from_perm_rep(Y))
        assert isinstance(M, MatrixWeightSpace) and M.shape == V.shape
        assert_equivariant(M)
        assert_equivariant(M, X, Y)
        assert M.dim == V.dim
        # same span: every rational basis element lies in the orbital space, and the
        # rational basis is independent (dimension count closes the argument)
        for B in M.basis:
            assert V.contains(B)
        stacked = sympy.Matrix([list(B) for B in M.basis]) if M.dim else sympy.zeros(0, 1)
        assert stacked.rank() == M.dim
        # mixed arguments take the matrix path
        assert equivariant_basis(X, MatrixRep.from_perm_rep(Y)).dim == V.dim


def kron_rep(A, B, name):
    mats = [sympy.kronecker_product(a, b) for a, b in zip(A.matrices, B.matrices)]
    return MatrixRep(A.group, mats, name=name)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_schur_sign_and_standard(n):
    """Schur's lemma on the irreducible sign and standard representations of S_n."""
    G = named_group(f"S{n}")
    sign, std = MatrixRep.sign(G), MatrixRep.standard(G)
    triv = MatrixRep.from_perm_rep(trivial(G))
    nat = MatrixRep.from_perm_rep(natural(G))
    dims = {}
    for a, A in [("trivial", triv), ("sign", sign), ("standard", std), ("natural", nat)]:
        for b, B in [("trivial", triv), ("sign", sign), ("standard", std), ("natural", nat)]:
            M = equivariant_basis(A, B)
            assert_equivariant(M)
            dims[a, b] = M.dim
    assert dims["sign", "sign"] == 1 and dims["trivial", "sign"] == 0
    assert dims["sign", "trivial"] == 0
    assert dims["standard", "standard"] == 1
    assert dims["standard", "sign"] == dims["sign", "standard"] == 0
    assert dims["standard", "trivial"] == 0
    assert dims["natural", "standard"] == dims["standard", "natural"] == 1  # pi_n = 1 + std
    assert dims["natural", "natural"] == 2
    M = equivariant_basis(std, std)
    B = M.basis[0]
    assert B == B[0, 0] * sympy.eye(n - 1)  # a multiple of the identity
    # standard (x) sign is the standard rep again only for n = 3
    twisted = kron_rep(std, sign, "standard x sign")
    assert equivariant_basis(twisted, std).dim == (1 if n == 3 else 0)
    assert_equivariant(equivariant_basis(twisted, twisted))


def test_sign_is_trivial_on_alternating_groups():
    G = named_group("A4")
    M = equivariant_basis(MatrixRep.from_perm_rep(trivial(G)), MatrixRep.sign(G))
    assert M.dim == 1
    assert_equivariant(M)


def test_algebraic_entries_dihedral_and_rotation_reps():
    """Matrix reps with entries in QQ(sqrt 3): the 2-D rep of S3 as the symmetries
    of a triangle is absolutely irreducible and isomorphic to the standard rep
    (Schur: dimension 1 each way); the rotation rep of C3 is irreducible over
    the reals but its commutant is {a I + b J}, dimension 2."""
    half, s3 = sympy.Rational(1, 2), sympy.sqrt(3) / 2
    rot = sympy.Matrix([[-half, -s3], [s3, -half]])  # rotation by 120 degrees
    G = named_group("S3")  # generators (1,2,3), (1,2)
    # (1,2) is a reflection f with f r f = r^-1; pick the axis so that the rep is well defined
    refl = sympy.Matrix([[1, 0], [0, -1]])
    D = MatrixRep(G, [rot, refl], name="triangle")
    M = equivariant_basis(D, D)
    assert_equivariant(M)
    assert M.dim == 1
    B = M.basis[0]
    assert B == B[0, 0] * sympy.eye(2)
    std = MatrixRep.standard(G)
    for A, C in ((std, D), (D, std)):
        N = equivariant_basis(A, C)
        assert_equivariant(N)
        assert N.dim == 1 and N.basis[0].det() != 0  # an isomorphism
    C3 = named_group("C3")
    R = MatrixRep(C3, [rot])
    Mr = equivariant_basis(R, R)
    assert_equivariant(Mr)
    assert Mr.dim == 2


def test_inexact_matrix_entries_raise_type_error():
    G = named_group("C2")
    for mats in ([[[-1.0]]], [sympy.Matrix([[0, 1], [1, 0]]) * sympy.Float(1.0)],
                 [[[sympy.Symbol("x")]]]):
        with pytest.raises(TypeError) as exc:
            MatrixRep(G, mats)
        one_line(exc)
    with pytest.raises(UnknownNameError):
        equivariant_basis(MatrixRep.sign(G), MatrixRep.sign(G), parameterization="polar")


def test_matrix_rep_symbolic_matrix_and_characters():
    G = named_group("S4")
    std = MatrixRep.standard(G)
    M = equivariant_basis(std, std)
    W = M.matrix()
    assert W == M.symbols[0] * M.basis[0]
    assert_equivariant(W, std, std)
    # the character of the standard representation is fix(g) - 1
    chi = [int(c) for c in std.character()]
    assert chi == (natural(G).permutation_character() - 1).tolist()
    assert [int(c) for c in MatrixRep.sign(G).character()].count(-1) == 12


# -- bad input -------------------------------------------------------------------------------

def one_line(exc_info):
    msg = str(exc_info.value)
    assert msg and "\n" not in msg
    return msg


def test_reps_of_different_groups_raise_one_clear_error():
    S3, S4 = named_group("S3"), named_group("S4")
    with pytest.raises(RepresentationMismatchError) as exc:
        equivariant_basis(natural(S3), natural(S4))
    one_line(exc)
    with pytest.raises(RepresentationMismatchError):
        equivariant_basis(MatrixRep.sign(S3), MatrixRep.sign(S4))
    with pytest.raises(RepresentationMismatchError):
        equivariant_basis(natural(S3), MatrixRep.sign(S4))
    # equal groups with different generator lists: the constraints would pair the
    # wrong matrices, so both paths refuse (this was a bug in the matrix path)
    other = parse_group("(1,2),(2,3)")
    with pytest.raises(RepresentationMismatchError):
        equivariant_basis(natural(S3), natural(other))
    with pytest.raises(RepresentationMismatchError) as exc:
        equivariant_basis(MatrixRep.from_perm_rep(natural(S3)),
                          MatrixRep.from_perm_rep(natural(other)))
    one_line(exc)
    with pytest.raises(RepresentationMismatchError):
        assert_equivariant(np.eye(3), natural(S3), natural(other))
    with pytest.raises(TypeError):
        equivariant_basis(natural(S3), "natural")


def test_non_homomorphisms_raise_one_clear_error():
    G = named_group("S3")
    for mats in ([[[1]], [[2]]], [[[-1]], [[-1]]]):  # (-1)^3 != 1 for the 3-cycle
        with pytest.raises(NotAHomomorphismError) as exc:
            MatrixRep(G, mats)
        one_line(exc)
    with pytest.raises(NotAHomomorphismError):
        MatrixRep(G, [[[1]]])
    std = MatrixRep.standard(G)
    with pytest.raises(NotAHomomorphismError):
        MatrixRep(G, [std.matrices[1], std.matrices[0]])  # swapped generators


def test_shape_mismatches_raise_one_clear_error():
    G = named_group("S3")
    with pytest.raises(ShapeError) as exc:
        MatrixRep(G, [[[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]])
    one_line(exc)
    V = equivariant_basis(natural(G), regular(G))
    assert_equivariant(V)
    for call in (lambda: V.to_numpy(np.zeros(V.dim + 1)),
                 lambda: V.coordinates(np.zeros((3, 6))),
                 lambda: V.project(np.zeros((6, 4))),
                 lambda: V.equivariance_error(np.zeros(6)),
                 lambda: WeightSpace([0, 1, 2]),
                 lambda: assert_equivariant(np.zeros((3, 6)), natural(G), regular(G))):
        with pytest.raises(ShapeError) as exc:
            call()
        one_line(exc)
    for bad in (np.full(V.shape, np.nan), np.full(V.shape, np.inf)):
        with pytest.raises(NonFiniteError):
            V.project(bad)
    with pytest.raises(NonFiniteError):
        V.to_numpy(np.full(V.dim, np.nan))
    with pytest.raises(UnknownNameError):
        equivariant_basis(natural(G), natural(G), parameterization="polar")
    with pytest.raises(SymtheoryError):
        WeightSpace([[0, 2], [2, 0]])  # label 1 unused


# -- the assert_equivariant helper itself --------------------------------------------------------

def test_assert_equivariant_detects_violations_exactly():
    G = named_group("S4")
    X = natural(G)
    V = equivariant_basis(X, X)
    W = V.to_numpy([1.0, 3.0])
    assert_equivariant(W, X, X, atol=0)
    W2 = W.copy()
    W2[2, 3] += 1e-6
    with pytest.raises(AssertionError):
        assert_equivariant(W2, X, X)
    assert_equivariant(W2, X, X, atol=1e-5)
    # exact entries: Fractions, integers, SymPy
    F = np.array([[Fraction(1, 3) if i == j else Fraction(2, 7) for j in range(4)]
                  for i in range(4)], dtype=object)
    assert_equivariant(F, X, X)
    F[0, 1] = Fraction(2, 7) + Fraction(1, 10 ** 12)
    with pytest.raises(AssertionError):
        assert_equivariant(F, X, X)
    S = sympy.Matrix(4, 4, lambda i, j: sympy.sqrt(2) ** 2 if i == j else sympy.Rational(1, 3))
    assert_equivariant(S, X, X)
    S[1, 1] = sympy.Integer(2) + sympy.Rational(1, 10 ** 20)
    with pytest.raises(AssertionError) as exc:
        assert_equivariant(S, X, X)
    assert "generator" in one_line(exc)
    # matrix representations: rho_Y(g) W == W rho_X(g)
    std = MatrixRep.standard(G)
    assert_equivariant(sympy.eye(3) * sympy.Rational(5, 2), std, std)
    with pytest.raises(AssertionError):
        assert_equivariant(sympy.diag(1, 1, 2), std, std)
    assert_equivariant(np.eye(3) * 0.5, std, std, exact=False)
    assert_equivariant(2 * np.eye(3, dtype=np.int64), std, std)
    with pytest.raises(AssertionError):
        assert_equivariant(np.diag([1.0, 1.0, 2.0]), std, std)
    with pytest.raises(ShapeError):
        assert_equivariant(np.eye(2), std, std)
    # a p-rep paired with a matrix rep: the all-ones row maps natural onto trivial
    assert_equivariant(sympy.ones(1, 4), X, MatrixRep.from_perm_rep(trivial(G)))
    with pytest.raises(AssertionError):
        assert_equivariant(sympy.Matrix([[1, 0, 0, 0]]), X, MatrixRep.from_perm_rep(trivial(G)))


def test_assert_equivariant_rejects_a_non_equivariant_space():
    G = named_group("S3")
    X = natural(G)
    fake = WeightSpace([[0, 1, 1], [1, 0, 2], [1, 2, 0]], input=X, output=X)
    with pytest.raises(AssertionError):
        assert_equivariant(fake)
    with pytest.raises(TypeError):
        assert_equivariant(WeightSpace([[0, 1], [1, 0]]))
    with pytest.raises(TypeError):
        assert_equivariant(np.eye(3))


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.sampled_from(["natural", "trivial + natural", "cosets(1)", "regular"]),
       st.sampled_from(["natural", "2*trivial", "cosets(2) + trivial"]), st.data())
def test_assert_equivariant_catches_every_single_entry_perturbation(xe, ye, data):
    """Changing one entry of an equivariant W breaks equivariance exactly when
    that entry's orbital has more than one entry (a fixed entry may change freely)."""
    G = named_group("S3")
    X, Y = parse_rep(G, xe), parse_rep(G, ye)
    V = equivariant_basis(X, Y)
    assert_equivariant(V)
    theta = data.draw(st.lists(st.integers(-5, 5), min_size=V.dim, max_size=V.dim))
    W = np.array(theta, dtype=np.int64)[V.labels]  # exact integer weights
    assert_equivariant(W, X, Y)
    i = data.draw(st.integers(0, V.shape[0] - 1))
    j = data.draw(st.integers(0, V.shape[1] - 1))
    W[i, j] += data.draw(st.sampled_from([-2, -1, 1, 3]))
    if V.sizes[V.labels[i, j]] > 1:
        with pytest.raises(AssertionError):
            assert_equivariant(W, X, Y)
    else:
        assert_equivariant(W, X, Y)
