"""Atomic file output and optional plotting support.

Every file symtheory writes goes through :func:`atomic_write_text` or
:func:`atomic_write_bytes`: the content is written to a temporary file in the
destination folder and renamed over the target, so a failure never leaves a
half-written file behind.

matplotlib is the optional ``plot`` extra; :func:`require_matplotlib` returns
``matplotlib.pyplot`` (with the non-interactive Agg backend) or raises
:class:`MissingPlotError` saying how to install it.

Examples
--------
>>> import os, tempfile
>>> d = tempfile.mkdtemp()
>>> path = atomic_write_text(os.path.join(d, "a.txt"), "hello\\n")
>>> open(path).read()
'hello\\n'
"""

from __future__ import annotations

import contextvars
import json
import os
import sys
import tempfile

from .exceptions import SymtheoryError

__all__ = [
    "MissingPlotError",
    "OutputError",
    "atomic_write_text",
    "atomic_write_bytes",
    "atomic_write_json",
    "require_matplotlib",
    "save_figure",
    "figure_summary",
    "FigureSummary",
    "check_output_folder",
    "progress_bar",
    "SHOW_PROGRESS",
]


class MissingPlotError(SymtheoryError, ImportError):
    """matplotlib is not installed.

    A :class:`~symtheory.exceptions.SymtheoryError` and an ``ImportError``,
    so either may be caught.

    >>> issubclass(MissingPlotError, ImportError), issubclass(MissingPlotError, SymtheoryError)
    (True, True)
    """


class OutputError(SymtheoryError, OSError):
    """A result could not be written (no permission, a folder in the way, disk full).

    >>> import tempfile
    >>> try:
    ...     atomic_write_text(tempfile.mkdtemp(), "x")
    ... except OutputError as exc:
    ...     print(isinstance(exc, OSError), "folder" in str(exc))
    True True
    """


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path, data: bytes) -> str:
    """Write ``data`` to ``path`` atomically (temporary file, then rename).

    Missing parent folders are created.  Any operating-system failure is
    raised as :class:`OutputError` with a one-line message, and the target is
    left as it was.

    >>> import os, tempfile
    >>> p = atomic_write_bytes(os.path.join(tempfile.mkdtemp(), "new", "b.bin"), b"xy")
    >>> open(p, "rb").read()
    b'xy'
    >>> atomic_write_bytes(tempfile.mkdtemp(), b"x")
    Traceback (most recent call last):
    ...
    symtheory.io.OutputError: cannot write ...: it is a folder; give a file name
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write {path}: {reason}; choose another --out") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return path


def atomic_write_text(path, text: str) -> str:
    """Write ``text`` (UTF-8) to ``path`` atomically.

    >>> import os, tempfile
    >>> p = atomic_write_text(os.path.join(tempfile.mkdtemp(), "t.txt"), "caf\u00e9")
    >>> open(p, encoding="utf-8").read(), os.path.getsize(p)
    ('café', 5)
    """
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path, obj, indent: int = 2) -> str:
    """Serialize ``obj`` as JSON and write it atomically.

    >>> import os, tempfile, json
    >>> p = atomic_write_json(os.path.join(tempfile.mkdtemp(), "x.json"), {"a": 1})
    >>> json.load(open(p))
    {'a': 1}
    """
    return atomic_write_text(path, json.dumps(obj, indent=indent, sort_keys=False) + "\n")


def require_matplotlib():
    """Return ``matplotlib.pyplot`` with the Agg backend, or raise MissingPlotError.

    >>> plt = require_matplotlib()
    >>> plt.get_backend().lower()
    'agg'
    """
    try:
        import matplotlib
    except ImportError:
        raise MissingPlotError(
            "matplotlib is not installed, so no PNG was drawn; "
            "install it with: pip install 'symtheory[plot]'") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    return plt


def save_figure(fig, path, dpi: int = 120) -> str:
    """Save a matplotlib figure to ``path`` atomically and close it.

    The format is taken from the file extension (PNG when there is none).

    >>> import os, tempfile
    >>> plt = require_matplotlib()
    >>> fig, ax = plt.subplots()
    >>> p = save_figure(fig, os.path.join(tempfile.mkdtemp(), "f.png"))
    >>> open(p, "rb").read(4)[1:]  # the PNG signature
    b'PNG'
    """
    import io as _io
    buf = _io.BytesIO()
    fig.savefig(buf, format=os.path.splitext(os.fspath(path))[1].lstrip(".") or "png", dpi=dpi,
                bbox_inches="tight")
    import matplotlib.pyplot as plt
    plt.close(fig)
    return atomic_write_bytes(path, buf.getvalue())


def figure_summary(name, seed, checks, panels) -> dict:
    """The one JSON layout of every figure: ``{figure, seed, ok, checks, panels}``.

    ``checks`` are the per-claim records (each with ``ok``: True, False, or
    None for no verdict, and ``reason``); top-level ``ok`` is true when no
    check is false.  ``panels`` are the plotted data (see
    :mod:`symtheory.landscape.figures` for the panel kinds).

    >>> figure_summary("fig4", 0, [{"ok": True, "reason": None}], [])["ok"]
    True
    >>> figure_summary("fig12", 0, [{"ok": False, "reason": "x"}, {"ok": None}], [])["ok"]
    False
    """
    checks = list(checks)
    return {"figure": str(name), "seed": int(seed),
            "ok": not any(c.get("ok") is False for c in checks),
            "checks": checks, "panels": list(panels)}


class FigureSummary(dict):
    """A figure's JSON summary (a plain ``dict``) that shows its PNG in Jupyter.

    It *is* the dict written to ``figN.json`` (equal to it, serialisable with
    :mod:`json`, indexable as before); the only addition is ``_repr_png_``,
    which IPython calls to display the object, so ``reproduce("fig4")`` as
    the last line of a notebook cell shows the figure inline (and a plain
    Python prompt still prints the dict).  The PNG is read from ``png_path``
    when displayed; without one (``plot=False``) the text form is shown.

    Its ``repr`` is one line (the figure, its verdict, how many checks and
    panels), not the megabytes of grids it holds; ``dict(summary)`` or
    ``json.dumps(summary)`` give everything.

    >>> s = FigureSummary({"figure": "fig4", "seed": 0, "ok": True, "checks": [{}], "panels": []})
    >>> s == {"figure": "fig4", "seed": 0, "ok": True, "checks": [{}], "panels": []}
    True
    >>> s._repr_png_() is None, isinstance(s, dict)
    (True, True)
    >>> s
    FigureSummary(figure='fig4', seed=0, ok=True, 1 checks, 0 panels)
    """

    def __init__(self, data, png_path=None):
        super().__init__(data)
        self.png_path = None if png_path is None else os.fspath(png_path)

    def __repr__(self):
        n = {k: len(self[k]) for k in ("checks", "panels") if isinstance(self.get(k), list)}
        parts = [f"{k}={self[k]!r}" for k in ("figure", "seed", "ok") if k in self]
        parts += [f"{v} {k}" for k, v in n.items()]
        if self.png_path:
            parts.append(f"png={self.png_path!r}")
        return f"FigureSummary({', '.join(parts)})"

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def _repr_png_(self):
        """The PNG bytes for IPython's display, or None when there is no PNG."""
        if self.png_path and os.path.isfile(self.png_path):
            with open(self.png_path, "rb") as fh:
                return fh.read()
        return None


_FILE_SUFFIXES = (".png", ".json", ".pdf", ".svg", ".jpg", ".jpeg")


def check_output_folder(out, what="the PNG and JSON") -> str:
    """Refuse an ``--out`` that names a file where a folder is meant.

    An existing non-folder, or a name ending in a file suffix such as
    ``.png`` (which would otherwise become a folder of that name), raises
    :class:`OutputError` with one line saying what to pass instead.

    >>> import tempfile
    >>> check_output_folder(tempfile.mkdtemp()) is not None
    True
    >>> check_output_folder("fig4.png")
    Traceback (most recent call last):
    ...
    symtheory.io.OutputError: --out is a folder for the PNG and JSON, but 'fig4.png' names a file; pass a folder such as --out figures
    """
    path = os.fspath(out)
    if os.path.exists(path) and not os.path.isdir(path):
        raise OutputError(f"--out is a folder for {what}, but {path!r} is an existing file; "
                          "pass a folder such as --out figures")
    if not os.path.isdir(path) and path.lower().endswith(_FILE_SUFFIXES):
        raise OutputError(f"--out is a folder for {what}, but {path!r} names a file; "
                          "pass a folder such as --out figures")
    return path


#: Whether :func:`progress_bar` may draw (``reproduce(..., progress=False)`` sets it off).
SHOW_PROGRESS = contextvars.ContextVar("symtheory_show_progress", default=True)


def progress_bar(iterable, desc, unit="it", total=None):
    """``iterable`` wrapped in a tqdm bar on stderr, or unchanged.

    The bar is drawn only when :data:`SHOW_PROGRESS` is on, stderr is a
    terminal and tqdm is installed; otherwise the iterable is returned as
    it is (so output piped to a file stays clean).

    >>> list(progress_bar(range(3), "test"))       # stderr is no terminal here
    [0, 1, 2]
    """
    if not (SHOW_PROGRESS.get() and getattr(sys.stderr, "isatty", lambda: False)()):
        return iterable
    try:
        from tqdm import tqdm
    except ImportError:   # no tqdm: no bar, never an error
        return iterable
    return tqdm(iterable, desc=desc, unit=unit, total=total, file=sys.stderr, leave=False)
