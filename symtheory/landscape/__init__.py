"""Numeric teacher-student landscapes on numpy: exact Gaussian-input losses, training,
relaxation, Figures 4-11, and critical points through fixed-point subspaces of S_k x S_d.
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
from . import hessian_vector  # noqa: F401
from . import isotropy_groups  # noqa: F401
from . import weight_model  # noqa: F401
from . import spectrum  # noqa: F401
from . import critical  # noqa: F401
from . import slice_geometry  # noqa: F401
from . import step_size  # noqa: F401
from . import slice_figure  # noqa: F401
from . import bias_loss  # noqa: F401
from . import deep_loss  # noqa: F401
from . import deep_training  # noqa: F401
from . import deep_relaxation  # noqa: F401
from .loss import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from .relaxation import *  # noqa: F401,F403
from .figures import *  # noqa: F401,F403
from .hessian_vector import *  # noqa: F401,F403
from .isotropy_groups import *  # noqa: F401,F403
from .weight_model import *  # noqa: F401,F403
from .spectrum import *  # noqa: F401,F403
from .critical import *  # noqa: F401,F403

from .slice_geometry import *  # noqa: F401,F403
from .step_size import *  # noqa: F401,F403
from .slice_figure import *  # noqa: F401,F403
from .bias_loss import *  # noqa: F401,F403
from .deep_loss import *  # noqa: F401,F403
from .deep_training import *  # noqa: F401,F403
from .deep_relaxation import *  # noqa: F401,F403

__all__ = []
for _m in (loss, training, relaxation, figures, hessian_vector, isotropy_groups,
           weight_model, spectrum, critical, slice_geometry, step_size, slice_figure,
           bias_loss, deep_loss, deep_training, deep_relaxation):
    __all__ += list(_m.__all__)
del _m
