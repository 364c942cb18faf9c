"""The group library, held against the literature, against GAP, and against geometry.

* Counts: the number of groups of each order n <= 64 is OEIS A000001, the
  number of transitive groups of each degree d <= 10 is OEIS A002106 (Butler
  and McKay 1983 to degree 11; GAP lists none of degree 1).
* Every record's order, abelian and solvable flags are recomputed by SymPy
  from its generators; transitive groups are transitive.
* Point groups: every generator is induced by an orthogonal matrix on the
  stated points, the matrices generate a group of the textbook order, and the
  permutation group has that order too (so the action is faithful); the
  isomorphism types of the polyhedral groups are the textbook ones.
* With ``gap`` on PATH: GAP recognizes every group (IdGroup for SmallGroups
  and point groups, TransitiveIdentification for transitive groups).
"""

import json
import os
import shutil
import subprocess

import numpy as np
import pytest

from symtheory.algebra.groups import parse_group
from symtheory.algebra import library
from symtheory.algebra.library import (is_library_name, library_entries, library_entry,
                                       library_group, select_entries)
from symtheory.exceptions import ParseError, UnknownNameError

# OEIS A000001, n = 1..64
A000001 = [1, 1, 1, 2, 1, 2, 1, 5, 2, 2, 1, 5, 1, 2, 1, 14, 1, 5, 1, 5, 2, 2, 1, 15, 2, 2,
           5, 4, 1, 4, 1, 51, 1, 2, 1, 14, 1, 2, 2, 14, 1, 6, 1, 4, 2, 2, 1, 52, 2, 5, 1, 5,
           1, 15, 2, 13, 2, 2, 1, 13, 1, 2, 4, 267]
# OEIS A002106, d = 2..10
A002106 = [1, 2, 5, 5, 16, 7, 50, 34, 45]


def _doc():
    with open(library._DATA) as f:
        return json.load(f)


def test_counts_are_the_literature_values():
    small = [e for e in library_entries() if e.family == "small"]
    assert [sum(e.order == n for e in small) for n in range(1, 65)] == A000001
    assert [e.id for e in small if e.order == 16][2] == "SmallGroup(16,3)"
    trans = [e for e in library_entries() if e.family == "transitive"]
    assert [sum(e.degree == d for e in trans) for d in range(2, 11)] == A002106
    ids = [e.id for e in library_entries()]
    assert len(ids) == len(set(ids))


def test_the_data_file_stays_small_and_readable():
    size = os.path.getsize(library._DATA)
    assert size < 3_000_000, f"the library is {size} bytes"
    doc = _doc()
    assert doc["generated_by"] == "tools/make_group_library.py"


def test_every_record_matches_its_generators():
    for e in library_entries():
        G = e.group()
        assert (G.order, G.degree, G.name) == (e.order, e.degree, e.id), e.id
        assert G.is_abelian() == e.abelian, e.id
        assert G.perm_group.is_solvable == e.solvable, e.id
        if e.family == "transitive":
            assert G.perm_group.is_transitive(), e.id
        if e.small_group_id is not None:
            assert e.small_group_id[0] == e.order


def _schoenflies_order(name):
    fixed = {"T": 12, "Td": 24, "Th": 24, "O": 24, "Oh": 48, "I": 60, "Ih": 120, "Cs": 2,
             "Ci": 2}
    if name in fixed:
        return fixed[name]
    letter, n, suffix = name[0], int("".join(c for c in name if c.isdigit())), name[-1]
    if letter == "S":
        return n                                     # S_2n has order 2n
    if letter == "C":
        return n if suffix.isdigit() else 2 * n      # C_n; C_nv, C_nh
    return 2 * n if suffix.isdigit() else 4 * n      # D_n; D_nh, D_nd


def _matrix_closure(mats):
    key = lambda m: tuple(np.round(m, 6).ravel() + 0.0)  # noqa: E731
    seen, frontier = {key(np.eye(3))}, [np.eye(3)]
    while frontier:
        nxt = []
        for m in frontier:
            for g in mats:
                p = g @ m
                if key(p) not in seen:
                    seen.add(key(p))
                    nxt.append(p)
        frontier = nxt
    return len(seen)


def _generator_script():
    import importlib.util
    path = os.path.join(os.path.dirname(library.__file__), "..", "..", "tools",
                        "make_group_library.py")
    spec = importlib.util.spec_from_file_location("make_group_library", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_point_groups_act_faithfully_on_their_polyhedra_with_the_right_order():
    records = [r for r in _doc()["groups"] if r["family"] == "point"]
    names = [r["schoenflies"] for r in records]
    expected = ([f"C{n}" for n in range(1, 7)] + ["Cs", "Ci"] +
                [f"S{2 * n}" for n in range(2, 7)] +
                [f"{f}{n}{s}" for n in range(2, 7) for f, s in
                 (("C", "v"), ("C", "h"), ("D", ""), ("D", "h"), ("D", "d"))] +
                ["T", "Td", "Th", "O", "Oh", "I", "Ih"])
    assert names == expected
    stored = {r["schoenflies"]: r for r in records}
    mod = _generator_script()
    for name, _, mats, exact_pts, text in mod.point_group_specs():
        r = stored[name]
        order = _schoenflies_order(name)
        for m in mats:
            assert np.allclose(m @ m.T, np.eye(3))
        assert _matrix_closure(mats) == order == r["order"], name   # the geometric group
        pts = np.array(r["points"])  # stored to 6 decimals
        assert np.allclose(pts, exact_pts, atol=1e-6)
        gens = [mod.gap_cycles(mod.induced_permutation(m, exact_pts)) for m in mats]
        assert [g for g in gens if g != "()"] == r["generators"], name  # its action
        G = library_group(r["id"])
        assert G.order == order, name                                # and faithful
        for g in G.generators:  # each generator keeps all inner products: an isometry
            assert np.allclose(pts[list(g)] @ pts[list(g)].T, pts @ pts.T, atol=1e-5)
        assert r["action"] == text and text.startswith("the ")


def test_polyhedral_groups_have_the_textbook_isomorphism_types():
    ids = {"T": (12, 3), "Td": (24, 12), "Th": (24, 13), "O": (24, 12), "Oh": (48, 48),
           "I": (60, 5), "Ih": (120, 35), "D2d": (8, 3), "C2v": (4, 2), "S4": (4, 1)}
    for name, sid in ids.items():
        assert library_entry(f"PointGroup({name})").small_group_id == sid, name


def test_old_names_keep_their_meaning():
    for name, order, degree in (("C3", 3, 3), ("D3", 6, 3), ("D4", 8, 4), ("S4", 24, 4),
                                ("C6", 6, 6), ("A4", 12, 4), ("S3xC2", 12, 5)):
        G = parse_group(name)
        assert (G.name, G.order, G.degree) == (name, order, degree)
        assert not is_library_name(name)
    # the point groups of those names: C_n, D_n are the same permutation groups, S_2n is not
    for n in range(3, 7):
        assert parse_group(f"PointGroup(C{n})") == parse_group(f"C{n}")
        assert parse_group(f"PointGroup(D{n})") == parse_group(f"D{n}")
    assert parse_group("PointGroup(S4)").order == 4 and parse_group("PointGroup(S4)").is_abelian()
    with pytest.raises(ParseError):
        parse_group("T7")


@pytest.mark.parametrize("name, order, degree", [
    ("SmallGroup(16,3)", 16, None), ("smallgroup(16, 3)", 16, None),
    ("TransitiveGroup(8,5)", 8, 8), ("Oh", 48, 6), ("C3v", 6, 3), ("D2d", 8, 4),
    ("Ih", 120, 12), ("T", 12, 4), ("Cs", 2, 2), ("PointGroup(S6)", 6, 6)])
def test_library_names_parse_everywhere(name, order, degree):
    G = parse_group(name)
    assert G.order == order and (degree is None or G.degree == degree)
    from symtheory.networks.networks import TwoLayerNet
    net = TwoLayerNet(name, "natural + trivial", "trivial")
    assert net.group.order == order


@pytest.mark.parametrize("name, needle", [
    ("SmallGroup(65,1)", "n <= 64"), ("SmallGroup(8,6)", "n <= 64"),
    ("TransitiveGroup(11,1)", "d <= 10"), ("C7v", "no point group 'C7v'"),
    ("PointGroup(X)", "no point group")])
def test_names_outside_the_library_say_so(name, needle):
    with pytest.raises(UnknownNameError, match=needle.replace("(", r"\(")):
        parse_group(name)


def test_filters_agree_with_a_naive_selection():
    entries = library_entries()
    for spec, pred in [
            ("order<=12,nonabelian", lambda e: e.order <= 12 and not e.abelian),
            ("degree=6, transitive", lambda e: e.degree == 6 and e.family == "transitive"),
            ("nonsolvable,small", lambda e: not e.solvable and e.family == "small"),
            ("order>60, point", lambda e: e.order > 60 and e.family == "point")]:
        assert select_entries(spec) == [e for e in entries if pred(e)], spec
    # A5 is the only nonsolvable group of order <= 64
    assert [e.structure for e in select_entries("nonsolvable,small")] == ["A5"]


GAP_CHECK = r"""
ok := true;;
Check := function(kind, a, b, gens, order)
  local G, good;
  if Length(gens) = 0 then G := Group(()); else G := Group(gens); fi;
  good := Size(G) = order;
  if kind = "small" then good := good and IdGroup(G) = [a, b];
  elif kind = "transitive" then
    good := good and IsTransitive(G, [1..a]) and TransitiveIdentification(G) = b;
  elif kind = "point" and a > 0 then good := good and IdGroup(G) = [a, b]; fi;
  if not good then Print("MISMATCH ", kind, " ", a, " ", b, "\n"); ok := false; fi;
end;;
"""


@pytest.mark.skipif(shutil.which("gap") is None, reason="gap is not on PATH")
def test_gap_recognizes_every_group(tmp_path):
    lines = [GAP_CHECK]
    for e in library_entries():
        gens = "[" + ",".join(e.generators) + "]"
        if e.family == "point":
            a, b = e.small_group_id or (0, 0)
        else:
            a, b = _doc_gap_id(e.id)
        lines.append(f'Check("{e.family}", {a}, {b}, {gens}, {e.order});')
    lines.append('if ok then Print("ALL OK\\n"); fi;\nQUIT;\n')
    script = tmp_path / "check.g"
    script.write_text("\n".join(lines))
    out = subprocess.run(["gap", "-q", str(script)], capture_output=True, text=True,
                         timeout=900).stdout
    assert "ALL OK" in out and "MISMATCH" not in out, out[-2000:]


def _doc_gap_id(ident):
    return tuple(int(x) for x in ident[ident.index("(") + 1:-1].split(","))
