"""fig_deep: Theorem 3.3 in the second hidden layer of a three-layer S3 network."""

import json
import os

import numpy as np

from symtheory.landscape.deep_figures import deep_axes, deep_network
from symtheory.landscape.deep_loss import MLPObjective
from symtheory.landscape.deep_training import mlp_train
from symtheory.paper import FIGURES, reproduce


def test_fig_deep_json_contract(tmp_path):
    summary = reproduce("fig_deep", seed=0, out=tmp_path, plot=False, grid_points=11, n_seeds=2,
                        n_samples=400, steps=10)
    assert "fig_deep" in FIGURES
    assert json.load(open(os.path.join(tmp_path, "fig_deep.json"))) == json.loads(json.dumps(summary))
    head, land = summary["checks"][:2]
    assert set(summary) == {"figure", "seed", "ok", "checks", "panels"}
    assert head["subspace"]["layer"] == 2 and head["subspace"]["theorem_3_3"]
    assert head["halves"] == "distinct"
    assert sorted(land) == ["check", "minima", "ok", "reason", "seed"]
    assert [m["side"] for m in land["minima"]][0] == "teacher"
    assert land["minima"][0]["loss"] < 1e-10
    seeds = [c for c in summary["checks"] if c["check"].startswith("seed ")]
    assert len(seeds) == 2 and (summary["ok"] or head["reason"])
    assert [p["kind"] for p in summary["panels"]] == ["loss_grid"] * 3
    assert len(summary["panels"][0]["loss"]) == 11

def test_rescaled_steps_keep_the_hidden_line():
    """On theta_1 = theta_2 of W_2's natural block, a rescaled step stays on the line
    (the gradient has equal rows there), a raw step leaves it (steps (s, 2s))."""
    net = deep_network()
    a, b = deep_axes(net)
    obj = MLPObjective(net, net.random_parameters(seed=3), n_samples=500)
    grid = (np.array([0.4]), np.array([0.4]))
    raw = mlp_train(obj, (a, b), grid, steps=3, lr=0.1, parameterization="raw")
    res = mlp_train(obj, (a, b), grid, steps=3, lr=0.1, parameterization="rescaled")
    t_raw, t_res = raw.final_theta[0, 0], res.final_theta[0, 0]
    assert abs(t_res[a] - t_res[b]) < 1e-12 and abs(t_res[a] - 0.4) > 1e-6
    assert abs(t_raw[a] - t_raw[b]) > 1e-6
