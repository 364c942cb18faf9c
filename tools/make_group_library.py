"""Write the group library ``symtheory/algebra/data/group_library.json`` with GAP.

Run from the repository root: ``python tools/make_group_library.py`` (needs
``gap`` on PATH with the SmallGrp and TransGrp packages, as Debian's ``gap``
installs; about two minutes).  The output is checked in; the library module
:mod:`symtheory.algebra.library` only reads it.

What is written
---------------
* ``SmallGroup(n,k)`` for every n <= 64: GAP's group, made a permutation group
  by ``IsomorphismPermGroup`` and then ``SmallerDegreePermutationRepresentation``
  (a faithful action of small, not necessarily minimal, degree), its points
  renumbered 1..d.  ``IdGroup`` of the result is checked to be [n, k].
* ``TransitiveGroup(d,k)`` for every d <= 10: GAP's group on its d points.
* The crystallographic and icosahedral point groups by Schoenflies name,
  built here from rotation/reflection matrices (z the principal axis) and
  acting on the vertices of the polyhedron stated in each record; GAP
  supplies IdGroup, StructureDescription, abelian and solvable.

Facts, not code, come from GAP: the SmallGroups library of Besche, Eick and
O'Brien, and the transitive groups library of Hulpke (GAP packages SmallGrp
and TransGrp).
"""

import itertools
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "symtheory", "algebra", "data", "group_library.json")
MAX_SMALL_ORDER = 64
MAX_TRANSITIVE_DEGREE = 10
PHI = (1 + 5 ** 0.5) / 2


# -- point groups from geometry --------------------------------------------------
def _rz(theta):
    c, s = math.cos(theta), math.sin(theta)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])


SIGMA_H = np.diag([1.0, 1, -1])    # mirror z -> -z
SIGMA_V = np.diag([1.0, -1, 1])    # mirror in the xz-plane
C2X = np.diag([1.0, -1, -1])       # half turn about the x-axis
INV = -np.eye(3)
C3_DIAG = np.array([[0, 0, 1.0], [1, 0, 0], [0, 1, 0]])   # (x,y,z) -> (z,x,y), axis (1,1,1)
SWAP_XY = np.array([[0, 1.0, 0], [1, 0, 0], [0, 0, 1]])   # mirror x <-> y
C2Z = np.diag([-1.0, -1, 1])


def _axis_rotation(axis, theta):
    """Rotation by theta about axis (Rodrigues' formula)."""
    u = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
    k = np.array([[0, -u[2], u[1]], [u[2], 0, -u[0]], [-u[1], u[0], 0]])
    return np.eye(3) + math.sin(theta) * k + (1 - math.cos(theta)) * (k @ k)


C5_ICO = _axis_rotation((0, 1, PHI), 2 * math.pi / 5)   # about a vertex of the icosahedron


def _ngon(n, z=0.0, phase=0.0):
    return [(math.cos(phase + 2 * math.pi * k / n), math.sin(phase + 2 * math.pi * k / n), z)
            for k in range(n)]


def _antiprism(n):
    return [(math.cos(math.pi * k / n), math.sin(math.pi * k / n), (-1.0) ** k)
            for k in range(2 * n)]


def _prism(n):
    return [p for k in range(n) for p in (_ngon(n)[k][:2] + (1.0,), _ngon(n)[k][:2] + (-1.0,))]


RECTANGLE = [(2.0, 1.0, 0.0), (-2.0, -1.0, 0.0), (2.0, -1.0, 0.0), (-2.0, 1.0, 0.0)]
BOX = [(sx * 3.0, sy * 2.0, sz * 1.0) for sx, sy, sz in itertools.product((1, -1), repeat=3)]
TETRAHEDRON = [(1.0, 1, 1), (1.0, -1, -1), (-1.0, 1, -1), (-1.0, -1, 1)]
OCTAHEDRON = [(1.0, 0, 0), (-1.0, 0, 0), (0, 1.0, 0), (0, -1.0, 0), (0, 0, 1.0), (0, 0, -1.0)]
ICOSAHEDRON = [p for a, b in itertools.product((1, -1), repeat=2)
               for p in ((0.0, a, b * PHI), (a, b * PHI, 0.0), (b * PHI, 0.0, a))]


def point_group_specs():
    """(schoenflies, order, generator matrices, points, description) of each point group."""
    specs = []
    for n in range(1, 7):
        specs.append((f"C{n}", n, [_rz(2 * math.pi / n)], _ngon(n),
                      f"the vertices of the regular {n}-gon (cos 2pi k/{n}, sin 2pi k/{n}, 0)"
                      if n > 2 else ("the two points (+-1, 0, 0)" if n == 2
                                     else "the point (1, 0, 0)")))
    specs.append(("Cs", 2, [SIGMA_H], [(1.0, 0, 1), (1.0, 0, -1)], "the two points (1, 0, +-1)"))
    specs.append(("Ci", 2, [INV], [(1.0, 0, 1), (-1.0, 0, -1)], "the two points +-(1, 0, 1)"))
    for n in range(2, 7):
        specs.append((f"S{2 * n}", 2 * n, [_rz(math.pi / n) @ SIGMA_H], _antiprism(n),
                      f"the vertices of the {n}-gonal antiprism (cos pi k/{n}, sin pi k/{n}, "
                      "(-1)^k)" + (" (a tetrahedron)" if n == 2 else "")))
    for n in range(2, 7):
        r = _rz(2 * math.pi / n)
        small = n == 2
        ngon = (RECTANGLE, "the vertices of the rectangle (+-2, +-1, 0)") if small else \
            (_ngon(n), f"the vertices of the regular {n}-gon (cos 2pi k/{n}, sin 2pi k/{n}, 0)")
        prism = _prism(n), (f"the vertices of the {n}-gonal prism (cos 2pi k/{n}, "
                            f"sin 2pi k/{n}, +-1)" + (" (a rectangle in the xz-plane)"
                                                      if small else ""))
        specs.append((f"C{n}v", 2 * n, [r, SIGMA_V]) + ngon)
        specs.append((f"C{n}h", 2 * n, [r, SIGMA_H]) + prism)
        specs.append((f"D{n}", 2 * n, [r, C2X]) + ngon)
        specs.append((f"D{n}h", 4 * n, [r, C2X, SIGMA_H]) +
                     ((BOX, "the vertices of the box (+-3, +-2, +-1)") if small else prism))
        c2_edge = _rz(math.pi / (2 * n)) @ C2X @ _rz(-math.pi / (2 * n))  # through an edge midpoint
        specs.append((f"D{n}d", 4 * n, [_rz(math.pi / n) @ SIGMA_H, c2_edge], _antiprism(n),
                      f"the vertices of the {n}-gonal antiprism (cos pi k/{n}, sin pi k/{n}, "
                      "(-1)^k)" + (" (a tetrahedron)" if small else "")))
    tet = "the vertices of the tetrahedron (1,1,1), (1,-1,-1), (-1,1,-1), (-1,-1,1)"
    octa = "the vertices of the octahedron (+-1,0,0), (0,+-1,0), (0,0,+-1)"
    ico = "the vertices of the icosahedron (0,+-1,+-phi) and cyclic shifts, phi the golden ratio"
    specs += [("T", 12, [C2Z, C3_DIAG], TETRAHEDRON, tet),
              ("Td", 24, [C2Z, C3_DIAG, SWAP_XY], TETRAHEDRON, tet),
              ("Th", 24, [C2Z, C3_DIAG, INV], OCTAHEDRON, octa),
              ("O", 24, [_rz(math.pi / 2), C3_DIAG], OCTAHEDRON, octa),
              ("Oh", 48, [_rz(math.pi / 2), C3_DIAG, INV], OCTAHEDRON, octa),
              ("I", 60, [C2Z, C3_DIAG, C5_ICO], ICOSAHEDRON, ico),
              ("Ih", 120, [C2Z, C3_DIAG, C5_ICO, INV], ICOSAHEDRON, ico)]
    return specs


def matrix_group_order(gens):
    """Order of the group generated by orthogonal matrices (closure, rounded)."""
    key = lambda m: tuple(np.round(m, 6).ravel() + 0.0)  # noqa: E731
    seen = {key(np.eye(3))}
    frontier = [np.eye(3)]
    while frontier:
        nxt = []
        for m in frontier:
            for g in gens:
                p = g @ m
                if key(p) not in seen:
                    seen.add(key(p))
                    nxt.append(p)
        frontier = nxt
    return len(seen)


def induced_permutation(matrix, points):
    """The 0-based image array of points under matrix (which must permute them)."""
    pts = np.array(points, dtype=float)
    img = pts @ matrix.T
    perm = []
    for q in img:
        d = np.linalg.norm(pts - q, axis=1)
        j = int(np.argmin(d))
        if d[j] > 1e-9:
            raise AssertionError("the matrix does not permute the points")
        perm.append(j)
    assert sorted(perm) == list(range(len(points)))
    return perm


def gap_cycles(perm):
    """GAP-style 1-based cycle string of a 0-based image array ('()' for the identity)."""
    seen, out = set(), []
    for i in range(len(perm)):
        if i in seen or perm[i] == i:
            continue
        cyc, j = [], i
        while j not in seen:
            seen.add(j)
            cyc.append(j + 1)
            j = perm[j]
        out.append("(" + ",".join(map(str, cyc)) + ")")
    return "".join(out) or "()"


# -- GAP ----------------------------------------------------------------------------
GAP_PROGRAM = r"""
out := OutputTextFile("%(out)s", false);; SetPrintFormattingStatus(out, false);;
Relabel := function(P)
  local pts; pts := MovedPoints(P);
  if Length(pts) = 0 then return [P, 1]; fi;
  return [P^MappingPermListList(pts, [1..Length(pts)]), Length(pts)];
end;;
Gens := function(P)
  local g; g := SmallGeneratingSet(P);
  if Length(g) = 0 then return "-"; fi;
  return JoinStringsWithSeparator(List(g, String), ";");
end;;
Describe := function(kind, id, P, d)
  local sid;
  if IdGroupsAvailable(Size(P)) then sid := String(IdGroup(P)); else sid := "-"; fi;
  AppendTo(out, kind, "|", id, "|", Size(P), "|", d, "|", IsAbelian(P), "|",
           IsSolvableGroup(P), "|", StructureDescription(P), "|", sid, "|", Gens(P), "\n");
end;;
for n in [1..%(max_order)d] do
  for k in [1..NrSmallGroups(n)] do
    P := Image(IsomorphismPermGroup(SmallGroup(n, k)));;
    P := Image(SmallerDegreePermutationRepresentation(P));;
    r := Relabel(P);;
    if IdGroup(r[1]) <> [n, k] then Error("IdGroup mismatch"); fi;
    Describe("small", Concatenation(String(n), ",", String(k)), r[1], r[2]);
  od;
od;
for d in [1..%(max_degree)d] do
  for k in [1..NrTransitiveGroups(d)] do
    Describe("transitive", Concatenation(String(d), ",", String(k)), TransitiveGroup(d, k), d);
  od;
od;
%(point_groups)s
CloseStream(out);
Print(GAPInfo.Version, "\n");
QUIT;
"""


def _gap_group(gens, degree):
    if not gens:
        return "Group(())"
    return "Group(" + ", ".join(g for g in gens) + ")"


def run_gap(point_records):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "groups.txt")
        pg = "\n".join(
            f'Describe("point", "{r["schoenflies"]}", {_gap_group(r["generators"], r["degree"])}, '
            f'{r["degree"]});' for r in point_records)
        prog = GAP_PROGRAM % {"out": out, "max_order": MAX_SMALL_ORDER,
                              "max_degree": MAX_TRANSITIVE_DEGREE, "point_groups": pg}
        script = os.path.join(tmp, "make.g")
        with open(script, "w") as f:
            f.write(prog)
        res = subprocess.run(["gap", "-q", "-o", "4g", script], capture_output=True, text=True,
                             check=True)
        version = res.stdout.strip().splitlines()[-1]
        with open(out) as f:
            lines = [ln.rstrip("\n") for ln in f if ln.strip()]
    return version, lines


def _parse_line(line):
    kind, ident, order, degree, abelian, solvable, structure, sid, gens = line.split("|")
    return {"kind": kind, "ident": ident, "order": int(order), "degree": int(degree),
            "abelian": abelian == "true", "solvable": solvable == "true",
            "structure": structure,
            "small_group_id": None if sid == "-" else json.loads(sid),
            "generators": [] if gens == "-" else gens.split(";")}


def main():
    points = []
    for name, order, mats, pts, text in point_group_specs():
        assert matrix_group_order(mats) == order, name
        gens = [gap_cycles(induced_permutation(m, pts)) for m in mats]
        gens = [g for g in gens if g != "()"]
        points.append({"schoenflies": name, "order": order, "degree": len(pts),
                       "generators": gens, "action": text,
                       "points": [[round(x, 6) + 0.0 for x in p] for p in pts]})
    version, lines = run_gap(points)
    by_name = {r["schoenflies"]: r for r in points}
    groups = []
    for line in lines:
        rec = _parse_line(line)
        if rec["kind"] == "small":
            n, k = map(int, rec["ident"].split(","))
            assert rec["small_group_id"] == [n, k]
            groups.append({"id": f"SmallGroup({n},{k})", "family": "small", "gap_id": [n, k],
                           **_common(rec)})
        elif rec["kind"] == "transitive":
            d, k = map(int, rec["ident"].split(","))
            groups.append({"id": f"TransitiveGroup({d},{k})", "family": "transitive",
                           "gap_id": [d, k], **_common(rec)})
        else:
            pg = by_name[rec["ident"]]
            assert rec["order"] == pg["order"], (rec["ident"], rec["order"])  # faithful
            groups.append({"id": f"PointGroup({pg['schoenflies']})", "family": "point",
                           "schoenflies": pg["schoenflies"], **_common(rec),
                           "generators": pg["generators"],
                           "action": pg["action"], "points": pg["points"]})
    doc = {
        "description": "symtheory's group library: SmallGroups of order <= 64, transitive "
                       "groups of degree <= 10, point groups by Schoenflies name, each a "
                       "permutation group; generators are GAP-style 1-based cycle strings",
        "generated_by": "tools/make_group_library.py",
        "gap_version": version,
        "sources": ["GAP SmallGrp library (Besche, Eick, O'Brien)",
                    "GAP TransGrp library (Hulpke)",
                    "point groups built from their matrices, z the principal axis"],
        "groups": groups,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    body = ",\n".join("  " + json.dumps(g, separators=(", ", ": ")) for g in groups)
    head = json.dumps({k: v for k, v in doc.items() if k != "groups"}, indent=1)[:-2]
    with open(OUT, "w") as f:
        f.write(head + ',\n "groups": [\n' + body + "\n ]\n}\n")
    json.load(open(OUT))  # the file must parse
    print(f"wrote {len(groups)} groups to {OUT} ({os.path.getsize(OUT) / 1e6:.2f} MB)",
          file=sys.stderr)


def _common(rec):
    return {k: rec[k] for k in ("order", "degree", "abelian", "solvable", "structure",
                                "small_group_id", "generators")}


if __name__ == "__main__":
    main()
