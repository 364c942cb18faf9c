"""Equivariant networks as linear subspaces of MLPs: ``TwoLayerNet``, its hidden
fixed-point subspaces (Lemma 3.2, Theorem 3.3) and the reductions of Theorems 3.4-3.5.
Imports :mod:`symtheory.algebra` (and ``exceptions``), nothing above it.

Examples
--------
>>> from symtheory.networks import TwoLayerNet, hidden_fixed_point_subspaces
>>> net = TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
>>> [s.codim for s in hidden_fixed_point_subspaces(net, max_codim=1)]
[1]
"""

from . import networks  # noqa: F401
from . import hidden  # noqa: F401
from . import reductions  # noqa: F401
from . import mlp  # noqa: F401
from . import layered  # noqa: F401
from . import mlp_reductions  # noqa: F401
from .networks import *  # noqa: F401,F403
from .hidden import *  # noqa: F401,F403
from .reductions import *  # noqa: F401,F403
from .mlp import *  # noqa: F401,F403
from .layered import *  # noqa: F401,F403
from .mlp_reductions import *  # noqa: F401,F403

__all__ = []
for _m in (networks, hidden, reductions, mlp, layered, mlp_reductions):
    __all__ += list(_m.__all__)
del _m
