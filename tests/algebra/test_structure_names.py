"""Structure names against GAP: the group a name denotes is isomorphic to the named group.

For each group, the name from :func:`structure_name` is turned back into a
group by :func:`named_group` (``C2xA5`` is C2 x A5, ``D4`` the square's group
of order 8), and GAP's ``IdGroup`` (the SmallGroups library) decides whether
the two are isomorphic.  This covers the C2 x K split and the dihedral
convention D<n> = the n-gon's group, order 2n.  Skipped with a reason where
``gap`` is not on PATH.  Before, these groups were named ``order-120``,
``order-48``, ``order-16``, and dihedral groups ``D<2n>`` (GAP's spelling).
"""

import shutil
import subprocess

import pytest

from symtheory.algebra.groups import Group, cycle_string, named_group
from symtheory.algebra.subgroup_classes import conjugacy_classes_subgroups
from symtheory.algebra.subgroups import point_group_name, whole_group

GAP = shutil.which("gap")
needs_gap = pytest.mark.skipif(GAP is None, reason="GAP is not installed (apt-get install gap)")


def _gap_group(G: Group) -> str:
    gens = ",".join(cycle_string(g) for g in G.generators if list(g) != list(range(G.degree)))
    return f"Group({gens})" if gens else "Group(())"


def gap_isomorphic(pairs) -> list:
    """For each (G, H): GAP's verdict IdGroup(G) = IdGroup(H)."""
    script = "".join(f"Print(IdGroup({_gap_group(G)}) = IdGroup({_gap_group(H)}), \"\\n\");\n"
                     for G, H in pairs) + "QUIT;\n"
    done = subprocess.run([GAP, "-q"], input=script, capture_output=True, text=True, timeout=300)
    return [line.strip() == "true" for line in done.stdout.splitlines()[:len(pairs)]]


NAMES = ["A5xC2", "S4xC2", "C2xD4", "Q8xC2", "D4", "D5", "D6", "D8", "S3xC2", "C2xC2xS3"]


def whole_group_pairs():
    groups = [named_group(n) for n in NAMES]
    return [(G, whole_group(G).structure) for G in groups]


def o_h_class_pairs():
    """Every named class of S4 x C2 (the point group O_h)."""
    G = named_group("S4xC2")
    out = []
    for c in conjugacy_classes_subgroups(G):
        if c.structure != "1" and not c.structure.startswith("order-"):
            H = Group([G.elements[g] for g in c.representative.generators], degree=G.degree)
            out.append((H, c.structure))
    return out


@pytest.fixture(scope="module")
def verdicts():
    """One GAP session for all the checks (GAP's start-up dominates the cost)."""
    whole, classes = whole_group_pairs(), o_h_class_pairs()
    found = gap_isomorphic([(G, named_group(n)) for G, n in whole + classes])
    return whole, found[:len(whole)], classes, found[len(whole):]


@needs_gap
def test_whole_group_names_denote_isomorphic_groups(verdicts):
    whole, found, _, _ = verdicts
    names = [n for _, n in whole]
    assert not [n for n in names if n.startswith("order-")], names
    assert names[:4] == ["C2xA5", "C2xS4", "C2xD4", "C2xQ8"]
    assert found == [True] * len(NAMES), list(zip(names, found))


@needs_gap
def test_subgroup_class_names_of_O_h_denote_isomorphic_groups(verdicts):
    _, _, classes, found = verdicts
    assert len(classes) >= 25
    assert found == [True] * len(classes), [n for (_, n), ok in zip(classes, found) if not ok]


def test_point_group_names_of_the_polyhedral_groups():
    assert [point_group_name(whole_group(named_group(n)).structure)
            for n in ("A5xC2", "S4xC2", "A4xC2", "A5", "A4")] == ["I_h", "O_h", "T_h", "I", "T"]
    assert point_group_name(whole_group(named_group("C6")).structure) is None


def test_symmetric_and_alternating_groups_on_eight_or_more_points_are_named():
    """|H| = m! (m!/2) on m moved points forces Sym (Alt) of those points; a
    group of that order moving more points is not named so."""
    from symtheory.algebra.subgroups import subgroup
    G = named_group("S9")
    assert subgroup(G, "(1,2,3,4,5,6,7,8),(1,2)").structure == "S8"
    assert subgroup(G, "(1,2,3),(2,3,4,5,6,7,8)").structure == "A8"
    assert whole_group(G).structure == "S9"
    assert whole_group(named_group("A9")).structure == "A9"
    # S8 on 16 points (two copies of the natural action) has order 8!, moves 16
    S8_twice = Group([list(range(1, 8)) + [0] + list(range(9, 16)) + [8],
                      [1, 0] + list(range(2, 8)) + [9, 8] + list(range(10, 16))], degree=16)
    assert whole_group(S8_twice).structure == "order-40320"
