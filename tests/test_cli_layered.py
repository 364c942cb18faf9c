"""The command line for MLPs of any depth: ``hidden --hidden "Y1; Y2" --bias``, ``table --depth``,
``reproduce fig_deep``; bad layers are one line and exit 2."""

import pytest

from .test_cli import run, run_json


def test_hidden_two_layers_reports_layer_and_partitions(capsys):
    data = run_json(capsys, "hidden", "S3", "--input", "natural + 2*trivial",
                    "--hidden", "natural + trivial; natural + 2*trivial", "--max-codim", "1")
    assert data["depth"] == 2 and data["theta_dim"] == 14
    assert data["subspaces"] == [{"layer": 2, "partitions": [[], [[0, 1, 2]]],
                                  "partition": [[0, 1, 2]], "dim": 13, "codim": 1, "hidden": True,
                                  "lemma_3_2": True, "theorem_3_3": True}]


def test_hidden_bias_adds_one_parameter_per_orbit(capsys):
    plain = run_json(capsys, "hidden", "S3", "--input", "natural + 2*trivial",
                     "--hidden", "natural + 3*trivial", "--max-codim", "0")
    biased = run_json(capsys, "hidden", "S3", "--input", "natural + 2*trivial",
                      "--hidden", "natural + 3*trivial", "--bias", "--max-codim", "1")
    assert (plain["theta_dim"], biased["theta_dim"]) == (13, 17)
    assert [s["theorem_3_3"] for s in biased["subspaces"]] == [True]


def test_hidden_table_format_for_layers(capsys):
    rc, out, err = run(capsys, "hidden", "S3", "--input", "natural", "--hidden", "natural; natural")
    assert rc == 0 and "EquivariantMLP" in out and "partitions" in out


def test_table_depth_two(capsys):
    data = run_json(capsys, "table", "--groups", "S3", "--max-degree", "3", "--depth", "2",
                    "--quiet")
    assert data["depth"] == 2
    flagged = [r for r in data["rows"] if r["theorem_3_3"]]
    assert flagged and all(w.startswith("layer") for r in flagged for w in r["theorem_3_3_where"])


@pytest.mark.parametrize("argv, phrase", [
    (["hidden", "S3", "--input", "natural", "--hidden", "natural; ; trivial"], "is empty"),
    (["hidden", "S3", "--input", "natural", "--hidden", "natural; cosets((1,4))"], "beyond 3"),
    (["hidden", "S3", "--input", "natural", "--hidden", "natural; natural", "--output", "x"],
     "unknown representation"),
    (["table", "--depth", "0"], "--depth"),
])
def test_bad_layers_are_one_line_and_exit_2(capsys, argv, phrase):
    rc, out, err = run(capsys, *argv)
    lines = err.strip().splitlines()
    assert rc == 2 and out == "" and len(lines) == 1 and phrase in lines[0], err
