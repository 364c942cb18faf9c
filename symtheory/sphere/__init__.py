"""Spherical signals of Appendix C.3: harmonics and quadrature, the S2 model, its polynomial
expansion, losses, minima and Figures 12-13.
Imports ``io`` and ``exceptions`` only; never :mod:`symtheory.landscape`.

Examples
--------
>>> from symtheory.sphere import num_harmonics
>>> num_harmonics(2)
9
"""

from . import harmonics  # noqa: F401
from . import model  # noqa: F401
from . import expansion  # noqa: F401
from . import loss  # noqa: F401
from . import minima  # noqa: F401
from . import figures  # noqa: F401
from .harmonics import *  # noqa: F401,F403
from .model import *  # noqa: F401,F403
from .expansion import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .minima import *  # noqa: F401,F403
from .figures import *  # noqa: F401,F403

__all__ = []
for _m in (harmonics, model, expansion, loss, minima, figures,):
    __all__ += list(_m.__all__)
del _m
