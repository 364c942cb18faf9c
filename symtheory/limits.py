"""Per-task limits: run a call in a forked child with a time and a memory limit.

The census runs every task through :func:`run_limited`, so that a task that
would run for hours or exhaust memory is stopped and reported instead of
taking its worker (or the whole run) down.

How
---
A child process is forked once per process (so once per Dask worker) and
reused for task after task; the caller sends it the pickled call through a
pipe and waits for the pickled answer with ``select`` until the deadline.

* Time: past ``Limits.seconds`` the child is killed (SIGKILL) and replaced;
  the answer is ``timeout``.
* Memory: the child's address space is capped with ``RLIMIT_AS`` at what it
  mapped when forked plus ``Limits.memory_mb``; an allocation beyond raises
  ``MemoryError`` in the child (answer ``too_large``, child replaced).  A
  child killed from outside (the kernel's OOM killer) is also ``too_large``.
  symtheory's own refusals of work that is too large (``OrderLimitError``,
  ``SearchLimitError``) are ``too_large`` as well; any other exception is
  ``error`` with its message.
* The child ignores Ctrl-C (the caller handles it and kills the child) and
  dies with its parent (``PR_SET_PDEATHSIG``).  Linux only.

Examples
--------
>>> run_limited(divmod, (7, 2))
{'status': 'ok', 'value': (3, 1), 'message': None}
>>> run_limited(divmod, (7, 0))["status"]
'error'
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import time
import warnings
from dataclasses import dataclass

from .exceptions import OrderLimitError, SearchLimitError

__all__ = ["Limits", "run_limited"]


@dataclass(frozen=True)
class Limits:
    """Per-task limits: wall-clock seconds and megabytes of new address space.

    ``None`` switches a limit off; ``Limits(None, None)`` still isolates each
    task in a child process.

    >>> Limits(), Limits(seconds=5).memory_mb
    (Limits(seconds=600.0, memory_mb=4000), 4000)
    """

    seconds: float | None = 600.0
    memory_mb: int | None = 4000



def _address_space_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _send(fd, payload: bytes) -> None:
    data = struct.pack("!Q", len(payload)) + payload
    while data:
        data = data[os.write(fd, data):]


def _recv(fd, deadline=None):
    """A length-prefixed message; None at end of file; "timeout" past the deadline."""
    buf, need, size = b"", 8, None
    while len(buf) < need:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                return "timeout"
        chunk = os.read(fd, max(need - len(buf), 1 << 16))
        if not chunk:
            return None
        buf += chunk
        if size is None and len(buf) >= 8:
            size = struct.unpack("!Q", buf[:8])[0]
            need = 8 + size
    return buf[8:need]


def _serve(rfd, wfd, limits):  # pragma: no cover - runs in the forked child
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
    except Exception:
        pass
    if limits.memory_mb is not None:
        import resource
        cap = _address_space_bytes() + int(limits.memory_mb) * 2 ** 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, resource.RLIM_INFINITY))
    while True:
        msg = _recv(rfd)
        if msg is None:
            os._exit(0)
        try:
            fn, args = pickle.loads(msg)
            out = {"status": "ok", "value": fn(*args), "message": None}
        except MemoryError:
            out = {"status": "too_large", "value": None,
                   "message": f"over the memory limit of {limits.memory_mb} MB"}
        except (OrderLimitError, SearchLimitError) as exc:
            out = {"status": "too_large", "value": None, "message": str(exc).splitlines()[0]}
        except BaseException as exc:  # noqa: BLE001 - reported in the row, never lost
            text = str(exc).splitlines()[0] if str(exc) else ""
            out = {"status": "error", "value": None, "message": f"{type(exc).__name__}: {text}"}
        try:
            _send(wfd, pickle.dumps(out))
        except MemoryError:
            _send(wfd, pickle.dumps({"status": "too_large", "value": None,
                                     "message": "over the memory limit"}))


class _Sandbox:
    """One forked child that runs tasks in turn; replaced when it is killed or fails."""

    def __init__(self):
        self.pid = None

    def _start(self, limits):
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        with warnings.catch_warnings():  # Python >= 3.12 warns about fork with threads
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(down_w)
            os.close(up_r)
            _serve(down_r, up_w, limits)
        os.close(down_r)
        os.close(up_w)
        self.pid, self.owner, self.limits = pid, os.getpid(), limits
        self.down, self.up = down_w, up_r

    def stop(self):
        if self.pid is None or self.owner != os.getpid():
            self.pid = None
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.down)
        os.close(self.up)
        self.pid = None

    def run(self, fn, args, limits):
        if self.pid is not None and (self.owner != os.getpid() or self.limits != limits):
            self.stop()
        if self.pid is None:
            self._start(limits)
        deadline = None if limits.seconds is None else time.monotonic() + limits.seconds
        try:
            _send(self.down, pickle.dumps((fn, args)))
            msg = _recv(self.up, deadline)
        except BaseException:  # interrupted: the child may be mid-task
            self.stop()
            raise
        if msg == "timeout":
            self.stop()
            return {"status": "timeout", "value": None,
                    "message": f"over the time limit of {limits.seconds:g} s"}
        if msg is None:  # killed without a word: the kernel's OOM killer, most likely
            self.stop()
            return {"status": "too_large", "value": None, "message": "the task was killed"}
        out = pickle.loads(msg)
        if out["status"] == "too_large":  # a MemoryError leaves the child's heap in doubt
            self.stop()
        return out


_SANDBOX = _Sandbox()  # per process (each Dask worker has its own)


def run_limited(fn, args=(), limits: Limits | None = Limits()) -> dict:
    """Run ``fn(*args)`` under ``limits``; ``{"status", "value", "message"}``.

    The call runs in a child process forked once per process and reused
    (Linux), so neither running out of memory nor running forever harms the
    caller; a child that goes over a limit is killed and replaced.  ``fn``
    and its result must pickle.  ``limits=None`` calls ``fn`` here, unguarded.

    >>> run_limited(sum, ([1, 2, 3],))
    {'status': 'ok', 'value': 6, 'message': None}
    >>> run_limited(time.sleep, (5,), Limits(seconds=0.2))["status"]
    'timeout'
    >>> run_limited(bytearray, (2 ** 31,), Limits(memory_mb=100))["status"]
    'too_large'
    """
    if limits is None:
        return {"status": "ok", "value": fn(*args), "message": None}
    return _SANDBOX.run(fn, args, limits)
