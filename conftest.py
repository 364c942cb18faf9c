"""Suite-wide guard (issue 19): the test suite must leave ``os.devnull`` a character device.

A test or doctest that writes ``--out /dev/null`` through a rename, run as
root, used to replace the device by a regular file.  The state of
``os.devnull`` is recorded when the session starts; if it was a character
device then and is not one at the end, the session fails with one line
saying so (and how to repair the machine).
"""

import os
import stat

import pytest

_AT_START = pytest.StashKey()


def _devnull_is_a_device() -> bool:
    try:
        return stat.S_ISCHR(os.stat(os.devnull).st_mode)
    except OSError:
        return False


def pytest_sessionstart(session):
    session.config.stash[_AT_START] = _devnull_is_a_device()


def pytest_sessionfinish(session, exitstatus):
    if session.config.stash.get(_AT_START, False) and not _devnull_is_a_device():
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (f"{os.devnull} is no longer a character device after the test suite: a test "
                   "replaced it; repair with `rm /dev/null && mknod -m 666 /dev/null c 1 3`")
        if reporter is not None:
            reporter.write_line(f"\nERROR: {message}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
