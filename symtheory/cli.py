"""The ``symtheory`` command line.

Commands (each takes ``--format table|json|csv|markdown|latex`` and
``--out FILE``, written atomically):

* ``symtheory subgroups GROUP``: conjugacy classes of subgroups;
* ``symtheory preps GROUP``: transitive p-reps and dim Hom_G(G/H_i, G/H_j);
* ``symtheory hom GROUP --input EXPR --output EXPR``: the equivariant weight space;
* ``symtheory hidden GROUP --input EXPR --hidden EXPR [--output sum|EXPR] [--max-codim K]``;
* ``symtheory table [--groups ...] [--input EXPR] [--max-degree N]``: the catalog;
* ``symtheory reproduce FIG [--seed S] [--out DIR]``: a figure of the paper;
* ``symtheory groups [FILTER]``: the group library (SmallGroups, transitive and point groups);
* ``symtheory census --groups FILTER --store FILE [--workers N | --scheduler ADDR]``: the
  census over the library on Dask (``--report DIR`` writes its tables and figures).

Bad input prints one line ``symtheory: error: ...`` on stderr and exits 2.

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
from .algebra.groups import parse_group
from .io import atomic_write_text
from .networks.networks import TwoLayerNet
from .algebra.reps import parse_rep
from .tables import (CATALOG_COLUMNS, DEFAULT_CATALOG_GROUPS, FORMATS, _latex_escape,
                     format_table, hidden_report, preps_report, subgroups_report)

__all__ = ["main", "build_parser"]


class _UsageError(SymtheoryError, ValueError):
    """Bad command-line usage."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        raise _UsageError(f"{message} (see `{self.prog} --help`)")


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

    def common(sp, out_help="write the output to FILE (atomically) instead of stdout"):
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
    common(sp)
    sp = sub.add_parser("hidden", help="hidden fixed-point subspaces of a two-layer network")
    sp.add_argument("group")
    sp.add_argument("--input", required=True)
    sp.add_argument("--hidden", required=True)
    sp.add_argument("--output", default="sum", help='"sum" (default) or an output p-rep')
    sp.add_argument("--max-codim", type=int, default=None)
    common(sp)
    sp = sub.add_parser("table", help="table of hidden subspaces over a catalog of architectures")
    sp.add_argument("--groups", nargs="+", default=list(DEFAULT_CATALOG_GROUPS))
    sp.add_argument("--input", default="natural + trivial")
    sp.add_argument("--max-degree", type=int, default=12)
    sp.add_argument("--max-codim", type=int, default=None)
    sp.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    common(sp)
    _add_census_parsers(sub, common)
    sp = sub.add_parser("reproduce", help="redraw a figure of the paper (PNG + JSON)")
    sp.add_argument("figure", help="fig4 ... fig13")
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--out", metavar="DIR", default=".", help="folder for the PNG and JSON")
    return p


def _add_census_parsers(sub, common):
    sp = sub.add_parser(
        "groups", help="list the group library, filtered",
        description="List the group library: SmallGroup(n,k) (n <= 64), TransitiveGroup(d,k) "
                    "(d <= 10) and the point groups PointGroup(X) (also Oh, C3v, ...). "
                    "Example: symtheory groups order<=8 nonabelian")
    sp.add_argument("filter", nargs="*", help="terms such as order<=8, degree<=6, abelian, "
                    "nonabelian, solvable, nonsolvable, small, transitive, point (all must hold)")
    common(sp)
    sp = sub.add_parser(
        "census", help="hidden subspaces over the group library, on Dask, resumable",
        description="Run a census of hidden fixed-point subspaces into an SQLite store "
                    "(re-running skips the rows already there), or write its report. "
                    "Examples: symtheory census --groups 'order<=24' --store c.sqlite; "
                    "symtheory census --groups S3 S4 --workers 0 --store c.sqlite; "
                    "symtheory census --store c.sqlite --report figures/")
    sp.add_argument("--groups", nargs="+", metavar="FILTER",
                    help="a filter (order<=24,nonabelian ...) or group names")
    sp.add_argument("--inputs", default="natural + trivial",
                    help='input p-reps separated by ";" (default "natural + trivial")')
    sp.add_argument("--max-degree", type=int, default=12, help="largest hidden degree (12)")
    sp.add_argument("--max-codim", type=int, default=None)
    sp.add_argument("--store", required=True, metavar="FILE", help="the SQLite store")
    where = sp.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--workers", type=int, default=None,
                       help="local Dask workers (default one per core; 0: in this process)")
    sp.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                    help="time limit per task (600); the row is marked timeout")
    sp.add_argument("--memory-limit", type=int, default=4000, metavar="MB",
                    help="memory limit per task (4000 MB); the row is marked too_large")
    sp.add_argument("--retry", action="store_true",
                    help="recompute the stored rows marked timeout, too_large or error")
    sp.add_argument("--report", metavar="DIR",
                    help="write the store's tables (all formats) and figures into DIR")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    common(sp)


def _cmd_groups(a):
    from .algebra.library import library_entries, select_entries
    entries = select_entries(",".join(a.filter)) if a.filter else library_entries()
    rows = [e.as_dict() for e in entries]
    cols = ["id", "family", "order", "degree", "abelian", "solvable", "structure",
            "small_group_id", "action"]
    return format_table(rows, cols, a.format, meta={"groups": rows})


def _cmd_census(a):
    from .census import CENSUS_COLUMNS, Limits, run_census, write_report
    if a.report:
        if a.groups:
            raise _UsageError("--report reads the store; give --groups only to run a census")
        paths = write_report(a.store, a.report)
        return "\n".join(f"wrote {p}" for p in paths)
    if not a.groups:
        raise _UsageError("--groups is required to run a census (or give --report DIR)")
    if a.timeout <= 0 or a.memory_limit <= 0:
        raise _UsageError("--timeout and --memory-limit must be positive")
    if a.workers is not None and a.workers < 0:
        raise _UsageError("--workers must be 0 (in this process) or more")
    rows = run_census(a.groups, a.inputs.split(";"), a.max_degree, a.max_codim, store=a.store,
                      workers=a.workers, scheduler=a.scheduler,
                      limits=Limits(a.timeout, a.memory_limit), progress=not a.quiet,
                      retry=a.retry)
    return format_table(rows, CENSUS_COLUMNS, a.format, meta={"rows": rows})


def _emit(text: str, out) -> None:
    if out:
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
    X, Y = parse_rep(G, a.input), parse_rep(G, a.output)
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
    if a.format == "markdown":
        return f"{head}\n\n{table}\n\n$$W(\\theta) = {sympy.latex(V.matrix())}$$"
    return f"{head}\n\n{table}\n\nW(theta) =\n{sympy.pretty(V.matrix(), use_unicode=False)}"


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
    from .census import run_census  # the table is a small census, in this process
    rows = [{c: r[c] for c in CATALOG_COLUMNS} for r in
            run_census(a.groups, [a.input], a.max_degree, a.max_codim, workers=0,
                       limits=None, progress=progress, label="table")]
    return format_table(rows, CATALOG_COLUMNS, a.format,
                        meta={"input": a.input, "max_degree": a.max_degree, "rows": rows})


def _cmd_reproduce(a):
    from .paper import FIGURES, reproduce
    from .io import MissingPlotError
    if a.figure not in FIGURES:
        raise _UsageError(f"unknown figure {a.figure!r}; choose one of {', '.join(FIGURES)}")
    print(f"reproduce: {a.figure} (seed {a.seed}) into {a.out} ...", file=sys.stderr, flush=True)
    base = os.path.join(a.out, a.figure)
    try:
        reproduce(a.figure, seed=a.seed, out=a.out)
    except MissingPlotError as exc:  # the JSON is written before any plotting
        print(f"symtheory: warning: {str(exc).splitlines()[0]}", file=sys.stderr)
        return f"wrote {base}.json"
    return f"wrote {base}.json and {base}.png"


_COMMANDS = {"subgroups": _cmd_subgroups, "preps": _cmd_preps, "hom": _cmd_hom,
             "hidden": _cmd_hidden, "table": _cmd_table, "reproduce": _cmd_reproduce,
             "groups": _cmd_groups, "census": _cmd_census}


def main(argv=None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input).

    ``argv`` is the list of arguments after ``symtheory`` (default: ``sys.argv[1:]``).
    Bad input prints one line on stderr and returns 2.

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
    try:
        args = build_parser().parse_args(argv)
        text = _COMMANDS[args.command](args)
        if args.command == "reproduce":
            print(text, file=sys.stderr)
        else:
            _emit(text, args.out)
    except SymtheoryError as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"symtheory: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symtheory: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
