"""dim Hom_G(X, Y) by counting orbitals, without building a weight matrix.

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> from symtheory.algebra.reps import natural
>>> hom_dimension(natural(named_group("S30")), natural(named_group("S30")))
2
"""

from __future__ import annotations

import numpy as np

from ..exceptions import OrderLimitError
from .reps import PRODUCT_LIMIT, PermRep, orbit_labels, regular, trivial, natural, parse_rep

__all__ = ["hom_dimension", "double_coset_counts"]


def hom_dimension(X: PermRep, Y: PermRep) -> int:
    """dim Hom_G(X, Y): the number of G-orbits on Y x X (orbitals).

    While h * d <= 100,000 the orbitals are labelled directly from the
    generators.  Above, no weight matrix is built: for each orbit of
    X with first point x, the orbits of the stabilizer G_x on Y are counted
    (G_x from :meth:`PermRep.point_stabilizer_generators`, acting on Y by
    :meth:`PermRep.image`); when X's stabilizers are unknown, the roles of X
    and Y are swapped (orbitals on Y x X and on X x Y correspond).  For coset
    spaces G/H and G/K this counts the double cosets H\\G/K as the H-orbits
    on G/K.  When neither side's stabilizers are known the orbitals are
    labelled up to h * d = :data:`PRODUCT_LIMIT`.

    >>> from symtheory.algebra.groups import named_group
    >>> G = named_group("S4")
    >>> hom_dimension(regular(G), regular(G))
    24
    >>> hom_dimension(trivial(G), natural(G))
    1
    >>> S = named_group("S1000")
    >>> hom_dimension(natural(S) @ natural(S), natural(S) @ natural(S))
    15
    """
    X._check_same_group(Y)
    h, d = Y.degree, X.degree

    def by_labels():
        images = [(np.array(b)[:, None] * d + np.array(a)[None, :]).ravel()
                  for a, b in zip(X.images, Y.images)]
        return int(orbit_labels(h * d, images).max() + 1)
    if h * d <= 100_000:
        return by_labels()
    for A, B in ((X, Y), (Y, X)):
        count = _count_by_stabilizers(A, B)
        if count is not None:
            return count
    if h * d <= PRODUCT_LIMIT:
        return by_labels()
    raise OrderLimitError(
        f"dim Hom({X.name}, {Y.name}) needs {h * d} orbital labels (above {PRODUCT_LIMIT}) "
        "and the point stabilizers of neither side are known; build the p-reps from "
        "trivial, natural, cosets, + and @")


def _count_by_stabilizers(X: PermRep, Y: PermRep):
    """Sum over the orbits of X of the number of G_x-orbits on Y, or None if unknown."""
    labels = orbit_labels(X.degree, [np.array(im) for im in X.images])
    _, firsts = np.unique(labels, return_index=True)
    total = 0
    for x in firsts.tolist():
        gens = X.point_stabilizer_generators(x)
        if gens is None:
            return None
        try:
            images = [Y.image(g) for g in gens]
        except OrderLimitError:
            return None
        total += int(orbit_labels(Y.degree, images).max() + 1) if images else Y.degree
    return total


def double_coset_counts(G, subgroups) -> np.ndarray:
    """The matrix ``|H_i\\G/H_j|`` = dim Hom_G(G/H_i, G/H_j) for subgroups ``H_i`` of ``G``.

    By Burnside's lemma the number of G-orbits on G/H x G/K is the mean over
    g of fix(g, G/H) fix(g, G/K), and fix(g, G/H) = |C_G(g)| |g^G cap H| / |H|
    (P. J. Cameron, *Permutation Groups*, LMS Student Texts 45, 1999, ch. 1), so

        |H\\G/K| = sum over conjugacy classes C of |G|/|C| |C cap H| |C cap K| / (|H| |K|).

    The classes of elements are labelled once (orbits of conjugation by the
    generators), each subgroup is counted class by class, and the whole matrix
    is one integer product: no coset space is built (``symtheory preps`` of a
    group with hundreds of classes of subgroups, where one hom_dimension per
    pair took minutes).  Exact: the entries stay below |G|^3 (checked for int64).

    Parameters
    ----------
    G : Group
    subgroups : sequence of Subgroup
        Subgroups of ``G`` (element indices in ``G``'s numbering).

    Examples
    --------
    >>> from symtheory.algebra.groups import named_group
    >>> from symtheory.algebra.subgroup_classes import conjugacy_classes_subgroups
    >>> G = named_group("S3")
    >>> double_coset_counts(G, [c.representative for c in conjugacy_classes_subgroups(G)]).tolist()
    [[6, 3, 2, 1], [3, 2, 1, 1], [2, 1, 2, 1], [1, 1, 1, 1]]
    """
    from .subgroups import _conj  # the product backend (tables or the element store)
    n = G.order
    if n ** 3 >= 2 ** 63:
        raise OrderLimitError(f"double coset counts of a group of order {n} overflow 64 bits")
    everything = np.arange(n)
    labels = orbit_labels(n, [np.asarray(_conj(G, int(s), everything))
                              for s in G.generator_indices])
    sizes = np.bincount(labels)
    counts = np.zeros((len(subgroups), len(sizes)), dtype=np.int64)
    for i, H in enumerate(subgroups):
        counts[i] = np.bincount(labels[np.asarray(H.elements)], minlength=len(sizes))
    pairs = (counts * (n // sizes)) @ counts.T
    orders = counts.sum(axis=1)
    return pairs // np.outer(orders, orders)
