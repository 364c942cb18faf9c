"""symtheory: hidden symmetries and loss landscapes of equivariant networks.

Tools for the theory of Xie & Smidt, "A Tale of Two Symmetries: Exploring the
Loss Landscape of Equivariant Models" (arXiv 2506.02269).
"""
from .exceptions import *  # noqa: F401,F403
from .groups import *  # noqa: F401,F403
from .subgroups import *  # noqa: F401,F403
from .reps import *  # noqa: F401,F403
from .equivariant import *  # noqa: F401,F403
from .networks import *  # noqa: F401,F403
from .hidden import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403

__version__ = "0.1.0"
