"""The ``symtheory`` command line.

Commands (each takes ``--format table|json|csv|markdown|latex`` and
``--out FILE``, written atomically):

* ``symtheory subgroups GROUP``: conjugacy classes of subgroups;
* ``symtheory preps GROUP``: transitive p-reps and dim Hom_G(G/H_i, G/H_j);
* ``symtheory hom GROUP --input EXPR --output EXPR``: the equivariant weight space;
* ``symtheory hidden GROUP --input EXPR --hidden EXPR [--output sum|EXPR] [--max-codim K]``;
* ``symtheory table [--groups ...] [--input EXPR] [--max-degree N]``: the catalog;
* ``symtheory reproduce FIG [--seed S] [--out DIR]``: a figure of the paper.

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
                     catalog_rows, format_table, hidden_report, preps_report, subgroups_report)

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
    sp = sub.add_parser("reproduce", help="redraw a figure of the paper (PNG + JSON)")
    sp.add_argument("figure", help="fig4 ... fig13")
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--out", metavar="DIR", default=".", help="folder for the PNG and JSON")
    return p


def _emit(text: str, out) -> None:
    if out:
        atomic_write_text(out, text + "\n")
    else:
        sys.stdout.write(text + "\n")


def _subgroups_progress():
    """A tqdm bar on stderr for enumerations that last (shown after 2 s; none
    when stderr is not a terminal or tqdm is missing), and its callback."""
    if not sys.stderr.isatty():
        return None, None
    try:
        from tqdm import tqdm
    except ImportError:
        return None, None
    bar = tqdm(total=1, unit="class", desc="extending subgroup classes", delay=2,
               file=sys.stderr, leave=False)

    def step(done, found):
        bar.total = found
        bar.update(done - bar.n)

    return step, bar


def _cmd_subgroups(a):
    step, bar = _subgroups_progress()
    try:
        rep = subgroups_report(a.group, progress=step)
    finally:
        if bar is not None:
            bar.close()
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
    rows = catalog_rows(a.groups, a.input, a.max_degree, a.max_codim, progress)
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
             "hidden": _cmd_hidden, "table": _cmd_table, "reproduce": _cmd_reproduce}


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
