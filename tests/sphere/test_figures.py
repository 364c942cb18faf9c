"""Figures 12-13 (Appendix C.3): the JSON contract, atomic output, and the PNG on tiny runs."""

import json
import os
import sys

import pytest

from symtheory.exceptions import ShapeError, SymtheoryError
from symtheory.io import MissingPlotError
from symtheory.sphere.figures import fig12_records, reproduce_fig12, reproduce_fig13

TINY = dict(n_seeds=2, grid_points=9, n_samples=256)


def _check_minimum(m):
    assert set(m) >= {"theta", "loss", "se", "side", "own_side"}
    assert isinstance(m["theta"], list) and len(m["theta"]) == 2
    assert all(isinstance(t, float) for t in m["theta"])
    assert isinstance(m["loss"], float) and m["loss"] >= 0
    assert isinstance(m["se"], float) and m["se"] >= 0


def _no_temporaries(folder):
    assert not [f for f in os.listdir(folder) if f.startswith(".tmp-")]


def _check_layout(summary, name, seed):
    """The common figure layout: figure, seed, ok, checks, panels (one loss grid per check)."""
    assert list(summary) == ["figure", "seed", "ok", "checks", "panels"]
    assert summary["figure"] == name and summary["seed"] == seed
    assert summary["ok"] == all(c["ok"] is not False for c in summary["checks"])
    assert len(summary["panels"]) == len(summary["checks"])
    for c, p in zip(summary["checks"], summary["panels"]):
        assert c["ok"] == c["agrees_with_theory"] and (c["reason"] is None) == (c["ok"] is not False)
        assert p["kind"] == "loss_grid" and len(p["loss"]) == len(p["x"])
        assert all(len(row) == len(p["y"]) for row in p["loss"])
        assert p["teacher"] == c["theta_teacher"] and len(p["lines"]) == 1
    return summary["checks"]


def test_fig12_json_contract(tmp_path):
    summary = reproduce_fig12(seed=3, out=tmp_path, plot=False, Ls=(1, 2), **TINY)
    on_disk = json.loads((tmp_path / "fig12.json").read_text())
    assert on_disk == summary
    recs = _check_layout(summary, "fig12", 3)
    assert [(r["L"], r["seed"]) for r in recs] == [(1, 3), (1, 4), (2, 3), (2, 4)]
    for r in recs:
        assert isinstance(r["L"], int) and isinstance(r["seed"], int)
        assert isinstance(r["symmetric"], bool)
        assert len(r["minima"]) == 2
        for m in r["minima"]:
            _check_minimum(m)
        assert [m["side"] for m in r["minima"]] == [-1, 1]
        assert r["minima"][0]["theta"][1] <= 0 <= r["minima"][1]["theta"][1]
        assert r["n_samples"] == 256
        assert r["degrees"] == [0, r["L"]]
        assert r["predicted_symmetric"] == (r["L"] % 2 == 1)
    assert all(r["symmetric"] for r in recs if r["L"] == 1)
    assert not (tmp_path / "fig12.png").exists()
    _no_temporaries(tmp_path)


def test_fig12_is_deterministic(tmp_path):
    a = fig12_records(seed=1, Ls=(2,), **TINY)
    b = fig12_records(seed=1, Ls=(2,), **TINY)
    assert a == b


def test_fig13_json_contract(tmp_path):
    summary = reproduce_fig13(seed=0, out=tmp_path, plot=False, pairs=[(1, 2), (2, 4)], **TINY)
    assert json.loads((tmp_path / "fig13.json").read_text()) == summary
    recs = _check_layout(summary, "fig13", 0)
    assert [(r["L1"], r["L2"], r["seed"]) for r in recs] == [(1, 2, 0), (1, 2, 1), (2, 4, 0), (2, 4, 1)]
    for r in recs:
        assert isinstance(r["symmetric"], bool) and len(r["minima"]) == 2
        for m in r["minima"]:
            _check_minimum(m)
        assert r["minima"][0]["theta"][0] <= 0 <= r["minima"][1]["theta"][0]   # either side of theta_1 = 0
    by_pair = {(r["L1"], r["L2"]): r for r in recs}
    assert by_pair[1, 2]["inversion_flip"] == [1] and by_pair[1, 2]["inversion_symmetric"] is True
    assert by_pair[1, 2]["symmetric"] and by_pair[1, 2]["predicted_symmetric"] is True
    assert by_pair[2, 4]["inversion_flip"] == [] and by_pair[2, 4]["inversion_symmetric"] is None
    assert by_pair[2, 4]["predicted_symmetric"] is None and by_pair[2, 4]["agrees_with_theory"] is None
    _no_temporaries(tmp_path)


def test_png_written_with_matplotlib(tmp_path):
    pytest.importorskip("matplotlib")
    reproduce_fig12(seed=0, out=tmp_path, Ls=(1,), n_seeds=1, grid_points=5, n_samples=16)
    reproduce_fig13(seed=0, out=tmp_path, pairs=[(1, 2)], n_seeds=1, grid_points=5, n_samples=16)
    for name in ("fig12", "fig13"):
        data = (tmp_path / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    _no_temporaries(tmp_path)


@pytest.mark.parametrize("reproduce", [reproduce_fig12, reproduce_fig13])
def test_missing_matplotlib_still_writes_json(tmp_path, monkeypatch, reproduce):
    monkeypatch.setitem(sys.modules, "matplotlib", None)     # import matplotlib -> ImportError
    with pytest.raises(MissingPlotError) as info:
        reproduce(seed=0, out=tmp_path / "sub", n_seeds=1, grid_points=5, n_samples=16)
    msg = str(info.value)
    assert "\n" not in msg and "pip install" in msg
    name = "fig12" if reproduce is reproduce_fig12 else "fig13"
    assert json.loads((tmp_path / "sub" / f"{name}.json").read_text())
    assert not (tmp_path / "sub" / f"{name}.png").exists()
    _no_temporaries(tmp_path / "sub")


def test_figures_reproduce_delegates_to_sphere_figures(tmp_path):
    figures = pytest.importorskip("symtheory.paper")
    recs = figures.reproduce("fig12", seed=0, out=tmp_path, Ls=(3,), n_seeds=1, grid_points=5,
                             n_samples=16)["checks"]
    assert recs[0]["L"] == 3 and recs[0]["symmetric"]
    assert (tmp_path / "fig12.json").exists()


@pytest.mark.parametrize("options", [
    dict(grid_points=8), dict(grid_points=1), dict(n_samples=1), dict(n_seeds=0),
    dict(steps=100), dict(Ls=(0,)), dict(Ls=(-1,)), dict(lmax=-1),
])
def test_bad_options_give_one_clear_error(tmp_path, options):
    with pytest.raises(SymtheoryError) as info:
        reproduce_fig12(seed=0, out=tmp_path, plot=False, **options)
    assert isinstance(info.value, ValueError) and "\n" not in str(info.value)
    assert not os.listdir(tmp_path)                      # nothing half-written


def test_bad_pairs(tmp_path):
    for pairs in ([(1,)], [(0, 2)], [], 3):
        with pytest.raises(ShapeError):
            reproduce_fig13(seed=0, out=tmp_path, plot=False, pairs=pairs)
    with pytest.raises(SymtheoryError):
        reproduce_fig13(seed=-1, out=tmp_path, plot=False)
