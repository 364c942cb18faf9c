"""The ``symtheory`` command line.

Commands (each takes ``--format table|json|csv|markdown|latex`` and
``--out FILE``, written atomically):

* ``symtheory subgroups GROUP``: conjugacy classes of subgroups;
* ``symtheory preps GROUP``: transitive p-reps and dim Hom_G(G/H_i, G/H_j);
* ``symtheory hom GROUP --input EXPR --output EXPR``: the equivariant weight space;
* ``symtheory hidden GROUP --input EXPR --hidden EXPR [--output sum|EXPR] [--max-codim K]``;
  ``--hidden "Y1; Y2; ..."`` (several hidden layers) and ``--bias`` give an
  :class:`~symtheory.networks.mlp.EquivariantMLP` (subspaces gain ``layer`` and ``partitions``);
* ``symtheory table [--groups ...] [--input EXPR] [--max-degree N]``: the catalog;
* ``symtheory reproduce FIG [--seed S] [--out DIR]``: a figure of the paper;
* ``symtheory landscape GROUP --input X --hidden Y [--axes A,B] [--seed S] [--grid N]
  [--train] [--out DIR]``: the loss of any network on a 2-D slice (PNG + JSON);
* ``symtheory groups [FILTER]``: the group library (SmallGroups, transitive and point groups);
* ``symtheory census --groups FILTER --store FILE [--workers N | --scheduler ADDR]``: the
  census over the library on Dask (``--report DIR`` writes its tables and figures);
* ``symtheory critical --neurons K --inputs D --teacher identity --isotropy "diag(S(K-1,1))"``:
  critical points through a fixed-point subspace (``--isotropy all-young``: every
  diagonal Young subgroup with at most 3 parts).

The help of each command (description, options, two examples) is built
from :data:`~symtheory.manual.COMMAND_HELP`, one entry per command: a new command adds its
entry there and calls :func:`add_command`.  ``--format latex --standalone``
writes a complete document; ``subgroups`` and ``hidden`` also take
``--format dot`` (Graphviz) and ``--plot FILE.png`` (the Hasse diagram).

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
import textwrap

import sympy

from .exceptions import SymtheoryError
from .interrupts import MESSAGE as _INTERRUPTED, Interrupted, catching_signals, held, received
from .algebra.groups import parse_group
from .io import atomic_write_text, save_figure
from .networks.hidden import JOIN_LIMIT
from .networks.networks import TwoLayerNet
from .algebra.reps import parse_rep
from .manual import COMMAND_HELP, GRAMMAR
from .validation import MAX_SEED, MAX_STEPS, parse_int
from .tables import (CATALOG_COLUMNS, CATALOG_DESCRIPTIONS, CATALOG_TEXT_COLUMNS,
                     CATALOG_TITLES, DEFAULT_CATALOG_GROUPS, FORMATS, HALVES_CODES,
                     HIDDEN_COLUMNS, HIDDEN_DESCRIPTIONS, HIDDEN_TITLES, SUBGROUP_COLUMNS,
                     SUBGROUP_TITLES, column_legend, format_table,
                     hidden_report, hidden_rows, latex_document, naming_note, preps_matrix,
                     preps_report, subgroups_report)

__all__ = ["main", "build_parser", "add_command", "COMMAND_HELP", "GRAMMAR"]


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
    """An argparse type: ASCII digits (argparse's int takes '\u0663', '1_0', ' -3') within bounds."""
    def read(text):
        try:
            return parse_int(text, what, low=low, high=high)
        except SymtheoryError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    read.__name__ = what
    return read


#: Largest --max-degree of ``table`` (the catalog lists p-reps up to that degree).
MAX_CATALOG_DEGREE = 1000
#: Largest --neurons / --inputs of ``critical`` (the Hessian has (k d)^2 entries).
MAX_CRITICAL_SIZE = 100


def add_command(sub, name, **kwargs):
    """Add subcommand ``name`` with its :data:`COMMAND_HELP` entry: summary, description
    and an epilog of examples (kept as written).

    >>> p = _Parser(prog="x")
    >>> sp = add_command(p.add_subparsers(dest="command"), "preps")
    >>> "examples:" in sp.format_help() and "symtheory preps S4" in sp.format_help()
    True
    """
    summary, description, examples = COMMAND_HELP[name]
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    return sub.add_parser(name, help=summary, description=description, epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def _common(sp, extra_formats=(), out_help="write the output to FILE instead of stdout (atomically; a "
            "device or FIFO is written to, a link followed; - is stdout)"):
    sp.add_argument("--format", choices=FORMATS + tuple(extra_formats), default="table",
                    help="output format (default: table, aligned text for people)")
    sp.add_argument("--out", metavar="FILE", help=out_help)
    sp.add_argument("--standalone", action="store_true",
                    help="with --format latex: a complete document that compiles with pdflatex")


def _group_arg(sp):
    sp.add_argument("group", metavar="GROUP",
                    help='S<n>, A<n>, C<n>, D<n> (order 2n), V4, Q8, S3xC2 or "(1,2,3),(1,2)"')


def _quiet(sp):
    sp.add_argument("--quiet", action="store_true",
                    help="no progress bar on stderr (there is none when stderr is not a terminal)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symtheory`` command.

    >>> args = build_parser().parse_args(["hidden", "S3", "--input", "natural",
    ...                                   "--hidden", "2*natural", "--max-codim", "1"])
    >>> args.command, args.hidden, args.max_codim, args.format
    ('hidden', '2*natural', 1, 'table')
    """
    p = _Parser(prog="symtheory",
                description="Hidden symmetries and loss landscapes of equivariant networks "
                            "(Xie & Smidt, arXiv 2506.02269).\n\n" + GRAMMAR,
                epilog="examples:\n  symtheory subgroups S4\n"
                       '  symtheory hidden S3 --input "natural + 2*trivial" '
                       '--hidden "natural + 3*trivial"\n'
                       "run `symtheory COMMAND --help` for the options and examples of each.",
                formatter_class=argparse.RawDescriptionHelpFormatter)
    version = sys.modules["symtheory"].__version__  # the package is imported before cli
    p.add_argument("--version", action="version", version=f"symtheory {version}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, required=True,
                           metavar="COMMAND")

    sp = add_command(sub, "subgroups")
    _group_arg(sp)
    sp.add_argument("--plot", metavar="FILE.png", help="also draw the lattice of classes")
    _common(sp, extra_formats=("dot",))
    sp = add_command(sub, "preps")
    _group_arg(sp)
    _common(sp)
    sp = add_command(sub, "hom")
    _group_arg(sp)
    sp.add_argument("--input", required=True, metavar="EXPR",
                    help='input p-rep X, e.g. "natural + trivial"')
    sp.add_argument("--output", required=True, metavar="EXPR", help="output p-rep Y")
    sp.add_argument("--parameterization", default="raw", choices=["raw", "orthonormal", "rescaled"],
                    help="basis scaling: raw 0/1 orbitals (default), orthonormal, or rescaled "
                         "as in the paper's Fig. 5b")
    shown = sp.add_mutually_exclusive_group()
    shown.add_argument("--basis", dest="show_basis", action="store_const", const=True,
                       help=f"print the orbital basis even when W has more than {BASIS_ENTRIES} "
                            "entries")
    shown.add_argument("--dim-only", dest="show_basis", action="store_const", const=False,
                       help="print only the dimension (counted without building W)")
    _common(sp)
    sp = add_command(sub, "hidden")
    _group_arg(sp)
    sp.add_argument("--input", required=True, metavar="EXPR", help='input p-rep X, e.g. "natural"')
    sp.add_argument("--hidden", required=True, metavar="EXPR",
                    help='hidden p-rep Y, e.g. "natural + 3*trivial", or several hidden layers '
                         'separated by ";" ("Y1; Y2")')
    sp.add_argument("--output", default="sum", metavar="sum|EXPR",
                    help='"sum" (default: the plain sum of the hidden activations, only W '
                         'trained) or an output p-rep Z with trained output weights')
    sp.add_argument("--max-codim", type=_int_option("--max-codim"), default=None, metavar="K",
                    help="only subspaces of codim at most K (faster)")
    sp.add_argument("--max-joins", type=_int_option("--max-joins", 1, 10 ** 7), default=None,
                    metavar="N", help=f"budget of the subspace enumeration in joins (default "
                    f"{JOIN_LIMIT:,}); raise it for a larger hidden layer")
    sp.add_argument("--bias", action="store_true",
                    help="train biases (one per orbit of each hidden layer)")
    sp.add_argument("--columns", metavar="KEYS",
                    help="comma-separated columns to show, of: " + ",".join(HIDDEN_COLUMNS))
    sp.add_argument("--plot", metavar="FILE.png", help="also draw the lattice of the subspaces")
    _quiet(sp)
    _common(sp, extra_formats=("dot",))
    sp = add_command(sub, "table")
    sp.add_argument("--groups", nargs="+", default=list(DEFAULT_CATALOG_GROUPS), metavar="GROUP",
                    help="groups of the catalog (default: " + " ".join(DEFAULT_CATALOG_GROUPS) + ")")
    sp.add_argument("--input", default="natural + trivial", metavar="EXPR",
                    help='input p-rep of every network (default: "natural + trivial")')
    sp.add_argument("--max-degree", type=_int_option("--max-degree", 1, MAX_CATALOG_DEGREE),
                    default=12, metavar="N",
                    help="largest degree |G:H| of a hidden block cosets(I) (default 12)")
    sp.add_argument("--max-codim", type=_int_option("--max-codim"), default=None, metavar="K",
                    help="only subspaces of codim at most K (faster)")
    sp.add_argument("--depth", type=_int_option("--depth", 1, 10), default=1, metavar="L",
                    help="hidden layers: the catalog's hidden p-rep repeated L times (default 1)")
    sp.add_argument("--bias", action="store_true", help="networks with biases")
    sp.add_argument("--columns", metavar="KEYS",
                    help="comma-separated column keys to show (default: a set that fits 100 "
                         "columns; csv and json: all)")
    _quiet(sp)
    _common(sp)
    sp = add_command(sub, "reproduce")
    sp.add_argument("figure", metavar="FIG",
                    help="fig4 ... fig13, or fig_deep (beyond the paper; see the list above)")
    sp.add_argument("--seed", type=_int_option("--seed", 0, MAX_SEED), default=0,
                    help="teacher seed (default 0)")
    sp.add_argument("--out", metavar="DIR", default=".",
                    help="folder for the PNG and JSON: an existing folder, or a new one whose "
                         "parent exists")
    _quiet(sp)
    _add_critical_parser(sub)
    _add_landscape_parser(sub)
    _add_census_parsers(sub)
    return p


def _add_critical_parser(sub):
    sp = add_command(sub, "critical")
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
                    help="random starts per subgroup (default 20)")
    sp.add_argument("--seed", type=_int_option("--seed", 0, MAX_SEED), default=0,
                    help="seed of the random starts (default 0)")
    _quiet(sp)
    _common(sp)


def _add_landscape_parser(sub):
    sp = add_command(sub, "landscape")
    _group_arg(sp)
    sp.add_argument("--input", required=True, metavar="EXPR",
                    help='input p-rep X, e.g. "natural + trivial"')
    sp.add_argument("--hidden", required=True, metavar="EXPR", help='hidden p-rep Y, e.g. "cosets(6)"')
    sp.add_argument("--axes", default="0,1",
                    help="the two swept coordinates A,B (theta_A, theta_B as listed by "
                         "`symtheory hom`; default 0,1)")
    sp.add_argument("--seed", type=_int_option("--seed", 0, MAX_SEED), default=0,
                    help="teacher seed (default 0)")
    sp.add_argument("--grid", type=_int_option("--grid", 2, 1001), default=None,
                    help="grid points per axis on [-lim, lim] (default 31)")
    sp.add_argument("--lim", type=float, default=3.0, help="half-width of the grid (default 3)")
    sp.add_argument("--train", action="store_true",
                    help="also run gradient descent from every grid point and draw the final loss")
    sp.add_argument("--steps", type=_int_option("--steps", 0, MAX_STEPS), default=100,
                    help="training steps (default 100)")
    sp.add_argument("--lr", type=float, default=None,
                    help="training step (default 1/lambda_max of the Hessian at the start)")
    sp.add_argument("--activation", choices=["relu", "erf"], default="relu",
                    help="activation of student and teacher (default relu)")
    sp.add_argument("--out", metavar="DIR", default=".", help="folder for the PNG and JSON")


def _add_census_parsers(sub):
    sp = add_command(sub, "groups")
    sp.add_argument("filter", nargs="*", metavar="FILTER",
                    help="terms such as order<=8, degree<=6, abelian, nonabelian, solvable, "
                         "nonsolvable, small, transitive, point (all must hold)")
    _common(sp)
    sp = add_command(sub, "census")
    sp.add_argument("--groups", nargs="+", metavar="FILTER",
                    help="a filter (order<=24,nonabelian ...) or group names")
    sp.add_argument("--inputs", default="natural + trivial", metavar="EXPR[;EXPR...]",
                    help='input p-reps separated by ";" (default "natural + trivial")')
    sp.add_argument("--max-degree", type=_int_option("--max-degree", 1, MAX_CATALOG_DEGREE),
                    default=12, metavar="N",
                    help="largest hidden degree |G:H| (default 12)")
    sp.add_argument("--max-codim", type=_int_option("--max-codim"), default=None, metavar="K",
                    help="only subspaces of codim at most K (faster)")
    sp.add_argument("--store", required=True, metavar="FILE",
                    help="the SQLite store, the source of truth (a re-run skips its rows)")
    where = sp.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--workers", type=_int_option("--workers", 0, 1024), default=None, metavar="N",
                       help="local Dask workers (default one per core; 0: in this process)")
    sp.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                    help="time limit per task (default 600); the row is marked timeout")
    sp.add_argument("--memory-limit", type=_int_option("--memory-limit", 1), default=4000, metavar="MB",
                    help="memory limit per task (default 4000 MB); the row is marked too_large")
    sp.add_argument("--retry", action="store_true",
                    help="recompute the stored rows marked timeout, too_large or error")
    sp.add_argument("--report", metavar="DIR",
                    help="write the store's tables (all formats) and figures into DIR")
    _quiet(sp)
    _common(sp)


def _emit(text: str, out) -> None:
    if out and out != "-":  # "-": stdout, as usual
        atomic_write_text(out, text + "\n")
    else:
        sys.stdout.write(text + "\n")


#: seconds a run lasts before its progress bar appears (short runs stay silent)
PROGRESS_DELAY = 1.0


def _progress(a, desc: str, unit: str):
    """A tqdm bar on stderr; silent with --quiet, when stderr is no terminal, or for short runs."""
    from tqdm import tqdm
    quiet = getattr(a, "quiet", False) or not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
    return tqdm(desc=desc, unit=unit, file=sys.stderr, leave=False, disable=quiet,
                delay=PROGRESS_DELAY, dynamic_ncols=True)


def _columns(a, allowed, default):
    if not getattr(a, "columns", None):
        return list(default)
    cols = [c.strip() for c in a.columns.split(",") if c.strip()]
    bad = [c for c in cols if c not in allowed]
    if bad or not cols:
        raise _UsageError(f"unknown column {bad[0] if bad else a.columns!r} for --columns; "
                          f"choose from {','.join(allowed)}")
    return cols


def _wrap(text: str) -> list:
    return textwrap.wrap(text, 99, break_on_hyphens=False)


def _finish(a, text: str, header=(), packages=()) -> str:
    """Add the header lines (text formats) or the document around LaTeX (--standalone)."""
    if a.standalone and a.format != "latex":
        raise _UsageError("--standalone needs --format latex")
    header = [h for h in header if h]
    if a.format == "latex":
        if header:  # after the leading "% needs \usepackage{...}" line
            first, _, rest = text.partition("\n")
            comments = "\n".join("% " + h for h in header)
            text = f"{first}\n{comments}\n{rest}" if first.startswith("% needs") \
                else f"{comments}\n{text}"
        return latex_document(text, ("amsmath", "array", "booktabs", "longtable") + tuple(packages)) \
            if a.standalone else text
    if a.format in ("table", "markdown") and header:
        return "\n".join(header) + ("\n\n" if a.format == "markdown" else "\n") + text
    return text


def _cmd_subgroups(a):
    G = parse_group(a.group)
    if a.plot:
        from .drawing import draw_subgroup_lattice
        save_figure(draw_subgroup_lattice(G), a.plot)
    if a.format == "dot":
        from .drawing import subgroup_lattice_dot
        return _finish(a, subgroup_lattice_dot(G))
    with _progress(a, "extending subgroup classes", "class") as bar:
        def step(done, found):  # the enumeration reports classes done / found so far
            bar.total = found
            bar.update(done - bar.n)
        rep = subgroups_report(G, progress=step)
    g = rep["group"]
    names = [c["structure"] for c in rep["classes"]]
    notes = naming_note([g["name"]] + names, structure=names[-1])
    head = (f"{g['name']}: order {g['order']}, degree {g['degree']}, "
            f"{len(rep['classes'])} classes, {rep['n_subgroups']} subgroups")
    caption = f"Conjugacy classes of subgroups of {g['name']} (order {g['order']})" + \
        "".join(f"; {n}" for n in notes)
    text = format_table(rep["classes"], SUBGROUP_COLUMNS, a.format, meta=rep,
                        titles=SUBGROUP_TITLES, caption=caption)
    if a.format not in ("table", "markdown", "latex"):
        return _finish(a, text)
    return _finish(a, text, [head] + [f"note: {n}" for n in notes])


def _cmd_preps(a):
    rep = preps_report(a.group)
    if a.format == "json":
        return _finish(a, json.dumps(rep, indent=2))
    if a.format == "csv":  # machine layout kept: one row per p-rep, hom0..homN columns
        rows = []
        for r, dims in zip(rep["preps"], rep["hom_dims"]):
            row = dict(r)
            row.update({f"hom{j}": d for j, d in enumerate(dims)})
            rows.append(row)
        cols = ["index", "degree", "stabilizer_class", "structure"] + \
            [f"hom{j}" for j in range(len(rep["preps"]))]
        return _finish(a, format_table(rows, cols, a.format))
    g = rep["group"]
    names = [r["structure"] for r in rep["preps"]]
    notes = naming_note([g["name"]] + names, structure=names[-1])
    titles = {"index": "class i", "structure": "H_i", "degree": "degree |G:H_i|"}
    listing = format_table(rep["preps"], ["index", "structure", "degree"], a.format,
                           titles=titles,
                           caption=f"Transitive p-reps G/H_i of {g['name']} (order {g['order']})")
    text = listing + "\n\n" + preps_matrix(rep, a.format)
    head = f"{g['name']}: order {g['order']}, {len(rep['preps'])} transitive p-reps G/H_i"
    return _finish(a, text, [head] + [f"note: {n}" for n in notes])


#: ``hom`` prints the basis while W has at most this many entries (else only the dim).
BASIS_ENTRIES = 1_000_000
#: ``hom`` prints the symbolic W(theta) while W has at most this many entries.
MATRIX_ENTRIES = 400


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
        return _finish(a, f"% {head}" if a.format == "latex" else head)
    V = equivariant_basis(X, Y, a.parameterization)
    if a.format == "json":
        return _finish(a, json.dumps({"dim": V.dim, "shape": list(V.shape),
                                      "labels": V.labels.tolist(), "names": V.names}, indent=2))
    rows = [{"theta": f"theta_{k}", "name": n, "entries": int(s)}
            for k, (n, s) in enumerate(zip(V.names, V.sizes))]
    head = f"dim Hom_{G.name}({X.name}, {Y.name}) = {V.dim}; W has shape {V.shape}"
    titles = {"theta": "parameter", "name": "orbital (output <- input)", "entries": "entries"}
    if a.format == "latex":  # the basis as a longtable, then the matrix as a display equation
        table = format_table(rows, ["theta", "name", "entries"], "latex", titles=titles,
                             caption=f"Orbital basis of {head}")
        table = table.replace("% needs \\usepackage{", "% needs \\usepackage{amsmath,", 1)
        for k in range(len(rows)):
            table = table.replace(f"\ntheta\\_{k} &", f"\n$\\theta_{{{k}}}$ &", 1)
        if entries > MATRIX_ENTRIES:  # W(theta) itself would be unreadable
            return _finish(a, table, [head])
        matrix = sympy.latex(V.matrix())
        wide = V.shape[1] > 12  # too wide for a page at normal size: scale to the text width
        eq = (f"\\[\n\\resizebox{{\\linewidth}}{{!}}{{$W(\\theta) = {matrix}$}}\n\\]" if wide
              else f"\\[\n W(\\theta) = {matrix}\n\\]")
        if wide:
            table = table.replace("% needs \\usepackage{amsmath,", "% needs \\usepackage{amsmath,graphicx,", 1)
        return _finish(a, f"{table}\n{eq}", [head], packages=("graphicx",))
    table = format_table(rows, ["theta", "name", "entries"], a.format,
                         titles=None if a.format == "csv" else titles)
    if a.format == "csv":
        return _finish(a, table)
    if entries > MATRIX_ENTRIES:  # W(theta) itself would be unreadable
        return _finish(a, f"{head}\n\n{table}")
    if a.format == "markdown":
        return _finish(a, f"{head}\n\n{table}\n\n$$W(\\theta) = {sympy.latex(V.matrix())}$$")
    return _finish(a, f"{head}\n\n{table}\n\nW(theta) =\n"
                      f"{sympy.pretty(V.matrix(), use_unicode=False)}")


def _cmd_hidden(a):
    if a.max_codim is not None and a.max_codim < 0:
        raise _UsageError("--max-codim must be at least 0")
    if ";" in a.hidden or a.bias:
        return _cmd_hidden_layered(a)
    machine = a.format in ("csv", "json")
    cols = _columns(a, HIDDEN_COLUMNS, HIDDEN_COLUMNS if machine else ["#"] + HIDDEN_COLUMNS)
    if a.standalone and a.format != "latex":
        raise _UsageError("--standalone needs --format latex")
    net = TwoLayerNet(a.group, a.input, a.hidden, output=a.output)
    from .networks.hidden import hidden_fixed_point_subspaces
    with _progress(a, "hidden: fixed-point subspaces", "subspace") as bar:
        subs = hidden_fixed_point_subspaces(net, a.max_codim, bar, max_joins=a.max_joins)
    if a.plot:
        from .drawing import draw_subspace_lattice
        save_figure(draw_subspace_lattice(net, subs), a.plot)
    if a.format == "dot":
        from .drawing import subspace_lattice_dot
        return subspace_lattice_dot(net, subs)
    rep = hidden_report(net, a.max_codim, subspaces=subs)
    rows = hidden_rows(rep, a.format)
    titles = dict(HIDDEN_TITLES, **{"#": "#"})
    nv = rep["n_visible_symmetries"]
    n_hidden = sum(s["hidden"] for s in rep["subspaces"])
    summary = (f"dim Theta~ = {rep['theta_dim']} trained parameters; visible symmetries "
               f"(neuron permutations keeping Theta~): |P~| = "
               f"{'too many to count' if nv is None else nv}; {len(rows)} fixed-point subspaces, "
               f"{n_hidden} hidden")
    legend = column_legend([c for c in cols if c in HIDDEN_DESCRIPTIONS], titles,
                           HIDDEN_DESCRIPTIONS)
    if any(r["partition"].endswith(" ...") for r in rows):
        legend += ["... : partition cut to fit 100 columns; the whole of it with --format json "
                   "or csv"]
    notes = naming_note([net.group.name])
    text = format_table(rows, cols, a.format, meta=rep, titles=None if machine else titles,
                        legend=None if machine else legend,
                        caption=f"Fixed-point subspaces of {net!r}; {summary}")
    if machine:
        return _finish(a, text)
    return _finish(a, text, [repr(net)] + _wrap(summary) + [f"note: {n}" for n in notes])


def _cmd_hidden_layered(a):
    if a.max_joins is not None:
        raise _UsageError("--max-joins applies to one hidden layer without --bias")
    from .networks.mlp import EquivariantMLP
    from .tables import layered_report
    G = parse_group(a.group)
    net = EquivariantMLP(G, [a.input] + list(a.hidden.split(";")), output=a.output, bias=a.bias)
    rep = layered_report(net, a.max_codim)
    cols = ["layer", "partitions", "dim", "codim", "hidden", "lemma_3_2", "theorem_3_3"]
    rows = []
    for s in rep["subspaces"]:
        r = dict(s)
        r["partitions"] = " | ".join(" ".join("{" + ",".join(map(str, b)) + "}" for b in p) or "-"
                                     for p in s["partitions"])
        rows.append(r)
    text = format_table(rows, cols, a.format, meta=rep)
    if a.format == "table":
        nv = rep["n_visible_symmetries"]
        text = (f"{net!r}\ndim Theta~ = {rep['theta_dim']}, visible symmetries |P~| = "
                f"{'too many to count' if nv is None else nv}, "
                f"{len(rows)} subspaces ({sum(s['hidden'] for s in rep['subspaces'])} hidden)\n"
                + text)
    return _finish(a, text)


def _cmd_table(a):
    if a.max_degree < 1:
        raise _UsageError("--max-degree must be at least 1")
    if a.depth < 1:
        raise _UsageError("--depth must be at least 1")
    machine = a.format in ("csv", "json")
    cols = _columns(a, CATALOG_COLUMNS, CATALOG_COLUMNS if machine else CATALOG_TEXT_COLUMNS)
    if a.standalone and a.format != "latex":
        raise _UsageError("--standalone needs --format latex")
    for g in a.groups:  # fail fast on a bad name, before any work
        parse_group(g)
    layered = a.depth > 1 or a.bias
    with _progress(a, "table", "network") as bar:
        if layered:
            from .tables import layered_catalog_rows
            rows = layered_catalog_rows(a.groups, a.input, a.max_degree, a.max_codim,
                                        depth=a.depth, bias=a.bias)
        else:  # the table is a small census, in this process
            from .census import run_census
            rows = [{c: r[c] for c in CATALOG_COLUMNS} for r in
                    run_census(a.groups, [a.input], a.max_degree, a.max_codim, workers=0,
                               limits=None, progress=bar, label="table")]
    if a.format == "json":
        meta = {"input": a.input, "max_degree": a.max_degree}
        if layered:
            meta.update(depth=a.depth, bias=a.bias)
        return json.dumps(dict(meta, rows=rows), indent=2)
    head = (f"{len(rows)} networks: input {a.input}; hidden cosets(I) of degree <= "
            f"{a.max_degree}, alone and + trivial")
    if layered:
        head += f"; {a.depth} hidden layer(s){', with biases' if a.bias else ''}"
    notes = naming_note(list(a.groups) + [r["stabilizer"] for r in rows])
    legend = column_legend(cols, CATALOG_TITLES, CATALOG_DESCRIPTIONS) + \
        [f"note: {n}" for n in notes]
    text = format_table(rows, cols, a.format, titles=None if machine else CATALOG_TITLES,
                        codes={"theorem_3_3_halves": HALVES_CODES},
                        legend=None if machine else legend,
                        caption="Hidden fixed-point subspaces over the catalog; " + head)
    return text if machine else _finish(a, text, _wrap(head))


def _cmd_groups(a):
    from .algebra.library import library_entries, select_entries
    entries = select_entries(",".join(a.filter)) if a.filter else library_entries()
    rows = [e.as_dict() for e in entries]
    cols = ["id", "family", "order", "degree", "abelian", "solvable", "structure",
            "small_group_id", "action"]
    return _finish(a, format_table(rows, cols, a.format, meta={"groups": rows}))


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
    return _finish(a, format_table(rows, CENSUS_COLUMNS, a.format, meta={"rows": rows}))


def _check_out_folder(out):
    """--out of reproduce: an existing folder, or a new one whose parent folder exists."""
    parent = os.path.dirname(os.path.abspath(out))
    if os.path.isdir(out):
        return
    if os.path.lexists(out):
        raise _UsageError(f"--out {out} is an existing file; pass a folder such as --out figures")
    if not os.path.isdir(parent):
        raise _UsageError(f"--out {out}: its parent folder {parent} does not exist; create it "
                          "first or give an existing folder")


def _cmd_reproduce(a):
    from .paper import FIGURES, reproduce
    from .io import MissingPlotError, check_output_folder
    if a.figure not in FIGURES:
        raise _UsageError(f"unknown figure {a.figure!r}; choose one of {', '.join(FIGURES)}")
    if a.seed < 0:
        raise _UsageError(f"--seed must be a non-negative integer, got {a.seed}")
    _check_out_folder(a.out)  # before the progress line: a refusal is one line
    check_output_folder(a.out)
    if not a.quiet:
        print(f"reproduce: {a.figure} (seed {a.seed}) into {a.out} ...", file=sys.stderr, flush=True)
    base = os.path.join(a.out, a.figure)
    try:
        reproduce(a.figure, seed=a.seed, out=a.out, progress=not a.quiet)
    except MissingPlotError as exc:  # the JSON is written before any plotting
        print(f"symtheory: warning: {str(exc).splitlines()[0]}", file=sys.stderr)
        return f"wrote {base}.json"
    return f"wrote {base}.json and {base}.png"


def _cmd_landscape(a):
    from .io import MissingPlotError, check_output_folder
    from .landscape.slice_figure import (DEFAULT_GRID_POINTS, draw_landscape,
                                         landscape_summary_lines, parse_axes)
    axes = parse_axes(a.axes)
    if a.seed < 0:
        raise _UsageError(f"--seed must be a non-negative integer, got {a.seed}")
    if a.steps < 0:
        raise _UsageError("--steps must be at least 0")
    check_output_folder(a.out)
    base = os.path.join(a.out, "landscape")
    kw = dict(axes=axes, seed=a.seed, grid_points=a.grid or DEFAULT_GRID_POINTS, lim=a.lim,
              train_steps=a.steps if a.train else None, lr=a.lr, activation=a.activation,
              out=a.out)
    try:
        s = draw_landscape(a.group, a.input, a.hidden, **kw)
        wrote = f"wrote {base}.json and {base}.png"
    except MissingPlotError as exc:  # the JSON is written before any plotting
        print(f"symtheory: warning: {str(exc).splitlines()[0]}", file=sys.stderr)
        with open(base + ".json", encoding="utf-8") as fh:
            s = json.load(fh)
        wrote = f"wrote {base}.json"
    return "\n".join(landscape_summary_lines(s, axes, a.seed, a.train) + [wrote])


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
             "critical": _cmd_critical, "landscape": _cmd_landscape, "groups": _cmd_groups,
             "census": _cmd_census}


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
            if args.command == "landscape":
                sys.stdout.write(text + "\n")
            elif args.command == "reproduce":
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
