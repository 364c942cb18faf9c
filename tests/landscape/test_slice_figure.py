"""`symtheory landscape` and draw_landscape: any network's slice, its hyperplanes, PNG + JSON.

The icosahedral example of issue 17 is the rotation group I of the
icosahedron (order 60) on its 12 vertices, input ``natural + trivial``,
hidden ``cosets(6)`` (G/D10, 6 neurons): its Theorem 3.3 hyperplane is
theta_0 = theta_1, and gradient descent at the paper's lr 0.1 diverges on it.
"""

import json

import numpy as np
import pytest

from symtheory.cli import main
from symtheory.exceptions import DivergenceError, ShapeError
from symtheory.landscape.slice_figure import draw_landscape
from symtheory.landscape.training import landscape_2d
from symtheory.networks.networks import TwoLayerNet

ICO = "(2,8,6,7,3)(4,12,11,5,9),(1,3,2)(4,6,5)(7,9,8)(10,12,11)"


def test_cli_landscape_on_the_icosahedral_example(tmp_path, capsys):
    """Finishes, marks the Theorem 3.3 hyperplane it cuts, and training never gives NaN."""
    assert main(["landscape", ICO, "--input", "natural + trivial", "--hidden", "cosets(6)",
                 "--train", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "theta_0 = theta_1  (Theorem 3.3)" in out and "wrote" in out
    data = json.loads((tmp_path / "landscape.json").read_text())
    assert list(data) == ["figure", "seed", "ok", "checks", "panels"]
    hyper, minima, training = data["checks"]
    assert [ln["equation"] for ln in hyper["lines"] if ln["theorem_3_3"]] == ["theta_0 = theta_1"]
    assert hyper["ok"] is True and training["lr_source"] == "curvature"
    assert [m["side"] for m in minima["minima"]] == ["teacher", "other"]
    land, trained = data["panels"]
    assert np.asarray(land["loss"]).shape == (31, 31)
    final = np.asarray(trained["loss"])
    assert final.shape == (31, 31) and np.isfinite(final).all()
    assert (final <= np.asarray(land["loss"]) * (1 + 1e-6) + 1e-12).all()
    assert (tmp_path / "landscape.png").read_bytes()[:4] == b"\x89PNG"
    # the grid in the JSON is the real landscape
    net = TwoLayerNet(ICO, "natural + trivial", "cosets(6)")
    ref = landscape_2d(net, net.random_weights(seed=0), grid=np.asarray(land["x"]))
    np.testing.assert_allclose(np.asarray(land["loss"]), ref.loss, rtol=1e-12, atol=1e-14)


def test_a_slice_no_theorem_3_3_hyperplane_cuts_says_which_axes_to_try(tmp_path):
    s = draw_landscape("S3", "natural + 2*trivial", "natural + 3*trivial", axes=(2, 5),
                       grid_points=5, out=tmp_path, plot=False)
    hyper = s["checks"][0]
    assert hyper["ok"] is None and "try --axes 0,1" in hyper["reason"]
    assert s["ok"] is True and len(s["checks"][1]["minima"]) == 1


def test_given_diverging_lr_is_one_clear_error(tmp_path, capsys):
    assert main(["landscape", ICO, "--input", "natural + trivial", "--hidden", "cosets(6)",
                 "--train", "--lr", "0.1", "--grid", "5", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "diverged at lr=0.1" in err[0] and "try lr=" in err[0]
    with pytest.raises(DivergenceError):
        draw_landscape(ICO, "natural + trivial", "cosets(6)", grid_points=5, train_steps=20,
                       lr=0.1, out=tmp_path, plot=False)


@pytest.mark.parametrize("argv", [
    ["--axes", "0"], ["--axes", "0,9"], ["--axes", "1,1"], ["--seed", "-1"], ["--grid", "1"],
    ["--out", "pic.png"],
])
def test_bad_input_one_line_exit_2(tmp_path, capsys, argv, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status = main(["landscape", "S3", "--input", "natural", "--hidden", "natural", *argv])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and err[0].startswith("symtheory: error:")
    assert not list(tmp_path.iterdir())                     # nothing written


def test_parse_axes_rejects_three():
    from symtheory.landscape.slice_figure import parse_axes
    with pytest.raises(ShapeError):
        parse_axes("0,1,2")
