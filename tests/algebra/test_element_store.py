"""The element store against naive permutation arithmetic: orders (both the
batched powering and the cycle lengths through the base points), powers,
products and the byte limit that refuses a store before it is built."""

import math

import numpy as np
import pytest

from symtheory.algebra import element_store as es
from symtheory.algebra.groups import parse_group
from symtheory.exceptions import OrderLimitError

GROUPS = ["S6", "C100", "D97", "C3xC5xC7", "A6", "PSL(2,7)", "D4xC9"]


def _naive_order(perm):
    seen, order = [False] * len(perm), 1
    for start in range(len(perm)):
        length, x = 0, start
        while not seen[x]:
            seen[x] = True
            x = perm[x]
            length += 1
        order = math.lcm(order, max(length, 1))
    return order


@pytest.mark.parametrize("powers", [64, 2], ids=["batched", "cycles"])
@pytest.mark.parametrize("name", GROUPS)
def test_orders_equal_the_lcm_of_cycle_lengths(name, powers, monkeypatch):
    monkeypatch.setattr(es, "_NUMPY_POWERS", powers)
    G = parse_group(name)
    S = es.ElementStore(G.generators, G.degree)
    assert S.orders.tolist() == [_naive_order(r) for r in S.images.tolist()]


@pytest.mark.parametrize("name", GROUPS)
def test_powers_equal_repeated_composition(name):
    G = parse_group(name)
    S = es.element_store(G)
    rng = np.random.default_rng(13)
    idx = rng.integers(S.order, size=40)
    for k in (0, 1, 2, 3, 7, 12, 101):
        got = S.power(idx, k)
        for i, g in zip(idx.tolist(), got.tolist()):
            perm = list(range(S.degree))
            for _ in range(k):
                perm = [S.images[i][p] for p in perm]  # g * perm
            assert S.images[g].tolist() == perm


def test_the_byte_limit_counts_two_bytes_a_point_above_degree_256():
    """D9999 has 19,998 elements of degree 9,999: 400 MB of uint16 image
    arrays, refused before anything is built; D2000 (16 MB) is built."""
    with pytest.raises(OrderLimitError, match="200000000 bytes"):
        es.element_store(parse_group("D9999"))
    assert es._image_bytes(19998, 9999) == 2 * 19998 * 9999 > es.STORE_LIMIT
    assert es._image_bytes(4000, 200) == 4000 * 200
