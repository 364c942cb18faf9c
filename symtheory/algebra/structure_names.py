"""Isomorphism-type names of subgroups: ``C4``, ``C2^2``, ``D4``, ``S4``, ``A5``, ``C2xA5``.

Names follow the package's convention (``D<n>``: the n-gon's group, of order
2n, as on input).  A subgroup is named from invariants computed from its
elements: the histogram of element orders, abelian invariants, the derived
series, the centre, and a splitting ``C2 x K`` by a central involution; what
none of them pins down is ``order-N``.  :func:`point_group_name` maps the
polyhedral types to their Schoenflies names.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> from symtheory.algebra.subgroups import whole_group
>>> structure_name(whole_group(named_group("D4"))), point_group_name("C2xS4")
('D4', 'O_h')
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .groups import ORDER_LIMIT, Group
from .subgroups import (Subgroup, _closure, _conj, _generating_set, _images, _inverse, _mask, _mul,
                        _orders)

__all__ = ["structure_name", "point_group_name"]


def _derived(G: Group, gens) -> tuple:
    """Elements and generators of the derived subgroup of ``<gens>``: the normal
    closure of the commutators of the generators."""
    inv = _inverse(G)
    gens = np.asarray(list(gens), dtype=np.intp)
    # commutators a b a^-1 b^-1, in the order a, b of the generators
    ab = _mul(G, gens[:, None], gens[None, :])
    abinv = _mul(G, inv[gens][:, None], inv[gens][None, :])
    dg = [int(c) for c in _mul(G, ab, abinv).ravel() if c != 0]
    dg = list(dict.fromkeys(dg))
    D = _closure(G, dg)
    while True:
        m = _mask(G.order, D)
        new = [int(c) for c in np.unique(_conj(G, gens[:, None], np.asarray(dg)[None, :]))
               if not m[c]] if dg else []
        if not new:
            return D, tuple(dg)
        dg += new
        D = _closure(G, dg, D)


def _abelian_name(hist: Counter, n: int) -> str:
    # for each prime, the partition of the p-part follows from how many
    # elements have order dividing p^k (p^(sum of min(k, part)))
    parts_by_p = {}
    m, p = n, 2
    while m > 1:
        if m % p == 0:
            e = 0
            while m % p == 0:
                m //= p
                e += 1
            s = [0]
            k = 1
            while s[-1] < e:
                cnt = sum(c for o, c in hist.items() if (p ** k) % o == 0)
                s.append(round(math.log(cnt, p)))
                k += 1
            ge = [s[i] - s[i - 1] for i in range(1, len(s))]  # parts >= k
            parts = [sum(1 for g in ge if g > j) for j in range(ge[0])]
            parts_by_p[p] = sorted(parts, reverse=True)
        p += 1
    width = max(len(v) for v in parts_by_p.values())
    factors = []
    for j in range(width):
        f = 1
        for p, parts in parts_by_p.items():
            if j < len(parts):
                f *= p ** parts[j]
        factors.append(f)
    factors.sort()
    if factors == [2, 2]:
        return "V4"
    return "x".join(f"C{f}" for f in factors)


_HISTOGRAMS = {  # element-order histograms of the named groups
    "S4": {1: 1, 2: 9, 3: 8, 4: 6},
    "C2xA4": {1: 1, 2: 7, 3: 8, 6: 8},
    "SL(2,3)": {1: 1, 2: 1, 3: 8, 4: 6, 6: 8},
    "A4": {1: 1, 2: 3, 3: 8},
    "C3:C4": {1: 1, 2: 1, 3: 2, 4: 6, 6: 2},
    "F20": {1: 1, 2: 5, 4: 10, 5: 4},
    "A5": {1: 1, 2: 15, 3: 20, 5: 24},
    "S5": {1: 1, 2: 25, 3: 20, 4: 30, 5: 24, 6: 20},
    "PSL(2,7)": {1: 1, 2: 21, 3: 56, 4: 42, 7: 48},
    "A6": {1: 1, 2: 45, 3: 80, 4: 90, 5: 144},
    "S6": {1: 1, 2: 75, 3: 80, 4: 180, 5: 144, 6: 240},
    "A7": {1: 1, 2: 105, 3: 350, 4: 630, 5: 504, 6: 210, 7: 720},
    "S7": {1: 1, 2: 231, 3: 350, 4: 840, 5: 504, 6: 1470, 7: 720, 10: 504, 12: 420},
}


def structure_name(H: Subgroup) -> str:
    """Name of the isomorphism type of ``H``, or ``"order-N"`` when unsure.

    Abelian groups are named by invariant factors (``"C6"``, ``"V4"``,
    ``"C2xC4"``, ``"C2xC2xC2"``); the nonabelian names given are ``S3``,
    ``D<n>`` (dihedral of order 2n, the n-gon's symmetries), ``Q8``, ``A4``, ``C3:C4``, ``F20``
    (= AGL(1,5)), ``C7:C3``, ``S4``, ``C2xA4``, ``SL(2,3)``, ``A5``, ``S5``,
    ``PSL(2,7)``, ``A6``, ``S6``, ``A7``, ``S7``, and ``S<m>``, ``A<m>`` for
    ``m >= 8``.  Each is given only when the order, element-order histogram,
    centre and derived subgroup, or the permutations themselves, prove it:

    * abelian groups are determined by their element-order histogram;
    * a group of order 2n with an element of order n and n + [n even]
      involutions is dihedral (all elements outside the cyclic subgroup are
      involutions);
    * the named nonabelian groups of orders 8, 12, 20, 21 and 24 have
      histograms no other group of their order has;
    * A5, PSL(2,7), A6 and A7 are the only perfect groups of their orders;
      S5 and S7 are the only groups with trivial centre whose derived
      subgroup is A5 or A7 of index 2 (Aut(A_n) = S_n for n = 5, 7); S6 is
      told from PGL(2,9) and M10 by its element orders;
    * otherwise, a group with a central involution z outside the subgroup
      generated by the squares splits as <z> x K for any maximal subgroup K
      avoiding z (H / <squares> is an F_2-vector space, K a hyperplane
      complement of z), and is named ``C2x`` + the name of K when K is named:
      ``C2xA5`` (the point group I_h), ``C2xS4`` (O_h), ``C2xD4``;
    * a group of permutations moving ``m >= 8`` points with order ``m!`` is
      the symmetric group of those points, and with order ``m!/2`` their
      alternating group (its only subgroup of index 2).

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.subgroups import subgroup, whole_group
    >>> structure_name(whole_group(named_group("D6")))
    'D6'
    >>> structure_name(whole_group(named_group("A5xC2")))
    'C2xA5'
    >>> structure_name(subgroup(named_group("S6"), "(1,2),(3,4),(5,6)"))
    'C2xC2xC2'
    >>> structure_name(whole_group(named_group("PSL(2,7)")))
    'PSL(2,7)'
    """
    G = H.group
    n = H.order
    if n == 1:
        return "1"
    hist = Counter(_orders(G)[H.elements].tolist())
    gens = list(H.generators)
    ga = np.asarray(gens, dtype=np.intp)
    sub = _mul(G, ga[:, None], ga[None, :])
    if np.array_equal(sub, sub.T):
        return _abelian_name(hist, n)
    hd = dict(hist)
    if n == 6:
        return "S3"
    moved = int((_images(G)[ga] != np.arange(G.degree)).any(axis=0).sum())
    if moved >= 8 and n in (math.factorial(moved), math.factorial(moved) // 2):
        return f"{'S' if n == math.factorial(moved) else 'A'}{moved}"
    m = n // 2
    if n % 2 == 0 and m >= 3 and hist.get(m, 0) > 0 and hist.get(2, 0) == m + (m % 2 == 0):
        return f"D{m}"  # the m-gon's symmetries, order 2m = n
    if n == 8 and hist.get(2, 0) == 1:
        return "Q8"
    if n == 21:
        return "C7:C3"  # the only nonabelian group of order 21
    for name, order in (("A4", 12), ("C3:C4", 12), ("F20", 20), ("S4", 24),
                        ("C2xA4", 24), ("SL(2,3)", 24)):
        if n == order and hd == _HISTOGRAMS[name]:
            return name
    if n not in (60, 120, 168, 360, 720, 2520, 5040):
        return _central_c2_split(H, centre=None)
    D, dgens = _derived(G, gens)
    if D.size == n:
        for name, order in (("A5", 60), ("PSL(2,7)", 168), ("A6", 360), ("A7", 2520)):
            if n == order and hd == _HISTOGRAMS[name]:
                return name
        return _central_c2_split(H, centre=None)
    hel = H.elements.astype(np.intp)
    centre = hel[(_mul(G, hel[:, None], ga[None, :]) == _mul(G, ga[None, :], hel[:, None])).all(axis=1)]
    if centre.size != 1 or 2 * D.size != n:
        return _central_c2_split(H, centre=None)
    D2, _ = _derived(G, dgens)
    if D2.size != D.size:
        return _central_c2_split(H, centre=None)
    for name, order in (("S5", 120), ("S6", 720), ("S7", 5040)):
        if n == order and hd == _HISTOGRAMS[name]:
            return name
    return _central_c2_split(H, centre=None)


def _central_c2_split(H: Subgroup, centre=None) -> str:
    """``"C2x" + name(K)`` when H = <z> x K for a central involution z, else ``"order-N"``."""
    G, n = H.group, H.order
    fallback = f"order-{n}"
    if n % 4 or G.order > ORDER_LIMIT:  # |K| odd or K = C2: named before; no tables above
        return fallback
    els = H.elements
    gens = np.asarray(list(H.generators), dtype=np.intp)
    if centre is None:
        centre = els[(_mul(G, els[:, None], gens[None, :])
                      == _mul(G, gens[None, :], els[:, None])).all(axis=1)]
    squares = np.unique(_mul(G, els, els))
    Q = _closure(G, [int(x) for x in squares if x != 0]) if squares.size > 1 else np.array([0])
    q_mask = _mask(G.order, Q)
    orders = _orders(G)
    for z in (int(c) for c in centre if orders[c] == 2 and not q_mask[c]):
        K = Q  # grow a hyperplane of H/Q avoiding z, one element at a time
        for g in (int(x) for x in els):
            if 2 * K.size == n:
                break
            if _mask(G.order, K)[g]:
                continue
            bigger = _closure(G, [int(x) for x in K if x != 0] + [g], K)
            if not _mask(G.order, bigger)[z]:
                K = bigger
        if 2 * K.size == n:
            K = np.sort(K)
            inner = structure_name(Subgroup._trusted(G, K, _generating_set(G, K)))
            return fallback if inner.startswith("order-") else f"C2x{inner}"
    return fallback


# abstract type -> Schoenflies name of the polyhedral point groups (subgroups of O(3)
# acting on the platonic solids); S4 is both the rotations O and the full T_d
_POINT_GROUPS = {"A4": "T", "C2xA4": "T_h", "S4": "O or T_d", "C2xS4": "O_h",
                 "A5": "I", "C2xA5": "I_h"}


def point_group_name(structure: str):
    """Schoenflies name of the polyhedral point group of this isomorphism type, or None.

    A finite group of symmetries of a platonic solid is one of T (A4), T_d and
    O (both S4), T_h (C2xA4), O_h (C2xS4), I (A5) or I_h (C2xA5); the
    structure name of :func:`structure_name`, found from the order and the
    invariants there, tells which (up to T_d versus O, abstractly equal).

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.subgroups import whole_group
    >>> point_group_name(whole_group(named_group("A5xC2")).structure)
    'I_h'
    >>> point_group_name("C6") is None
    True
    """
    return _POINT_GROUPS.get(structure)
