"""The census: same rows wherever it runs, nothing lost or doubled by faults, clear errors.

The reference is the sequential catalog code (:func:`symtheory.tables.catalog_rows`,
what ``symtheory table`` ran before the census existed), run group by group in
this process.  The Dask runs use one local cluster for the module (it starts
with one worker and is scaled to two), reached through its scheduler address,
as ``--scheduler`` would.  The full census of the issue (every library group
of order <= 24) is marked slow.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from symtheory.census import (CENSUS_COLUMNS, CensusStore, census_summary, row_task,
                              run_census, select_groups, write_report)
from symtheory.cli import main
from symtheory.limits import Limits
from symtheory.tables import catalog_rows

distributed = pytest.importorskip("distributed")

SMALL = "order<=4"        # 19 groups, 110 architectures
FAULTS = "order<=6"       # 32 groups, 202 architectures
INPUT = ["natural + trivial"]


def strip(rows):
    """Rows without the timing columns (which differ from run to run)."""
    return [{k: v for k, v in r.items() if not k.endswith("_seconds")} for r in rows]


def stored(path):
    """(key, row) of every stored row, and the number of distinct keys."""
    with sqlite3.connect(path) as c:
        rows = c.execute("SELECT grp, input, hidden, max_codim, data FROM rows").fetchall()
        distinct = c.execute("SELECT COUNT(DISTINCT grp || '|' || input || '|' || hidden "
                             "|| '|' || max_codim) FROM rows").fetchone()[0]
    return {r[:4]: json.loads(r[4]) for r in rows}, len(rows), distinct


@pytest.fixture(scope="module")
def reference():
    """Every architecture of FAULTS by the sequential catalog code, keyed by (group, hidden)."""
    out = {}
    for g in select_groups(FAULTS):
        for r in catalog_rows([g.label], INPUT[0], 12):
            out[(r["group"], r["hidden"])] = r
    return out


@pytest.fixture(scope="module")
def cluster():
    import logging
    cl = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cl)
    yield cl, client
    client.close()
    cl.close()


def two_workers(cluster):
    cl, client = cluster
    cl.scale(2)
    client.wait_for_workers(2, timeout=120)
    return cl.scheduler_address


def same_as_reference(rows, reference):
    assert rows, "no rows"
    for r in rows:
        ref = reference[(r["group"], r["hidden"])]
        assert {c: r[c] for c in ref} == ref, r
        assert r["status"] == "ok" and r["library_id"] == r["group"]


def test_rows_agree_in_process_on_one_and_on_two_workers(cluster, reference, tmp_path):
    here = run_census(SMALL, INPUT, workers=0, store=str(tmp_path / "here.sqlite"))
    one = run_census(SMALL, INPUT, scheduler=cluster[0].scheduler_address,
                     store=str(tmp_path / "one.sqlite"))
    two = run_census(SMALL, INPUT, scheduler=two_workers(cluster),
                     store=str(tmp_path / "two.sqlite"))
    assert len(here) == 110
    assert strip(here) == strip(one) == strip(two)
    same_as_reference(here, reference)
    assert list(here[0]) == CENSUS_COLUMNS


def test_a_rerun_skips_the_stored_rows(tmp_path):
    path = str(tmp_path / "s.sqlite")
    first = run_census("SmallGroup(6,1),SmallGroup(4,2)", INPUT, store=path)
    again = run_census("SmallGroup(6,1),SmallGroup(4,2)", INPUT, store=path)
    assert again == first  # timings included: nothing was recomputed
    more = run_census("SmallGroup(6,1),SmallGroup(4,2)", INPUT + ["natural"], store=path)
    assert [r for r in more if r["input"] == INPUT[0]] == first
    _, n, distinct = stored(path)
    assert n == distinct == 2 * len(first)


def _wait_for_rows(path, n, alive):
    while alive():
        try:
            with sqlite3.connect(path) as c:
                if c.execute("SELECT COUNT(*) FROM rows").fetchone()[0] >= n:
                    return c.execute("SELECT COUNT(*) FROM rows").fetchone()[0]
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.02)
    return None


def _check_store(path, reference):
    rows, n, distinct = stored(path)
    assert n == distinct == len(reference), "a row is missing or stored twice"
    for (grp, _, hidden, _), r in rows.items():
        ref = reference[(grp, hidden)]
        assert {c: r[c] for c in ref} == ref
        assert r["status"] == "ok"


def test_killing_a_worker_mid_run_loses_no_row_and_doubles_none(cluster, reference, tmp_path):
    address = two_workers(cluster)
    client = cluster[1]
    path = str(tmp_path / "kill.sqlite")
    done = threading.Event()

    def census():
        try:
            run_census(FAULTS, INPUT, scheduler=address, store=path)
        finally:
            done.set()

    t = threading.Thread(target=census)
    t.start()
    at_kill = _wait_for_rows(path, 20, lambda: not done.is_set())
    victim = sorted(client.run(os.getpid).values())[0]
    os.kill(victim, signal.SIGKILL)
    t.join(timeout=600)
    assert at_kill is not None and at_kill < len(reference), "the run ended before the kill"
    run_census(FAULTS, INPUT, scheduler=address, store=path)  # the re-run, on who is left
    _check_store(path, reference)


def test_interrupting_the_client_loses_no_row_and_doubles_none(cluster, reference, tmp_path):
    address = cluster[0].scheduler_address
    path = str(tmp_path / "int.sqlite")
    proc = subprocess.Popen([sys.executable, "-m", "symtheory.cli", "census", "--groups", FAULTS,
                             "--scheduler", address, "--store", path, "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    at_int = _wait_for_rows(path, 20, lambda: proc.poll() is None)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert at_int is not None and at_int < len(reference), "the run ended before the interrupt"
    assert proc.returncode == 130, err
    rows, n, distinct = stored(path)
    assert n == distinct < len(reference)
    assert all(r["status"] == "ok" for r in rows.values())  # whole rows only
    run_census(FAULTS, INPUT, scheduler=address, store=path)
    _check_store(path, reference)


def _greedy_row(*args, **kwargs):
    return {"n_subspaces": len(bytearray(2 ** 32))}  # 4 GB


def test_limits_mark_the_row_instead_of_failing(tmp_path, monkeypatch):
    key = ("SmallGroup(6,1)", "natural + trivial", "cosets(0)", -1)
    slow = row_task(key, "1", 6, Limits(seconds=1e-4))["row"]
    assert (slow["status"], slow["hidden_degree"], slow.get("n_subspaces")) == ("timeout", 6, None)
    with monkeypatch.context() as m:  # the sandbox is forked anew for new limits, patched
        m.setattr("symtheory.census.architecture_row", _greedy_row)
        big = row_task(key, "1", 6, Limits(memory_mb=123))["row"]
    assert big["status"] == "too_large" and "123 MB" in big["message"]
    fine = row_task(key, "1", 6, Limits())["row"]
    assert fine["status"] == "ok" and fine["n_subspaces"] > 0
    # S10 is above the element-table limit: its plan is refused, stored and reported
    path = str(tmp_path / "s.sqlite")
    rows = run_census(["TransitiveGroup(10,45)", "S3"], INPUT, store=path)
    assert rows[0]["status"] == "too_large" and rows[0]["hidden"] is None
    assert [r["status"] for r in rows[1:]] == ["ok"] * 8
    assert CensusStore(path).plan("TransitiveGroup(10,45)", 12)["status"] == "too_large"


def test_report_tables_and_figures(tmp_path):
    path = str(tmp_path / "s.sqlite")
    rows = run_census("SmallGroup(6,1),SmallGroup(6,2),TransitiveGroup(4,3)", INPUT, store=path)
    paths = write_report(path, str(tmp_path))
    names = sorted(os.path.basename(p) for p in paths)
    assert names == ["census.csv", "census.json", "census.md", "census.tex", "census.txt",
                     "census_by_degree.png", "census_by_order.png", "census_halves.png"]
    doc = json.load(open(tmp_path / "census.json"))
    assert strip(doc["rows"]) == strip(rows)
    assert set(doc["rows"][0]) == set(CENSUS_COLUMNS)
    # the summary, counted naively from the rows
    s = census_summary(rows)
    for order in (6, 8):
        sel = [r for r in rows if r["order"] == order]
        assert s["by_order"][order] == [len(sel), sum(r["theorem_3_3"] for r in sel)]
    assert sum(sum(c.values()) for c in s["halves"].values()) == \
        sum(len(r["theorem_3_3_halves"]) for r in rows)
    # the S3 example of the paper: its Theorem 3.3 subspaces have distinct halves
    assert s["halves"][6]["distinct"] >= 2


def test_table_is_the_in_process_census(capsys):
    assert main(["table", "--groups", "S3", "C4", "--quiet", "--format", "json"]) == 0
    via_cli = json.loads(capsys.readouterr().out)["rows"]
    assert via_cli == catalog_rows(["S3", "C4"])


@pytest.mark.parametrize("argv, needle", [
    (["census", "--groups", "order<=4,cyclic", "--store", "{d}/a.sqlite"], "unknown filter"),
    (["census", "--groups", "order<=4", "--store", "{d}/text.sqlite"], "not a census store"),
    (["census", "--groups", "order<=4", "--store", "{d}/other.sqlite"], "not a census store"),
    (["census", "--store", "{d}/text.sqlite", "--report", "{d}"], "not a census store"),
    (["census", "--groups", "order<=4", "--store", "{d}/b.sqlite",
      "--scheduler", "tcp://127.0.0.1:1"], "no Dask scheduler answers"),
    (["census", "--groups", "order<=4", "--store", "{d}/c.sqlite", "--inputs", "natral"],
     "natral"),
    (["groups", "order<<4"], "unknown filter"),
])
def test_bad_input_exits_2_with_one_line(argv, needle, tmp_path, capsys):
    (tmp_path / "text.sqlite").write_text("not a database\n")
    with sqlite3.connect(tmp_path / "other.sqlite") as c:
        c.execute("CREATE TABLE results (x)")
    before = sorted(os.listdir(tmp_path))
    assert main([a.format(d=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("symtheory: error: ") and needle in err[0], err
    assert sorted(os.listdir(tmp_path)) == before  # nothing half-written


def test_groups_command_filters(capsys):
    assert main(["groups", "order=8", "nonabelian", "--format", "json"]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    # the nonabelian groups of order 8 are D8 and Q8
    assert [g["id"] for g in groups] == [
        "SmallGroup(8,3)", "SmallGroup(8,4)", "TransitiveGroup(4,3)", "TransitiveGroup(8,4)",
        "TransitiveGroup(8,5)", "PointGroup(D2d)", "PointGroup(C4v)", "PointGroup(D4)"]
    assert {g["structure"] for g in groups} == {"D8", "Q8"}


@pytest.mark.slow
def test_full_census_order_24_agrees_in_process_and_on_one_and_two_workers(tmp_path):
    """The issue's census: every library group of order <= 24, hidden degree <= 12."""
    here = run_census("order<=24", INPUT, workers=0)
    one = run_census("order<=24", INPUT, workers=1, store=str(tmp_path / "1.sqlite"))
    two = run_census("order<=24", INPUT, workers=2, store=str(tmp_path / "2.sqlite"))
    assert len(here) == 2656
    assert strip(here) == strip(one) == strip(two)
    assert all(r["status"] == "ok" for r in here)
