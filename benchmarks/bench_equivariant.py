"""Benchmark of exact equivariant weight spaces Hom_G(X, Y).

Two parts, one run:

1. The orbital basis (:func:`symtheory.algebra.equivariant.equivariant_basis`)
   against the textbook route for Hom_G(R, R), R the regular representation
   of S4 (576 unknowns) and S5 (14,400 unknowns): stack the linear equations
   ``W P(g) - P(g) W = 0`` for the generators g as a SymPy ``SparseMatrix``
   (row-major vec: ``(I kron P^T - P kron I) vec(W)``) and call
   ``.nullspace()``.  Both give the same space; the run checks that the
   dimensions agree and that every SymPy nullspace vector is constant on the
   orbitals.  The ratio is SymPy's time (constraints and nullspace) over the
   orbital basis (best of several runs, group tables already built, as they
   are in both routes).
2. Time and peak memory of ``equivariant_basis(regular(S6), regular(S6))``
   (720 orbitals on 518,400 entries): best of 3 with warm group tables, and
   one cold run that also builds the S6 element tables; peak memory as
   reported by ``tracemalloc`` for that call (numpy buffers included) and the
   process's peak resident set size.

Run with ``python benchmarks/bench_equivariant.py`` (SymPy's S5 nullspace
takes about 10 s on a 2-core machine).
"""

import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symtheory.algebra.equivariant import equivariant_basis  # noqa: E402
from symtheory.algebra.groups import named_group  # noqa: E402
from symtheory.algebra.reps import regular  # noqa: E402


def best_of(fn, repeats):
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def sympy_constraints(R):
    """The stacked constraints W P(g) - P(g) W = 0 as a SymPy SparseMatrix."""
    n = R.degree
    eye = sp.identity(n, dtype=np.int64, format="csr")
    blocks = []
    for k in range(len(R.group.generators)):
        P = sp.csr_matrix(R.matrix(int(R.group.generator_indices[k])))
        blocks.append(sp.kron(eye, P.T) - sp.kron(P, eye))  # vec(W P) - vec(P W), row-major
    C = sp.vstack(blocks).tocoo()
    keep = C.data != 0
    entries = {(int(r), int(c)): int(v) for r, c, v in zip(C.row[keep], C.col[keep], C.data[keep])}
    return sympy.SparseMatrix(C.shape[0], C.shape[1], entries)


def sympy_route(R):
    t0 = time.perf_counter()
    M = sympy_constraints(R)
    t1 = time.perf_counter()
    basis = M.nullspace()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, basis


def compare(name):
    G = named_group(name)
    R = regular(G)
    G.multiplication_table  # noqa: B018  (tables are shared by both routes)
    t_build, t_null, basis = sympy_route(R)
    t_orb, V = best_of(lambda: equivariant_basis(R, R), 5)
    assert len(basis) == V.dim == G.order, (len(basis), V.dim)
    labels = V.labels.ravel()
    for v in basis:  # every SymPy solution is constant on each orbital
        vals = np.array([float(x) for x in v])
        assert np.allclose(vals, (np.bincount(labels, vals) / V.sizes)[labels])
    return R.degree ** 2, V.dim, t_build, t_null, t_orb


def s6_run():
    t0 = time.perf_counter()
    G = named_group("S6")
    R = regular(G)
    V = equivariant_basis(R, R)
    cold = time.perf_counter() - t0
    warm, V = best_of(lambda: equivariant_basis(R, R), 3)
    tracemalloc.start()
    equivariant_basis(R, R)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return V, cold, warm, peak / 2 ** 20, rss


def main():
    print("Hom_G(R, R), R regular: orbital basis vs SymPy SparseMatrix.nullspace() "
          "of W P(g) = P(g) W")
    print(f"{'group':<7}{'unknowns':>10}{'dim':>6}{'sympy build s':>15}{'nullspace s':>13}"
          f"{'orbital s':>12}{'ratio':>10}")
    for name in ["S4", "S5"]:
        unknowns, dim, t_build, t_null, t_orb = compare(name)
        ratio = (t_build + t_null) / t_orb
        print(f"{name:<7}{unknowns:>10}{dim:>6}{t_build:>15.3f}{t_null:>13.3f}{t_orb:>12.4f}"
              f"{ratio:>9.0f}x")
    V, cold, warm, peak, rss = s6_run()
    print()
    print(f"equivariant_basis(regular(S6), regular(S6)): dim {V.dim}, shape {V.shape}")
    print(f"  time, best of 3 (warm tables): {warm:.3f} s   [aim < 3 s]")
    print(f"  time, cold (incl. S6 tables and regular(S6)): {cold:.3f} s")
    print(f"  peak memory of the call (tracemalloc): {peak:.1f} MiB; "
          f"process peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
