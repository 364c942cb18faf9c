"""The closure over an element store and the stabilizer-chain order it asks,
held against the plain breadth-first closure and SymPy's own ``order()``."""

import numpy as np
import pytest
from sympy.combinatorics import Permutation, PermutationGroup

from symtheory.algebra.element_store import element_store
from symtheory.algebra.groups import parse_group
from symtheory.algebra.subgroup_closure import _chain_order, _TableProducts, closure

M11 = "(1,2,3,4,5,6,7,8,9,10,11),(3,7,11,8)(4,10,5,6)"


@pytest.mark.parametrize("name", ["S7", "A7", M11, "D12", "C2xS5", "C1"])
def test_chain_order_equals_the_closure_and_sympy(name):
    G = parse_group(name)
    S = _TableProducts(G, element_store(G), tables=False)
    rng = np.random.default_rng(3)
    for _ in range(25):
        gens = sorted({int(x) for x in rng.integers(S.order, size=int(rng.integers(1, 3)))})
        plain = closure(S, gens)
        perms = [Permutation(S.store.images[g].tolist()) for g in gens]
        assert _chain_order(S, gens) == len(plain) == PermutationGroup(perms).order()
        # a closure that asks the order at once stops at the same set
        asked = closure(S, gens, order_of=lambda: _chain_order(S, gens), ask_at=0)
        assert np.array_equal(asked, plain)
