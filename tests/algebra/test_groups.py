"""Tests of symtheory.algebra.groups: parsing, named groups, element tables.

The oracles are SymPy's own permutation arithmetic (``Permutation`` products,
inverses and orders, ``PermutationGroup.order``) and closed-form group orders;
the composition convention is pinned down explicitly: symtheory's ``g * h``
applies ``h`` first, SymPy's ``p * q`` applies ``p`` first.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup

from symtheory.exceptions import GroupError, OrderLimitError, ParseError, SymtheoryError
from symtheory.algebra.groups import (
    ORDER_LIMIT,
    Group,
    alternating_group,
    cycle_string,
    direct_product,
    named_group,
    parse_cycles,
    parse_group,
    symmetric_group,
)

ZOO = ["S1", "S2", "S3", "S4", "S5", "A3", "A4", "A5", "C1", "C5", "C6", "D3", "D4",
       "D6", "V4", "Q8", "S3xC2", "C2xC2xC2"]


def one_line(exc_info):
    msg = str(exc_info.value)
    assert msg and "\n" not in msg
    return msg


# -- parsing ---------------------------------------------------------------------

def test_parse_cycles_is_one_based_gap_style():
    assert parse_cycles("(1,2,3),(1,2)") == [[1, 2, 0], [1, 0, 2]]
    assert parse_cycles("(1,2)(3,4)") == [[1, 0, 3, 2]]
    assert parse_cycles("(2,3)", degree=4) == [[0, 2, 1, 3]]
    assert parse_cycles(" (1, 3) ") == [[2, 1, 0]]
    # the degree is the largest point named in any generator
    assert parse_cycles("(1,2),(4,5)") == [[1, 0, 2, 3, 4], [0, 1, 2, 4, 3]]
    assert parse_cycles("()") == [[0]]


def test_parse_cycles_agrees_with_sympy_cycle_notation():
    # SymPy's Permutation(cycles) is 0-based; GAP's strings are 1-based
    for text, cycles in [("(1,4,2)(3,5)", [[0, 3, 1], [2, 4]]), ("(2,5,3,4)", [[1, 4, 2, 3]])]:
        expected = Permutation(cycles, size=5).array_form
        assert parse_cycles(text, degree=5) == [expected]


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.integers(1, 9).flatmap(lambda n: st.permutations(range(n))))
def test_cycle_string_round_trip(perm):
    perm = list(perm)
    text = cycle_string(perm)
    assert parse_cycles(text, degree=len(perm)) == [perm]
    assert text == "()" or text.startswith("(")


@pytest.mark.parametrize("text", [
    "(1,2", "1,2)", "((1,2))", "(1,a)", "(0,1)", "(-1,2)", "(1,1)", "(1,2)(2,3)", "",
    "   ", "(1,2),,(3,4)", "(1,2),", "(1,2)x", "(1,,2)", "(1.5,2)", "1,2",
])
def test_malformed_cycle_strings_raise_one_line_parse_error(text):
    with pytest.raises(ParseError) as exc:
        parse_cycles(text)
    one_line(exc)
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, SymtheoryError)


def test_cycle_string_beyond_degree_and_non_string():
    with pytest.raises(ParseError) as exc:
        parse_cycles("(1,5)", degree=3)
    assert "exceeds the degree 3" in one_line(exc)
    with pytest.raises(ParseError):
        parse_cycles(12)


@pytest.mark.parametrize("name", ["T7", "Sx", "", "S", "Z4", "S3x", "(1,2", 7])
def test_unknown_group_names_raise_one_line_parse_error(name):
    with pytest.raises(ParseError) as exc:
        parse_group(name)
    one_line(exc)


@pytest.mark.parametrize("name", ["S0", "A0", "C0", "D0", "S100001"])
def test_bad_group_parameters_raise_one_line_group_error(name):
    with pytest.raises(GroupError) as exc:
        named_group(name)
    one_line(exc)


# -- named groups ----------------------------------------------------------------

EXPECTED_ORDERS = {
    **{f"S{n}": math.factorial(n) for n in range(1, 8)},
    **{f"A{n}": max(1, math.factorial(n) // 2) for n in range(1, 8)},
    **{f"C{n}": n for n in range(1, 10)},
    **{f"D{n}": 2 * n for n in range(1, 10)},
    "V4": 4, "Q8": 8, "PSL(2,7)": 168, "S3xC2": 12, "C2xC2xC2": 8, "S3xS3": 36,
}


@pytest.mark.parametrize("name,order", sorted(EXPECTED_ORDERS.items()))
def test_named_group_orders(name, order):
    G = named_group(name)
    assert G.order == order
    # SymPy's independent Schreier-Sims order of the same generators
    gens = [Permutation(list(g), size=G.degree) for g in G.generators] or [
        Permutation(list(range(G.degree)))]
    assert PermutationGroup(gens).order() == order
    if G.order <= 5040:
        assert len(G.elements) == order


def test_named_group_structure():
    assert named_group("S5").degree == 5 and named_group("D6").degree == 6
    # alternating groups hold exactly the even permutations
    A = alternating_group(5)
    assert all(Permutation(list(g)).is_even for g in A.elements)
    # cyclic: one element of order n; dihedral D_n: n reflections + rotations
    assert max(named_group("C7").element_orders) == 7
    D = named_group("D6")
    assert np.bincount(D.element_orders).tolist() == [0, 1, 7, 2, 0, 0, 2]
    # Q8: one involution, six elements of order 4; V4: three involutions
    assert sorted(named_group("Q8").element_orders.tolist()) == [1, 2, 4, 4, 4, 4, 4, 4]
    assert sorted(named_group("V4").element_orders.tolist()) == [1, 2, 2, 2]
    assert not named_group("Q8").is_abelian() and named_group("C2xC2xC2").is_abelian()
    # names are case-insensitive and direct products multiply orders
    assert named_group("s4") == symmetric_group(4)
    P = direct_product(named_group("S3"), named_group("C4"))
    assert (P.order, P.degree, P.name) == (24, 7, "S3xC4")


def test_parse_group_by_generators_equals_named_group():
    assert parse_group("(1,2,3),(1,2)") == named_group("S3")
    assert parse_group("(1,2),(2,3),(3,4)") == named_group("S4")
    assert parse_group("(1,2)(3,4),(1,3)(2,4)") == named_group("V4")
    assert parse_group("(1,2,3)") != named_group("S3")
    G = named_group("A4")
    assert parse_group(G) is G


def test_order_limit_is_at_least_ten_thousand_and_raises_one_line_above():
    assert ORDER_LIMIT >= 10_000
    G = symmetric_group(8)  # order 40320
    assert G.order == 40320 > ORDER_LIMIT
    for attr in ("elements", "multiplication_table"):
        with pytest.raises(OrderLimitError) as exc:
            getattr(G, attr)
        assert "40320" in one_line(exc)
        assert isinstance(exc.value, GroupError)


def test_bad_generators_raise_group_error():
    with pytest.raises(GroupError):
        Group([[0, 0, 1]])
    with pytest.raises(GroupError):
        Group([[0, 1], [0, 1, 2]])
    with pytest.raises(GroupError):
        Group([])
    assert Group([], degree=3).order == 1


# -- element tables against SymPy ----------------------------------------------------

def sympy_perm(G, i):
    return Permutation(list(G.elements[i]), size=G.degree)


@pytest.mark.parametrize("name", ["S3", "S4", "A4", "D4", "D5", "Q8", "V4", "C6", "S3xC2"])
def test_multiplication_table_equals_sympy_products(name):
    """Every product g_i * g_j (g_j applied first) is SymPy's g_j * g_i."""
    G = named_group(name)
    n = G.order
    els = G.elements
    assert np.array_equal(els[0], np.arange(G.degree))
    assert len({tuple(r) for r in els.tolist()}) == n
    perms = [sympy_perm(G, i) for i in range(n)]
    T = G.multiplication_table
    for i in range(n):
        for j in range(n):
            assert list(els[T[i, j]]) == (perms[j] * perms[i]).array_form
            # the same in image arrays: (g h)(x) = g(h(x))
            assert np.array_equal(els[T[i, j]], els[i][els[j]])


@settings(derandomize=True, max_examples=50, deadline=None)
@given(st.data())
def test_products_inverses_orders_in_s5_and_psl27(data):
    name = data.draw(st.sampled_from(["S5", "PSL(2,7)", "A5"]))
    G = named_group(name)
    i = data.draw(st.integers(0, G.order - 1))
    j = data.draw(st.integers(0, G.order - 1))
    p, q = sympy_perm(G, i), sympy_perm(G, j)
    assert list(G.elements[G.multiplication_table[i, j]]) == (q * p).array_form
    assert list(G.elements[G.inverse[i]]) == (~p).array_form
    assert G.element_orders[i] == p.order()
    c = G.conjugation_table[i, j]  # g_i g_j g_i^-1: apply g_i^-1, g_j, then g_i
    assert list(G.elements[c]) == (~p * q * p).array_form
    assert G.index(G.elements[j]) == j
    assert G.contains(G.elements[j])


def test_identity_row_and_inverse_table_consistency():
    G = named_group("S4")
    T = G.multiplication_table
    n = G.order
    assert np.array_equal(T[0], np.arange(n)) and np.array_equal(T[:, 0], np.arange(n))
    assert np.all(T[np.arange(n), G.inverse] == 0)
    # every row and column of a group table is a permutation (Latin square)
    assert all(sorted(row) == list(range(n)) for row in T.tolist())
    assert all(sorted(col) == list(range(n)) for col in T.T.tolist())


def test_lookup_of_non_elements():
    G = named_group("A4")
    assert not G.contains([1, 0, 2, 3])
    assert not G.contains([0, 0, 1, 2])
    with pytest.raises(GroupError):
        G.index([1, 0, 2, 3])
