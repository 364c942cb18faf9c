"""Bad input, fuzzed: the parsers, every CLI command in-process, and the numeric API.

What the fuzz proves, for the inputs it draws (hypothesis, ``derandomize=True``,
so every run draws the same inputs):

* only :class:`~symtheory.exceptions.SymtheoryError` subclasses escape the
  Python API;
* the CLI returns 0 or 2, and on 2 prints exactly one line
  ``symtheory: error: ...`` on stderr;
* no call runs past :data:`CALL_BOUND` seconds.  The bound is a per-call
  alarm of the harness (``signal.setitimer``), not a timed assert: the
  alarm fires only when a call hangs.  An exception raised by the alarm
  can be converted by numpy into another type (a ``TypeError`` "Cannot
  compare structured arrays" out of ``np.unique``); the harness records
  that the alarm fired, so such an exception counts as a hang, not a crash.
  symtheory's own time caps (``stabilizers.time_capped``) keep this alarm.
  Ctrl-C and SIGTERM are not swallowed: they stop the run.

The inputs mix well-formed values of small size (real work, cheap) with
hostile ones: huge numbers, non-ASCII digits, NaN and infinities, wrong
types, a lone ``--`` as an option value, truncated grammar.  Sizes that
would be legitimately long are drawn only in forms symtheory must refuse up
front: the well-formed named groups take n <= 6, the others a hostile n (or
what free text gives).  ``table --groups S7 --max-degree=1`` is real work of
about 4 s on an idle machine (more under load): the 96 classes of subgroups
of S7 are enumerated to number them (``cosets(95)`` is the whole group), and
--max-degree then keeps only the two rows of the block S7/S7.

Profiles: the default run tries about 1,200 inputs (well under 30 s);
``SYMTHEORY_FUZZ=large`` raises the example counts so that about 25,000
inputs are tried (no shrinking there), and :func:`test_counts_report` prints
the counts, in all and per target (run with ``-s``; :data:`SLOW_LOG` lists
the slow calls).

The issue's list of inputs (issue 18, "Why") is tested one by one in
:func:`test_issue_input_cli` and :func:`test_issue_input_api`, each with a
1-second alarm.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import math
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from symtheory.algebra.groups import parse_cycles, parse_group
from symtheory.algebra.reps import parse_rep
from symtheory.cli import main
from symtheory.exceptions import SymtheoryError
from symtheory.interrupts import Interrupted
from symtheory.landscape.loss import expected_loss
from symtheory.landscape.relaxation import relax
from symtheory.landscape.training import landscape_2d, train
from symtheory.networks.networks import TwoLayerNet
from symtheory.paper import reproduce

LARGE = os.environ.get("SYMTHEORY_FUZZ", "").lower() == "large"
#: Seconds any one fuzzed call may run (the issue: no hang over 10 s).
CALL_BOUND = 10.0
COUNTS = {"inputs": 0, "crashes": 0, "hangs": 0}
#: The same counts per target (the called function: cli is the command line in-process).
TARGETS: dict = {}


def _count(fn, what):
    COUNTS[what] += 1
    per = TARGETS.setdefault(fn.__name__, {"inputs": 0, "crashes": 0, "hangs": 0})
    per[what] += 1


def _examples(n, large):
    """``n`` examples by default, ``large`` with SYMTHEORY_FUZZ=large (>= 20,000 in all; no
    shrinking there: a hang shrunk costs up to CALL_BOUND a step, the raw input is reported)."""
    phases = [p for p in Phase if p != Phase.shrink] if LARGE else list(Phase)
    return settings(max_examples=large if LARGE else n, derandomize=True, database=None,
                    deadline=None, suppress_health_check=list(HealthCheck), print_blob=False,
                    phases=phases)


class _Hang(BaseException):
    """Raised by the harness alarm; a BaseException so no except-Exception swallows it."""


@contextlib.contextmanager
def _alarm(seconds):
    fired = []

    def ring(signum, frame):
        fired.append(True)
        raise _Hang(f"call ran past {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


#: SYMTHEORY_FUZZ_LOG=FILE: every call of more than a second is appended to FILE (to find
#: the slow targets of a long run).
SLOW_LOG = os.environ.get("SYMTHEORY_FUZZ_LOG")
if SLOW_LOG:  # kill -USR1 <pid> appends the stack of the running call (even inside C code)
    faulthandler.register(signal.SIGUSR1, file=open(SLOW_LOG, "a"), all_threads=False)


@contextlib.contextmanager
def _log_if_slow(fn, args, kwargs):
    start = time.perf_counter()
    try:
        yield
    finally:
        spent = time.perf_counter() - start
        if SLOW_LOG and spent > 1.0:
            with open(SLOW_LOG, "a") as log:
                log.write(f"{spent:6.2f} s {fn.__name__}{_show(args, kwargs)}\n")


def bounded(fn, *args, seconds=CALL_BOUND, **kwargs):
    """Call ``fn``; return its value or the SymtheoryError it raised; fail on anything else."""
    _count(fn, "inputs")
    with _alarm(seconds) as fired, _log_if_slow(fn, args, kwargs):
        try:
            return fn(*args, **kwargs)
        except SymtheoryError as exc:
            if fired:
                _count(fn, "hangs")
                pytest.fail(f"hang: {fn.__name__}{_show(args, kwargs)} ran past {seconds} s")
            return exc
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as symtheory's Interrupted: stop the run
            raise
        except BaseException as exc:
            if fired:  # the alarm's exception, possibly converted by numpy
                _count(fn, "hangs")
                pytest.fail(f"hang: {fn.__name__}{_show(args, kwargs)} ran past {seconds} s")
            _count(fn, "crashes")
            pytest.fail(f"crash: {fn.__name__}{_show(args, kwargs)} raised "
                        f"{type(exc).__name__}: {str(exc)[:200]}")


def _show(args, kwargs):
    text = ", ".join([repr(a)[:400] for a in args] + [f"{k}={v!r}"[:80] for k, v in kwargs.items()])
    return f"({text})"


def run_cli(argv, seconds=CALL_BOUND):
    """Run the CLI in-process under the alarm; (status, stderr lines)."""
    err, out = io.StringIO(), io.StringIO()

    def cli(argv):
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            return main(list(argv))
    status = bounded(cli, argv, seconds=seconds)
    assert not isinstance(status, SymtheoryError), f"main raised {status!r} for {argv!r}"
    if status in (128 + signal.SIGINT, 128 + signal.SIGTERM):  # main caught a signal: pass it on
        raise Interrupted(status - 128)
    return status, err.getvalue().splitlines()


def assert_cli_contract(argv, status, lines):
    assert status in (0, 2), f"{argv!r}: exit {status}"
    if status == 2:
        assert len(lines) == 1 and lines[0].startswith("symtheory: error: "), \
            f"{argv!r}: stderr {lines!r}"


# -- strategies ------------------------------------------------------------------

DIGITS_HOSTILE = ["0", "1", "3", "-1", "00", "1_0", " 2", "٣", "²", "١", "9" * 19,
                  "9" * 4301, "9223372036854775808", "1000000000000000000", "100001", "1e3",
                  "3.0", "", "--", "nan", "inf"]
numbers_text = st.one_of(st.integers(0, 6).map(str), st.sampled_from(DIGITS_HOSTILE),
                         st.integers(-10 ** 30, 10 ** 30).map(str))
small_group = st.sampled_from(["S3", "S4", "A4", "C4", "D4", "V4", "C2xC2", "S3xC2", "Q8",
                               "(1,2,3),(1,2)", "(1,2)(3,4),(1,3)(2,4)", "D3", "C6"])
tiny_group = st.sampled_from(["C1", "C2", "C3", "S2", "S3", "V4"])
LETTERS = ["S", "A", "C", "D", "s", "X", "T", "Q", "V", "PSL(2,"]


@st.composite
def group_specs(draw):
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(small_group)
    if kind == 1:
        return draw(st.sampled_from(LETTERS)) + draw(numbers_text)
    if kind == 2:  # products of tiny groups (the real work stays short), some factors hostile
        parts = draw(st.lists(st.one_of(tiny_group, st.sampled_from(LETTERS).flatmap(
            lambda L: numbers_text.map(lambda n: L + n))), min_size=2, max_size=3))
        return draw(st.sampled_from(["x", "X", " x "])).join(parts)
    if kind == 3:
        return draw(cycle_strings())
    return draw(st.text(alphabet="()0123456789,SACDxV ٣²-", max_size=12))


@st.composite
def cycle_strings(draw):
    def cycle():
        pts = draw(st.lists(st.one_of(st.integers(0, 9).map(str), numbers_text),
                            min_size=0, max_size=4))
        return "(" + ",".join(pts) + ")"
    gens = ["".join(cycle() for _ in range(draw(st.integers(1, 3))))
            for _ in range(draw(st.integers(1, 3)))]
    text = ",".join(gens)
    if draw(st.booleans()):  # damage it
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "(", ")", ",", "((", "a", " "])) + text[cut:]
    return text


TERMS = ["trivial", "natural", "regular", "cosets(0)", "cosets(1)", "cosets((1,2))",
         "cosets(S(2,1))", "cosets(S(1,1,1))", "cosets(S(3))", "natral", "cosets()",
         "cosets((4))", "cosets(²)", "cosets(١)", "cosets(S(a))", "natural^2", "trivial^0"]


@st.composite
def rep_exprs(draw):
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        factors = draw(st.lists(st.sampled_from(TERMS), min_size=1, max_size=2))
        body = "@".join(factors)
        if draw(st.booleans()):
            body += "^" + draw(st.one_of(st.integers(0, 3).map(str), numbers_text))
        if draw(st.booleans()):
            body = draw(st.one_of(st.integers(0, 3).map(str), numbers_text)) + "*" + body
        terms.append(body)
    text = " + ".join(terms)
    if draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "(", ")", "+", "*", "@", "^", "--"])) + \
            text[cut:]
    return text


option_value = st.one_of(st.integers(0, 4).map(str), numbers_text)
hostile = st.one_of(st.none(), st.booleans(), st.integers(-3, 50),
                    st.integers(10 ** 7 + 1, 10 ** 40), st.integers(-10 ** 40, -4),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3),
                    st.tuples(st.integers(0, 3)), st.just([]), st.just(np.float64(0.5)),
                    st.just(np.int64(3)), st.sampled_from([1e30, -1e300, 2.5, 1e-320]))


# -- the parsers -----------------------------------------------------------------

@_examples(150, large=5000)
@given(group_specs())
def test_fuzz_parse_group(spec):
    G = bounded(parse_group, spec)
    if not isinstance(G, SymtheoryError):
        assert G.degree >= 1 and G.order >= 1


@_examples(100, large=4000)
@given(cycle_strings())
def test_fuzz_parse_cycles(text):
    gens = bounded(parse_cycles, text)
    if not isinstance(gens, SymtheoryError):
        assert all(sorted(g) == list(range(len(g))) for g in gens)


@_examples(150, large=5000)
@given(small_group, rep_exprs())
def test_fuzz_parse_rep(group, expr):
    X = bounded(parse_rep, parse_group(group), expr)
    if not isinstance(X, SymtheoryError):
        assert X.degree == sum(d for _, d in X.summands)


# -- every command in-process ----------------------------------------------------

FORMATS = st.sampled_from(["table", "json", "csv", "markdown", "latex", "xml", "--"])


@st.composite
def cli_argvs(draw, tmp):
    cmd = draw(st.sampled_from(["subgroups", "preps", "hom", "hidden", "table", "critical",
                                "reproduce", "bogus"]))
    argv = [cmd]
    if cmd in ("subgroups", "preps"):
        argv.append(draw(st.one_of(group_specs(), small_group)))
    elif cmd == "hom":
        argv += [draw(small_group), "--input", draw(rep_exprs()), "--output", draw(rep_exprs())]
        argv += draw(st.sampled_from([[], ["--dim-only"], ["--basis"],
                                      ["--parameterization", "orthonormal"]]))
    elif cmd == "hidden":
        argv += [draw(small_group), "--input", draw(rep_exprs()), "--hidden", draw(rep_exprs())]
        if draw(st.booleans()):
            argv.append("--max-codim=" + draw(option_value))
        if draw(st.booleans()):
            argv += ["--output", draw(st.one_of(st.just("sum"), rep_exprs()))]
    elif cmd == "table":
        argv += ["--quiet", "--groups"] + draw(st.lists(
            st.one_of(st.sampled_from(["S3", "C3", "C4", "V4"]), group_specs()),
            min_size=1, max_size=2))
        argv.append("--max-degree=" + draw(st.one_of(st.integers(0, 4).map(str), numbers_text)))
        if draw(st.booleans()):
            argv.append("--max-codim=" + draw(option_value))
    elif cmd == "critical":
        k = draw(st.one_of(st.integers(1, 4).map(str), numbers_text))
        d = draw(st.one_of(st.just(k), st.integers(1, 4).map(str), numbers_text))
        iso = draw(st.sampled_from(["diag(S({a},1))", "S({a},1) x S({b})", "all-young",
                                    "diag(S(x))", "diag(S(٣))", "--", "S(99999999999999999999)"]))
        a = max(1, (int(k) - 1) if k.isascii() and k.isdigit() and len(k) < 3 else 1)
        argv += ["--quiet", f"--neurons={k}", f"--inputs={d}",
                 f"--isotropy={iso.format(a=a, b=a + 1)}",
                 f"--starts={draw(st.one_of(st.integers(0, 2).map(str), numbers_text))}",
                 f"--seed={draw(option_value)}"]
        argv += draw(st.sampled_from([[], ["--activation", "erf"], ["--activation", "tanh"],
                                      ["--teacher", "identity"],
                                      ["--teacher", str(tmp / "missing.json")]]))
    elif cmd == "reproduce":
        argv.append(draw(st.sampled_from(["fig4", "fig5", "fig12", "fig99", "FIG4", "--"])))
        argv.append("--seed=" + draw(option_value))
        argv += ["--out", draw(st.sampled_from([str(tmp / "figs"), str(tmp), "/etc/passwd",
                                                str(tmp / "no" / "such" / "dir"), "--"]))]
    if draw(st.booleans()) and cmd != "reproduce":
        argv.append("--format=" + draw(FORMATS))
    if draw(st.integers(0, 5)) == 0 and cmd != "reproduce":
        argv += ["--out", draw(st.sampled_from([str(tmp / "o.txt"), "-", "--",
                                                str(tmp / "no" / "o.txt")]))]
    return argv


def _tiny_reproduce(monkeypatch):
    """The CLI's reproduce with tiny grids and few seeds (the figures' own tests check them)."""
    import symtheory.paper as paper
    real = paper.reproduce
    tiny = {"fig4": {"grid_points": 5}, "fig5": {"grid_points": 5, "steps": 3},
            "fig12": {"grid_points": 5, "n_seeds": 1, "n_samples": 64, "Ls": (1,)}}

    def small(fig, seed=0, out=".", plot=True, **options):
        return real(fig, seed=seed, out=out, plot=False,
                    **{**tiny.get(str(fig).lower(), {}), **options})
    monkeypatch.setattr(paper, "reproduce", small)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def test_fuzz_cli(fuzz_dir, monkeypatch):
    _tiny_reproduce(monkeypatch)

    @_examples(150, large=2500)
    @given(st.data())
    def run(data):
        argv = data.draw(cli_argvs(fuzz_dir))
        status, lines = run_cli(argv)
        assert_cli_contract(argv, status, lines)
    run()


# -- the numeric API -------------------------------------------------------------

@pytest.fixture(scope="module")
def paper_net():
    net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    return net, net.random_weights(seed=0)


@_examples(120, large=2000)
@given(hostile, hostile)
def test_fuzz_random_weights(seed, scale):
    net = TwoLayerNet("S3", "natural", "natural")
    W = bounded(net.random_weights, seed=seed, scale=scale)
    if not isinstance(W, SymtheoryError):
        assert np.isfinite(W).all() and W.shape == (3, 3)


grids = st.one_of(hostile, st.lists(st.floats(-5, 5), min_size=1, max_size=5),
                  st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=3),
                  st.just([1e300, -1e300]), st.just(np.linspace(-1, 1, 3)),
                  st.tuples(st.just([0.0, 1.0]), st.just([1.0])))
axes = st.one_of(st.just((0, 1)), st.tuples(hostile, hostile), hostile,
                 st.just((float("inf"), float("inf"))), st.just((0, 0)), st.just((0, 99)))


def test_fuzz_landscape_and_train(paper_net):
    net, V = paper_net

    @_examples(120, large=1000)
    @given(grids, axes, hostile, hostile, st.sampled_from(["relu", "erf", "tanh", None]))
    def run(grid, ax, steps, lr, activation):
        land = bounded(landscape_2d, net, V, axes=ax, grid=grid, activation=activation)
        if not isinstance(land, SymtheoryError):
            assert np.isfinite(land.loss).all()
        steps = steps if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0 \
            or steps > 10 ** 7 else steps % 20  # a valid step count: keep the run short
        res = bounded(train, net, V, axes=ax, grid=grid, steps=steps, lr=lr)
        if not isinstance(res, SymtheoryError):
            assert np.isfinite(res.final_loss).all()
    run()


def test_fuzz_relax(paper_net):
    net, V = paper_net

    @_examples(60, large=300)
    @given(hostile, hostile, st.sampled_from(["gd", "lbfgs", "sgd"]), hostile)
    def run(steps, lr, method, escape):
        if isinstance(steps, int) and not isinstance(steps, bool) and 0 <= steps <= 10 ** 7:
            steps %= 15
        elif steps is None:  # the default budget (50,000 steps) is real work, not a hang
            steps = 15
        res = bounded(relax, net, V, V, method=method, steps=steps, lr=lr, escape=escape,
                      hessian_every=5)
        if not isinstance(res, SymtheoryError):
            assert np.isfinite(res.loss).all()
    run()


def test_fuzz_reproduce(fuzz_dir):
    @_examples(60, large=300)
    @given(st.sampled_from(["fig4", "fig5", "fig12", "fig99", 4, None]), hostile, hostile,
           hostile)
    def run(fig, seed, grid_points, steps):
        opts = {"grid_points": grid_points}
        if isinstance(grid_points, int) and not isinstance(grid_points, bool) and \
                2 <= grid_points <= 2000:
            opts["grid_points"] = 3 + 2 * (grid_points % 3)  # odd, small: a short run
        if fig == "fig5":
            opts["steps"] = steps % 5 if isinstance(steps, int) and not isinstance(steps, bool) \
                and 0 <= steps <= 10 ** 7 else steps
        if fig == "fig12":
            opts.update(n_seeds=1, n_samples=64, Ls=(1,))
        bounded(reproduce, fig, seed=seed, out=str(fuzz_dir / "api"), plot=False, **opts)
    run()


arrays = st.one_of(
    hostile,
    st.integers(0, 3).flatmap(lambda h: st.integers(0, 3).flatmap(
        lambda d: st.lists(st.lists(st.floats(allow_nan=True, allow_infinity=True),
                                    min_size=d, max_size=d), min_size=h, max_size=h))),
    st.just(np.full((2, 3), 1e200)), st.just(np.ones((2, 3))), st.just(np.ones((2, 3, 3))),
    st.just([[1, 2], [3]]), st.just(np.ones((2, 3), dtype=complex)),
    st.just(np.ones((10 ** 4, 1, 3))))


@_examples(150, large=3000)
@given(arrays, arrays, st.sampled_from(["relu", "erf", "gelu", 3]))
def test_fuzz_expected_loss(W, V, activation):
    L = bounded(expected_loss, W, V, activation)
    if not isinstance(L, SymtheoryError):
        assert np.isfinite(L).all() and (np.asarray(L) >= 0).all()


# -- the issue's inputs, one by one ----------------------------------------------

ISSUE_CLI = [
    ["subgroups", "(1000000000000000000)"],
    ["subgroups", "(1,9223372036854775808)"],
    ["subgroups", "(10000000,3)()(20)"],
    ["preps", "C1xC100000"],
    ["subgroups", "C" + "9" * 4301],
    ["subgroups", "D999999999999999999999999999999xD3"],
    ["hom", "A4", "--input", "9999999999999999999999999*natural + trivial", "--output",
     "natural"],
    ["hom", "S4", "--input", "cosets(²)", "--output", "natural"],
    ["subgroups", "S٣"],
    ["hom", "S3", "--input", "cosets(١)", "--output", "natural"],
    ["hom", "S3", "--input", "cosets((4))", "--output", "natural"],
    ["hidden", "S3", "--input", "natural", "--hidden", "natural", "--max-codim=--"],
    ["table", "--groups", "S3", "--max-degree=--"],
    ["reproduce", "fig4", "--seed", "-1"],
    ["reproduce", "fig4", "--seed=--"],
    ["reproduce", "fig4", "--out", "/etc/passwd"],
    ["reproduce", "fig4", "--out", "{tmp}/missing/parent"],
    ["reproduce", "fig4", "--out", "/no-such-root-folder/fig"],
    ["hidden", "D4", "--input", "2*regular + natural + 3*regular", "--hidden",
     "2*regular + 3*natural + 3*regular", "--format", "json"],
]


#: Found while fixing the issue's list (same contract): non-ASCII and huge parts of
#: Young subgroups, 10^5 summands, Lemma 3.2 counts of (h m)^2 size, an order of
#: 456,574 digits in a message, pair closures past the join budget.
FOUND_CLI = [
    ["critical", "--neurons=3", "--inputs=3", "--isotropy=diag(S(٣))"],
    ["critical", "--neurons=3", "--inputs=3", "--isotropy=diag(S(" + "9" * 5000 + "))"],
    ["critical", "--neurons=1000", "--inputs=1000", "--isotropy=diag(S(999,1))"],
    ["hom", "S3", "--input", "300000*natural", "--output", "300000*natural"],
    ["hidden", "S3", "--input", "1000*natural", "--hidden", "natural"],
    ["hidden", "S3", "--input", "natural", "--hidden", "1000*trivial"],
    ["hidden", "C2", "--input", "natural", "--hidden", "regular^12"],
    ["preps", "S100000"],
    ["hom", "S3", "--input", "natural^64", "--output", "natural"],
    ["subgroups", "S2x" * 40000 + "S2"],
]
ISSUE_CLI = ISSUE_CLI + FOUND_CLI


@pytest.mark.parametrize("argv", ISSUE_CLI, ids=lambda a: " ".join(a)[:60])
def test_issue_input_cli(argv, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    status, lines = run_cli(argv, seconds=1.0)
    assert status == 2, f"{argv!r}: exit {status}, stderr {lines!r}"
    assert len(lines) == 1 and lines[0].startswith("symtheory: error: "), lines
    assert not (tmp_path / "missing").exists()  # nothing created on refusal


def test_issue_input_as_a_process():
    """The same contract for the command run as a separate process (one input: start-up
    costs a few seconds; the in-process tests above cover the rest)."""
    argv = ISSUE_CLI[1]
    proc = subprocess.run([sys.executable, "-m", "symtheory.cli", *argv], capture_output=True,
                          text=True, timeout=120)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2 and len(lines) == 1, (proc.returncode, lines)
    assert lines[0].startswith("symtheory: error: ") and proc.stdout == ""


def test_harness_passes_interrupts_on(monkeypatch):
    """Ctrl-C and SIGTERM stop a fuzz run: the harness passes KeyboardInterrupt (and
    symtheory's Interrupted) on instead of counting it as a crash, and a CLI run that
    main ended with 130/143 (it caught the signal) raises Interrupted."""
    def interrupted():
        raise Interrupted(signal.SIGINT)
    with pytest.raises(Interrupted):
        bounded(interrupted)
    with pytest.raises(KeyboardInterrupt):
        bounded(lambda: (_ for _ in ()).throw(KeyboardInterrupt))
    import symtheory.cli as cli

    def terminated(args):
        os.kill(os.getpid(), signal.SIGTERM)  # main's handler turns it into Interrupted
        raise AssertionError("SIGTERM was not delivered")
    monkeypatch.setitem(cli._COMMANDS, "subgroups", terminated)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as info:
        run_cli(["subgroups", "S3"])
    assert info.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before  # main restored the handler


def _net():
    return TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")


ISSUE_API = [
    ("random_weights seed ''", lambda n, V, d: n.random_weights(seed="")),
    ("random_weights seed -2", lambda n, V, d: n.random_weights(seed=-2)),
    ("random_weights scale None", lambda n, V, d: n.random_weights(seed=0, scale=None)),
    ("random_weights scale 1e300 (found: overflow)",
     lambda n, V, d: n.random_weights(seed=0, scale=1e300)),
    ("train steps nan", lambda n, V, d: train(n, V, steps=float("nan"))),
    ("train steps inf", lambda n, V, d: train(n, V, steps=math.inf)),
    ("train steps None", lambda n, V, d: train(n, V, steps=None)),
    ("train lr ''", lambda n, V, d: train(n, V, lr="")),
    ("train steps 1e30", lambda n, V, d: train(n, V, steps=1e30)),
    ("relax steps inf", lambda n, V, d: relax(n, V, V, steps=math.inf)),
    ("relax steps nan", lambda n, V, d: relax(n, V, V, steps=float("nan"))),
    ("relax lr tuple", lambda n, V, d: relax(n, V, V, method="gd", lr=(0.1,))),
    ("reproduce grid_points inf", lambda n, V, d: reproduce("fig4", out=d, grid_points=math.inf)),
    ("reproduce grid_points nan",
     lambda n, V, d: reproduce("fig4", out=d, grid_points=float("nan"))),
    ("reproduce grid_points None", lambda n, V, d: reproduce("fig4", out=d, grid_points=None)),
    ("reproduce grid_points '5'", lambda n, V, d: reproduce("fig4", out=d, grid_points="5")),
    ("reproduce steps nan", lambda n, V, d: reproduce("fig5", out=d, steps=float("nan"))),
    ("reproduce seed True", lambda n, V, d: reproduce("fig4", out=d, seed=True)),
    ("reproduce seed 2.5", lambda n, V, d: reproduce("fig4", out=d, seed=2.5)),
    ("landscape_2d axes (inf, inf)",
     lambda n, V, d: landscape_2d(n, V, axes=(math.inf, math.inf))),
    ("landscape_2d grid 1e300", lambda n, V, d: landscape_2d(n, V, grid=[1e300, -1e300])),
]


@pytest.mark.parametrize("call", [c for _, c in ISSUE_API], ids=[n for n, _ in ISSUE_API])
def test_issue_input_api(call, tmp_path):
    net = _net()
    V = net.random_weights(seed=0)
    result = bounded(call, net, V, str(tmp_path / "figs"), seconds=1.0)
    assert isinstance(result, SymtheoryError), f"accepted: {result!r}"
    assert not (tmp_path / "figs").exists()  # refused before the folder is made


def test_counts_report():
    """Last in the module: the counts of this run (printed with -s; asserted clean)."""
    print(f"\nfuzz counts ({'large' if LARGE else 'default'} profile): {COUNTS['inputs']} "
          f"inputs, {COUNTS['crashes']} crashes, {COUNTS['hangs']} hangs")
    for name, c in sorted(TARGETS.items()):
        print(f"  {name}: {c['inputs']} inputs, {c['crashes']} crashes, {c['hangs']} hangs")
    assert COUNTS["crashes"] == 0 and COUNTS["hangs"] == 0
