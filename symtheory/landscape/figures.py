r"""Figures 4-11 of the paper (Section 4 and Appendix C.1-C.2) as commands.

:func:`reproduce_landscape_figure` draws one figure into a folder: ``figN.json`` (always)
and ``figN.png`` (needs the ``plot`` extra, matplotlib, Agg backend), written
as one pair by :func:`symtheory.io.write_figure_files` (never a JSON of one
run beside a PNG of another).  ``fig12`` and ``fig13`` (Appendix
C.3, spherical signals) live in :mod:`symtheory.sphere.figures`; the one
dispatcher for all of them is :func:`symtheory.paper.reproduce`.

Setup (all figures)
-------------------
* Network: S3, input ``"natural + 2*trivial"``, hidden ``"natural + 3*trivial"``
  (:data:`INPUT`, :data:`HIDDEN`; ``dim Theta~ = 13``), ReLU unless stated.
* Teacher of seed ``s``: ``net.random_weights(seed=s)``, i.i.d. standard
  normal raw coordinates.
* Slice: coordinates 0 and 1 of the weight space, the diagonal ``theta_1``
  and off-diagonal ``theta_2`` weight of the natural -> natural block, on a
  ``grid_points`` x ``grid_points`` grid over ``[-lim, lim]`` (default 101
  points on ``[-3, 3]``); the other coordinates at the teacher.
* Training (fig5, fig9, fig10): the paper's 100 steps of gradient descent at
  learning rate 0.1 on the two swept coordinates
  (:func:`symtheory.landscape.training.train`); a grid point "reaches the global
  minimum" when its final loss is below ``1e-6``.
* Relaxation (fig6, fig7): the spurious constrained minimum
  (:func:`symtheory.landscape.training.spurious_minimum`) relaxed with
  :func:`symtheory.landscape.relaxation.relax`: an escape step along the negative
  curvature direction, then the paper's plain gradient descent (lr 0.1, at
  most ``steps = 5000`` steps, smallest Hessian eigenvalue every 50 steps)
  finished by L-BFGS so the end point is converged; ``method="lbfgs"``
  replaces the gradient steps by L-BFGS altogether (faster, but its first
  line search jumps straight across the saddle).
* Multi-seed figures (fig8-fig11) use the teacher seeds ``seed, seed+1, ...,
  seed + n_seeds - 1`` (``n_seeds = 10``) and their JSON is a list of
  per-seed records.

JSON contract
-------------
Every figure (fig4-fig13, and ``symtheory landscape``) writes one layout::

    {"figure": "fig4", "seed": 0, "ok": true,
     "checks": [{"seed": 0, ..., "ok": true, "reason": null}, ...],
     "panels": [{"panel": "b", "title": ..., "kind": "loss_grid", ...}, ...]}

``checks`` holds one record per claim checked (one per teacher seed in the
multi-seed figures): its numbers, ``ok`` (the paper's claim holds for it)
and ``reason`` (why not; ``null`` when ``ok``).  Top-level ``ok`` is true
when no check has ``ok`` false.  ``panels`` holds the data of each plotted
panel, enough to re-plot it; by ``kind``:

``"loss_grid"``
    ``x``, ``y`` (1-D grids of the swept raw coordinates), ``loss`` (nested
    list, ``loss[i][j]`` at ``(x[i], y[j])``), ``x_label``, ``y_label``,
    ``lines`` (the hyperplanes drawn, records of
    :meth:`symtheory.landscape.slice_geometry.SliceLine.as_dict`), ``minima``
    (``[{"theta": [t1, t2], "loss", "side"}]``, possibly empty).
``"matrix"``
    ``values`` (a weight matrix as nested lists).
``"curves"``
    ``x`` and a ``series`` dict of named 1-D lists (fig7a: ``iteration``;
    ``loss``, ``equivariance_error``; ``hessian_steps`` with ``hessian_min``).
``"trajectory_3d"``
    fig7b: ``frame`` (3 x 9), ``trajectory`` (n x 3), ``teacher`` (3).

The checks of each figure:

fig4 (one check; fig8, fig11: one per seed)
    ``{"seed", "minima": [{"theta": [t1, t2], "loss", "side"}], "ok",
    "reason"}``, ``side`` ``"teacher"`` or ``"other"`` (``"line"`` if a
    search ended on ``theta_1 = theta_2``); ``ok`` is the claim of the paper
    for that seed (a teacher-side minimum with loss below ``1e-10`` and a
    distinct other-side local minimum with loss above ``1e-3``, ``1e-6``
    for the erf landscapes of fig11, see :data:`OTHER_SIDE_LOSS`).
fig5 (one check per parameterization), fig9, fig10 (one per seed)
    ``{"seed", "parameterization", "teacher_side", "other_side", "ok",
    "reason"}``: fractions of the grid points starting on each side of the
    line that end below ``1e-6`` (``null`` for a side without grid points);
    ``ok`` means some other-side points cross (raw), resp. >= 95% of the
    teacher side and none of the other side converge (rescaled).
fig6
    ``{"seed", "spurious_loss", "relaxed_loss", "sigma", "ok", "reason"}``:
    ``ok`` when the relaxed loss is below ``1e-6`` and sigma a hidden
    (not visible) permutation; the weights are the three ``"matrix"`` panels.
fig7
    Panel (a): loss, equivariance error and smallest Hessian eigenvalue
    along the relaxation; panel (b): the natural -> natural block of the
    trajectory in the 3-D frame of :func:`natural_block_frame`, with the
    half-planes of Theta~, C Theta~, C^2 Theta~ (C the 3-cycle) coloured
    good (teacher's sign of theta_1 - theta_2) and bad.  Check:
    ``{"seed", "hessian_min_start", "hessian_min_end", "final_loss",
    "sigma", "sigma_visible", "equivariance_error_max",
    "equivariance_error_final", "method", "iterations", "ok", "reason"}``.

Examples
--------
>>> import json, os, tempfile
>>> out = tempfile.mkdtemp()
>>> summary = reproduce_landscape_figure("fig4", seed=0, out=out, grid_points=21, plot=False)
>>> [m["side"] for m in summary["checks"][0]["minima"]], summary["ok"]
(['teacher', 'other'], True)
>>> sorted(json.load(open(os.path.join(out, "fig4.json"))))
['checks', 'figure', 'ok', 'panels', 'seed']
>>> [(p["panel"], p["kind"]) for p in summary["panels"]]
[('a', 'matrix'), ('b', 'loss_grid')]
"""

from __future__ import annotations

import re

import numpy as np

from ..exceptions import InvalidValueError, ShapeError, UnknownNameError
from ..io import (SHOW_PROGRESS, MissingPlotError, figure_summary, make_folder,
                  progress_bar, require_matplotlib, write_figure_files)
from ..networks.networks import TwoLayerNet
from .relaxation import conjugate_subspaces, relax
from .training import landscape_2d, side_fractions, slice_minima, spurious_minimum, train

__all__ = ["LANDSCAPE_FIGURES", "INPUT", "HIDDEN", "OTHER_SIDE_LOSS", "reproduce_landscape_figure",
           "paper_network", "loss_grid_panel", "draw_loss_grid",
           "natural_block_frame"]

#: The figures drawn here (fig12 and fig13 are in :mod:`symtheory.sphere.figures`).
LANDSCAPE_FIGURES = ("fig4", "fig5", "fig6", "fig7", "fig8", "fig9", "fig10", "fig11")
#: Input and hidden p-reps of the paper's S3 example.
INPUT = "natural + 2*trivial"
HIDDEN = "natural + 3*trivial"

_AXES = (0, 1)
_GOOD = 1e-6


def paper_network(parameterization="raw"):
    """The S3 network of Section 4 (13 constrained parameters).

    Examples
    --------
    >>> paper_network().theta_dim
    13
    """
    return TwoLayerNet("S3", INPUT, HIDDEN, parameterization=parameterization)


def _grid(grid_points, lim):
    return np.linspace(-float(lim), float(lim), int(grid_points))


def _progress(iterable, name, unit="seed"):
    """A tqdm bar on stderr (:func:`symtheory.io.progress_bar`); silent off a terminal."""
    return progress_bar(iterable, name, unit)


def loss_grid_panel(panel, title, grid1, grid2, loss, lines=(), minima=(),
                    labels=(r"$\theta_1$", r"$\theta_2$"), **extra):
    r"""A ``"loss_grid"`` panel record: the grid itself, its lines and minima.

    Examples
    --------
    >>> p = loss_grid_panel("b", "loss", [0.0, 1.0], [2.0], np.array([[1.0], [0.5]]))
    >>> p["kind"], p["loss"], p["x_label"]
    ('loss_grid', [[1.0], [0.5]], '$\\theta_1$')
    """
    rec = {"panel": panel, "title": title, "kind": "loss_grid",
           "x_label": labels[0], "y_label": labels[1],
           "x": np.asarray(grid1, dtype=float).tolist(), "y": np.asarray(grid2, dtype=float).tolist(),
           "loss": np.asarray(loss, dtype=float).tolist(),
           "lines": [ln.as_dict() for ln in lines],
           "minima": [m.as_dict() if hasattr(m, "as_dict") else dict(m) for m in minima]}
    rec.update(extra)
    return rec


# ---------------------------------------------------------------------------
# records
# ---------------------------------------------------------------------------
#: Loss an other-side minimum must exceed to count as spurious: the issue's
#: 1e-3 for ReLU; erf(z/sqrt 2) is bounded and its losses are ~10x-100x
#: smaller on the same teachers, so fig11 uses 1e-6.
OTHER_SIDE_LOSS = {"relu": 1e-3, "erf": 1e-6}


def _landscape_record(net, seed, grid, activation):
    V = net.random_weights(seed=seed)
    land = landscape_2d(net, V, _AXES, grid, activation)
    mins = slice_minima(net, V, _AXES, grid, activation)
    rec = {"seed": int(seed), "minima": [m.as_dict() for m in mins]}
    teach = [m for m in mins if m.side == "teacher"]
    other = [m for m in mins if m.side == "other"]
    reason = None
    if not teach or teach[0].loss >= 1e-10:
        reason = "no teacher-side minimum with loss below 1e-10"
    elif not other:
        reason = ("the search on the other side ended on the line theta_1 = theta_2: "
                  "no distinct second minimum")
    elif not other[0].is_minimum:
        reason = (f"the other-side point is not a local minimum (gradient "
                  f"{other[0].gradient_norm:.2g}, Hessian eigenvalues "
                  f"{other[0].hessian_eigenvalues[0]:.2g}, {other[0].hessian_eigenvalues[1]:.2g})")
    elif other[0].loss <= OTHER_SIDE_LOSS[activation]:
        reason = (f"the other-side minimum has loss {other[0].loss:.3g}, not above "
                  f"{OTHER_SIDE_LOSS[activation]:g}")
    rec["ok"] = reason is None
    rec["reason"] = reason
    return rec, land, mins, V


def _lines_of(net, V):
    from .slice_geometry import slice_hyperplanes
    return slice_hyperplanes(net, V, _AXES)


def _train_record(net, seed, grid, parameterization, steps, lr):
    V = net.random_weights(seed=seed)
    res = train(net, V, _AXES, grid, steps=steps, lr=lr, parameterization=parameterization)
    fr = {k: (None if np.isnan(v) else v) for k, v in side_fractions(res, _GOOD).items()}
    return fr, res


def _train_panel(panel, title, res):
    return loss_grid_panel(panel, title, res.grid1, res.grid2, res.final_loss, res.lines,
                           parameterization=res.parameterization, steps=res.steps, lr=res.lr)


def _train_verdict(parameterization, fr):
    t, o = fr["teacher_side"], fr["other_side"]
    if t is None or o is None:
        return "the grid has no point on one side of theta_1 = theta_2"
    if parameterization == "rescaled":
        if not t >= 0.95:
            return f"only {t:.3f} of the teacher side reaches loss < 1e-6 (need >= 0.95)"
        if not o == 0.0:
            return f"{o:.3f} of the other side reaches loss < 1e-6 (need none)"
        return None
    if not o > 0.0:
        return "no grid point crosses theta_1 = theta_2 from the other side"
    return None


# ---------------------------------------------------------------------------
# plotting helpers
# ---------------------------------------------------------------------------
def _plt(name):
    try:
        return require_matplotlib()
    except MissingPlotError:
        raise MissingPlotError(
            f"matplotlib is not installed, so {name}.png was not drawn ({name}.json was "
            'written); install it with: pip install "symtheory[plot]"') from None


def draw_loss_grid(ax, panel, colorbar=True, fontsize=9):
    r"""Draw a ``"loss_grid"`` panel record on a matplotlib axis (log10 loss).

    The hyperplanes of the record are drawn as lines (red: Theorem 3.3,
    orange dashed: other hidden, grey dotted: visible), the minima as a
    white star (teacher side) and white crosses, and a colorbar labelled
    ``log10 loss`` is added beside the axis.

    Examples
    --------
    >>> from symtheory.io import require_matplotlib
    >>> plt = require_matplotlib()
    >>> fig, ax = plt.subplots()
    >>> im = draw_loss_grid(ax, loss_grid_panel("a", "t", [0.0, 1.0], [0.0, 1.0], np.ones((2, 2))))
    >>> ax.get_xlabel(), fig.axes[-1].get_ylabel()
    ('$\\theta_1$', '$\\log_{10}$ loss')
    >>> plt.close(fig)
    """
    g1, g2 = np.asarray(panel["x"]), np.asarray(panel["y"])
    loss = np.asarray(panel["loss"], dtype=float)
    z = np.log10(np.maximum(loss, 1e-12))
    im = ax.imshow(z.T, origin="lower", extent=(g1[0], g1[-1], g2[0], g2[-1]),
                   aspect="auto", cmap="viridis", vmin=-12 if z.min() < -6 else None)
    for ln in panel["lines"]:
        style = ("r-" if ln["theorem_3_3"] else "--") if ln["hidden"] else ":"
        colour = {"r-": "red", "--": "orange", ":": "0.8"}[style]
        a, b, c = ln["alpha"], ln["beta"], ln["c"]
        if b == 0:
            xs, ys = [c / a, c / a], [g2[0], g2[-1]]
        else:
            xs = np.array([g1[0], g1[-1]])
            ys = (c - a * xs) / b
        ax.plot(xs, ys, ls=style.lstrip("r"), color=colour, lw=1.2,
                label=_mathtext(ln["equation"]) + (" (Thm 3.3)" if ln["theorem_3_3"] else ""))
    ax.set_xlim(g1[0], g1[-1])
    ax.set_ylim(g2[0], g2[-1])
    for m in panel["minima"]:
        t1, t2 = m["theta"]
        if g1[0] <= t1 <= g1[-1] and g2[0] <= t2 <= g2[-1]:
            ax.plot(t1, t2, "w*" if m["side"] == "teacher" else "wx", ms=8)
    ax.set_xlabel(panel["x_label"])
    ax.set_ylabel(panel["y_label"])
    ax.set_title(panel["title"], fontsize=fontsize)
    if colorbar:
        ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.03).set_label(r"$\log_{10}$ loss")
    return im


def _mathtext(equation):
    """``"theta_0 = theta_1"`` -> ``"$\\theta_{0} = \\theta_{1}$"`` for labels."""
    return "$" + re.sub(r"theta_(\d+)", r"\\theta_{\1}", equation) + "$"


def _weights_panel(ax, W, title, vmax):
    im = ax.imshow(W, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("input neuron $j$")
    ax.set_ylabel("hidden neuron $i$")
    return im


def _matrix_panel(panel, title, W):
    return {"panel": panel, "title": title, "kind": "matrix", "values": np.asarray(W).tolist()}


def _write(name, out, summary, draw, plot):
    write_figure_files(out, name, summary, (lambda: draw(_plt(name))) if plot else None)
    return summary


# ---------------------------------------------------------------------------
# the figures
# ---------------------------------------------------------------------------
def _fig4(seed, out, plot, grid_points=101, lim=3.0, activation="relu", name="fig4"):
    net = paper_network()
    rec, land, mins, V = _landscape_record(net, seed, _grid(grid_points, lim), activation)
    panels = [_matrix_panel("a", "(a) teacher weights", V),
              loss_grid_panel("b", "(b) loss on the slice", land.grid1, land.grid2, land.loss,
                              _lines_of(net, V), mins)]

    def draw(plt):
        fig, axs = plt.subplots(1, 2, figsize=(9, 3.8))
        vmax = float(np.abs(V).max())
        cb = fig.colorbar(_weights_panel(axs[0], V, panels[0]["title"], vmax), ax=axs[0])
        cb.set_label("weight")
        draw_loss_grid(axs[1], panels[1])
        return fig

    return _write(name, out, figure_summary(name, seed, [rec], panels), draw, plot)


def _fig5(seed, out, plot, grid_points=101, lim=3.0, steps=100, lr=0.1):
    net = paper_network()
    grid = _grid(grid_points, lim)
    checks, panels = [], []
    for p, lab in _progress((("raw", "a"), ("rescaled", "b")), "fig5"):
        fr, res = _train_record(net, seed, grid, p, steps, lr)
        reason = _train_verdict(p, fr)
        checks.append({"seed": int(seed), "parameterization": p, **fr, "ok": reason is None,
                       "reason": reason})
        panels.append(_train_panel(lab, f"({lab}) {p}: loss after {steps} steps", res))

    def draw(plt):
        fig, axs = plt.subplots(1, 2, figsize=(9, 3.8))
        for ax, panel in zip(axs, panels):
            draw_loss_grid(ax, panel)
        return fig

    return _write("fig5", out, figure_summary("fig5", seed, checks, panels), draw, plot)


def _relaxation(seed, grid_points, lim, method, steps, name):
    net = paper_network()
    V = net.random_weights(seed=seed)
    stages = iter(_progress(("spurious minimum", "relaxation"), name, unit="stage"))
    next(stages)
    bad = spurious_minimum(net, V, _AXES, _grid(grid_points, lim))
    next(stages)
    res = relax(net, V, bad.W, method=method, steps=steps, lr=0.1, polish=(method == "gd"),
                hessian_every=(50 if method == "gd" else 1),
                subspaces=conjugate_subspaces(net))
    next(stages, None)
    return net, V, bad, res


def _fig6(seed, out, plot, grid_points=101, lim=3.0, method="gd", steps=5000):
    net, V, bad, res = _relaxation(seed, grid_points, lim, method, steps, "fig6")
    Wf = res.final_weights
    reasons = []
    if not res.final_loss < _GOOD:
        reasons.append(f"relaxed loss {res.final_loss:.3g} is not below 1e-6")
    if res.sigma is None or res.sigma_visible:
        reasons.append("the relaxed weights are not in a hidden conjugate sigma Theta~ (sigma "
                       + ("not found)" if res.sigma is None else "in P~)"))
    check = {"seed": int(seed), "spurious_loss": float(bad.loss), "relaxed_loss": res.final_loss,
             "sigma": None if res.sigma is None else list(res.sigma), "ok": not reasons,
             "reason": "; ".join(reasons) or None}
    panels = [_matrix_panel(k, t, W) for k, t, W in
              (("a", "(a) teacher", V), ("b", "(b) spurious minimum", bad.W),
               ("c", "(c) relaxed minimum", Wf))]

    def draw(plt):
        fig, axs = plt.subplots(1, 3, figsize=(11, 3.6))
        vmax = float(max(np.abs(V).max(), np.abs(bad.W).max(), np.abs(Wf).max()))
        for ax, p in zip(axs, panels):
            im = _weights_panel(ax, np.asarray(p["values"]), p["title"], vmax)
        fig.colorbar(im, ax=list(axs)).set_label("weight")
        return fig

    return _write("fig6", out, figure_summary("fig6", seed, [check], panels), draw, plot)


def natural_block_frame():
    """Orthonormal frame of the 3-D space of Fig. 7b in the 3 x 3 natural block.

    Rows of the returned (3, 9) array, flattened 3 x 3 matrices:
    ``e1 = J/3`` (all rows equal: the hidden fixed-point line),
    ``e2 = (I - J/3)/sqrt 2`` and ``e3 = (C - C^2)/sqrt 6`` with ``C`` the
    3-cycle permutation matrix.  The block of sigma Theta~ is
    ``span(J, P_sigma)``; for sigma = id, C, C^2 it is the plane spanned by
    ``e1`` and ``u_sigma = (P_sigma - J/3)/sqrt 2``, a unit vector in
    ``span(e2, e3)``, and the three ``u_sigma`` are 120 degrees apart.  So the
    *bad* half of Theta~ (``-u_id``) lies 60 degrees from the *good* halves
    of C Theta~ and C^2 Theta~, while the transpositions' planes are
    orthogonal to this 3-D space: the geometric reason the relaxed network
    picks a 3-cycle.

    Examples
    --------
    >>> F = natural_block_frame()
    >>> np.allclose(F @ F.T, np.eye(3))
    True
    """
    J = np.ones((3, 3))
    C = np.eye(3)[[2, 0, 1]]            # C[sigma[i], i] = 1 for sigma = (1, 2, 0)
    e1 = J / 3.0
    e2 = (np.eye(3) - J / 3.0) / np.sqrt(2.0)
    e3 = (C - C @ C) / np.sqrt(6.0)
    return np.array([e1.ravel(), e2.ravel(), e3.ravel()])


def _fig7_panels(res, V):
    """Panels (a) curves and (b) the natural block of the trajectory in :func:`natural_block_frame`."""
    F = natural_block_frame()
    block = lambda W: W[..., :3, :3].reshape(W.shape[:-2] + (9,)) @ F.T  # noqa: E731
    a = {"panel": "a", "title": "(a) relaxed training", "kind": "curves",
         "x_label": f"iteration ({res.method})",
         "x": list(range(len(res.loss))),
         "series": {"loss": res.loss.tolist(), "equivariance_error": res.equivariance_error.tolist(),
                    "hessian_steps": res.hessian_steps.tolist(),
                    "hessian_min": res.hessian_min.tolist()}}
    b = {"panel": "b", "title": "(b) natural block; planes: good (green) / bad (red) halves",
         "kind": "trajectory_3d", "frame": F.tolist(), "trajectory": block(res.weights).tolist(),
         "teacher": block(V).tolist(), "good_sign": float(np.sign(V[0, 0] - V[0, 1]) or 1.0)}
    return [a, b]


def _fig7_projection(ax, panel):
    """Fig. 7b drawn from its panel record."""
    from matplotlib.ticker import MaxNLocator
    P = np.asarray(panel["trajectory"])
    T = np.asarray(panel["teacher"])
    F = np.asarray(panel["frame"])
    good = panel["good_sign"]                        # sign of theta_1 - theta_2
    J = np.ones((3, 3))
    a = np.linspace(min(P[:, 0].min(), T[0]) - 0.3, max(P[:, 0].max(), T[0]) + 0.3, 2)
    R = 1.2 * max(np.abs(P[:, 1:]).max(), np.abs(T[1:]).max(), 0.1)
    b = np.linspace(0.0, R, 2)
    for k, name in enumerate((r"$\tilde\Theta$", r"$C\tilde\Theta$", r"$C^2\tilde\Theta$")):
        Pm = np.linalg.matrix_power(np.eye(3)[[2, 0, 1]], k)
        u = ((Pm - J / 3.0) / np.sqrt(2.0)).ravel() @ F.T
        for sgn, colour in ((good, "tab:green"), (-good, "tab:red")):
            A, B = np.meshgrid(a, sgn * b)
            ax.plot_surface(A, B * u[1], B * u[2], color=colour, alpha=0.15, linewidth=0)
        ax.text(a[-1], good * R * u[1], good * R * u[2], name, fontsize=7)
    ax.plot(P[:, 0], P[:, 1], P[:, 2], "b-", lw=1.5)
    ax.scatter(*P[0], color="red", label="spurious")
    ax.scatter(*P[-1], color="green", label="relaxed")
    ax.scatter(*T, color="black", label="teacher")
    # few, small ticks: the default 3-D ticks overlap at this size
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(4))
    ax.tick_params(labelsize=6, pad=0)
    ax.set_xlabel(r"$J/3$", fontsize=8, labelpad=2)
    ax.set_ylabel(r"$(I-J/3)/\sqrt{2}$", fontsize=8, labelpad=2)
    ax.set_zlabel(r"$(C-C^2)/\sqrt{6}$", fontsize=8, labelpad=2)
    ax.legend(fontsize=7)
    ax.set_title(panel["title"], fontsize=9)


def _fig7(seed, out, plot, grid_points=101, lim=3.0, method="gd", steps=5000):
    net, V, bad, res = _relaxation(seed, grid_points, lim, method, steps, "fig7")
    e = res.equivariance_error
    reasons = []
    if not res.hessian_min_start < 0:
        reasons.append("the unconstrained Hessian has no negative eigenvalue at the start")
    if not res.final_loss < _GOOD:
        reasons.append(f"final loss {res.final_loss:.3g} is not below 1e-6")
    if res.sigma is None:
        reasons.append("the final weights are not within 1e-4 of any sigma Theta~")
    elif res.sigma_visible:
        reasons.append("the final weights stayed in Theta~ (sigma in P~)")
    if not res.equivariance_bump(1e-4):
        reasons.append("the equivariance error does not rise and fall below 1e-4")
    check = {"seed": int(seed), "hessian_min_start": res.hessian_min_start,
               "hessian_min_end": res.hessian_min_end, "final_loss": res.final_loss,
               "sigma": None if res.sigma is None else list(res.sigma),
               "sigma_visible": res.sigma_visible,
               "equivariance_error_max": float(e.max()),
               "equivariance_error_final": float(e[-1]), "method": res.method,
               "iterations": int(len(res.loss) - 1), "ok": not reasons,
               "reason": "; ".join(reasons) or None}
    panels = _fig7_panels(res, V)

    def draw(plt):
        fig = plt.figure(figsize=(11, 4))
        ax = fig.add_subplot(1, 2, 1)
        pa = panels[0]
        ser = pa["series"]
        ax.semilogy(pa["x"], np.maximum(ser["loss"], 1e-18), label="loss")
        ax.semilogy(pa["x"], np.maximum(ser["equivariance_error"], 1e-18),
                    label="equivariance error")
        ax.set_xlabel(pa["x_label"])
        ax2 = ax.twinx()
        ax2.plot(ser["hessian_steps"], ser["hessian_min"], "k.-", ms=3,
                 label=r"$\lambda_{\min}$ of the Hessian")
        ax2.axhline(0.0, color="grey", lw=0.5)
        ax2.set_ylabel(r"$\lambda_{\min}$")
        ax.legend(loc="lower left", fontsize=8)
        ax2.legend(loc="upper right", fontsize=8)
        ax.set_title(pa["title"], fontsize=9)
        _fig7_projection(fig.add_subplot(1, 2, 2, projection="3d"), panels[1])
        return fig

    return _write("fig7", out, figure_summary("fig7", seed, [check], panels), draw, plot)


def _multi_landscape(name, seed, out, plot, n_seeds=10, grid_points=101, lim=3.0,
                     activation="relu"):
    net = paper_network()
    grid = _grid(grid_points, lim)
    recs, panels = [], []
    for s in _progress(range(int(seed), int(seed) + int(n_seeds)), name):
        try:
            rec, land, mins, V = _landscape_record(net, s, grid, activation)
            panels.append(loss_grid_panel(f"seed {s}", f"seed {s}", land.grid1, land.grid2,
                                          land.loss, _lines_of(net, V), mins, seed=s))
        except Exception as exc:  # a seed that cannot be evaluated is recorded, not fatal
            rec = {"seed": s, "minima": [], "ok": False, "reason": f"{type(exc).__name__}: {exc}"}
        recs.append(rec)

    def draw(plt):
        return _grid_of_panels(plt, panels)

    return _write(name, out, figure_summary(name, seed, recs, panels), draw, plot)


def _grid_of_panels(plt, panels):
    n = max(len(panels), 1)
    cols = min(5, n)
    rows = -(-n // cols)
    fig, axs = plt.subplots(rows, cols, figsize=(3.6 * cols, 3 * rows), squeeze=False)
    for ax, panel in zip(axs.ravel(), panels):
        draw_loss_grid(ax, panel)
    for ax in axs.ravel()[len(panels):]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def _multi_train(name, parameterization, seed, out, plot, n_seeds=10, grid_points=101,
                 lim=3.0, steps=100, lr=0.1):
    net = paper_network()
    grid = _grid(grid_points, lim)
    recs, panels = [], []
    for s in _progress(range(int(seed), int(seed) + int(n_seeds)), name):
        fr, res = _train_record(net, s, grid, parameterization, steps, lr)
        reason = _train_verdict(parameterization, fr)
        recs.append({"seed": s, "parameterization": parameterization, **fr,
                     "ok": reason is None, "reason": reason})
        panels.append(dict(_train_panel(f"seed {s}", f"seed {s} ({parameterization})", res), seed=s))

    def draw(plt):
        return _grid_of_panels(plt, panels)

    return _write(name, out, figure_summary(name, seed, recs, panels), draw, plot)


_OPTIONS = {
    "fig4": ("grid_points", "lim"),
    "fig5": ("grid_points", "lim", "steps", "lr"),
    "fig6": ("grid_points", "lim", "method", "steps"),
    "fig7": ("grid_points", "lim", "method", "steps"),
    "fig8": ("n_seeds", "grid_points", "lim"),
    "fig9": ("n_seeds", "grid_points", "lim", "steps", "lr"),
    "fig10": ("n_seeds", "grid_points", "lim", "steps", "lr"),
    "fig11": ("n_seeds", "grid_points", "lim"),
}


def _check_options(name, options):
    bad = sorted(set(options) - set(_OPTIONS[name]))
    if bad:
        raise UnknownNameError(
            f"{name} takes no option {bad[0]!r}; its options are {', '.join(_OPTIONS[name])}")
    if "grid_points" in options and int(options["grid_points"]) < 2:
        raise ShapeError("grid_points must be at least 2")
    if "n_seeds" in options and int(options["n_seeds"]) < 1:
        raise InvalidValueError("n_seeds must be at least 1")


def reproduce_landscape_figure(name, seed=0, out=".", plot=True, progress=True, **options):
    """Draw one of the landscape figures fig4-fig11 into ``out``.

    The dispatcher for every figure of the paper is :func:`symtheory.paper.reproduce`;
    this is its landscape half (it validates ``name`` and the options the same way).
    ``progress=False`` silences the tqdm bar (drawn on stderr over the seeds,
    only when stderr is a terminal).

    Examples
    --------
    >>> import tempfile
    >>> s = reproduce_landscape_figure("fig5", out=tempfile.mkdtemp(), grid_points=11, plot=False)
    >>> [(c["parameterization"], c["teacher_side"], c["other_side"]) for c in s["checks"]]
    [('raw', 0.8909090909090909, 0.10909090909090909), ('rescaled', 1.0, 0.0)]
    >>> reproduce_landscape_figure("fig12")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.UnknownNameError: fig12 is not a landscape figure; use one of fig4, fig5, fig6, fig7, fig8, fig9, fig10, fig11
    """
    if name not in LANDSCAPE_FIGURES:
        raise UnknownNameError(
            f"{name} is not a landscape figure; use one of {', '.join(LANDSCAPE_FIGURES)}")
    make_folder(out)
    seed = int(seed)
    _check_options(name, options)
    token = SHOW_PROGRESS.set(bool(progress))
    try:
        return _dispatch(name, seed, out, plot, options)
    finally:
        SHOW_PROGRESS.reset(token)


def _dispatch(name, seed, out, plot, options):
    if name == "fig4":
        return _fig4(seed, out, plot, **options)
    if name == "fig5":
        return _fig5(seed, out, plot, **options)
    if name == "fig6":
        return _fig6(seed, out, plot, **options)
    if name == "fig7":
        return _fig7(seed, out, plot, **options)
    if name == "fig8":
        return _multi_landscape("fig8", seed, out, plot, **options)
    if name == "fig9":
        return _multi_train("fig9", "raw", seed, out, plot, **options)
    if name == "fig10":
        return _multi_train("fig10", "rescaled", seed, out, plot, **options)
    return _multi_landscape("fig11", seed, out, plot, activation="erf", **options)
