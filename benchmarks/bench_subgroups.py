"""Benchmark of the work behind ``symtheory subgroups``, against GAP in the same run.

For each group, in a fresh Group object (so nothing is cached): build the
element store, compute the conjugacy classes of subgroups, their normalizers
and structure names.  Each group runs in a child process so that its peak
memory (the child's maximum resident set size) is its own.  Times are
CPU seconds of the process (as GAP's ``Runtime()`` counts them, so that a
loaded machine does not skew the ratio), printed and as a ratio to a baseline measured in the same run
(the same work on S4, best of several runs), so figures from different
machines compare; when ``gap`` is on PATH, GAP 4's
``ConjugacyClassesSubgroups`` is timed on the same groups (CPU time GAP
reports, excluding its start-up) and the ratio symtheory / GAP printed.

Run with ``python benchmarks/bench_subgroups.py [GROUP ...]``; the default
groups are S7, S8, A8, M12 and S9 (S9 takes minutes).
"""

import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symtheory.algebra.groups import parse_group  # noqa: E402
from symtheory.algebra.subgroup_classes import conjugacy_classes_subgroups  # noqa: E402

# M12 in GAP's MathieuGroup(12) generators (the ATLAS of Finite Groups, p. 33)
M12 = "(1,2,3,4,5,6,7,8,9,10,11),(3,7,11,8)(4,10,5,6),(1,12)(2,11)(3,6)(4,8)(5,9)(7,10)"
GROUPS = {"S7": ("S7", "SymmetricGroup(7)"), "S8": ("S8", "SymmetricGroup(8)"),
          "A8": ("A8", "AlternatingGroup(8)"), "M12": (M12, "MathieuGroup(12)"),
          "S9": ("S9", "SymmetricGroup(9)")}


def subgroups_work(spec):
    """CPU seconds (as GAP's Runtime() counts), classes, subgroups for a fresh group."""
    t0 = time.process_time()
    G = parse_group(spec)
    classes = conjugacy_classes_subgroups(G)
    for c in classes:
        c.normalizer  # noqa: B018
        c.structure  # noqa: B018
    return time.process_time() - t0, len(classes), sum(c.length for c in classes)


def child(spec):
    seconds, ncls, nsub = subgroups_work(spec)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB -> MB on Linux
    print(json.dumps({"seconds": seconds, "classes": ncls, "subgroups": nsub, "peak_mb": peak}))


def gap_seconds(expr):
    """CPU seconds of GAP's ConjugacyClassesSubgroups, or None without GAP."""
    gap = shutil.which("gap")
    if gap is None:
        return None
    script = (f"G := {expr};; t := Runtime();; c := ConjugacyClassesSubgroups(G);; "
              "Print(\"MS \", Runtime() - t, \"\\n\"); QUIT;")
    out = subprocess.run([gap, "-q", "-b", "-o", "8g"], input=script, text=True,
                         capture_output=True).stdout
    return int(out.split("MS ")[1].split()[0]) / 1000


def main(names):
    baseline = min(subgroups_work("S4")[0] for _ in range(5))
    print(f"baseline: S4 subgroups work, best of 5: {baseline * 1e3:.2f} ms")
    print(f"{'group':<6}{'CPU s':>9}{'x S4':>9}{'classes':>9}{'subgroups':>11}"
          f"{'peak MB':>9}{'GAP s':>8}{'x GAP':>7}")
    for name in names:
        spec, expr = GROUPS[name]
        out = subprocess.run([sys.executable, __file__, "--child", spec], text=True,
                             capture_output=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        g = gap_seconds(expr)
        gap_cols = f"{g:>8.2f}{r['seconds'] / g:>7.1f}" if g else f"{'-':>8}{'-':>7}"
        print(f"{name:<6}{r['seconds']:>9.2f}{r['seconds'] / baseline:>9.0f}{r['classes']:>9}"
              f"{r['subgroups']:>11}{r['peak_mb']:>9.0f}" + gap_cols, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main(sys.argv[1:] or list(GROUPS))
