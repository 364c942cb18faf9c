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
>>> [m["side"] for m in summary["checks"][0]["minima"]], summary["ok"]
(['teacher', 'other'], True)
>>> list(json.load(open(os.path.join(out, "fig4.json"))))
['figure', 'seed', 'ok', 'checks', 'panels']
"""

from __future__ import annotations

import os

import numpy as np

from .exceptions import InvalidValueError, UnknownNameError
from .io import SHOW_PROGRESS, FigureSummary, check_output_folder, make_folder
from .validation import check_run_options, check_seed
from .landscape.figures import LANDSCAPE_FIGURES, reproduce_landscape_figure

__all__ = ["FIGURES", "reproduce"]

#: Figure names :func:`reproduce` accepts.
FIGURES = LANDSCAPE_FIGURES + ("fig12", "fig13") + ("fig_deep",)


def reproduce(fig, seed=0, out=".", plot=True, progress=True, **options):
    """Redraw a figure of the paper: write ``figN.json`` and ``figN.png`` into ``out``.

    The pair is written by :func:`symtheory.io.write_figure_files`: when this
    returns or raises (an error, Ctrl-C, SIGTERM), ``out`` holds the old pair
    or the new pair, never a JSON of one run beside a PNG of another.  Both
    are made in memory, then renamed into place, the PNG first and the JSON
    (which carries the ``seed``) last, with SIGINT and SIGTERM held back
    between the renames; only a crash of the machine in between can leave a
    new PNG beside the old JSON, never a new JSON beside an old PNG.  Without
    a PNG (``plot=False``, or matplotlib missing) an older ``figN.png`` is
    removed with the new JSON written.

    Parameters
    ----------
    fig : str
        One of :data:`FIGURES` (``"fig4"`` ... ``"fig13"``).
    seed : int, default 0
        Teacher seed (single-seed figures) or first teacher seed (fig8-fig11);
        a non-negative integer.
    out : str or path, default "."
        Folder, created if missing (a name ending in ``.png`` or another file
        suffix, or an existing file, is refused).
    plot : bool, default True
        Draw the PNG (``False`` writes the JSON only).
    progress : bool, default True
        A tqdm bar on stderr (over the seeds of fig8-fig11, the
        parameterizations of fig5, the stages of fig6/fig7, the input types
        of fig12/fig13), drawn only when stderr is a terminal.
    **options
        Resolution and run options, each with the paper's value as default:
        ``grid_points`` (101), ``lim`` (3.0), ``steps`` (100 for training;
        for fig6/fig7 the relaxation budget), ``lr`` (0.1), ``n_seeds`` (10),
        ``method`` (``"gd"`` or ``"lbfgs"``, fig6/fig7; ``steps`` 5000).  Tests pass coarse
        grids here.

    Returns
    -------
    FigureSummary
        The JSON summary, ``{"figure", "seed", "ok", "checks", "panels"}``
        (see :mod:`symtheory.landscape.figures` and
        :mod:`symtheory.sphere.figures`): a ``dict`` (equal to the JSON
        written), whose ``_repr_png_`` shows the PNG when it is the last
        value of a Jupyter cell.

    Raises
    ------
    UnknownNameError
        ``fig`` is not a known figure, or an option it does not take.
    InvalidValueError
        ``seed`` is not a non-negative integer.
    OutputError
        ``out`` names a file, not a folder.
    ShapeError
        ``grid_points < 2`` or ``n_seeds < 1``.
    MissingPlotError
        matplotlib is missing; the JSON has been written (and an older PNG
        removed) and the message says ``pip install "symtheory[plot]"``.
    OutputError
        ``out`` or a file in it cannot be written (one line; nothing changed).

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> reproduce("fig5", out=out, grid_points=11, plot=False)["checks"][1]
    {'seed': 0, 'parameterization': 'rescaled', 'teacher_side': 1.0, 'other_side': 0.0, 'ok': True, 'reason': None}
    >>> reproduce("fig99")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.UnknownNameError: unknown figure 'fig99'; use one of fig4, fig5, fig6, fig7, fig8, fig9, fig10, fig11, fig12, fig13, fig_deep
    """
    name = str(fig).strip().lower() if isinstance(fig, str) else fig
    if name not in FIGURES:
        raise UnknownNameError(f"unknown figure {fig!r}; use one of {', '.join(FIGURES)}")
    seed, options = check_seed(seed), check_run_options(options)
    check_output_folder(out)
    make_folder(out)
    if name in ("fig12", "fig13"):
        from .sphere.figures import reproduce_fig12, reproduce_fig13
        token = SHOW_PROGRESS.set(bool(progress))
        try:
            fn = reproduce_fig12 if name == "fig12" else reproduce_fig13
            summary = fn(seed=seed, out=out, plot=plot, **options)
        finally:
            SHOW_PROGRESS.reset(token)
    elif name == "fig_deep":  # beyond the paper: Theorem 3.3 in the second hidden layer
        from .landscape.deep_figures import reproduce_deep_figure
        summary = reproduce_deep_figure(name, seed=seed, out=out, plot=plot, **options)
    else:
        summary = reproduce_landscape_figure(name, seed=seed, out=out, plot=plot,
                                             progress=progress, **options)
    png = os.path.join(os.fspath(out), f"{name}.png")
    return FigureSummary(summary, png if plot else None)
