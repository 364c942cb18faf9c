"""Numeric teacher-student landscapes on numpy: exact Gaussian-input losses, training,
relaxation, and Figures 4-11.
Imports :mod:`symtheory.algebra`, :mod:`symtheory.networks`, ``io`` and ``exceptions``; never :mod:`symtheory.sphere`.

Examples
--------
>>> import numpy as np
>>> from symtheory.landscape import expected_loss
>>> V = np.eye(3)
>>> float(expected_loss(V, V))
0.0
"""

from . import loss  # noqa: F401
from . import training  # noqa: F401
from . import relaxation  # noqa: F401
from . import figures  # noqa: F401
from . import bias_loss  # noqa: F401
from . import deep_loss  # noqa: F401
from . import deep_training  # noqa: F401
from . import deep_relaxation  # noqa: F401
from .loss import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from .relaxation import *  # noqa: F401,F403
from .figures import *  # noqa: F401,F403
from .bias_loss import *  # noqa: F401,F403
from .deep_loss import *  # noqa: F401,F403
from .deep_training import *  # noqa: F401,F403
from .deep_relaxation import *  # noqa: F401,F403

__all__ = []
for _m in (loss, training, relaxation, figures, bias_loss, deep_loss, deep_training, deep_relaxation):
    __all__ += list(_m.__all__)
del _m
