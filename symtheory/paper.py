"""The paper's figures, one dispatcher: :func:`reproduce` for fig4 ... fig13.

``fig_deep`` (beyond the paper: Theorem 3.3 in the second hidden layer of a
three-layer S3 network) is drawn by :mod:`symtheory.landscape.deep_figures`.
Figures 4-11 (Section 4, Appendix C.1-C.2: landscapes, training, relaxation)
are drawn by :mod:`symtheory.landscape.figures`; Figures 12-13 (Appendix C.3,
spherical signals) by :mod:`symtheory.sphere.figures`.  Each writes
``figN.json`` and ``figN.png`` into a folder; their JSON contracts are in those
modules' docstrings.

Examples
--------
>>> import json, os, tempfile
>>> out = tempfile.mkdtemp()
>>> summary = reproduce("fig4", seed=0, out=out, grid_points=21, plot=False)
>>> [m["side"] for m in summary["minima"]], summary["ok"]
(['teacher', 'other'], True)
>>> sorted(json.load(open(os.path.join(out, "fig4.json"))))
['minima', 'ok', 'reason', 'seed']
"""

from __future__ import annotations

import os

from .exceptions import UnknownNameError
from .landscape.figures import LANDSCAPE_FIGURES, reproduce_landscape_figure

__all__ = ["FIGURES", "reproduce"]

#: Figure names :func:`reproduce` accepts.
FIGURES = LANDSCAPE_FIGURES + ("fig12", "fig13") + ("fig_deep",)


def reproduce(fig, seed=0, out=".", plot=True, **options):
    """Redraw a figure of the paper: write ``figN.json`` and ``figN.png`` into ``out``.

    Parameters
    ----------
    fig : str
        One of :data:`FIGURES` (``"fig4"`` ... ``"fig13"``).
    seed : int, default 0
        Teacher seed (single-seed figures) or first teacher seed (fig8-fig11).
    out : str or path, default "."
        Folder, created if missing.
    plot : bool, default True
        Draw the PNG (``False`` writes the JSON only).
    **options
        Resolution and run options, each with the paper's value as default:
        ``grid_points`` (101), ``lim`` (3.0), ``steps`` (100 for training;
        for fig6/fig7 the relaxation budget), ``lr`` (0.1), ``n_seeds`` (10),
        ``method`` (``"gd"`` or ``"lbfgs"``, fig6/fig7; ``steps`` 5000).  Tests pass coarse
        grids here.

    Returns
    -------
    dict or list
        The JSON summary (see :mod:`symtheory.landscape.figures` and
        :mod:`symtheory.sphere.figures`).

    Raises
    ------
    UnknownNameError
        ``fig`` is not a known figure, or an option it does not take.
    ShapeError
        ``grid_points < 2`` or ``n_seeds < 1``.
    MissingPlotError
        matplotlib is missing; the JSON has been written already and the
        message says ``pip install "symtheory[plot]"``.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> reproduce("fig5", out=out, grid_points=11, plot=False)["rescaled"]
    {'teacher_side': 1.0, 'other_side': 0.0}
    >>> reproduce("fig99")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.UnknownNameError: unknown figure 'fig99'; use one of fig4, fig5, fig6, fig7, fig8, fig9, fig10, fig11, fig12, fig13, fig_deep
    """
    name = str(fig).strip().lower() if isinstance(fig, str) else fig
    if name not in FIGURES:
        raise UnknownNameError(f"unknown figure {fig!r}; use one of {', '.join(FIGURES)}")
    os.makedirs(os.fspath(out), exist_ok=True)
    if name == "fig12":
        from .sphere.figures import reproduce_fig12
        return reproduce_fig12(seed=seed, out=out, plot=plot, **options)
    if name == "fig13":
        from .sphere.figures import reproduce_fig13
        return reproduce_fig13(seed=seed, out=out, plot=plot, **options)
    if name == "fig_deep":  # beyond the paper: Theorem 3.3 in the second hidden layer
        from .landscape.deep_figures import reproduce_deep_figure
        return reproduce_deep_figure(name, seed=seed, out=out, plot=plot, **options)
    return reproduce_landscape_figure(name, seed=seed, out=out, plot=plot, **options)
