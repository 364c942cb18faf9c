"""Timings of jobs on large symmetric groups (no element lists), as ratios to n = 5.

Run: python benchmarks/bench_large_groups.py
Prints, in one run: the paper's example (input natural + 2*trivial, hidden
natural + 3*trivial, max_codim 1) for n = 5, 10, 20, 50; ``hom`` for
natural@natural -> natural@natural (the dimension, counted by stabilizer
orbits) for n = 5, 10, 30, 50; ``hidden`` with hidden natural@natural for
n = 5, 8, 10; each with its ratio to n = 5 and the fitted exponent of the
growth in n.  Aim: every job under 2 s.
"""

import math
import time

from symtheory.algebra.groups import named_group
from symtheory.algebra.reps import hom_dimension, parse_rep
from symtheory.networks.hidden import hidden_fixed_point_subspaces
from symtheory.networks.networks import TwoLayerNet


def _time(fn, repeat=3):
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def paper_example(n):
    net = TwoLayerNet(f"S{n}", "natural + 2*trivial", "natural + 3*trivial")
    return hidden_fixed_point_subspaces(net, max_codim=1)


def hom_tensor_square(n):
    X = parse_rep(named_group(f"S{n}"), "natural@natural")
    return hom_dimension(X, X)


def hidden_graph_layer(n):
    return hidden_fixed_point_subspaces(TwoLayerNet(f"S{n}", "natural", "natural@natural"))


def main():
    jobs = [("paper example", paper_example, [5, 10, 20, 50]),
            ("hom natural@natural", hom_tensor_square, [5, 10, 30, 50]),
            ("hidden natural@natural", hidden_graph_layer, [5, 8, 10])]
    for name, fn, ns in jobs:
        times = [_time(lambda n=n: fn(n), repeat=1 if n >= 10 and "hidden" in name else 3)
                 for n in ns]
        base = times[0]
        print(f"{name}:")
        for n, t in zip(ns, times):
            print(f"  n = {n:3d}: {t:8.3f} s  ratio to n = 5: {t / base:8.1f}")
        slope = math.log(times[-1] / times[0]) / math.log(ns[-1] / ns[0])
        print(f"  cost grows like n^{slope:.1f} (from n = {ns[0]} to {ns[-1]})")


if __name__ == "__main__":
    main()
