"""The exception hierarchy of symtheory.

Every error raised on bad user input is a subclass of :class:`SymtheoryError`
and also of the built-in exception that fits (``ValueError`` or
``TypeError``), so callers may catch either.  The message is one line saying
what is wrong and how to mend it; the command line prints exactly that line
and exits with status 2.

Examples
--------
>>> from symtheory.exceptions import ParseError, SymtheoryError
>>> issubclass(ParseError, SymtheoryError) and issubclass(ParseError, ValueError)
True
"""

__all__ = [
    "SymtheoryError",
    "ParseError",
    "GroupError",
    "OrderLimitError",
    "NotASubgroupError",
    "NotAHomomorphismError",
    "RepresentationMismatchError",
    "ShapeError",
    "NonFiniteError",
    "UnknownNameError",
    "InvalidValueError",
    "InvalidTypeError",
    "SearchLimitError",
    "DegreeError",
    "RotationError",
    "DivergenceError",
]


class SymtheoryError(Exception):
    """Base class of every error symtheory raises on bad input."""


class ParseError(SymtheoryError, ValueError):
    """A group name, cycle string or representation expression is malformed."""


class GroupError(SymtheoryError, ValueError):
    """A group cannot be built as asked (bad degree, empty generators...)."""


class OrderLimitError(GroupError):
    """The group is too large for the dense tables symtheory builds."""


class NotASubgroupError(SymtheoryError, ValueError):
    """Elements given as a subgroup are not in the group."""


class NotAHomomorphismError(SymtheoryError, ValueError):
    """Images of the generators do not define a group homomorphism."""


class RepresentationMismatchError(SymtheoryError, ValueError):
    """Two representations that must belong to one group do not."""


class ShapeError(SymtheoryError, ValueError):
    """An array has the wrong shape."""


class NonFiniteError(SymtheoryError, ValueError):
    """An array holds NaN or infinity where finite numbers are needed."""


class UnknownNameError(SymtheoryError, ValueError):
    """A name (activation, figure, format, parameterization) is not known."""


class InvalidValueError(SymtheoryError, ValueError):
    """An argument has the right type but a value that makes no sense (out of range, inconsistent)."""


class InvalidTypeError(SymtheoryError, TypeError):
    """An argument has the wrong type (a string where a Group is needed, ...)."""


class SearchLimitError(SymtheoryError, RuntimeError):
    """A combinatorial search exceeded its budget; the input is too large for it."""


class DegreeError(SymtheoryError, ValueError):
    """A harmonic degree or cutoff is invalid (negative, not an integer, too small)."""


class RotationError(SymtheoryError, ValueError):
    """A matrix given as a rotation is not orthogonal with determinant +1."""



class DivergenceError(NonFiniteError):
    """Gradient descent diverged: a loss became NaN/inf or grew above its start.

    The message names a learning rate to try (``1 / lambda_max`` of the loss's
    Hessian at the start).  A :class:`NonFiniteError`, so code that caught the
    old non-finite-weights error still catches it.
    """
