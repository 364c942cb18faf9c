"""Benchmark of critical points through fixed-point subspaces (issue 14).

1. The Hessian spectrum at the Safran-Shamir point of Fix(diag(S(k-1,1)))
   (V = I, ReLU) for k = d = 10, 20, 30, 50: dense (``loss_hessian`` +
   ``numpy.linalg.eigvalsh`` of the (k^2 x k^2) matrix, the baseline) against
   isotypic blocks (``isotypic_spectrum``: Hessian-vector products with the
   copy vectors + tiny eigenproblems).  Both are checked to agree to 1e-8;
   the ratio dense / isotypic and the growth with k are printed.
2. ``critical_points`` on Fix(diag(S(k-1,1))) (dim 5) for growing k.
3. Optionally (``--all-young``) the full ``all-young`` table for k = d = 6..12
   (every diagonal Young subgroup with at most 3 parts, 20 starts, seed 0),
   with the time per k and the spurious minimum classes found.

Each time in 1-2 is the best of ``REPEAT`` runs (the dense eigen-decomposition
at k = 50 once).  Run with ``python benchmarks/bench_critical.py [--all-young]``.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symtheory.landscape.critical import critical_points, critical_report  # noqa: E402
from symtheory.landscape.isotropy_groups import diagonal_young, fixed_point_subspace  # noqa: E402
from symtheory.landscape.spectrum import dense_spectrum, isotypic_spectrum  # noqa: E402
from symtheory.landscape.weight_model import WeightModel  # noqa: E402

REPEAT = 3
#: Orbit values of the k = 7 minimum (Safran's repository), a start for every k.
START = np.array([0.9969227988, -0.0350801559, 0.2616910758, 0.1859910463, -0.6327039049])


def best(fn, repeat=REPEAT):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def family_point(k):
    H = diagonal_young((k - 1, 1))
    F = fixed_point_subspace(H)
    res = critical_points(WeightModel(np.eye(k)), H, starts=0, initial=[F.weights(START)])
    W0 = F.weights(START)
    return H, min(res.points, key=lambda p: np.linalg.norm(p.W - W0)).W


def spectra():
    print("1. Hessian spectrum at the diag(S(k-1,1)) point, V = I, ReLU")
    print(f"{'k':>4} {'k^2':>6} {'dense s':>10} {'isotypic s':>11} {'ratio':>8} {'max |diff|':>11}")
    prev = None
    for k in (10, 20, 30, 50):
        H, W = family_point(k)
        V = np.eye(k)
        t_iso, s = best(lambda: isotypic_spectrum(W, V, H))
        t_dense, ev = best(lambda: dense_spectrum(W, V), repeat=1 if k >= 50 else REPEAT)
        diff = float(np.abs(s.eigenvalues - ev).max())
        grow = "" if prev is None else \
            f"   growth from k={prev[0]}: dense x{t_dense / prev[1]:.1f}, isotypic x{t_iso / prev[2]:.1f}"
        print(f"{k:>4} {k * k:>6} {t_dense:>10.4f} {t_iso:>11.4f} {t_dense / t_iso:>8.1f} "
              f"{diff:>11.1e}{grow}")
        prev = (k, t_dense, t_iso)


def solve():
    print("\n2. critical_points on Fix(diag(S(k-1,1))) (dim 5), 10 starts, seed 0")
    for k in (6, 10, 20, 30):
        t, res = best(lambda: critical_points(WeightModel(np.eye(k)), f"diag(S({k - 1},1))",
                                              starts=10, seed=0), repeat=1)
        spur = [round(p.loss, 6) for p in res.points if p.spurious]
        print(f"  k = {k:>2}: {t:6.2f} s, {len(res.points)} critical points, spurious minima {spur}")


def all_young():
    print("\n3. all-young tables, k = d = 6..12, 20 starts, seed 0")
    total = 0.0
    for k in range(6, 13):
        t0 = time.perf_counter()
        rep = critical_report(WeightModel(np.eye(k)), "all-young", starts=20, seed=0)
        t = time.perf_counter() - t0
        total += t
        classes = {}
        for p in rep["critical_points"]:
            if p["type"] == "minimum" and p["loss"] > 1e-10:
                key = (round(p["loss"], 6), p["isotropy"])
                classes[key] = classes.get(key, 0) + 1
        text = "; ".join(f"{loss:.6f} {iso}" for loss, iso in sorted(classes))
        print(f"  k = {k:>2}: {t:6.1f} s, {len(rep['subgroups'])} subgroups, "
              f"{len(rep['critical_points'])} points; spurious minima: {text}")
    print(f"  total {total:.1f} s")


if __name__ == "__main__":
    spectra()
    solve()
    if "--all-young" in sys.argv:
        all_young()
