"""Transitive actions G/H built from generators, never from the element list.

A :class:`OrbitSpace` is the orbit of one *state* under the generators of G,
numbered breadth-first: point 0 is the start, and the points are numbered in
order of discovery, scanning the points already found in order and the
generators in order.  For a transitive G-set whose point 0 has stabilizer H
this numbering equals the one of :func:`symtheory.algebra.reps.cosets`
("cosets numbered by the first element of ``G.elements`` in them"): the
element list is breadth-first from the generators too, so a coset is first
met at the level of its shortest word, through the earliest parent.

Two kinds of states:

* :func:`coset_space`: the coset xH is stored as a representative x (an
  image array) and identified by its canonical element, the y = xh whose
  base images ``(y(b_1), ..., y(b_k))`` are lexicographically least, found
  level by level of H's stabilizer chain ([1]_, section 4.6.7, the minimal
  coset representative): minimize ``x(p)`` over the basic orbit of ``b_i``,
  multiply by the transversal element, go down one level.  An element of H
  is determined by its base images, so y is unique in the coset.
* :func:`young_space`: for a Young subgroup Sym(B_1) x ... x Sym(B_r) the
  coset space of G meet it is the G-orbit of the ordered set partition
  (B_1, ..., B_r); a state is the sorted point sets of all blocks but the
  first largest one (they determine it).  ``S(n-2, 2)`` on S_n is the action
  on unordered pairs.

Indices above :data:`INDEX_LIMIT` (10^6) are refused with the index in the
message, before the orbit is built when the index is known in closed form.

References
----------
.. [1] D. Holt, B. Eick, E. O'Brien, "Handbook of Computational Group
   Theory", CRC Press, 2005.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> X = young_space(named_group("S5"), (3, 2))
>>> X.size, X.images[0][:4].tolist()
(10, [1, 2, 4, 5])
>>> coset_space(named_group("S4"), [[1, 0, 2, 3]]).size
12
"""

from __future__ import annotations

import math

import numpy as np

from ..exceptions import NotASubgroupError, OrderLimitError, ParseError
from .stabilizers import sympy_group, time_capped

__all__ = ["INDEX_LIMIT", "STORE_LIMIT", "OrbitSpace", "coset_space", "young_space",
           "young_subgroup_generators"]

#: Largest number of points of a coset space.
INDEX_LIMIT = 1_000_000
#: Largest number of integers kept to act with arbitrary elements later.
STORE_LIMIT = 50_000_000


def _codes(keys: np.ndarray, n: int) -> list:
    """Hashable codes of the rows of an integer array with entries < n."""
    k = keys.shape[1]
    if k == 0:
        return [0] * len(keys)
    if k * math.log2(max(n, 2)) < 62:
        return (keys.astype(np.int64) @ (np.int64(n) ** np.arange(k, dtype=np.int64))).tolist()
    return [r.tobytes() for r in np.ascontiguousarray(keys, dtype=np.int32)]


class OrbitSpace:
    """The orbit of a state under a group, numbered breadth-first (see the module docstring).

    Parameters
    ----------
    group : Group
    start : numpy.ndarray, shape (m,)
        The state of point 0.
    act : callable
        ``act(g, states)`` -> the states moved by the element g (image array).
    key : callable
        ``key(states)`` -> integer array of canonical keys, one row per state.
    key_range : int
        Keys are below this (for compact codes).
    limit : int
        Refuse orbits larger than this.
    what : str
        Description for messages.

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> pairs = young_space(named_group("S4"), (2, 2))
    >>> pairs.size, pairs.image(np.array([1, 0, 2, 3])).tolist()
    (6, [0, 3, 2, 1, 5, 4])
    """

    def __init__(self, group, start, act, key, key_range, limit=INDEX_LIMIT, what="orbit"):
        self.group = group
        self._act, self._key, self._range = act, key, key_range
        start = np.asarray(start)[None, :]
        index = {_codes(key(start), key_range)[0]: 0}
        gens = [np.asarray(g, dtype=np.int64) for g in group.generators]
        images = [[] for _ in gens]
        frontier, stored = start, [start]
        keep = True
        while len(frontier):
            moved = [act(g, frontier) for g in gens]
            codes = [_codes(key(m), key_range) for m in moved]
            new = []
            for f in range(len(frontier)):
                for s in range(len(gens)):
                    c = codes[s][f]
                    t = index.get(c)
                    if t is None:
                        t = len(index)
                        if t >= limit:
                            raise OrderLimitError(
                                f"{what} has more than {limit} points (index above {limit}); "
                                "use a larger subgroup")
                        index[c] = t
                        new.append((s, f))
                    images[s].append(t)
            if new:
                s_idx = np.array([s for s, _ in new])
                f_idx = np.array([f for _, f in new])
                frontier = np.stack([m for m in moved])[s_idx, f_idx]
            else:
                frontier = frontier[:0]
            if keep:
                stored.append(frontier)
                keep = sum(len(x) for x in stored) * start.shape[1] <= STORE_LIMIT
        self.size = len(index)
        self.images = [np.array(im, dtype=np.int64) for im in images]
        self._index = index
        self._states = np.concatenate(stored) if keep else None

    @property
    def states(self):
        """The state of every point (row t = point t), or None when too large to keep."""
        return self._states

    def image(self, g) -> np.ndarray:
        """``out[t]`` = the point g moves point t to, for any element g (image array).

        Raises OrderLimitError when the states were too large to keep.

        >>> from symtheory.algebra.groups import named_group
        >>> young_space(named_group("S3"), (2, 1)).image(np.array([2, 1, 0])).tolist()
        [1, 0, 2]
        """
        if self._states is None:
            raise OrderLimitError(f"the {self.size} points times their states exceed "
                                  f"{STORE_LIMIT} integers; cannot act with arbitrary elements")
        codes = _codes(self._key(self._act(np.asarray(g, dtype=np.int64), self._states)),
                       self._range)
        idx = self._index
        return np.array([idx[c] for c in codes], dtype=np.int64)


def _chain(hgens, n):
    """Base, basic orbits and transversal arrays of <hgens> (SymPy's Schreier-Sims)."""
    pg = sympy_group(hgens, n)

    def build():
        pg.schreier_sims()
        levels = []
        for b, tr in zip(pg.base, pg.basic_transversals):
            orb = np.array(sorted(tr), dtype=np.int64)
            U = np.array([tr[p].array_form for p in orb.tolist()], dtype=np.int64)
            levels.append((int(b), orb, U))
        return int(pg.order()), levels
    return time_capped(build, f"the stabilizer chain of a subgroup of degree {n}")


def coset_space(G, hgens, what: str | None = None) -> OrbitSpace:
    """G/H for H generated by ``hgens`` (image arrays), from H's stabilizer chain.

    Point t is the coset x_t H of ``states[t]`` = x_t; ``images[s][t]`` is the
    coset of ``s x_t``.

    >>> from symtheory.algebra.groups import named_group
    >>> X = coset_space(named_group("S3"), [[1, 0, 2]])
    >>> X.size, [im.tolist() for im in X.images]
    (3, [[1, 2, 0], [0, 2, 1]])
    """
    n = G.degree
    hgens = [np.asarray(h, dtype=np.int64) for h in hgens]
    for h in hgens:
        if not G.contains(h):
            raise NotASubgroupError(f"a generator of the subgroup is not an element of {G.name}")
    what = what or f"the coset space of a subgroup of {G.name}"
    if hgens:
        h_order, levels = _chain([h.tolist() for h in hgens], n)
    else:
        h_order, levels = 1, []
    index = G.order // h_order
    if index > INDEX_LIMIT:
        raise OrderLimitError(f"{what} has index {index}, above the limit {INDEX_LIMIT}; "
                              "use a larger subgroup")
    def key(X):
        for b, orb, U in levels:
            t = np.argmin(X[:, orb], axis=1)
            X = np.take_along_axis(X, U[t], axis=1)   # x o u_t
        return X

    def act(g, X):
        return g[X]                                   # g o x

    return OrbitSpace(G, np.arange(n), act, key, n, limit=INDEX_LIMIT, what=what)


def young_subgroup_generators(parts, n: int) -> list:
    """Generators of Sym(B_1) x ... x Sym(B_r), B_i consecutive blocks of sizes ``parts``.

    >>> young_subgroup_generators((2, 3), 5)
    [[1, 0, 2, 3, 4], [0, 1, 3, 4, 2], [0, 1, 3, 2, 4]]
    """
    gens, start = [], 0
    for a in parts:
        pts = list(range(start, start + a))
        if a >= 2:
            if a > 2:
                cyc = list(range(n))
                for x, y in zip(pts, pts[1:] + pts[:1]):
                    cyc[x] = y
                gens.append(cyc)
            tr = list(range(n))
            tr[pts[0]], tr[pts[1]] = pts[1], pts[0]
            gens.append(tr)
        start += a
    return gens


def check_parts(parts, degree: int) -> tuple:
    """Validated parts of a Young subgroup ``S(a, b, ...)`` of a group of this degree."""
    try:
        parts = tuple(int(a) for a in parts)
    except (TypeError, ValueError):
        raise ParseError(f"S(...) needs positive integers, got {parts!r}") from None
    if not parts or any(a < 1 for a in parts):
        raise ParseError(f"S{parts} needs positive parts, e.g. S(3,2)")
    if sum(parts) != degree:
        raise ParseError(f"the parts of S{parts} add up to {sum(parts)}, not to the degree "
                         f"{degree}; give parts summing to {degree}, e.g. S({degree - 2},2)")
    return parts


def young_space(G, parts) -> OrbitSpace:
    """G/(G meet Sym(B_1) x ... x Sym(B_r)): the orbit of the ordered partition.

    >>> from symtheory.algebra.groups import named_group
    >>> young_space(named_group("A4"), (2, 2)).size, young_space(named_group("S6"), (2, 2, 2)).size
    (6, 90)
    """
    n = G.degree
    parts = check_parts(parts, n)
    drop = int(np.argmax(parts))
    starts = np.concatenate([[0], np.cumsum(parts)]).astype(int)
    kept = [(starts[i], starts[i + 1]) for i in range(len(parts)) if i != drop]
    start = np.concatenate([np.arange(a, b) for a, b in kept]) if kept else np.zeros(0, int)
    segs, pos = [], 0
    for a, b in kept:
        segs.append((pos, pos + b - a))
        pos += b - a
    what = f"cosets(S{parts}) of {G.name}"
    if len(G.factors) == 1 and G.factors[0].kind in "SA" and G.factors[0].n == n:
        index = math.factorial(n) // math.prod(math.factorial(a) for a in parts)
        if G.factors[0].kind == "A" and max(parts) < 2:
            index *= 2
        if index > INDEX_LIMIT:
            raise OrderLimitError(f"{what} has index {index}, above the limit {INDEX_LIMIT}; "
                                  "use a larger subgroup")

    def act(g, P):
        return g[P]

    def key(P):
        P = P.copy()
        for a, b in segs:
            P[:, a:b].sort(axis=1)
        return P

    space = OrbitSpace(G, start, act, key, n, limit=INDEX_LIMIT, what=what)
    space.parts = parts
    return space
