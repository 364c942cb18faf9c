"""Coset actions of G meet a Young subgroup Sym{1..a} x Sym{a+1..a+b} x ... as p-reps.

The points are the G-orbit of the ordered set partition into consecutive
blocks (:func:`symtheory.algebra.coset_actions.young_space`); for S_n these
are the ordered set partitions of that shape, and ``S(n-2, 2)`` is the action
on unordered pairs.  The point stabilizer G meet Y is known in closed form
for S_n (Y itself) and A_n (the even part of Y); for other groups it is
computed from the elements (small groups) or by SymPy's backtrack search.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> young_cosets(named_group("S6"), (4, 2)).degree
15
"""

from __future__ import annotations

import numpy as np

from .coset_actions import young_space, young_subgroup_generators
from .groups import ORDER_LIMIT, Group, parse_group
from .reps import PermRep
from .stabilizers import even_part, time_capped
from .subgroups import subgroup

__all__ = ["young_cosets"]

def _young_meet(G: Group, parts) -> list:
    """Generators of G meet the Young subgroup: from the elements for small groups,
    else by SymPy's backtrack search (time-capped)."""
    block = np.repeat(np.arange(len(parts)), parts)
    if G.order <= ORDER_LIMIT:
        els = G.elements
        members = np.flatnonzero(np.all(block[els] == block, axis=1))
        return [tuple(G.elements[g].tolist()) for g in subgroup(G, members.tolist()).generators]
    pg = G.perm_group
    K = time_capped(lambda: pg.subgroup_search(
        lambda p: bool(np.array_equal(block[np.array(p.array_form)], block))),
        f"G meet S{tuple(parts)} in {G.name}")
    return [tuple(g.array_form) for g in K.generators if not g.is_Identity]


def young_cosets(G: Group, parts, name: str | None = None) -> PermRep:
    """G acting on the cosets of G meet Sym{1..a} x Sym{a+1..a+b} x ... (parts a, b, ...).

    For S_n this is the action on ordered set partitions of shape (a, b, ...);
    ``S(n-2, 2)`` is the action on unordered pairs.  Point 0 is the partition
    into consecutive blocks; the numbering is that of :func:`cosets`.

    >>> from symtheory.algebra.groups import named_group
    >>> young_cosets(named_group("S1000"), (998, 2)).degree
    499500
    >>> young_cosets(named_group("S4"), (2, 1))
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ParseError: the parts of S(2, 1) add up to 3, not to the degree 4; give parts summing to 4, e.g. S(2,2)
    """
    G = parse_group(G)
    space = young_space(G, parts)
    stab = None
    f = G.factors
    if len(f) == 1 and f[0].n == G.degree and f[0].kind in "SA":
        stab = young_subgroup_generators(space.parts, G.degree)
        if f[0].kind == "A":
            stab = even_part(stab)
    elif G.degree <= 64:
        stab = _young_meet(G, space.parts)
    label = "S(" + ",".join(str(a) for a in space.parts) + ")"
    return PermRep(G, space.images, degree=space.size, name=name or f"cosets({label})",
                   _kind=("space", space, stab))
