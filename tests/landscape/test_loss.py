"""Tests of symtheory.landscape.loss: closed forms, derivatives, batching, validation.

The reference implementations are a seeded Monte Carlo estimator (for the
loss) and central finite differences (for the gradient and Hessian).
"""

import time

import numpy as np
import pytest

from symtheory.exceptions import (NonFiniteError, ShapeError, SymtheoryError,
                                  UnknownNameError)
from symtheory.landscape.loss import (ACTIVATIONS, constrained_gradient, constrained_hessian,
                            constrained_loss, expected_loss, loss_gradient,
                            loss_hessian, monte_carlo_loss, pair_kernel)

STEP = 1e-6


def fd_gradient(f, x, step=STEP):
    """Central differences of a scalar function ``f`` at ``x`` (any shape)."""
    x = np.asarray(x, dtype=float)
    scale = step * max(1.0, float(np.abs(x).max()))
    out = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += scale
        xm[idx] -= scale
        out[idx] = (f(xp) - f(xm)) / (2 * scale)
    return out


def fd_jacobian(g, x, step=STEP):
    """Central differences of an array function ``g``; shape ``x.size x g.size``."""
    x = np.asarray(x, dtype=float)
    scale = step * max(1.0, float(np.abs(x).max()))
    flat = x.ravel()
    rows = []
    for a in range(flat.size):
        xp, xm = flat.copy(), flat.copy()
        xp[a] += scale
        xm[a] -= scale
        rows.append((np.ravel(g(xp.reshape(x.shape)))
                     - np.ravel(g(xm.reshape(x.shape)))) / (2 * scale))
    return np.array(rows)


def rel_err(a, b):
    return np.linalg.norm(np.asarray(a) - np.asarray(b)) / max(np.linalg.norm(b), 1e-300)


def random_instance(seed, h=3, hp=2, d=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((h, d)), rng.standard_normal((hp, d))


# ---------------------------------------------------------------------------
# closed forms against Monte Carlo
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("seed,h,hp,d", [(1, 3, 2, 5), (2, 2, 3, 4), (3, 4, 4, 5)])
def test_closed_form_matches_monte_carlo(activation, seed, h, hp, d):
    """The exact loss lies within 3 standard errors of 10**6 seeded samples."""
    W, V = random_instance(seed, h, hp, d)
    exact = expected_loss(W, V, activation)
    mean, se = monte_carlo_loss(W, V, activation, n_samples=10**6, seed=seed)
    assert se > 0
    assert abs(mean - exact) < 3 * se


def test_monte_carlo_batched_matches_unbatched():
    """Batch elements see the same samples, so batched equals looped exactly."""
    rng = np.random.default_rng(4)
    W = rng.standard_normal((2, 3, 2, 3))
    V = rng.standard_normal((2, 3))
    mean, se = monte_carlo_loss(W, V, "erf", n_samples=5000, seed=7)
    assert mean.shape == se.shape == (2, 3)
    for idx in np.ndindex(2, 3):
        m1, s1 = monte_carlo_loss(W[idx], V, "erf", n_samples=5000, seed=7)
        assert np.isclose(mean[idx], m1, rtol=1e-12)
        assert np.isclose(se[idx], s1, rtol=1e-9)


def test_pair_kernel_matches_monte_carlo():
    rng = np.random.default_rng(5)
    A, B = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    x = rng.standard_normal((400_000, 3))
    for activation, s in (("relu", lambda z: np.maximum(z, 0)),
                          ("erf", None)):
        if s is None:
            from scipy.special import erf
            s = lambda z: erf(z / np.sqrt(2))  # noqa: E731
        prod = s(x @ A.T)[:, :, None] * s(x @ B.T)[:, None, :]
        mc, se = prod.mean(0), prod.std(0) / np.sqrt(len(x))
        assert np.all(np.abs(pair_kernel(A, B, activation) - mc) < 4 * se)


# ---------------------------------------------------------------------------
# known values
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_loss_vanishes_at_teacher(activation):
    W, _ = random_instance(6, 4, 0, 5)
    assert abs(expected_loss(W, W, activation)) < 1e-12
    assert np.abs(loss_gradient(W, W, activation)).max() < 1e-12
    # permuted student rows are the same network (hidden permutation symmetry)
    assert abs(expected_loss(W[::-1], W, activation)) < 1e-12


def test_relu_single_neuron_values():
    """E[relu(w.x)^2] = |w|^2/2; against a teacher L = |w|^2/2 - 2K + |v|^2/2."""
    w = np.array([[3.0, 0.0, 4.0]])
    zero_teacher = np.zeros((0, 3))
    assert expected_loss(w, zero_teacher) == pytest.approx(12.5, rel=1e-15)
    assert expected_loss(w, np.zeros((2, 3))) == pytest.approx(12.5, rel=1e-15)
    np.testing.assert_allclose(loss_gradient(w, zero_teacher), w, rtol=1e-15)
    np.testing.assert_allclose(loss_hessian(w, zero_teacher), np.eye(3), atol=1e-15)
    v = np.array([[0.0, 2.0, 0.0]])             # orthogonal: K = |w||v| / (2 pi)
    expected = 12.5 - 2 * 5 * 2 / (2 * np.pi) + 2.0
    assert expected_loss(w, v) == pytest.approx(expected, rel=1e-14)
    assert expected_loss(w, -w) == pytest.approx(25.0, rel=1e-14)   # antiparallel: K = 0
    assert expected_loss(w, 2 * w) == pytest.approx(12.5, rel=1e-14)  # (1 - 2)^2 |w|^2 / 2


def test_erf_single_neuron_values():
    w = np.array([[1.0, 2.0]])
    r = 5.0
    assert expected_loss(w, np.zeros((0, 2)), "erf") == pytest.approx(
        2 / np.pi * np.arcsin(r / (1 + r)), rel=1e-14)
    assert pair_kernel([[1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], "erf") == pytest.approx(
        np.array([[1 / 3, 0.0]]), abs=1e-15)


def test_erf_loss_saturates_at_huge_weights_without_overflow():
    """For |w| -> infinity the erf kernel tends to (2/pi) arcsin(cos angle) (erf becomes the
    sign): weights of 1e99 (below the 1e100 bound) give the limit, with no overflow warning
    (the product (1 + |a|^2)(1 + |b|^2) once overflowed to inf)."""
    rng = np.random.default_rng(3)
    W, V = rng.standard_normal((2, 3)), rng.standard_normal((3, 3))
    with np.errstate(all="raise"):
        huge = expected_loss(1e99 * W, 1e99 * V, "erf")
    assert np.isclose(huge, expected_loss(1e12 * W, 1e12 * V, "erf"), rtol=1e-9)


def test_relu_kernel_one_dimension():
    """In d = 1, E[relu(ax) relu(bx)] = ab/2 for equal signs and 0 otherwise."""
    a = np.array([[2.0], [-1.0], [0.0]])
    b = np.array([[3.0], [-4.0]])
    np.testing.assert_allclose(pair_kernel(a, b, "relu"),
                               [[3.0, 0.0], [0.0, 2.0], [0.0, 0.0]], atol=1e-15)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_invariances(activation):
    """L is invariant under permuting student rows and under x -> Qx (Q orthogonal)."""
    W, V = random_instance(8, 4, 3, 5)
    Q, _ = np.linalg.qr(np.random.default_rng(9).standard_normal((5, 5)))
    L = expected_loss(W, V, activation)
    assert expected_loss(W[[2, 0, 3, 1]], V, activation) == pytest.approx(L, rel=1e-13)
    assert expected_loss(W @ Q, V @ Q, activation) == pytest.approx(L, rel=1e-12)
    np.testing.assert_allclose(loss_gradient(W @ Q, V @ Q, activation),
                               loss_gradient(W, V, activation) @ Q, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------------------
# derivatives against finite differences
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("seed", [10, 11, 12])
def test_gradient_matches_finite_differences(activation, seed):
    W, V = random_instance(seed, 3, 3, 4)
    fd = fd_gradient(lambda X: expected_loss(X, V, activation), W)
    assert rel_err(loss_gradient(W, V, activation), fd) < 1e-6


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("seed", [13, 14, 15])
def test_hessian_matches_finite_differences(activation, seed):
    W, V = random_instance(seed, 3, 2, 4)
    H = loss_hessian(W, V, activation)
    assert H.shape == (12, 12)
    fd = fd_jacobian(lambda X: loss_gradient(X, V, activation), W)
    assert rel_err(H, fd) < 1e-6
    np.testing.assert_array_equal(H, H.T)


def test_relu_hessian_at_parallel_pairs_is_the_second_derivative():
    """At parallel/antiparallel rows the returned limits match finite differences.

    The ReLU kernel is C^2 away from zero vectors, so the continuous
    extension of the Hessian is the Hessian; this samples one such point
    (rows w, 2w, -w and a teacher row parallel to w).  The third derivative
    jumps there, so the finite-difference error is O(step), not O(step^2):
    about 3e-6 relative at step 1e-5.
    """
    rng = np.random.default_rng(16)
    w = rng.standard_normal(4)
    W = np.stack([w, 2 * w, -w])
    V = np.stack([3 * w, rng.standard_normal(4)])
    H = loss_hessian(W, V)
    assert np.isfinite(H).all()
    fd = fd_jacobian(lambda X: loss_gradient(X, V), W, step=1e-5)
    assert rel_err(H, fd) < 1e-5
    # continuity: a nearly parallel configuration gives nearly the same Hessian
    W2 = W + 1e-9 * rng.standard_normal(W.shape)
    assert rel_err(loss_hessian(W2, V), H) < 1e-6


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_hessian_at_teacher_is_finite_and_psd(activation):
    W, _ = random_instance(17, 3, 0, 4)
    H = loss_hessian(W, W, activation)
    assert np.isfinite(H).all()
    assert np.linalg.eigvalsh(H).min() > -1e-10


# ---------------------------------------------------------------------------
# batching
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_batched_equals_unbatched(activation):
    rng = np.random.default_rng(18)
    W = rng.standard_normal((3, 4, 2, 3))
    W[0, 0, 1] = 0.0                                  # a zero row inside the batch
    V = rng.standard_normal((3, 3))
    L, G, H = (f(W, V, activation) for f in (expected_loss, loss_gradient, loss_hessian))
    assert L.shape == (3, 4) and G.shape == (3, 4, 2, 3) and H.shape == (3, 4, 6, 6)
    for idx in np.ndindex(3, 4):
        assert L[idx] == pytest.approx(expected_loss(W[idx], V, activation), rel=1e-13)
        np.testing.assert_allclose(G[idx], loss_gradient(W[idx], V, activation),
                                   rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(H[idx], loss_hessian(W[idx], V, activation),
                                   rtol=1e-12, atol=1e-14)
    # a batched teacher broadcasts against the student batch
    Vb = rng.standard_normal((4, 3, 3))
    Lb = expected_loss(W, Vb, activation)
    assert Lb[2, 1] == pytest.approx(expected_loss(W[2, 1], Vb[1], activation), rel=1e-13)


def test_gradient_of_a_grid_is_fast():
    """A (101, 101) grid of 6 x 5 weight matrices takes milliseconds."""
    rng = np.random.default_rng(19)
    W = rng.standard_normal((101, 101, 6, 5))
    V = rng.standard_normal((6, 5))
    for activation in ACTIVATIONS:
        loss_gradient(W, V, activation)
        start = time.perf_counter()
        G = loss_gradient(W, V, activation)
        assert time.perf_counter() - start < 0.5
        assert G.shape == W.shape and np.isfinite(G).all()


# ---------------------------------------------------------------------------
# constrained versions
# ---------------------------------------------------------------------------
class _Space:
    """A stand-in for an equivariant weight space exposing ``basis_array()``."""

    def __init__(self, basis):
        self._basis = basis

    def basis_array(self):
        return self._basis


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_constrained_chain_rule(activation):
    rng = np.random.default_rng(20)
    basis = rng.standard_normal((3, 3, 4))
    V = rng.standard_normal((2, 4))
    theta = rng.standard_normal(3)
    W = np.einsum("k,khd->hd", theta, basis)
    assert constrained_loss(theta, basis, V, activation) == pytest.approx(
        expected_loss(W, V, activation), rel=1e-14)
    g = constrained_gradient(theta, basis, V, activation)
    fd = fd_gradient(lambda t: constrained_loss(t, basis, V, activation), theta)
    assert rel_err(g, fd) < 1e-6
    H = constrained_hessian(theta, basis, V, activation)
    fdh = fd_jacobian(lambda t: constrained_gradient(t, basis, V, activation), theta)
    assert H.shape == (3, 3) and rel_err(H, fdh) < 1e-6
    # an object with basis_array() works the same, and so does a batch of thetas
    space = _Space(basis)
    np.testing.assert_array_equal(constrained_gradient(theta, space, V, activation), g)
    thetas = np.stack([theta, 2 * theta])
    Hb = constrained_hessian(thetas, space, V, activation)
    assert Hb.shape == (2, 3, 3)
    np.testing.assert_allclose(Hb[0], H, rtol=1e-12)


# ---------------------------------------------------------------------------
# zero rows
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_zero_rows(activation):
    """A zero row is a neuron computing s(0) = 0: it changes nothing, gives no NaN."""
    W, V = random_instance(21, 3, 2, 4)
    Wz = np.vstack([W, np.zeros((1, 4))])
    Vz = np.vstack([np.zeros((2, 4)), V])
    L = expected_loss(W, V, activation)
    assert expected_loss(Wz, Vz, activation) == pytest.approx(L, rel=1e-13)
    G, H = loss_gradient(Wz, Vz, activation), loss_hessian(Wz, Vz, activation)
    assert np.isfinite(G).all() and np.isfinite(H).all()
    np.testing.assert_allclose(G[:3], loss_gradient(W, V, activation), rtol=1e-12)
    all_zero = np.zeros((2, 4))
    for args in ((all_zero, V), (W, np.zeros((2, 4))), (all_zero, all_zero)):
        values = [f(*args, activation) for f in (expected_loss, loss_gradient, loss_hessian)]
        assert all(np.isfinite(v).all() for v in values)
    assert expected_loss(all_zero, all_zero, activation) == 0.0


def test_relu_zero_row_convention():
    """ReLU: a zero row gets gradient 0 and only the diagonal Hessian block I."""
    W, V = random_instance(22, 2, 2, 3)
    Wz = np.vstack([np.zeros((1, 3)), W])
    G, H = loss_gradient(Wz, V), loss_hessian(Wz, V)
    np.testing.assert_array_equal(G[0], 0.0)
    np.testing.assert_array_equal(H[:3, :3], np.eye(3))
    np.testing.assert_array_equal(H[:3, 3:], 0.0)


def test_erf_gradient_at_zero_row_is_smooth():
    """erf is smooth at zero rows: the analytic gradient matches differences there."""
    W, V = random_instance(23, 2, 2, 3)
    Wz = np.vstack([np.zeros((1, 3)), W])
    fd = fd_gradient(lambda X: expected_loss(X, V, "erf"), Wz)
    assert rel_err(loss_gradient(Wz, V, "erf"), fd) < 1e-6
    fdh = fd_jacobian(lambda X: loss_gradient(X, V, "erf"), Wz)
    assert rel_err(loss_hessian(Wz, V, "erf"), fdh) < 1e-6


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------
def test_unknown_activation():
    W, V = random_instance(24)
    with pytest.raises(UnknownNameError, match="'relu', 'erf'"):
        expected_loss(W, V, "tanh")
    with pytest.raises(UnknownNameError):
        pair_kernel(W, V, None)
    with pytest.raises(UnknownNameError):
        monte_carlo_loss(W, V, "sigmoid", 10)


@pytest.mark.parametrize("W_shape,V_shape,match", [
    ((3, 4), (2, 5), "same d"),           # different input dimension
    ((4,), (2, 4), "at least 2 axes"),    # W is a vector
    ((3, 4), (4,), "at least 2 axes"),    # V is a vector
    ((2, 3, 4), (3, 2, 4), "broadcast"),  # batch axes clash
    ((3, 0), (2, 0), "at least 1"),       # no input dimension
])
def test_shape_errors(W_shape, V_shape, match):
    for f in (expected_loss, loss_gradient, loss_hessian):
        with pytest.raises(ShapeError, match=match):
            f(np.ones(W_shape), np.ones(V_shape))


def test_ragged_or_complex_input_is_a_shape_error():
    with pytest.raises(ShapeError, match="rectangular"):
        expected_loss([[1.0, 2.0], [3.0]], np.ones((1, 2)))
    with pytest.raises(ShapeError, match="complex"):
        loss_gradient(np.ones((1, 2), dtype=complex), np.ones((1, 2)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_errors(bad):
    W, V = random_instance(25)
    Wb, Vb = W.copy(), V.copy()
    Wb[0, 0] = bad
    Vb[1, 2] = bad
    with pytest.raises(NonFiniteError, match="W holds NaN"):
        loss_gradient(Wb, V)
    with pytest.raises(NonFiniteError, match="V holds NaN"):
        loss_hessian(W, Vb)
    with pytest.raises(NonFiniteError, match="A holds NaN"):
        pair_kernel(Wb, V, "relu")
    basis = np.ones((2, 3, 4))
    with pytest.raises(NonFiniteError, match="theta"):
        constrained_loss([1.0, bad], basis, V)
    basis[1, 0, 0] = bad
    with pytest.raises(NonFiniteError, match="basis"):
        constrained_gradient([1.0, 2.0], basis, V)


def test_constrained_shape_errors():
    V = np.ones((2, 4))
    with pytest.raises(ShapeError, match=r"shape \(k, h, d\)"):
        constrained_loss([1.0], np.ones((3, 4)), V)
    with pytest.raises(ShapeError, match=r"give theta shape \(\.\.\., 2\)"):
        constrained_hessian([1.0, 2.0, 3.0], np.ones((2, 3, 4)), V)
    with pytest.raises(ShapeError, match="basis has weight matrices.*same d"):
        constrained_gradient([1.0, 2.0], np.ones((2, 3, 5)), V)
    with pytest.raises(ShapeError, match="theta"):
        constrained_loss(1.0, np.ones((1, 3, 4)), V)


def test_monte_carlo_needs_two_samples():
    W, V = random_instance(26)
    with pytest.raises(ShapeError, match="n_samples"):
        monte_carlo_loss(W, V, "relu", n_samples=1)


def test_errors_are_value_errors_with_one_line():
    try:
        expected_loss(np.ones((2, 3)), np.ones((2, 4)))
    except ShapeError as exc:
        assert isinstance(exc, (SymtheoryError, ValueError))
        assert "\n" not in str(exc)
    else:  # pragma: no cover
        pytest.fail("no ShapeError")
