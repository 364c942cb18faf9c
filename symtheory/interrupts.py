"""Ctrl-C and SIGTERM: clean interruption of writes and of the ``symtheory`` command.

Three tools, standard library only (this module is imported first, before
SymPy and numpy, so that it works while they load):

* :func:`catching_signals` -- inside the block SIGINT and SIGTERM raise
  :class:`Interrupted` (a ``KeyboardInterrupt``), so ``finally`` clauses run
  (the writers of :mod:`symtheory.io` remove their temporary files there).
  On leaving, the previous handlers are back; an :class:`Interrupted` for a
  SIGTERM whose previous disposition was the default is then re-delivered, so
  the process still dies of SIGTERM, only without debris.
* :func:`held` -- inside the block the two signals are held back and handled
  when it ends (used while the renames of a group of files are committed).
* :func:`guard_console_start` -- called at the top of ``symtheory/__init__``:
  when the running program is the ``symtheory`` console script, a signal
  during start-up (the heavy imports) prints ``symtheory: interrupted`` and
  exits at once with ``128 + signal number`` (130 for SIGINT, 143 for
  SIGTERM), with no traceback.  Library users are not affected.

Exit statuses follow the shell convention ``128 + N`` for death by signal N.
Signal handlers can only be set in the main thread; elsewhere these tools
change nothing and Python's defaults apply.

Examples
--------
>>> import os, signal
>>> try:
...     with catching_signals():
...         os.kill(os.getpid(), signal.SIGINT)
...         import time; time.sleep(5)          # interrupted here
... except Interrupted as exc:
...     print(exc.signum == signal.SIGINT, exc.exit_status)
True 130
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

__all__ = ["Interrupted", "catching_signals", "held", "received", "guard_console_start",
           "SIGNALS", "MESSAGE"]

#: The signals handled like Ctrl-C.
SIGNALS = (signal.SIGINT, signal.SIGTERM)

#: The message printed when the command is interrupted.
MESSAGE = "symtheory: interrupted"

_hold_depth = 0
_pending: list = []
_received: list = []


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; a ``KeyboardInterrupt``, so existing handlers catch it.

    Attributes
    ----------
    signum : int
        The signal number.
    exit_status : int
        ``128 + signum``, the shell's status for death by that signal.

    Examples
    --------
    >>> import signal
    >>> exc = Interrupted(signal.SIGTERM)
    >>> isinstance(exc, KeyboardInterrupt), exc.exit_status, str(exc)
    (True, 143, 'SIGTERM')
    """

    def __init__(self, signum: int):
        self.signum = int(signum)
        super().__init__(signal.Signals(self.signum).name)

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


#: ["in hook"] while the unraisable hook runs, ["sent"] until a re-sent interrupt is raised.
_redelivering: list = []


def _raise_interrupted(signum, frame):
    if _redelivering and _redelivering[0] == "in hook":
        return          # arrived inside the unraisable hook itself: the resender sends it again
    _redelivering.clear()
    _received.append(signum)
    if _hold_depth:
        _pending.append(signum)
        return
    raise Interrupted(signum)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def received():
    """The signals caught by this module's handler since the last call (and clear the record).

    The command line uses it to recognise an exception that is only the
    consequence of an interrupt (numpy, for one, can turn a
    ``KeyboardInterrupt`` raised inside a comparison into a ``TypeError``).

    >>> import os, signal, time
    >>> _ = received()                         # start afresh
    >>> try:
    ...     with catching_signals():
    ...         os.kill(os.getpid(), signal.SIGINT)
    ...         time.sleep(5)
    ... except Interrupted:
    ...     pass
    >>> received() == [signal.SIGINT], received()
    (True, [])
    """
    out = list(_received)
    _received.clear()
    return out


@contextlib.contextmanager
def catching_signals(force: bool = False):
    """Inside the block SIGINT and SIGTERM raise :class:`Interrupted`.

    Only signals left at Python's defaults are taken over (SIGINT's
    ``default_int_handler``, SIGTERM's ``SIG_DFL``), so a program that set
    its own handlers keeps them; ``force=True`` (the command line) takes
    both over whatever they were, except that an ignored signal (a
    background job, ``nohup``) always stays ignored.  On leaving, the
    previous handlers are restored.  If an :class:`Interrupted` for SIGTERM
    leaves the block and SIGTERM's previous disposition was the default,
    the signal is re-sent after the handlers are restored, so the process
    ends as SIGTERM would have ended it (its ``finally`` clauses, such as the
    removal of temporary files, have run by then).  An interrupt raised where
    Python cannot pass it on (inside a ``__del__`` method or a weakref
    callback, where it would be printed as "Exception ignored" and lost) is
    sent again instead, so it surfaces at the next ordinary line.

    Examples
    --------
    >>> import signal
    >>> before = signal.getsignal(signal.SIGTERM)
    >>> with catching_signals():
    ...     signal.getsignal(signal.SIGTERM) is not before
    True
    >>> signal.getsignal(signal.SIGTERM) is before
    True
    """
    if not _in_main_thread():
        yield
        return
    defaults = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
    previous = {}
    old_hook = sys.unraisablehook
    for sig in SIGNALS:
        old = signal.getsignal(sig)
        if old is _raise_interrupted or old is signal.SIG_IGN:
            continue   # ours already, or ignored (a background job, nohup): stays so
        if not (force or old is defaults[sig]):
            continue
        previous[sig] = old
        signal.signal(sig, _raise_interrupted)
    if previous:
        sys.unraisablehook = _redeliver_swallowed(old_hook)
    try:
        yield
    except Interrupted as exc:
        _restore(previous, old_hook)
        if previous.get(exc.signum, None) is signal.SIG_DFL:
            os.kill(os.getpid(), exc.signum)      # dies here, as SIGTERM would have
        raise
    finally:
        _restore(previous, old_hook)


def _restore(previous, old_hook):
    _redelivering.clear()        # a resender still waiting stops: the handler is going
    for sig, old in previous.items():
        signal.signal(sig, old)
    if previous:
        sys.unraisablehook = old_hook


def _redeliver_swallowed(old_hook):
    """An unraisablehook: an Interrupted raised where Python cannot propagate it (a
    ``__del__``, a weakref callback) is not printed but sent again, to be raised at the
    next point where it can propagate (sent from a helper thread a moment later, so
    that it is not raised inside this hook itself)."""
    def hook(unraisable):
        if not isinstance(unraisable.exc_value, Interrupted):
            old_hook(unraisable)
            return
        signum = unraisable.exc_value.signum
        _redelivering[:] = ["in hook"]
        try:
            threading.Thread(target=_resend, args=(signum,), daemon=True).start()
        finally:
            _redelivering[:] = ["sent"]
    return hook


def _resend(signum):
    # until the handler has raised it (and cleared the mark): a signal that lands while
    # the hook still runs is dropped by the handler, so send it again a moment later
    while _redelivering:
        time.sleep(0.002)
        if _redelivering and _redelivering[0] == "sent":
            os.kill(os.getpid(), signum)
            time.sleep(0.05)


@contextlib.contextmanager
def held(discard: bool = False):
    """Hold SIGINT and SIGTERM back during the block; handle them when it ends.

    Effective where :func:`catching_signals` has installed this module's
    handler; a signal held back then raises :class:`Interrupted` right after
    the block (or, with ``discard=True``, is dropped: for the report of an
    interrupt already being handled), so the block is never cut in the
    middle.

    Examples
    --------
    >>> import os, signal
    >>> done = []
    >>> try:
    ...     with catching_signals(), held():
    ...         os.kill(os.getpid(), signal.SIGINT)
    ...         done.append("the block ran to its end")
    ... except Interrupted:
    ...     done.append("then the interrupt")
    >>> done
    ['the block ran to its end', 'then the interrupt']
    """
    global _hold_depth
    if not _in_main_thread():   # signals are handled in the main thread only
        yield
        return
    _hold_depth += 1
    try:
        yield
    finally:
        _hold_depth -= 1
        if discard:
            _pending.clear()
        if not _hold_depth and _pending:
            signum = _pending[0]
            _pending.clear()
            raise Interrupted(signum)


def _exit_now(signum, frame):
    try:
        os.write(2, (MESSAGE + "\n").encode())
    finally:
        os._exit(128 + signum)


def _is_console_script(argv0: str) -> bool:
    name = os.path.basename(argv0)
    for suffix in ("-script.pyw", "-script.py", ".exe"):   # the Windows launchers
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name == "symtheory"


def _is_module_run(orig_argv) -> bool:
    """``python -m symtheory ...`` (while the package imports, argv[0] is still "-m")."""
    args = list(orig_argv or [])
    for i, a in enumerate(args[1:], 1):
        if a == "-m":
            return i + 1 < len(args) and args[i + 1] in ("symtheory", "symtheory.cli")
        if a.startswith("-m"):
            return a[2:] in ("symtheory", "symtheory.cli")
        if not a.startswith("-"):
            return False
    return False


def guard_console_start() -> bool:
    """When running as the ``symtheory`` command, exit cleanly on a signal during start-up.

    The console script runs ``from symtheory.cli import main``, which
    imports this package, SymPy and numpy (seconds) before ``main`` can
    install its handlers.  Called first thing in ``symtheory/__init__``, this
    installs, for SIGINT and SIGTERM still at Python's defaults, a handler
    that prints ``symtheory: interrupted`` and ends the process at once with
    status ``128 + signum`` (nothing has been written yet, so there is
    nothing to clean up).  :func:`symtheory.cli.main` replaces it with
    :func:`catching_signals` for the run and puts it back after.  It does
    nothing (and returns False) unless ``sys.argv[0]`` is the ``symtheory``
    script (or the run is ``python -m symtheory``) and this is the main thread, so ``import symtheory`` in a
    program or notebook keeps Python's usual ``KeyboardInterrupt``.

    Examples
    --------
    >>> guard_console_start()     # under pytest, argv[0] is not the console script
    False
    """
    argv = getattr(sys, "argv", None) or [""]
    ours = _is_console_script(argv[0]) or _is_module_run(getattr(sys, "orig_argv", None))
    if not ours or not _in_main_thread():
        return False
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _exit_now)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_now)
    return True
