"""Conjugacy classes of subgroups held against GAP, live, over a zoo of groups.

For every group of the zoo, GAP 4 (``ConjugacyClassesSubgroups``, see
https://docs.gap-system.org/doc/ref/chap39.html) gives the order, class length
and normalizer order of every class of subgroups; symtheory must give the
same multiset of triples, hence the same number of classes and of subgroups.
The groups are built in GAP (transitive groups from its library of
transitive groups, PSL(2,q), the Mathieu groups) and handed to symtheory as
GAP's own generators, so both work on literally the same permutations.  On
the small groups also the numbers of double cosets ``|H_i \\ G / H_j|`` of
all pairs of class representatives are compared, as a multiset of
``(|H_i|, |H_j|, count)`` (GAP: the inner product of the two permutation
characters), on the groups with at most ``MAX_DOUBLE`` classes.

The module is skipped, with the reason, where ``gap`` is not on PATH (Debian
and Ubuntu: ``apt-get install gap``).  The big groups (S8, A8, M11, M12,
PSL(2,q) up to q = 49, all transitive groups of degree 8-10 up to order 10^5)
are marked slow.
"""

import re
import shutil
import subprocess
import pytest

from symtheory.algebra.groups import Group
from symtheory.algebra.subgroup_classes import conjugacy_classes_subgroups, count_subgroups
from symtheory.algebra.subgroups import double_cosets

GAP = shutil.which("gap")
pytestmark = pytest.mark.skipif(GAP is None, reason="GAP is not installed (apt-get install gap); "
                                                    "these tests compare against it live")

_PRINT = """
Emit := function(name, G)
  local n, cc, reps, i, j, pis;
  n := Maximum(LargestMovedPoint(G), 1);
  if LATTICE then
    cc := ConjugacyClassesSubgroups(LatticeSubgroups(G));  # the lattice's numbering
  else
    cc := ConjugacyClassesSubgroups(G);
  fi;
  Print("GROUP ", name, "\\n");
  Print("DEGREE ", n, "\\n");
  Print("GENS ", List(GeneratorsOfGroup(G), g -> ListPerm(g, n) - 1), "\\n");
  Print("CLASSES ", List(cc, c -> [Size(Representative(c)), Size(c),
        Size(Normalizer(G, Representative(c)))]), "\\n");
  if LATTICE then
    # for each class, the classes with a conjugate maximal in its representative
    Print("MAXIMAL ", List(MaximalSubgroupsLattice(LatticeSubgroups(G)),
          l -> Set(List(l, p -> p[1]))), "\\n");
  fi;
  if DOUBLE and Length(cc) <= MAXDOUBLE then
    # |H\\G/K| = <1_H^G, 1_K^G>, the inner product of permutation characters
    reps := List(cc, Representative);
    pis := List(reps, H -> PermutationCharacter(G, H));
    Print("DOUBLE ", List(Cartesian([1..Length(reps)], [1..Length(reps)]),
          p -> [Size(reps[p[1]]), Size(reps[p[2]]),
                ScalarProduct(pis[p[1]], pis[p[2]])]), "\\n");
  fi;
  Print("END\\n");
end;
"""


def run_gap(groups, double=False, timeout=3000, lattice=False):
    """Run GAP on ``[(name, GAP expression)]`` and parse what ``Emit`` prints."""
    lines = [f"DOUBLE := {'true' if double else 'false'};; MAXDOUBLE := {MAX_DOUBLE};; "
             f"LATTICE := {'true' if lattice else 'false'};;", _PRINT]
    for name, expr in groups:
        lines.append(f'Emit("{name}", {expr});')
    lines.append("QUIT;")
    out = subprocess.run([GAP, "-q", "-b", "-o", "4g"], input="\n".join(lines), text=True,
                         capture_output=True, timeout=timeout).stdout
    text = " ".join(out.replace("\\\n", "").split())  # GAP wraps long lines
    result = {}
    for m in _BLOCK.finditer(text):
        result[m["name"]] = {
            "degree": int(m["degree"]),
            "gens": _gap_list(m["gens"]),
            "classes": _gap_list(m["classes"]),
            "maximal": _gap_list(m["maximal"]) if m["maximal"] else None,
            "double": _gap_list(m["double"]) if m["double"] else None,
        }
    return result


_BLOCK = re.compile(r"GROUP (?P<name>\S+) DEGREE (?P<degree>\d+) GENS (?P<gens>\[.*?\]) "
                    r"CLASSES (?P<classes>\[.*?\]) (?:MAXIMAL (?P<maximal>\[.*?\]) )?"
                    r"(?:DOUBLE (?P<double>\[.*?\]) )?END")


def _gap_list(text):
    return eval(text.replace(" ", ""), {"__builtins__": {}})  # GAP lists of integers


#: Double cosets are compared on the groups with at most this many classes.
MAX_DOUBLE = 30


def edge_types(classes, pairs):
    """Sorted ``(order, length)`` pairs of the two ends of each lattice edge."""
    return sorted((classes[i][0], classes[i][1], classes[j][0], classes[j][1]) for i, j in pairs)


def lattice_sides(G, info):
    """GAP's and symtheory's maximal inclusions, as :func:`edge_types`."""
    from symtheory.algebra.subgroup_classes import subgroup_lattice
    ours = subgroup_lattice(G)
    mine = edge_types({c.index: (c.order, c.length) for c in conjugacy_classes_subgroups(G)},
                      ours.edges())
    gap_classes = dict(enumerate(tuple(c[:2]) for c in info["classes"]))
    theirs = edge_types(gap_classes, [(i - 1, j) for j, below in enumerate(info["maximal"])
                                      for i in below])
    return mine, theirs


def symtheory_side(info, double=False):
    degree = info["degree"]
    gens = [g + list(range(len(g), degree)) for g in info["gens"]]
    G = Group(gens, degree=degree) if gens else Group([], degree=degree)
    classes = conjugacy_classes_subgroups(G)
    triples = sorted((c.order, c.length, c.normalizer.order) for c in classes)
    counts = None
    if double and len(classes) <= MAX_DOUBLE:
        reps = [c.representative for c in classes]
        counts = sorted((H.order, K.order, len(double_cosets(H, K))) for H in reps for K in reps)
    return G, triples, counts


def _transitive(degree, max_order, min_order=1):
    """GAP expressions of the transitive groups of a degree within an order range."""
    return [(f"T{degree}_{k}", f"TransitiveGroup({degree},{k})")
            for k, order in _TRANSITIVE_ORDERS[degree] if min_order <= order <= max_order]


# Orders of the transitive groups TransitiveGroup(d, k) of degree 2..10, in
# GAP's numbering, read from GAP's transitive groups library on first use.
_TRANSITIVE_ORDERS = {}


@pytest.fixture(scope="module", autouse=True)
def transitive_orders():
    script = ("for d in [2..10] do Print(\"D \", d, \" \", List([1..NrTransitiveGroups(d)], "
              "k -> Size(TransitiveGroup(d, k))), \"\\n\"); od; QUIT;")
    out = subprocess.run([GAP, "-q", "-b", "-o", "4g"], input=script, text=True,
                         capture_output=True, timeout=600).stdout
    text = " ".join(out.replace("\\\n", "").split())
    for part in text.split("D ")[1:]:
        d, lst = part.split(" ", 1)
        _TRANSITIVE_ORDERS[int(d)] = list(enumerate(_gap_list(lst), start=1))
    assert [len(_TRANSITIVE_ORDERS[d]) for d in (8, 9, 10)] == [50, 34, 45]


SMALL = [("PSL(2,7)", "PSL(2,7)"), ("PSL(2,8)", "PSL(2,8)"), ("A5xC2", "DirectProduct(AlternatingGroup(5),CyclicGroup(IsPermGroup,2))"),
         ("Q8", "Image(RegularActionHomomorphism(QuaternionGroup(8)))"),
         ("C2^4", "ElementaryAbelianGroup(IsPermGroup,16)"), ("D16", "DihedralGroup(IsPermGroup,16)")]


def small_zoo():
    """Over fifty groups: transitive of degree <= 6, of degree 7 up to order 168
    and of degree 8 up to order 32, and SMALL."""
    zoo = []
    for d in range(2, 7):
        zoo += _transitive(d, 10 ** 6)
    zoo += _transitive(7, 168) + _transitive(8, 32)
    return zoo + SMALL


def test_zoo_has_fifty_groups():
    assert len(small_zoo()) >= 50


def test_small_zoo_equals_gap():
    """Class orders, lengths, normalizer orders, subgroup totals and double-coset
    counts equal GAP's on every group of the small zoo."""
    zoo = small_zoo()
    gap = run_gap(zoo, double=True, lattice=True)
    assert sorted(gap) == sorted(name for name, _ in zoo)
    for name, _ in zoo:
        G, triples, counts = symtheory_side(gap[name], double=True)
        assert triples == sorted(map(tuple, gap[name]["classes"])), name
        assert count_subgroups(G) == sum(c[1] for c in gap[name]["classes"]), name
        if gap[name]["double"] is not None:
            assert counts == sorted(map(tuple, gap[name]["double"])), name
        mine, theirs = lattice_sides(G, gap[name])
        assert mine == theirs, name


BIG = [("S8", "SymmetricGroup(8)"), ("A8", "AlternatingGroup(8)"), ("M11", "MathieuGroup(11)"),
       ("M12", "MathieuGroup(12)")]
PSL = [(f"PSL(2,{q})", f"PSL(2,{q})") for q in
       (4, 5, 7, 8, 9, 11, 13, 16, 17, 19, 23, 25, 27, 29, 31, 32, 37, 41, 43, 47, 49)]


@pytest.mark.slow
@pytest.mark.parametrize("name, expr", BIG + PSL, ids=[n for n, _ in BIG + PSL])
def test_big_groups_equal_gap(name, expr):
    """S8 (296 classes, 151,221 subgroups), A8 (137 classes), M11, M12 and PSL(2,q)."""
    gap = run_gap([(name, expr)])[name]
    G, triples, _ = symtheory_side(gap)
    assert triples == sorted(map(tuple, gap["classes"]))
    assert count_subgroups(G) == sum(c[1] for c in gap["classes"])
    if name == "S8":
        assert (len(triples), count_subgroups(G)) == (296, 151221)
    if name == "A8":
        assert len(triples) == 137


@pytest.mark.slow
@pytest.mark.parametrize("degree", [7, 8, 9, 10])
def test_transitive_groups_equal_gap(degree):
    """All transitive groups of degree 7-10 of order at most 10^5 (GAP's library)."""
    zoo = _transitive(degree, 10 ** 5, 1 if degree > 8 else (169 if degree == 7 else 33))
    gap = run_gap(zoo)
    for name, _ in zoo:
        G, triples, _ = symtheory_side(gap[name])
        assert triples == sorted(map(tuple, gap[name]["classes"])), name


@pytest.mark.slow
@pytest.mark.parametrize("name, expr", BIG[:2] + BIG[3:], ids=["S8", "A8", "M12"])
def test_big_lattices_equal_gap(name, expr):
    """The maximal inclusions between classes (S8: 1080), where the joins
    are recognised by Jordan's criterion (S8, A8) or asked of a stabilizer
    chain at once (M12)."""
    gap = run_gap([(name, expr)], lattice=True)[name]
    G, _, _ = symtheory_side(gap)
    mine, theirs = lattice_sides(G, gap)
    assert mine == theirs
