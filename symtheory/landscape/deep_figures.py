"""``fig_deep``: a figure beyond the paper, Theorem 3.3 in the second hidden layer.

Setup
-----
* Network (:data:`DEEP_LAYERS`): S3, input ``natural + 2*trivial``, hidden
  layers ``natural + trivial`` and ``natural + 2*trivial``, plain sum, ReLU,
  no biases; dim Theta~ = 14.  Its only Theorem 3.3 subspace
  (:func:`symtheory.networks.layered.layered_subspaces`) lives in layer 2: the
  three natural neurons of layer 2 equal, i.e. the diagonal theta_1 and the
  off-diagonal theta_2 of W_2's natural -> natural block equal; making the
  layer-1 natural neurons equal costs codim 2 (it also equalises the columns
  of W_2), so Theorem 3.3 does not apply in layer 1.
* Slice: those two coordinates (:func:`deep_axes`), the others at the
  teacher's; teacher of seed s: ``net.random_parameters(seed=s)``.
* Loss: the fixed-sample estimate of :mod:`symtheory.landscape.deep_loss`
  (``n_samples`` inputs from ``default_rng(1000 + seed)``; no closed form at
  depth 2), exact gradients.
* Grid: ``grid_points`` = 31 per axis on [-lim, lim] (coarser than fig4's 101:
  every grid point costs a pass over the ``n_samples`` = 2000 inputs).
* Training: the paper's 100 steps at lr 0.1 on the two swept coordinates,
  raw and rescaled (the rescaled boundary is the straight line, as in fig5).
* Seeds: ``seed .. seed + n_seeds - 1``; for each, the other-side slice minimum
  is refined over all of Theta~ (:func:`~symtheory.landscape.deep_training.mlp_constrained_minimum`).

JSON
----
The figures' common layout ``{"figure", "seed", "ok", "checks", "panels"}``
(:func:`symtheory.io.figure_summary`).  ``checks`` are, in order, the figure's
verdict ``{"check": "figure", "network", "subspace", "halves", "n_ok", "ok",
"reason"}``, the landscape ``{"check": "landscape", <fig4 record>}``, the
training ``{"check": "training", <fig5 record>}`` and one ``{"check": "seed S",
"seed", "minima", "ok", "reason", "constrained": {"loss", "side",
"gradient_norm", "hessian_min"}}`` per seed; ``panels`` are the three plotted
``loss_grid`` panels (landscape, raw and rescaled training).  A seed is ok when the other-side slice minimum, refined over all of
Theta~, stays on the other side as a critical point with positive
semidefinite Hessian and loss above 1e-3 (the Theorem 3.3 minimum);
``ok`` holds when the landscape and training records are ok and at least 8
seeds show a Theorem 3.3 minimum on the other side with loss above 1e-3;
each training record also gives ``stuck_fraction``, the grid points that end
with zero slice gradient above loss 1e-6 (plateaus where the layer-2 natural
ReLU neurons are dead on the whole sample, which the fig5 verdict's
teacher-side convergence cannot pass); ``reason`` says which part fails
(seeds whose other side reaches a loss
below 1e-3 hold no spurious minimum: there the half without the teacher
still contains a (near-)global minimum).

Measured (defaults, seeds 0-9, 150 s on this machine): the landscape record
of seed 0 is ok (teacher-side minimum at loss 2e-21, other-side minimum at
loss 2.0e-3); 5 of 10 seeds show the Theorem 3.3 minimum over Theta~ on the
other side above 1e-3 (losses 1.9e-3 to 6.5e-2).  Seeds 1, 6, 8 reach zero
loss on the other side too (their teachers make the slice loss depend on
theta_1 + 2 theta_2 only: both halves hold global minima), seed 2's
other-side minimum has loss 3.2e-4, and seed 5's L-BFGS stops at a ReLU kink
(gradient 1e-4).  In training no other-side point reaches the teacher in
either parameterization, but 33% (raw) and 42% (rescaled) of the grid stop
on plateaus of dead ReLU neurons, so fig5's teacher-side criterion fails.

Examples
--------
>>> import tempfile
>>> out = reproduce_deep_figure(out=tempfile.mkdtemp(), grid_points=11, n_seeds=1, n_samples=500,
...                             steps=5, plot=False)
>>> head, land, training = out["checks"][:3]
>>> head["subspace"]["layer"], head["subspace"]["theorem_3_3"], sorted(training)
(2, True, ['check', 'ok', 'raw', 'reason', 'rescaled'])
>>> [p["kind"] for p in out["panels"]]
['loss_grid', 'loss_grid', 'loss_grid']
"""

from __future__ import annotations

import os

import numpy as np

from ..exceptions import UnknownNameError
from ..networks.layered import layered_halves_relation, layered_subspaces
from ..networks.mlp import EquivariantMLP
from .deep_loss import MLPObjective
from .deep_training import mlp_constrained_minimum, mlp_landscape_2d, mlp_slice_minima, mlp_train
from ..io import figure_summary
from .figures import OTHER_SIDE_LOSS, _train_verdict, _write, draw_loss_grid, loss_grid_panel
from .slice_geometry import SliceLine
from .training import side_fractions

__all__ = ["DEEP_FIGURES", "DEEP_LAYERS", "deep_network", "deep_axes", "reproduce_deep_figure"]

#: Figures drawn here.
DEEP_FIGURES = ("fig_deep",)
#: Layers of the fig_deep network (S3).
DEEP_LAYERS = "natural + 2*trivial; natural + trivial; natural + 2*trivial"


def deep_network() -> EquivariantMLP:
    """The S3 network of fig_deep.

    >>> deep_network().theta_dim
    14
    """
    return EquivariantMLP("S3", DEEP_LAYERS)


def deep_axes(net) -> tuple:
    """Coordinates of the diagonal and off-diagonal of W_2's natural -> natural block.

    >>> deep_axes(deep_network())
    (7, 8)
    """
    W2 = net.block_labels()[net.block_index("W", 2)]
    return int(W2[0, 0]), int(W2[0, 1])


def _landscape(obj, axes, grid):
    mins = mlp_slice_minima(obj, axes, grid)
    teach = [m for m in mins if m.side == "teacher"]
    other = [m for m in mins if m.side == "other"]
    reason = None
    if not teach or teach[0].loss >= 1e-10:
        reason = "no teacher-side minimum with loss below 1e-10"
    elif not other:
        reason = "the search on the other side ended on the line: no distinct second minimum"
    elif not other[0].is_minimum:
        reason = (f"the other-side point is not a local minimum (gradient "
                  f"{other[0].gradient_norm:.2g})")
    elif other[0].loss <= OTHER_SIDE_LOSS["relu"]:
        reason = f"the other-side minimum has loss {other[0].loss:.3g}, not above 1e-3"
    return {"minima": [m.as_dict() for m in mins], "ok": reason is None, "reason": reason}, mins


def _common_layout(summary, axes, grid, land, mins, results, steps):
    """The figures' one JSON layout (``figure, seed, ok, checks, panels``, see
    :func:`symtheory.io.figure_summary`): the network, the landscape, training and
    every seed as checks, the three plotted grids as panels."""
    labels = (f"$\\theta_{{{axes[0]}}}$", f"$\\theta_{{{axes[1]}}}$")
    parts = (summary["subspace"] or {}).get("partitions") or []
    line = SliceLine(1.0, -1.0, 0.0, tuple(int(a) for a in axes),
                     tuple(tuple(b) for p in parts for b in p), True, True,
                     f"theta_{axes[0]} = theta_{axes[1]}")
    head = {k: summary[k] for k in ("network", "subspace", "halves", "n_ok")}
    checks = [dict(head, check="figure", ok=summary["ok"], reason=summary["reason"]),
              dict(summary["landscape"], check="landscape"),
              dict(summary["training"], check="training")]
    checks += [dict(e, check=f"seed {e['seed']}") for e in summary["seeds"]]
    panels = [loss_grid_panel("a", "loss, W_2 natural block", grid, grid, land.loss,
                              lines=[line], minima=mins, labels=labels)]
    for panel, p in (("b", "raw"), ("c", "rescaled")):
        panels.append(loss_grid_panel(panel, f"{p}: loss after {steps} steps", grid, grid,
                                      results[p].final_loss, lines=[line], labels=labels))
    return figure_summary("fig_deep", summary["seed"], checks, panels)


def reproduce_deep_figure(name="fig_deep", seed=0, out=".", plot=True, grid_points=31, lim=3.0,
                          steps=100, lr=0.1, n_seeds=10, n_samples=2000):
    """Draw fig_deep into ``out`` (``fig_deep.json``, then ``fig_deep.png``).

    Examples
    --------
    >>> reproduce_deep_figure("fig99")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.UnknownNameError: fig99 is not a deep-network figure; use fig_deep
    """
    if name not in DEEP_FIGURES:
        raise UnknownNameError(f"{name} is not a deep-network figure; use {', '.join(DEEP_FIGURES)}")
    os.makedirs(os.fspath(out), exist_ok=True)
    net = deep_network()
    axes = deep_axes(net)
    grid = np.linspace(-float(lim), float(lim), int(grid_points))
    flagged = [s for s in layered_subspaces(net, max_codim=1) if s.theorem_3_3]
    summary = {"seed": int(seed),
               "network": {"group": "S3", "layers": DEEP_LAYERS, "output": "sum", "bias": False,
                           "activation": "relu", "theta_dim": net.theta_dim, "axes": list(axes),
                           "n_samples": int(n_samples)},
               "subspace": flagged[0].as_dict() if flagged else None,
               "halves": layered_halves_relation(net, flagged[0]) if flagged else None}

    def objective(s):
        return MLPObjective(net, net.random_parameters(seed=s), method="sample",
                            n_samples=n_samples, seed=1000 + s)

    obj = objective(int(seed))
    land = mlp_landscape_2d(obj, axes, grid)
    rec, mins = _landscape(obj, axes, grid)
    summary["landscape"] = {"seed": int(seed), **rec}
    training, results, reasons = {}, {}, []
    for p in ("raw", "rescaled"):
        res = mlp_train(obj, axes, grid, steps=steps, lr=lr, parameterization=p)
        fr = {k: (None if np.isnan(v) else v) for k, v in side_fractions(res, 1e-6).items()}
        # grid points stopped on a plateau (ReLU neurons dead on the whole sample)
        gn = np.linalg.norm(obj.gradient(res.final_theta)[..., list(axes)], axis=-1)
        fr["stuck_fraction"] = float(np.mean((gn < 1e-8) & (res.final_loss > 1e-6)))
        training[p], results[p] = fr, res
        r = _train_verdict(p, fr)
        if r:
            reasons.append(f"{p}: {r}")
    training["ok"] = not reasons
    training["reason"] = "; ".join(reasons) or None
    summary["training"] = training
    seeds = []
    for s in range(int(seed), int(seed) + int(n_seeds)):
        o = obj if s == int(seed) else objective(s)
        r, m = (rec, mins) if s == int(seed) else _landscape(o, axes, grid)
        other = [x for x in m if x.side == "other"]
        entry = {"seed": s, **r, "constrained": None}
        if other:
            t0 = net.coordinates(o.teacher)
            t0[list(axes)] = other[0].theta
            cm = mlp_constrained_minimum(o, t0, axes)
            hmin = float(cm.hessian_eigenvalues[0])
            entry["constrained"] = {"loss": cm.loss, "side": cm.side, "gradient_norm": cm.gradient_norm,
                                    "hessian_min": hmin}
            # the Theorem 3.3 minimum: a critical point of L on Theta~ (Hessian positive
            # semidefinite: fixed-sample ReLU losses are piecewise quadratic and can be flat)
            reason = None
            if cm.side != "other":
                reason = f"over all of Theta~ the other-side start ends on side {cm.side}"
            elif cm.loss <= 1e-3:
                reason = (f"the other side holds a minimum of loss {cm.loss:.3g} <= 1e-3 (the half "
                          "without the teacher reaches (near) zero loss too)")
            elif cm.gradient_norm >= 1e-6 or hmin < -1e-6:
                reason = (f"the other-side point is no minimum over Theta~ (gradient "
                          f"{cm.gradient_norm:.2g}, smallest Hessian eigenvalue {hmin:.2g})")
            entry["ok"] = reason is None
            entry["reason"] = reason
        seeds.append(entry)
    summary["seeds"] = seeds
    n_ok = sum(e["ok"] for e in seeds)
    summary["n_ok"] = n_ok
    need = min(8, int(n_seeds))
    why = []
    if not rec["ok"]:
        why.append(f"landscape: {rec['reason']}")
    if not training["ok"]:
        why.append(f"training: {training['reason']}")
    if n_ok < need:
        bad = [f"seed {e['seed']}: {e['reason']}" for e in seeds if not e["ok"]]
        why.append(f"only {n_ok} of {len(seeds)} seeds show a spurious other-side minimum "
                   f"(need {need}); " + "; ".join(bad))
    summary["ok"] = not why
    summary["reason"] = " | ".join(why) or None
    summary = _common_layout(summary, axes, grid, land, mins, results, steps)

    def draw(plt):
        fig, axs = plt.subplots(1, 3, figsize=(13, 3.8))
        for ax, panel in zip(axs, summary["panels"]):
            draw_loss_grid(ax, panel)
        fig.tight_layout()
        return fig

    return _write("fig_deep", out, summary, draw, plot)
