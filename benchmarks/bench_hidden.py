"""Benchmark of the hidden fixed-point subspace enumeration (issue 4).

Times, in one process:

* baseline: the paper's example (S3, input natural + 2*trivial, hidden
  natural + 3*trivial): build the network, enumerate its subspaces and count
  its visible symmetries, best of 5;
* ``symtheory hidden S4 --input "natural + trivial" --hidden regular`` run
  in-process through :func:`symtheory.cli.main` (JSON into a temporary folder), and
  :func:`~symtheory.networks.hidden.hidden_fixed_point_subspaces` called directly on
  a freshly built network (the construction timed separately);
* the same for D6 with hidden natural + regular (18 neurons);
* ``symtheory table`` on the default catalog, i.e.
  :func:`symtheory.tables.catalog_rows` with its defaults.

Every figure is printed in seconds and as a ratio to the baseline, so
figures from different machines can be compared.  Groups are built afresh
for each measurement (named_group returns a new Group, with no tables
cached), so what is timed is what a user of the command line waits for.

Run with ``python benchmarks/bench_hidden.py``.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symtheory.cli import main as cli_main  # noqa: E402
from symtheory.networks.hidden import count_visible_symmetries, hidden_fixed_point_subspaces  # noqa: E402
from symtheory.networks.networks import TwoLayerNet  # noqa: E402
from symtheory.tables import DEFAULT_CATALOG_GROUPS, catalog_rows  # noqa: E402

BASELINE = ("S3", "natural + 2*trivial", "natural + 3*trivial")
CASES = [("S4", "natural + trivial", "regular"),
         ("D6", "natural + trivial", "natural + regular")]


def enumerate_work(group, input, hidden):
    """(build seconds, enumerate seconds, number of subspaces, hidden ones, |P~|)."""
    t0 = time.perf_counter()
    net = TwoLayerNet(group, input, hidden)
    net.row_labels  # noqa: B018  (the orbital labels are part of building the net)
    t1 = time.perf_counter()
    subs = hidden_fixed_point_subspaces(net)
    n_vis = count_visible_symmetries(net)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(subs), sum(s.hidden for s in subs), n_vis


def cli_work(group, input, hidden):
    with tempfile.TemporaryDirectory() as folder:  # never --out os.devnull (issue 19)
        t0 = time.perf_counter()
        status = cli_main(["hidden", group, "--input", input, "--hidden", hidden,
                           "--format", "json", "--out", os.path.join(folder, "hidden.json")])
        t1 = time.perf_counter()
    if status != 0:
        raise SystemExit(f"symtheory hidden {group} failed with status {status}")
    return t1 - t0


def main():
    base = min(sum(enumerate_work(*BASELINE)[:2]) for _ in range(5))
    print(f"baseline: paper's S3 example (build + enumerate + |P~|), best of 5: "
          f"{base * 1e3:.1f} ms")
    print(f"{'command / call':<76}{'seconds':>9}{'x base':>9}  notes")
    for group, input, hidden in CASES:
        t_cli = cli_work(group, input, hidden)
        build, enum, n, nh, nv = enumerate_work(group, input, hidden)
        label = f'symtheory hidden {group} --input "{input}" --hidden "{hidden}"'
        print(f"{label:<76}{t_cli:>9.3f}{t_cli / base:>9.1f}")
        print(f"{'  TwoLayerNet(...) build':<76}{build:>9.3f}{build / base:>9.1f}")
        print(f"{'  hidden_fixed_point_subspaces + count_visible_symmetries':<76}{enum:>9.3f}"
              f"{enum / base:>9.1f}  {n} subspaces, {nh} hidden, |P~| = {nv}")
    t0 = time.perf_counter()
    rows = catalog_rows()
    t_table = time.perf_counter() - t0
    label = f"symtheory table (default catalog: {', '.join(DEFAULT_CATALOG_GROUPS)})"
    print(f"{label:<76}{t_table:>9.3f}{t_table / base:>9.1f}  {len(rows)} rows")


if __name__ == "__main__":
    main()
