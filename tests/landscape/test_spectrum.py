"""The isotypic Hessian spectrum against the dense eigen-decomposition, and the
Hessian-vector product against the dense Hessian."""

import numpy as np
import pytest

from symtheory.exceptions import InvalidValueError
from symtheory.landscape.isotropy_groups import (diagonal_young, fixed_point_subspace, parse_isotropy,
                                          young_product)
from symtheory.landscape.hessian_vector import hessian_vector_product
from symtheory.landscape.loss import loss_hessian
from symtheory.landscape.spectrum import dense_spectrum, isotypic_spectrum


@pytest.mark.parametrize("activation", ["relu", "erf"])
@pytest.mark.parametrize("W_kind", ["random", "zero row", "parallel rows"])
def test_hessian_vector_product_equals_dense(activation, W_kind):
    rng = np.random.default_rng(4)
    W, V, X = rng.normal(size=(5, 4)), rng.normal(size=(3, 4)), rng.normal(size=(7, 5, 4))
    if W_kind == "zero row":
        W[1] = 0.0
    elif W_kind == "parallel rows":
        W[2] = 3.0 * W[0]
        W[3] = -W[0]
    H = loss_hessian(W, V, activation)
    ref = (X.reshape(7, -1) @ H).reshape(X.shape)
    assert np.allclose(hessian_vector_product(W, V, X, activation), ref, atol=1e-12)
    assert np.allclose(hessian_vector_product(W, V, X[0], activation), ref[0], atol=1e-12)


def _groups(k):
    gs = [diagonal_young((k,)), diagonal_young((k - 1, 1)), young_product((k - 1, 1), (k,)),
          young_product((1, k - 1), (2, k - 2)) if k >= 3 else young_product((1, 1), (2,))]
    if k >= 4:
        gs += [diagonal_young((k - 2, 2)), diagonal_young((k - 3, 2, 1))]
    if k >= 6:
        gs += [diagonal_young((k - 4, 3, 1)), parse_isotropy("S(3,3,%d) x S(%d,1)" % (k - 6, k - 1), k, k) if k > 6 else young_product((3, 3), (5, 1))]
    return gs


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6, 9, 20])
def test_isotypic_spectrum_equals_dense(k):
    """Schur's lemma + the Young-rule decomposition: every eigenvalue with its multiplicity,
    to 1e-8, at random points of Fix(H) (V = I, so Gamma = S_k x S_k contains H)."""
    rng = np.random.default_rng(k)
    V = np.eye(k)
    acts = ["relu", "erf"] if k <= 9 else ["relu"]
    for H in (_groups(k) if k <= 9 else _groups(k)[1:6:2]):
        F = fixed_point_subspace(H)
        W = F.weights(rng.normal(size=F.dim))
        for act in acts:
            s = isotypic_spectrum(W, V, H, act)
            assert sum(b.size for b in s.blocks) == k * k
            assert np.abs(s.eigenvalues - dense_spectrum(W, V, act)).max() < 1e-8, (H.name, act)


def test_isotypic_block_structure_diag_s_k():
    """diag(S_k) on R^{k x k}: 2 trivial + 3 std + (k-2,2) + (k-2,1,1) (Young's rule)."""
    k = 7
    s = isotypic_spectrum(np.eye(k), np.eye(k), diagonal_young((k,)))
    got = {b.irrep: (b.dim, b.multiplicity) for b in s.blocks}
    assert got == {"trivial": (1, 2), "std[0]": (k - 1, 3), "(n-2,2)[0]": (k * (k - 3) // 2, 1),
                   "(n-2,1,1)[0]": ((k - 1) * (k - 2) // 2, 1)}


def test_isotypic_needs_a_fixed_point_and_young_structure():
    H = diagonal_young((3,))
    with pytest.raises(InvalidValueError, match="not fixed"):
        isotypic_spectrum(np.arange(9.0).reshape(3, 3), np.eye(3), H)
    G = parse_isotropy([([1, 0, 2], [1, 0, 2])], 3, 3)
    with pytest.raises(InvalidValueError, match="Young"):
        isotypic_spectrum(np.eye(3), np.eye(3), G)


def test_dense_spectrum_refuses_huge_matrices():
    with pytest.raises(InvalidValueError, match="coordinates"):
        dense_spectrum(np.ones((61, 60)), np.eye(60))
