"""Benchmark of the work behind ``symtheory subgroups``.

For each group, in a fresh Group object (so no table or class list is
cached): build the element tables, compute the conjugacy classes of
subgroups, their normalizers and structure names.  Times are printed in
seconds and as a ratio to a baseline measured in the same process (the same
work on S4, best of several runs), so figures from different machines can be
compared.

Run with ``python benchmarks/bench_subgroups.py``.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symtheory.algebra.groups import named_group  # noqa: E402
from symtheory.algebra.subgroup_classes import conjugacy_classes_subgroups  # noqa: E402

GROUPS = ["S5", "S6", "S7", "A7", "PSL(2,7)"]


def subgroups_work(name):
    """Times (tables, total) and (classes, subgroups) for a fresh group."""
    t0 = time.perf_counter()
    G = named_group(name)
    G.multiplication_table, G.conjugation_table, G.element_orders  # noqa: B018
    t1 = time.perf_counter()
    classes = conjugacy_classes_subgroups(G)
    for c in classes:
        c.normalizer  # noqa: B018
        c.structure  # noqa: B018
    t2 = time.perf_counter()
    return t1 - t0, t2 - t0, len(classes), sum(c.length for c in classes)


def main():
    baseline = min(subgroups_work("S4")[1] for _ in range(5))
    print(f"baseline: S4 subgroups work, best of 5: {baseline * 1e3:.2f} ms")
    print(f"{'group':<10}{'tables s':>10}{'total s':>10}{'x S4':>10}{'classes':>9}{'subgroups':>11}")
    for name in GROUPS:
        tables, total, ncls, nsub = subgroups_work(name)
        print(f"{name:<10}{tables:>10.3f}{total:>10.3f}{total / baseline:>10.1f}"
              f"{ncls:>9}{nsub:>11}")


if __name__ == "__main__":
    main()
