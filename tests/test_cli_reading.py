"""The command line read by a researcher: tables that fit, names that explain, help that teaches.

Each test pins one item of issue 17 part B that failed before: the default
table was 228 columns wide, ``preps S5`` 165, ``hidden A5 --input natural
--hidden regular`` about 280; ``n_hidden`` and the halves values went
unexplained; ``D4`` on input was printed ``D8``; ``--help`` had no examples
or grammar; representation names were case-sensitive; nothing showed
progress.  Widths are measured on the real outputs.
"""

import argparse
import csv
import io
import json
import subprocess
import sys

import pytest

import symtheory.cli as cli
from symtheory.cli import COMMAND_HELP, build_parser, main
from symtheory.exceptions import ParseError
from symtheory.networks.networks import TwoLayerNet
from symtheory.tables import CATALOG_COLUMNS
from .test_cli import run


def width(text: str) -> int:
    return max(len(line) for line in text.splitlines())


# -- tables that fit ------------------------------------------------------------

@pytest.fixture(scope="module")
def default_table():
    import contextlib
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["table", "--quiet"]) == 0
    return buf.getvalue()


def test_default_table_fits_100_columns_and_explains_its_columns(default_table):
    assert width(default_table) <= 100
    lines = default_table.splitlines()
    assert lines[1].split()[:3] == ["G", "hidden", "layer"]  # short headings, not snake_case
    assert "halves = one code per Theorem 3.3 subspace: d = distinct" in " ".join(lines)
    # S3 natural block: the paper's example, one Theorem 3.3 subspace with distinct halves
    s3 = [line.split() for line in lines if line.startswith("S3  cosets(1) ")]
    assert s3[0][-2:] == ["yes", "d"]


@pytest.mark.parametrize("argv", [
    ["preps", "S5"],
    ["hidden", "A5", "--input", "natural", "--hidden", "regular", "--max-codim", "2"],
    ["subgroups", "S5"],
])
def test_text_outputs_fit_100_columns(capsys, argv):
    rc, out, err = run(capsys, *argv)
    assert rc == 0, err
    assert width(out) <= 100, f"{' '.join(argv)} is {width(out)} columns wide"


def test_preps_prints_the_hom_matrix_with_readable_labels(capsys):
    rc, out, _ = run(capsys, "preps", "S3")
    assert "hom0" not in out and "dim Hom_G(G/H_i, G/H_j)" in out
    matrix = out.split("row i, column j:\n")[1].splitlines()
    # dim Hom(G/1, G/1) = |G| = 6 double cosets of the trivial subgroup
    assert matrix[0].split() == ["i\\j", "0", "1", "2", "3"] and matrix[1].split()[:2] == ["0", "6"]
    rc, out, _ = run(capsys, "preps", "S3", "--format", "csv")  # machine layout unchanged
    assert next(csv.reader(io.StringIO(out)))[4:] == ["hom0", "hom1", "hom2", "hom3"]


def test_columns_option_chooses_and_rejects(capsys):
    rc, out, _ = run(capsys, "table", "--groups", "S3", "--columns", "group,theorem_3_3_where",
                     "--quiet")
    assert rc == 0 and out.splitlines()[1].split() == ["G", "T3.3", "subspaces"]
    assert "{0,1,2}" in out
    rc, out, err = run(capsys, "table", "--groups", "S3", "--columns", "group,n_hidden")
    assert rc == 2 and out == "" and "unknown column 'n_hidden'" in err
    assert len(err.strip().splitlines()) == 1
    rc, out, _ = run(capsys, "hidden", "S3", "--input", "natural", "--hidden", "2*natural",
                     "--columns", "partition,codim")
    assert rc == 0 and out.splitlines()[3].split() == ["equal", "neurons", "codim"]


def test_n_hidden_is_renamed_n_hidden_subspaces(capsys):
    rc, out, _ = run(capsys, "table", "--groups", "S3", "--format", "csv", "--quiet")
    header = next(csv.reader(io.StringIO(out)))
    assert header == CATALOG_COLUMNS and "n_hidden_subspaces" in header
    assert "n_hidden" not in header
    rc, out, _ = run(capsys, "table", "--groups", "S3", "--format", "json", "--quiet")
    row = json.loads(out)["rows"][2]  # S3 cosets(1): the natural block
    assert row["n_hidden_subspaces"] == 1 and "n_hidden" not in row


def test_hidden_header_names_its_numbers(capsys):
    rc, out, _ = run(capsys, "hidden", "S3", "--input", "natural + 2*trivial",
                     "--hidden", "natural + 3*trivial")
    head = " ".join(out.splitlines()[:3])
    assert "dim Theta~ = 13 trained parameters" in head
    assert "visible symmetries (neuron permutations keeping Theta~): |P~| = 6" in head
    assert "T3.3 = Theorem 3.3 applies" in " ".join(out.split())  # the legend


# -- names ------------------------------------------------------------------------

def test_dihedral_names_follow_the_input_convention(capsys):
    """D<n> has order 2n on input, and in every printed name: D4 (order 8) prints D4,
    and the top class of D8 (order 16) is D8, where they printed D8 and D16."""
    data = json.loads(run(capsys, "subgroups", "D4", "--format", "json")[1])
    assert data["group"]["order"] == 8 and data["classes"][-1]["structure"] == "D4"
    data = json.loads(run(capsys, "subgroups", "D8", "--format", "json")[1])
    assert data["group"]["order"] == 16 and data["classes"][-1]["structure"] == "D8"
    rc, out, _ = run(capsys, "subgroups", "D8")
    assert ("note: D<n> = symmetries of the regular n-gon, order 2n (D8 has order 16, "
            "GAP's DihedralGroup(16))") in out
    rc, out, _ = run(capsys, "table", "--groups", "S4", "--max-degree", "3", "--quiet")
    assert "D4" in out and "order 2n" in out  # the stabilizer D4 of cosets(8), with the note
    # GAP's convention on input, by order: DihedralGroup(8) is D4
    data = json.loads(run(capsys, "subgroups", "DihedralGroup(8)", "--format", "json")[1])
    assert data["group"] == {"name": "D4", "order": 8, "degree": 4}
    rc, _, err = run(capsys, "subgroups", "DihedralGroup(7)")
    assert rc == 2 and "even order" in err


def test_icosahedral_group_is_named(capsys):
    rc, out, _ = run(capsys, "subgroups", "A5xC2")
    assert "order-120" not in out
    assert "the group is C2xA5, the point group I_h" in out


# -- help that teaches ---------------------------------------------------------------

def _subparsers(parser):
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_every_command_has_a_description_two_examples_and_option_help():
    sub = _subparsers(build_parser())
    assert set(sub) == set(COMMAND_HELP)
    for name, sp in sub.items():
        text = sp.format_help()
        assert sp.description, name
        examples = text.split("examples:\n")[1].splitlines()
        assert len([e for e in examples if e.strip().startswith("symtheory ")]) >= 2, name
        for action in sp._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


def test_top_help_explains_the_grammar_and_cosets():
    text = build_parser().format_help()
    for phrase in ("k*TERM", "cosets(I)", "symtheory subgroups GROUP", "cosets((1,2),(3,4))",
                   "order 2n", "examples:"):
        assert phrase in text, phrase


def test_reproduce_help_says_what_each_figure_is():
    from symtheory.paper import FIGURES
    text = _subparsers(build_parser())["reproduce"].format_help()
    for fig in FIGURES:
        assert f"  {fig} " in text, fig


def test_version_and_python_dash_m(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.startswith("symtheory 0.")
    done = subprocess.run([sys.executable, "-m", "symtheory", "subgroups", "S3", "--format",
                           "csv"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.splitlines()[0].startswith("index,order")


def test_representation_names_are_case_insensitive(capsys):
    rc, out, err = run(capsys, "hidden", "S3", "--input", "Natural", "--hidden", "REGULAR",
                       "--format", "json")
    assert rc == 0, err
    # Hom_S3(natural, regular) has dim = |C2 \ S3 / 1| = 3
    assert json.loads(out)["theta_dim"] == 3
    rc, out, err = run(capsys, "hom", "S3", "--input", "Cosets(1)", "--output", "Trivial",
                       "--format", "json")
    assert rc == 0 and json.loads(out)["dim"] == 1


def test_output_summ_suggests_sum(capsys):
    with pytest.raises(ParseError, match='did you mean "sum"'):
        TwoLayerNet("S3", "natural", "natural", output="summ")
    assert TwoLayerNet("S3", "natural", "natural", output="SUM").output is None
    rc, _, err = run(capsys, "hidden", "S3", "--input", "natral", "--hidden", "natural")
    assert rc == 2 and "did you mean 'natural'?" in err


# -- progress ---------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("argv", [
    ["table", "--groups", "S3", "C4"],
    ["hidden", "S3", "--input", "natural", "--hidden", "2*natural"],
])
def test_progress_bar_on_a_terminal_only_and_not_with_quiet(monkeypatch, capsys, argv):
    monkeypatch.setattr(cli, "PROGRESS_DELAY", 0)
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert main(argv) == 0
    shown = sys.stderr.getvalue()
    total = 14 if argv[0] == "table" else 5  # 2 * (4 + 3) networks; 5 subspaces
    assert f"/{total}" in shown and "%|" in shown
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert main(argv + ["--quiet"]) == 0
    assert sys.stderr.getvalue() == ""
    monkeypatch.undo()
    capsys.readouterr()
    assert main(argv) == 0  # pytest's stderr is no terminal: silent
    assert capsys.readouterr().err == ""
