"""The cheap tests of :mod:`symtheory.algebra.perfect_subgroups`, held against
naive computations, and the enumeration that relies on them held against
published counts.

Counts of conjugacy classes of subgroups of S_n and of subgroups of S_n:
OEIS A000638 (1, 2, 4, 11, 19, 56, 96, 296, 554, ...) and A005432
(1, 2, 6, 30, 156, 1455, 11300, 151221, 1694723, ...).
"""

import numpy as np
import pytest

from symtheory.algebra.element_store import element_store
from symtheory.algebra.groups import named_group
from symtheory.algebra.perfect_subgroups import (could_be_perfect, is_transitive, jordan_flags,
                                                 point_orbits)
from symtheory.algebra.subgroups import derived_subgroup
from symtheory.algebra.subgroup_classes import conjugacy_classes_subgroups, count_subgroups


def _cycle_lengths(perm):
    seen, out = set(), []
    for start in range(len(perm)):
        if start in seen:
            continue
        length, x = 0, start
        while x not in seen:
            seen.add(x)
            x = perm[x]
            length += 1
        out.append(length)
    return out


def test_point_orbits_equal_a_naive_union():
    rng = np.random.default_rng(5)
    for _ in range(200):
        d = int(rng.integers(1, 9))
        gens = [rng.permutation(d) if rng.random() < 0.3 else np.arange(d) for _ in range(3)]
        # a naive orbit: everything reachable by repeated images
        naive = []
        for x in range(d):
            orbit, todo = {x}, [x]
            while todo:
                y = todo.pop()
                for g in gens:
                    if int(g[y]) not in orbit:
                        orbit.add(int(g[y]))
                        todo.append(int(g[y]))
            naive.append(min(orbit))
        assert point_orbits(gens) == naive
        assert is_transitive(gens) == (set(naive) == {0})


@pytest.mark.parametrize("name", ["S5", "S6", "A7", "PSL(2,7)", "A5xC2"])
def test_could_be_perfect_holds_for_every_perfect_subgroup(name):
    """Never False on a perfect subgroup (derived subgroup = itself), and it
    rejects many of the others (the test can fail both ways)."""
    G = named_group(name)
    rejected = 0
    for c in conjugacy_classes_subgroups(G):
        H = c.representative
        images = G.elements[list(H.generators)]
        perfect = H.order == 1 or derived_subgroup(G, H.generators)[0].size == H.order
        if perfect:
            assert could_be_perfect(images), (name, c.index)
        rejected += not could_be_perfect(images)
    assert rejected > len(conjugacy_classes_subgroups(G)) // 3


def test_jordan_flags_equal_cycle_types():
    """On 8 points the only prime p with 8/2 < p <= 8-3 is 5, and no cycle
    is longer than 8: an element has a power that is a 5-cycle exactly when
    it has exactly one cycle of length 5."""
    S = element_store(named_group("S8"))
    flags = jordan_flags(S)
    rng = np.random.default_rng(9)
    for i in rng.choice(S.order, size=3000, replace=False):
        lengths = _cycle_lengths(S.images[i].tolist())
        assert bool(flags[i]) == (lengths.count(5) == 1), lengths
    # on an orbit of 7 points there is no such prime
    assert not jordan_flags(S, 7).any()


def test_symmetric_group_of_degree_8_equals_the_published_counts():
    """296 classes, 151,221 subgroups (OEIS A000638, A005432); here general
    extensions recognise A_8 by Jordan's criterion."""
    G = named_group("S8")
    classes = conjugacy_classes_subgroups(G)
    assert (len(classes), count_subgroups(G)) == (296, 151221)
    assert [c.structure for c in classes[-2:]] == ["A8", "S8"]


@pytest.mark.slow
def test_symmetric_group_of_degree_9_equals_the_published_counts():
    G = named_group("S9")
    classes = conjugacy_classes_subgroups(G)
    assert (len(classes), count_subgroups(G)) == (554, 1694723)
