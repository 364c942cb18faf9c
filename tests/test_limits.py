"""Per-task limits: a reused child process, killed and replaced past a limit."""

import os
import signal

from symtheory.limits import Limits, run_limited


def _pid():
    return os.getpid()


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


def _spin():
    while True:
        pass


def test_the_child_is_reused_and_is_not_the_caller():
    lim = Limits(seconds=60, memory_mb=500)
    a = run_limited(_pid, (), lim)["value"]
    b = run_limited(_pid, (), lim)["value"]
    assert a == b != os.getpid()


def test_a_task_past_its_time_is_killed_and_the_child_replaced():
    lim = Limits(seconds=0.5, memory_mb=500)
    before = run_limited(_pid, (), lim)["value"]
    out = run_limited(_spin, (), lim)
    assert out["status"] == "timeout" and "0.5 s" in out["message"]
    after = run_limited(_pid, (), lim)["value"]
    assert after != before
    try:
        os.kill(before, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive, "the timed-out child was left running"


def test_memory_over_the_limit_is_too_large_and_the_caller_survives():
    out = run_limited(bytearray, (2 ** 32,), Limits(memory_mb=200))
    assert out["status"] == "too_large" and "200 MB" in out["message"]
    assert run_limited(sum, ([1, 2],), Limits(memory_mb=200))["value"] == 3


def test_a_child_killed_from_outside_is_too_large():
    assert run_limited(_die, (), Limits())["status"] == "too_large"
    assert run_limited(sum, ([4],), Limits())["status"] == "ok"


def test_errors_are_reported_with_their_message():
    out = run_limited(int, ("x",), Limits())
    assert out["status"] == "error" and out["message"].startswith("ValueError: invalid literal")


def test_no_limits_run_here():
    assert run_limited(_pid, (), None)["value"] == os.getpid()
