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
import re
import textwrap
import time

from .exceptions import OrderLimitError, SymtheoryError, UnknownNameError
from .algebra.groups import parse_group
from .networks.hidden import count_visible_symmetries, halves_relation, hidden_fixed_point_subspaces
from .networks.networks import TwoLayerNet
from .algebra.orbital_counts import double_coset_counts
from .algebra.subgroup_classes import conjugacy_classes_subgroups, count_subgroups
from .algebra.subgroups import point_group_name

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
    "architecture_row",
    "hidden_layers",
    "CATALOG_COLUMNS",
    "CATALOG_TEXT_COLUMNS",
    "CATALOG_TITLES",
    "CATALOG_DESCRIPTIONS",
    "HALVES_CODES",
    "column_legend",
    "latex_document",
    "LATEX_PACKAGES",
    "SUBGROUP_COLUMNS",
    "SUBGROUP_TITLES",
    "HIDDEN_COLUMNS",
    "HIDDEN_TITLES",
    "HIDDEN_DESCRIPTIONS",
    "naming_note",
    "partition_text",
    "hidden_rows",
    "preps_matrix",
    "layered_report",
    "layered_catalog_rows",
]

FORMATS = ("table", "json", "csv", "markdown", "latex")
DEFAULT_CATALOG_GROUPS = ("S3", "S4", "A4", "C4", "C6", "D4", "D6", "V4", "Q8", "S5")
CATALOG_COLUMNS = ["group", "input", "hidden", "stabilizer", "hidden_degree", "theta_dim", "n_subspaces",
                   "n_hidden_subspaces", "min_hidden_codim", "theorem_3_3", "theorem_3_3_where",
                   "theorem_3_3_halves"]
# what people see: short headings, the long lists left to --columns / csv / json
CATALOG_TEXT_COLUMNS = ["group", "hidden", "stabilizer", "hidden_degree", "theta_dim",
                        "n_subspaces", "n_hidden_subspaces", "min_hidden_codim", "theorem_3_3",
                        "theorem_3_3_halves"]
CATALOG_TITLES = {"group": "G", "input": "input", "hidden": "hidden layer", "stabilizer": "H",
                  "hidden_degree": "neurons", "theta_dim": "dim", "n_subspaces": "subsp",
                  "n_hidden_subspaces": "hidden", "min_hidden_codim": "codim",
                  "theorem_3_3": "T3.3", "theorem_3_3_where": "T3.3 subspaces",
                  "theorem_3_3_halves": "halves"}
CATALOG_DESCRIPTIONS = {
    "group": "the group",
    "input": "the input p-rep X",
    "hidden": "the hidden p-rep Y (cosets(I) = G/H for class I of `symtheory subgroups`)",
    "stabilizer": "the point stabilizer of the block G/H",
    "hidden_degree": "hidden width (degree of Y)",
    "theta_dim": "dim Theta~ = dim Hom_G(X, Y)",
    "n_subspaces": "fixed-point subspaces of Theta~",
    "n_hidden_subspaces": "how many of them are hidden",
    "min_hidden_codim": "smallest codim of a hidden one",
    "theorem_3_3": "Theorem 3.3 applies (a hidden codim-1 subspace, Lemma 3.2 holds)",
    "theorem_3_3_where": "the neuron partitions of those subspaces",
    "theorem_3_3_halves": ("one code per Theorem 3.3 subspace: d = distinct (no visible "
                           "symmetry maps one half to the other: the second minimum can be "
                           "spurious), s = swapped (mirror halves), m = mixed (visible "
                           "symmetries move the hyperplane)"),
}
HALVES_CODES = {"distinct": "d", "swapped": "s", "mixed": "m"}


def column_legend(columns, titles, descriptions, width: int = 99) -> list:
    """Legend lines ``title = description`` for the shown columns, wrapped to ``width``.

    >>> column_legend(["theta_dim"], CATALOG_TITLES, CATALOG_DESCRIPTIONS)
    ['dim = dim Theta~ = dim Hom_G(X, Y)']
    """
    text = "; ".join(f"{titles.get(c, c)} = {descriptions[c]}" for c in columns
                     if c in descriptions)
    return textwrap.wrap(text, width, break_on_hyphens=False) if text else []


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
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}",
                  # math-mode forms print right in the default OT1 font encoding too
                  "<": r"$<$", ">": r"$>$", "|": r"$|$", "\\": r"$\backslash$"}


def _latex_escape(s: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in s)


_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")

LATEX_PACKAGES = ("booktabs", "longtable")


def _latex_cell(s: str) -> str:
    return _latex_escape(s).replace("$<$-", r"$\leftarrow$").replace("$<$=", r"$\leq$")


def _latex_table(cells, heads, caption, legend) -> str:
    # right-align columns holding only numbers (and "-"), so digits line up; long text
    # columns become ragged paragraphs, breakable after commas
    n = len(heads)
    numeric = [bool(cells) and all(_NUMERIC.match(r[i]) or r[i] == "-" for r in cells)
               and any(_NUMERIC.match(r[i]) for r in cells) for i in range(n)]
    wide = [not numeric[i] and max([len(r[i]) for r in cells] + [0]) > 40 for i in range(n)]
    share = 0.5 / max(1, sum(wide))
    spec = "".join(r">{\raggedright\arraybackslash}p{" + f"{share:.2f}" + r"\linewidth}" if w
                   else ("r" if num else "l") for w, num in zip(wide, numeric))
    packages = ("array",) * any(wide) + LATEX_PACKAGES

    def row(values):
        return " & ".join(_latex_cell(v).replace(",", r",\allowbreak{}") if w else _latex_cell(v)
                          for v, w in zip(values, wide)) + r" \\"
    head = " & ".join(_latex_cell(h) for h in heads) + r" \\"
    lines = [f"% needs \\usepackage{{{','.join(packages)}}} in the preamble",
             r"\begin{longtable}{" + spec + "}"]
    if caption:
        lines.append(r"\caption{" + _latex_cell(caption) + r"}\\")
    lines += [r"\toprule", head, r"\midrule", r"\endfirsthead",
              r"\toprule", head, r"\midrule", r"\endhead",
              r"\bottomrule", r"\endlastfoot"]
    lines += [row(r) for r in cells]
    lines.append(r"\end{longtable}")
    if legend:
        lines.append(r"{\footnotesize " + " ".join(_latex_cell(x) for x in legend) + r"\par}")
    return "\n".join(lines)


def latex_document(body: str, packages=("amsmath",) + LATEX_PACKAGES) -> str:
    r"""A complete LaTeX document (article, A4, 2 cm margins) around ``body``.

    ``symtheory ... --format latex --standalone`` writes this; it compiles
    with ``pdflatex`` as it is (Debian: ``texlive-latex-base`` and
    ``texlive-latex-recommended``).

    Examples
    --------
    >>> doc = latex_document("x")
    >>> doc.splitlines()[0], doc.splitlines()[-1]
    ('\\documentclass[10pt]{article}', '\\end{document}')
    >>> r"\usepackage{amsmath,booktabs,longtable}" in doc
    True
    """
    pk = ",".join(dict.fromkeys(packages))
    return ("\\documentclass[10pt]{article}\n"
            f"\\usepackage{{{pk}}}\n\\usepackage[a4paper,margin=2cm]{{geometry}}\n"
            "\\begin{document}\n" + body.rstrip("\n") + "\n\\end{document}")


def format_table(rows, columns, fmt: str = "table", meta=None, titles=None, codes=None,
                 legend=None, caption=None) -> str:
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
    titles : dict, optional
        Column headings for people (``table``, ``markdown``, ``latex``); ``csv``
        always heads its columns with the record keys.
    codes : dict, optional
        ``{column: {value: code}}``: short codes shown instead of long values in
        the formats for people; explain them in ``legend``.
    legend : list of str, optional
        Lines printed under the table (``table``, ``markdown``) or as a note
        after it (``latex``).
    caption : str, optional
        The LaTeX caption.

    Examples
    --------
    >>> print(format_table([{"n": 1, "s": "x"}], ["n", "s"], "latex"))
    % needs \\usepackage{booktabs,longtable} in the preamble
    \\begin{longtable}{rl}
    \\toprule
    n & s \\\\
    \\midrule
    \\endfirsthead
    \\toprule
    n & s \\\\
    \\midrule
    \\endhead
    \\bottomrule
    \\endlastfoot
    1 & x \\\\
    \\end{longtable}
    >>> print(format_table([{"h": "distinct"}], ["h"], titles={"h": "halves"},
    ...                    codes={"h": {"distinct": "d"}}, legend=["d: distinct"]))
    halves
    ------
    d
    d: distinct
    """
    if fmt not in FORMATS:
        raise UnknownNameError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps(meta if meta is not None else rows, indent=2)
    machine = fmt == "csv"
    codes = {} if machine or codes is None else codes

    def value(r, c):
        v = r.get(c)
        table = codes.get(c)
        if table:
            v = [table.get(x, x) for x in v] if isinstance(v, (list, tuple)) else table.get(v, v)
        return _cell(v, machine=machine)

    cells = [[value(r, c) for c in columns] for r in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows(cells)
        return buf.getvalue().rstrip("\n")
    heads = [(titles or {}).get(c, c) for c in columns]
    legend = list(legend or [])
    if fmt == "markdown":
        lines = ["| " + " | ".join(h.replace("|", "\\|") for h in heads) + " |",
                 "|" + "|".join("---" for _ in heads) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        if legend:
            lines += [""] + legend
        return "\n".join(lines)
    if fmt == "latex":
        return _latex_table(cells, heads, caption, legend)
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(heads)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(heads, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines + legend)


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
    if len(classes) > PREPS_CLASS_LIMIT:  # before the matrix and its text
        raise OrderLimitError(
            f"{G.name} has {len(classes):,} classes of subgroups: the hom matrix would have "
            f"{len(classes) ** 2:,} entries, above {PREPS_CLASS_LIMIT ** 2:,}; list the classes "
            f"with `symtheory subgroups {G.name}`, or ask `symtheory hom` for single pairs")
    recs = [{"index": c.index, "degree": G.order // c.order, "stabilizer_class": c.index,
             "structure": c.structure} for c in classes]
    dims = double_coset_counts(G, [c.representative for c in classes]).tolist()
    return {"group": group_record(G), "preps": recs, "hom_dims": dims}


#: Most classes of subgroups ``symtheory preps`` shows (the hom matrix is its square).
PREPS_CLASS_LIMIT = 500


def hidden_report(net, max_codim=None, progress=None, subspaces=None) -> dict:
    """The JSON object of ``symtheory hidden`` for a network.

    ``subspaces``, if given, are the already enumerated
    :func:`~symtheory.networks.hidden.hidden_fixed_point_subspaces` of ``net``.

    >>> net = TwoLayerNet("S3", "natural + 2*trivial", "natural + 3*trivial")
    >>> r = hidden_report(net, max_codim=1)
    >>> r["theta_dim"], r["n_visible_symmetries"], r["subspaces"][0]["theorem_3_3"]
    (13, 6, True)
    """
    subs = subspaces if subspaces is not None else \
        hidden_fixed_point_subspaces(net, max_codim=max_codim, progress=progress)
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
    return [(name, hidden, stab) for name in groups
            for hidden, stab, _ in hidden_layers(parse_group(name), max_degree)]


def hidden_layers(G, max_degree: int = 12) -> list:
    """The catalog's hidden p-reps of a group, as ``(hidden, stabilizer, degree)``.

    ``cosets(I)`` for every class I of subgroups of index at most
    ``max_degree``, each alone and plus ``trivial``, in class order;
    ``stabilizer`` is the structure of the class, ``degree`` the number of
    hidden neurons.

    >>> hidden_layers(parse_group("C4"), 2)
    [('cosets(1)', 'C2', 2), ('cosets(1) + trivial', 'C2', 3), ('cosets(2)', 'C4', 1), ('cosets(2) + trivial', 'C4', 2)]
    """
    out = []
    for c in conjugacy_classes_subgroups(G):
        index = G.order // c.order
        if index <= max_degree:
            out.append((f"cosets({c.index})", c.structure, index))
            out.append((f"cosets({c.index}) + trivial", c.structure, index + 1))
    return out


def catalog_rows(groups=DEFAULT_CATALOG_GROUPS, input: str = "natural + trivial",
                 max_degree: int = 12, max_codim=None, progress=None) -> list:
    """One record per architecture of the catalog (see the module docstring).

    ``stabilizer`` names the point stabilizer H of the transitive block
    ``cosets(I)`` = G/H.  ``progress``, if given, is a tqdm-like bar (its
    ``total`` is set and it is ``update``-d once per architecture) or a
    callable given one line of text when each group starts and when the
    catalog is done.

    >>> rows = catalog_rows(["S3"])
    >>> [(r["hidden"], r["stabilizer"], r["theorem_3_3"]) for r in rows if r["theorem_3_3"]]
    [('cosets(1)', 'C2', True), ('cosets(1) + trivial', 'C2', True)]
    """
    archs = _catalog(groups, max_degree)
    rows = []
    start = time.perf_counter()
    bar = progress if hasattr(progress, "update") else None
    if bar is not None:
        progress, bar.total = None, len(archs)
        bar.refresh()
    for t, (g, y, stab) in enumerate(archs):
        if bar is not None:
            bar.set_postfix_str(f"{g} {y}", refresh=False)
            bar.update(t > 0)
        if progress and (t == 0 or archs[t - 1][0] != g):
            n_g = sum(a[0] == g for a in archs)
            progress(f"table: {g} ({n_g} architectures; {t}/{len(archs)} done, "
                     f"{time.perf_counter() - start:.1f} s)")
        rows.append(architecture_row(g, input, y, stab, max_codim))
    if bar is not None and archs:
        bar.update(1)
    if progress:
        progress(f"table: {len(archs)} architectures in {time.perf_counter() - start:.1f} s")
    return rows


# -- what people read: headings, legends and naming notes ------------------------

SUBGROUP_COLUMNS = ["index", "order", "length", "normalizer_order", "structure", "generators"]
SUBGROUP_TITLES = {"index": "class", "order": "order", "length": "conjugates",
                   "normalizer_order": "|N(H)|", "structure": "structure",
                   "generators": "generators"}

HIDDEN_COLUMNS = ["partition", "dim", "codim", "hidden", "lemma_3_2", "theorem_3_3"]
HIDDEN_TITLES = {"partition": "equal neurons", "dim": "dim", "codim": "codim",
                 "hidden": "hidden", "lemma_3_2": "L3.2", "theorem_3_3": "T3.3"}
HIDDEN_DESCRIPTIONS = {
    "partition": "blocks of hidden neurons with equal weights (unlisted neurons stay free)",
    "dim": "dim of the subspace", "codim": "codim in Theta~",
    "hidden": "yes when no visible symmetry (permutation keeping Theta~) cuts it out",
    "lemma_3_2": "the Lemma 3.2 condition holds (descent stays inside)",
    "theorem_3_3": "Theorem 3.3 applies (hidden, codim 1, Lemma 3.2): a second minimum",
}

_DIHEDRAL = re.compile(r"(?<![A-Za-z])D(\d+)(?![\d(])")


def naming_note(names, structure=None) -> list:
    """Notes on the naming conventions behind the printed ``names``.

    Dihedral names ``D<n>`` are the symmetries of the regular n-gon, of order
    2n, on input and output alike; a group whose isomorphism type
    ``structure`` is a polyhedral point group gets its Schoenflies name
    (:func:`~symtheory.algebra.subgroups.point_group_name`).

    >>> naming_note(["C2", "D4"], structure="C2xA5")
    ["D<n> = symmetries of the regular n-gon, order 2n (D4 has order 8, GAP's DihedralGroup(8))", 'the group is C2xA5, the point group I_h']
    >>> naming_note(["C2"])
    []
    """
    names = [str(n) for n in names if n is not None]
    notes = []
    dihedral = [m.group(0) for n in names for m in _DIHEDRAL.finditer(n)]
    if dihedral:
        d = dihedral[0]
        notes.append(f"D<n> = symmetries of the regular n-gon, order 2n ({d} has order "
                     f"{2 * int(d[1:])}, GAP's DihedralGroup({2 * int(d[1:])}))")
    if structure and point_group_name(structure):
        notes.append(f"the group is {structure}, the point group {point_group_name(structure)}")
    return notes


def partition_text(partition) -> str:
    """``{0,1,2} {3,4}``: the blocks of a neuron partition, 0-based.

    >>> partition_text([[0, 1, 2], [3, 4]])
    '{0,1,2} {3,4}'
    """
    return " ".join("{" + ",".join(map(str, b)) + "}" for b in partition)


def hidden_rows(report, fmt: str = "table", width: int = 100) -> list:
    """The records of a :func:`hidden_report` as table rows, partitions as text.

    For ``fmt="table"`` a partition too long for ``width`` columns is cut with
    ``...`` (the whole of it is in every other format).

    >>> net = TwoLayerNet("S3", "natural", "2*natural")
    >>> [r["partition"] for r in hidden_rows(hidden_report(net, max_codim=1))]
    ['{0,1,2}', '{3,4,5}']
    """
    rows = []
    for i, s in enumerate(report["subspaces"]):
        r = dict(s)
        r["#"] = i
        r["partition"] = partition_text(s["partition"])
        rows.append(r)
    if fmt == "table":
        room = width - 2 - sum(2 + max(len(HIDDEN_TITLES[c]), 3) for c in HIDDEN_COLUMNS[1:]) \
            - (2 + len(str(len(rows))))
        for r in rows:
            if len(r["partition"]) > room:
                r["partition"] = r["partition"][:room - 3].rsplit(" ", 1)[0] + " ..."
    return rows


def preps_matrix(report, fmt: str = "table", width: int = 100) -> str:
    """dim Hom_G(G/H_i, G/H_j) of a :func:`preps_report` as a matrix, row i, column j.

    Split into column blocks that fit ``width`` characters (``table``) or a
    page (``latex``, at most 16 columns a block).

    >>> print(preps_matrix(preps_report("S3")))
    dim Hom_G(G/H_i, G/H_j) = |H_i\\G/H_j|, row i, column j:
    i\\j  0  1  2  3
    0    6  3  2  1
    1    3  2  1  1
    2    2  1  2  1
    3    1  1  1  1
    """
    dims = report["hom_dims"]
    n = len(dims)
    cw = max(len(str(v)) for row in dims for v in row) + 1
    lab = max(3, len(str(n - 1))) + 1
    per = max(1, (width - 1 - lab) // max(cw, len(str(n - 1)) + 1)) if fmt != "latex" else 16
    title = "dim Hom_G(G/H_i, G/H_j) = |H_i\\G/H_j|, row i, column j"
    out = []
    for start in range(0, n, per):
        cols = list(range(start, min(n, start + per)))
        rows = [{"i": i, **{str(j): dims[i][j] for j in cols}} for i in range(n)]
        keys = ["i"] + [str(j) for j in cols]
        if fmt == "table":
            w = max(cw, len(str(n - 1)) + 1)
            lines = ["i\\j".ljust(lab) + "".join(str(j).rjust(w) for j in cols)]
            lines += [str(i).ljust(lab) + "".join(str(dims[i][j]).rjust(w) for j in cols)
                      for i in range(n)]
            out.append("\n".join(line.rstrip() for line in lines))
        else:
            part = f" (columns {cols[0]}-{cols[-1]})" if n > per else ""
            out.append(format_table(rows, keys, fmt, titles={"i": "i\\j"},
                                    caption=title + part))
    head = title + ":"
    return (head + "\n" if fmt == "table" else "") + "\n\n".join(out)


def layered_report(net, max_codim=None, progress=None) -> dict:
    """The JSON object of ``symtheory hidden`` for an MLP (several layers or biases).

    Each subspace carries ``"layer"`` (the one hidden layer, 1..L, whose
    partition is not discrete; null if several are) and ``"partitions"``
    (one list of blocks per hidden layer).

    >>> from symtheory.networks.mlp import EquivariantMLP
    >>> net = EquivariantMLP("S3", ["natural + 2*trivial", "natural + 3*trivial"], bias=True)
    >>> r = layered_report(net, max_codim=1)
    >>> r["theta_dim"], r["subspaces"][0]["layer"], r["subspaces"][0]["theorem_3_3"]
    (17, 1, True)
    """
    from .networks.layered import count_layered_visible_symmetries, layered_subspaces
    subs = layered_subspaces(net, max_codim=max_codim, progress=progress)
    try:
        n_vis = count_layered_visible_symmetries(net)
    except SymtheoryError:  # too symmetric to count within the search budget
        n_vis = None
    return {"group": group_record(net.group), "input": net.input.name,
            "hidden": [Y.name for Y in net.layers[1:]],
            "output": "sum" if net.output is None else net.output.name,
            "bias": net.bias, "depth": net.depth, "theta_dim": net.theta_dim,
            "n_visible_symmetries": n_vis, "subspaces": [s.as_dict() for s in subs]}


def layered_catalog_rows(groups=DEFAULT_CATALOG_GROUPS, input: str = "natural + trivial",
                         max_degree: int = 12, max_codim=None, progress=None, depth: int = 2,
                         bias: bool = False) -> list:
    """The catalog for MLPs: each catalog hidden p-rep repeated ``depth`` times, with biases or not.

    Columns as :data:`CATALOG_COLUMNS`; ``hidden`` names the layers joined by
    ``;`` and ``theorem_3_3_where`` reads ``layer l: {blocks}``.  A network
    whose visible symmetries are too many to search gets ``None`` counts.

    >>> rows = layered_catalog_rows(["S3"], max_degree=3, depth=2)
    >>> [(r["hidden"], r["theorem_3_3_where"]) for r in rows if r["theorem_3_3"]][:1]
    [('cosets(1); cosets(1)', ['layer 2: {0,1,2}'])]
    """
    from .networks.layered import layered_halves_relation, layered_subspaces
    from .networks.mlp import EquivariantMLP
    rows = []
    start = time.perf_counter()
    for g, y, stab in _catalog(groups, max_degree):
        if progress:
            progress(f"table: {g} {y} ({time.perf_counter() - start:.1f} s)")
        net = EquivariantMLP(g, [input] + [y] * int(depth), bias=bias)
        try:
            subs = layered_subspaces(net, max_codim=max_codim)
        except SymtheoryError as exc:
            subs, note = None, str(exc)
        row = {"group": g, "input": input, "hidden": "; ".join([y] * int(depth)), "stabilizer": stab,
               "hidden_degree": net.widths[1], "theta_dim": net.theta_dim}
        if subs is None:
            row.update({"n_subspaces": None, "n_hidden_subspaces": None, "min_hidden_codim": None,
                        "theorem_3_3": None, "theorem_3_3_where": [note],
                        "theorem_3_3_halves": []})
        else:
            hidden = [s for s in subs if s.hidden]
            flagged = [s for s in subs if s.theorem_3_3]
            row.update({"n_subspaces": len(subs), "n_hidden_subspaces": len(hidden),
                        "min_hidden_codim": min((s.codim for s in hidden), default=None),
                        "theorem_3_3": bool(flagged),
                        "theorem_3_3_where": [
                            "; ".join(f"layer {l}: " + " ".join("{" + ",".join(map(str, b)) + "}"
                                                                for b in p)
                                      for l, p in enumerate(s.partitions, 1) if p)
                            for s in flagged],
                        "theorem_3_3_halves": [layered_halves_relation(net, s) for s in flagged]})
        rows.append(row)
    return rows


def architecture_row(group, input: str, hidden: str, stabilizer: str, max_codim=None) -> dict:
    """The catalog record (columns :data:`CATALOG_COLUMNS`) of one architecture.

    ``group`` is a name or a :class:`~symtheory.algebra.groups.Group` (whose
    name fills the ``group`` column); ``stabilizer`` is copied into its column.
    One row of :func:`catalog_rows`, and one task of the census.

    >>> r = architecture_row("S3", "natural + trivial", "cosets(1)", "C2")
    >>> r["hidden_degree"], r["n_hidden_subspaces"], r["theorem_3_3_where"], r["theorem_3_3_halves"]
    (3, 1, ['{0,1,2}'], ['distinct'])
    """
    net = TwoLayerNet(group, input, hidden)
    subs = hidden_fixed_point_subspaces(net, max_codim=max_codim)
    hidden_subs = [s for s in subs if s.hidden]
    flagged = [s for s in subs if s.theorem_3_3]
    where = [partition_text(s.partition) for s in flagged]
    name = group if isinstance(group, str) else group.name
    return {"group": name, "input": input, "hidden": hidden, "stabilizer": stabilizer,
            "hidden_degree": net.hidden_degree,
            "theta_dim": net.theta_dim, "n_subspaces": len(subs),
            "n_hidden_subspaces": len(hidden_subs),
            "min_hidden_codim": min((s.codim for s in hidden_subs), default=None),
            "theorem_3_3": bool(where), "theorem_3_3_where": where,
            "theorem_3_3_halves": [halves_relation(net, s) for s in flagged]}
