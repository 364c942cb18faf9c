"""Suite-wide guards (issue 19): tests write only into temporary folders they made.

* A test or doctest that wrote ``--out /dev/null`` through a rename, run as
  root, used to replace the device by a regular file.  The state of
  ``os.devnull`` is recorded when the session starts; if it was a character
  device then and is not one at the end, the session fails with one line
  saying so (and how to repair the machine).
* Files that appear during the session in the current folder or anywhere
  in the project's folder (a default ``--out .``, a relative path, a
  notebook writing beside itself) fail the session too, named in one line;
  tool caches (``__pycache__``, ``.pytest_cache``, ``.hypothesis``, ``.git``,
  ``*.egg-info``) excepted.
"""

import os
import stat

import pytest

_AT_START = pytest.StashKey()
_CWD_AT_START = pytest.StashKey()
_CACHES = {"__pycache__", ".pytest_cache", ".hypothesis", ".git", ".ipynb_checkpoints"}


def _files(folders):
    """Every file below ``folders`` (as absolute paths), tool caches left out."""
    found = set()
    for folder in folders:
        for here, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d not in _CACHES and not d.endswith(".egg-info")]
            found.update(os.path.join(here, n) for n in names)
    return found


def _devnull_is_a_device() -> bool:
    try:
        return stat.S_ISCHR(os.stat(os.devnull).st_mode)
    except OSError:
        return False


def pytest_sessionstart(session):
    session.config.stash[_AT_START] = _devnull_is_a_device()
    folders = sorted({os.getcwd(), str(session.config.rootpath)})
    session.config.stash[_CWD_AT_START] = (folders, _files(folders))


def _fail(session, message):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"\nERROR: {message}", red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_sessionfinish(session, exitstatus):
    if session.config.stash.get(_AT_START, False) and not _devnull_is_a_device():
        _fail(session, f"{os.devnull} is no longer a character device after the test suite: "
                       "a test replaced it; repair with "
                       "`rm /dev/null && mknod -m 666 /dev/null c 1 3`")
    folders, before = session.config.stash.get(_CWD_AT_START, ([], set()))
    new = sorted(_files(folders) - before)
    if new:
        _fail(session, f"the test session wrote {', '.join(new)}; tests must write only "
                       "into temporary folders they made (tmp_path, tempfile)")
