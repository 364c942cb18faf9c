"""The table of marks of a finite group (Burnside 1911): the fixed points of each
class of subgroups on each transitive p-rep.

``M[i, j] = |Fix_{G/H_i}(H_j)|`` with rows and columns in the order of
:func:`~symtheory.algebra.subgroup_classes.conjugacy_classes_subgroups`.  Two
p-reps are isomorphic exactly when their rows of marks (summed over blocks)
agree, which the characters alone do not decide (see ``PSL(2,7)``).

Examples
--------
>>> from symtheory.algebra.groups import named_group
>>> table_of_marks(named_group("C4")).tolist()
[[4, 0, 0], [2, 2, 0], [1, 1, 1]]
"""

from __future__ import annotations

import numpy as np

from .groups import Group
from .subgroup_classes import conjugacy_classes_subgroups

__all__ = ["table_of_marks"]


def table_of_marks(G: Group) -> np.ndarray:
    """Table of marks: ``M[i, j]`` = number of points of G/H_i fixed by H_j.

    >>> from symtheory.algebra.groups import named_group
    >>> table_of_marks(named_group("S3")).tolist()
    [[6, 0, 0, 0], [3, 1, 0, 0], [2, 0, 2, 0], [1, 1, 1, 1]]
    """
    classes = conjugacy_classes_subgroups(G)
    from .reps import transitive_preps  # reps re-exports this module
    reps = transitive_preps(G)
    M = np.zeros((len(classes), len(classes)), dtype=np.int64)
    for i, X in enumerate(reps):
        for j, c in enumerate(classes):
            gens = list(c.representative.generators)
            fixed = np.all(X.action[gens] == np.arange(X.degree), axis=0) if gens else \
                np.ones(X.degree, dtype=bool)
            M[i, j] = int(fixed.sum())
    return M
