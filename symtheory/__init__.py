"""symtheory: hidden symmetries and loss landscapes of equivariant networks.

Tools for the theory of Xie & Smidt, "A Tale of Two Symmetries: Exploring the
Loss Landscape of Equivariant Models" (arXiv 2506.02269).

The public names of the group-theory, weight-space, hidden-subspace, loss and
table modules are re-exported here; the numeric experiment modules
(``symtheory.training``, ``symtheory.figures``, ``symtheory.sphere`` ...) are
imported by name.

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
from .reps import *  # noqa: F401,F403
from .equivariant import *  # noqa: F401,F403
from .networks import *  # noqa: F401,F403
from .hidden import *  # noqa: F401,F403
from .reductions import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .tables import *  # noqa: F401,F403

__version__ = "0.1.0"
