"""GAP-style cycle strings: ``"(1,2,3),(1,2)"`` <-> 0-based image arrays.

User-facing cycle strings are 1-based; image arrays are 0-based
(``p[i] = g(i)``).

Examples
--------
>>> parse_cycles("(1,2,3),(1,2)"), cycle_string([1, 2, 0])
([[1, 2, 0], [1, 0, 2]], '(1,2,3)')
"""

from __future__ import annotations

import re
from typing import Sequence

from ..exceptions import ParseError
from ..validation import check_entries, parse_int

#: Largest point of a cycle string (the degree limit of :mod:`symtheory.algebra.groups`).
DEGREE_LIMIT = 100_000

__all__ = ["cycle_string", "parse_cycles"]


def cycle_string(perm: Sequence[int]) -> str:
    """GAP-style 1-based cycle notation of an image array.

    >>> cycle_string([1, 2, 0, 4, 3])
    '(1,2,3)(4,5)'
    >>> cycle_string([0, 1])
    '()'
    """
    perm = [int(x) for x in perm]
    seen = [False] * len(perm)
    parts = []
    for start in range(len(perm)):
        if seen[start] or perm[start] == start:
            seen[start] = True
            continue
        cyc = [start]
        seen[start] = True
        j = perm[start]
        while j != start:
            cyc.append(j)
            seen[j] = True
            j = perm[j]
        parts.append("(" + ",".join(str(c + 1) for c in cyc) + ")")
    return "".join(parts) or "()"


_CYCLE_RE = re.compile(r"\(([^()]*)\)")


def parse_cycles(text: str, degree: int | None = None) -> list:
    """Parse GAP-style 1-based generators into 0-based image arrays.

    Generators are separated by commas at the top level; each is a product of
    disjoint cycles such as ``(1,2)(3,4)``.  The degree is the largest point
    named unless given.

    >>> parse_cycles("(1,2,3),(1,2)")
    [[1, 2, 0], [1, 0, 2]]
    >>> parse_cycles("(1,2)(3,4)")
    [[1, 0, 3, 2]]
    >>> parse_cycles("(1,2")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ParseError: unbalanced parentheses in '(1,2'; write generators like "(1,2,3),(1,2)"
    """
    hint = 'write generators like "(1,2,3),(1,2)"'
    if not isinstance(text, str):
        raise ParseError(f"generators must be a string, got {type(text).__name__}; {hint}")
    s = text.replace(" ", "")
    if not s:
        raise ParseError(f"empty generator string; {hint}")
    depth = 0
    pieces, cur = [], ""
    for ch in s:
        if ch == "(":
            if depth:
                raise ParseError(f"nested parentheses in {text!r}; {hint}")
            depth = 1
        elif ch == ")":
            if not depth:
                raise ParseError(f"unbalanced parentheses in {text!r}; {hint}")
            depth = 0
        elif ch == "," and not depth:
            pieces.append(cur)
            cur = ""
            continue
        cur += ch
    if depth:
        raise ParseError(f"unbalanced parentheses in {text!r}; {hint}")
    pieces.append(cur)
    cycles_per_gen = []
    max_point = 0
    for piece in pieces:
        if not piece:
            raise ParseError(f"empty generator in {text!r}; {hint}")
        if _CYCLE_RE.sub("", piece):
            raise ParseError(f"cannot read {piece!r} in {text!r}: a generator is a product of "
                             f"cycles such as (1,2)(3,4); {hint}")
        cycles = []
        used = set()
        for body in _CYCLE_RE.findall(piece):
            if body == "":
                continue
            try:  # ASCII digits, at most the degree limit, checked before int()
                pts = [parse_int(x, "a point", high=DEGREE_LIMIT) for x in body.split(",")]
            except ParseError as exc:
                raise ParseError(f"cycle {'(' + body + ')'!r} in {text!r} holds a non-integer or "
                                 f"out-of-range point ({exc}); {hint}") from None
            if any(p < 1 for p in pts):
                raise ParseError(f"cycle ({body}) in {text!r} names a point below 1; points are "
                                 "numbered from 1 in cycle strings")
            if len(set(pts)) != len(pts) or used & set(pts):
                raise ParseError(f"point repeated in {piece!r} of {text!r}; cycles of one "
                                 "generator must be disjoint")
            used |= set(pts)
            max_point = max(max_point, max(pts))
            cycles.append(pts)
        cycles_per_gen.append(cycles)
    if degree is None:
        degree = max(max_point, 1)
    elif max_point > degree:
        raise ParseError(f"point {max_point} in {text!r} exceeds the degree {degree}")
    check_entries(len(cycles_per_gen) * degree, "the generator image arrays")
    gens = []
    for cycles in cycles_per_gen:
        img = list(range(degree))
        for pts in cycles:
            for a, b in zip(pts, pts[1:] + pts[:1]):
                img[a - 1] = b - 1
        gens.append(img)
    return gens
