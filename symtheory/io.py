"""Safe file output and optional plotting support.

Every file symtheory writes goes through :func:`atomic_write_files` (or its
one-file forms :func:`atomic_write_bytes`, :func:`atomic_write_text`,
:func:`atomic_write_json`).  What happens depends on what the target is:

* a new path or an existing regular file: the content goes to a temporary
  file ``.tmp-*`` in the target's folder, is flushed to disk, and is renamed
  over the target, so a failure or an interrupt never leaves a half-written
  file (the temporary is removed, the old content stays).  An existing file
  keeps its permission bits (a 0600 file stays private) and, where the
  process may set them, its owner and group; a file whose mode allows no
  writing (0444) is refused with one line instead of being replaced.  A
  file with several hard links is replaced like any other (the other names
  keep the old content).
* a symbolic link: the link is followed to its final target, which is
  written as above; the link itself stays.
* a character device or a FIFO (``/dev/null``, a terminal, a named
  pipe), or a name for an open file (``/dev/stdout``, ``/dev/fd/N``,
  ``/proc/self/fd/N``, whatever it is redirected to): written to directly
  (appending), never replaced; a socket or a block device (a disk: writing a
  table over its first sectors is never what was meant) is refused.
* a folder: refused.

SIGINT and SIGTERM during a write raise
:class:`~symtheory.interrupts.Interrupted` (a ``KeyboardInterrupt``); the
temporaries are removed first, and a SIGTERM left at its default still ends
the process (see :func:`symtheory.interrupts.catching_signals`).  The
renames of a group of files are done with both signals held back, so an
interrupt never lands between them.

matplotlib is the optional ``plot`` extra; :func:`require_matplotlib` returns
``matplotlib.pyplot`` (with the non-interactive Agg backend) or raises
:class:`MissingPlotError` saying how to install it.

Examples
--------
>>> import os, stat, tempfile
>>> d = tempfile.mkdtemp()
>>> path = atomic_write_text(os.path.join(d, "a.txt"), "hello\\n")
>>> open(path).read()
'hello\\n'
>>> os.chmod(path, 0o600)
>>> os.symlink(path, os.path.join(d, "link"))
>>> _ = atomic_write_text(os.path.join(d, "link"), "bye\\n")
>>> open(path).read(), oct(stat.S_IMODE(os.stat(path).st_mode))
('bye\\n', '0o600')
>>> os.path.islink(os.path.join(d, "link"))
True
"""

from __future__ import annotations

import contextvars
import io as _bytes_io
import json
import os
import stat
import sys
import tempfile
from typing import Mapping, NamedTuple, Optional, Sequence

from .exceptions import SymtheoryError
from .interrupts import catching_signals, held

__all__ = [
    "MissingPlotError",
    "OutputError",
    "atomic_write_files",
    "atomic_write_text",
    "atomic_write_bytes",
    "atomic_write_json",
    "write_figure_files",
    "make_folder",
    "render_figure",
    "require_matplotlib",
    "save_figure",
    "figure_summary",
    "FigureSummary",
    "check_output_folder",
    "progress_bar",
    "SHOW_PROGRESS",
]

#: Bytes per ``os.write`` call.
CHUNK = 1 << 20


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


class _Target(NamedTuple):
    path: str                 # as given (and where a link points), for messages
    final: str                # the file actually written (links followed)
    direct: bool              # a device or FIFO: written in place
    exists: bool
    mode: int                 # permission bits of the new file (direct: the whole st_mode)
    owner: Optional[tuple]    # (uid, gid) to keep, or None


def _fail(target_path: str, reason: str):
    return OutputError(f"cannot write {target_path}: {reason}; choose another --out")


def _names_a_descriptor(path: str) -> bool:
    """Whether ``path`` or a link on its way is under /proc or /dev/fd (``/dev/stdout``,
    ``/dev/fd/1``, ``/proc/self/fd/1``): a name for an already open file."""
    p = os.path.abspath(path)
    for _ in range(40):  # the kernel's limit on links followed
        if p.startswith(("/proc/", "/dev/fd/")):
            return True
        if not os.path.islink(p):
            return False
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
    return False


def _plan(path) -> _Target:
    """Decide how ``path`` is written; raise OutputError for what must not be."""
    path = os.fspath(path)
    if _names_a_descriptor(path):  # e.g. --out /dev/stdout, redirected to a file or a pipe
        return _Target(path, path, True, True, 0, None)
    final = os.path.realpath(path) if os.path.islink(path) else path
    shown = path if final == path else f"{path} (a link to {final})"
    try:
        st = os.stat(final)
    except FileNotFoundError:
        return _Target(shown, final, False, False, 0o666 & ~_umask(), None)
    except OSError as exc:
        raise _fail(shown, exc.strerror or str(exc)) from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {shown}: it is a folder; give a file name")
    if stat.S_ISSOCK(mode):
        raise _fail(shown, "it is a socket, which cannot hold a file")
    if stat.S_ISBLK(mode):
        raise _fail(shown, "it is a block device (a disk); write to a file instead")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return _Target(shown, final, True, True, mode, None)
    if not mode & 0o222:
        raise OutputError(
            f"cannot write {shown}: it is read-only (mode {stat.S_IMODE(mode):04o}); "
            "make it writable (chmod u+w) or choose another --out")
    if not os.access(final, os.W_OK):
        raise _fail(shown, f"permission denied (mode {stat.S_IMODE(mode):04o}, "
                           f"owner uid {st.st_uid})")
    return _Target(shown, final, False, True, stat.S_IMODE(mode), (st.st_uid, st.st_gid))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[:CHUNK]):]


def _stage(target: _Target, data: bytes, temporaries: list) -> str:
    """Write ``data`` to a new temporary beside the target (listed in ``temporaries``)."""
    folder = os.path.dirname(os.path.abspath(target.final))
    os.makedirs(folder, exist_ok=True)
    fd = None
    try:
        with held():  # no interrupt between creating the temporary and listing it
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
            temporaries.append(tmp)
        _write_all(fd, data)
        os.chmod(tmp, target.mode)   # mkstemp makes 0600; give the target's or the usual mode
        if target.owner is not None and hasattr(os, "chown"):
            st = os.fstat(fd)
            if target.owner != (st.st_uid, st.st_gid):
                try:
                    os.chown(tmp, *target.owner)
                except PermissionError:  # only root may give a file away; keep ours
                    pass
        os.fsync(fd)
    finally:
        if fd is not None:
            os.close(fd)
    return tmp


def _write_direct(target: _Target, data: bytes) -> None:
    # never O_CREAT; O_APPEND so that `--out /dev/stdout >> log` appends to the log
    fd = os.open(target.final, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _backup(final: str) -> Optional[str]:
    """A hard link to the current content of ``final`` (for a rollback), or None."""
    for _ in range(100):
        name = os.path.join(os.path.dirname(os.path.abspath(final)),
                            f".tmp-{os.urandom(6).hex()}.old")
        try:
            os.link(final, name)
            return name
        except FileExistsError:
            continue
        except OSError:      # no hard links on this file system: no rollback
            return None
    return None


def _commit(staged, remove: Sequence[str]) -> None:
    """Rename the staged files into place in order; undo the renames if one fails."""
    for p in remove:
        if os.path.islink(p) or os.path.isfile(p):
            os.unlink(p)
    done = []
    backups = []
    try:
        for i, (target, tmp, data) in enumerate(staged):
            if target.direct:
                _write_direct(target, data)
                continue
            last = i == len(staged) - 1      # nothing after it can fail: no backup needed
            backup = _backup(target.final) if target.exists and not last else None
            if backup:
                backups.append(backup)
            done.append((target, backup, tmp))
            os.replace(tmp, target.final)
    except BaseException:
        for target, backup, tmp in reversed(done):
            if os.path.lexists(tmp):      # this rename never happened
                continue
            if backup:
                os.replace(backup, target.final)
            elif not target.exists:
                os.unlink(target.final)
        raise
    finally:
        for b in backups:
            if os.path.lexists(b):
                os.unlink(b)


def atomic_write_files(files: Mapping, remove: Sequence = ()) -> list:
    """Write several files so that they change together.

    Every target is checked first (see the module docstring for what is
    written how, and what is refused), then every file's content is written
    to its temporary, and only then are the temporaries renamed over their
    targets, in the order of ``files``, with SIGINT and SIGTERM held back
    until the last rename is done and the undo of a failed rename (the
    earlier targets get their old content back, kept meanwhile as a hard
    link) has run.  So when this returns or raises, either every target has
    its new content or every one its old (on a file system without hard
    links a failed rename cannot be undone and is reported).  The exception
    is a crash of the whole process or machine (SIGKILL, power loss) in the
    microseconds between two renames; a reader who looks in that instant
    also sees one new, one old file.
    Devices and FIFOs among the targets are written in place at their turn
    and cannot be undone.

    Parameters
    ----------
    files : mapping of path to bytes
        The targets and their contents; missing parent folders are created.
    remove : sequence of paths
        Regular files (or links) to delete just before the renames, e.g. a
        figure that no longer belongs to the new data.

    Returns
    -------
    list of str
        The paths, as given.

    Raises
    ------
    OutputError
        One line saying which path could not be written and why; nothing
        was changed.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> paths = atomic_write_files({os.path.join(d, "a.json"): b"{}\\n",
    ...                             os.path.join(d, "a.png"): b"png"})
    >>> sorted(os.listdir(d))
    ['a.json', 'a.png']
    >>> _ = atomic_write_files({os.path.join(d, "a.json"): b"[]\\n"},
    ...                        remove=[os.path.join(d, "a.png")])
    >>> sorted(os.listdir(d))
    ['a.json']
    """
    items = [(os.fspath(p), data) for p, data in files.items()]
    remove = [os.fspath(p) for p in remove]
    temporaries: list = []
    try:
        with catching_signals():
            try:
                targets = [_plan(p) for p, _ in items]
                staged = [(t, None if t.direct else _stage(t, data, temporaries), data)
                          for t, (_, data) in zip(targets, items)]
                with held():
                    _commit(staged, remove)
            finally:  # inside catching_signals: before a SIGTERM is re-sent
                for tmp in temporaries:
                    if os.path.lexists(tmp):
                        os.unlink(tmp)
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        where = exc.filename if isinstance(exc.filename, str) else ""
        if not where or os.path.basename(where).startswith(".tmp-"):
            where = " and ".join(p for p, _ in items)   # name the targets, not our temporaries
        raise _fail(where, exc.strerror or str(exc)) from None
    return [p for p, _ in items]


def atomic_write_bytes(path, data: bytes) -> str:
    """Write ``data`` to ``path`` safely: :func:`atomic_write_files` for one file.

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
    return atomic_write_files({path: data})[0]


def make_folder(path) -> str:
    """Create folder ``path`` (and its parents) if missing; one-line OutputError if impossible.

    >>> import os, tempfile
    >>> d = make_folder(os.path.join(tempfile.mkdtemp(), "a", "b"))
    >>> os.path.isdir(d)
    True
    >>> make_folder(atomic_write_text(os.path.join(d, "f"), ""))
    Traceback (most recent call last):
    ...
    symtheory.io.OutputError: cannot make folder .../a/b/f: a file of that name is in the way; ...
    """
    path = os.fspath(path)
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot make folder {path}: a file of that name is in the way; "
                          "choose another --out") from None
    except OSError as exc:
        raise OutputError(f"cannot make folder {path}: {exc.strerror or exc}; "
                          "choose another --out") from None
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


def render_figure(fig, fmt: str = "png", dpi: int = 120) -> bytes:
    """The bytes of a matplotlib figure in format ``fmt``; the figure is closed.

    >>> plt = require_matplotlib()
    >>> fig, ax = plt.subplots()
    >>> render_figure(fig)[1:4]  # the PNG signature
    b'PNG'
    """
    buf = _bytes_io.BytesIO()
    try:
        fig.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight")
    finally:
        import matplotlib.pyplot as plt
        plt.close(fig)
    return buf.getvalue()


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
    fmt = os.path.splitext(os.fspath(path))[1].lstrip(".") or "png"
    return atomic_write_bytes(path, render_figure(fig, fmt, dpi))


def write_figure_files(folder, name: str, summary, draw=None, dpi: int = 120) -> list:
    """Write ``name.json`` (``summary``) and ``name.png`` (``draw()``) into ``folder`` as one pair.

    The guarantee: when this returns or raises (an error, Ctrl-C, SIGTERM),
    the folder holds the old pair or the new pair, never a JSON of one run
    beside a PNG of another.  The summary is serialised and the figure drawn
    and encoded in memory first; nothing on disk changes until both are
    ready.  Then both go to temporaries, and the PNG, then the JSON are
    renamed into place by :func:`atomic_write_files` with SIGINT and SIGTERM
    held back until both renames are done (a failed rename puts the old
    PNG back).  Renaming the JSON last means that, even after a crash of
    the machine (SIGKILL, power loss) between the two renames, a new JSON
    (which carries the run's ``seed``) always has its new PNG beside it;
    only a new PNG beside the old JSON can be left by such a crash.

    When no PNG is drawn (``draw`` is None, or it raises
    :class:`MissingPlotError`), the JSON alone is written and an older
    ``name.png`` is removed in the same step, so the PNG in the folder always
    belongs to the JSON there; :class:`MissingPlotError` is then re-raised.

    Parameters
    ----------
    folder : str or path
        Created if missing.
    name : str
        The file names without extension, e.g. ``"fig4"``.
    summary : JSON-serialisable
    draw : callable or None
        Returns the matplotlib figure; it is closed after encoding.
    dpi : int

    Returns
    -------
    list of str
        The paths written, JSON first.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> def draw():
    ...     fig, ax = require_matplotlib().subplots()
    ...     return fig
    >>> [os.path.basename(p) for p in write_figure_files(d, "fig", {"seed": 1}, draw)]
    ['fig.json', 'fig.png']
    >>> [os.path.basename(p) for p in write_figure_files(d, "fig", {"seed": 2})]
    ['fig.json']
    >>> sorted(os.listdir(d))     # the PNG of seed 1 went with its JSON
    ['fig.json']
    """
    folder = os.fspath(folder)
    json_path = os.path.join(folder, f"{name}.json")
    png_path = os.path.join(folder, f"{name}.png")
    data = (json.dumps(summary, indent=2, sort_keys=False) + "\n").encode("utf-8")
    png = None
    if draw is not None:
        try:
            png = render_figure(draw(), "png", dpi)
        except MissingPlotError:
            atomic_write_files({json_path: data}, remove=[png_path])
            raise
    if png is None:
        atomic_write_files({json_path: data}, remove=[png_path])
        return [json_path]
    atomic_write_files({png_path: png, json_path: data})
    return [json_path, png_path]


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
