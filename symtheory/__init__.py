"""symtheory: hidden symmetries and loss landscapes of equivariant networks.

Tools for the theory of Xie & Smidt, "A Tale of Two Symmetries: Exploring the
Loss Landscape of Equivariant Models" (arXiv 2506.02269).

The public names of the group-theory, weight-space, hidden-subspace, loss,
training, relaxation and table modules are re-exported here, with the test
helper ``assert_equivariant``; the figure and sphere modules
(``symtheory.figures``, ``symtheory.sphere`` ...) are imported by name.

Examples
--------
>>> import symtheory as st
>>> net = st.TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
>>> [(s.partition, s.theorem_3_3) for s in st.hidden_fixed_point_subspaces(net, max_codim=1)]
[(((0, 1, 2),), True)]
"""
from .exceptions import *  # noqa: F401,F403
from .groups import *  # noqa: F401,F403
from .subgroups import *  # noqa: F401,F403
from .subgroup_classes import *  # noqa: F401,F403
from .reps import *  # noqa: F401,F403
from .equivariant import *  # noqa: F401,F403
from .networks import *  # noqa: F401,F403
from .hidden import *  # noqa: F401,F403
from .reductions import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .tables import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from .relaxation import *  # noqa: F401,F403
from .testing import assert_equivariant  # noqa: F401

__version__ = "0.1.0"
