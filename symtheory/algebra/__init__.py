"""Exact group theory: permutation groups, their subgroups up to conjugacy, permutation
representations (p-reps) and the equivariant weight spaces Hom_G(X, Y).
Owns groups -> p-reps -> Hom_G; imports nothing of symtheory but ``exceptions``.

Examples
--------
>>> from symtheory.algebra import parse_group, parse_rep, hom_dimension
>>> G = parse_group("S4")
>>> hom_dimension(parse_rep(G, "natural"), parse_rep(G, "natural"))
2
"""

from . import groups  # noqa: F401
from . import subgroups  # noqa: F401
from . import subgroup_classes  # noqa: F401
from . import reps  # noqa: F401
from . import equivariant  # noqa: F401
from .groups import *  # noqa: F401,F403
from .subgroups import *  # noqa: F401,F403
from .subgroup_classes import *  # noqa: F401,F403
from .reps import *  # noqa: F401,F403
from .equivariant import *  # noqa: F401,F403

__all__ = []
for _m in (groups, subgroups, subgroup_classes, reps, equivariant,):
    __all__ += list(_m.__all__)
del _m
