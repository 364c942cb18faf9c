"""The command-line contract of DESIGN.md: JSON shapes, formats, errors.

The commands run in-process through :func:`symtheory.cli.main` (fast); one
test runs the installed console script to check that a bad input exits 2
with one line on stderr and no traceback.  Expected values come from
independent sources: OEIS A000638 / A005432 for subgroup counts of S_n,
orbit-stabilizer, and double cosets counted by brute force with SymPy.
"""

import csv
import io
import itertools
import json
import os
import shutil
import subprocess
import sys

import pytest
from sympy.combinatorics import Permutation, PermutationGroup

from symtheory.cli import main


def run(capsys, *argv):
    """Run the CLI; return (exit status, stdout, stderr)."""
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def run_json(capsys, *argv):
    rc, out, err = run(capsys, *argv, "--format", "json")
    assert rc == 0, err
    return json.loads(out)


def sympy_group(gens: str, degree: int) -> PermutationGroup:
    """A SymPy group from a GAP-style 1-based cycle string, parsed naively here."""
    perms = []
    for g in gens.split("; ") if "; " in gens else [gens]:
        cycles = [c for c in g.replace(")", ")|").split("|") if c]
        p = Permutation(degree - 1)
        for c in cycles:
            pts = [int(x) - 1 for x in c.strip("()").split(",")]
            p = p * Permutation([pts], size=degree)
        perms.append(p)
    return PermutationGroup(perms)


# -- subgroups -----------------------------------------------------------------

@pytest.mark.parametrize("name, n_classes, n_subgroups", [
    ("S1", 1, 1), ("S3", 4, 6), ("S4", 11, 30), ("S5", 19, 156)])  # OEIS A000638, A005432
def test_subgroups_json_counts_follow_oeis(capsys, name, n_classes, n_subgroups):
    data = run_json(capsys, "subgroups", name)
    assert set(data) >= {"group", "n_subgroups", "classes"}
    assert set(data["group"]) >= {"name", "order", "degree"}
    assert data["n_subgroups"] == n_subgroups
    assert len(data["classes"]) == n_classes
    assert sum(c["length"] for c in data["classes"]) == n_subgroups


def test_subgroups_json_classes_are_consistent_with_sympy(capsys):
    data = run_json(capsys, "subgroups", "S4")
    order, degree = data["group"]["order"], data["group"]["degree"]
    assert (order, degree) == (24, 4)
    keys = [(c["order"], c["length"]) for c in data["classes"]]
    assert keys == sorted(keys), "classes ordered by subgroup order, then class length"
    for i, c in enumerate(data["classes"]):
        assert set(c) >= {"index", "order", "length", "normalizer_order", "structure",
                          "generators"}
        assert c["index"] == i
        assert c["length"] * c["normalizer_order"] == order  # orbit-stabilizer
        gens = c["generators"]
        assert isinstance(gens, list)
        H = sympy_group("; ".join(gens), degree) if gens else PermutationGroup(
            [Permutation(degree - 1)])
        assert H.order() == c["order"]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "latex"])
def test_subgroups_text_formats_have_one_row_per_class(capsys, fmt):
    rc, out, err = run(capsys, "subgroups", "D4", "--format", fmt)
    assert rc == 0 and err == ""
    n_classes = 8  # D8 has 8 classes of subgroups (10 subgroups)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == n_classes
        assert [int(r["order"]) for r in rows] == sorted(int(r["order"]) for r in rows)
    elif fmt == "markdown":
        assert sum(line.startswith("| ") for line in out.splitlines()) == n_classes + 1
    elif fmt == "latex":
        body = out.split("\\endlastfoot\n")[1].split("\\end{longtable}")[0]
        assert "\\begin{longtable}" in out and body.count("\\\\") == n_classes
    else:
        assert "D4" in out and "10 subgroups" in out


def test_subgroups_of_generator_string(capsys):
    data = run_json(capsys, "subgroups", "(1,2,3),(1,2)")
    assert data["group"]["order"] == 6 and data["n_subgroups"] == 6


# -- preps ---------------------------------------------------------------------

def naive_double_cosets(G: PermutationGroup, H: PermutationGroup, K: PermutationGroup) -> int:
    seen, count = set(), 0
    Hs, Ks = list(H.elements), list(K.elements)
    for g in G.elements:
        if g in seen:
            continue
        count += 1
        seen.update(h * g * k for h in Hs for k in Ks)
    return count


@pytest.mark.parametrize("name", ["S3", "D4", "A4"])
def test_preps_json_hom_dims_are_double_coset_counts(capsys, name):
    sub = run_json(capsys, "subgroups", name)
    data = run_json(capsys, "preps", name)
    degree, order = data["group"]["degree"], data["group"]["order"]
    classes = sub["classes"]
    assert len(data["preps"]) == len(classes)
    G = sympy_group("; ".join(c for cl in classes for c in cl["generators"]), degree)
    subgroups = [sympy_group("; ".join(c["generators"]), degree) if c["generators"]
                 else PermutationGroup([Permutation(degree - 1)]) for c in classes]
    for p in data["preps"]:
        assert set(p) >= {"index", "degree", "stabilizer_class", "structure"}
        assert p["degree"] * classes[p["stabilizer_class"]]["order"] == order
    dims = data["hom_dims"]
    for i, j in itertools.product(range(len(classes)), repeat=2):
        Hi = subgroups[data["preps"][i]["stabilizer_class"]]
        Hj = subgroups[data["preps"][j]["stabilizer_class"]]
        assert dims[i][j] == naive_double_cosets(G, Hi, Hj)


# -- hom -----------------------------------------------------------------------

def test_preps_with_too_many_classes_is_refused_before_the_matrix(capsys, monkeypatch):
    """The hom matrix is the square of the number of classes: above PREPS_CLASS_LIMIT
    classes one line and exit 2 (the fuzz found V4xV4xV4, 2,825 classes, running for
    minutes); S4 has 11 classes, so a limit of 10 refuses it."""
    import symtheory.tables as tables
    monkeypatch.setattr(tables, "PREPS_CLASS_LIMIT", 10)
    rc, out, err = run(capsys, "preps", "S4")
    assert rc == 2 and out == "" and len(err.splitlines()) == 1
    assert "11 classes of subgroups" in err and "121 entries" in err and "symtheory subgroups" in err
    monkeypatch.setattr(tables, "PREPS_CLASS_LIMIT", 11)
    assert run(capsys, "preps", "S4")[0] == 0


def test_hom_json_deep_sets(capsys):
    data = run_json(capsys, "hom", "S4", "--input", "natural", "--output", "natural")
    assert data["dim"] == 2 and data["shape"] == [4, 4]
    L = data["labels"]
    assert all(L[i][i] == L[0][0] for i in range(4))
    assert len({L[i][j] for i in range(4) for j in range(4) if i != j}) == 1
    assert len(data["names"]) == 2


def test_hom_json_labels_are_orbitals(capsys):
    """Labels are constant on G-orbits of (row, column) pairs, and distinct orbits differ."""
    data = run_json(capsys, "hom", "S3", "--input", "natural + trivial", "--output", "regular")
    h, d = data["shape"]
    assert (h, d) == (6, 4)
    L = data["labels"]
    assert sorted({x for row in L for x in row}) == list(range(data["dim"]))
    # Burnside: dim = (1/|G|) sum_g fix_Y(g) fix_X(g); regular fixes only at e
    assert data["dim"] == (6 * 4) // 6


def test_hom_symbolic_matrix_in_table_and_latex(capsys):
    rc, out, _ = run(capsys, "hom", "S3", "--input", "trivial", "--output", "natural")
    assert rc == 0 and "dim Hom_S3(trivial, natural) = 1" in out and "theta_0" in out
    rc, out, _ = run(capsys, "hom", "S3", "--input", "natural", "--output", "natural",
                     "--format", "latex")
    assert rc == 0 and "\\theta_{0}" in out and "\\theta_{1}" in out


# -- hidden --------------------------------------------------------------------

def test_hidden_json_paper_example(capsys):
    data = run_json(capsys, "hidden", "S3", "--input", "natural + 2*trivial",
                    "--hidden", "natural + 3*trivial")
    assert data["theta_dim"] == 13
    assert data["n_visible_symmetries"] == 6  # S_3 on the three trivial neurons
    codim1 = [s for s in data["subspaces"] if s["codim"] == 1]
    assert codim1 == [{"partition": [[0, 1, 2]], "dim": 12, "codim": 1, "hidden": True,
                       "lemma_3_2": True, "theorem_3_3": True}]
    for s in data["subspaces"]:
        assert s["codim"] >= 1  # Theta~ itself is left out
        assert s["dim"] + s["codim"] == 13
        assert all(len(b) >= 2 and b == sorted(b) for b in s["partition"])
        assert s["theorem_3_3"] == (s["hidden"] and s["codim"] == 1 and s["lemma_3_2"])


def test_hidden_max_codim_filters(capsys):
    full = run_json(capsys, "hidden", "S3", "--input", "natural", "--hidden", "2*natural")
    cut = run_json(capsys, "hidden", "S3", "--input", "natural", "--hidden", "2*natural",
                   "--max-codim", "1")
    assert cut["subspaces"] == [s for s in full["subspaces"] if s["codim"] <= 1]
    assert len(full["subspaces"]) > len(cut["subspaces"]) >= 1


def test_hidden_max_joins_sets_the_budget(capsys):
    """--max-joins is the join budget of the enumeration: a budget below the A * A joins
    of the A pair subspaces is refused (the message names the option), a larger one gives
    the default's answer."""
    argv = ["hidden", "S3", "--input", "natural", "--hidden", "2*natural"]
    full = run_json(capsys, *argv)
    assert run_json(capsys, *argv, "--max-joins", "1000000") == full
    rc, out, err = run(capsys, *argv, "--max-joins", "1")
    assert rc == 2 and out == "" and len(err.splitlines()) == 1
    assert "--max-joins N" in err and "--max-codim K" in err


def test_hidden_trainable_output(capsys):
    data = run_json(capsys, "hidden", "S3", "--input", "natural", "--hidden", "natural",
                    "--output", "trivial")
    assert data["output"] == "trivial"
    assert data["theta_dim"] == 3  # 2 for W, 1 for U in Hom(natural, trivial)


# -- table ---------------------------------------------------------------------

def test_table_csv_and_progress(capsys):
    rc, out, err = run(capsys, "table", "--groups", "S3", "C4", "--format", "csv")
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    # S3 has 4 classes, C4 has 3; each transitive p-rep alone and plus trivial
    assert len(rows) == 2 * (4 + 3)
    s3 = [r for r in rows if r["group"] == "S3" and r["theorem_3_3"] == "true"]
    assert [r["hidden"] for r in s3] == ["cosets(1)", "cosets(1) + trivial"]
    assert err == ""  # no progress bar when stderr is not a terminal
    rc, out, err = run(capsys, "table", "--groups", "S3", "--quiet", "--format", "markdown")
    assert rc == 0 and err == ""


def test_table_max_degree_bounds_hidden_degree(capsys):
    data = run_json(capsys, "table", "--groups", "S4", "--max-degree", "4", "--quiet")
    degrees = sorted({r["hidden_degree"] for r in data["rows"]})
    # transitive S4-sets of degree <= 4 have degree 1, 2, 3 or 4; plus trivial adds 1
    assert degrees == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("group, n_classes, full_degree, degrees",
                         [("S4", 11, 24, [1, 3, 6, 12]), ("S5", 19, 12, [1, 5, 10])])
def test_table_max_degree_rows_are_the_full_table_filtered(capsys, group, n_classes,
                                                           full_degree, degrees):
    """--max-degree d keeps exactly the rows of the full table whose block cosets(I) has
    degree |G:H| <= d (the row's width, less one with "+ trivial"), in the same order and
    with the same class numbers and values.  For d = 1 that is the whole group, the last
    class (S4 and S5 have 11 and 19 classes of subgroups, OEIS A000638)."""
    def rows(d):
        return run_json(capsys, "table", "--groups", group, "--max-degree", str(d),
                        "--quiet")["rows"]

    def block_degree(r):
        return r["hidden_degree"] - r["hidden"].endswith("+ trivial")
    full = rows(full_degree)
    assert max(map(block_degree, full)) == full_degree  # the full table reaches the bound
    for d in degrees:
        assert rows(d) == [r for r in full if block_degree(r) <= d], d
    last = f"cosets({n_classes - 1})"
    assert [r["hidden"] for r in rows(1)] == [last, last + " + trivial"]


def test_out_is_written_atomically(capsys, tmp_path):
    target = tmp_path / "sub" / "s3.json"
    rc, out, _ = run(capsys, "subgroups", "S3", "--format", "json", "--out", str(target))
    assert rc == 0 and out == ""
    assert json.loads(target.read_text())["n_subgroups"] == 6
    assert [p.name for p in target.parent.iterdir()] == ["s3.json"]  # no temporary left


# -- bad input -----------------------------------------------------------------

BAD_INPUTS = [
    (["subgroups", "(1,2"], "unbalanced parentheses"),
    (["subgroups", "(1,2,a)"], "non-integer"),
    (["subgroups", "(0,1)"], "below 1"),
    (["subgroups", "(1,1,2)"], "repeated"),
    (["subgroups", "X7"], "unknown group"),
    (["subgroups", "S0"], "at least 1"),
    (["subgroups", "S10"], "refused above order"),
    (["preps", "C0"], "at least 1"),
    (["hom", "S3", "--input", "natural", "--output", "cosets(99)"], "does not exist"),
    (["hom", "S3", "--input", "natural", "--output", "cosets((1,4))"], "beyond 3"),
    (["hom", "C3", "--input", "natural", "--output", "cosets((1,2))"], "not an element"),
    (["hom", "S3", "--input", "natural", "--output", "2*"], "cannot read term"),
    (["hom", "S3", "--input", "natural", "--output", "0*trivial"], "multiplicity 0"),
    (["hom", "S3", "--input", "natural + + trivial", "--output", "natural"], "cannot read"),
    (["hom", "S3", "--input", "natural"], "--output"),
    (["hidden", "S3", "--input", "foo", "--hidden", "natural"], "unknown representation"),
    (["hidden", "S3", "--input", "natural", "--hidden", "natural", "--max-codim", "-1"],
     "--max-codim"),
    (["hidden", "S3", "--input", "natural", "--hidden", "natural", "--output", "bar"],
     "unknown representation"),
    (["table", "--groups", "S3", "X2"], "unknown group"),
    (["table", "--max-degree", "0"], "--max-degree"),
    (["subgroups", "S3", "--format", "xml"], "invalid choice"),
    (["subgroups", "S3", "--bogus"], "unrecognized arguments"),
    (["frobnicate"], "invalid choice"),
]


@pytest.mark.parametrize("argv, phrase", BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, phrase):
    rc, out, err = run(capsys, *argv)
    assert rc == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("symtheory: error: ")
    assert phrase in lines[0]
    assert "Traceback" not in err


def test_bad_input_leaves_existing_out_file_untouched(capsys, tmp_path):
    target = tmp_path / "keep.json"
    target.write_text("old\n")
    rc, _, _ = run(capsys, "hom", "S3", "--input", "natural", "--output", "cosets(99)",
                   "--format", "json", "--out", str(target))
    assert rc == 2 and target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_unwritable_out_is_one_line(capsys, tmp_path):
    rc, out, err = run(capsys, "subgroups", "S3", "--out", str(tmp_path))  # a folder
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "folder" in err


@pytest.mark.skipif(shutil.which("symtheory") is None and not os.path.exists(
    os.path.join(os.path.dirname(sys.executable), "symtheory")), reason="console script absent")
def test_console_script_exits_2_without_traceback():
    exe = shutil.which("symtheory") or os.path.join(os.path.dirname(sys.executable), "symtheory")
    r = subprocess.run([exe, "subgroups", "(1,2"], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    r = subprocess.run([exe, "subgroups", "S3", "--format", "json"], capture_output=True,
                       text=True)
    assert r.returncode == 0 and json.loads(r.stdout)["n_subgroups"] == 6


# -- output safety and interrupts (issue 19) -------------------------------------

import random  # noqa: E402
import signal  # noqa: E402
import stat  # noqa: E402
import time  # noqa: E402

import symtheory.cli as cli_module  # noqa: E402


@pytest.mark.skipif(os.geteuid() != 0, reason="os.mknod of a character device needs root")
def test_out_to_a_device_node_leaves_it_a_device(capsys, tmp_path):
    """The reproduction of issue 19: `--out` a node like /dev/null (char 1,3) made here."""
    dev = tmp_path / "fakenull"
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    rc, out, err = run(capsys, "hom", "S3", "--input", "trivial", "--output", "natural",
                       "--format", "json", "--out", str(dev))
    assert rc == 0 and out == "" and err == ""
    st = os.lstat(dev)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["fakenull"]


def test_out_read_only_file_exit_2_one_line(capsys, tmp_path):
    target = tmp_path / "ro.json"
    target.write_text("keep\n")
    os.chmod(target, 0o444)
    rc, out, err = run(capsys, "subgroups", "S3", "--format", "json", "--out", str(target))
    assert rc == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "read-only (mode 0444)" in err and target.read_text() == "keep\n"


def test_out_through_a_link_and_dash_is_stdout(capsys, tmp_path):
    (tmp_path / "real.json").write_text("old")
    os.chmod(tmp_path / "real.json", 0o600)
    (tmp_path / "link.json").symlink_to("real.json")
    rc, out, _ = run(capsys, "subgroups", "S3", "--format", "json", "--out",
                     str(tmp_path / "link.json"))
    assert rc == 0 and out == "" and (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text())["n_subgroups"] == 6
    assert stat.S_IMODE((tmp_path / "real.json").stat().st_mode) == 0o600
    rc, out, _ = run(capsys, "subgroups", "S3", "--format", "json", "--out", "-")
    assert rc == 0 and json.loads(out)["n_subgroups"] == 6


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_during_a_command_exits_128_plus_signum(capsys, monkeypatch, tmp_path, sig,
                                                       status):
    target = tmp_path / "out.json"
    target.write_text("old\n")
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)

    def interrupted_command(a):
        os.kill(os.getpid(), sig)
        time.sleep(30)

    monkeypatch.setitem(cli_module._COMMANDS, "subgroups", interrupted_command)
    rc, out, err = run(capsys, "subgroups", "S3", "--out", str(target))
    assert (rc, out, err) == (status, "", "symtheory: interrupted\n")
    assert target.read_text() == "old\n"
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_interrupt_turned_into_another_error_inside_numpy_is_still_an_interrupt(capsys,
                                                                              monkeypatch):
    """numpy can turn a KeyboardInterrupt raised inside a comparison into a TypeError
    (issue 19 saw "Cannot compare structured arrays", exit 1); simulated here."""
    def command(a):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(30)
        except KeyboardInterrupt:
            raise TypeError("Cannot compare structured arrays") from None

    monkeypatch.setitem(cli_module._COMMANDS, "subgroups", command)
    assert run(capsys, "subgroups", "S3") == (130, "", "symtheory: interrupted\n")


def test_interrupt_inside_a_finalizer_is_not_lost(capsys, monkeypatch):
    """Raised inside ``__del__``, an interrupt would be printed as "Exception ignored"
    (with a traceback) and dropped; it is sent again and ends the run."""
    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.01)           # the handler runs here, inside __del__

    def command(a):
        Finalized()                    # collected at once
        time.sleep(30)

    monkeypatch.setitem(cli_module._COMMANDS, "subgroups", command)
    assert run(capsys, "subgroups", "S3") == (130, "", "symtheory: interrupted\n")


def test_a_bug_without_a_signal_is_not_reported_as_an_interrupt(capsys, monkeypatch):
    def command(a):
        raise TypeError("a genuine bug")

    monkeypatch.setitem(cli_module._COMMANDS, "subgroups", command)
    with pytest.raises(TypeError, match="genuine bug"):
        main(["subgroups", "S3"])


CONSOLE_SCRIPT = """\
import re
import sys
from symtheory.cli import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""


def _sigterm_caught(pid) -> bool:
    """Whether process ``pid`` has a handler for SIGTERM (Linux /proc), i.e. symtheory's
    code has started: Python itself leaves SIGTERM at its default."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            caught = next(int(line.split()[1], 16) for line in fh if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return False
    return bool(caught >> (signal.SIGTERM - 1) & 1)


def _wait_until(condition, child, what):
    deadline = time.monotonic() + 120
    while not condition():
        assert child.poll() is None, f"ended before {what}"
        assert time.monotonic() < deadline, f"no {what} within 120 s"
        time.sleep(0.005)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_ctrl_c_during_start_up_and_run_is_clean(tmp_path):
    """SIGINT at 10 seeded moments: 8 during start-up, 0-1.2 s after the first line of
    symtheory's code (the imports of SymPy, numpy, scipy take seconds), and 2 during
    the numpy work of ``reproduce fig6``, 0-1 s after it announced its start.  The
    script is the one pip generates for the console entry point (written here, named
    ``symtheory`` as the installed one is).  Every run must end with status 130, no
    traceback, only ``symtheory: interrupted`` after what the run printed, and nothing
    left in the output folder.  (The ~0.1 s before the package's first line are
    Python's own start-up, out of symtheory's reach.)"""
    script = tmp_path / "bin" / "symtheory"
    script.parent.mkdir()
    script.write_text(CONSOLE_SCRIPT)
    out = tmp_path / "out"
    out.mkdir()
    rng = random.Random(19)
    moments = ([("start-up", rng.uniform(0.0, 1.2)) for _ in range(8)]
               + [("run", rng.uniform(0.0, 1.0)) for _ in range(2)])
    for phase, delay in moments:
        child = subprocess.Popen([sys.executable, str(script), "reproduce", "fig6", "--out",
                                  str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 text=True)
        try:
            _wait_until(lambda: _sigterm_caught(child.pid), child, "symtheory's first line")
            printed = child.stderr.readline() if phase == "run" else ""
            time.sleep(delay)
            assert child.poll() is None, f"finished before the signal ({phase}, {delay:.2f} s)"
            child.send_signal(signal.SIGINT)
            _, err = child.communicate(timeout=60)
        finally:
            child.kill()
        err = printed + err
        lines = err.splitlines()
        # a start-up signal can land after the imports on a fast machine: then the run's
        # announcement is there too; during the run it must be
        announced = lines[0].startswith("reproduce: fig6 (seed 0) into ")
        assert child.returncode == 130, (phase, delay, err)
        assert announced or phase == "start-up", err
        assert lines[-1] == "symtheory: interrupted" and len(lines) == 1 + announced, err
        assert "Traceback" not in err
        assert os.listdir(out) == []


@pytest.mark.skipif(shutil.which("symtheory") is None and not os.path.exists(
    os.path.join(os.path.dirname(sys.executable), "symtheory")), reason="console script absent")
def test_installed_console_script_sigterm_is_143(tmp_path):
    exe = shutil.which("symtheory") or os.path.join(os.path.dirname(sys.executable), "symtheory")
    child = subprocess.Popen([exe, "reproduce", "fig6", "--out", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until(lambda: _sigterm_caught(child.pid), child, "symtheory's first line")
        time.sleep(0.3)
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert (child.returncode, err) == (143, "symtheory: interrupted\n")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
@pytest.mark.parametrize("delay", [0.0, 0.4])
def test_python_dash_m_symtheory_start_up_interrupt_is_clean(tmp_path, delay):
    """``python -m symtheory`` gets the same start-up guard as the console script."""
    child = subprocess.Popen([sys.executable, "-m", "symtheory", "subgroups", "S5"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             cwd=tmp_path)
    try:
        _wait_until(lambda: _sigterm_caught(child.pid), child, "symtheory's first line")
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert (child.returncode, err) == (130, "symtheory: interrupted\n")


def test_the_start_up_guard_recognises_how_symtheory_was_started():
    from symtheory.interrupts import _is_module_run
    assert _is_module_run(["python", "-m", "symtheory", "table"])
    assert _is_module_run(["python", "-msymtheory"])
    assert not _is_module_run(["python", "-m", "pytest"])
    assert not _is_module_run(["python", "script.py", "-m", "symtheory"])
    assert not _is_module_run(None)


def test_devnull_is_still_a_character_device():
    """After the CLI tests above (which run in this process): the issue-19 damage is absent.
    conftest.py checks the same once more when the whole session ends."""
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
