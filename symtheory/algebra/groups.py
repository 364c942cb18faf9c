"""Finite groups as permutation groups.

A :class:`Group` is a finite group of permutations of ``range(degree)``.  It
wraps a SymPy :class:`~sympy.combinatorics.PermutationGroup` and adds what the
rest of symtheory needs: a deterministic indexed list of its elements, a numpy
multiplication table and inverse table, and element lookup.

Conventions
-----------
* Points are numbered from 0.  A permutation is stored as its image array
  ``p`` with ``p[i] = g(i)`` (SymPy's ``array_form``).
* Composition is that of functions: ``g * h`` applies ``h`` first, so its
  image array is ``g[h]``.  SymPy's ``Permutation`` product ``p*q`` applies
  ``p`` first, i.e. SymPy's ``h*g`` is our ``g*h``.
* Element 0 is the identity; the other elements are listed in breadth-first
  order from the generators, which makes the numbering deterministic.
* ``multiplication_table[i, j]`` is the index of ``g_i * g_j`` (``g_j`` first).
* User-facing cycle strings are GAP-style and 1-based: ``"(1,2,3),(1,2)"`` is
  two generators of S3.

Order, membership, orbits, point stabilizers and random elements come from
the group's direct factors (:mod:`symtheory.algebra.stabilizers`): closed form
for ``S<n>``, ``A<n>``, ``C<n>``, ``D<n>`` and their products, SymPy's
stabilizer chain otherwise.  Element lists and dense tables are built lazily,
only when a job asks for them, and only for groups of order at most
:data:`ORDER_LIMIT` (20,000); above it :class:`OrderLimitError` is raised
before anything is built.  Degrees are limited to :data:`DEGREE_LIMIT`.
The element list alone (linear in the order, what the subgroup enumeration
needs) is built up to :data:`ELEMENT_LIMIT` (1,000,000).

Examples
--------
>>> G = named_group("S3")
>>> G.order, G.degree
(6, 3)
>>> G.elements[0].tolist()
[0, 1, 2]
>>> G.multiplication_table.shape
(6, 6)
>>> parse_group("(1,2,3),(1,2)") == G
True
"""

from __future__ import annotations

import functools
import math
import re
from typing import Iterable, Sequence

import numpy as np
from sympy.combinatorics import Permutation, PermutationGroup
from sympy.combinatorics.named_groups import DihedralGroup

from ..exceptions import GroupError, OrderLimitError, ParseError
from .cycles import DEGREE_LIMIT, cycle_string, parse_cycles
from ..validation import check_entries, parse_int
from .stabilizers import (Factor, group_order, is_member, pointwise_stabilizer, random_element,
                          recognize, set_stabilizer)

__all__ = [
    "ORDER_LIMIT",
    "DEGREE_LIMIT",
    "ELEMENT_LIMIT",
    "Group",
    "named_group",
    "parse_group",
    "parse_cycles",
    "cycle_string",
    "symmetric_group",
    "alternating_group",
    "cyclic_group",
    "dihedral_group",
    "klein_four_group",
    "quaternion_group",
    "psl27_group",
    "direct_product",
]

#: Largest group order for which element lists and dense tables are built.
ORDER_LIMIT = 20_000

#: Largest degree (number of points) of a group: :data:`symtheory.algebra.cycles.DEGREE_LIMIT`.

#: Largest group order for which the element list (no |G| x |G| table) is built.
ELEMENT_LIMIT = 1_000_000


def _codes(perms: np.ndarray, degree: int):
    """Integer codes of image arrays (rows of ``perms``), for fast lookup."""
    perms = np.asarray(perms)
    if degree <= 15:
        weights = degree ** np.arange(degree, dtype=np.int64)
        return perms.astype(np.int64) @ weights
    return [row.tobytes() for row in perms.astype(np.int16)]


class Group:
    """A finite permutation group acting on ``range(degree)``.

    Parameters
    ----------
    generators : sequence of sequences of int
        Image arrays of the generators (0-based).  An empty sequence gives
        the trivial group.
    degree : int, optional
        Number of points; defaults to the length of the generators.
    name : str, optional
        A readable name, e.g. ``"S4"``; defaults to the GAP-style cycle
        string of the generators.

    Examples
    --------
    >>> G = Group([[1, 2, 0], [1, 0, 2]], name="S3")
    >>> G.order
    6
    >>> G.index([2, 0, 1]) in range(6)
    True
    >>> int(G.multiplication_table[0, 3])  # identity times g_3
    3
    """

    __slots__ = ("_generators", "_degree", "_name", "__dict__")

    def __init__(self, generators: Iterable[Sequence[int]], degree: int | None = None,
                 name: str | None = None, factors=None):
        gens = [tuple(int(x) for x in g) for g in generators]
        if degree is None:
            if not gens:
                raise GroupError("the trivial group needs its degree: pass degree=n")
            degree = len(gens[0])
        degree = int(degree)
        if degree < 1:
            raise GroupError(f"degree must be at least 1, got {degree}")
        if degree > DEGREE_LIMIT:
            raise GroupError(f"degree {degree} is above the limit {DEGREE_LIMIT}; "
                             "use a group on fewer points")
        ident = list(range(degree))
        for g in gens:
            if len(g) != degree or sorted(g) != ident:
                raise GroupError(
                    f"generator {list(g)} is not a permutation of range({degree}); "
                    "give image arrays of length degree holding each point once")
        self._generators = tuple(gens)
        self._degree = degree
        self._factors = tuple(factors) if factors is not None else None
        self._name = name if name is not None else (
            ",".join(cycle_string(g) for g in gens) or "()")

    # -- basic attributes -------------------------------------------------
    @property
    def name(self) -> str:
        """Readable name of the group."""
        return self._name

    @property
    def degree(self) -> int:
        """Number of points acted on."""
        return self._degree

    @property
    def generators(self) -> tuple:
        """Generators as tuples of images (0-based)."""
        return self._generators

    @functools.cached_property
    def perm_group(self) -> PermutationGroup:
        """The SymPy ``PermutationGroup`` of the same generators."""
        gens = [Permutation(list(g), size=self._degree) for g in self._generators]
        if not gens:
            gens = [Permutation(list(range(self._degree)), size=self._degree)]
        return PermutationGroup(gens)

    @functools.cached_property
    def factors(self) -> tuple:
        """The direct factors (:class:`~symtheory.algebra.stabilizers.Factor`).

        Named groups know theirs; a group given by generators is one generic
        factor, recognized as S_n or A_n when a proof is cheap.

        >>> [f.kind for f in named_group("S3xC2").factors]
        ['S', 'C']
        >>> parse_group("(1,2,3,4,5,6,7,8,9),(1,2)").factors[0].kind
        'S'
        """
        if self._factors is not None:
            return self._factors
        kind = recognize(self._generators, self._degree)
        if kind:
            return (Factor(kind, self._degree, 0),)
        return (Factor("G", self._degree, 0, self._generators),)

    @functools.cached_property
    def order(self) -> int:
        """Number of elements (closed form for named groups, Python int).

        >>> named_group("S1000").order > 10 ** 2500
        True
        """
        return int(group_order(self.factors))

    def pointwise_stabilizer(self, points) -> list:
        """Generators (image arrays) of the subgroup fixing each of ``points``.

        >>> [list(g) for g in named_group("S4").pointwise_stabilizer([0])]
        [[0, 2, 3, 1], [0, 2, 1, 3]]
        """
        pts = [int(p) for p in points]
        if any(not 0 <= p < self._degree for p in pts):
            raise GroupError(f"points must lie in range({self._degree})")
        return pointwise_stabilizer(self.factors, self._degree, pts)

    def set_stabilizer(self, points) -> list:
        """Generators (image arrays) of the subgroup mapping the set ``points`` to itself.

        >>> [list(g) for g in named_group("A4").set_stabilizer([0, 1])]
        [[1, 0, 3, 2]]
        """
        pts = [int(p) for p in points]
        if any(not 0 <= p < self._degree for p in pts):
            raise GroupError(f"points must lie in range({self._degree})")
        return set_stabilizer(self.factors, self._degree, pts)

    def random_element(self, seed=0) -> np.ndarray:
        """A uniformly random element, as an image array (seeded).

        >>> named_group("A1000").contains(named_group("A1000").random_element(seed=1))
        True
        """
        return random_element(self.factors, self._degree, np.random.default_rng(seed))

    def orbits(self) -> list:
        """Orbits on the points, as sorted lists, by smallest point.

        >>> named_group("S2xC3").orbits()
        [[0, 1], [2, 3, 4]]
        """
        parent = list(range(self._degree))

        def root(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for g in self._generators:
            for i, j in enumerate(g):
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        out = {}
        for i in range(self._degree):
            out.setdefault(root(i), []).append(i)
        return list(out.values())

    def __len__(self) -> int:
        return self.order

    def __repr__(self) -> str:
        return f"Group({self._name!r}, order={order_text(self.order)}, degree={self._degree})"

    def __str__(self) -> str:
        return self._name

    def __eq__(self, other) -> bool:
        if not isinstance(other, Group):
            return NotImplemented
        if self._degree != other._degree or self.order != other.order:
            return False
        return all(other.contains(g) for g in self._generators)

    def __hash__(self) -> int:
        return hash((self._degree, self.order))

    def is_abelian(self) -> bool:
        """Whether the generators commute pairwise.

        >>> named_group("V4").is_abelian(), named_group("S3").is_abelian()
        (True, False)
        """
        gens = [np.array(g) for g in self._generators]
        return all(np.array_equal(a[b], b[a]) for a in gens for b in gens)

    # -- element tables ---------------------------------------------------
    def _check_limit(self, limit=ORDER_LIMIT, what="element tables"):
        if self.order > limit:
            raise OrderLimitError(
                f"group {self._name} has order {order_text(self.order)}, above the limit "
                f"{limit} for {what}; use a smaller group")

    @functools.cached_property
    def elements(self) -> np.ndarray:
        """All elements as an ``(order, degree)`` array of image arrays.

        Row 0 is the identity; the rest follow in breadth-first order from the
        generators (left multiplication ``s * g``), so the numbering is
        deterministic.

        >>> named_group("S3").elements.tolist()
        [[0, 1, 2], [1, 2, 0], [1, 0, 2], [2, 0, 1], [0, 2, 1], [2, 1, 0]]
        """
        self._check_limit(ELEMENT_LIMIT, "the element list")
        d = self._degree
        ident = np.arange(d, dtype=np.int64)
        gens = [np.array(g, dtype=np.int64) for g in self._generators]
        # an element is determined by its images of a base: key on those, not on all d
        # points (C5000: 8 bytes instead of 40 kB per element); numbering unchanged
        base = self._base_points()
        found = [ident]
        parent = [(-1, -1)]  # (generator, index) with g_i = s * g_parent
        seen = {ident[base].tobytes()}
        frontier = [0]
        while frontier:
            nxt = []
            for xi in frontier:
                x = found[xi]
                for si, s in enumerate(gens):
                    y = s[x]
                    key = y[base].tobytes()
                    if key not in seen:
                        seen.add(key)
                        parent.append((si, xi))
                        found.append(y)
                        nxt.append(len(found) - 1)
            frontier = nxt
        self._parent = parent
        out = np.array(found, dtype=np.int64).reshape(len(found), d)
        out.setflags(write=False)
        return out

    def _base_points(self) -> np.ndarray:
        """Points whose images determine an element (a base of the group)."""
        pts = []
        for f in self.factors:
            if f.kind in "SA":
                pts += range(f.offset, f.offset + max(f.n - 1, 0))
            elif f.kind == "C":
                pts.append(f.offset)
            elif f.kind == "D":
                pts += [f.offset, f.offset + 1]
            else:
                pg = self.perm_group if len(self.factors) == 1 else None
                if pg is None:
                    from .stabilizers import sympy_group
                    pg = sympy_group(f.generators, f.n)
                pg.schreier_sims()
                pts += [f.offset + b for b in pg.base]
        return np.array(sorted(set(pts)) or [0], dtype=np.int64)

    @functools.cached_property
    def _lookup(self):
        codes = _codes(self.elements, self._degree)
        if isinstance(codes, list):
            return ("dict", {c: i for i, c in enumerate(codes)})
        order = np.argsort(codes)
        return ("sorted", codes[order], order)

    def indices(self, perms) -> np.ndarray:
        """Indices of many elements at once.

        Parameters
        ----------
        perms : array_like of shape (..., degree)
            Image arrays of group elements.

        Returns
        -------
        numpy.ndarray of int, shape (...)
            Their indices; :class:`GroupError` if one is not in the group.

        Examples
        --------
        >>> named_group("S3").indices([[1, 2, 0], [0, 1, 2]]).tolist()
        [1, 0]
        """
        perms = np.asarray(perms, dtype=np.int64)
        flat = perms.reshape(-1, self._degree)
        codes = _codes(flat, self._degree)
        lk = self._lookup
        if lk[0] == "dict":
            try:
                idx = np.array([lk[1][c] for c in codes], dtype=np.int64)
            except KeyError:
                raise GroupError(f"a permutation is not an element of {self._name}") from None
        else:
            pos = np.searchsorted(lk[1], codes)
            pos = np.minimum(pos, len(lk[1]) - 1)
            if not np.array_equal(lk[1][pos], codes):
                raise GroupError(f"a permutation is not an element of {self._name}")
            idx = lk[2][pos]
        return idx.reshape(perms.shape[:-1])

    def index(self, perm) -> int:
        """Index of one element given by its image array.

        >>> named_group("S3").index([2, 1, 0])
        5
        """
        return int(self.indices(np.asarray(perm)[None])[0])

    def contains(self, perm) -> bool:
        """Whether an image array is an element of the group.

        >>> named_group("A4").contains([1, 0, 2, 3])
        False
        """
        return is_member(self.factors, self._degree, perm)

    @functools.cached_property
    def generator_indices(self) -> np.ndarray:
        """Indices of the generators in :attr:`elements`.

        >>> named_group("S3").generator_indices.tolist()
        [1, 2]
        """
        if not self._generators:
            return np.zeros(0, dtype=np.int64)
        return self.indices(np.array(self._generators))

    @functools.cached_property
    def multiplication_table(self) -> np.ndarray:
        """``T[i, j]`` = index of ``g_i * g_j`` (apply ``g_j`` first).

        >>> G = named_group("S3")
        >>> T = G.multiplication_table
        >>> G.elements[T[1, 2]].tolist() == G.elements[1][G.elements[2]].tolist()
        True
        """
        self._check_limit()
        els = self.elements
        n = len(els)
        dtype = np.int16 if n < 2 ** 15 else np.int32
        # left multiplication by each generator, then row i = L_s[row of parent]
        left = [self.indices(np.array(s)[els]) for s in self._generators]
        table = np.empty((n, n), dtype=dtype)
        table[0] = np.arange(n)
        for i in range(1, n):
            si, p = self._parent[i]
            table[i] = left[si][table[p]]
        table.setflags(write=False)
        return table

    @functools.cached_property
    def inverse(self) -> np.ndarray:
        """``inverse[i]`` = index of ``g_i^{-1}``.

        >>> named_group("S3").inverse.tolist()  # the two 3-cycles are inverse
        [0, 3, 2, 1, 4, 5]
        """
        els = self.elements
        inv = np.argsort(els, axis=1)
        out = self.indices(inv)
        out.setflags(write=False)
        return out

    @functools.cached_property
    def conjugation_table(self) -> np.ndarray:
        """``C[g, i]`` = index of ``g_g * g_i * g_g^{-1}``.

        >>> named_group("S3").conjugation_table[2].tolist()  # conjugation by (1,2)
        [0, 3, 2, 1, 5, 4]
        """
        T = self.multiplication_table
        TT = np.ascontiguousarray(T.T)  # TT[j, x] = index of x * g_j
        inv = self.inverse
        out = np.empty_like(T)
        for g in range(len(T)):
            out[g] = TT[inv[g]][T[g]]
        out.setflags(write=False)
        return out

    @functools.cached_property
    def element_orders(self) -> np.ndarray:
        """Order of each element.

        >>> named_group("S3").element_orders.tolist()
        [1, 3, 2, 3, 2, 2]
        """
        # powers by the multiplication table: O(|G| * max order) index operations
        # (iterating image arrays would cost |G| * degree per power: C5000 has 5000 powers)
        T = self.multiplication_table
        n = len(T)
        rows = np.arange(n)
        orders = np.zeros(n, dtype=np.int64)
        power = rows.copy()  # index of g^k, k = 1
        k = 1
        while True:
            open_ = orders == 0
            if not open_.any():
                break
            orders[open_ & (power == 0)] = k
            power = T[rows, power].astype(np.int64)
            k += 1
        orders[0] = 1
        return orders

    def cycle_string(self, i: int) -> str:
        """GAP-style 1-based cycle string of element ``i``.

        >>> named_group("S3").cycle_string(1)
        '(1,2,3)'
        """
        return cycle_string(self.elements[i])

    # -- Jupyter display: name, order, degree, generators (never the elements) --
    def _repr_html_(self) -> str:
        """HTML shown by Jupyter.

        >>> print(named_group("S3")._repr_html_())
        <b>S3</b>: order 6, acting on 3 points, generated by <code>(1,2,3), (1,2)</code>
        """
        import html
        gens = ", ".join(cycle_string(g) for g in self._generators) or "()"
        return (f"<b>{html.escape(self._name)}</b>: order {order_text(self.order)}, acting on "
                f"{self._degree} points, generated by <code>{html.escape(gens)}</code>")

    def _repr_latex_(self) -> str:
        """LaTeX shown by Jupyter (names like S3xC2 as S_{3} x C_{2}).

        >>> named_group("S3xC2")._repr_latex_()
        '$S_{3} \\\\times C_{2}$ (order 12, degree 5)'
        """
        tex = self._name
        if re.fullmatch(r"[A-Za-z]\d+(x[A-Za-z]\d+)*", tex):
            tex = " \\times ".join(re.sub(r"^([A-Za-z])(\d+)$", r"\1_{\2}", p)
                                   for p in tex.split("x"))
        else:
            tex = r"\mathrm{" + tex.replace("_", r"\_") + "}"
        return f"${tex}$ (order {order_text(self.order)}, degree {self._degree})"


def order_text(order: int) -> str:
    """A group order for messages: exact up to 12 digits, else ``about 1.2e+30``.

    >>> order_text(40320), order_text(2 ** 100)
    ('40320', 'about 1.27e+30')
    """
    return str(order) if order < 10 ** 12 else f"about {float(order):.3g}" if order < 10 ** 300 \
        else f"about 10^{int(math.log10(order))}"  # str() refuses ints past 4300 digits


# -- cycle strings ----------------------------------------------------------

# -- named groups -------------------------------------------------------------

def symmetric_group(n: int) -> Group:
    """The symmetric group S_n on n points.

    >>> symmetric_group(4).order
    24
    """
    n = _check_n(n, "S")
    if n == 1:
        return Group([], degree=1, name="S1", factors=[Factor("S", 1, 0)])
    gens = [list(range(1, n)) + [0]]
    if n > 2:
        gens.append([1, 0] + list(range(2, n)))
    return Group(gens, name=f"S{n}", factors=[Factor("S", n, 0)])


def alternating_group(n: int) -> Group:
    """The alternating group A_n on n points.

    >>> alternating_group(5).order
    60
    """
    n = _check_n(n, "A")
    gens = []
    if n <= 12:  # the historical generators (0 1 i), i = 2..n-1: keeps element numbering
        for i in range(2, n):
            img = list(range(n))
            img[0], img[1], img[i] = 1, i, 0
            gens.append(img)
    else:  # two generators [2] of stabilizers.py: (0 1 2) and an n- or (n-1)-cycle
        gens = [list(g) for g in pointwise_stabilizer([Factor("A", n, 0)], n, [])]
    return Group(gens, degree=n, name=f"A{n}", factors=[Factor("A", n, 0)])


def cyclic_group(n: int) -> Group:
    """The cyclic group C_n generated by an n-cycle.

    >>> cyclic_group(6).order
    6
    """
    n = _check_n(n, "C")
    if n == 1:
        return Group([], degree=1, name="C1", factors=[Factor("C", 1, 0)])
    return Group([list(range(1, n)) + [0]], name=f"C{n}", factors=[Factor("C", n, 0)])


def dihedral_group(n: int) -> Group:
    """The dihedral group D_n of the regular n-gon, order 2n (SymPy's ``DihedralGroup``).

    >>> dihedral_group(4).order, dihedral_group(4).degree
    (8, 4)
    """
    n = _check_n(n, "D")
    if n <= 2:  # SymPy's D1, D2 act on 2 and 4 points: a generic factor
        pg = DihedralGroup(n)
        return Group([list(g.array_form) for g in pg.generators], degree=pg.degree, name=f"D{n}")
    # SymPy's generators: the rotation i -> i+1 and the reflection i -> n-1-i
    gens = [[(i + 1) % n for i in range(n)], [n - 1 - i for i in range(n)]]
    return Group(gens, degree=n, name=f"D{n}", factors=[Factor("D", n, 0)])


def klein_four_group() -> Group:
    """The Klein four-group V4 = {(), (1,2)(3,4), (1,3)(2,4), (1,4)(2,3)}.

    >>> klein_four_group().order
    4
    """
    return Group([[1, 0, 3, 2], [2, 3, 0, 1]], name="V4")


def quaternion_group() -> Group:
    """The quaternion group Q8 in its regular action on 8 points.

    Points 0..7 stand for 1, i, j, k, -1, -i, -j, -k; the generators are left
    multiplication by i and by j.

    >>> Q = quaternion_group()
    >>> Q.order, sorted(set(Q.element_orders.tolist()))
    (8, [1, 2, 4])
    """
    # unit quaternions as (sign, unit) with unit 0..3 = 1, i, j, k
    table = {  # unit product u*v -> (sign, unit)
        (0, 0): (1, 0), (0, 1): (1, 1), (0, 2): (1, 2), (0, 3): (1, 3),
        (1, 0): (1, 1), (1, 1): (-1, 0), (1, 2): (1, 3), (1, 3): (-1, 2),
        (2, 0): (1, 2), (2, 1): (-1, 3), (2, 2): (-1, 0), (2, 3): (1, 1),
        (3, 0): (1, 3), (3, 1): (1, 2), (3, 2): (-1, 1), (3, 3): (-1, 0),
    }

    def left(u):
        img = []
        for p in range(8):
            sign = -1 if p >= 4 else 1
            s, w = table[(u, p % 4)]
            img.append(w + (4 if sign * s < 0 else 0))
        return img

    return Group([left(1), left(2)], name="Q8")


def psl27_group() -> Group:
    """PSL(2,7) = GL(3,2), order 168, acting on the 7 points of the Fano plane.

    >>> psl27_group().order
    168
    """
    gens = parse_cycles("(1,6,3,7,5,4,2),(2,6)(3,7)")
    return Group(gens, name="PSL(2,7)")


def _check_n(n, letter):
    try:
        n = int(n)
    except (TypeError, ValueError):
        raise GroupError(f"{letter}<n> needs an integer n, got {n!r}") from None
    if n < 1:
        raise GroupError(f"{letter}{n}: n must be at least 1")
    if n > DEGREE_LIMIT:
        raise GroupError(f"{letter}{n} acts on {n} points, above the degree limit {DEGREE_LIMIT}; "
                         "use a smaller n")
    return n


def direct_product(*groups: Group) -> Group:
    """Direct product acting on the disjoint union of the points.

    >>> G = direct_product(named_group("S3"), named_group("C2"))
    >>> G.order, G.degree, G.name
    (12, 5, 'S3xC2')
    """
    if not groups:
        raise GroupError("direct_product needs at least one group")
    degree = sum(G.degree for G in groups)
    if degree > DEGREE_LIMIT:
        raise GroupError(f"the product acts on {degree} points, above the degree limit "
                         f"{DEGREE_LIMIT}; use smaller factors")
    check_entries(degree * sum(len(G.generators) for G in groups), "the product's generators")
    gens = []
    factors = []
    offset = 0
    for G in groups:
        factors.extend(f._replace(offset=f.offset + offset) for f in G.factors)
        for g in G.generators:
            img = list(range(degree))
            for i, gi in enumerate(g):
                img[offset + i] = offset + gi
            gens.append(img)
        offset += G.degree
    return Group(gens, degree=degree, name="x".join(G.name for G in groups), factors=factors)


_NAMED = re.compile(r"^([SACD])([0-9]+)$")  # ASCII digits: "S\u0663" is not S3
_HINT = ('name a group as S<n>, A<n>, C<n>, D<n> (order 2n), V4, Q8, PSL(2,7), products like '
         'S3xC2, or give GAP-style generators like "(1,2,3),(1,2)"')


def named_group(name: str) -> Group:
    """A group by name: ``S<n>``, ``A<n>``, ``C<n>``, ``D<n>`` (order 2n),
    ``V4``, ``Q8``, ``PSL(2,7)``, or a direct product such as ``S3xC2``.

    ``D<n>`` is the group of the regular n-gon, of order 2n (``D4`` has order
    8), the convention of every name symtheory prints; GAP's convention (by
    order) is accepted as ``DihedralGroup(m)``, m = 2n.

    >>> named_group("D6").order
    12
    >>> named_group("DihedralGroup(8)").name, named_group("DihedralGroup(8)").order
    ('D4', 8)
    >>> named_group("C2xC2xC2").order
    8
    """
    if not isinstance(name, str):
        raise ParseError(f"group name must be a string, got {type(name).__name__}; {_HINT}")
    s = name.strip()
    key = s.upper()
    if key == "V4":
        return klein_four_group()
    if key == "Q8":
        return quaternion_group()
    if key in ("PSL(2,7)", "PSL27", "GL(3,2)"):
        return psl27_group()
    gap_dihedral = re.match(r"^DIHEDRALGROUP\((\d+)\)$", key.replace(" ", ""))
    if gap_dihedral:  # GAP's convention: DihedralGroup(m) has order m = 2n
        m = int(gap_dihedral.group(1))
        if m < 2 or m % 2:
            raise GroupError(f"{s}: GAP's DihedralGroup(m) needs an even order m >= 2")
        return dihedral_group(m // 2)
    if "X" in key and "(" not in key:
        parts = [p for p in s.replace("X", "x").split("x")]
        if len(parts) > 1 and all(parts):
            groups, degree, built = [], 0, {}
            for p in parts:  # stop building factors once past the degree limit; build once
                groups.append(built[p] if p in built else built.setdefault(p, named_group(p)))
                degree += groups[-1].degree
                check_entries(degree, s, limit=DEGREE_LIMIT, unit="points")
            return direct_product(*groups)
    m = _NAMED.match(key)
    if m:
        letter = m.group(1)
        n = parse_int(m.group(2), f"n in {letter}<n>", error=GroupError)  # _check_n: limit
        if n < 1:
            raise GroupError(f"{s}: n must be at least 1")
        return {"S": symmetric_group, "A": alternating_group,
                "C": cyclic_group, "D": dihedral_group}[letter](n)
    raise ParseError(f"unknown group {name!r}; {_HINT}")


def parse_group(spec) -> Group:
    """A group from a name or a GAP-style generator string, or a Group itself.

    >>> parse_group("S4").order
    24
    >>> parse_group("(1,2)(3,4),(1,3)(2,4)").order
    4
    >>> parse_group("T7")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ParseError: unknown group 'T7'; name a group as S<n>, A<n>, C<n>, D<n> (order 2n), V4, Q8, PSL(2,7), products like S3xC2, or give GAP-style generators like "(1,2,3),(1,2)"
    """
    if isinstance(spec, Group):
        return spec
    if isinstance(spec, PermutationGroup):
        return Group([list(g.array_form) for g in spec.generators], degree=spec.degree)
    if not isinstance(spec, str):
        raise ParseError(f"cannot make a group from {type(spec).__name__}; {_HINT}")
    s = spec.strip()
    from . import library  # hook: SmallGroup(n,k), TransitiveGroup(d,k), point groups (Oh, C3v)
    if library.is_library_name(s):
        return library.library_group(s)
    if s.startswith("("):
        gens = parse_cycles(s)
        return Group(gens, degree=len(gens[0]), name=s.replace(" ", ""))
    return named_group(s)
