"""Tests for symtheory.landscape.figures: JSON contracts, PNGs, the no-matplotlib path, dispatch.

Figures are run on coarse grids (``grid_points`` 11-21 instead of the paper's
101) and two seeds instead of ten to keep the run short; the numeric claims
themselves are tested at finer resolution in ``test_training.py``.
"""

import json
import os

import numpy as np
import pytest

import symtheory.landscape.figures as figures
from symtheory.cli import main
from symtheory.exceptions import UnknownNameError
from symtheory.io import MissingPlotError
from symtheory.paper import FIGURES, reproduce


def _load(path, name):
    with open(os.path.join(path, f"{name}.json")) as fh:
        return json.load(fh)


def _layout(data, name, seed):
    """The common layout {figure, seed, ok, checks, panels}; returns the checks."""
    assert list(data) == ["figure", "seed", "ok", "checks", "panels"]
    assert data["figure"] == name and data["seed"] == seed
    assert data["ok"] == all(c["ok"] is not False for c in data["checks"])
    for c in data["checks"]:
        assert (c["reason"] is None) == (c["ok"] is True)
    for p in data["panels"]:
        assert {"panel", "title", "kind"} <= set(p)
        if p["kind"] == "loss_grid":
            loss = np.asarray(p["loss"])
            assert loss.shape == (len(p["x"]), len(p["y"])) and np.isfinite(loss).all()
            assert p["x_label"].startswith("$")              # mathtext
    return data["checks"]


def _loss_grid_matches_the_slice(panel, seed):
    """Re-plotting data is the real landscape: the grid equals landscape_2d at that seed."""
    from symtheory.landscape.training import landscape_2d
    net = figures.paper_network()
    land = landscape_2d(net, net.random_weights(seed=seed), grid=(np.array(panel["x"]),
                                                                   np.array(panel["y"])))
    np.testing.assert_allclose(np.asarray(panel["loss"]), land.loss, rtol=1e-12, atol=1e-15)
    assert [ln["equation"] for ln in panel["lines"]] == ["theta_0 = theta_1"]


def test_fig4_json_contract_and_png(tmp_path):
    summary = reproduce("fig4", seed=1, out=tmp_path, grid_points=21)
    full = _load(tmp_path, "fig4")
    assert full == summary
    (data,) = _layout(full, "fig4", 1)
    assert set(data) == {"seed", "minima", "ok", "reason"}
    assert data["seed"] == 1 and data["ok"] is True and data["reason"] is None
    assert [p["kind"] for p in full["panels"]] == ["matrix", "loss_grid"]
    assert np.asarray(full["panels"][0]["values"]).tolist() == \
        figures.paper_network().random_weights(seed=1).tolist()
    _loss_grid_matches_the_slice(full["panels"][1], 1)
    assert full["panels"][1]["minima"] == data["minima"]
    sides = [m["side"] for m in data["minima"]]
    assert sides == ["teacher", "other"]
    for m in data["minima"]:
        assert set(m) == {"theta", "loss", "side"} and len(m["theta"]) == 2
    assert data["minima"][0]["loss"] < 1e-10 < 1e-3 < data["minima"][1]["loss"]
    assert (tmp_path / "fig4.png").stat().st_size > 1000


def test_fig5_json_contract(tmp_path):
    full = reproduce("fig5", seed=0, out=tmp_path, grid_points=15, plot=False)
    assert full == _load(tmp_path, "fig5")
    checks = _layout(full, "fig5", 0)
    data = {c["parameterization"]: c for c in checks}
    for p in ("raw", "rescaled"):
        assert all(0.0 <= data[p][k] <= 1.0 for k in ("teacher_side", "other_side"))
    assert (data["rescaled"]["teacher_side"], data["rescaled"]["other_side"]) == (1.0, 0.0)
    assert [p["parameterization"] for p in full["panels"]] == ["raw", "rescaled"]
    assert all(p["lr"] == 0.1 and p["steps"] == 100 for p in full["panels"])
    assert not (tmp_path / "fig5.png").exists()


def test_fig6_and_fig7_relaxation(tmp_path):
    full6 = reproduce("fig6", seed=0, out=tmp_path, grid_points=15, plot=False)
    (f6,) = _layout(full6, "fig6", 0)
    teacher, _, relaxed = (np.asarray(p["values"]) for p in full6["panels"])
    assert teacher.shape == (6, 5) == relaxed.shape
    assert f6["relaxed_loss"] < 1e-6 < f6["spurious_loss"] and f6["ok"] is True
    f7 = reproduce("fig7", seed=0, out=tmp_path, grid_points=15, method="lbfgs")
    assert _load(tmp_path, "fig7") == f7
    (data,) = _layout(f7, "fig7", 0)
    curves, traj = f7["panels"]
    assert len(curves["series"]["loss"]) == len(curves["x"]) == data["iterations"] + 1
    assert np.asarray(traj["trajectory"]).shape == (data["iterations"] + 1, 3)
    for key in ("hessian_min_start", "hessian_min_end", "final_loss", "sigma", "sigma_visible"):
        assert key in data
    assert data["hessian_min_start"] < 0 < data["hessian_min_end"]
    assert data["final_loss"] < 1e-6 and data["sigma_visible"] is False
    assert sorted(data["sigma"]) == list(range(6)) and data["ok"] is True
    assert (tmp_path / "fig7.png").exists()


@pytest.mark.parametrize("name", ["fig8", "fig11"])
def test_multi_seed_landscapes(tmp_path, name):
    full = reproduce(name, seed=3, out=tmp_path, grid_points=11, n_seeds=2, plot=(name == "fig8"))
    data = _layout(full, name, 3)
    assert [r["seed"] for r in data] == [3, 4] == [p["seed"] for p in full["panels"]]
    for r in data:
        assert {"seed", "minima", "ok", "reason"} <= set(r)
        assert (r["reason"] is None) == r["ok"]
    assert full == _load(tmp_path, name)
    if name == "fig8":
        _loss_grid_matches_the_slice(full["panels"][1], 4)


@pytest.mark.parametrize("name, param", [("fig9", "raw"), ("fig10", "rescaled")])
def test_multi_seed_training(tmp_path, name, param):
    data = _layout(reproduce(name, seed=0, out=tmp_path, grid_points=11, n_seeds=2, plot=False),
                   name, 0)
    assert [r["parameterization"] for r in data] == [param, param]
    for r in data:
        assert {"seed", "teacher_side", "other_side", "ok", "reason"} <= set(r)


def test_failing_seed_says_why(tmp_path):
    """A grid too coarse to train from (0 steps) fails the fig10 criterion with a reason."""
    full = reproduce("fig10", seed=0, out=tmp_path, grid_points=5, n_seeds=1, steps=0, plot=False)
    data = _layout(full, "fig10", 0)
    assert full["ok"] is False
    assert data[0]["ok"] is False and "teacher side" in data[0]["reason"]


def test_without_matplotlib_json_is_written_and_message_says_how(tmp_path, monkeypatch):
    def missing():
        raise MissingPlotError("matplotlib is not installed")

    monkeypatch.setattr(figures, "require_matplotlib", missing)
    with pytest.raises(MissingPlotError) as info:
        reproduce("fig4", seed=0, out=tmp_path, grid_points=11)
    msg = str(info.value)
    assert "\n" not in msg and 'pip install "symtheory[plot]"' in msg
    assert _load(tmp_path, "fig4")["seed"] == 0
    assert not (tmp_path / "fig4.png").exists()


def test_without_matplotlib_cli_writes_json_and_warns(tmp_path, monkeypatch, capsys):
    """Without matplotlib the JSON is the result: exit 0, one warning line saying how to install."""
    def missing():
        raise MissingPlotError("matplotlib is not installed")

    monkeypatch.setattr(figures, "require_matplotlib", missing)
    monkeypatch.setattr(figures, "_grid", lambda n, lim: np.linspace(-lim, lim, 11))
    assert main(["reproduce", "fig4", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    warnings = [line for line in err if line.startswith("symtheory: warning:")]
    assert len(warnings) == 1 and "symtheory[plot]" in warnings[0]
    assert (tmp_path / "fig4.json").exists() and not (tmp_path / "fig4.png").exists()


def test_unknown_figure():
    with pytest.raises(UnknownNameError) as info:
        reproduce("fig3")
    msg = str(info.value)
    assert "\n" not in msg and all(f in msg for f in FIGURES)


def test_cli_unknown_figure_exit_2(capsys, tmp_path):
    assert main(["reproduce", "fig99", "--out", str(tmp_path)]) == 2
    assert "fig4" in capsys.readouterr().err


def test_fig12_fig13_are_delegated(tmp_path, monkeypatch):
    import symtheory.sphere.figures as sf

    calls = []
    def fake(n):
        return lambda seed, out, plot=True: calls.append((n, seed, out, plot)) or {"f": n}

    monkeypatch.setattr(sf, "reproduce_fig12", fake(12), raising=False)
    monkeypatch.setattr(sf, "reproduce_fig13", fake(13), raising=False)
    assert reproduce("fig12", seed=5, out=tmp_path) == {"f": 12}
    assert reproduce("fig13", seed=6, out=tmp_path, plot=False) == {"f": 13}
    assert calls == [(12, 5, tmp_path, True), (13, 6, tmp_path, False)]


def test_bad_options_one_line_errors(tmp_path):
    from symtheory.exceptions import InvalidValueError
    with pytest.raises(UnknownNameError, match="grid_size"):
        reproduce("fig4", out=tmp_path, grid_size=3)
    with pytest.raises(InvalidValueError):
        reproduce("fig8", out=tmp_path, n_seeds=0)
    assert not os.listdir(tmp_path)


def test_natural_block_geometry_explains_the_3_cycle():
    """In the natural block, the bad half of Theta~ (-u_id) is 60 degrees from the
    good halves of C Theta~ and C^2 Theta~ and 90 degrees from those of the three
    transpositions, which is why relaxation picks a 3-cycle (exact for S3)."""
    from itertools import permutations

    J = np.ones((3, 3))

    def u(perm):
        P = np.zeros((3, 3))
        P[list(perm), [0, 1, 2]] = 1.0
        return ((P - J / 3) / np.sqrt(2)).ravel()

    bad = -u((0, 1, 2))
    cosines = {p: float(bad @ u(p)) for p in permutations(range(3)) if p != (0, 1, 2)}
    for p, c in cosines.items():
        fixed = sum(p[i] == i for i in range(3))
        assert c == pytest.approx(0.5 if fixed == 0 else 0.0, abs=1e-12)
    F = figures.natural_block_frame()
    for p in [(1, 2, 0), (2, 0, 1), (0, 1, 2)]:
        assert np.linalg.norm(F @ u(p)) == pytest.approx(1.0)        # inside the 3-D frame
    assert np.linalg.norm(F @ u((1, 0, 2))) == pytest.approx(0.0, abs=1e-12)


def _drawn_figures(monkeypatch):
    """Capture the matplotlib figures the figure functions save."""
    pytest.importorskip("matplotlib")
    import symtheory.io as sio
    captured = []
    real = sio.render_figure

    def keep(fig, *args, **kw):  # every figure PNG is encoded here before its pair is written
        captured.append([(ax.get_xlabel(), ax.get_ylabel(), ax) for ax in fig.axes])
        return real(fig, *args, **kw)

    monkeypatch.setattr(sio, "render_figure", keep)
    return captured


def test_multi_seed_panels_have_labelled_colorbars(tmp_path, monkeypatch):
    drawn = _drawn_figures(monkeypatch)
    for name in ("fig8", "fig9", "fig10", "fig11"):
        extra = {"steps": 3} if name in ("fig9", "fig10") else {}
        reproduce(name, out=tmp_path, grid_points=7, n_seeds=2, **extra)
    for axes in drawn:
        bars = [ax for _, ylab, ax in axes if ylab == r"$\log_{10}$ loss"]
        plots = [ax for xlab, _, ax in axes if xlab == r"$\theta_1$"]
        assert len(bars) == len(plots) == 2


def test_fig7b_has_mathtext_labels_and_few_ticks(tmp_path, monkeypatch):
    drawn = _drawn_figures(monkeypatch)
    reproduce("fig7", out=tmp_path, grid_points=7, method="lbfgs")
    (axes,) = drawn
    ax3d = axes[-1][2]
    assert ax3d.name == "3d"
    labels = [ax3d.get_xlabel(), ax3d.get_ylabel(), ax3d.get_zlabel()]
    assert all(lab.startswith("$") for lab in labels), labels
    for axis in (ax3d.xaxis, ax3d.yaxis, ax3d.zaxis):
        lo, hi = axis.get_view_interval()
        ticks = [t for t in axis.get_major_locator()() if lo - 1e-9 <= t <= hi + 1e-9]
        assert len(ticks) <= 5
