"""Benchmark of the Section 4 numerics: batched grid training, slices, relaxation.

On the paper's S3 example (teacher seed 0, ReLU):

1. ``train`` on a 101 x 101 grid of initialisations, the paper's 100 steps at
   learning rate 0.1 (rescaled parameterization, the two swept coordinates
   trained), in one batched run;
2. the same computation as a per-point Python loop (100 steps of the same
   closed form per point, the same row reduction as ``train``), timed on
   ``SUBSET`` random grid points and extrapolated to all 10,201 points; the
   loop's results are checked against the batched run; and, for reference,
   the loop on the full network through ``constrained_gradient``;
3. the exact loss over a 201 x 201 slice (:func:`landscape_2d`);
4. relaxation from the spurious minimum: escape + L-BFGS, and plain gradient
   descent (time per step).

Each time is the best of ``REPEAT`` runs.  Run with
``python benchmarks/bench_training.py``.
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symtheory.landscape.loss import constrained_gradient, loss_gradient  # noqa: E402
from symtheory.networks.networks import TwoLayerNet  # noqa: E402
from symtheory.landscape.relaxation import conjugate_subspaces, relax  # noqa: E402
from symtheory.landscape.training import landscape_2d, spurious_minimum, train  # noqa: E402

SUBSET = 100
REPEAT = 3
STEPS, LR = 100, 0.1


def best(fn, repeat=REPEAT):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def per_point(net, V, grid, points):
    """Gradient descent point by point with the same closed form (the naive loop).

    Each step does exactly what one step of ``train`` does for one point:
    weights from coordinates, :func:`symtheory.landscape.loss.loss_gradient` on the rows
    the swept coordinates touch (the other rows equal the teacher's and
    cancel, as in ``train``), chain rule back to the two coordinates.
    """
    ws = net.weight_space.with_parameterization("rescaled")
    B = ws.basis_array()
    rows = np.any(B[:2] != 0, axis=(0, 2))
    Bf = B[:, rows, :].reshape(ws.dim, -1)
    VR = V[rows]
    t = net.weight_space.coordinates(V)
    finals = []
    for i, j in points:
        th = t.copy()
        th[:2] = grid[i], grid[j]
        phi = th / ws.scales
        for _ in range(STEPS):
            G = loss_gradient((phi @ Bf).reshape(VR.shape), VR)
            phi[:2] -= LR * (G.ravel() @ Bf[:2].T)
        finals.append(phi * ws.scales)
    return np.array(finals)


def per_point_full(net, V, grid, points):
    """The naive loop on the full network via constrained_gradient (no row reduction)."""
    ws = net.weight_space.with_parameterization("rescaled")
    B = ws.basis_array()
    t = net.weight_space.coordinates(V)
    finals = []
    for i, j in points:
        th = t.copy()
        th[:2] = grid[i], grid[j]
        phi = th / ws.scales
        for _ in range(STEPS):
            phi[:2] -= LR * constrained_gradient(phi, B, V)[:2]
        finals.append(phi * ws.scales)
    return np.array(finals)


def main():
    net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    V = net.random_weights(seed=0)
    grid = np.linspace(-3.0, 3.0, 101)
    n = grid.size ** 2

    t_batch, res = best(lambda: train(net, V, grid=grid, steps=STEPS, lr=LR,
                                      parameterization="rescaled"))
    rng = np.random.default_rng(0)
    flat = rng.choice(n, size=SUBSET, replace=False)
    points = [divmod(int(f), grid.size) for f in flat]
    t_loop, finals = best(lambda: per_point(net, V, grid, points), repeat=1)
    ref = np.array([res.final_theta[i, j] for i, j in points])
    err = float(np.abs(finals - ref).max())
    t_loop_all = t_loop / SUBSET * n
    print(f"batched training, 101x101 grid, {STEPS} steps: {t_batch:.3f} s "
          f"({t_batch / STEPS * 1e3:.2f} ms per step for {n} networks)")
    print(f"per-point Python loop: {t_loop:.3f} s for {SUBSET} points -> "
          f"{t_loop_all:.1f} s extrapolated to {n} points (max |diff| {err:.1e})")
    print(f"ratio (loop / batched): {t_loop_all / t_batch:.0f}x")
    t_full, finals = best(lambda: per_point_full(net, V, grid, points), repeat=1)
    err = float(np.abs(finals - ref).max())
    print(f"per-point loop on the full 6-neuron network (constrained_gradient): "
          f"{t_full / SUBSET * n:.1f} s extrapolated (max |diff| {err:.1e}), "
          f"ratio {t_full / SUBSET * n / t_batch:.0f}x")

    grid201 = np.linspace(-3.0, 3.0, 201)
    t_land, land = best(lambda: landscape_2d(net, V, grid=grid201))
    print(f"loss over a 201x201 slice: {t_land:.3f} s "
          f"({t_land / grid201.size ** 2 * 1e6:.2f} us per point)")

    subs = conjugate_subspaces(net)
    bad = spurious_minimum(net, V)
    t_lb, r_lb = best(lambda: relax(net, V, bad.W, subspaces=subs))
    print(f"relaxation, escape + L-BFGS: {t_lb:.3f} s, {len(r_lb.loss) - 1} iterations, "
          f"final loss {r_lb.final_loss:.1e}, sigma {r_lb.sigma}")
    t_gd, r_gd = best(lambda: relax(net, V, bad.W, method="gd", steps=10000, lr=0.1,
                                    hessian_every=500, gtol=0.0, subspaces=subs), repeat=1)
    print(f"relaxation, plain GD: {t_gd:.3f} s for {len(r_gd.loss) - 2} steps "
          f"({t_gd / (len(r_gd.loss) - 2) * 1e3:.3f} ms per step incl. recording), "
          f"final loss {r_gd.final_loss:.1e}")


if __name__ == "__main__":
    main()
