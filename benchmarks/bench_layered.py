"""Benchmark of the layered (any depth) hidden-subspace enumeration (issue 15).

Times, in one process, best of 3:

* baseline: the paper's S3 example through ``hidden_fixed_point_subspaces``
  (TwoLayerNet) and through ``layered_subspaces`` (the depth-1 MLP), as a
  ratio: the cost of the general code at depth 1;
* depth growth: S3, input ``natural + 2*trivial``, the hidden layer
  ``natural + trivial`` repeated L = 1, 2, 3, 4 times, with and without
  biases, each as a ratio to L = 1 (the subspace count grows with L, and the
  cost with the count times the number of neurons);
* the fixed-sample loss gradient (backprop) on a 41 x 41 slice grid, 4000
  samples, depth 2 (the fig_deep network), per step.

Run with ``python benchmarks/bench_layered.py``.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from symtheory.landscape.deep_figures import deep_axes, deep_network  # noqa: E402
from symtheory.landscape.deep_loss import MLPObjective  # noqa: E402
from symtheory.networks.hidden import hidden_fixed_point_subspaces  # noqa: E402
from symtheory.networks.layered import layered_subspaces  # noqa: E402
from symtheory.networks.mlp import EquivariantMLP  # noqa: E402
from symtheory.networks.networks import TwoLayerNet  # noqa: E402


def best(f, n=3):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return min(out)


def main():
    X, Y = "natural + 2*trivial", "natural + 3*trivial"
    base = best(lambda: hidden_fixed_point_subspaces(TwoLayerNet("S3", X, Y)))
    deep1 = best(lambda: layered_subspaces(EquivariantMLP("S3", [X, Y])))
    print(f"paper example: TwoLayerNet {base:.3f} s, depth-1 MLP {deep1:.3f} s "
          f"(ratio {deep1 / base:.2f})")
    for bias in (False, True):
        t1 = None
        for L in (1, 2, 3, 4):
            net = EquivariantMLP("S3", [X] + ["natural + trivial"] * L, bias=bias)
            n = len(layered_subspaces(net))
            t = best(lambda: layered_subspaces(net), 1)
            t1 = t1 or t
            print(f"bias={bias} depth {L}: {n} subspaces, {t:.3f} s (ratio to depth 1 {t / t1:.1f})")
    net = deep_network()
    obj = MLPObjective(net, net.random_parameters(seed=0), n_samples=4000)
    a, b = deep_axes(net)
    g = np.linspace(-3, 3, 41)
    T = np.broadcast_to(net.coordinates(obj.teacher), (41, 41, net.theta_dim)).copy()
    T[..., a], T[..., b] = g[:, None], g[None, :]
    t = best(lambda: obj.gradient(T), 2)
    print(f"fixed-sample gradient, 41 x 41 grid, 4000 samples, depth 2: {t:.3f} s per step "
          f"({t / base:.0f} x the paper-example enumeration)")


if __name__ == "__main__":
    main()
