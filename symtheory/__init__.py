"""symtheory: hidden symmetries and loss landscapes of equivariant networks.

Tools for the theory of Xie & Smidt, "A Tale of Two Symmetries: Exploring the
Loss Landscape of Equivariant Models" (arXiv 2506.02269).

The public names of the group-theory, weight-space, hidden-subspace, loss,
training, relaxation and table modules are re-exported here, with the test
helper ``assert_equivariant``; the figure and sphere modules
(``symtheory.landscape.figures``, ``symtheory.sphere.harmonics`` ...) are imported by name.

Examples
--------
>>> import symtheory as st
>>> net = st.TwoLayerNet("S3", input="natural + 2*trivial", hidden="natural + 3*trivial")
>>> [(s.partition, s.theorem_3_3) for s in st.hidden_fixed_point_subspaces(net, max_codim=1)]
[(((0, 1, 2),), True)]
"""
# First, before SymPy and numpy load: Ctrl-C while the `symtheory` command starts up
# exits cleanly (a no-op for library users; see symtheory.interrupts).
from .interrupts import guard_console_start as _guard_console_start
_guard_console_start()

from .exceptions import *  # noqa: F401,F403,E402
from .algebra.groups import *  # noqa: F401,F403
from .algebra.subgroups import *  # noqa: F401,F403
from .algebra.subgroup_classes import *  # noqa: F401,F403
from .algebra.reps import *  # noqa: F401,F403
from .algebra.equivariant import *  # noqa: F401,F403
from .networks.networks import *  # noqa: F401,F403
from .networks.hidden import *  # noqa: F401,F403
from .networks.reductions import *  # noqa: F401,F403
from .networks.mlp import *  # noqa: F401,F403
from .networks.layered import *  # noqa: F401,F403
from .networks.mlp_reductions import *  # noqa: F401,F403
from .landscape.loss import *  # noqa: F401,F403
from .tables import *  # noqa: F401,F403
from .landscape.training import *  # noqa: F401,F403
from .landscape.relaxation import *  # noqa: F401,F403
from .landscape.slice_geometry import *  # noqa: F401,F403
from .landscape.bias_loss import *  # noqa: F401,F403
from .landscape.deep_loss import *  # noqa: F401,F403
from .landscape.deep_training import *  # noqa: F401,F403
from .testing import assert_equivariant  # noqa: F401

__version__ = "0.1.0"
