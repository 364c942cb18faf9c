"""The group library: SmallGroups, transitive groups and point groups as permutation groups.

The data file ``symtheory/algebra/data/group_library.json`` is written once by
``tools/make_group_library.py`` from GAP and checked in (readable JSON, one
group per line); this module only reads it.  It holds

* ``SmallGroup(n,k)`` for every order n <= 64 (586 groups), GAP's group
  ``SmallGroup(n, k)`` of the SmallGroups library (Besche, Eick and O'Brien)
  acting faithfully on a small number of points: GAP's
  ``SmallerDegreePermutationRepresentation`` of its permutation image, points
  renumbered 1..d.  That action is the group's ``natural`` p-rep; its degree
  is small (at most 64, 12 for C2^6) but not always the least possible.
* ``TransitiveGroup(d,k)`` for every degree d <= 10 (165 groups; GAP lists
  none of degree 1), the transitive groups library (Hulpke) on its d points.
* The point groups by Schoenflies name, z the principal axis: ``C1``-``C6``,
  ``Cs``, ``Ci``, ``S4``-``S12`` (even), ``C2v``-``C6v``, ``C2h``-``C6h``,
  ``D2``-``D6``, ``D2h``-``D6h``, ``D2d``-``D6d``, ``T``, ``Td``, ``Th``,
  ``O``, ``Oh``, ``I``, ``Ih``, each acting on the vertices of the polyhedron
  its record states (``action``, with the coordinates in ``points``): a
  regular n-gon for C_n, C_nv, D_n (a rectangle for n = 2), the n-gonal prism
  for C_nh and D_nh (a box for D2h), the antiprism for S_2n and D_nd, the
  tetrahedron for T and Td, the octahedron for Th, O and Oh, the icosahedron
  for I and Ih.  Every action is faithful (checked against the orders).

Names
-----
``SmallGroup(16,3)``, ``TransitiveGroup(8,5)`` and ``PointGroup(Oh)`` are the
library ids.  The Schoenflies names are also accepted bare where they cannot
be confused with the names symtheory already had: ``Oh``, ``C3v``, ``D2d``,
``Cs``, ``T`` ...  ``C<n>``, ``D<n>`` and ``S<n>`` keep their old meaning (the
cyclic group, the dihedral group of order 2n, the symmetric group); the point
groups of those names are ``PointGroup(C3)``, ``PointGroup(D3)``,
``PointGroup(S4)``.  For C_n and D_n it is the same permutation group
(rotations of the n-gon, for n >= 3), for S_2n it is not (``PointGroup(S4)``
is cyclic of order 4).  Every group's ``name`` is its library id.

Examples
--------
>>> G = library_group("SmallGroup(8,3)")
>>> G.name, G.order, G.is_abelian()
('SmallGroup(8,3)', 8, False)
>>> library_entry("Oh").order, library_entry("Oh").degree, library_entry("Oh").id
(48, 6, 'PointGroup(Oh)')
>>> [e.id for e in select_entries("order=6")][:3]
['SmallGroup(6,1)', 'SmallGroup(6,2)', 'TransitiveGroup(3,2)']
"""

from __future__ import annotations

import functools
import json
import operator
import os
import re
from dataclasses import dataclass

from ..exceptions import UnknownNameError
from .groups import Group, parse_cycles

__all__ = [
    "LibraryEntry",
    "library_entries",
    "library_entry",
    "library_group",
    "is_library_name",
    "select_entries",
    "split_top_level",
    "filter_predicate",
    "FILTER_HELP",
]

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "group_library.json")
_SMALL = re.compile(r"^smallgroup\((\d+),(\d+)\)$")
_TRANSITIVE = re.compile(r"^transitivegroup\((\d+),(\d+)\)$")
_POINT = re.compile(r"^pointgroup\((\w+)\)$")
# bare Schoenflies names that clash with nothing: C<n>v, C<n>h, D<n>h, D<n>d, Cs, Ci, T, O, I ...
_BARE = re.compile(r"^(c\d+[vh]|d\d+[hd]|cs|ci|t[dh]?|oh?|ih?)$")
FILTER_HELP = ("a filter is terms joined by commas: order<=N, degree<=N (also <, =, >=, >), "
               "abelian, nonabelian, solvable, nonsolvable, small, transitive, point; "
               "or give a list of group names")


@dataclass(frozen=True)
class LibraryEntry:
    """One group of the library (an immutable record of the JSON file).

    Attributes
    ----------
    id : str
        ``SmallGroup(n,k)``, ``TransitiveGroup(d,k)`` or ``PointGroup(X)``.
    family : {"small", "transitive", "point"}
    order, degree : int
        Group order and number of points acted on.
    abelian, solvable : bool
    structure : str
        GAP's ``StructureDescription``.
    small_group_id : tuple of int or None
        GAP's ``IdGroup`` where GAP has it.
    generators : tuple of str
        GAP-style 1-based cycle strings.
    action : str or None
        For point groups, the polyhedron acted on.

    Examples
    --------
    >>> e = library_entry("TransitiveGroup(4,3)")
    >>> e.structure, e.small_group_id, e.group().order
    ('D8', (8, 3), 8)
    """

    id: str
    family: str
    order: int
    degree: int
    abelian: bool
    solvable: bool
    structure: str
    small_group_id: tuple | None
    generators: tuple
    action: str | None = None

    def group(self) -> Group:
        """The permutation group (a new :class:`Group` named by the id).

        >>> library_entry("Td").group().order
        24
        """
        if not self.generators:
            return Group([], degree=self.degree, name=self.id)
        gens = [g for s in self.generators for g in parse_cycles(s, self.degree)]
        return Group(gens, degree=self.degree, name=self.id)

    def as_dict(self) -> dict:
        """The record as a plain dict (the row of ``symtheory groups``).

        >>> library_entry("SmallGroup(4,2)").as_dict()["structure"]
        'C2 x C2'
        """
        return {"id": self.id, "family": self.family, "order": self.order,
                "degree": self.degree, "abelian": self.abelian, "solvable": self.solvable,
                "structure": self.structure,
                "small_group_id": (None if self.small_group_id is None
                                   else "SmallGroup({},{})".format(*self.small_group_id)),
                "action": self.action}


@functools.lru_cache(maxsize=1)
def _load() -> tuple:
    with open(_DATA) as f:
        doc = json.load(f)
    out = []
    for r in doc["groups"]:
        sid = r.get("small_group_id")
        out.append(LibraryEntry(r["id"], r["family"], r["order"], r["degree"], r["abelian"],
                                r["solvable"], r["structure"],
                                None if sid is None else tuple(sid), tuple(r["generators"]),
                                r.get("action")))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _index() -> dict:
    return {e.id.lower(): e for e in _load()}


def library_entries() -> tuple:
    """Every entry, in file order (small, then transitive, then point groups).

    >>> len([e for e in library_entries() if e.family == "small" and e.order == 64])
    267
    """
    return _load()


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()


def is_library_name(name) -> bool:
    """Whether ``name`` is spelled as a library name (known or not).

    >>> is_library_name("SmallGroup(16, 3)"), is_library_name("C3v"), is_library_name("C3")
    (True, True, False)
    """
    if not isinstance(name, str):
        return False
    k = _key(name)
    return bool(_SMALL.match(k) or _TRANSITIVE.match(k) or _POINT.match(k) or _BARE.match(k))


def library_entry(name: str) -> LibraryEntry:
    """The entry of a library name (ids, or bare Schoenflies names such as ``Oh``).

    >>> library_entry("smallgroup(6,1)").structure
    'S3'
    >>> library_entry("SmallGroup(65,1)")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.UnknownNameError: SmallGroup(65,1) is not in the library: it holds SmallGroup(n,k) for n <= 64 and 1 <= k <= the number of groups of order n
    """
    k = _key(name)
    if _BARE.match(k):
        k = f"pointgroup({k})"
    e = _index().get(k)
    if e is not None:
        return e
    if _SMALL.match(k):
        raise UnknownNameError(f"{name} is not in the library: it holds SmallGroup(n,k) for "
                               "n <= 64 and 1 <= k <= the number of groups of order n")
    if _TRANSITIVE.match(k):
        raise UnknownNameError(f"{name} is not in the library: it holds TransitiveGroup(d,k) "
                               "for d <= 10 and 1 <= k <= the number of transitive groups")
    known = ", ".join(e.id[len("PointGroup("):-1] for e in _load() if e.family == "point")
    raise UnknownNameError(f"no point group {name.strip()!r} in the library; it has {known}")


def library_group(name: str) -> Group:
    """The permutation group of a library name.

    >>> library_group("PointGroup(D3)") == library_group("TransitiveGroup(3,2)")
    True
    """
    return library_entry(name).group()


_OPS = {"<=": operator.le, "<": operator.lt, "=": operator.eq, "==": operator.eq,
        ">=": operator.ge, ">": operator.gt}
_COMPARE = re.compile(r"^(order|degree)\s*(<=|>=|==|=|<|>)\s*(\d+)$")
_FLAGS = {"abelian": lambda e: e.abelian, "nonabelian": lambda e: not e.abelian,
          "solvable": lambda e: e.solvable, "nonsolvable": lambda e: not e.solvable,
          "small": lambda e: e.family == "small", "transitive": lambda e: e.family == "transitive",
          "point": lambda e: e.family == "point"}


def split_top_level(text: str) -> list:
    """Split at commas outside parentheses.

    >>> split_top_level("SmallGroup(8,3), S4,")
    ['SmallGroup(8,3)', 'S4']
    """
    items, depth, cur = [], 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur).strip())
    return [s for s in items if s]


def filter_predicate(term: str):
    """The predicate of one filter term, or None if ``term`` is not a filter.

    >>> filter_predicate("order<=8")(library_entry("TransitiveGroup(4,5)")), filter_predicate("S3") is None
    (False, True)
    """
    t = term.strip().lower()
    m = _COMPARE.match(t)
    if m:
        attr, op, n = m.group(1), _OPS[m.group(2)], int(m.group(3))
        return lambda e: op(getattr(e, attr), n)
    return _FLAGS.get(t)


def select_entries(spec: str) -> list:
    """The library entries passing every term of a filter (see :data:`FILTER_HELP`).

    >>> [e.id for e in select_entries("order<=4, nonabelian")]
    []
    >>> len(select_entries("small, order=8")), len(select_entries("transitive,degree=4"))
    (5, 5)
    >>> select_entries("order<=4, cyclic")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.UnknownNameError: unknown filter term 'cyclic'; a filter is terms joined by commas: order<=N, degree<=N (also <, =, >=, >), abelian, nonabelian, solvable, nonsolvable, small, transitive, point; or give a list of group names
    """
    if not isinstance(spec, str) or not spec.strip():
        raise UnknownNameError(f"empty group filter; {FILTER_HELP}")
    preds = []
    for term in split_top_level(spec):
        p = filter_predicate(term)
        if p is None:
            raise UnknownNameError(f"unknown filter term {term!r}; {FILTER_HELP}")
        preds.append(p)
    return [e for e in _load() if all(p(e) for p in preds)]
