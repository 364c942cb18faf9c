"""Groups of any order: stabilizer-chain facts against naive counts, SymPy and GAP.

Literature values: dim End_{S_n}((C^n)^{(x)2}) = number of set partitions of
4 points into at most n blocks (the partition algebra P_2(n), Halverson and
Ram, "Partition algebras", European J. Combin. 26 (2005), Theorem 3.6):
1 + 7 = 8 for n = 2, 1 + 7 + 6 = 14 for n = 3 and the Bell number B(4) = 15
for n >= 4 (the 15 of Maron et al., ICLR 2019).  Both are re-derived here by
Burnside's lemma over all elements for n <= 6.
"""

from __future__ import annotations

import itertools
import math
import shutil
import subprocess
import tracemalloc

import numpy as np
import pytest
from sympy.combinatorics import Permutation, PermutationGroup

from symtheory.algebra.coset_actions import INDEX_LIMIT, coset_space, young_space
from symtheory.algebra.groups import DEGREE_LIMIT, cycle_string, named_group, parse_group
from symtheory.algebra.orbital_counts import _count_by_stabilizers
from symtheory.algebra.reps import (PermRep, cosets, hom_dimension, natural,
                                    parse_rep, regular, young_cosets)
from symtheory.algebra.subgroups import subgroup
from symtheory.cli import main
from symtheory.exceptions import (GroupError, NotAHomomorphismError, OrderLimitError, ParseError,
                                  SymtheoryError)

M11 = "(1,2,3,4,5,6,7,8,9,10,11),(3,7,11,8)(4,10,5,6)"
M12 = M11 + ",(1,12)(2,11)(3,6)(4,8)(5,9)(7,10)"   # ATLAS generators, orders 7920, 95040


def test_orders_in_closed_form_and_by_sympy():
    assert named_group("S1000").order == math.factorial(1000)
    assert named_group("A1000").order == math.factorial(1000) // 2
    assert named_group("C100000").order == 100000
    assert named_group("D5000xS3").order == 10000 * 6
    assert parse_group(M11).order == 7920 and parse_group(M12).order == 95040
    # recognized as S_n from generators by the Jordan test, order n!
    n = 200
    G = parse_group(cycle_string(list(range(1, n)) + [0]) + ",(1,2)")
    assert G.factors[0].kind == "S" and G.order == math.factorial(n)


@pytest.mark.parametrize("name", ["S6", "A6", "A7", "C7", "D6", "D7", "S3xA4", "D4xC3"])
def test_pointwise_stabilizers_and_membership_equal_sympy(name):
    """Generators of G_(points) generate the stabilizer SymPy computes; membership agrees
    with SymPy on random permutations."""
    G = named_group(name)
    pg = PermutationGroup([Permutation(list(g), size=G.degree) for g in G.generators])
    rng = np.random.default_rng(1)
    for pts in ([0], [0, 1], [1, 3], [0, 2, 4]):
        mine = G.pointwise_stabilizer(pts)
        want = pg.pointwise_stabilizer(pts).order()
        got = PermutationGroup([Permutation(list(g), size=G.degree) for g in mine]).order() \
            if mine else 1
        assert got == want, pts
        assert all(all(g[p] == p for p in pts) for g in mine)
    for _ in range(30):
        p = rng.permutation(G.degree)
        assert G.contains(p) == pg.contains(Permutation(p.tolist())), p
        assert G.contains(G.random_element(seed=int(rng.integers(1000))))


@pytest.mark.parametrize("n", [8, 20, 100, 1000])
def test_natural_to_natural_has_dim_2(n):
    G = named_group(f"S{n}")
    assert hom_dimension(natural(G), natural(G)) == 2
    assert _count_by_stabilizers(natural(G), natural(G)) == 2


def _burnside_tensor_square(n):
    """Orbits of S_n on [n]^4 by Burnside: mean of fix(g)^4 over all elements."""
    total = 0
    for g in itertools.permutations(range(n)):
        total += sum(g[i] == i for i in range(n)) ** 4
    return total // math.factorial(n)


def test_natural_tensor_square_small_n_by_burnside():
    assert [_burnside_tensor_square(n) for n in range(2, 7)] == [8, 14, 15, 15, 15]
    for n, want in [(2, 8), (3, 14), (4, 15), (6, 15)]:
        X = parse_rep(named_group(f"S{n}"), "natural@natural")
        assert hom_dimension(X, X) == want
        assert _count_by_stabilizers(X, X) == want


@pytest.mark.parametrize("n", range(4, 51))
def test_natural_tensor_square_has_dim_15(n):
    X = parse_rep(named_group(f"S{n}"), "natural^2")
    assert _count_by_stabilizers(X, X) == 15


def test_cli_hom_prints_only_the_dim_above_a_million_entries(tmp_path, capsys):
    out = tmp_path / "hom.json"
    assert main(["hom", "S50", "--input", "natural@natural", "--output", "natural@natural",
                 "--format", "json", "--out", str(out)]) == 0
    import json
    rec = json.loads(out.read_text())
    assert rec["dim"] == 15 and rec["labels"] is None and rec["shape"] == [2500, 2500]
    assert main(["hom", "S8", "--input", "natural", "--output", "natural", "--dim-only"]) == 0
    assert capsys.readouterr().out.startswith("dim Hom_S8(natural, natural) = 2;")
    assert main(["hom", "S20", "--input", "natural", "--output", "natural", "--format", "json",
                 "--out", str(out)]) == 0
    assert json.loads(out.read_text())["labels"][0][:3] == [0, 1, 1]


# -- coset spaces --------------------------------------------------------------------------

@pytest.mark.parametrize("name,hgens", [
    ("S4", "(1,2)"), ("S4", "(1,2,3,4),(1,3)"), ("S4", "(1,2)(3,4),(1,3)(2,4)"),
    ("D6", "(1,4)(2,3)(5,6)"), ("A5", "(1,2,3)"), ("A5", "(1,2)(3,4),(1,3)(2,4)"),
    ("S3xC2", "(1,2)"), ("PSL(2,7)", "(1,6,3,7,5,4,2)")])
def test_coset_space_from_the_chain_equals_cosets_from_elements(name, hgens):
    """Same points, numbering and generator images as the element-table cosets."""
    G = named_group(name)
    old = cosets(G, subgroup(G, hgens))
    from symtheory.algebra.groups import parse_cycles
    new = coset_space(G, parse_cycles(hgens, degree=G.degree))
    assert new.size == old.degree
    assert [im.tolist() for im in new.images] == [list(im) for im in old.images]


@pytest.mark.parametrize("name,parts", [("S5", (3, 2)), ("S6", (2, 2, 2)), ("S5", (1, 4)),
                                        ("A5", (3, 2)), ("A4", (2, 2)), ("S4", (1, 1, 1, 1))])
def test_young_cosets_equal_cosets_of_the_young_subgroup(name, parts):
    G = named_group(name)
    starts = np.concatenate([[0], np.cumsum(parts)])
    members = [i for i, g in enumerate(G.elements)
               if all(set(g[a:b].tolist()) == set(range(a, b)) for a, b in zip(starts, starts[1:]))]
    old = cosets(G, subgroup(G, members))
    new = young_cosets(G, parts)
    assert [list(im) for im in new.images] == [list(im) for im in old.images]
    stab = new.point_stabilizer_generators(0)
    assert sorted(subgroup(G, [G.index(g) for g in stab]).elements) == sorted(members)


# Subgroups given by generators (1-based); Young subgroups as S(...)
SUBGROUPS = {
    "S8": ["S(6,2)", "(2,3,4,5,6,7,8),(2,3)", "(1,2,3,4,5,6,7,8)",
           "(1,2,3,4,5,6,7,8),(1,8)(2,7)(3,6)(4,5)",
           "(1,2),(3,4),(1,3)(2,4),(5,6),(7,8),(5,7)(6,8),(1,5)(2,6)(3,7)(4,8)"],  # Sylow 2
    "S9": ["S(7,2)", "(1,2,3,4,5,6,7,8,9)", "(1,2,3),(4,5,6),(7,8,9),(1,4,7)(2,5,8)(3,6,9)",
           "S(3,3,3)"],
    "A8": ["S(6,2)", "(2,3,4),(2,3,4,5,6,7,8)", "(1,2,3,4,5,6,7)", "S(4,4)"],
    M11: ["(1,2,3,4,5,6,7,8,9,10,11)", "(3,7,11,8)(4,10,5,6)", "S(10,1)"],
    M12: ["(1,2,3,4,5,6,7,8,9,10,11)", M11, "(3,7,11,8)(4,10,5,6)"],
}
CASES = [(g, a, b) for g, subs in SUBGROUPS.items() for a, b in itertools.combinations(subs, 2)]


def _rep(G, spec):
    return young_cosets(G, tuple(int(x) for x in spec[2:-1].split(","))) \
        if spec.startswith("S(") else cosets(G, spec)


def _gap_double_cosets(cases):
    """|H\\G/K| for each case, by GAP's DoubleCosets (one GAP session)."""
    lines = []
    for g, a, b in cases:
        G = parse_group(g)
        gens = ",".join(cycle_string(x) for x in G.generators)

        def gap_sub(spec):
            if spec.startswith("S("):
                parts = [int(x) for x in spec[2:-1].split(",")]
                starts = np.concatenate([[0], np.cumsum(parts)])
                syms = ",".join(f"SymmetricGroup([{a + 1}..{b}])" for a, b in zip(starts, starts[1:]))
                return f"Intersection(G, Group(Concatenation(List([{syms}], GeneratorsOfGroup)), ()))"
            return f"Group({spec})"
        lines.append(f"G := Group({gens});; Print(Length(DoubleCosets(G, {gap_sub(a)}, "
                     f"{gap_sub(b)})), \"\\n\");")
    script = "\n".join(lines) + "\nQUIT;\n"
    res = subprocess.run(["gap", "-q", "-b"], input=script, capture_output=True, text=True,
                         timeout=600)
    return [int(x) for x in res.stdout.split()]


def _index(g, spec):
    G = parse_group(g)
    if spec.startswith("S("):
        parts = [int(x) for x in spec[2:-1].split(",")]
        return math.factorial(G.degree) // math.prod(math.factorial(p) for p in parts)
    return G.order // PermutationGroup([Permutation(list(x), size=G.degree) for x in
                                         __import__("symtheory").parse_cycles(spec, G.degree)]).order()


#: cases whose coset spaces have at most this many points run by default, the rest are slow
FAST_INDEX = 800
FAST = [c for c in CASES if max(_index(c[0], c[1]), _index(c[0], c[2])) <= FAST_INDEX]


def _dims(case):
    g, a, b = case
    G = parse_group(g)
    X, Y = _rep(G, a), _rep(G, b)
    # one way: the orbits of H = Stab_X(0) on G/K; the other: of K on G/H
    return (X, Y, _count_by_stabilizers(X, Y), _count_by_stabilizers(Y, X), hom_dimension(X, Y))


@pytest.mark.parametrize("case", [c if c in FAST else pytest.param(c, marks=pytest.mark.slow)
                                  for c in CASES], ids=lambda c: "|".join(c)[:60])
def test_hom_between_coset_spaces_counts_double_cosets_both_ways(case):
    """dim Hom(G/H, G/K) = #H-orbits on G/K = #K-orbits on G/H (= |H\\G/K|), and the
    orbital labelling agrees where the product is small enough to label."""
    X, Y, one_way, other_way, dim = _dims(case)
    d, h = X.degree, Y.degree
    assert one_way is not None and other_way is not None
    assert one_way == other_way == dim
    assert d == _index(case[0], case[1]) <= INDEX_LIMIT or case[0] == "A8" or case[0] == M11
    if d * h <= 200_000:
        from symtheory.algebra.reps import orbit_labels
        images = [(np.array(b)[:, None] * d + np.array(a)[None, :]).ravel()
                  for a, b in zip(X.images, Y.images)]
        assert int(orbit_labels(h * d, images).max() + 1) == dim


@pytest.mark.skipif(shutil.which("gap") is None, reason="GAP is not on PATH")
def test_hom_between_coset_spaces_equals_gap_double_cosets():
    """The same numbers from GAP's DoubleCosets, an independent system."""
    assert _gap_double_cosets(FAST) == [_dims(c)[2] for c in FAST]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("gap") is None, reason="GAP is not on PATH")
def test_hom_between_all_coset_spaces_equals_gap_double_cosets():
    assert _gap_double_cosets(CASES) == [_dims(c)[2] for c in CASES]


def test_no_array_with_group_order_rows_is_allocated():
    """S10 has 3,628,800 elements; hom dimensions and coset spaces of it stay far
    below |G| bytes (no list of elements, not even one byte per element)."""
    G = named_group("S10")
    tracemalloc.start()
    try:
        X = parse_rep(G, "natural@natural + cosets(S(8,2))")
        Y = parse_rep(G, "natural + cosets(S(7,3))")
        dim = hom_dimension(X, Y) + _count_by_stabilizers(X, Y)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # blocks: diagonal, ordered pairs, unordered pairs -> points, triples
    assert dim == 2 * ((2 + 2) + (3 + 4) + (2 + 3))
    assert peak < G.order, peak
    assert "elements" not in G.__dict__


def test_large_group_reps_are_checked_without_elements():
    G = named_group("S8")
    sign = PermRep(G, [[1, 0], [1, 0]])  # both generators odd: the sign action on 2 points
    assert sign.degree == 2
    with pytest.raises(NotAHomomorphismError):
        PermRep(G, [[0, 1], [1, 0]])      # the 8-cycle is odd, cannot act trivially


# -- bad input: one line, exit 2 ------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["hom", f"({DEGREE_LIMIT + 1},1)", "--input", "natural", "--output", "natural"],
    ["hom", "S1000", "--input", "cosets(S(997,3))", "--output", "natural"],
    ["hom", "S10", "--input", "cosets((1,2))", "--output", "natural"],
    ["hom", "S8", "--input", "regular", "--output", "natural"],
    ["hom", "S6", "--input", "cosets(S(3,2))", "--output", "natural"],
    ["subgroups", "C20001"],
])
def test_bad_input_is_one_line_and_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("symtheory: error: ") and err.count("\n") == 1


def test_limits_name_the_size():
    with pytest.raises(OrderLimitError, match="index 166167000"):
        young_cosets(named_group("S1000"), (997, 3))
    with pytest.raises(OrderLimitError, match="index 1814400"):
        cosets(named_group("S10"), "(1,2)")
    with pytest.raises(OrderLimitError, match="40320"):
        regular(named_group("S8"))
    with pytest.raises(ParseError, match="add up to 5, not to the degree 6"):
        young_space(named_group("S6"), (3, 2))
    with pytest.raises(GroupError, match="degree limit"):
        named_group(f"S{DEGREE_LIMIT + 1}")
    assert issubclass(OrderLimitError, SymtheoryError)


@pytest.mark.slow
def test_cosets_of_index_near_a_million():
    """M12 on the cosets of C11 (index 8640), S9 on the cosets of C3 (index 120960),
    S10 on the cosets of C2 x C2 (index 907200)."""
    G = parse_group(M12)
    X = cosets(G, "(1,2,3,4,5,6,7,8,9,10,11)")
    assert X.degree == 8640
    S9 = named_group("S9")
    Y = cosets(S9, "(1,2,3)")
    assert Y.degree == 120960
    assert hom_dimension(Y, natural(S9)) == 7   # C3 has orbits {1,2,3} and 6 fixed points
    S10 = named_group("S10")
    Z = cosets(S10, "(1,2),(3,4)")                # index 3628800 / 4 = 907200
    assert Z.degree == 907200
    assert hom_dimension(Z, natural(S10)) == 8    # orbits {1,2}, {3,4} and 6 fixed points


def test_the_stabilizer_chain_time_cap_refuses_in_one_line():
    import time
    from symtheory.algebra.stabilizers import time_capped
    with pytest.raises(GroupError, match="took more than 0.05 s"):
        time_capped(lambda: time.sleep(5), "a slow chain", seconds=0.05)


class _OuterAlarm(Exception):
    pass


def test_the_time_cap_keeps_the_callers_alarm():
    """A caller's ITIMER_REAL alarm survives a nested cap (found by the fuzz harness,
    whose 10 s per-call alarm was cancelled by the cap's exit): due first, it fires
    inside the capped call; due later, it is re-armed with the time it had left."""
    import signal
    import time
    from symtheory.algebra.stabilizers import time_capped

    def ring(signum, frame):
        raise _OuterAlarm
    old = signal.signal(signal.SIGALRM, ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        with pytest.raises(_OuterAlarm):  # not the cap's GroupError: the outer alarm was first
            time_capped(lambda: time.sleep(5), "a slow chain", seconds=2)
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        assert time_capped(lambda: 42, "the answer", seconds=0.5) == 42
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0.5 < left <= 1.0  # re-armed with what was left, not cancelled
        with pytest.raises(_OuterAlarm):
            time.sleep(5)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_subgroups_of_c20001_refused_before_any_table_in_a_subprocess():
    """The order guard: closed-form order, refused with one line and exit 2 (the
    timeout is only a hang guard)."""
    import sys
    res = subprocess.run([sys.executable, "-m", "symtheory.cli", "subgroups", "C20001"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and "order 20001" in res.stderr and "above the limit" in res.stderr


@pytest.mark.slow
def test_subgroups_of_c5000_are_the_divisors():
    """C5000 is handled: one subgroup per divisor of 5000 = 2^3 5^4, (3+1)(4+1) = 20."""
    from symtheory.tables import subgroups_report
    rep = subgroups_report("C5000")
    assert rep["n_subgroups"] == 20
    assert sorted(c["order"] for c in rep["classes"]) == sorted(
        d for d in range(1, 5001) if 5000 % d == 0)


@pytest.mark.parametrize("name", ["S5", "A5", "A6", "D6", "C6", "S3xA4", "PSL(2,7)"])
def test_set_stabilizers_equal_brute_force(name):
    """The generators generate exactly the elements mapping the set onto itself."""
    G = named_group(name)
    for pts in ([0], [0, 1], [1, 3, 4], [0, 2]):
        want = sorted(i for i, g in enumerate(G.elements) if set(g[pts].tolist()) == set(pts))
        gens = G.set_stabilizer(pts)
        got = sorted(subgroup(G, [G.index(g) for g in gens]).elements) if gens else [0]
        assert got == want, pts


def test_matrices_and_equality_of_p_reps_of_s9_without_elements():
    """P(g)P(h) = P(gh) for random elements of S9 (|G| = 362880 > ORDER_LIMIT) on
    natural@natural + cosets(S(7,2)); equal expressions give equal p-reps."""
    G = named_group("S9")
    X = parse_rep(G, "natural@natural + cosets(S(7,2))")
    g, h = G.random_element(seed=1), G.random_element(seed=2)
    np.testing.assert_array_equal(X.matrix(g) @ X.matrix(h), X.matrix(g[h]))
    assert X.matrix("(1,2)").sum() == X.degree
    assert X == parse_rep(G, "natural^2 + cosets(S(7,2))")
    assert X != parse_rep(G, "cosets(S(7,2)) + natural^2")
    assert "elements" not in G.__dict__
