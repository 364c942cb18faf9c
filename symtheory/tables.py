"""Tables: subgroup classes, transitive p-reps, hidden subspaces, and the catalog.

Every table is a list of records (dicts) with an ordered list of columns;
:func:`format_table` renders it as ``table`` (aligned text for people),
``markdown``, ``latex``, ``csv`` or ``json``.

The catalog of :func:`catalog_rows` is the default of ``symtheory table``:
the groups S3, S4, A4, C4, C6, D4, D6, V4, Q8 and S5; input
``natural + trivial``; hidden each transitive p-rep ``cosets(I)`` of degree
at most 12, alone and plus ``trivial``.  One row per architecture: group,
input, hidden, dim Theta~, number of hidden subspaces, smallest hidden
codimension, whether (and where) Theorem 3.3 applies, and for each such
subspace how the visible symmetries relate the two halves it cuts
(:func:`symtheory.networks.hidden.halves_relation`: ``distinct`` means the second
minimum is not a symmetric copy of the first and can be spurious).

Examples
--------
>>> rows = [{"a": 1, "b": "x"}, {"a": 22, "b": "y"}]
>>> print(format_table(rows, ["a", "b"], "markdown"))
| a | b |
|---|---|
| 1 | x |
| 22 | y |
>>> print(format_table(rows, ["a", "b"], "csv"))
a,b
1,x
22,y
"""

from __future__ import annotations

import csv
import io
import json
import time

from .exceptions import SymtheoryError, UnknownNameError
from .algebra.groups import parse_group
from .networks.hidden import count_visible_symmetries, halves_relation, hidden_fixed_point_subspaces
from .networks.networks import TwoLayerNet
from .algebra.reps import hom_dimension, transitive_preps
from .algebra.subgroup_classes import conjugacy_classes_subgroups, count_subgroups

__all__ = [
    "FORMATS",
    "DEFAULT_CATALOG_GROUPS",
    "format_table",
    "group_record",
    "subgroups_report",
    "preps_report",
    "hidden_report",
    "catalog_architectures",
    "catalog_rows",
    "CATALOG_COLUMNS",
]

FORMATS = ("table", "json", "csv", "markdown", "latex")
DEFAULT_CATALOG_GROUPS = ("S3", "S4", "A4", "C4", "C6", "D4", "D6", "V4", "Q8", "S5")
CATALOG_COLUMNS = ["group", "input", "hidden", "stabilizer", "hidden_degree", "theta_dim", "n_subspaces",
                   "n_hidden", "min_hidden_codim", "theorem_3_3", "theorem_3_3_where",
                   "theorem_3_3_halves"]


def _cell(v, machine: bool = False) -> str:
    # people read "-" and yes/no; CSV readers (pandas, R) want "" and true/false
    if v is None:
        return "" if machine else "-"
    if isinstance(v, bool):
        return ("true" if v else "false") if machine else ("yes" if v else "no")
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x, machine) for x in v) if v else ("" if machine else "-")
    return str(v)


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def _latex_escape(s: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in s)


def format_table(rows, columns, fmt: str = "table", meta=None) -> str:
    """Render records as text.

    Parameters
    ----------
    rows : list of dict
    columns : list of str
        Columns to show, in order (``json`` writes the records whole).
    fmt : {"table", "json", "csv", "markdown", "latex"}
        In ``csv`` a missing value is empty and booleans are ``true``/``false``;
        the text formats show ``-`` and ``yes``/``no``.
    meta : dict, optional
        For ``json``, an object to write instead of the bare list.

    Examples
    --------
    >>> print(format_table([{"n": 1}], ["n"], "latex"))
    \\begin{tabular}{l}
    \\hline
    n \\\\
    \\hline
    1 \\\\
    \\hline
    \\end{tabular}
    """
    if fmt not in FORMATS:
        raise UnknownNameError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps(meta if meta is not None else rows, indent=2)
    cells = [[_cell(r.get(c), machine=fmt == "csv") for c in columns] for r in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows(cells)
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines)
    if fmt == "latex":
        lines = [r"\begin{tabular}{" + "l" * len(columns) + "}", r"\hline",
                 " & ".join(_latex_escape(c) for c in columns) + r" \\", r"\hline"]
        lines += [" & ".join(_latex_escape(c) for c in row) + r" \\" for row in cells]
        lines += [r"\hline", r"\end{tabular}"]
        return "\n".join(lines)
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def group_record(G) -> dict:
    """``{"name", "order", "degree"}`` of a group.

    >>> group_record(parse_group("S3"))
    {'name': 'S3', 'order': 6, 'degree': 3}
    """
    return {"name": G.name, "order": G.order, "degree": G.degree}


def subgroups_report(group, progress=None) -> dict:
    """The classes of subgroups as the JSON object of ``symtheory subgroups``.

    ``progress``, if given, is called as ``progress(done, found)`` during the
    enumeration (see :func:`conjugacy_classes_subgroups`).

    >>> rep = subgroups_report("S3")
    >>> rep["n_subgroups"], [c["structure"] for c in rep["classes"]]
    (6, ['1', 'C2', 'C3', 'S3'])
    """
    G = parse_group(group)
    classes = conjugacy_classes_subgroups(G, progress=progress)
    recs = []
    for c in classes:
        H = c.representative
        recs.append({"index": c.index, "order": c.order, "length": c.length,
                     "normalizer_order": c.normalizer.order, "structure": c.structure,
                     "generators": H.cycle_strings()})
    return {"group": group_record(G), "n_subgroups": count_subgroups(G), "classes": recs}


def preps_report(group) -> dict:
    """The transitive p-reps and the matrix of hom dimensions (``symtheory preps``).

    ``hom_dims[i][j]`` = dim Hom_G(G/H_i, G/H_j) = number of double cosets
    H_i\\G/H_j.

    >>> preps_report("S3")["hom_dims"]
    [[6, 3, 2, 1], [3, 2, 1, 1], [2, 1, 2, 1], [1, 1, 1, 1]]
    """
    G = parse_group(group)
    classes = conjugacy_classes_subgroups(G)
    reps = transitive_preps(G)
    recs = [{"index": c.index, "degree": X.degree, "stabilizer_class": c.index,
             "structure": c.structure} for c, X in zip(classes, reps)]
    dims = [[hom_dimension(X, Y) for Y in reps] for X in reps]
    return {"group": group_record(G), "preps": recs, "hom_dims": dims}


def hidden_report(net, max_codim=None, progress=None) -> dict:
    """The JSON object of ``symtheory hidden`` for a network.

    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> r = hidden_report(net, max_codim=1)
    >>> r["theta_dim"], r["n_visible_symmetries"], r["subspaces"][0]["theorem_3_3"]
    (13, 6, True)
    """
    subs = hidden_fixed_point_subspaces(net, max_codim=max_codim, progress=progress)
    try:
        n_vis = count_visible_symmetries(net)
    except SymtheoryError:  # too symmetric to count within the search budget
        n_vis = None
    return {"group": group_record(net.group), "input": net.input.name,
            "hidden": net.hidden.name,
            "output": "sum" if net.output is None else net.output.name,
            "theta_dim": net.theta_dim, "n_visible_symmetries": n_vis,
            "subspaces": [s.as_dict() for s in subs]}


def catalog_architectures(groups=DEFAULT_CATALOG_GROUPS, input: str = "natural + trivial",
                          max_degree: int = 12) -> list:
    """The (group, input, hidden) triples of the catalog.

    Hidden p-reps are ``cosets(I)`` for every class I of subgroups whose index
    is at most ``max_degree``, each alone and plus ``trivial``, in class order.

    >>> [h for g, i, h in catalog_architectures(["S3"])]
    ['cosets(0)', 'cosets(0) + trivial', 'cosets(1)', 'cosets(1) + trivial', 'cosets(2)', 'cosets(2) + trivial', 'cosets(3)', 'cosets(3) + trivial']
    """
    return [(name, input, hidden) for name, hidden, _ in _catalog(groups, max_degree)]


def _catalog(groups, max_degree):
    out = []
    for name in groups:
        G = parse_group(name)
        for c in conjugacy_classes_subgroups(G):
            if G.order // c.order <= max_degree:
                for hidden in (f"cosets({c.index})", f"cosets({c.index}) + trivial"):
                    out.append((name, hidden, c.structure))
    return out


def catalog_rows(groups=DEFAULT_CATALOG_GROUPS, input: str = "natural + trivial",
                 max_degree: int = 12, max_codim=None, progress=None) -> list:
    """One record per architecture of the catalog (see the module docstring).

    ``stabilizer`` names the point stabilizer H of the transitive block
    ``cosets(I)`` = G/H.  ``progress``, if given, is called with one line of
    text when each group starts and when the catalog is done.

    >>> rows = catalog_rows(["S3"])
    >>> [(r["hidden"], r["stabilizer"], r["theorem_3_3"]) for r in rows if r["theorem_3_3"]]
    [('cosets(1)', 'C2', True), ('cosets(1) + trivial', 'C2', True)]
    """
    archs = _catalog(groups, max_degree)
    rows = []
    start = time.perf_counter()
    for t, (g, y, stab) in enumerate(archs):
        if progress and (t == 0 or archs[t - 1][0] != g):
            n_g = sum(a[0] == g for a in archs)
            progress(f"table: {g} ({n_g} architectures; {t}/{len(archs)} done, "
                     f"{time.perf_counter() - start:.1f} s)")
        net = TwoLayerNet(g, input, y)
        subs = hidden_fixed_point_subspaces(net, max_codim=max_codim)
        hidden = [s for s in subs if s.hidden]
        flagged = [s for s in subs if s.theorem_3_3]
        where = [" ".join("{" + ",".join(map(str, b)) + "}" for b in s.partition) for s in flagged]
        rows.append({"group": g, "input": input, "hidden": y, "stabilizer": stab,
                     "hidden_degree": net.hidden_degree,
                     "theta_dim": net.theta_dim, "n_subspaces": len(subs),
                     "n_hidden": len(hidden),
                     "min_hidden_codim": min((s.codim for s in hidden), default=None),
                     "theorem_3_3": bool(where), "theorem_3_3_where": where,
                     "theorem_3_3_halves": [halves_relation(net, s) for s in flagged]})
    if progress:
        progress(f"table: {len(archs)} architectures in {time.perf_counter() - start:.1f} s")
    return rows
