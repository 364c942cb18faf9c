"""Tests of symtheory.algebra.reps: p-rep validation, conventions, algebra, Lemma 2.6.

Oracles, independent of the library's action tables:

* coset actions are rebuilt from sets of image arrays (``xH`` as a frozenset
  of permutations, ``g.(xH) = (gx)H`` by composing image arrays);
* fixed points of g on G/H are counted by the classical formula
  ``fix(g) = |{x in G : x^-1 g x in H}| / |H|``;
* dim Hom_G(X, Y) is checked against Burnside's lemma,
  ``(1/|G|) sum_g fix_X(g) fix_Y(g)``, and against the number of double
  cosets ``H\\G/K`` computed as sets;
* isomorphism of small G-sets against a brute force over all bijections.
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symtheory.exceptions import (NotAHomomorphismError, NotASubgroupError, ParseError,
                                  RepresentationMismatchError, SymtheoryError)
from symtheory.algebra.groups import named_group, parse_group
from symtheory.algebra.reps import (
    PermRep,
    cosets,
    hom_dimension,
    natural,
    parse_rep,
    regular,
    table_of_marks,
    transitive_preps,
    trivial,
)
from symtheory.algebra.subgroup_classes import class_index, conjugacy_classes_subgroups
from symtheory.algebra.orbital_counts import double_coset_counts
from symtheory.algebra.subgroups import double_cosets, subgroup

ZOO = ["S3", "S4", "A4", "D4", "D6", "C6", "Q8", "V4", "S5", "PSL(2,7)"]
SMALL_ZOO = ["S3", "S4", "A4", "D4", "C6", "Q8", "V4"]


def one_line(exc_info):
    msg = str(exc_info.value)
    assert msg and "\n" not in msg
    return msg


# -- naive oracles -------------------------------------------------------------------

def compose(g, h):
    """Image array of g o h (apply h first)."""
    return tuple(g[x] for x in h)


def naive_coset_action(G, H_elements):
    """Action of every element of G on the left cosets of H, from sets of image arrays.

    Cosets are numbered as ``cosets`` documents: ``H`` first, then by the
    first element of ``G.elements`` lying in them.
    """
    els = [tuple(int(x) for x in g) for g in G.elements]
    H = [els[i] for i in H_elements]
    numbering, order = {}, []
    for x in els:
        c = frozenset(compose(x, h) for h in H)
        if c not in numbering:
            numbering[c] = len(order)
            order.append(x)
    action = np.empty((len(els), len(order)), dtype=np.int64)
    for gi, g in enumerate(els):
        for k, x in enumerate(order):
            action[gi, k] = numbering[frozenset(compose(compose(g, x), h) for h in H)]
    return action


def naive_fixed_points(G, H_elements):
    """fix_{G/H}(g) = |{x : x^-1 g x in H}| / |H| for every g, via the conjugation table."""
    C = G.conjugation_table  # C[x, g] = x g x^-1
    inH = np.zeros(G.order, dtype=bool)
    inH[np.asarray(H_elements)] = True
    counts = inH[C[G.inverse]].sum(axis=0)  # row x^-1: x^-1 g x
    assert np.all(counts % len(H_elements) == 0)
    return counts // len(H_elements)


def naive_double_coset_count(G, H_elements, K_elements):
    T = G.multiplication_table
    H, K = np.asarray(H_elements), np.asarray(K_elements)
    seen = np.zeros(G.order, dtype=bool)
    count = 0
    for g in range(G.order):
        if not seen[g]:
            seen[T[T[H, g][:, None], K].ravel()] = True  # h g k
            count += 1
    return count


def naive_orbits(rep):
    """Orbits by breadth-first search with the generator images."""
    left = set(range(rep.degree))
    orbits = []
    while left:
        start = min(left)
        orb, frontier = {start}, [start]
        while frontier:
            frontier = [im[p] for p in frontier for im in rep.images if im[p] not in orb]
            orb.update(frontier)
        orbits.append(sorted(orb))
        left -= orb
    return orbits


def intertwines(phi, X, Y):
    """phi[g(i)] == g(phi[i]) for every element g (all of them, not just generators)."""
    phi = np.asarray(phi)
    return (sorted(phi.tolist()) == list(range(Y.degree))
            and np.array_equal(phi[X.action], Y.action[:, phi]))


def relabel(X, sigma):
    """The p-rep with point sigma[i] playing the role of point i of X."""
    sigma = np.asarray(sigma)
    images = []
    for im in X.images:
        new = np.empty(X.degree, dtype=np.int64)
        new[sigma] = sigma[np.asarray(im)]
        images.append(new)
    return PermRep(X.group, images, name="relabelled")


def conjugate_elements(G, H_elements, x):
    C = G.conjugation_table
    return np.sort(C[x, np.asarray(H_elements)])


# -- validation --------------------------------------------------------------------

def test_non_homomorphism_raises_one_line_error():
    G = named_group("S3")  # generators (1,2,3), (1,2)
    with pytest.raises(NotAHomomorphismError) as exc:
        PermRep(G, [[1, 0], [0, 1]])  # 3-cycle -> swap breaks g^3 = 1
    one_line(exc)
    with pytest.raises(NotAHomomorphismError):
        PermRep(G, [[0, 1, 2]])  # one image for two generators
    with pytest.raises(NotAHomomorphismError):
        PermRep(G, [[0, 0, 1], [0, 1, 2]])  # not a permutation
    with pytest.raises(NotAHomomorphismError):
        PermRep(named_group("Q8"), [[1, 2, 0], [0, 1, 2]])  # i has order 4, a 3-cycle 3
    # Q8 -> C2 with kernel <k> (i, j -> swap) is a homomorphism and is accepted
    assert PermRep(named_group("Q8"), [[1, 0], [1, 0]]).degree == 2


def test_homomorphism_check_against_the_presentation_of_s3():
    """S3 = <a, b | a^3 = b^2 = (ab)^2 = 1> with a = (1,2,3), b = (1,2): a pair
    of images defines a p-rep exactly when it satisfies the three relations.
    Exhaustive over all pairs of permutations of 1..4 points."""
    G = named_group("S3")
    assert [list(g) for g in G.generators] == [[1, 2, 0], [1, 0, 2]]
    accepted = 0
    for m in range(1, 5):
        ident = np.arange(m)
        perms = [np.array(p) for p in itertools.permutations(range(m))]
        for a in perms:
            for b in perms:
                holds = (np.array_equal(a[a[a]], ident) and np.array_equal(b[b], ident)
                         and np.array_equal(a[b][a[b]], ident))
                if holds:
                    X = PermRep(G, [a, b])
                    assert np.array_equal(X.action[G.generator_indices[1]], b)
                    accepted += 1
                else:
                    with pytest.raises(NotAHomomorphismError):
                        PermRep(G, [a, b])
    # |Hom(S3, S_m)| has EGF exp(sum_H x^[G:H] / [G:H]) = exp(x + x^2/2 + x^3 + x^6/6)
    # (sum over the 6 subgroups H): coefficients times m! give 1, 2, 10, 34
    assert accepted == 1 + 2 + 10 + 34


def test_valid_sign_like_reps_are_accepted():
    G = named_group("S4")
    # sign of a permutation acting on {0, 1}
    sign = PermRep(G, [[1, 0] if _odd(g) else [0, 1] for g in G.generators])
    for g in range(G.order):
        assert sign.action[g, 0] == (1 if _odd(G.elements[g]) else 0)


def _odd(perm):
    perm = list(perm)
    inversions = sum(1 for i in range(len(perm)) for j in range(i + 1, len(perm))
                     if perm[i] > perm[j])
    return inversions % 2 == 1


# -- the matrix convention ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["S3", "S4", "D4", "Q8"])
def test_matrix_convention_and_homomorphism(name):
    """P(g)[g(i), i] = 1, P(g) e_i = e_g(i), and P(gh) = P(g) P(h) for all g, h."""
    G = named_group(name)
    T = G.multiplication_table
    for X in (natural(G), regular(G), parse_rep(G, "natural + trivial")):
        mats = [X.matrix(g) for g in range(G.order)]
        for g in range(G.order):
            P = mats[g]
            for i in range(X.degree):
                e = np.zeros(X.degree, dtype=np.int64)
                e[i] = 1
                assert np.array_equal(P @ e, np.eye(X.degree, dtype=np.int64)[X.action[g, i]])
                assert P[X.action[g, i], i] == 1 and P[:, i].sum() == 1
        for g in range(G.order):
            for h in range(G.order):
                assert np.array_equal(mats[T[g, h]], mats[g] @ mats[h])
    # the natural action is the group's own image arrays
    assert np.array_equal(natural(G).action, G.elements)


def test_matrix_accepts_cycle_strings_and_sympy_order_leak():
    G = named_group("S3")
    X = natural(G)
    P = X.matrix("(1,2,3)")  # 1 -> 2 -> 3 -> 1, i.e. 0 -> 1 -> 2 -> 0
    assert P.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    # SymPy's p*q applies p first, so it is symtheory's q*p:  P(sympy p*q) = P(q) P(p)
    from sympy.combinatorics import Permutation
    p, q = Permutation([1, 2, 0]), Permutation([1, 0, 2])
    assert np.array_equal(X.matrix(list((p * q).array_form)),
                          X.matrix(list(q.array_form)) @ X.matrix(list(p.array_form)))


@settings(derandomize=True, max_examples=40, deadline=None)
@given(st.integers(0, 119), st.integers(0, 119))
def test_matrix_homomorphism_sampled_in_s5_regular(g, h):
    G = named_group("S5")
    X = regular(G)
    gh = G.index(G.elements[g][G.elements[h]])  # compose image arrays: h first
    assert np.array_equal(X.matrix(gh), X.matrix(g) @ X.matrix(h))


# -- algebra ------------------------------------------------------------------------------

def test_direct_sum_and_multiples():
    G = named_group("S4")
    X, Y = natural(G), cosets(G, "(1,2)(3,4),(1,3)(2,4)")
    S = X + Y
    assert S.degree == X.degree + Y.degree
    assert S.summands == (("natural", 4), (Y.name, Y.degree))
    assert np.array_equal(S.action, np.hstack([X.action, Y.action + X.degree]))
    three = 3 * X
    assert three.degree == 12 and len(three.summands) == 3
    assert np.array_equal(three.action, (X + X + X).action)
    assert np.array_equal((X * 2).action, (X + X).action)
    assert np.array_equal(S.permutation_character(),
                          X.permutation_character() + Y.permutation_character())
    for bad in (0, -1, 1.5, True):
        with pytest.raises((SymtheoryError, TypeError)):
            bad * X


def test_tensor_product_action_and_character():
    G = named_group("D4")
    X, Y = natural(G), parse_rep(G, "cosets((1,3))")
    Z = X.tensor(Y)
    assert Z.degree == X.degree * Y.degree
    d2 = Y.degree
    for g in range(G.order):
        for i in range(X.degree):
            for j in range(Y.degree):
                assert Z.action[g, i * d2 + j] == X.action[g, i] * d2 + Y.action[g, j]
    assert np.array_equal(Z.permutation_character(),
                          X.permutation_character() * Y.permutation_character())
    assert np.array_equal((X @ Y).action, Z.action)


def test_restriction_to_a_subgroup():
    G = named_group("S4")
    X = natural(G) + regular(G)
    H = subgroup(G, "(1,2,3,4),(1,3)")  # a D8
    R = X.restrict(H)
    assert R.group.order == H.order == 8
    for k in range(R.group.order):
        g = G.index(R.group.elements[k])
        assert g in H
        assert np.array_equal(R.action[k], X.action[g])
    assert len(natural(G).restrict(subgroup(G, "(1,2)")).orbits()) == 3


def test_representations_of_different_groups_do_not_combine():
    S3, S4 = named_group("S3"), named_group("S4")
    with pytest.raises(RepresentationMismatchError) as exc:
        natural(S3) + natural(S4)
    one_line(exc)
    # the same group with another generator list is a different homomorphism domain
    other = parse_group("(1,2),(2,3)")
    for op in (lambda a, b: a + b, lambda a, b: a.tensor(b), hom_dimension):
        with pytest.raises(RepresentationMismatchError):
            op(natural(S3), natural(other))
    with pytest.raises(RepresentationMismatchError):
        natural(S3).restrict(subgroup(S4, "(1,2)"))
    # two Group objects with the same generators do combine
    assert (natural("S3") + natural(named_group("S3"))).degree == 6


def test_subgroups_of_an_equal_group_with_other_generators_are_renumbered():
    """A subgroup of S3 built from the generators (1,2),(2,3) numbers its
    elements differently from named_group("S3"); cosets and restrict must
    look them up by image array (this was a bug: indices were reused)."""
    G, K = named_group("S3"), parse_group("(1,2),(2,3)")
    assert G == K and G.generators != K.generators
    H = subgroup(K, "(1,2)")
    X = cosets(G, H)
    stab = {tuple(G.elements[g]) for g in X.stabilizer(0).elements}
    assert stab == {(0, 1, 2), (1, 0, 2)}
    assert np.array_equal(X.action, naive_coset_action(G, subgroup(G, "(1,2)").elements))
    R = natural(G).restrict(H)
    assert {tuple(g) for g in R.group.elements} == {(0, 1, 2), (1, 0, 2)}
    assert R.orbits() == [[0, 1], [2]]


# -- cosets, orbits, decompose, Lemma 2.6 ------------------------------------------------------

@pytest.mark.parametrize("name", SMALL_ZOO)
def test_cosets_numbering_and_action_equal_naive_cosets(name):
    G = named_group(name)
    for c in conjugacy_classes_subgroups(G):
        H = c.representative
        X = cosets(G, H)
        assert X.degree * H.order == G.order
        assert np.array_equal(X.action, naive_coset_action(G, H.elements))
        assert np.array_equal(np.sort(X.stabilizer(0).elements), np.sort(H.elements))


@pytest.mark.parametrize("name", SMALL_ZOO + ["S5", "PSL(2,7)"])
def test_lemma_2_6_transitive_preps_biject_with_subgroup_classes(name):
    """Lemma 2.6 / A.15 on a zoo: G/H_i is transitive with point stabilizer H_i,
    distinct classes give non-isomorphic p-reps, and a transitive p-rep built
    from any conjugate of H_i (relabelled) is isomorphic to G/H_i only.

    Proves the statement for each listed group (every class and every pair);
    conjugates and relabellings are samples.
    """
    G = named_group(name)
    classes = conjugacy_classes_subgroups(G)
    preps = transitive_preps(G)
    assert len(preps) == len(classes)
    rng = np.random.default_rng(len(name) * 7 + G.order)
    for i, (X, c) in enumerate(zip(preps, classes)):
        assert X.is_transitive() and X.degree == G.order // c.order
        assert class_index(X.stabilizer(0)) == i
        for j, Y in enumerate(preps):
            if i != j:
                assert X.is_isomorphic(Y) is None
        # another transitive p-rep: cosets of a conjugate, points shuffled
        x = int(rng.integers(G.order))
        K = subgroup(G, conjugate_elements(G, c.representative.elements, x).tolist())
        Z = relabel(cosets(G, K), rng.permutation(X.degree))
        matches = [j for j, Y in enumerate(preps) if Z.is_isomorphic(Y) is not None]
        assert matches == [i]
        assert intertwines(Z.is_isomorphic(X), Z, X)


@pytest.mark.parametrize("name", ["S3", "S4", "D4", "A4"])
def test_lemma_2_6_decompose_names_stabilizer_classes(name):
    """decompose() splits into the naive orbits and names each block by the
    class of its point stabilizers, found here by brute-force conjugation."""
    G = named_group(name)
    X = parse_rep(G, "natural + 2*trivial + cosets(1) + regular")
    if name == "A4":
        X = X + cosets(G, "(1,2)(3,4)")
    blocks = X.decompose()
    assert [list(b.points) for b in blocks] == naive_orbits(X)
    classes = conjugacy_classes_subgroups(G)
    for b in blocks:
        p = b.points[0]
        stab = np.array([g for g in range(G.order) if X.action[g, p] == p])
        rep_els = np.sort(classes[b.stabilizer_class].representative.elements)
        assert any(np.array_equal(conjugate_elements(G, rep_els, x), np.sort(stab))
                   for x in range(G.order))
        assert b.structure == classes[b.stabilizer_class].structure
        assert b.degree == len(b.points) == G.order // len(stab)
        # the block as a p-rep is X restricted to its points, renumbered
        relabelled = np.searchsorted(np.array(b.points), X.action[:, list(b.points)])
        assert np.array_equal(b.rep.action, relabelled)
        assert b.rep.is_isomorphic(transitive_preps(G)[b.stabilizer_class]) is not None


def test_decompose_of_natural_plus_trivial_names_blocks():
    G = named_group("S4")
    blocks = parse_rep(G, "natural + trivial").decompose()
    assert [(b.points, b.structure) for b in blocks] == [((0, 1, 2, 3), "S3"), ((4,), "S4")]


# -- isomorphism ----------------------------------------------------------------------------

@settings(derandomize=True, max_examples=30, deadline=None)
@given(st.sampled_from(["S3", "S4", "D4", "Q8", "A4"]), st.randoms(use_true_random=False))
def test_is_isomorphic_returns_an_intertwining_bijection(name, rnd):
    G = named_group(name)
    preps = transitive_preps(G)
    picks = [rnd.randrange(len(preps)) for _ in range(3)]
    X = preps[picks[0]] + preps[picks[1]] + preps[picks[2]]
    sigma = list(range(X.degree))
    rnd.shuffle(sigma)
    Y = relabel(X, sigma)
    phi = X.is_isomorphic(Y)
    assert phi is not None and intertwines(phi, X, Y)
    # summands in another order are isomorphic too
    Z = preps[picks[2]] + preps[picks[0]] + preps[picks[1]]
    assert intertwines(X.is_isomorphic(Z), X, Z)


def test_is_isomorphic_rejects_same_degree_different_stabilizers():
    G = named_group("S4")
    A, B = cosets(G, "(1,2)"), cosets(G, "(1,2)(3,4)")
    assert A.degree == B.degree == 12
    assert A.is_isomorphic(B) is None
    assert natural(G).is_isomorphic(regular(G)) is None
    assert (natural(G) + trivial(G)).is_isomorphic(trivial(G) + trivial(G) + natural(G)) is None


def test_psl27_equal_permutation_characters_but_not_isomorphic():
    """PSL(2,7) on 7 points has two classes of subgroups of order 24 (points and
    lines of the Fano plane).  G/H1 and G/H2 have the same permutation
    character, so their permutation matrices are conjugate in GL(7), yet no
    bijection of the 7 points intertwines them: linear equivalence is not
    isomorphism of p-reps.  Proved by brute force over all 7! bijections."""
    G = named_group("PSL(2,7)")
    big = [c for c in conjugacy_classes_subgroups(G) if c.order == 24]
    assert len(big) == 2
    X1, X2 = (cosets(G, c.representative) for c in big)
    assert X1.degree == X2.degree == 7
    chi1 = naive_fixed_points(G, big[0].representative.elements)
    chi2 = naive_fixed_points(G, big[1].representative.elements)
    assert np.array_equal(chi1, X1.permutation_character())
    assert np.array_equal(chi2, X2.permutation_character())
    assert np.array_equal(chi1, chi2)  # equal as functions on G, element by element
    assert X1.is_isomorphic(X2) is None

    perms = np.array(list(itertools.permutations(range(7))))

    def n_intertwiners(A, B):
        ok = np.ones(len(perms), dtype=bool)
        for a, b in zip(A.images, B.images):
            ok &= np.all(perms[:, np.asarray(a)] == np.asarray(b)[perms], axis=1)
        return int(ok.sum())

    assert n_intertwiners(X1, X2) == 0
    assert n_intertwiners(X1, X1) == 1  # the oracle does find isomorphisms: only the identity
    assert hom_dimension(X1, X2) == 2  # incident / not incident


# -- hom dimension, double cosets, table of marks --------------------------------------------

@pytest.mark.parametrize("name", ZOO)
def test_hom_dimension_equals_burnside_and_double_cosets(name):
    """dim Hom_G(G/H, G/K) = (1/|G|) sum_g fix(g) fix'(g) = |H\\G/K| on every pair of classes."""
    G = named_group(name)
    classes = conjugacy_classes_subgroups(G)
    preps = transitive_preps(G)
    fix = [naive_fixed_points(G, c.representative.elements) for c in classes]
    for X, f in zip(preps, fix):
        assert np.array_equal(X.permutation_character(), f)
    for i, (X, ci) in enumerate(zip(preps, classes)):
        for j, (Y, cj) in enumerate(zip(preps, classes)):
            burnside = Fraction(int(np.dot(fix[i], fix[j])), G.order)
            assert burnside.denominator == 1
            dim = hom_dimension(X, Y)
            assert dim == burnside
            assert dim == naive_double_coset_count(G, ci.representative.elements,
                                                   cj.representative.elements)
            if G.order <= 24:
                assert dim == len(double_cosets(ci.representative, cj.representative))


@pytest.mark.parametrize("name", ZOO)
def test_double_coset_counts_equal_the_naive_count(name):
    """The class-function formula of double_coset_counts against counting H\\G/K by hand."""
    G = named_group(name)
    reps = [c.representative for c in conjugacy_classes_subgroups(G)]
    M = double_coset_counts(G, reps)
    assert M.tolist() == [[naive_double_coset_count(G, H.elements, K.elements) for K in reps]
                          for H in reps]


def test_double_coset_counts_of_young_subgroups_are_contingency_tables():
    """|S_lambda \\ S_n / S_mu| is the number of matrices of naturals with row sums lambda and
    column sums mu (James & Kerber, The Representation Theory of the Symmetric Group, 1981,
    1.3.10); checked on S6 (order 720, above the naive count's reach) against that count."""
    G = named_group("S6")
    shapes = [(6,), (5, 1), (4, 2), (3, 3), (4, 1, 1), (3, 2, 1), (2, 2, 2), (2, 2, 1, 1)]

    def young(shape):
        gens, start = [], 1
        for part in shape:
            gens += [f"({a},{a + 1})" for a in range(start, start + part - 1)]
            start += part
        return subgroup(G, ",".join(gens)) if gens else subgroup(G, [0])

    def tables(rows, cols):
        if len(rows) == 1:
            return 1
        return sum(tables(rows[1:], tuple(c - x for c, x in zip(cols, first)))
                   for first in itertools.product(*(range(min(c, rows[0]) + 1) for c in cols))
                   if sum(first) == rows[0])
    M = double_coset_counts(G, [young(s) for s in shapes])
    assert M.tolist() == [[tables(a, b) for b in shapes] for a in shapes]
    assert M[1, 1] == 2 and M[3, 3] == 4  # S5\\S6/S5: fixed or not; S3xS3: |A cap B| = 0..3


def test_hom_dimension_known_values_and_sums():
    G = named_group("S4")
    X, Y, R, T = natural(G), trivial(G), regular(G), parse_rep(G, "natural + 2*trivial")
    assert hom_dimension(X, X) == 2 and hom_dimension(Y, X) == 1 and hom_dimension(X, Y) == 1
    assert hom_dimension(R, R) == 24 and hom_dimension(Y, R) == 1
    # additive in both arguments
    assert hom_dimension(T, T) == 2 + 2 * 1 + 2 * 1 + 4 * 1
    assert hom_dimension(T, T) == sum(hom_dimension(a, b) for a in (X, Y, Y) for b in (X, Y, Y))


@pytest.mark.parametrize("name", ["S3", "S4", "A4", "D4", "Q8", "V4", "C6"])
def test_table_of_marks_equals_naive_count(name):
    """M[i, j] = |{x : x^-1 H_j x <= H_i}| / |H_i|, by brute-force conjugation."""
    G = named_group(name)
    classes = conjugacy_classes_subgroups(G)
    M = table_of_marks(G)
    C = G.conjugation_table
    for i, ci in enumerate(classes):
        Hi = np.zeros(G.order, dtype=bool)
        Hi[ci.representative.elements] = True
        for j, cj in enumerate(classes):
            Hj = np.asarray(cj.representative.elements)
            n = sum(1 for x in range(G.order) if Hi[C[G.inverse[x], Hj]].all())
            assert M[i, j] * ci.order == n
    assert np.all(M[:, -1][:-1] == 0) and M[-1, -1] == 1  # only G/G is fixed by G
    assert np.array_equal(M[:, 0], [G.order // c.order for c in classes])


# -- expressions ----------------------------------------------------------------------------

def test_parse_rep_expressions():
    G = named_group("S3")
    X = parse_rep(G, "natural + 2*trivial")
    assert X.degree == 5
    assert X.summands == (("natural", 3), ("trivial", 1), ("trivial", 1))
    assert np.array_equal(X.action, (natural(G) + trivial(G) + trivial(G)).action)
    assert np.array_equal(parse_rep(G, "cosets(2)").action, transitive_preps(G)[2].action)
    Y = parse_rep(G, "cosets((1,2))")
    assert Y.degree == 3 and intertwines(Y.is_isomorphic(natural(G)), Y, natural(G))
    assert parse_rep(G, " regular+cosets((1,2,3)) ").degree == 8
    assert parse_rep(named_group("S4"), "cosets((1,2),(3,4))").degree == 6


@pytest.mark.parametrize("expr", ["natral", "2*", "natural +", "cosets()", "0*natural",
                                  "natural(1)", "cosets((1,2)", "", "   ", "natural)",
                                  "2 natural", "-1*trivial"])
def test_malformed_rep_expressions_raise_one_line_parse_error(expr):
    with pytest.raises(ParseError) as exc:
        parse_rep(named_group("S3"), expr)
    one_line(exc)


def test_bad_cosets_arguments_raise_value_errors():
    G = named_group("S3")
    with pytest.raises(NotASubgroupError) as exc:
        parse_rep(G, "cosets(99)")
    assert isinstance(exc.value, ValueError)
    one_line(exc)
    with pytest.raises(NotASubgroupError):
        parse_rep(G, "cosets((1,4))")
