r"""The loss landscape of *any* network on a 2-D slice: ``symtheory landscape``.

:func:`draw_landscape` is Fig. 4 (and, with ``train=True``, Fig. 5) for the
user's own architecture: the exact loss of a teacher-student pair of
``TwoLayerNet(group, input, hidden)`` on the slice through the teacher where
two raw coordinates ``axes`` vary (:func:`symtheory.landscape.training.landscape_2d`),
with every codimension-1 fixed-point subspace of the network that cuts the
slice drawn as a line (:func:`symtheory.landscape.slice_geometry.slice_hyperplanes`:
red, Theorem 3.3 hyperplanes; orange dashed, other hidden ones; grey dotted,
visible ones), and the slice minima on either side of the Theorem 3.3 lines
(:func:`symtheory.landscape.training.slice_minima`).  With ``train=True``
plain gradient descent runs from every grid point
(:func:`symtheory.landscape.training.train`; its step defaults to
``1 / lambda_max`` of the Hessian at the start and never diverges silently)
and a second panel shows the final loss.

Output: ``NAME.json`` (the common figure layout of
:mod:`symtheory.landscape.figures`, ``{"figure", "seed", "ok", "checks",
"panels"}``; the grids themselves are in the ``"loss_grid"`` panels) and
``NAME.png`` in the folder ``out`` (``NAME`` is ``"landscape"`` by default).

Checks
------
``hyperplanes``
    ``{"check": "hyperplanes", "seed", "axes", "lines", "ok", "reason"}``:
    ``ok`` when a Theorem 3.3 hyperplane cuts the slice; otherwise ``ok`` is
    None (no verdict) and ``reason`` names axes that such a hyperplane does
    cut, if the network has one.
``minima``
    ``{"check": "minima", "minima", "ok", "reason"}``: ``ok`` when the
    teacher side has a minimum of loss below ``1e-10`` (the teacher).
``training`` (with ``train=True``)
    ``{"check": "training", "lr", "lr_source", "backoffs", "steps",
    "fraction_converged", "teacher_side", "other_side", "ok", "reason"}``:
    fractions of grid points ending below ``1e-6`` (``teacher_side`` and
    ``other_side`` null without a Theorem 3.3 line); ``ok`` when every
    final loss is finite (it always is: a divergence raises).

Cost: the landscape is one batched loss evaluation; training is ``steps``
batched gradients.  The icosahedral example of issue 17 (rotation group of
order 60 on 12 vertices, input ``natural + trivial``, hidden ``cosets(6)``)
takes about 2 s at the default 31 x 31 grid with ``train=True``.

Examples
--------
>>> import os, tempfile
>>> out = tempfile.mkdtemp()
>>> s = draw_landscape("S3", "natural + 2*trivial", "natural + 3*trivial", grid_points=11,
...                    out=out, plot=False)
>>> s["ok"], s["checks"][0]["lines"][0]["equation"], sorted(os.listdir(out))
(True, 'theta_0 = theta_1', ['landscape.json'])
"""

from __future__ import annotations

import os

import numpy as np

from ..exceptions import InvalidValueError, ShapeError
from ..io import FigureSummary, check_output_folder, figure_summary
from ..networks.hidden import hidden_fixed_point_subspaces
from ..networks.networks import TwoLayerNet
from .figures import _write, draw_loss_grid, loss_grid_panel
from .slice_geometry import _axes, slice_hyperplanes
from .training import landscape_2d, side_fractions, slice_minima, train

__all__ = ["landscape_summary_lines", "draw_landscape", "parse_axes", "DEFAULT_GRID_POINTS"]

#: Grid points per axis of ``symtheory landscape`` (the issue's 31 x 31 = 961 points).
DEFAULT_GRID_POINTS = 31

_GOOD = 1e-6


def parse_axes(text):
    """``"A,B"`` -> ``(A, B)``, two coordinate indices.

    Examples
    --------
    >>> parse_axes("0,2")
    (0, 2)
    >>> parse_axes("0")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ShapeError: --axes must be two coordinate indices like 0,1, got '0'
    """
    parts = [p.strip() for p in str(text).split(",")]
    try:
        a = tuple(int(p) for p in parts)
    except ValueError:
        a = ()
    if len(a) != 2:
        raise ShapeError(f"--axes must be two coordinate indices like 0,1, got {text!r}")
    return a


def _suggest_axes(net, subs):
    """Coordinates (i, j) set equal by the first Theorem 3.3 hyperplane, if any."""
    from .slice_geometry import _merged_pair
    for s in subs:
        if s.theorem_3_3:
            pair = _merged_pair(s.space.labels, net.weight_space.labels)
            if pair:
                return pair
    return None


def draw_landscape(group, input, hidden, axes=(0, 1), seed=0, grid_points=DEFAULT_GRID_POINTS,
                   lim=3.0, train_steps=None, lr=None, activation="relu", out=".", plot=True,
                   name="landscape"):
    """Draw the loss of a network on a 2-D slice, with its fixed-point hyperplanes.

    Parameters
    ----------
    group, input, hidden
        As for :class:`~symtheory.networks.networks.TwoLayerNet` (output "sum").
    axes : pair of int, default (0, 1)
        The swept raw coordinates (``symtheory hom`` lists them as theta_k).
    seed : int, default 0
        Teacher seed: ``net.random_weights(seed)``.
    grid_points : int, default :data:`DEFAULT_GRID_POINTS`
    lim : float, default 3.0
        The grid is ``[-lim, lim]`` for both axes.
    train_steps : int, optional
        Also train from every grid point for this many steps (``None``: no
        training).
    lr : float, optional
        Step of the training; default ``1 / lambda_max`` (never NaN: see
        :func:`symtheory.landscape.training.train`).
    activation : {"relu", "erf"}
    out : str or path, default "."
        Folder for ``NAME.json`` and ``NAME.png``.
    plot : bool, default True
    name : str, default "landscape"

    Returns
    -------
    FigureSummary
        The JSON summary (module docstring); shows its PNG in Jupyter.

    Raises
    ------
    ShapeError, InvalidValueError
        Bad axes, grid, seed; ``OutputError`` when ``out`` names a file.
    DivergenceError
        Training at a given ``lr`` diverged (the message names a step to try).

    Examples
    --------
    >>> import tempfile
    >>> s = draw_landscape("S3", "natural", "2*natural", axes=(0, 2), grid_points=9,
    ...                    out=tempfile.mkdtemp(), plot=False, train_steps=5)
    >>> [ln["equation"] for ln in s["checks"][0]["lines"]]
    ['theta_0 = -0.1321', 'theta_2 = 0.1049']
    >>> s["checks"][2]["check"], s["checks"][2]["lr_source"], s["checks"][2]["ok"]
    ('training', 'curvature', True)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidValueError(f"seed must be a non-negative integer, got {seed!r}")
    grid_points = int(grid_points)
    if grid_points < 2:
        raise ShapeError("the grid needs at least 2 points per axis")
    if not (np.isfinite(lim) and lim > 0):
        raise InvalidValueError(f"lim must be a positive number, got {lim!r}")
    if train_steps is not None and int(train_steps) < 0:
        raise InvalidValueError("the number of training steps must be at least 0")
    check_output_folder(out)
    net = TwoLayerNet(group, input, hidden)
    axes = _axes(net, axes)
    V = net.random_weights(seed=int(seed))
    grid = np.linspace(-float(lim), float(lim), grid_points)
    subs = hidden_fixed_point_subspaces(net, max_codim=1)
    every = slice_hyperplanes(net, V, axes, which="all", subspaces=subs)
    thm = tuple(ln for ln in every if ln.theorem_3_3)
    land = landscape_2d(net, V, axes, grid, activation)
    mins = slice_minima(net, V, axes, grid, activation, hyperplanes=thm)
    labels = (f"$\\theta_{{{axes[0]}}}$", f"$\\theta_{{{axes[1]}}}$")
    names = net.weight_space.names
    a0, a1 = axes
    reason = None
    if not thm:
        pair = _suggest_axes(net, subs)
        reason = ("no Theorem 3.3 hyperplane of this network cuts the slice of axes "
                  f"({a0}, {a1})" + (f"; try --axes {pair[0]},{pair[1]}" if pair else
                                     "; the network has none"))
    checks = [{"check": "hyperplanes", "seed": int(seed), "axes": [a0, a1],
               "lines": [ln.as_dict() for ln in every], "ok": True if thm else None,
               "reason": reason}]
    teach = [m for m in mins if m.side == "teacher"]
    ok = bool(teach and teach[0].loss < 1e-10)
    checks.append({"check": "minima", "minima": [m.as_dict() for m in mins], "ok": ok,
                   "reason": None if ok else "no teacher-side minimum with loss below 1e-10"})
    title = (f"G of order {net.group.order}, input {net.input.name}, hidden {net.hidden.name}: "
             f"slice of $\\theta_{{{a0}}}$, $\\theta_{{{a1}}}$")
    panels = [loss_grid_panel("a", "(a) loss on the slice", grid, grid, land.loss, every, mins,
                              labels, x_name=names[a0], y_name=names[a1])]
    if train_steps is not None:
        res = train(net, V, axes, grid, steps=int(train_steps), lr=lr, activation=activation,
                    hyperplanes=thm)
        fr = side_fractions(res, _GOOD) if thm else {"teacher_side": None, "other_side": None}
        fr = {k: (None if v is None or np.isnan(v) else v) for k, v in fr.items()}
        checks.append({"check": "training", "lr": res.lr, "lr_source": res.lr_source,
                       "backoffs": res.backoffs, "steps": res.steps,
                       "fraction_converged": float((res.final_loss < _GOOD).mean()), **fr,
                       "ok": bool(np.isfinite(res.final_loss).all()), "reason": None})
        panels.append(loss_grid_panel("b", f"(b) loss after {res.steps} steps (lr {res.lr:.3g})",
                                      grid, grid, res.final_loss, every, (), labels,
                                      x_name=names[a0], y_name=names[a1]))

    def draw(plt):
        fig, axs = plt.subplots(1, len(panels), figsize=(4.8 * len(panels), 4.0), squeeze=False)
        for ax, panel in zip(axs[0], panels):
            draw_loss_grid(ax, panel)
            if panel["lines"]:
                ax.legend(fontsize=6, loc="upper left", framealpha=0.6)
        fig.suptitle(title, fontsize=9)
        fig.tight_layout()
        return fig

    os.makedirs(os.fspath(out), exist_ok=True)
    summary = _write(name, out, figure_summary(name, seed, checks, panels), draw, plot)
    return FigureSummary(summary, os.path.join(os.fspath(out), f"{name}.png") if plot else None)


def landscape_summary_lines(summary, axes, seed, trained) -> list:
    """The lines ``symtheory landscape`` prints for a :func:`draw_landscape` summary.

    Examples
    --------
    >>> import tempfile
    >>> s = draw_landscape("S3", "natural + 2*trivial", "natural + 3*trivial", grid_points=5,
    ...                    out=tempfile.mkdtemp(), plot=False)
    >>> landscape_summary_lines(s, (0, 1), 0, False)[:2]
    ['slice of theta_0, theta_1 (teacher seed 0): 1 fixed-point hyperplane(s) cut it', '  theta_0 = theta_1  (Theorem 3.3)']
    """
    lines = summary["checks"][0]
    out = [f"slice of theta_{axes[0]}, theta_{axes[1]} (teacher seed {seed}): "
           f"{len(lines['lines'])} fixed-point hyperplane(s) cut it"]
    for ln in lines["lines"]:
        kind = "Theorem 3.3" if ln["theorem_3_3"] else ("hidden" if ln["hidden"] else "visible")
        out.append(f"  {ln['equation']}  ({kind})")
    if lines["reason"]:
        out.append(f"  note: {lines['reason']}")
    for m in summary["checks"][1]["minima"]:
        out.append(f"minimum ({m['side']} side) at theta = ({m['theta'][0]:.4g}, "
                   f"{m['theta'][1]:.4g}), loss {m['loss']:.3g}")
    if trained:
        t = summary["checks"][2]
        fr = ("" if t["teacher_side"] is None else
              f"; teacher side {t['teacher_side']:.3f}, other side {t['other_side']:.3f}")
        out.append(f"training: {t['steps']} steps at lr {t['lr']:.3g} ({t['lr_source']}"
                   f"{', halved %d times' % t['backoffs'] if t['backoffs'] else ''}): "
                   f"{t['fraction_converged']:.3f} of the grid below loss 1e-6{fr}")
    return out
