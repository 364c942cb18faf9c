"""The ``symtheory critical`` command: JSON layout of issue 14, formats, one-line errors."""

import csv
import io
import json

import numpy as np
import pytest

from .test_cli import run


def test_json_layout_and_safran_minimum(capsys):
    rc, out, err = run(capsys, "critical", "--neurons", "7", "--inputs", "7", "--teacher",
                       "identity", "--isotropy", "diag(S(6,1))", "--starts", "4", "--seed", "0",
                       "--format", "json", "--quiet")
    assert rc == 0, err
    rep = json.loads(out)
    assert {"k", "d", "activation", "isotropy", "fixed_dim", "critical_points"} <= set(rep)
    assert (rep["k"], rep["d"], rep["activation"], rep["isotropy"], rep["fixed_dim"]) == \
        (7, 7, "relu", "diag(S(6,1))", 5)
    for p in rep["critical_points"]:
        assert set(p) == {"loss", "grad_norm", "hessian_min", "index", "type", "isotropy", "W"}
        assert p["grad_norm"] < 1e-9 and np.array(p["W"]).shape == (7, 7)
    losses = [round(p["loss"], 7) for p in rep["critical_points"] if p["type"] == "minimum"]
    assert 0.0464054 in losses            # Safran's k = 7 minimum (package loss, no 1/2)


def test_table_and_csv(capsys, tmp_path):
    rc, out, _ = run(capsys, "critical", "--neurons", "4", "--inputs", "4",
                     "--isotropy", "diag(S(3,1))", "--starts", "2", "--quiet")
    assert rc == 0 and out.startswith("k = 4, d = 4, relu, isotropy diag(S(3,1))")
    assert "spurious minima (loss, isotropy, times found): none" in out   # k = 4 < 6
    target = tmp_path / "crit.csv"
    rc, out, _ = run(capsys, "critical", "--neurons", "4", "--inputs", "4", "--isotropy",
                     "all-young", "--starts", "1", "--format", "csv", "--out", str(target),
                     "--quiet")
    assert rc == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert rows and set(r["subgroup"] for r in rows) <= {
        "diag(S(4))", "diag(S(3,1))", "diag(S(2,2))", "diag(S(2,1,1))"}


@pytest.mark.parametrize("args,needle", [
    (["--neurons", "4", "--inputs", "4", "--isotropy", "diag(S(2,1))"], "add up to 3, not 4"),
    (["--neurons", "3", "--inputs", "3", "--isotropy", "diag(S(2,1))", "--activation", "tanh"],
     "unknown activation"),
    (["--neurons", "3", "--inputs", "3", "--isotropy", "S(2,2) x S(3)"], "add up to 4, not 3"),
    (["--neurons", "3", "--inputs", "3", "--isotropy", "diag(S(2,1)"], "cannot read"),
])
def test_bad_input_one_line_exit_2(capsys, args, needle):
    rc, out, err = run(capsys, "critical", *args)
    assert rc == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err


def test_bad_teacher_files(capsys, tmp_path):
    rect = tmp_path / "rect.json"
    rect.write_text(json.dumps([[1, 0, 0], [0, 1, 0]]))
    rc, _, err = run(capsys, "critical", "--neurons", "2", "--inputs", "3", "--teacher",
                     str(rect), "--isotropy", "diag(S(2))")
    assert rc == 2 and "square" in err and len(err.strip().splitlines()) == 1
    nan = tmp_path / "nan.csv"
    nan.write_text("1,nan\n0,1\n")
    rc, _, err = run(capsys, "critical", "--neurons", "2", "--inputs", "2", "--teacher",
                     str(nan), "--isotropy", "diag(S(2))")
    assert rc == 2 and "NaN or infinity" in err
    rc, _, err = run(capsys, "critical", "--neurons", "2", "--inputs", "2", "--teacher",
                     str(tmp_path / "missing.json"), "--isotropy", "diag(S(2))")
    assert rc == 2 and "cannot read the teacher" in err
    # a rectangular teacher is fine for product subgroups
    rc, out, err = run(capsys, "critical", "--neurons", "2", "--inputs", "3", "--teacher",
                       str(rect), "--isotropy", "S(1,1) x S(1,1,1)", "--starts", "1", "--quiet")
    assert rc == 0, err
