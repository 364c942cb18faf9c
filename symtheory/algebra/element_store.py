"""The elements of a permutation group as a compact array, with products in batches.

An :class:`ElementStore` holds every element of a finite permutation group as
an image array of small integers, numbered exactly as
:attr:`Group.elements <symtheory.algebra.groups.Group.elements>` (identity
first, then breadth-first from the generators by left multiplication), and
computes products, inverses, conjugates and powers of whole arrays of element
indices at once.  An element is determined by the images of a *base* (a
set of points only the identity fixes, [1]_ section 4.4), so a product is
composed at the base points only and looked up by the code of those images,
in a dense table of ``degree ** len(base)`` entries when that has at most
``2**26`` entries, else by binary search in the sorted codes.  Memory is
linear in the order plus that table, never a ``|G| x |G|`` table: for S9
(order 362,880) 3 MB of image arrays and a table of 9^8 entries (172 MB).

Conventions
-----------
* As in :mod:`symtheory.algebra.groups`: ``g * h`` applies ``h`` first, its
  image array is ``g[h]``; ``conj(x, a)`` is ``x a x^-1``.
* Codes: the code of the base images ``q`` is ``sum q[i] d^i`` when that
  fits in 62 bits, else a random weighted sum; :meth:`ElementStore.lookup`
  checks every result against the stored image arrays.  The breadth-first
  numbering tells elements apart by the code of the whole image array (for
  ``d > 15`` a random 64-bit weighted sum).

References
----------
.. [1] D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group
   Theory*, Chapman & Hall/CRC, 2005.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> G = named_group("S4")
>>> S = element_store(G)
>>> S.order, bool((S.images == G.elements).all())
(24, True)
>>> a, b = 1, 2
>>> int(S.mul(a, b)) == int(G.multiplication_table[a, b])
True
"""

from __future__ import annotations

import numpy as np

from ..exceptions import OrderLimitError
from .groups import ELEMENT_LIMIT, Group, order_text

__all__ = ["ElementStore", "element_store", "fingerprint_keys", "STORE_LIMIT"]

#: Largest number of bytes of image arrays a store is built for
#: (``order * degree``, twice that above degree 256).
STORE_LIMIT = 200_000_000

_CHUNK = 1 << 22  # entries of the int64 scratch arrays of one batch (32 MB)
_NUMPY_POWERS = 64  # element orders beyond this come from cycle lengths


def _image_bytes(order: int, degree: int) -> int:
    return order * degree * (1 if degree <= 256 else 2)

_EXACT_DEGREE = 15  # 15**15 < 2**63
_DENSE = 1 << 26  # entries of the dense look-up table, at most (256 MB)
_FLOAT_DEGREE = 13  # 13**13 < 2**53: codes exact in float64, so BLAS computes them
_INDEX = np.int32


class ElementStore:
    """All elements of a permutation group, as rows of image arrays.

    Parameters
    ----------
    generators : sequence of sequences of int
        Image arrays (0-based) of the generators, in the group's order.
    degree : int

    Attributes
    ----------
    images : numpy.ndarray
        ``(order, degree)`` image arrays, row ``i`` is element ``i``.
    order, degree : int
    inverse : numpy.ndarray
        ``inverse[i]`` is the index of the inverse of element ``i``.
    orders : numpy.ndarray
        Order of each element.
    generator_indices : numpy.ndarray
        Indices of the generators.

    Examples
    --------
    >>> S = ElementStore([[1, 2, 0], [1, 0, 2]], 3)
    >>> S.images.tolist()
    [[0, 1, 2], [1, 2, 0], [1, 0, 2], [2, 0, 1], [0, 2, 1], [2, 1, 0]]
    >>> S.orders.tolist(), S.inverse.tolist()
    ([1, 3, 2, 3, 2, 2], [0, 3, 2, 1, 4, 5])
    """

    def __init__(self, generators, degree: int):
        self.degree = int(degree)
        d = self.degree
        self._dtype = np.uint8 if d <= 256 else np.uint16
        rng = np.random.default_rng(20250602)
        if d <= _FLOAT_DEGREE:
            self._weights = (d ** np.arange(d, dtype=np.int64)).astype(np.float64)
            self._exact = True
        elif d <= _EXACT_DEGREE:
            self._weights = (d ** np.arange(d, dtype=np.int64)).astype(np.int64)
            self._exact = True
        else:
            self._weights = rng.integers(0, 2 ** 62, size=(d, d), dtype=np.int64)
            self._exact = False
        gens = np.array([list(g) for g in generators], dtype=self._dtype).reshape(-1, d)
        self.images = self._breadth_first(gens)
        n = len(self.images)
        self.order = n
        self._index_by_base()
        inv = np.argsort(self.images, axis=1).astype(self._dtype)
        self.inverse = self.lookup(inv)
        self.generator_indices = self.lookup(gens) if len(gens) else np.zeros(0, _INDEX)
        self.orders = self._element_orders()
        self._fp = rng.integers(0, 2 ** 63, size=(2, n), dtype=np.int64).astype(np.uint64)
        self._fp += rng.integers(0, 2, size=(2, n), dtype=np.int64).astype(np.uint64) << 63

    # -- construction -----------------------------------------------------
    def _code(self, images: np.ndarray) -> np.ndarray:
        images = images.reshape(-1, self.degree)
        if self._exact:
            return images.astype(self._weights.dtype) @ self._weights
        cols = np.arange(self.degree)
        with np.errstate(over="ignore"):
            return self._weights[cols, images.astype(np.intp)].sum(axis=1)

    def _breadth_first(self, gens: np.ndarray) -> np.ndarray:
        """All elements, numbered as ``Group.elements``: a level of the search
        lists ``s * x`` for ``x`` in the previous level and generators ``s``
        in that order, keeping first occurrences of new elements."""
        d = self.degree
        ident = np.arange(d, dtype=self._dtype)[None]
        levels = [ident]
        seen = self._code(ident)
        frontier = ident
        while len(gens) and len(frontier):
            # cand[i, s] = s * frontier[i], whose image array is s[frontier[i]]
            ks = np.arange(len(gens))[None, :, None]
            cand = gens[ks, frontier[:, None, :].astype(np.intp)].reshape(-1, d)
            codes = self._code(cand)
            _, first = np.unique(codes, return_index=True)
            first.sort()
            first = first[~np.isin(codes[first], seen)]
            frontier = cand[first]
            if len(frontier):
                levels.append(frontier)
                seen = np.concatenate([seen, codes[first]])
                if len(seen) > ELEMENT_LIMIT or _image_bytes(len(seen), d) > STORE_LIMIT:
                    raise OrderLimitError(
                        f"the group has more than {len(seen)} elements of degree {d}, "
                        f"above the limits {ELEMENT_LIMIT} elements and {STORE_LIMIT} "
                        "bytes for the element store; use a smaller group")
        out = np.concatenate(levels)
        out.setflags(write=False)
        return out

    def _index_by_base(self):
        """A base (points whose images determine an element, found greedily)
        and a table from the base images' code to the element index: dense
        when ``degree ** len(base)`` is at most ``_DENSE``, else sorted codes."""
        n, d = self.images.shape
        base = []
        labels = np.zeros(n, dtype=np.int64)
        distinct = 1
        for p in range(d):
            if distinct == n:
                break
            _, new = np.unique(labels * d + self.images[:, p], return_inverse=True)
            if new.max() + 1 > distinct:
                base.append(p)
                labels = new.astype(np.int64)
                distinct = int(new.max()) + 1
        self.base = np.asarray(base, dtype=np.intp)
        b = len(base)
        self._dense = d ** b <= _DENSE
        if d ** b < 2 ** 62:
            self._bw = d ** np.arange(b, dtype=np.int64)
        else:  # a random 62-bit weighted sum; look-ups are checked
            rng = np.random.default_rng(7)
            self._bw = rng.integers(0, 2 ** 62, size=b, dtype=np.int64)
        # flat image arrays and the images of each base point, for 1-d gathers
        self._flat = self.images.astype(np.intp).ravel()
        self._cols = [np.ascontiguousarray(self.images[:, p]).astype(np.intp) for p in base]
        self._wl = [int(w) for w in self._bw]
        codes = self._base_code(self.images[:, self.base])
        if self._dense:
            self._table = np.full(d ** b, -1, dtype=_INDEX)
            self._table[codes] = np.arange(n, dtype=_INDEX)
        else:
            self._sort = np.argsort(codes, kind="stable").astype(_INDEX)
            self._sorted_codes = codes[self._sort]

    def _base_code(self, P: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return P.astype(np.int64) @ self._bw

    def _at_base(self, P: np.ndarray) -> np.ndarray:
        """Indices of the elements with base images ``P`` (rows), unchecked."""
        return self._at_codes(self._base_code(P))

    def _at_codes(self, codes: np.ndarray) -> np.ndarray:
        if self._dense:
            return self._table[codes]
        pos = np.searchsorted(self._sorted_codes, codes)
        return self._sort[np.minimum(pos, self.order - 1)]

    def _element_orders(self) -> np.ndarray:
        """Orders by multiplying element indices (products at the base points
        only) up to ``_NUMPY_POWERS``; the elements of larger order get the
        lcm of their cycle lengths (:meth:`_cycle_orders`)."""
        n = self.order
        orders = np.ones(n, dtype=np.int64)
        todo = np.arange(1, n, dtype=np.intp)  # element 0 is the identity
        a = todo.copy()
        power = todo.copy()
        k = 1
        while todo.size and k < _NUMPY_POWERS:
            power = self.mul(power, a)
            k += 1
            done = power == 0
            orders[todo[done]] = k
            keep = ~done
            todo, a, power = todo[keep], a[keep], power[keep]
        if todo.size:
            orders[todo] = self._cycle_orders(todo)
        return orders

    def _cycle_orders(self, idx) -> np.ndarray:
        """Orders of the elements ``idx``: ``g^k = 1`` exactly when ``g^k``
        fixes every base point, so the order is the lcm of the lengths of
        the cycles through the base points, followed for all rows at once."""
        d = self.degree
        start = np.broadcast_to(self.base, (len(idx), len(self.base)))
        rows = (np.asarray(idx, dtype=np.intp) * d)[:, None]
        x = start.copy()
        length = np.zeros(start.shape, dtype=np.int64)
        for step in range(1, d + 1):
            x = self._flat[rows + x]
            length[(x == start) & (length == 0)] = step
            if length.all():
                break
        return np.lcm.reduce(length, axis=1)

    # -- look-up and products ---------------------------------------------
    def lookup(self, images) -> np.ndarray:
        """Indices of image arrays (shape ``(..., degree)``) that lie in the group.

        >>> S = ElementStore([[1, 2, 0]], 3)
        >>> S.lookup([[2, 0, 1], [0, 1, 2]]).tolist()
        [2, 0]
        """
        images = np.asarray(images)
        shape = images.shape[:-1]
        flat = images.reshape(-1, self.degree)
        if flat.size and (flat.min() < 0 or flat.max() >= self.degree):
            raise OrderLimitError("a permutation is not an element of the group")
        idx = self._at_base(flat[:, self.base])
        if (idx < 0).any() or not np.array_equal(self.images[np.maximum(idx, 0)], flat):
            raise OrderLimitError("a permutation is not an element of the group")
        return idx.reshape(shape)

    def mul(self, a, b) -> np.ndarray:
        """Indices of the products ``g_a * g_b`` (broadcast; ``g_b`` applied first).

        >>> S = ElementStore([[1, 2, 0], [1, 0, 2]], 3)
        >>> S.mul([1, 2], 2).tolist()
        [5, 0]
        """
        a, b = _broadcast(a, b)
        if a.size == 0:
            return np.zeros(a.shape, _INDEX)
        # (a b)(beta) = a(b(beta)) at the base points beta
        aD = a.ravel() * self.degree
        b = b.ravel()
        code = np.zeros(b.size, dtype=np.int64)
        with np.errstate(over="ignore"):
            for col, w in zip(self._cols, self._wl):
                code += self._flat[aD + col[b]] * w
        return self._at_codes(code).reshape(a.shape)

    def conj(self, x, a) -> np.ndarray:
        """Indices of ``g_x g_a g_x^-1`` (broadcast).

        >>> S = ElementStore([[1, 2, 0], [1, 0, 2]], 3)
        >>> S.conj(2, [1, 3]).tolist()
        [3, 1]
        """
        x, a = _broadcast(x, a)
        if a.size == 0:
            return np.zeros(a.shape, _INDEX)
        # (x a x^-1)(beta) = x(a(x^-1(beta))) at the base points beta
        x = x.ravel()
        xi = self.inverse[x]
        xD, aD = x * self.degree, a.ravel() * self.degree
        code = np.zeros(x.size, dtype=np.int64)
        with np.errstate(over="ignore"):
            for col, w in zip(self._cols, self._wl):
                code += self._flat[xD + self._flat[aD + col[xi]]] * w
        return self._at_codes(code).reshape(a.shape)

    def power(self, a, k: int) -> np.ndarray:
        """Indices of ``g_a ** k`` for ``k >= 0`` (by repeated squaring).

        >>> S = ElementStore([[1, 2, 3, 0]], 4)
        >>> S.power([1, 2], 3).tolist()
        [3, 2]
        """
        a = np.asarray(a)
        b = a.ravel().astype(np.intp)
        result = np.zeros(b.size, dtype=np.intp)  # the identity
        e = int(k)
        while e:  # repeated squaring of element indices, products at the base only
            if e & 1:
                result = self.mul(result, b)
            e >>= 1
            if e:
                b = self.mul(b, b)
        return result.astype(_INDEX).reshape(a.shape)

    def fingerprints(self, rows) -> np.ndarray:
        """128-bit fingerprints of element sets, as pairs of uint64 (shape ``(..., 2)``).

        The fingerprint of a set is the sum, modulo ``2**64``, of random
        weights of its elements (two independent weights), so it does not
        depend on the order of the elements; two different sets collide with
        probability ``2**-128``.

        >>> S = ElementStore([[1, 2, 0], [1, 0, 2]], 3)
        >>> bool((S.fingerprints([0, 2]) == S.fingerprints([2, 0])).all())
        True
        """
        rows = np.asarray(rows)
        with np.errstate(over="ignore"):
            return np.stack([self._fp[0][rows].sum(axis=-1, dtype=np.uint64),
                             self._fp[1][rows].sum(axis=-1, dtype=np.uint64)], axis=-1)


def _broadcast(a, b):
    """Two index arrays broadcast to one shape (an integer is a 0-d array)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        a, b = a + 0 * b, b + 0 * a
    return a, b


def fingerprint_keys(fp: np.ndarray) -> list:
    """Python integers ``hi * 2**64 + lo`` of fingerprint pairs, for dictionary keys.

    >>> fingerprint_keys(np.array([[1, 2]], dtype=np.uint64)) == [2 ** 64 + 2]
    True
    """
    fp = np.asarray(fp).reshape(-1, 2)
    return [(a << 64) | b for a, b in zip(fp[:, 0].tolist(), fp[:, 1].tolist())]


# The store lives in the Group's own ``__dict__``, so it dies with the group
# (as the subgroup catalogue does; Group has no ``__weakref__`` slot).
_CACHE_ATTR = "_symtheory_element_store"


def element_store(G: Group) -> ElementStore:
    """The :class:`ElementStore` of a group, built once and kept on the group.

    Raises :class:`~symtheory.exceptions.OrderLimitError` above
    :data:`~symtheory.algebra.groups.ELEMENT_LIMIT` elements.

    >>> from symtheory.algebra.groups import named_group
    >>> element_store(named_group("S5")).order
    120
    """
    S = G.__dict__.get(_CACHE_ATTR)
    if S is None:
        if G.order > ELEMENT_LIMIT or _image_bytes(G.order, G.degree) > STORE_LIMIT:
            raise OrderLimitError(
                f"group {G.name} has order {order_text(G.order)} and degree {G.degree}, above the "
                f"limits {ELEMENT_LIMIT} elements and {STORE_LIMIT} bytes of image "
                "arrays for the element store; use a smaller group")
        S = ElementStore(G.generators, G.degree)
        G.__dict__[_CACHE_ATTR] = S
    return S
