"""Representation expressions: ``"natural + 2*trivial"``, ``"natural@natural"``, ``"cosets(S(3,2))"``.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> parse_rep(named_group("S4"), "natural^2 + trivial").degree
17
"""

from __future__ import annotations

import difflib
import math
import re

from ..exceptions import ParseError, RepresentationMismatchError
from .groups import Group
from ..validation import parse_int
from .reps import PermRep, cosets, natural, regular, trivial

__all__ = ["parse_rep", "MAX_REP_DEGREE", "MAX_SUMMANDS"]

#: Largest degree of a representation built from an expression (checked
#: before each sum, multiple, tensor product or power is built).
MAX_REP_DEGREE = 1_000_000
#: Most summands (blocks) of an expression: the orbit counts and the networks
#: go through the summands one by one, so 10^5 copies of natural would take minutes.
MAX_SUMMANDS = 1000


def _check_degree(degree: int, expr: str) -> None:
    if degree > MAX_REP_DEGREE:
        raise ParseError(f"{expr!r} would have degree {degree}, above the limit "
                         f"{MAX_REP_DEGREE}; use smaller multiplicities, products or powers")

# ASCII digits only ([0-9], not \d): "cosets(\u0661)" or "\u00b2*natural" are not numbers here
_FACTOR = re.compile(r"^([a-z_]+)\s*(?:\((.*)\))?\s*(?:\^\s*([0-9]+))?$", re.S | re.I)
_MULT = re.compile(r"^([0-9]+)\s*\*\s*(.*)$", re.S)
_REP_HINT = ('write a sum of terms k*NAME with NAME one of trivial, natural, regular, '
             'cosets(I), cosets((1,2),(3,4)) or cosets(S(a,b)), tensor products NAME@NAME '
             'and powers NAME^k, e.g. "natural + 2*trivial"')


def _split_top(expr: str, sep: str) -> list:
    parts, depth, cur = [], 0, ""
    for ch in expr:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise ParseError(f"unbalanced parentheses in {expr!r}; {_REP_HINT}")
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if depth:
        raise ParseError(f"unbalanced parentheses in {expr!r}; {_REP_HINT}")
    parts.append(cur)
    return parts


def _factor_rep(G, text, term, expr) -> PermRep:
    """One factor NAME, NAME(ARG) or NAME^k of a term."""
    m = _FACTOR.match(text)
    if not m:
        raise ParseError(f"cannot read term {term!r} in {expr!r}; {_REP_HINT}")
    name, arg, power = m.group(1).lower(), m.group(2), m.group(3)  # Natural, REGULAR
    if name in ("trivial", "natural", "regular"):
        if arg is not None:
            raise ParseError(f"{name} takes no argument in {term!r}; {_REP_HINT}")
        rep = {"trivial": trivial, "natural": natural, "regular": regular}[name](G)
    elif name == "cosets":
        if arg is None or not arg.strip():
            raise ParseError(f"cosets needs a class index or generators in {term!r}; {_REP_HINT}")
        a = arg.strip()
        rep = cosets(G, parse_int(a, "a class index")) if a.isascii() and a.isdigit() \
            else cosets(G, a, name=f"cosets({a})")
    else:
        close = difflib.get_close_matches(name, ["trivial", "natural", "regular", "cosets"], 1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ParseError(f"unknown representation {name!r} in {expr!r}; {hint}{_REP_HINT}")
    if power is not None:
        p = parse_int(power, f"the power in {term!r}", high=64)  # 2^64 is past any limit
        if p < 1:
            raise ParseError(f"power 0 in {term!r}; use NAME^k with k >= 1")
        _check_degree(rep.degree ** p, term)  # before building
        base = rep
        for _ in range(p - 1):
            rep = rep @ base
        if p > 1:
            rep._name = text
            rep._summands = ((text, rep.degree),)
    return rep


def parse_rep(G: Group, expr) -> PermRep:
    """A p-rep from an expression such as ``"natural + 2*trivial"``.

    Grammar::

        EXPR   := TERM (+ TERM)*
        TERM   := [k*] FACTOR (@ FACTOR)*          tensor product: the product action
        FACTOR := NAME [^k]                         power: k-fold tensor product
        NAME   := trivial | natural | regular | cosets(I) | cosets(GENS) | cosets(S(a,b,...))

    Names are case-insensitive (``Natural``, ``REGULAR``).  ``cosets(I)``: I a class index as printed by ``symtheory subgroups``;
    ``cosets((1,2),(3,4))``: the subgroup given by GAP-style generators;
    ``cosets(S(a,b,...))``: G meet the Young subgroup Sym{1..a} x
    Sym{a+1..a+b} x ... (parts adding up to the degree).  In a tensor
    product point (i, j) is ``i * deg(B) + j``.  Points are numbered block by
    block, in order.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> G = named_group("S3")
    >>> parse_rep(G, "cosets((1,2)) + regular").degree
    9
    >>> parse_rep(G, "natural@natural + natural^2").summands
    (('natural@natural', 9), ('natural^2', 9))
    >>> parse_rep(named_group("S6"), "cosets(S(4,2))").degree
    15
    >>> parse_rep(G, "natral")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ParseError: unknown representation 'natral' in 'natral'; did you mean 'natural'? write a sum of terms k*NAME with NAME one of trivial, natural, regular, cosets(I), cosets((1,2),(3,4)) or cosets(S(a,b)), tensor products NAME@NAME and powers NAME^k, e.g. "natural + 2*trivial"
    """
    if isinstance(expr, PermRep):
        if expr.group != G:
            raise RepresentationMismatchError("the representation belongs to another group")
        return expr
    if not isinstance(expr, str) or not expr.strip():
        raise ParseError(f"empty or non-string representation {expr!r}; {_REP_HINT}")
    out = None
    for term in _split_top(expr, "+"):
        t = term.strip()
        m = _MULT.match(t)
        k, body = (parse_int(m.group(1), f"the multiplicity in {t!r}", high=MAX_REP_DEGREE),
                   m.group(2).strip()) if m else (1, t)
        if k < 1:
            raise ParseError(f"multiplicity 0 in {t!r}; drop the term or use k >= 1")
        factors = [f.strip() for f in _split_top(body, "@")]
        reps = [_factor_rep(G, f, t, expr) for f in factors]
        _check_degree(math.prod(r.degree for r in reps) * k + (out.degree if out else 0), expr)
        blocks = (1 if len(reps) > 1 else len(reps[0].summands)) * k + \
            (len(out.summands) if out else 0)
        if blocks > MAX_SUMMANDS:
            raise ParseError(f"{expr!r} would have {blocks} summands, above the limit "
                             f"{MAX_SUMMANDS}; use smaller multiplicities")
        rep = reps[0]
        for r in reps[1:]:
            rep = rep @ r
        if len(factors) > 1 or rep.name != body:
            rep._name = body
            rep._summands = ((body, rep.degree),)
        rep = k * rep if k > 1 else rep
        out = rep if out is None else out + rep
    out._name = expr.strip()
    return out
