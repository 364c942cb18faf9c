"""Tests for the spherical-signal modules (Appendix C.3 of Xie & Smidt, arXiv 2506.02269).

Harmonics and quadrature are checked against independent references
(scipy's complex ``sph_harm_y`` and the closed-form moments of the sphere);
rotations against the defining identity ``Y_l(R r) = D_l(R) Y_l(r)``; the
model against its exact invariances; the fast polynomial expansion against
the quadrature path it replaces; and the claims of Appendix C.3.1 on the
model with input ``0 + L``.  The whole file runs in a few seconds.
"""

import math

import numpy as np
import pytest
from scipy import special

from symtheory.exceptions import NonFiniteError, ShapeError, SymtheoryError, UnknownNameError
from symtheory.sphere.harmonics import (
    DegreeError,
    RotationError,
    harmonic_index,
    input_dim,
    invert_input,
    num_harmonics,
    random_rotation,
    rotate_input,
    sphere_quadrature,
    spherical_harmonics,
    wigner_matrix,
)
from symtheory.sphere.expansion import polynomial_expansion
from symtheory.sphere.loss import loss_landscape, student_outputs_grid, teacher_student_loss
from symtheory.sphere.minima import (
    compare_minima,
    inversion_symmetry,
    predicted_inversion_flips,
    side_minima,
)
from symtheory.sphere.model import (
    SPHERE_ACTIVATIONS,
    S2Model,
    default_resolution,
    rotation_invariance_error,
    sample_inputs,
)

ROTATION_SEEDS = range(5)


def random_points(n, seed=0):
    p = np.random.default_rng(seed).standard_normal((n, 3))
    return p / np.linalg.norm(p, axis=1, keepdims=True)


# --------------------------------------------------------------------------
# harmonics and quadrature
# --------------------------------------------------------------------------

@pytest.mark.parametrize("lmax", [0, 1, 2, 4, 8, 16])
def test_harmonics_orthonormal_under_quadrature(lmax):
    """Gram matrix of Y_0..Y_lmax under the degree-2 lmax quadrature is I to 1e-12."""
    q = sphere_quadrature(2 * lmax)
    Y = spherical_harmonics(lmax, q.points)
    gram = (Y * q.weights[:, None]).T @ Y
    assert np.abs(gram - np.eye(num_harmonics(lmax))).max() < 1e-12


def test_harmonics_match_scipy_without_condon_shortley_phase():
    """Independent reference: scipy's complex Y_l^m, converted to our real convention."""
    p = random_points(40, seed=1)
    beta = np.arccos(p[:, 2])
    alpha = np.arctan2(p[:, 1], p[:, 0])
    lmax = 7
    Y = spherical_harmonics(lmax, p)
    for l in range(lmax + 1):
        for m in range(-l, l + 1):
            yc = special.sph_harm_y(l, abs(m), beta, alpha)   # has the (-1)^m phase
            phase = (-1) ** abs(m)
            if m == 0:
                ref = yc.real
            elif m > 0:
                ref = math.sqrt(2) * phase * yc.real
            else:
                ref = math.sqrt(2) * phase * yc.imag
            np.testing.assert_allclose(Y[:, harmonic_index(l, m)], ref, atol=1e-13)


def test_low_degree_closed_forms():
    """Y_00 = 1/sqrt(4 pi); (Y_1,-1, Y_10, Y_11) = sqrt(3/(4 pi)) (y, z, x)."""
    p = random_points(10, seed=2)
    Y = spherical_harmonics(1, p)
    np.testing.assert_allclose(Y[:, 0], 1 / math.sqrt(4 * math.pi))
    np.testing.assert_allclose(Y[:, 1:4], math.sqrt(3 / (4 * math.pi)) * p[:, [1, 2, 0]], atol=1e-15)


def test_harmonics_normalize_their_points():
    p = random_points(5, seed=3)
    np.testing.assert_allclose(spherical_harmonics(3, 2.5 * p), spherical_harmonics(3, p), atol=1e-14)


def _sphere_moment(a, b, c):
    """int x^a y^b z^c dOmega: 2 prod Gamma((k+1)/2) / Gamma((a+b+c+3)/2) if all even, else 0."""
    if a % 2 or b % 2 or c % 2:
        return 0.0
    g = special.gamma
    return 2 * g((a + 1) / 2) * g((b + 1) / 2) * g((c + 1) / 2) / g((a + b + c + 3) / 2)


@pytest.mark.parametrize("degree", [0, 1, 2, 5, 8, 11])
def test_quadrature_exact_for_all_monomials_up_to_its_degree(degree):
    q = sphere_quadrature(degree)
    x, y, z = q.points.T
    for a in range(degree + 1):
        for b in range(degree + 1 - a):
            for c in range(degree + 1 - a - b):
                got = q.integrate(x ** a * y ** b * z ** c)
                assert abs(got - _sphere_moment(a, b, c)) < 1e-13, (a, b, c)


def test_quadrature_nodes_closed_under_inversion():
    q = sphere_quadrature(9)
    pts = {tuple(np.round(p, 12)) for p in q.points}
    assert all(tuple(np.round(-p, 12)) in pts for p in q.points)


# --------------------------------------------------------------------------
# rotations and Wigner matrices
# --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", ROTATION_SEEDS)
def test_harmonics_rotate_among_themselves_with_orthogonal_matrix(seed):
    """Y_l(R r) = D_l(R) Y_l(r) at random points (not the quadrature nodes), D_l orthogonal."""
    R = random_rotation(seed)
    assert np.allclose(R @ R.T, np.eye(3), atol=1e-14) and np.isclose(np.linalg.det(R), 1.0)
    p = random_points(60, seed=100 + seed)
    for l in range(9):
        D = wigner_matrix(l, R)
        sl = slice(l * l, (l + 1) ** 2)
        Yl = spherical_harmonics(l, p)[:, sl]
        YR = spherical_harmonics(l, p @ R.T)[:, sl]
        assert np.abs(YR - Yl @ D.T).max() < 1e-12
        assert np.abs(D @ D.T - np.eye(2 * l + 1)).max() < 1e-12


def test_wigner_matrices_are_a_representation():
    R1, R2 = random_rotation(11), random_rotation(12)
    for l in range(6):
        np.testing.assert_allclose(wigner_matrix(l, R1 @ R2), wigner_matrix(l, R1) @ wigner_matrix(l, R2),
                                   atol=1e-12)
        np.testing.assert_allclose(wigner_matrix(l, R1.T), wigner_matrix(l, R1).T, atol=1e-12)
    perm = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])    # degree 1 is (y, z, x)
    np.testing.assert_allclose(wigner_matrix(1, R1), perm @ R1 @ perm.T, atol=1e-13)


def test_rotate_input_rotates_the_signal():
    """The signal of D(R) x at r equals the signal of x at R^-1 r."""
    degrees = (0, 2, 3)
    x = sample_inputs(degrees, 2, seed=4)[0]
    R = random_rotation(5)
    xr = rotate_input(degrees, x, R)
    p = random_points(30, seed=6)

    def signal(coeffs, pts):
        Y = spherical_harmonics(3, pts)
        out, start = 0.0, 0
        for l in degrees:
            out = out + Y[:, l * l:(l + 1) ** 2] @ coeffs[start:start + 2 * l + 1]
            start += 2 * l + 1
        return out

    np.testing.assert_allclose(signal(xr, p), signal(x, p @ R), atol=1e-12)   # R^-1 r = R^T r


def test_invert_input_is_the_inversion_of_the_sphere():
    degrees = (1, 2)
    x = sample_inputs(degrees, 2, seed=7)[0]
    p = random_points(20, seed=8)
    Y = spherical_harmonics(2, p)
    xi = invert_input(degrees, x)
    f = Y[:, 1:4] @ x[:3] + Y[:, 4:9] @ x[3:]
    fi_at_minus = spherical_harmonics(2, -p)[:, 1:4] @ xi[:3] + spherical_harmonics(2, -p)[:, 4:9] @ xi[3:]
    np.testing.assert_allclose(fi_at_minus, f, atol=1e-13)


# --------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------

MODEL_CASES = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (2, 3), (0, 1, 2)]


@pytest.mark.parametrize("degrees", MODEL_CASES)
def test_model_output_invariant_under_random_rotations(degrees):
    """y(theta, D(R) x) = y(theta, x) to 1e-8 relative (in fact ~1e-14: the projection is exact)."""
    model = S2Model(degrees, lmax=4)
    assert model.exact
    x = sample_inputs(degrees, 64, seed=9)
    rng = np.random.default_rng(10)
    for _ in range(3):
        theta = 2.0 * rng.standard_normal(len(degrees))
        y = model.output(theta, x)
        for seed in ROTATION_SEEDS:
            yr = model.output(theta, rotate_input(degrees, x, random_rotation(seed)))
            assert np.abs(yr - y).max() <= 1e-8 * np.abs(y).max()
            assert np.abs(yr - y).max() <= 1e-10 * np.abs(y).max()
    assert rotation_invariance_error(model, theta, x, n_rotations=3) < 1e-12


def test_non_polynomial_activation_is_only_approximately_invariant():
    """Documented limitation: SiLU is not band-limited, so the projection aliases;
    the error shrinks as the quadrature grows."""
    x = sample_inputs((0, 2), 32, seed=11)
    errs = [rotation_invariance_error(S2Model((0, 2), 4, "silu", res), [1.0, 1.0], x)
            for res in (16, 28, 40)]
    assert not S2Model((0, 2), 4, "silu").exact
    assert errs[0] > errs[1] > errs[2] and errs[2] < 1e-6


@pytest.mark.parametrize("degrees", [(0, 1), (0, 3), (1, 2), (1, 3)])
def test_inversion_is_an_exact_symmetry_of_the_model(degrees):
    model = S2Model(degrees, lmax=4)
    x = sample_inputs(degrees, 32, seed=12)
    theta = np.array([0.7, -1.3])
    y = model.output(theta, x)
    np.testing.assert_allclose(model.output(theta, invert_input(degrees, x)), y, rtol=1e-12)
    flipped = theta.copy()
    flipped[list(predicted_inversion_flips(degrees))] *= -1
    np.testing.assert_allclose(model.output(flipped, x), y, rtol=1e-12)


def test_constant_signal_output_closed_form():
    """Input 0 only: f = theta x0 everywhere, y = 4 pi sigma(theta x0)^2 (projection onto Y_00)."""
    model = S2Model((0,), lmax=3)
    x = np.array([[1.5], [-0.4]])
    sigma = SPHERE_ACTIVATIONS["quadratic"].sigma
    np.testing.assert_allclose(model.output([0.8], x), 4 * np.pi * sigma(0.8 * x[:, 0]) ** 2, rtol=1e-13)


@pytest.mark.parametrize("activation", ["quadratic", "silu"])
def test_gradient_matches_finite_differences(activation):
    model = S2Model((0, 3), lmax=4, activation=activation)
    F = model.features(sample_inputs(model.degrees, 5, seed=13))
    t = np.array([0.4, -0.9])
    _, g = model.output_and_grad_from_features(t, F)
    for i in range(2):
        e = np.zeros(2)
        e[i] = 1e-6
        fd = (model.output_from_features(t + e, F) - model.output_from_features(t - e, F)) / 2e-6
        np.testing.assert_allclose(g[:, i], fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("degrees", [(0, 2), (1, 3), (0, 1, 2)])
def test_polynomial_expansion_equals_quadrature_path(degrees):
    """The fast exact expansion against the naive quadrature evaluation it replaces."""
    model = S2Model(degrees, lmax=4)
    x = sample_inputs(degrees, 16, seed=14)
    exp = polynomial_expansion(model, x)
    rng = np.random.default_rng(15)
    for _ in range(3):
        t = rng.standard_normal(len(degrees)) * 2
        y, g = exp.output_and_grad(t)
        y0, g0 = model.output_and_grad_from_features(t, model.features(x))
        np.testing.assert_allclose(y, y0, rtol=1e-11)
        np.testing.assert_allclose(g, g0, rtol=1e-9, atol=1e-9 * np.abs(g0).max())
    a, b = np.linspace(-2, 2, 3), np.linspace(-1, 1, 4)
    grid = student_outputs_grid(model, x, a, b, axes=(0, 1), base=[0, 0, 0.5][:len(degrees)])
    for ia in range(3):
        for ib in range(4):
            t = np.array([a[ia], b[ib], 0.5][:len(degrees)])
            np.testing.assert_allclose(grid[ia, ib], model.output(t, x), rtol=1e-11)


def test_silu_grid_matches_pointwise_outputs():
    model = S2Model((0, 2), lmax=3, activation="silu")
    x = sample_inputs(model.degrees, 7, seed=16)
    a, b = np.array([-1.0, 0.5]), np.linspace(-2, 2, 5)
    grid = student_outputs_grid(model, x, a, b)
    for ia in range(2):
        for ib in range(5):
            np.testing.assert_allclose(grid[ia, ib], model.output([a[ia], b[ib]], x), rtol=1e-12)


def test_loss_estimate_is_a_mean_with_standard_error():
    model = S2Model((0, 2), lmax=4)
    x = sample_inputs(model.degrees, 200, seed=17)
    est = teacher_student_loss(model, [0.2, -0.5], [1.0, 0.7], x)
    e = (model.output([0.2, -0.5], x) - model.output([1.0, 0.7], x)) ** 2
    assert est.n == 200
    assert math.isclose(est.mean, e.mean(), rel_tol=1e-12)
    assert math.isclose(est.se, e.std(ddof=1) / math.sqrt(200), rel_tol=1e-12)


# --------------------------------------------------------------------------
# Appendix C.3.1: input 0 + L, two minima across theta_1 = 0
# --------------------------------------------------------------------------

TEACHER_SEEDS = range(5)
N_SAMPLES = 1024


def _teacher(seed):
    return np.random.default_rng([1, seed]).standard_normal(2)


def _landscapes(L):
    """Model, sample, grid and, per teacher seed, (teacher, landscape, minima, comparison)."""
    model = S2Model((0, L), lmax=4)
    x = sample_inputs(model.degrees, N_SAMPLES, seed=[0, L])
    g = np.linspace(-2.5, 2.5, 21)
    grid = student_outputs_grid(model, x, g, g)
    out = []
    for seed in TEACHER_SEEDS:
        tt = _teacher(seed)
        land = loss_landscape(model, x, tt, g, g, student_outputs=grid)
        neg, pos = side_minima(model, x, land, axis=1)
        cmp = compare_minima(model, x, tt, neg.theta, pos.theta)
        out.append((tt, land, neg, pos, cmp))
    return model, x, out


@pytest.mark.parametrize("L", [1, 2, 3, 4])
def test_theorem_3_3_on_s2_two_minima_either_side_of_theta1_zero(L):
    """Theorem 3.3 on S^2 (Appendix C.3.1): for input 0 + L and 5 teacher seeds, the
    best point of each side of the hidden fixed-point subspace theta_1 = 0 leads to a
    local minimum strictly inside that side; for odd L the two have equal loss (to the
    sampling error) and the landscape is symmetric under theta_1 -> -theta_1; for even L
    at least one seed shows minima of different loss.  Sampled: 5 teachers, a fixed
    sample of 1024 Gaussian inputs, a 21 x 21 grid on [-2.5, 2.5]^2."""
    model, x, results = _landscapes(L)
    differ = []
    for tt, land, neg, pos, cmp in results:
        assert neg.own_side and pos.own_side, (L, tt, neg.theta, pos.theta)
        assert neg.converged and pos.converged
        assert neg.theta[1] < 0 < pos.theta[1]
        # the minimum on the teacher's side is the teacher itself (loss 0 up to the optimizer)
        own = pos if tt[1] > 0 else neg
        assert own.loss < 1e-12 and np.allclose(own.theta, tt, atol=1e-5)
        sym = inversion_symmetry(land, flip=(1,))
        if L % 2:
            assert not cmp.differ
            assert abs(neg.loss - pos.loss) <= 3 * cmp.se + 1e-12
            assert sym.symmetric and sym.max_abs_difference <= 1e-9 * sym.scale
            np.testing.assert_allclose(neg.theta, pos.theta * [1, -1], atol=1e-5)   # mirror images
        differ.append((cmp.differ, sym.symmetric))
    if L % 2 == 0:
        assert any(d for d, _ in differ), differ
        assert any(not s for _, s in differ), differ        # the grid test sees it too
        assert all(d for d, _ in differ)                     # in fact every seed, at n = 1024


# --------------------------------------------------------------------------
# bad input: one clear error
# --------------------------------------------------------------------------

def _one_clear_error(exc_type, fn, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        fn(*args, **kwargs)
    err = info.value
    assert isinstance(err, SymtheoryError) and isinstance(err, ValueError)
    msg = str(err)
    assert msg and "\n" not in msg
    assert err.__cause__ is None and (err.__context__ is None or err.__suppress_context__)
    return msg


def test_negative_degree():
    assert "non-negative" in _one_clear_error(DegreeError, spherical_harmonics, -1, [0, 0, 1])
    _one_clear_error(DegreeError, S2Model, (0, -2), 4)
    _one_clear_error(DegreeError, sphere_quadrature, -3)
    _one_clear_error(DegreeError, wigner_matrix, -1, np.eye(3))
    _one_clear_error(DegreeError, input_dim, (0, -1))
    _one_clear_error(DegreeError, harmonic_index, 2, 3)


def test_non_integer_degree_and_bad_cutoffs():
    _one_clear_error(DegreeError, spherical_harmonics, 2.5, [0, 0, 1])
    _one_clear_error(DegreeError, S2Model, (0, True), 4)
    assert "lmax" in _one_clear_error(DegreeError, S2Model, (0, 5), 4)
    _one_clear_error(DegreeError, S2Model, (0, 2), 4, resolution=6)
    _one_clear_error(ShapeError, S2Model, 2, 4)
    _one_clear_error(ShapeError, S2Model, (), 4)
    _one_clear_error(UnknownNameError, S2Model, (0, 2), 4, activation="gelu")


def test_nan_inputs():
    model = S2Model((0, 1), lmax=2)
    x = sample_inputs(model.degrees, 4)
    _one_clear_error(NonFiniteError, spherical_harmonics, 2, [np.nan, 0, 1])
    _one_clear_error(NonFiniteError, spherical_harmonics, 2, [0, 0, 0])
    bad = x.copy()
    bad[1, 2] = np.nan
    _one_clear_error(NonFiniteError, model.output, [1.0, 1.0], bad)
    _one_clear_error(NonFiniteError, model.output, [1.0, np.inf], x)
    _one_clear_error(NonFiniteError, teacher_student_loss, model, [1.0, 1.0], [np.nan, 1.0], x)
    _one_clear_error(NonFiniteError, wigner_matrix, 1, np.full((3, 3), np.nan))
    _one_clear_error(NonFiniteError, rotate_input, (0, 1), bad, np.eye(3))


def test_wrong_shapes():
    model = S2Model((0, 1), lmax=2)
    x = sample_inputs(model.degrees, 4)
    _one_clear_error(ShapeError, spherical_harmonics, 2, [[1.0, 0.0]])
    _one_clear_error(ShapeError, spherical_harmonics, 2, [[1.0, 0.0, 0.0], [1.0, 0.0]])   # ragged
    _one_clear_error(ShapeError, spherical_harmonics, 2, [1j, 0.0, 1.0])                  # complex
    _one_clear_error(ShapeError, model.output, [1.0, 1.0], "x")
    _one_clear_error(ShapeError, model.output, [1.0], x)
    _one_clear_error(ShapeError, model.output, [1.0, 1.0], x[:, :3])
    _one_clear_error(ShapeError, model.output, [1.0, 1.0], x[None])
    _one_clear_error(ShapeError, model.output_from_features, [1.0, 1.0], np.zeros((2, 2, 3)))
    _one_clear_error(ShapeError, rotate_input, (0, 1), x, np.eye(2))
    _one_clear_error(ShapeError, sample_inputs, (0, 1), 1)
    _one_clear_error(ShapeError, teacher_student_loss, model, [1, 1], [1, 1], x[:1])
    _one_clear_error(ShapeError, sphere_quadrature(2).integrate, np.ones(5))
    g = np.linspace(-1, 1, 3)
    _one_clear_error(ShapeError, loss_landscape, model, x, [1, 1], g, g, axes=(0, 0))
    _one_clear_error(ShapeError, loss_landscape, model, x, [1, 1], g, [1.0])
    land = loss_landscape(model, x, [1, 1], g, np.array([0.0, 1.0, 2.0]))
    _one_clear_error(ShapeError, inversion_symmetry, land, flip=(1,))      # grid not symmetric
    _one_clear_error(ShapeError, side_minima, model, x, land, axis=5)
    _one_clear_error(ShapeError, polynomial_expansion(model, x).output_and_grad, [1.0])
    _one_clear_error(UnknownNameError, polynomial_expansion, S2Model((0, 1), 2, "silu"), x)


def test_not_a_rotation():
    _one_clear_error(RotationError, wigner_matrix, 1, np.diag([1.0, 1.0, -1.0]))
    _one_clear_error(RotationError, rotate_input, (1,), np.zeros(3), 2 * np.eye(3))


def test_defaults_are_documented_values():
    assert default_resolution((0, 4), 4) == 12
    assert default_resolution((0, 2), 4, "silu") == 28
    assert S2Model((0, 2), lmax=4).activation == "quadratic"


def test_theorem_3_3_on_s2_does_not_hinge_on_the_polynomial_activation():
    """The same verdicts with SiLU (projection approximate, but the node set is closed
    under inversion, so the odd-L symmetry stays exact).  Sampled: L = 2, 3, two
    teachers, 256 inputs, a 9 x 9 grid."""
    from symtheory.sphere.figures import fig12_records
    recs = fig12_records(Ls=(2, 3), n_seeds=2, grid_points=9, n_samples=256, activation="silu")
    for r in recs:
        assert r["two_minima"]
        assert r["symmetric"] == (r["L"] == 3) and r["minima_differ"] == (r["L"] == 2)
