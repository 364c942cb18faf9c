"""Two-layer networks of large symmetric groups (no element lists).

The paper's S_3 example (Section 3: input pi_3 + 2 pi_0, hidden pi_3 + 3 pi_0)
scaled to S_n, and a graph-network hidden layer natural@natural (S_n acting
on ordered pairs), checked against the brute-force oracle of test_hidden.py
where h <= 8 and for invariance in n above.
"""

from __future__ import annotations

import pytest

from symtheory.networks.hidden import count_visible_symmetries, hidden_fixed_point_subspaces
from symtheory.networks.networks import TwoLayerNet
from symtheory.tables import hidden_report

from .test_hidden import Oracle


@pytest.mark.parametrize("n", range(3, 51))
def test_paper_example_scaled_to_s_n(n):
    """Exactly one codim-1 subspace: the natural block made equal, hidden, Theorem 3.3."""
    net = TwoLayerNet(f"S{n}", "natural + 2*trivial", "natural + 3*trivial")
    subs = hidden_fixed_point_subspaces(net, max_codim=1)
    assert [(s.partition, s.codim, s.hidden, s.theorem_3_3) for s in subs] == \
        [((tuple(range(n)),), 1, True, True)]
    assert count_visible_symmetries(net) == 6   # the three trivial neurons permute freely


def _pattern(net):
    return [(s.codim, s.dim, s.hidden, s.lemma_3_2, s.theorem_3_3, len(s.partition),
             sorted(len(b) for b in s.partition)) for s in hidden_fixed_point_subspaces(net)]


def test_graph_hidden_layer_s2_equals_brute_force():
    """h = 4: every subspace and flag as the oracle over all set partitions and S_4."""
    net = TwoLayerNet("S2", "natural", "natural@natural")
    rep = Oracle("S2", "natural", "natural@natural").report()
    fast = hidden_fixed_point_subspaces(net)
    assert {s.partition for s in fast} == set(rep["rows"])
    for s in fast:
        o = rep["rows"][s.partition]
        assert (s.dim, s.hidden, s.theorem_3_3) == (o["dim"], o["hidden"], o["theorem_3_3"])
    assert count_visible_symmetries(net) == rep["n_visible"]


@pytest.mark.parametrize("n", range(6, 11))
def test_graph_hidden_layer_s6_to_s10(n):
    """natural -> natural@natural: Theta~ has dim 5 for n >= 3 (orbits of S_n on
    (i, j, k): i=j=k, i=j!=k, i=k!=j, j=k!=i, all distinct), and the lattice of
    subspaces is the same for every n from 5 on (12 subspaces, 3 with the Theorem 3.3
    flag, the diagonal/off-diagonal split visible)."""
    net = TwoLayerNet(f"S{n}", "natural", "natural@natural")
    assert net.theta_dim == 5
    pattern = _pattern(net)
    assert len(pattern) == 12
    assert sum(p[4] for p in pattern) == 3
    s5 = _pattern(TwoLayerNet("S5", "natural", "natural@natural"))
    assert [p[:5] for p in pattern] == [p[:5] for p in s5]
    rep = hidden_report(net)
    assert isinstance(rep["n_visible_symmetries"], int)


def test_theorem_3_5_merge_two_naturals_of_s20():
    """merge_blocks at |G| = 20!: the correspondence g(i) -> g(j) is followed along the
    generators; the merged network has one natural block with multiplicity 2."""
    import numpy as np
    from symtheory.networks.reductions import merge_blocks
    net = TwoLayerNet("S20", "natural", "2*natural")
    W = net.weight_space.to_numpy([1.0, 2.0, 1.0, 2.0])
    red = merge_blocks(net, W, 0, 1)
    assert red.net.hidden_degree == 20 and red.net.multiplicities.tolist() == [2.0] * 20
    x = np.random.default_rng(0).standard_normal((5, 20))
    np.testing.assert_allclose(red.net.forward(x, red.W), net.forward(x, W))
