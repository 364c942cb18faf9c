"""The census: hidden fixed-point subspaces over the group library, on Dask, resumable.

A census takes groups (a library filter such as ``order<=24,nonabelian`` or
a list of names), input p-reps and a largest hidden degree, and computes the
catalog row of :func:`symtheory.tables.architecture_row` for every
architecture (group, input, hidden): hidden is ``cosets(I)`` and
``cosets(I) + trivial`` for each class I of subgroups of index at most
``max_degree``, exactly as ``symtheory table`` does.

How it runs
-----------
1. One *plan* task per group lists its hidden p-reps (it needs the subgroup
   classes); one *row* task per architecture then computes its row.  With
   ``workers=0`` the tasks run in this process; otherwise they are submitted
   to Dask (``distributed.Client.submit``, collected with ``as_completed``)
   on a local cluster of ``workers`` processes or on a running scheduler.
2. Every finished plan and row is committed to the SQLite store by the
   client at once, one transaction each.  The store is the source of truth:
   a re-run skips what is there, rows are keyed by (group, input, hidden,
   max_codim) so none is stored twice, and a crash (of the client or of a
   worker) never leaves a partial row.  Tasks of a worker that dies are
   resubmitted by Dask; a task lost for good is not stored and is retried by
   the next run.
3. Limits (:mod:`symtheory.limits`): each task runs in a child process
   forked once by its worker and reused for the next tasks (so a group's
   subgroup classes are computed once per worker), with an address space
   limit (``Limits.memory_mb`` beyond what the worker mapped when it forked)
   and a wall-clock limit per task (``Limits.seconds``, after which the
   child is killed and replaced).  The row is then stored with status
   ``timeout`` or ``too_large`` (also when symtheory refuses the work up
   front, e.g. a group above the element-table limit) instead of the run
   dying; any other failure is stored as ``error`` with its message.
   ``retry=True`` recomputes those.

The store
---------
An SQLite file in write-ahead-log mode (its ``-wal`` and ``-shm`` companions
exist while it is open).  Tables ``census_info`` (``format =
symtheory-census``, ``version``), ``plans``
(group, max_degree -> status and the JSON list of hidden p-reps) and
``rows`` (group, input, hidden, max_codim -> status and the row as JSON;
``max_codim`` -1 means no limit).  Rows carry the columns of ``symtheory
table`` plus ``library_id``, ``structure``, ``order``, ``degree``,
``status``, ``message``, ``compute_seconds`` (the row itself) and
``task_seconds`` (the task on its worker, the round trip to its child
included).

Examples
--------
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "census.sqlite")
>>> rows = run_census("SmallGroup(4,1),SmallGroup(4,2)", ["natural"], max_degree=2,
...                   store=path)
>>> [(r["library_id"], r["hidden"], r["status"]) for r in rows][:2]
[('SmallGroup(4,1)', 'cosets(1)', 'ok'), ('SmallGroup(4,1)', 'cosets(1) + trivial', 'ok')]
>>> len(CensusStore(path).rows())
12
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass

from .exceptions import InvalidValueError, OrderLimitError, SearchLimitError, SymtheoryError
from .limits import Limits, run_limited
from .algebra.groups import parse_group
from .algebra.library import (filter_predicate, is_library_name, library_entries, library_entry,
                              split_top_level, FILTER_HELP)
from .algebra.reps import parse_rep
from .algebra.subgroup_classes import conjugacy_classes_subgroups
from .tables import CATALOG_COLUMNS, architecture_row, format_table, hidden_layers

__all__ = [
    "CENSUS_COLUMNS",
    "STATUSES",
    "CensusGroup",
    "CensusStore",
    "select_groups",
    "run_census",
    "census_report_rows",
    "census_summary",
    "write_report",
]

#: Columns of a census row: those of ``symtheory table``, then the census's own.
CENSUS_COLUMNS = CATALOG_COLUMNS + ["library_id", "structure", "order", "degree", "status",
                                    "message", "compute_seconds", "task_seconds"]
#: Row statuses: computed, over the time limit, over the memory limit (or refused), failed.
STATUSES = ("ok", "timeout", "too_large", "error")
STORE_FORMAT, STORE_VERSION = "symtheory-census", "1"
SCHEDULER_TIMEOUT = 5  # seconds to wait for a scheduler (and for its first worker)


@dataclass(frozen=True)
class CensusGroup:
    """A group of a census: the name its rows carry and its library record.

    >>> select_groups("SmallGroup(6,1)")[0]
    CensusGroup(label='SmallGroup(6,1)', library_id='SmallGroup(6,1)', structure='S3', order=6, degree=3)
    """

    label: str
    library_id: str | None
    structure: str | None
    order: int | None
    degree: int | None


def select_groups(spec) -> list:
    """The groups of a census: a library filter or a list of names.

    ``spec`` is a string (items joined by commas outside parentheses) or a
    list of such strings.  If every item is a filter term the library
    entries passing all of them are chosen, in library order; otherwise
    every item must be a group name (see
    :func:`symtheory.algebra.groups.parse_group`).

    >>> [g.label for g in select_groups("order=4")]
    ['SmallGroup(4,1)', 'SmallGroup(4,2)', 'TransitiveGroup(4,1)', 'TransitiveGroup(4,2)', 'PointGroup(C4)', 'PointGroup(S4)', 'PointGroup(C2v)', 'PointGroup(C2h)', 'PointGroup(D2)']
    >>> [(g.label, g.library_id) for g in select_groups(["S3", "Oh", "(1,2,3),(1,2)"])]
    [('S3', None), ('Oh', 'PointGroup(Oh)'), ('(1,2,3),(1,2)', None)]
    """
    items = []
    for t in (t for s in ([spec] if isinstance(spec, str) else list(spec))
              for t in split_top_level(str(s))):
        if items and t.startswith("(") and items[-1].startswith("("):
            items[-1] += "," + t  # "(1,2,3),(1,2)" is one group given by generators
        else:
            items.append(t)
    if not items:
        raise InvalidValueError(f"no groups given; {FILTER_HELP}")
    preds = [filter_predicate(t) for t in items]
    if all(p is not None for p in preds):
        return [CensusGroup(e.id, e.id, e.structure, e.order, e.degree)
                for e in library_entries() if all(p(e) for p in preds)]
    out = []
    for t, p in zip(items, preds):
        if p is not None:
            continue
        try:
            G = parse_group(t)
        except SymtheoryError as exc:
            if any(q is not None for q in preds):
                raise InvalidValueError(f"unknown filter term {t!r}; {FILTER_HELP}") from None
            raise InvalidValueError(f"{t!r} is neither a filter term nor a group ({exc}); "
                                    f"{FILTER_HELP}") from None
        if is_library_name(t):
            e = library_entry(t)
            out.append(CensusGroup(t, e.id, e.structure, e.order, e.degree))
        else:
            out.append(CensusGroup(t, None, None, G.order, G.degree))
    mixed = [t for t, p in zip(items, preds) if p is not None]
    if mixed:
        raise InvalidValueError(f"{mixed[0]!r} is a filter term but other items are group "
                                "names; give either a filter or a list of names")
    return out


# -- the tasks (module-level so that Dask can ship them) ----------------------------
_GROUPS: "OrderedDict[str, object]" = OrderedDict()  # per process: groups with their classes
# (in the sandbox child, so that the rows of one group reuse its subgroup classes)


def _group(label: str):
    G = _GROUPS.pop(label, None)
    if G is None:
        G = parse_group(label)
        conjugacy_classes_subgroups(G)  # cached on G
    _GROUPS[label] = G
    # keep many small groups (a worker's rows of several groups interleave), few big ones
    while len(_GROUPS) > 1 and (len(_GROUPS) > 64 or sum(g.order for g in _GROUPS.values())
                                > 20_000):
        _GROUPS.popitem(last=False)
    return G


def _plan(label, max_degree):
    return [list(t) for t in hidden_layers(_group(label), max_degree)]


def plan_task(label: str, max_degree: int, limits) -> dict:
    """The hidden p-reps of one group, as a finished plan (a Dask task)."""
    t0 = time.perf_counter()
    out = run_limited(_plan, (label, max_degree), limits)
    return {"kind": "plan", "group": label, "max_degree": max_degree,
            "status": out["status"], "layers": out["value"] or [], "message": out["message"],
            "task_seconds": time.perf_counter() - t0}


def _row(label, input, hidden, stabilizer, max_codim):
    t0 = time.perf_counter()
    row = architecture_row(_group(label), input, hidden, stabilizer,
                           None if max_codim < 0 else max_codim)
    row["group"] = label
    row["compute_seconds"] = time.perf_counter() - t0
    return row


def row_task(key: tuple, stabilizer: str, hidden_degree: int, limits) -> dict:
    """One architecture's row, as a finished row (a Dask task)."""
    t0 = time.perf_counter()
    label, input, hidden, max_codim = key
    out = run_limited(_row, (label, input, hidden, stabilizer, max_codim), limits)
    row = out["value"] or {"group": label, "input": input, "hidden": hidden,
                           "stabilizer": stabilizer, "hidden_degree": hidden_degree}
    row.update(status=out["status"], message=out["message"],
               task_seconds=time.perf_counter() - t0)
    return {"kind": "row", "key": list(key), "row": row}


# -- the store -----------------------------------------------------------------------
_SCHEMA = """
CREATE TABLE census_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE plans (grp TEXT NOT NULL, max_degree INTEGER NOT NULL, status TEXT NOT NULL,
                    layers TEXT NOT NULL, message TEXT, PRIMARY KEY (grp, max_degree));
CREATE TABLE rows (grp TEXT NOT NULL, input TEXT NOT NULL, hidden TEXT NOT NULL,
                   max_codim INTEGER NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL,
                   PRIMARY KEY (grp, input, hidden, max_codim));
"""


class CensusStore:
    """The SQLite file of a census (created if missing).

    Raises :class:`~symtheory.exceptions.InvalidValueError` if ``path`` is
    an existing file that is not a census store.

    >>> import os, tempfile
    >>> store = CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite"))
    >>> store.put_row(("S3", "natural", "cosets(1)", -1), {"status": "ok", "n_hidden_subspaces": 1})
    True
    >>> store.put_row(("S3", "natural", "cosets(1)", -1), {"status": "ok", "n_hidden_subspaces": 1})
    False
    >>> store.done_keys(), store.rows()[0]["n_hidden_subspaces"]
    ({('S3', 'natural', 'cosets(1)', -1)}, 1)
    """

    def __init__(self, path: str):
        self.path = str(path)
        fresh = not os.path.exists(self.path) or os.path.getsize(self.path) == 0
        if fresh and not os.path.isdir(os.path.dirname(os.path.abspath(self.path))):
            raise InvalidValueError(f"cannot create the census store {self.path}: its folder "
                                    "does not exist")
        bad = (f"{self.path} is not a census store (a file written by `symtheory census`); "
               "give a new file name or that file")
        try:
            self._conn = sqlite3.connect(self.path, timeout=30)
            if fresh:  # one transaction: a store is whole or absent
                self._conn.executescript(
                    "BEGIN;" + _SCHEMA + f"INSERT INTO census_info VALUES ('format', "
                    f"'{STORE_FORMAT}'), ('version', '{STORE_VERSION}'); COMMIT;")
            info = dict(self._conn.execute("SELECT key, value FROM census_info"))
        except sqlite3.DatabaseError:
            raise InvalidValueError(bad) from None
        if info.get("format") != STORE_FORMAT:
            raise InvalidValueError(bad)
        if info.get("version") != STORE_VERSION:
            raise InvalidValueError(f"{self.path} is a census store of version "
                                    f"{info.get('version')}, this symtheory reads "
                                    f"{STORE_VERSION}; start a new store")
        # write-ahead log: a commit is atomic and survives the process dying, without an
        # fsync per row (which would make the client, not the workers, the bottleneck)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")

    def plan(self, group: str, max_degree: int):
        """The stored plan ``{"status", "layers", "message"}`` of a group, or None.

        >>> import tempfile, os
        >>> s = CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite"))
        >>> s.put_plan("C2", 2, "ok", [["cosets(0)", "1", 2]]); s.plan("C2", 2)["layers"]
        [['cosets(0)', '1', 2]]
        """
        r = self._conn.execute("SELECT status, layers, message FROM plans WHERE grp = ? AND "
                               "max_degree = ?", (group, max_degree)).fetchone()
        return None if r is None else {"status": r[0], "layers": json.loads(r[1]),
                                       "message": r[2]}

    def put_plan(self, group: str, max_degree: int, status: str, layers, message=None) -> None:
        """Store a group's plan (one transaction; a stored plan is kept).

        >>> import tempfile, os
        >>> s = CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite"))
        >>> s.put_plan("S9", 12, "timeout", [], "over the time limit"); s.plan("S9", 12)["status"]
        'timeout'
        """
        with self._conn:
            self._conn.execute("INSERT OR IGNORE INTO plans VALUES (?, ?, ?, ?, ?)",
                               (group, max_degree, status, json.dumps(layers), message))

    def put_row(self, key: tuple, row: dict) -> bool:
        """Store a row under key (group, input, hidden, max_codim); False if there already.

        >>> import tempfile, os
        >>> s = CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite"))
        >>> s.put_row(("C2", "natural", "cosets(0)", 1), {"status": "timeout"})
        True
        """
        with self._conn:
            cur = self._conn.execute("INSERT OR IGNORE INTO rows VALUES (?, ?, ?, ?, ?, ?)",
                                     tuple(key) + (row["status"], json.dumps(row)))
        return cur.rowcount == 1

    def done_keys(self) -> set:
        """The keys of every stored row.

        >>> import tempfile, os
        >>> CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite")).done_keys()
        set()
        """
        return {tuple(r) for r in self._conn.execute(
            "SELECT grp, input, hidden, max_codim FROM rows")}

    def rows(self) -> list:
        """Every stored row (dicts), in the order they were stored.

        >>> import tempfile, os
        >>> CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite")).rows()
        []
        """
        return [json.loads(d) for (d,) in self._conn.execute("SELECT data FROM rows ORDER BY rowid")]

    def rows_by_key(self) -> dict:
        """Every stored row by its key (group, input, hidden, max_codim).

        >>> import tempfile, os
        >>> s = CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite"))
        >>> _ = s.put_row(("C2", "natural", "cosets(0)", -1), {"status": "ok"})
        >>> s.rows_by_key()
        {('C2', 'natural', 'cosets(0)', -1): {'status': 'ok'}}
        """
        return {tuple(r[:4]): json.loads(r[4]) for r in self._conn.execute(
            "SELECT grp, input, hidden, max_codim, data FROM rows")}

    def forget_failures(self) -> int:
        """Delete the rows and plans not ``ok`` (so a re-run recomputes them); their number.

        >>> import tempfile, os
        >>> s = CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite"))
        >>> _ = s.put_row(("C2", "natural", "cosets(0)", 1), {"status": "timeout"})
        >>> s.forget_failures(), s.rows()
        (1, [])
        """
        with self._conn:
            n = self._conn.execute("DELETE FROM rows WHERE status != 'ok'").rowcount
            n += self._conn.execute("DELETE FROM plans WHERE status != 'ok'").rowcount
        return n

    def close(self) -> None:
        """Close the file.

        >>> import tempfile, os
        >>> CensusStore(os.path.join(tempfile.mkdtemp(), "s.sqlite")).close()
        """
        self._conn.close()


# -- running ---------------------------------------------------------------------------
class _Progress:
    """A tqdm bar on stderr (``bar=True``), a bar given (anything with ``update``, which
    the caller closes), lines to a callable, or nothing."""

    def __init__(self, progress, label="census"):
        given = hasattr(progress, "update")
        self._lines = progress if callable(progress) and not given else None
        self._bar, self.label, self._owned = (progress if given else None), label, not given
        if given:
            progress.total = 0
        if progress is True:
            from tqdm import tqdm
            self._bar = tqdm(total=0, unit="row", desc=label, file=sys.stderr,
                             dynamic_ncols=True, smoothing=0.05)

    def grow(self, n):
        if self._bar is not None and n:
            self._bar.total += n
            self._bar.refresh()

    def advance(self, n=1):
        if self._bar is not None:
            self._bar.update(n)

    def line(self, text):
        if self._lines:
            self._lines(text)

    def close(self):
        if self._bar is not None and self._owned:
            self._bar.close()


def _row_specs(group: CensusGroup, plan: dict, inputs, max_codim):
    mc = -1 if max_codim is None else int(max_codim)
    return [((group.label, x, hidden, mc), stab, degree)
            for x in inputs for hidden, stab, degree in plan["layers"]]


def _dask_client(workers, scheduler):
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a dependency
        raise InvalidValueError("the census needs dask.distributed: pip install "
                                "'dask[distributed]', or run in-process with --workers 0") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except Exception as exc:  # OSError, TimeoutError, ValueError on a bad address
            raise InvalidValueError(
                f"no Dask scheduler answers at {scheduler} within {SCHEDULER_TIMEOUT} s "
                f"({type(exc).__name__}); start one with `dask scheduler` or use --workers N"
            ) from None
        try:
            client.wait_for_workers(1, timeout=SCHEDULER_TIMEOUT)
        except Exception:
            client.close()
            raise InvalidValueError(f"the Dask scheduler at {scheduler} has no workers; start "
                                    f"one with `dask worker {scheduler}`") from None
        return client, None
    import logging
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_census(groups, inputs=("natural + trivial",), max_degree: int = 12, max_codim=None,
               store=None, workers: int | None = 0, scheduler: str | None = None,
               limits: Limits | None = Limits(), progress=None, retry: bool = False,
               label: str = "census") -> list:
    """Run a census; its rows (columns :data:`CENSUS_COLUMNS`) in a fixed order.

    Parameters
    ----------
    groups : str or list
        A library filter or group names (:func:`select_groups`), or a list
        of :class:`CensusGroup`.
    inputs : list of str
        Input p-rep expressions.
    max_degree : int
        Hidden p-reps ``cosets(I)`` of degree at most this (and each plus
        ``trivial``).
    max_codim : int, optional
        Passed to :func:`~symtheory.networks.hidden.hidden_fixed_point_subspaces`.
    store : str or CensusStore, optional
        The SQLite store; rows there are not recomputed.  Without a store
        nothing is kept.
    workers : int or None
        0 runs in this process; N > 0 on a local Dask cluster of N worker
        processes; None one per core.
    scheduler : str, optional
        Address of a running Dask scheduler (then ``workers`` is ignored).
    limits : Limits or None
        Per-task limits; None runs every task unguarded in this process
        (``symtheory table``).
    progress : True, tqdm bar, callable or None
        True: a tqdm bar on stderr; a bar: updated per row (and left open); a
        callable receives one line per group.
    retry : bool
        Recompute stored rows whose status is not ``ok``.
    label : str
        The word that starts each progress line and names the bar.

    Rows are ordered by group (as selected), input, then hidden p-rep (class
    order), whatever order the tasks finished in.

    Examples
    --------
    >>> rows = run_census(["S3"], ["natural + trivial"], limits=None)
    >>> [(r["hidden"], r["theorem_3_3"], r["status"]) for r in rows if r["theorem_3_3"]]
    [('cosets(1)', True, 'ok'), ('cosets(1) + trivial', True, 'ok')]
    """
    chosen = groups if groups and all(isinstance(g, CensusGroup) for g in groups) \
        else select_groups(groups)
    inputs = [x.strip() for x in ([inputs] if isinstance(inputs, str) else inputs) if x.strip()]
    if not inputs:
        raise InvalidValueError("no input p-rep given; e.g. --inputs 'natural + trivial'")
    if max_degree < 1:
        raise InvalidValueError("the largest hidden degree must be at least 1")
    if max_codim is not None and max_codim < 0:
        raise InvalidValueError("max_codim must be at least 0")
    if chosen:  # fail fast on an expression that does not parse, on the smallest group
        probe = parse_group(min(chosen, key=lambda g: g.order or 0).label)
        for x in inputs:
            try:
                parse_rep(probe, x)
            except (OrderLimitError, SearchLimitError):
                pass  # too large to probe: its rows will say so
    own_store = store is not None and not isinstance(store, CensusStore)
    db, client, cluster, bar = (None if own_store else store), None, None, None
    try:
        if own_store and os.path.exists(store) and os.path.getsize(store) > 0:
            db = CensusStore(store)  # an existing file is checked before any work
        elif own_store and not os.path.isdir(os.path.dirname(os.path.abspath(store))):
            raise InvalidValueError(f"cannot create the census store {store}: its folder "
                                    "does not exist")
        here = workers == 0 and not scheduler
        if not here:
            n = os.cpu_count() if workers is None else workers
            if n < 1 and not scheduler:
                raise InvalidValueError(f"workers must be 0 (in-process) or more, got {n}")
            client, cluster = _dask_client(n, scheduler)
        if own_store and db is None:
            db = CensusStore(store)  # a new store only once the cluster answers
        if db is not None and retry:
            db.forget_failures()
        bar = _Progress(progress, label)
        if here:
            return _run_here(chosen, inputs, max_degree, max_codim, db, limits, bar)
        return _run_dask(chosen, inputs, max_degree, max_codim, db, limits, bar, client)
    finally:
        if bar is not None:
            bar.close()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        if own_store and db is not None:
            db.close()


def _finish(chosen, inputs, max_codim, plans, rows_by_key):
    by_label = {g.label: g for g in chosen}
    out = []
    for g in chosen:
        plan = plans[g.label]
        if plan["status"] != "ok":
            failed = {"group": g.label, "input": None, "hidden": None,
                      "status": plan["status"], "message": plan["message"]}
            out.append(_decorate(failed, g))
            continue
        for key, _, _ in _row_specs(g, plan, inputs, max_codim):
            if key in rows_by_key:
                out.append(_decorate(rows_by_key[key], by_label[key[0]]))
    return out


def _decorate(row, g: CensusGroup) -> dict:
    out = {c: row.get(c) for c in CATALOG_COLUMNS}
    out.update(library_id=g.library_id, structure=g.structure, order=g.order, degree=g.degree,
               status=row.get("status", "ok"), message=row.get("message"),
               **{c: None if row.get(c) is None else round(row[c], 4)
                  for c in ("compute_seconds", "task_seconds")})
    return out


def _store_plan(db, res, plans):
    plans[res["group"]] = {"status": res["status"], "layers": res["layers"],
                           "message": res["message"]}
    if db is not None:
        db.put_plan(res["group"], res["max_degree"], res["status"], res["layers"], res["message"])


def _run_here(chosen, inputs, max_degree, max_codim, db, limits, bar):
    plans, rows, done = {}, {}, set() if db is None else db.done_keys()
    start = time.perf_counter()
    for g in chosen:
        plan = None if db is None else db.plan(g.label, max_degree)
        if plan is None:
            _store_plan(db, plan_task(g.label, max_degree, limits), plans)
        else:
            plans[g.label] = plan
    specs = [(g, s) for g in chosen for s in _row_specs(g, plans[g.label], inputs, max_codim)]
    todo = [(g, s) for g, s in specs if s[0] not in done]
    bar.grow(len(todo))
    for t, (g, (key, stab, degree)) in enumerate(todo):
        if t == 0 or todo[t - 1][0] is not g:
            n_g = sum(x[0] is g for x in todo)
            bar.line(f"{bar.label}: {g.label} ({n_g} architectures; {t}/{len(todo)} done, "
                     f"{time.perf_counter() - start:.1f} s)")
        res = row_task(key, stab, degree, limits)
        rows[key] = res["row"]
        if db is not None:
            db.put_row(key, res["row"])
        bar.advance()
    bar.line(f"{bar.label}: {len(todo)} architectures in {time.perf_counter() - start:.1f} s")
    if db is not None:
        rows = db.rows_by_key()
    return _finish(chosen, inputs, max_codim, plans, rows)


def _run_dask(chosen, inputs, max_degree, max_codim, db, limits, bar, client):
    from distributed import as_completed
    plans, rows = {}, {}
    done = set() if db is None else db.done_keys()
    # results are gathered in the background and handed over in batches: the client's
    # own cost per row (a thread hop per result) would otherwise cap the speed-up
    queue = as_completed(with_results=True, raise_errors=False)
    submitted = []

    rank = {g.label: i for i, g in enumerate(chosen)}

    def submit_rows(g):
        todo = [s for s in _row_specs(g, plans[g.label], inputs, max_codim) if s[0] not in done]
        bar.grow(len(todo))
        if todo:  # one message for the group's rows; earlier groups first, rows before plans
            futs = client.map(row_task, *zip(*todo), [limits] * len(todo), pure=False,
                              priority=-rank[g.label])
            submitted.extend(futs)
            queue.update(futs)

    try:
        for g in chosen:
            plan = None if db is None else db.plan(g.label, max_degree)
            if plan is None:
                fut = client.submit(plan_task, g.label, max_degree, limits, pure=False,
                                    priority=-len(chosen) - rank[g.label])
                submitted.append(fut)
                queue.add(fut)
            else:
                plans[g.label] = plan
                submit_rows(g)
        by_label = {g.label: g for g in chosen}
        for batch in queue.batches():
            for fut, res in batch:
                if not isinstance(res, dict):  # lost with its workers (KilledWorker): not stored
                    print(f"symtheory: warning: a census task was lost ({type(res).__name__}); "
                          "re-run to compute it", file=sys.stderr)
                elif res["kind"] == "plan":
                    _store_plan(db, res, plans)
                    submit_rows(by_label[res["group"]])
                else:
                    key = tuple(res["key"])
                    rows[key] = res["row"]
                    if db is not None:
                        db.put_row(key, res["row"])
                    bar.advance()
    finally:
        client.cancel([f for f in submitted if not f.done()])  # on an interrupt: stop the rest
    if db is not None:
        rows = db.rows_by_key()
    for g in chosen:  # groups whose plan was lost: left out, a re-run plans them
        plans.setdefault(g.label, {"status": "lost", "layers": [], "message": "task lost"})
    return [r for r in _finish(chosen, inputs, max_codim, plans, rows) if r["status"] != "lost"]


# -- the report ------------------------------------------------------------------------
_FAMILY_RANK = {"small": 0, "transitive": 1, "point": 2}


def _report_order(row):
    lib = row.get("library_id")
    nums = tuple(int(x) for x in re.findall(r"\d+", lib or "")) if lib else ()
    family = next((f for f, p in (("small", "SmallGroup"), ("transitive", "TransitiveGroup"),
                                  ("point", "PointGroup")) if lib and lib.startswith(p)), None)
    klass = re.match(r"cosets\((\d+)\)", row.get("hidden") or "")
    return (_FAMILY_RANK.get(family, 3), nums if family != "point" else (), row["group"],
            row.get("input") or "", int(klass.group(1)) if klass else -1,
            row.get("hidden") or "")


def census_report_rows(store) -> list:
    """Every row of a store with the census columns, in library order.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> _ = run_census("SmallGroup(2,1)", ["natural"], store=path)
    >>> [(r["hidden"], r["hidden_degree"], r["status"]) for r in census_report_rows(path)]
    [('cosets(0)', 2, 'ok'), ('cosets(0) + trivial', 3, 'ok'), ('cosets(1)', 1, 'ok'), ('cosets(1) + trivial', 2, 'ok')]
    """
    db = store if isinstance(store, CensusStore) else CensusStore(store)
    try:
        rows = db.rows()
    finally:
        if db is not store:
            db.close()
    return sorted((_decorate(r, _census_group(r["group"])) for r in rows), key=_report_order)


@functools.lru_cache(maxsize=None)
def _census_group(label):
    if is_library_name(label):
        try:
            e = library_entry(label)
            return CensusGroup(label, e.id, e.structure, e.order, e.degree)
        except SymtheoryError:
            pass
    try:
        G = parse_group(label)
        return CensusGroup(label, None, None, G.order, G.degree)
    except SymtheoryError:
        return CensusGroup(label, None, None, None, None)


def _shares(rows, column):
    """{value: (architectures, with a Theorem 3.3 subspace)} over the ok rows."""
    out = {}
    for r in rows:
        if r["status"] == "ok" and r.get(column) is not None:
            n, k = out.get(r[column], (0, 0))
            out[r[column]] = (n + 1, k + bool(r["theorem_3_3"]))
    return dict(sorted(out.items()))


def census_summary(rows) -> dict:
    """The numbers behind the report's figures.

    ``by_order`` and ``by_hidden_degree`` map a value to ``[architectures,
    with a Theorem 3.3 subspace]`` (rows with status ``ok``); ``halves`` maps
    a group order to the counts of Theorem 3.3 subspaces whose halves are
    ``distinct``, ``swapped`` or ``mixed``; ``status`` counts the rows.

    >>> rows = run_census(["S3"], ["natural + trivial"], limits=None)
    >>> s = census_summary(rows)
    >>> s["by_order"], s["halves"], s["status"]
    ({6: [8, 2]}, {6: {'distinct': 2, 'swapped': 0, 'mixed': 0}}, {'ok': 8})
    """
    halves = {}
    for r in rows:
        if r["status"] == "ok":
            for h in r.get("theorem_3_3_halves") or []:
                c = halves.setdefault(r["order"], {"distinct": 0, "swapped": 0, "mixed": 0})
                c[h] = c.get(h, 0) + 1
    status = {}
    for r in rows:
        status[r["status"]] = status.get(r["status"], 0) + 1
    return {"by_order": {k: list(v) for k, v in _shares(rows, "order").items()},
            "by_hidden_degree": {k: list(v) for k, v in _shares(rows, "hidden_degree").items()},
            "halves": dict(sorted(halves.items())), "status": status}


def _figures(summary, folder):
    from .io import require_matplotlib, save_figure
    plt = require_matplotlib()
    written = []
    for key, xlabel, name in (("by_order", "group order", "census_by_order.png"),
                              ("by_hidden_degree", "hidden degree", "census_by_degree.png")):
        data = summary[key]
        fig, ax = plt.subplots(figsize=(7, 3.5))
        xs = [str(k) for k in data]
        ax.bar(xs, [k / n if n else 0 for n, k in data.values()], color="tab:blue")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("share with a Thm 3.3 subspace")
        ax.set_ylim(0, 1)
        ax.set_title(f"Architectures with a Theorem 3.3 subspace, by {xlabel}")
        if len(xs) > 20:
            ax.tick_params(axis="x", labelsize=6, rotation=90)
        written.append(save_figure(fig, os.path.join(folder, name)))
    fig, ax = plt.subplots(figsize=(7, 3.5))
    orders = [str(k) for k in summary["halves"]]
    bottom = [0] * len(orders)
    for kind, colour in (("distinct", "tab:red"), ("swapped", "tab:green"), ("mixed", "tab:gray")):
        vals = [c.get(kind, 0) for c in summary["halves"].values()]
        ax.bar(orders, vals, bottom=bottom, label=kind, color=colour)
        bottom = [b + v for b, v in zip(bottom, vals)]
    if not orders:
        ax.text(0.5, 0.5, "no Theorem 3.3 subspace in this census", ha="center",
                va="center", transform=ax.transAxes)
    ax.set_xlabel("group order")
    ax.set_ylabel("Theorem 3.3 subspaces")
    ax.set_title("Halves of the Theorem 3.3 subspaces: distinct, swapped or mixed")
    ax.legend()
    written.append(save_figure(fig, os.path.join(folder, "census_halves.png")))
    return written


_EXTENSIONS = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md", "latex": "tex"}


def write_report(store, folder) -> list:
    """Write a store's tables (every format) and figures into ``folder``; the paths.

    ``census.txt``, ``census.json`` (``{"rows": [...], "summary": {...}}``),
    ``census.csv``, ``census.md``, ``census.tex``; ``census_by_order.png``,
    ``census_by_degree.png``, ``census_halves.png`` (skipped, with
    :class:`~symtheory.io.MissingPlotError` raised after the tables, when
    matplotlib is missing).

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp(); path = os.path.join(d, "s.sqlite")
    >>> _ = run_census("SmallGroup(6,1)", ["natural + trivial"], store=path)
    >>> [os.path.basename(p) for p in write_report(path, d)][:2]
    ['census.txt', 'census.json']
    """
    from .io import atomic_write_text
    rows = census_report_rows(store)
    if not os.path.isdir(folder):
        raise InvalidValueError(f"the report folder {folder} does not exist; create it first")
    summary = census_summary(rows)
    meta = {"rows": rows, "summary": summary}
    written = []
    for fmt, ext in _EXTENSIONS.items():
        text = format_table(rows, CENSUS_COLUMNS, fmt, meta=meta)
        written.append(atomic_write_text(os.path.join(folder, f"census.{ext}"), text + "\n"))
    return written + _figures(summary, folder)
