"""Training that cannot fail silently, and slices split by the network's own hyperplanes.

The icosahedral example of issue 17: the rotation group I of the icosahedron
(order 60) on its 12 vertices, input ``natural + trivial``, hidden
``cosets(6)`` (G/D10: the 6 axes through opposite vertices, dim Theta~ = 3,
one Theorem 3.3 hyperplane theta_0 = theta_1).  At the paper's lr 0.1 the
largest Hessian eigenvalue on the [-3, 3]^2 slice is ~350, far above
2 / 0.1 = 20, so gradient descent diverges; before this change ``train``
returned final losses near 1e300 and ``side_fractions`` 0.0 / 0.0.
The full group I_h (order 120, the one whose top class prints ``order-120``)
with hidden ``cosets(6)`` (G/V4, 30 neurons) is checked on a small grid.
"""

import dataclasses

import numpy as np
import pytest

from symtheory.exceptions import DivergenceError, InvalidValueError
from symtheory.landscape import training
from symtheory.landscape.loss import constrained_gradient
from symtheory.landscape.relaxation import relax
from symtheory.landscape.slice_geometry import side_labels, slice_hyperplanes
from symtheory.landscape.step_size import largest_curvature
from symtheory.landscape.training import side_fractions, slice_minima, train
from symtheory.networks.hidden import hidden_fixed_point_subspaces
from symtheory.networks.networks import TwoLayerNet

ICOSAHEDRAL_I = "(2,8,6,7,3)(4,12,11,5,9),(1,3,2)(4,6,5)(7,9,8)(10,12,11)"
ICOSAHEDRAL_IH = ICOSAHEDRAL_I + ",(1,10)(2,11)(3,12)(4,7)(5,8)(6,9)"
GRID = np.linspace(-3.0, 3.0, 31)


def ico_net(group=ICOSAHEDRAL_I):
    return TwoLayerNet(group, "natural + trivial", "cosets(6)")


def paper_net():
    return TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")


def test_icosahedral_groups_have_the_expected_orders():
    assert ico_net().group.order == 60 and ico_net(ICOSAHEDRAL_IH).group.order == 120
    assert ico_net().weight_space.shape == (6, 13)


def test_icosahedral_default_step_never_diverges():
    """Default lr (1/lambda_max): every final loss finite and not above its start."""
    net = ico_net()
    res = train(net, net.random_weights(seed=0), grid=GRID)
    assert res.lr_source == "curvature" and res.lr < 0.1
    assert np.isfinite(res.final_loss).all()
    assert (res.final_loss <= res.initial_loss * (1 + 1e-6) + 1e-12).all()
    fr = side_fractions(res)
    assert all(np.isfinite(v) for v in fr.values())


def test_full_icosahedral_group_default_step_never_diverges():
    net = ico_net(ICOSAHEDRAL_IH)
    res = train(net, net.random_weights(seed=0), grid=np.linspace(-3, 3, 5), steps=30)
    assert np.isfinite(res.final_loss).all()
    assert (res.final_loss <= res.initial_loss * (1 + 1e-6) + 1e-12).all()


def test_given_step_that_diverges_stops_naming_the_step_to_try():
    net = ico_net()
    with pytest.raises(DivergenceError) as info:
        train(net, net.random_weights(seed=0), grid=GRID, lr=0.1)
    msg = str(info.value)
    assert "\n" not in msg and "lr=0.1" in msg and "try lr=0.00" in msg


def test_a_loss_that_grows_but_stays_finite_is_divergence():
    """lr = 1.5 on the paper's net (2 / lambda_max ~ 0.6) makes the loss grow
    geometrically; 20 steps stay far from overflow, and the run still stops."""
    net = paper_net()
    V = net.random_weights(seed=0)
    with pytest.raises(DivergenceError, match="grew above its start"):
        train(net, V, grid=np.linspace(-2, 2, 5), steps=20, lr=1.5)


def test_chosen_step_backs_off_by_halving(monkeypatch):
    """A curvature estimate 100x too small gives lr = 100, which diverges; the run
    restarts with lr halved until it is stable, and says how many times."""
    monkeypatch.setattr(training, "largest_curvature", lambda *a, **k: 0.01)
    net = paper_net()
    res = train(net, net.random_weights(seed=0), grid=np.linspace(-2, 2, 7))
    assert res.backoffs > 0 and res.lr == pytest.approx(100.0 / 2 ** res.backoffs)
    assert np.isfinite(res.final_loss).all()
    assert (res.final_loss <= res.initial_loss * (1 + 1e-6) + 1e-12).all()


def test_side_fractions_refuses_a_diverged_result():
    net = paper_net()
    res = train(net, net.random_weights(seed=0), grid=np.linspace(-2, 2, 5), steps=2, lr=0.1)
    bad = dataclasses.replace(res, final_loss=np.where(res.final_loss > 0, np.nan, 0.0))
    with pytest.raises(DivergenceError):
        side_fractions(bad)


def test_largest_curvature_against_finite_differences():
    """The curvature of the default step equals the top eigenvalue of a central
    finite-difference Hessian of the gradient (paper net, three points)."""
    net = paper_net()
    V = net.random_weights(seed=2)
    B = net.weight_space.basis_array()
    t = net.weight_space.coordinates(V)
    rng = np.random.default_rng(0)
    pts = t + rng.normal(scale=0.7, size=(3, t.size))
    h = 1e-6
    tops = []
    for p in pts:
        H = np.array([(constrained_gradient(p + h * e, B, V) - constrained_gradient(p - h * e, B, V))
                      / (2 * h) for e in np.eye(t.size)])
        tops.append(np.linalg.eigvalsh(0.5 * (H + H.T))[-1])
    assert largest_curvature(pts, B, V) == pytest.approx(max(tops), rel=1e-5)


def test_relax_given_step_that_diverges_raises_and_default_step_descends():
    net = ico_net()
    V = net.random_weights(seed=0)
    W0 = V + 0.3 * np.random.default_rng(1).normal(size=V.shape)
    with pytest.raises(DivergenceError):
        relax(net, V, W0, method="gd", steps=200, lr=10.0, escape=0.0)
    r = relax(net, V, W0, method="gd", steps=200, escape=0.0, hessian_every=100)
    assert np.isfinite(r.loss).all() and r.loss[-1] < r.loss[0]


# ---------------------------------------------------------------------------
# the hyperplanes that cut a slice
# ---------------------------------------------------------------------------
def _naive_trace(space, S, t, axes):
    """Naive reference: the set of (a, b) with W(a, b) in S, from the affine map
    (a, b) -> residual of W(a, b) off S; returns 'line', 'point', 'empty' or 'plane'."""
    def W(a, b):
        th = t.copy()
        th[list(axes)] = a, b
        return space.to_numpy(th)

    res = lambda a, b: (W(a, b) - S.space.to_numpy(S.space.coordinates(W(a, b)))).ravel()  # noqa: E731
    f0 = res(0.0, 0.0)
    M = np.stack([res(1.0, 0.0) - f0, res(0.0, 1.0) - f0], axis=1)
    x, *_ = np.linalg.lstsq(M, -f0, rcond=None)
    if np.abs(M @ x + f0).max() > 1e-9:
        return "empty", None
    rank = np.linalg.matrix_rank(M, tol=1e-9)
    return {0: "plane", 1: "line", 2: "point"}[rank], x


@pytest.mark.parametrize("net", [paper_net(), TwoLayerNet("S3", "natural", "2*natural"),
                                 ico_net()], ids=["paper", "2natural", "icosahedral"])
def test_slice_hyperplanes_match_the_naive_trace(net):
    """Every codim-1 fixed-point subspace meets the slice in a line exactly when
    slice_hyperplanes(which='all') lists it, and the listed line lies in it."""
    V = net.random_weights(seed=3)
    space = net.weight_space
    t = space.coordinates(V)
    subs = [s for s in hidden_fixed_point_subspaces(net, max_codim=1) if s.codim == 1]
    k = space.dim
    for axes in [(a, b) for a in range(k) for b in range(k) if a != b][:40]:
        lines = slice_hyperplanes(net, V, axes, which="all")
        naive = [s for s in subs if _naive_trace(space, s, t, axes)[0] == "line"]
        assert sorted(ln.partition for ln in lines) == sorted(s.partition for s in naive)
        for ln in lines:
            S = next(s for s in subs if s.partition == ln.partition)
            # two points of the line lie in S
            for u in (-1.3, 0.8):
                a, b = ((u, u) if ln.beta == -ln.alpha else
                        (ln.c, u) if ln.beta == 0 else (u, ln.c))
                th = t.copy()
                th[list(axes)] = a, b
                Wl = space.to_numpy(th)
                assert np.abs(Wl - S.space.to_numpy(S.space.coordinates(Wl))).max() < 1e-12


def test_slice_minima_use_the_vertical_hyperplane_of_a_swept_pair():
    """On the paper's slice of axes (0, 4) the Theorem 3.3 hyperplane theta_0 = theta_1
    is the vertical line theta_0 = t_1 (not theta_0 = theta_4); for teacher seed 1
    the two minima lie on either side of it."""
    net = paper_net()
    V = net.random_weights(seed=1)
    t = net.weight_space.coordinates(V)
    (line,) = slice_hyperplanes(net, V, (0, 4))
    assert (line.alpha, line.beta, line.c) == (1.0, 0.0, t[1])
    mins = slice_minima(net, V, axes=(0, 4), grid=GRID)
    assert [m.side for m in mins] == ["teacher", "other"]
    sides = [np.sign(m.theta[0] - t[1]) for m in mins]
    assert sides[0] == np.sign(t[0] - t[1]) == -sides[1]
    assert mins[0].loss < 1e-10 < mins[1].loss


def test_side_fractions_without_a_cutting_hyperplane_says_so():
    net = paper_net()
    res = train(net, net.random_weights(seed=0), axes=(2, 5), grid=np.linspace(-1, 1, 3), steps=1,
                lr=0.1)
    assert res.lines == ()
    with pytest.raises(InvalidValueError, match="no Theorem 3.3 hyperplane"):
        side_fractions(res)


def test_side_labels_with_two_lines_has_four_cells():
    net = TwoLayerNet("S3", "natural", "2*natural")
    V = net.random_weights(seed=1)
    lines = slice_hyperplanes(net, V, (0, 2))
    assert len(lines) == 2
    g = np.linspace(-3, 3, 41)
    side, cell = side_labels(lines, g[:, None], g[None, :], net.weight_space.coordinates(V)[[0, 2]])
    assert set(np.unique(cell[side != 0]).tolist()) == {0, 1, 2, 3}
    assert set(np.unique(side).tolist()) == {-1.0, 1.0}      # the lines miss the grid
    assert (side[cell == 0] == 1.0).all() and (side[cell > 0] == -1.0).all()
