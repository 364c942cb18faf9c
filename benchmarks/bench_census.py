"""Benchmark of the census on Dask (issue 16): 1 worker against 2, and the cost per task.

Times, in one process, the census of the issue: every library group of order
<= 24 (``--groups``, default ``order<=24``), input ``natural + trivial``,
hidden degree <= 12, each run into a fresh store:

* in this process (``workers=0``, limits on), the baseline;
* on a local Dask cluster of 1 worker, then of 2 workers (cluster start-up
  included and also reported apart: the cluster is started, warmed with one
  task that imports symtheory, then the census is timed);
* the scheduling overhead per task: N no-op tasks through
  ``Client.submit``/``as_completed`` on the 2-worker cluster, wall time / N;
  and, from the 2-worker census, (2 * wall - sum of the task times) / tasks.

Prints the seconds, rows per second, the speed-up of 2 workers over 1 (the
issue aims at >= 1.6 on 2 cores) and how the in-process cost grows with the
largest group order (``order<=8``, ``<=16``, ``<=24``).

Run with ``python benchmarks/bench_census.py [--groups FILTER]``.  It uses both
cores for minutes: do not run it beside other work.
"""

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symtheory.census import run_census  # noqa: E402

INPUT = ["natural + trivial"]


def _noop(i):
    return i


def timed_census(groups, workers, store):
    from distributed import Client, LocalCluster
    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    client.run(lambda: __import__("symtheory.census"))  # import on every worker
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = run_census(groups, INPUT, scheduler=cluster.scheduler_address, store=store)
    wall = time.perf_counter() - t0
    overhead = None
    if workers == 2:
        from distributed import as_completed
        n = 500
        t1 = time.perf_counter()
        for f in as_completed([client.submit(_noop, i, pure=False) for i in range(n)]):
            f.result()
        overhead = (time.perf_counter() - t1) / n
    client.close()
    cluster.close()
    return rows, wall, startup, overhead


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--groups", default="order<=24")
    a = p.parse_args(argv)
    tmp = tempfile.mkdtemp()
    t0 = time.perf_counter()
    here = run_census(a.groups, INPUT, workers=0, store=os.path.join(tmp, "here.sqlite"))
    t_here = time.perf_counter() - t0
    n = len(here)
    task_sum = sum(r["task_seconds"] or 0 for r in here)
    print(f"census {a.groups}: {n} rows, {len({r['group'] for r in here})} groups")
    print(f"in-process (baseline): {t_here:8.1f} s  {n / t_here:6.1f} rows/s  "
          f"(sum of task times {task_sum:.1f} s)")
    one, t1, s1, _ = timed_census(a.groups, 1, os.path.join(tmp, "one.sqlite"))
    print(f"1 worker:              {t1:8.1f} s  {n / t1:6.1f} rows/s  ratio to baseline "
          f"{t_here / t1:.2f}  (cluster start {s1:.1f} s)")
    two, t2, s2, noop = timed_census(a.groups, 2, os.path.join(tmp, "two.sqlite"))
    print(f"2 workers:             {t2:8.1f} s  {n / t2:6.1f} rows/s  ratio to baseline "
          f"{t_here / t2:.2f}  (cluster start {s2:.1f} s)")
    print(f"speed-up 2 workers / 1 worker: {t1 / t2:.2f}  (aim >= 1.6 on 2 idle cores)")
    two_sum = sum(r["task_seconds"] or 0 for r in two)
    print(f"scheduling overhead per task: {1e3 * noop:.2f} ms (no-op round trip, 2 workers); "
          f"{1e3 * max(2 * t2 - two_sum, 0) / n:.2f} ms (census: 2 x wall - task time, per row)")
    strip = [[{k: v for k, v in r.items() if not k.endswith("_seconds")} for r in rows]
             for rows in (here, one, two)]
    print(f"rows identical in-process / 1 worker / 2 workers: {strip[0] == strip[1] == strip[2]}")
    if a.groups == "order<=24":
        for sub in ("order<=8", "order<=16"):
            t0 = time.perf_counter()
            rows = run_census(sub, INPUT, workers=0)
            dt = time.perf_counter() - t0
            print(f"growth: {sub:10s} {len(rows):5d} rows in-process {dt:7.1f} s")
        print(f"growth: {'order<=24':10s} {n:5d} rows in-process {t_here:7.1f} s")


if __name__ == "__main__":
    main()
