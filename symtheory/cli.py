"""The ``symtheory`` command line.

Commands (each takes ``--format table|json|csv|markdown|latex`` and
``--out FILE``, written atomically):

* ``symtheory subgroups GROUP``: conjugacy classes of subgroups;
* ``symtheory preps GROUP``: transitive p-reps and dim Hom_G(G/H_i, G/H_j);
* ``symtheory hom GROUP --input EXPR --output EXPR``: the equivariant weight space;
* ``symtheory hidden GROUP --input EXPR --hidden EXPR [--output sum|EXPR] [--max-codim K]``;
* ``symtheory table [--groups ...] [--input EXPR] [--max-degree N]``: the catalog;
* ``symtheory reproduce FIG [--seed S] [--out DIR]``: a figure of the paper;
* ``symtheory critical --neurons K --inputs D --teacher identity --isotropy "diag(S(K-1,1))"``:
  critical points through a fixed-point subspace (``--isotropy all-young``: every
  diagonal Young subgroup with at most 3 parts).

Bad input prints one line ``symtheory: error: ...`` on stderr and exits 2.
Ctrl-C (SIGINT) or SIGTERM at any moment, start-up included (from the first
line of ``symtheory/__init__``, see :mod:`symtheory.interrupts`), prints
``symtheory: interrupted`` and exits 130, resp. 143, without a traceback; a
file being written keeps its old content and no temporary is left.  What
``--out`` does with links, devices and read-only files: :mod:`symtheory.io`.

Examples
--------
>>> main(["subgroups", "S3", "--format", "csv"])
index,order,length,normalizer_order,structure,generators
0,1,1,6,1,
1,2,3,2,C2,"(1,2)"
2,3,1,6,C3,"(1,2,3)"
3,6,1,6,S3,"(1,2,3); (1,2)"
0
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import sympy

from .exceptions import SymtheoryError
from .validation import MAX_SEED, MAX_STEPS, parse_int
from .interrupts import MESSAGE as _INTERRUPTED, Interrupted, catching_signals, held, received
from .algebra.groups import parse_group
from .io import atomic_write_text
from .networks.networks import TwoLayerNet
from .algebra.reps import parse_rep
from .tables import (CATALOG_COLUMNS, DEFAULT_CATALOG_GROUPS, FORMATS, _latex_escape,
                     catalog_rows, format_table, hidden_report, preps_report, subgroups_report)

__all__ = ["main", "build_parser"]


class _UsageError(SymtheoryError, ValueError):
    """Bad command-line usage."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        raise _UsageError(f"{message} (see `{self.prog} --help`)")

    def _get_values(self, action, arg_strings):
        # argparse drops a lone "--" given as a value (--max-codim=--) and passes
        # on an empty list instead of a string or number: refuse it here
        if action.option_strings and arg_strings == ["--"]:
            self.error(f"argument {'/'.join(action.option_strings)}: expected a value, got '--'")
        return super()._get_values(action, arg_strings)


def _int_option(what, low=0, high=None):
    """An argparse type: ASCII digits (argparse's int takes '٣', '1_0', ' -3') within bounds."""
    def read(text):
        try:
            return parse_int(text, what, low=low, high=high)
        except SymtheoryError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    read.__name__ = what
    return read


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symtheory`` command.

    >>> args = build_parser().parse_args(["hidden", "S3", "--input", "natural",
    ...                                   "--hidden", "2*natural", "--max-codim", "1"])
    >>> args.command, args.hidden, args.max_codim, args.format
    ('hidden', '2*natural', 1, 'table')
    """
    p = _Parser(prog="symtheory",
                description="Hidden symmetries and loss landscapes of equivariant networks "
                            "(Xie & Smidt, arXiv 2506.02269).")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, required=True)

    def common(sp, out_help="write the output to FILE instead of stdout (atomically; a device "
                            "or FIFO is written to, a link followed; - is stdout)"):
        sp.add_argument("--format", choices=FORMATS, default="table", help="output format")
        sp.add_argument("--out", metavar="FILE", help=out_help)

    sp = sub.add_parser("subgroups", help="conjugacy classes of subgroups of GROUP")
    sp.add_argument("group", help='S<n>, A<n>, C<n>, D<n>, V4, Q8 or "(1,2,3),(1,2)"')
    common(sp)
    sp = sub.add_parser("preps", help="transitive permutation representations of GROUP")
    sp.add_argument("group")
    common(sp)
    sp = sub.add_parser("hom", help="equivariant weight space Hom_G(X, Y)")
    sp.add_argument("group")
    sp.add_argument("--input", required=True, help='input p-rep X, e.g. "natural + trivial"')
    sp.add_argument("--output", required=True, help="output p-rep Y")
    sp.add_argument("--parameterization", default="raw", choices=["raw", "orthonormal", "rescaled"])
    shown = sp.add_mutually_exclusive_group()
    shown.add_argument("--basis", dest="show_basis", action="store_const", const=True,
                       help=f"print the orbital basis even when W has more than {BASIS_ENTRIES} "
                            "entries")
    shown.add_argument("--dim-only", dest="show_basis", action="store_const", const=False,
                       help="print only the dimension (counted without building W)")
    common(sp)
    sp = sub.add_parser("hidden", help="hidden fixed-point subspaces of a two-layer network")
    sp.add_argument("group")
    sp.add_argument("--input", required=True)
    sp.add_argument("--hidden", required=True)
    sp.add_argument("--output", default="sum", help='"sum" (default) or an output p-rep')
    sp.add_argument("--max-codim", type=_int_option("--max-codim"), default=None)
    common(sp)
    sp = sub.add_parser("table", help="table of hidden subspaces over a catalog of architectures")
    sp.add_argument("--groups", nargs="+", default=list(DEFAULT_CATALOG_GROUPS))
    sp.add_argument("--input", default="natural + trivial")
    sp.add_argument("--max-degree", type=_int_option("--max-degree", 1, MAX_CATALOG_DEGREE),
                    default=12)
    sp.add_argument("--max-codim", type=_int_option("--max-codim"), default=None)
    sp.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    common(sp)
    sp = sub.add_parser("reproduce", help="redraw a figure of the paper (PNG + JSON)")
    sp.add_argument("figure", help="fig4 ... fig13")
    sp.add_argument("--seed", type=_int_option("--seed", 0, MAX_SEED), default=0)
    sp.add_argument("--out", metavar="DIR", default=".",
                    help="folder for the PNG and JSON: an existing folder, or a new one whose "
                         "parent exists")
    _add_critical_parser(sub, common)
    return p


def _add_critical_parser(sub, common):
    sp = sub.add_parser(
        "critical", help="critical points of the teacher-student loss on a fixed-point subspace",
        description="Critical points of E[(f(x;W) - f(x;V))^2] (no factor 1/2) on Fix(H), each "
                    "classified with the full Hessian. Examples: symtheory critical --neurons 7 "
                    "--inputs 7 --teacher identity --isotropy 'diag(S(6,1))'; symtheory critical "
                    "--neurons 6 --inputs 6 --isotropy all-young --format csv")
    sp.add_argument("--neurons", type=_int_option("--neurons", 1, MAX_CRITICAL_SIZE),
                    required=True, metavar="K", help="student neurons k")
    sp.add_argument("--inputs", type=_int_option("--inputs", 1, MAX_CRITICAL_SIZE),
                    required=True, metavar="D", help="input dimension d")
    sp.add_argument("--teacher", default="identity",
                    help='"identity" (V = I_D) or a .json / .csv / .txt file holding V')
    sp.add_argument("--isotropy", required=True,
                    help='"diag(S(a,b,...))", "S(a,...) x S(c,...)" or "all-young"')
    sp.add_argument("--activation", default="relu", help="relu (default) or erf")
    sp.add_argument("--starts", type=_int_option("--starts", 0, MAX_STEPS), default=20,
                    help="random starts per subgroup")
    sp.add_argument("--seed", type=_int_option("--seed", 0, MAX_SEED), default=0)
    sp.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    common(sp)


def _emit(text: str, out) -> None:
    if out and out != "-":  # "-": stdout, as usual
        atomic_write_text(out, text + "\n")
    else:
        sys.stdout.write(text + "\n")


def _cmd_subgroups(a):
    rep = subgroups_report(a.group)
    cols = ["index", "order", "length", "normalizer_order", "structure", "generators"]
    text = format_table(rep["classes"], cols, a.format, meta=rep)
    if a.format == "table":
        g = rep["group"]
        text = (f"{g['name']}: order {g['order']}, degree {g['degree']}, "
                f"{len(rep['classes'])} classes, {rep['n_subgroups']} subgroups\n" + text)
    return text


def _cmd_preps(a):
    rep = preps_report(a.group)
    if a.format == "json":
        return json.dumps(rep, indent=2)
    rows = []
    for r, dims in zip(rep["preps"], rep["hom_dims"]):
        row = dict(r)
        row.update({f"hom{j}": d for j, d in enumerate(dims)})
        rows.append(row)
    cols = ["index", "degree", "stabilizer_class", "structure"] + \
        [f"hom{j}" for j in range(len(rep["preps"]))]
    return format_table(rows, cols, a.format)


def _cmd_hom(a):
    G = parse_group(a.group)
    from .algebra.equivariant import equivariant_basis
    from .algebra.reps import hom_dimension
    X, Y = parse_rep(G, a.input), parse_rep(G, a.output)
    entries = X.degree * Y.degree
    show = a.show_basis if a.show_basis is not None else entries <= BASIS_ENTRIES
    if not show:  # only the dimension, by orbit counting
        dim = hom_dimension(X, Y)
        head = (f"dim Hom_{G.name}({X.name}, {Y.name}) = {dim}; W has shape "
                f"({Y.degree}, {X.degree}) (basis not printed: {entries} entries; --basis "
                "prints it)")
        if a.format == "json":
            return json.dumps({"dim": dim, "shape": [Y.degree, X.degree], "labels": None,
                               "names": None}, indent=2)
        if a.format == "csv":
            return format_table([{"dim": dim}], ["dim"], "csv")
        return f"% {head}" if a.format == "latex" else head
    V = equivariant_basis(X, Y, a.parameterization)
    if a.format == "json":
        return json.dumps({"dim": V.dim, "shape": list(V.shape), "labels": V.labels.tolist(),
                           "names": V.names}, indent=2)
    rows = [{"theta": f"theta_{k}", "name": n, "entries": int(s)}
            for k, (n, s) in enumerate(zip(V.names, V.sizes))]
    head = f"dim Hom_{G.name}({X.name}, {Y.name}) = {V.dim}; W has shape {V.shape}"
    if a.format == "latex":  # the basis as a tabular, then the matrix as a display equation
        arrow = r"$\leftarrow$"
        body = "\n".join(
            f"$\\theta_{{{k}}}$ & {_latex_escape(r['name']).replace('<-', arrow)} "
            f"& {r['entries']} \\\\" for k, r in enumerate(rows))
        return (f"% {head}\n\\begin{{tabular}}{{llr}}\n\\hline\n"
                "parameter & orbital & entries \\\\\n\\hline\n"
                f"{body}\n\\hline\n\\end{{tabular}}\n"
                f"\\[\n W(\\theta) = {sympy.latex(V.matrix())}\n\\]")
    table = format_table(rows, ["theta", "name", "entries"], a.format)
    if a.format == "csv":
        return table
    if entries > MATRIX_ENTRIES:  # W(theta) itself would be unreadable
        return f"{head}\n\n{table}"
    if a.format == "markdown":
        return f"{head}\n\n{table}\n\n$$W(\\theta) = {sympy.latex(V.matrix())}$$"
    return f"{head}\n\n{table}\n\nW(theta) =\n{sympy.pretty(V.matrix(), use_unicode=False)}"


#: Largest --max-degree of ``table`` (the catalog lists p-reps up to that degree).
MAX_CATALOG_DEGREE = 1000
#: Largest --neurons / --inputs of ``critical`` (the Hessian has (k d)^2 entries).
MAX_CRITICAL_SIZE = 100

#: ``hom`` prints the basis while W has at most this many entries (else only the dim).
BASIS_ENTRIES = 1_000_000
#: ``hom`` prints the symbolic W(theta) while W has at most this many entries.
MATRIX_ENTRIES = 400


def _cmd_hidden(a):
    if a.max_codim is not None and a.max_codim < 0:
        raise _UsageError("--max-codim must be at least 0")
    net = TwoLayerNet(a.group, a.input, a.hidden, output=a.output)
    rep = hidden_report(net, a.max_codim)
    cols = ["partition", "dim", "codim", "hidden", "lemma_3_2", "theorem_3_3"]
    rows = []
    for s in rep["subspaces"]:
        r = dict(s)
        r["partition"] = " ".join("{" + ",".join(map(str, b)) + "}" for b in s["partition"])
        rows.append(r)
    text = format_table(rows, cols, a.format, meta=rep)
    if a.format == "table":
        nv = rep["n_visible_symmetries"]
        text = (f"{net!r}\ndim Theta~ = {rep['theta_dim']}, |P~| = "
                f"{'too large to count' if nv is None else nv}, "
                f"{len(rows)} subspaces ({sum(s['hidden'] for s in rep['subspaces'])} hidden)\n"
                + text)
    return text


def _cmd_table(a):
    if a.max_degree < 1:
        raise _UsageError("--max-degree must be at least 1")
    for g in a.groups:  # fail fast on a bad name, before any work
        parse_group(g)
    progress = None if a.quiet else (lambda s: print(s, file=sys.stderr, flush=True))
    rows = catalog_rows(a.groups, a.input, a.max_degree, a.max_codim, progress)
    return format_table(rows, CATALOG_COLUMNS, a.format,
                        meta={"input": a.input, "max_degree": a.max_degree, "rows": rows})


def _cmd_reproduce(a):
    from .paper import FIGURES, reproduce
    from .io import MissingPlotError
    if a.figure not in FIGURES:
        raise _UsageError(f"unknown figure {a.figure!r}; choose one of {', '.join(FIGURES)}")
    _check_out_folder(a.out)  # before the progress line: a refusal is one line
    print(f"reproduce: {a.figure} (seed {a.seed}) into {a.out} ...", file=sys.stderr, flush=True)
    base = os.path.join(a.out, a.figure)
    try:
        reproduce(a.figure, seed=a.seed, out=a.out)
    except MissingPlotError as exc:  # the JSON is written before any plotting
        print(f"symtheory: warning: {str(exc).splitlines()[0]}", file=sys.stderr)
        return f"wrote {base}.json"
    return f"wrote {base}.json and {base}.png"


def _check_out_folder(out):
    """--out of reproduce: an existing folder, or a new one whose parent folder exists."""
    parent = os.path.dirname(os.path.abspath(out))
    if os.path.isdir(out):
        return
    if os.path.lexists(out):
        raise _UsageError(f"--out {out}: a file of that name is in the way; give a folder")
    if not os.path.isdir(parent):
        raise _UsageError(f"--out {out}: its parent folder {parent} does not exist; create it "
                          "first or give an existing folder")


def _critical_teacher(a):
    if a.teacher.strip() == "identity":
        import numpy as np
        return np.eye(a.inputs)
    import numpy as np
    try:
        if a.teacher.endswith(".json"):
            with open(a.teacher) as fh:
                V = np.array(json.load(fh), dtype=float)
        else:
            V = np.loadtxt(a.teacher, delimiter="," if a.teacher.endswith(".csv") else None,
                           ndmin=2)
    except (OSError, ValueError, TypeError) as exc:
        raise _UsageError(f"cannot read the teacher from {a.teacher!r} ({exc}); give "
                          "'identity' or a file holding a real matrix") from None
    return V


def _cmd_critical(a):
    from .landscape.critical import critical_report
    from .landscape.weight_model import WeightModel
    if a.neurons < 1 or a.inputs < 1:
        raise _UsageError("--neurons and --inputs must be at least 1")
    if a.starts < 0:
        raise _UsageError("--starts must be at least 0")
    V = _critical_teacher(a)
    model = WeightModel(V, k=a.neurons, activation=a.activation)
    if model.d != a.inputs:
        raise _UsageError(f"the teacher has d = {model.d} columns but --inputs is {a.inputs}")
    spec = a.isotropy.strip()
    if (spec == "all-young" or spec.startswith("diag")) and \
            (V.shape[0] != V.shape[1] or a.neurons != a.inputs):
        raise _UsageError(f"{spec} needs a square teacher and k = d; the teacher is "
                          f"{V.shape[0]} x {V.shape[1]}, k = {a.neurons}, d = {a.inputs}")
    progress = None if a.quiet else (lambda t: print(t, file=sys.stderr, flush=True))
    rep = critical_report(model, spec, a.starts, a.seed, progress)
    cols = ["fixed_dim", "loss", "grad_norm", "hessian_min", "index", "type", "isotropy"]
    if spec == "all-young":
        cols = ["subgroup"] + cols
    rows = []
    for p in rep["critical_points"]:
        r = {c: p.get(c, rep["fixed_dim"]) for c in cols}
        if a.format != "json":
            r.update(loss=f"{p['loss']:.10g}", grad_norm=f"{p['grad_norm']:.2e}",
                     hessian_min=f"{p['hessian_min']:.6g}")
        rows.append(r)
    text = format_table(rows, cols, a.format, meta=rep)
    if a.format == "table":
        classes = {}  # conjugate copies share loss, isotropy type and spectrum
        for p in rep["critical_points"]:
            if p["type"] == "minimum" and p["loss"] > 1e-10:
                key = (round(p["loss"], 8), p["isotropy"], round(p["hessian_min"], 6))
                classes[key] = classes.get(key, 0) + 1
        note = "; ".join(f"{key[0]:.6g} {key[1]} (x{n})" for key, n in sorted(classes.items())) \
            or "none"
        text = (f"k = {rep['k']}, d = {rep['d']}, {rep['activation']}, isotropy "
                f"{rep['isotropy']}, {len(rows)} critical points\n{text}\n"
                f"spurious minima (loss, isotropy, times found): {note}")
    return text


_COMMANDS = {"subgroups": _cmd_subgroups, "preps": _cmd_preps, "hom": _cmd_hom,
             "hidden": _cmd_hidden, "table": _cmd_table, "reproduce": _cmd_reproduce,
             "critical": _cmd_critical}


def main(argv=None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input, 130/143 interrupted).

    ``argv`` is the list of arguments after ``symtheory`` (default: ``sys.argv[1:]``).
    Bad input prints one line on stderr and returns 2.  During the run SIGINT
    and SIGTERM raise :class:`~symtheory.interrupts.Interrupted` (so writes
    clean up); either ends the run with ``symtheory: interrupted`` on stderr
    and status 130 (SIGINT) or 143 (SIGTERM).  Any exception that follows a
    signal counts as that interrupt (numpy can turn a ``KeyboardInterrupt``
    into a ``TypeError``).  The previous signal handlers are restored on return.

    >>> import tempfile
    >>> out = os.path.join(tempfile.mkdtemp(), "hom.json")
    >>> main(["hom", "S3", "--input", "trivial", "--output", "natural", "--format", "json",
    ...       "--out", out])
    0
    >>> json.load(open(out))["dim"]
    1
    >>> import contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     status = main(["subgroups", "(1,2"])
    >>> status, err.getvalue().splitlines()[0][:40]
    (2, 'symtheory: error: unbalanced parentheses')
    """
    received()  # forget signals of an earlier run in this process
    with catching_signals(force=True):
        try:
            args = build_parser().parse_args(argv)
            text = _COMMANDS[args.command](args)
            if args.command == "reproduce":
                print(text, file=sys.stderr)
            else:
                _emit(text, args.out)
            sys.stdout.flush()
        except BaseException as exc:
            with held(discard=True):  # a second Ctrl-C must not cut the report short
                return _status_of(exc)
    return 0


def _status_of(exc: BaseException) -> int:
    """Report an exception that ended the run as one line; its exit status (re-raise bugs)."""
    signals = received()
    if isinstance(exc, KeyboardInterrupt) or signals:
        signum = exc.signum if isinstance(exc, Interrupted) else (signals or [2])[0]
        print(_INTERRUPTED, file=sys.stderr, flush=True)
        return 128 + signum
    if isinstance(exc, SymtheoryError):
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"symtheory: error: {msg}", file=sys.stderr)
        return 2
    raise exc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
