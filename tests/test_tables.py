"""Table rendering: every format carries the same records, machine formats parse back."""

import csv
import io
import json

import pytest

from symtheory.exceptions import UnknownNameError
from symtheory.tables import CATALOG_COLUMNS, catalog_architectures, catalog_rows, format_table

ROWS = [{"name": "a_b & c", "n": 3, "flag": True, "none": None, "parts": ["{0,1}", "{2,3}"]},
        {"name": "x,y \"q\"", "n": 10, "flag": False, "none": 2, "parts": []}]
COLS = ["name", "n", "flag", "none", "parts"]


def test_csv_round_trips_awkward_strings():
    rows = list(csv.DictReader(io.StringIO(format_table(ROWS, COLS, "csv"))))
    assert [r["name"] for r in rows] == ["a_b & c", 'x,y "q"']
    assert [r["n"] for r in rows] == ["3", "10"]


def test_json_keeps_types():
    data = json.loads(format_table(ROWS, COLS, "json"))
    records = data if isinstance(data, list) else data.get("rows", data)
    assert records[0]["flag"] is True and records[0]["none"] is None
    assert records[1]["n"] == 10


def test_latex_escapes_specials_and_has_one_line_per_row():
    out = format_table(ROWS, COLS, "latex")
    assert "a\\_b \\& c" in out
    body = out.split("\\endlastfoot\n")[1].split("\\end{longtable}")[0]
    assert body.count("\\\\") == len(ROWS)


def test_markdown_and_table_have_header_plus_rows():
    md = format_table(ROWS, COLS, "markdown").splitlines()
    assert len(md) == 2 + len(ROWS) and md[0].count("|") == len(COLS) + 1
    txt = format_table(ROWS, COLS, "table").splitlines()
    assert len(txt) == 2 + len(ROWS)
    assert len({len(line.rstrip()) <= len(txt[1]) for line in txt}) == 1


def test_unknown_format_is_a_clear_error():
    with pytest.raises(UnknownNameError, match="format"):
        format_table(ROWS, COLS, "xml")


def test_catalog_counts_transitive_preps_of_bounded_degree():
    """S4 has 11 classes of subgroups; index <= 12 excludes only the trivial subgroup (index 24)."""
    archs = catalog_architectures(["S4"], max_degree=12)
    assert len(archs) == 2 * 10
    archs = catalog_architectures(["S4"], max_degree=24)
    assert len(archs) == 2 * 11


def test_catalog_rows_agree_with_paper_for_deep_sets_hidden():
    """Hidden = natural (cosets of a point stabilizer) of S_n has the codim-1 hidden subspace
    'all hidden neurons equal' and Theorem 3.3 applies (Section 3 of the paper)."""
    rows = catalog_rows(["S3", "S4"], max_degree=4)
    by = {(r["group"], r["stabilizer"], r["hidden"].endswith("trivial")): r for r in rows}
    for g, stab, n in [("S3", "C2", 3), ("S4", "S3", 4)]:
        r = by[(g, stab, False)]
        assert r["hidden_degree"] == n
        assert r["theorem_3_3"] and r["min_hidden_codim"] == 1
        assert r["theorem_3_3_where"] == ["{" + ",".join(map(str, range(n))) + "}"]
    assert set(CATALOG_COLUMNS) == set(rows[0])


def test_csv_missing_values_and_booleans_are_machine_readable():
    rows = list(csv.DictReader(io.StringIO(format_table(ROWS, COLS, "csv"))))
    assert [r["flag"] for r in rows] == ["true", "false"]
    assert rows[0]["none"] == "" and rows[1]["parts"] == ""
    assert rows[0]["parts"] == "{0,1}; {2,3}"
    text = format_table(ROWS, COLS, "table")
    assert "yes" in text and "no" in text


def test_catalog_halves_separate_spurious_candidates_from_symmetric_copies():
    """S3/C2 (the paper's natural block): nothing visible relates the halves; S4/C2 of
    cosets(2): a visible symmetry moves one Theorem 3.3 hyperplane onto the other, so a
    copy of the teacher can sit on the far side (seen in tests/test_paper.py)."""
    rows = {(r["group"], r["hidden"]): r for r in catalog_rows(["S3", "S4"], max_degree=12)
            if r["theorem_3_3"]}
    assert rows[("S3", "cosets(1)")]["theorem_3_3_halves"] == ["distinct"]
    s4 = rows[("S4", "cosets(2)")]
    assert s4["theorem_3_3_halves"] == ["mixed", "mixed"]
    assert len(s4["theorem_3_3_halves"]) == len(s4["theorem_3_3_where"])
