"""Figures 12 and 13 of the paper (Appendix C.3): S^2 loss landscapes.

:func:`reproduce_fig12` sweeps the teacher-student loss of the S^2 model
(:class:`symtheory.sphere.model.S2Model`) with input ``0 + L``, ``L = 1..4``,
over ``(theta_0, theta_1)`` for five teacher seeds, finds the minimum on each
side of the hidden fixed-point subspace ``theta_1 = 0`` and says whether the
landscape is symmetric under ``theta_1 -> -theta_1``; :func:`reproduce_fig13`
does the same for inputs ``L1 + L2`` over ``(theta_1, theta_2)``.  Each
writes ``figNN.json`` (always) and ``figNN.png`` (needs matplotlib) into
``out``, as one pair (:func:`symtheory.io.write_figure_files`: never a JSON
of one run beside a PNG of another), and returns the JSON summary, a list of
records.  The command line is ``symtheory reproduce fig12 --seed S
--out DIR`` (through :func:`symtheory.paper.reproduce`).

Setup
-----
* Model: ``lmax = 4`` (:data:`LMAX`), the default activation of
  :mod:`symtheory.sphere.model` (``sigma(z) = z/2 + z^2/4``, neither odd nor
  even, projected exactly), default (exact) quadrature.  The paper does not
  state its activation; see :mod:`symtheory.sphere.model` for why this one.
* Inputs: a fixed sample of :data:`N_SAMPLES` = 1024 standard Gaussian inputs
  per input type, ``numpy.random.default_rng([0, seed, *degrees])``, shared
  by all teachers of that input type.  Every loss is reported with its
  standard error ``std(ddof=1)/sqrt(n)`` and the sample size.
* Teachers: the record of teacher seed ``t`` has ``theta_teacher`` standard
  normal from ``numpy.random.default_rng([1, t])``; the teacher seeds of a
  run with ``seed=S`` are ``S, S+1, ..., S + n_seeds - 1`` (``n_seeds`` = 5).
* Grid: ``grid_points`` (41, odd so that 0 is on it) values on
  ``[-lim, lim]`` for both weights, ``lim`` the larger of 2.5 and 1.25 times
  the largest teacher weight of the row, rounded up to 0.5.
* Minima: on each side of the first weight of the figure's title
  (``theta_1``: weight 1 in fig12, weight 0 in fig13), SLSQP from the best
  grid point of the side, bounded to that side
  (:func:`symtheory.sphere.minima.side_minima`).  ``two_minima`` is True when
  both minimizers lie strictly inside their sides.
* Verdicts: ``minima_differ`` when the paired loss difference of the two
  minima exceeds 3 standard errors (and rounding,
  :func:`symtheory.sphere.minima.compare_minima`); ``grid_symmetric`` when no
  grid point differs from its mirror image by more than 5 standard errors
  (:func:`symtheory.sphere.minima.inversion_symmetry`); ``symmetric`` =
  ``grid_symmetric and not minima_differ``, for the flip of ``theta_1``.
  ``predicted_symmetric`` is what theory predicts for that flip: in fig12,
  symmetric for odd ``L`` (the inversion) and not for even ``L`` (a genuine
  hidden fixed-point subspace); in fig13, symmetric when the inversion flips
  ``theta_1`` alone (``L1`` odd, ``L2`` even), None (no prediction)
  otherwise.  ``agrees_with_theory`` compares the verdict with it (None
  without a prediction).  A disagreement where asymmetry is predicted means
  the asymmetry was not detected on the sample, not that it is absent.
* Cost: the default ``symtheory reproduce fig12`` (or ``fig13``) takes about
  10-15 s on a 2-core machine (PNG included) and ~0.5 GB of memory (the
  per-input losses of every landscape are kept for the paired tests).

JSON: the common layout of every figure (:mod:`symtheory.landscape.figures`),
``{"figure", "seed", "ok", "checks", "panels"}``.  ``checks`` is the list of
records below, each with ``ok`` (``agrees_with_theory``: None without a
prediction) and ``reason``; ``panels`` has one ``"loss_grid"`` per record
(``x``, ``y`` the two weights' grid values, ``loss[i][j]`` at
``(x[i], y[j])``, the line of the hidden fixed-point subspace, the two side
minima, and ``teacher``).  A record (fig12; fig13 has ``L1``, ``L2`` instead
of ``L`` and adds ``inversion_flip``, ``inversion_symmetric``)::

    {"L": 2, "seed": 0, "degrees": [0, 2], "theta_teacher": [t0, t1],
     "n_samples": 1024,
     "minima": [{"side": -1, "theta": [..], "loss": .., "se": .., "own_side": true,
                 "converged": true}, {"side": 1, ...}],
     "two_minima": true, "loss_difference": .., "loss_difference_se": ..,
     "loss_difference_z": .., "minima_differ": true, "grid_symmetric": false,
     "grid_max_z": .., "symmetric": false, "predicted_symmetric": false,
     "agrees_with_theory": true, "lmax": 4, "activation": "quadratic",
     "grid": {"points": 41, "lim": 2.5}}

Examples
--------
>>> records = fig12_records(Ls=(1,), n_seeds=1, grid_points=9, n_samples=32)
>>> (records[0]["L"], records[0]["symmetric"], len(records[0]["minima"]))
(1, True, 2)
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..exceptions import ShapeError
from ..io import (figure_summary, progress_bar, require_matplotlib, save_figure,
                  write_figure_files)
from .harmonics import _check_degree, _check_degrees
from .loss import loss_landscape, student_outputs_grid
from .minima import compare_minima, inversion_symmetry, predicted_inversion_flips, side_minima
from .model import DEFAULT_ACTIVATION, S2Model

__all__ = [
    "LMAX",
    "N_SAMPLES",
    "N_SEEDS",
    "GRID_POINTS",
    "FIG12_LS",
    "FIG13_PAIRS",
    "figure_sample",
    "teacher_theta",
    "grid_range",
    "landscape_record",
    "fig12_records",
    "fig13_records",
    "draw_landscapes",
    "reproduce_fig12",
    "reproduce_fig13",
]

LMAX = 4
"""Largest harmonic degree kept after the nonlinearity in both figures."""

N_SAMPLES = 1024
"""Size of the fixed sample of inputs of each input type."""

N_SEEDS = 5
"""Number of teacher seeds per input type."""

GRID_POINTS = 41
"""Grid values per weight (odd, so that 0 is on the grid)."""

FIG12_LS = (1, 2, 3, 4)
"""Degrees ``L`` of the input ``0 + L`` in Figure 12."""

FIG13_PAIRS = ((1, 2), (1, 3), (2, 3), (2, 4))
"""Input degrees ``(L1, L2)`` of Figure 13."""

_MINIMA_Z = 3.0
_GRID_Z = 5.0


def _check_int(v, name, low):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
        raise ShapeError(f"{name} must be an integer >= {low}, got {v!r}")
    return int(v)


def _check_grid_points(grid_points):
    g = _check_int(grid_points, "grid_points", 3)
    if g % 2 == 0:
        raise ShapeError(f"grid_points must be odd (so that 0 is on the grid), got {g}; pass e.g. {g + 1}")
    return g


def figure_sample(degrees: Sequence[int], seed: int = 0, n_samples: int = N_SAMPLES) -> np.ndarray:
    """The fixed input sample of one input type, shape ``(n_samples, dim)``.

    Drawn standard normal with ``numpy.random.default_rng([0, seed, *degrees])``.

    Parameters
    ----------
    degrees : sequence of int
    seed : int
    n_samples : int, >= 2

    Returns
    -------
    ndarray

    Examples
    --------
    >>> figure_sample((0, 1), seed=0, n_samples=4).shape
    (4, 4)
    """
    degrees = _check_degrees(degrees)
    n = _check_int(n_samples, "n_samples", 2)
    seed = _check_int(seed, "seed", 0)
    dim = sum(2 * l + 1 for l in degrees)
    return np.random.default_rng([0, seed, *degrees]).standard_normal((n, dim))


def teacher_theta(teacher_seed: int, n_theta: int = 2) -> np.ndarray:
    """Teacher weights: standard normal from ``numpy.random.default_rng([1, teacher_seed])``.

    Examples
    --------
    >>> teacher_theta(0).round(3).tolist()
    [0.346, 0.822]
    """
    teacher_seed = _check_int(teacher_seed, "teacher seed", 0)
    return np.random.default_rng([1, teacher_seed]).standard_normal(_check_int(n_theta, "n_theta", 1))


def grid_range(teachers) -> float:
    """Half-width of the grid: ``max(2.5, 1.25 max |theta|)`` rounded up to 0.5.

    Examples
    --------
    >>> grid_range([[0.3, -2.9]]), grid_range([[0.1, 0.2]])
    (4.0, 2.5)
    """
    t = np.abs(np.asarray(teachers, dtype=float))
    r = max(2.5, 1.25 * float(t.max()) if t.size else 0.0)
    return math.ceil(2 * r) / 2


def _r(v, digits=12):
    """Round floats for JSON (12 significant digits), keep ints/bools."""
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_r(u, digits) for u in np.asarray(v, dtype=float).tolist()]
    v = float(v)
    if not math.isfinite(v):
        return None
    return float(f"{v:.{digits}g}")


def landscape_record(model: S2Model, x, theta_teacher, values, minima_axis: int = 1,
                     student_outputs=None, predicted_symmetric=None):
    """Landscape, side minima and symmetry verdicts of one teacher.

    Parameters
    ----------
    model : S2Model
        A model with two weights.
    x : ndarray
        The fixed input sample.
    theta_teacher : array_like, shape (2,)
    values : ndarray
        Grid values (symmetric about 0) used for both weights.
    minima_axis : int
        Weight whose zero line separates the two minima, and whose sign flip
        is tested for symmetry (1 for input ``0 + L``).
    student_outputs : ndarray or None
        Precomputed :func:`symtheory.sphere.loss.student_outputs_grid`.
    predicted_symmetric : bool or None
        What theory predicts for the flip (stored, and compared into
        ``agrees_with_theory``); None: the inversion's prediction, i.e.
        whether the odd-degree weights are exactly ``(minima_axis,)``.

    Returns
    -------
    (dict, Landscape)
        The JSON record and the landscape.

    Examples
    --------
    >>> import numpy as np
    >>> m = S2Model((0, 2), lmax=2)
    >>> x = figure_sample(m.degrees, n_samples=1024)
    >>> rec, land = landscape_record(m, x, [1.0, 1.0], np.linspace(-2, 2, 9))
    >>> [mn["side"] for mn in rec["minima"]], rec["minima"][1]["theta"], rec["two_minima"]
    ([-1, 1], [1.0, 1.0], True)
    >>> rec["minima_differ"], rec["symmetric"], rec["predicted_symmetric"], rec["agrees_with_theory"]
    (True, False, False, True)
    """
    values = np.asarray(values, dtype=float)
    tt = model._theta(theta_teacher)
    if model.n_theta != 2:
        raise ShapeError(f"landscape_record needs a model with 2 weights, got {model.n_theta}")
    land = loss_landscape(model, x, tt, values, values, axes=(0, 1), student_outputs=student_outputs)
    minima = side_minima(model, x, land, axis=minima_axis)
    cmp = compare_minima(model, x, tt, minima[0].theta, minima[1].theta, z_crit=_MINIMA_Z)
    sym = inversion_symmetry(land, flip=(minima_axis,), z_crit=_GRID_Z)
    if predicted_symmetric is None:
        predicted_symmetric = predicted_inversion_flips(model.degrees) == (minima_axis,)
    symmetric = bool(sym.symmetric and not cmp.differ)
    rec = {
        "degrees": list(model.degrees),
        "theta_teacher": _r(tt),
        "n_samples": land.n,
        "minima": [{"side": mn.side, "theta": _r(mn.theta), "loss": _r(mn.loss), "se": _r(mn.se),
                    "own_side": mn.own_side, "converged": mn.converged} for mn in minima],
        "two_minima": bool(minima[0].own_side and minima[1].own_side),
        "loss_difference": _r(cmp.difference),
        "loss_difference_se": _r(cmp.se),
        "loss_difference_z": _r(cmp.z),
        "minima_differ": cmp.differ,
        "grid_symmetric": sym.symmetric,
        "grid_max_z": _r(sym.max_z),
        "symmetric": symmetric,
        "predicted_symmetric": bool(predicted_symmetric),
        "agrees_with_theory": symmetric == bool(predicted_symmetric),
        "lmax": model.lmax,
        "activation": model.activation,
        "grid": {"points": int(values.size), "lim": _r(values.max())},
    }
    return rec, land


def _rows(deg_list, seed, n_seeds, grid_points, n_samples, lmax, activation, minima_axis,
          desc="landscapes"):
    seed = _check_int(seed, "seed", 0)
    n_seeds = _check_int(n_seeds, "n_seeds", 1)
    grid_points = _check_grid_points(grid_points)
    lmax = _check_degree(lmax, "lmax")
    teachers = [teacher_theta(seed + s) for s in range(n_seeds)]
    lim = grid_range(teachers)
    values = np.linspace(-lim, lim, grid_points)
    records, lands = [], []
    for degrees in progress_bar(deg_list, desc, unit="input", total=len(deg_list)):
        model = S2Model(degrees, lmax=max(lmax, max(degrees)), activation=activation)
        x = figure_sample(degrees, seed, n_samples)
        grid = student_outputs_grid(model, x, values, values)
        for s, tt in enumerate(teachers):
            rec, land = landscape_record(model, x, tt, values, minima_axis, student_outputs=grid)
            records.append((seed + s, rec))
            lands.append(land)
    return records, lands


def fig12_records(seed: int = 0, Ls: Sequence[int] = FIG12_LS, n_seeds: int = N_SEEDS,
                  grid_points: int = GRID_POINTS, n_samples: int = N_SAMPLES, lmax: int = LMAX,
                  activation: str = DEFAULT_ACTIVATION, with_landscapes: bool = False):
    """The records of Figure 12: input ``0 + L``, landscape over ``(theta_0, theta_1)``.

    Parameters
    ----------
    seed : int
        First teacher seed, and seed of the input samples.
    Ls : sequence of int
        Degrees ``L >= 1``.
    n_seeds, grid_points, n_samples, lmax : int
        See the module docstring.
    activation : str
    with_landscapes : bool
        Also return the :class:`symtheory.sphere.loss.Landscape` of each record.

    Returns
    -------
    list of dict, or (list of dict, list of Landscape)
        One record per ``(L, teacher seed)``: ``{"L", "seed", "minima":
        [{"side", "theta", "loss", "se", ...}], "symmetric", ...}`` (module
        docstring).

    Examples
    --------
    >>> recs = fig12_records(Ls=(2,), n_seeds=2, grid_points=9, n_samples=512)
    >>> [(r["L"], r["seed"], r["two_minima"], r["minima_differ"]) for r in recs]
    [(2, 0, True, True), (2, 1, True, True)]
    """
    Ls = _check_degrees(Ls, "Ls")
    if min(Ls) < 1:
        raise ShapeError(f"Ls must be degrees >= 1 (input 0 + L), got {tuple(Ls)}")
    rows, lands = _rows([(0, L) for L in Ls], seed, n_seeds, grid_points, n_samples, lmax,
                        activation, minima_axis=1, desc="fig12")
    records = [dict({"L": rec["degrees"][1], "seed": s}, **rec) for s, rec in rows]
    return (records, lands) if with_landscapes else records


def fig13_records(seed: int = 0, pairs=FIG13_PAIRS, n_seeds: int = N_SEEDS,
                  grid_points: int = GRID_POINTS, n_samples: int = N_SAMPLES, lmax: int = LMAX,
                  activation: str = DEFAULT_ACTIVATION, with_landscapes: bool = False):
    """The records of Figure 13: input ``L1 + L2``, landscape over ``(theta_1, theta_2)``.

    ``theta_1`` (weight 0) multiplies the degree-``L1`` block; the minima are
    sought on either side of ``theta_1 = 0`` and ``symmetric`` is about
    ``theta_1 -> -theta_1``.  Each record also carries ``inversion_flip``,
    the weights the inversion of the sphere flips together (1-based, as in
    the paper), and ``inversion_symmetric``, the grid verdict for that joint
    flip (None when the inversion flips no weight).  ``predicted_symmetric``
    and ``agrees_with_theory`` are None unless the inversion flips
    ``theta_1`` alone.

    Parameters
    ----------
    seed : int
    pairs : sequence of (int, int)
        Input degrees ``(L1, L2)``, each ``>= 1``.
    n_seeds, grid_points, n_samples, lmax : int
    activation : str
    with_landscapes : bool

    Returns
    -------
    list of dict, or (list of dict, list of Landscape)

    Examples
    --------
    >>> recs = fig13_records(pairs=[(1, 2)], n_seeds=1, grid_points=9, n_samples=32)
    >>> r = recs[0]
    >>> r["L1"], r["L2"], r["inversion_flip"], r["inversion_symmetric"], r["symmetric"]
    (1, 2, [1], True, True)
    """
    try:
        pairs = [tuple(_check_degrees(p, "pair")) for p in pairs]
    except TypeError:
        raise ShapeError(f"pairs must be a sequence of (L1, L2), got {pairs!r}") from None
    if any(len(p) != 2 or min(p) < 1 for p in pairs) or not pairs:
        raise ShapeError(f"pairs must be (L1, L2) with L1, L2 >= 1, got {pairs!r}")
    rows, lands = _rows(pairs, seed, n_seeds, grid_points, n_samples, lmax, activation, minima_axis=0,
                        desc="fig13")
    records = []
    for (s, rec), land in zip(rows, lands):
        flips = predicted_inversion_flips(rec["degrees"])
        inv = inversion_symmetry(land, flip=flips, z_crit=_GRID_Z).symmetric if flips else None
        if flips != (0,):
            # the inversion predicts nothing about theta_1 alone (Theorem 3.3 does not apply)
            rec["predicted_symmetric"] = None
            rec["agrees_with_theory"] = None
        records.append(dict({"L1": rec["degrees"][0], "L2": rec["degrees"][1], "seed": s}, **rec,
                            inversion_flip=[k + 1 for k in flips], inversion_symmetric=inv))
    return (records, lands) if with_landscapes else records


def draw_landscapes(records, landscapes, path, title: str, row_key, minima_axis: int):
    """Draw one panel per record (rows by ``row_key``) and save a PNG atomically.

    Each panel shows ``log10`` of the loss over the grid, the teacher (red
    star), the two side minima (circles, filled white when their losses
    differ; a cross when the side has no minimum of its own and the search
    stopped at the wall), and the line ``theta = 0`` of the hidden
    fixed-point subspace (dashed).

    Parameters
    ----------
    records : list of dict
        From :func:`fig12_records` or :func:`fig13_records`.
    landscapes : list of Landscape
    path : str or path
    title : str
    row_key : callable
        ``record -> row label``; records with equal labels share a row.
    minima_axis : int

    Returns
    -------
    str
        The path written.

    Raises
    ------
    MissingPlotError
        If matplotlib is not installed.

    Examples
    --------
    >>> import os, tempfile
    >>> from symtheory.io import MissingPlotError
    >>> recs, lands = fig12_records(Ls=(1,), n_seeds=1, grid_points=5, n_samples=8, with_landscapes=True)
    >>> path = os.path.join(tempfile.mkdtemp(), "f.png")
    >>> try:
    ...     path = draw_landscapes(recs, lands, path, "title", lambda r: f"0+{r['L']}", 1)
    ... except MissingPlotError:        # without matplotlib: nothing drawn
    ...     pass
    >>> os.path.basename(path)
    'f.png'
    """
    return save_figure(_landscapes_figure(records, landscapes, title, row_key, minima_axis), path)


def _landscapes_figure(records, landscapes, title, row_key, minima_axis):
    """The figure of :func:`draw_landscapes`, not yet saved."""
    plt = require_matplotlib()
    rows = []
    for r in records:
        if row_key(r) not in rows:
            rows.append(row_key(r))
    ncols = max(sum(1 for r in records if row_key(r) == k) for k in rows)
    fig, axs = plt.subplots(len(rows), ncols, figsize=(2.6 * ncols, 2.4 * len(rows)), squeeze=False)
    for ax in axs.ravel():
        ax.set_visible(False)
    col = {k: 0 for k in rows}
    names = (r"$\theta_1$", r"$\theta_2$") if minima_axis == 0 else (r"$\theta_0$", r"$\theta_1$")
    for rec, land in zip(records, landscapes):
        i = rows.index(row_key(rec))
        ax = axs[i, col[row_key(rec)]]
        col[row_key(rec)] += 1
        ax.set_visible(True)
        a, b = land.values
        z = np.log10(land.loss + 1e-12)
        im = ax.pcolormesh(b, a, z, shading="auto", cmap="viridis")
        ax.contour(b, a, z, levels=12, colors="k", linewidths=0.3)
        if minima_axis == 1:
            ax.axvline(0.0, color="w", ls="--", lw=0.8)
        else:
            ax.axhline(0.0, color="w", ls="--", lw=0.8)
        for mn in rec["minima"]:
            face = "w" if rec["minima_differ"] else "none"
            marker = "o" if mn["own_side"] else "x"          # x: stopped at the wall theta = 0
            ax.plot(mn["theta"][1], mn["theta"][0], marker=marker, mec="w", mfc=face, ms=7, ls="none")
        t = rec["theta_teacher"]
        ax.plot(t[1], t[0], marker="*", color="r", ms=7, ls="none")
        verdict = "symmetric" if rec["symmetric"] else "asymmetric"
        ax.set_title(f"{row_key(rec)}, seed {rec['seed']}: {verdict}", fontsize=8)
        ax.set_xlabel(names[1], fontsize=7)
        ax.set_ylabel(names[0], fontsize=7)
        ax.tick_params(labelsize=6)
        cb = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.02)
        cb.ax.tick_params(labelsize=5)
        cb.set_label(r"$\log_{10}$ loss", fontsize=6)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def _reproduce(name, records_fn, seed, out, plot, row_key, minima_axis, title, options):
    allowed = {"n_seeds", "grid_points", "n_samples", "lmax", "activation",
               "Ls" if name == "fig12" else "pairs"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise ShapeError(
            f"unknown option(s) {', '.join(unknown)} for {name}; use {', '.join(sorted(allowed))}")
    records, lands = records_fn(seed=seed, with_landscapes=True, **options)
    summary = _summary(name, seed, records, lands, row_key, minima_axis)
    draw = lambda: _landscapes_figure(records, lands, title, row_key, minima_axis)  # noqa: E731
    write_figure_files(out, name, summary, draw if plot else None)
    return summary


def _summary(name, seed, records, lands, row_key, minima_axis):
    """The common figure layout: records as checks, each landscape as a loss_grid panel."""
    names = ("$\\theta_1$", "$\\theta_2$") if minima_axis == 0 else ("$\\theta_0$", "$\\theta_1$")
    line = ({"equation": "theta_1 = 0", "alpha": 1.0, "beta": 0.0, "c": 0.0} if minima_axis == 0
            else {"equation": "theta_1 = 0", "alpha": 0.0, "beta": 1.0, "c": 0.0})
    line.update(hidden=True, theorem_3_3=False)
    checks, panels = [], []
    for rec, land in zip(records, lands):
        agree = rec["agrees_with_theory"]
        reason = None if agree is not False else (
            f"the landscape is {'' if rec['symmetric'] else 'a'}symmetric, but theory predicts "
            f"{'' if rec['predicted_symmetric'] else 'a'}symmetric")
        checks.append(dict(rec, ok=agree, reason=reason))
        a, b = land.values
        panels.append({"panel": f"{row_key(rec)}, seed {rec['seed']}", "title": row_key(rec),
                       "kind": "loss_grid", "x_label": names[0], "y_label": names[1],
                       "x": _r(a), "y": _r(b), "loss": [_r(row) for row in np.asarray(land.loss)],
                       "lines": [line], "teacher": rec["theta_teacher"],
                       "minima": [{"theta": m["theta"], "loss": m["loss"], "side": m["side"]}
                                  for m in rec["minima"]]})
    return figure_summary(name, seed, checks, panels)


def reproduce_fig12(seed: int = 0, out=".", plot: bool = True, **options):
    """Reproduce Figure 12: write ``fig12.json`` and ``fig12.png`` into ``out``.

    The JSON (written with the PNG as one pair, see
    :func:`symtheory.paper.reproduce`) is the common figure layout
    (module docstring) whose ``checks`` are the records of
    :func:`fig12_records`, one per ``(L, teacher seed)``, each with ``"L"``,
    ``"seed"``, ``"minima": [{"theta", "loss", "se", ...}]`` (negative side of
    ``theta_1 = 0`` first), ``"symmetric"``, ``"ok"`` and ``"reason"``.

    Parameters
    ----------
    seed : int
        First teacher seed and seed of the input sample.
    out : str or path
        Folder, created if missing.
    plot : bool
        Draw the PNG (needs matplotlib).
    **options
        ``Ls``, ``n_seeds``, ``grid_points``, ``n_samples``, ``lmax``,
        ``activation`` of :func:`fig12_records` (defaults: the module's).

    Returns
    -------
    dict
        The summary written to ``fig12.json``.

    Raises
    ------
    MissingPlotError
        When ``plot`` and matplotlib is missing (the JSON is written, an older PNG removed).

    Examples
    --------
    >>> import json, os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> recs = reproduce_fig12(out=d, plot=False, Ls=(1, 2), n_seeds=1, grid_points=9, n_samples=256)
    >>> [(r["L"], r["symmetric"]) for r in json.load(open(os.path.join(d, "fig12.json")))["checks"]]
    [(1, True), (2, False)]
    """
    return _reproduce("fig12", fig12_records, seed, out, plot, lambda r: f"0+{r['L']}", 1,
                      r"Figure 12: input 0 + L, loss over $(\theta_0, \theta_1)$", options)


def reproduce_fig13(seed: int = 0, out=".", plot: bool = True, **options):
    """Reproduce Figure 13: write ``fig13.json`` and ``fig13.png`` into ``out``.

    The JSON (written with the PNG as one pair, see
    :func:`symtheory.paper.reproduce`) is the common figure layout whose
    ``checks`` are the records of
    :func:`fig13_records`, one per ``(L1 + L2, teacher seed)``, each with
    ``"L1"``, ``"L2"``, ``"seed"``, ``"minima": [{"theta", "loss", "se", ...}]``
    (either side of ``theta_1 = 0``), ``"symmetric"`` (under ``theta_1 ->
    -theta_1``), ``"inversion_flip"`` and ``"inversion_symmetric"``.

    Parameters
    ----------
    seed : int
    out : str or path
    plot : bool
    **options
        ``pairs``, ``n_seeds``, ``grid_points``, ``n_samples``, ``lmax``,
        ``activation`` of :func:`fig13_records`.

    Returns
    -------
    dict
        The summary written to ``fig13.json``.

    Examples
    --------
    >>> import json, os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> recs = reproduce_fig13(out=d, plot=False, pairs=[(1, 3)], n_seeds=1, grid_points=9, n_samples=64)
    >>> r = json.load(open(os.path.join(d, "fig13.json")))["checks"][0]
    >>> r["L1"], r["L2"], r["inversion_flip"], r["inversion_symmetric"], len(r["minima"])
    (1, 3, [1, 2], True, 2)
    """
    return _reproduce("fig13", fig13_records, seed, out, plot, lambda r: f"{r['L1']}+{r['L2']}", 0,
                      r"Figure 13: input L1 + L2, loss over $(\theta_1, \theta_2)$", options)
