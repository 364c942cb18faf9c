"""Validation of user input, shared by the parsers, the public API and the CLI.

Every check raises a :class:`~symtheory.exceptions.SymtheoryError` subclass
with one line saying what is wrong and how to mend it, *before* anything is
allocated:

* integers written in text (points of cycle strings, ``n`` in ``S<n>``,
  multiplicities, powers, class indices, option values) are read from ASCII
  digits only (``"٣"``, ``"²"``, ``"1_000"``, ``" 3"`` are refused), and
  their length is checked before ``int()`` runs, so a 5,000-digit number
  costs nothing and never meets Python's 4,300-digit conversion limit;
* numbers passed to the API (seeds, step counts, learning rates, grid
  sizes, scales) are checked by type (``bool`` is not an integer here, a
  float is not a step count) and by range, with finiteness for reals.

Conventions
-----------
``low`` and ``high`` are inclusive bounds; ``None`` means unbounded on that
side.  The bounds used across symtheory are the constants below, stated
where they are used.

Examples
--------
>>> parse_int("12", "n")
12
>>> parse_int("١", "n")
Traceback (most recent call last):
...
symtheory.exceptions.ParseError: n must be written in ASCII digits 0-9, got '١'
>>> check_int(5, "steps", low=0)
5
>>> check_real(0.1, "lr", low=0, strict=True)
0.1
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .exceptions import InvalidTypeError, InvalidValueError, NonFiniteError, ParseError

__all__ = [
    "MAX_DIGITS",
    "MAX_STEPS",
    "MAX_GRID_POINTS",
    "MAX_SEED",
    "parse_int",
    "check_int",
    "check_real",
    "check_seed",
    "check_grid_size",
    "check_entries",
    "MAX_ENTRIES",
    "RUN_OPTIONS",
    "check_run_options",
]

#: Longest digit string read as an integer (leading zeros not counted): 18
#: digits are below 2**63, and nothing in symtheory counts that far.
MAX_DIGITS = 18

#: Most steps of gradient descent / relaxation one call may take.
MAX_STEPS = 10_000_000

#: Most points of a loss grid (all axes together) one call may evaluate.
MAX_GRID_POINTS = 4_000_000

#: Most entries of the generator image arrays a cycle string or product may build
#: (generators x degree): 2 * 10**6 Python ints are about 70 MB.
MAX_ENTRIES = 2_000_000

#: Seeds are integers in [0, MAX_SEED] (numpy's SeedSequence takes any
#: non-negative integer; 2**63 - 1 keeps them in int64 for records).
MAX_SEED = 2 ** 63 - 1


def _bounds_text(low, high) -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}"


def parse_int(text, what: str, low=0, high=None, error=ParseError) -> int:
    """Read a non-negative integer from ASCII digits, with bounds checked before conversion.

    Parameters
    ----------
    text : str
        The digits; surrounding ASCII spaces are allowed, signs are not.
    what : str
        What the number is, for the message (``"n in S<n>"``).
    low, high : int or None
        Inclusive bounds.
    error : exception class, default ParseError
        Raised on a malformed or out-of-range number.

    Returns
    -------
    int

    Examples
    --------
    >>> parse_int(" 007 ", "a point")
    7
    >>> parse_int("9" * 5000, "a point", high=100)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ParseError: a point has 5000 digits; it must be between 0 and 100
    >>> parse_int("0", "a multiplicity", low=1)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.ParseError: a multiplicity must be at least 1, got 0
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"{what} must be given as a string of digits, "
                               f"got {type(text).__name__}")
    s = text.strip(" \t")
    if s[:1] == "-" and s[1:].isascii() and s[1:].isdigit() and low is not None:
        shown = s if len(s) <= 40 else s[:40] + "..."
        raise error(f"{what} must be {_bounds_text(low, high)}, got {shown}")
    if not s or not s.isascii() or not s.isdigit():
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise error(f"{what} must be written in ASCII digits 0-9, got {shown!r}")
    digits = s.lstrip("0") or "0"
    if len(digits) > MAX_DIGITS:
        raise error(f"{what} has {len(digits)} digits; it must be {_bounds_text(low, high)}"
                    if high is not None else
                    f"{what} has {len(digits)} digits, above the {MAX_DIGITS} symtheory reads")
    value = int(digits)
    if (low is not None and value < low) or (high is not None and value > high):
        raise error(f"{what} must be {_bounds_text(low, high)}, got {value}")
    return value


def check_int(value, what: str, low=None, high=None) -> int:
    """An integer argument (Python or numpy int, not bool), within inclusive bounds.

    Raises :class:`InvalidTypeError` for any other type (floats included:
    ``2.5`` or ``1e30`` steps are refused, not truncated) and
    :class:`InvalidValueError` outside the bounds.

    Examples
    --------
    >>> check_int(3, "steps", low=0, high=10)
    3
    >>> check_int(2.0, "steps")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidTypeError: steps must be an integer, got float 2.0
    >>> check_int(-1, "seed", low=0)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidValueError: seed must be at least 0, got -1
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise InvalidTypeError(f"{what} must be an integer, got {type(value).__name__} "
                               f"{_short(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidValueError(f"{what} must be {_bounds_text(low, high)}, got {_short(value)}")
    return value


def check_real(value, what: str, low=None, high=None, strict: bool = False) -> float:
    """A finite real argument (int or float, not bool), within bounds.

    ``strict=True`` makes ``low`` an exclusive bound (a learning rate > 0).

    Examples
    --------
    >>> check_real(2, "scale")
    2.0
    >>> check_real(float("nan"), "lr")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.NonFiniteError: lr must be a finite number, got nan
    >>> check_real(0.0, "lr", low=0, strict=True)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidValueError: lr must be above 0, got 0.0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating,
                                                                     np.integer)):
        raise InvalidTypeError(f"{what} must be a real number, got {type(value).__name__} "
                               f"{_short(value)}")
    try:
        x = float(value)
    except OverflowError:  # an int beyond the float range
        raise InvalidValueError(f"{what} is too large: {_short(value)}") from None
    if not math.isfinite(x):
        raise NonFiniteError(f"{what} must be a finite number, got {x}")
    if low is not None and (x <= low if strict else x < low):
        raise InvalidValueError(f"{what} must be {'above' if strict else 'at least'} {low}, "
                                f"got {x}")
    if high is not None and x > high:
        raise InvalidValueError(f"{what} must be at most {high}, got {x}")
    return x


def check_seed(seed, what: str = "seed", allow_none: bool = False):
    """A seed: an integer in [0, MAX_SEED], or ``None`` when ``allow_none``.

    Examples
    --------
    >>> check_seed(0)
    0
    >>> check_seed(True)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidTypeError: seed must be an integer, got bool True
    """
    if seed is None and allow_none:
        return None
    return check_int(seed, what, low=0, high=MAX_SEED)


def check_grid_size(points, what: str = "the grid", limit: int = MAX_GRID_POINTS) -> int:
    """Refuse a grid of more than ``limit`` points, with the size in the message.

    ``points`` is the total number of points (a Python int, computed exactly).

    Examples
    --------
    >>> check_grid_size(101 * 101)
    10201
    >>> check_grid_size(10 ** 7)
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidValueError: the grid has 10000000 points, above the limit 4000000; use fewer grid points
    """
    points = int(points)
    if points > limit:
        raise InvalidValueError(f"{what} has {points} points, above the limit {limit}; "
                                "use fewer grid points")
    return points


def check_entries(count, what: str, limit=None, unit: str = "entries") -> int:
    """Refuse to build more than ``limit`` (default :data:`MAX_ENTRIES`) list or array entries.

    Called with the predicted size, before the allocation.

    Examples
    --------
    >>> check_entries(10 ** 4, "the generator image arrays")
    10000
    >>> check_entries(10 ** 9, "the generator image arrays")
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidValueError: the generator image arrays would have 1000000000 entries, above the limit 2000000; use fewer or smaller pieces
    """
    count = int(count)
    limit = MAX_ENTRIES if limit is None else limit
    if count > limit:
        raise InvalidValueError(f"{what} would have {count} {unit}, above the limit {limit}; "
                                "use fewer or smaller pieces")
    return count


#: Numeric run options of the figures and their bounds: (kind, low, high, strict low).
RUN_OPTIONS = {
    "grid_points": ("int", 2, 2000, False),  # 2000^2 = MAX_GRID_POINTS
    "steps": ("int", 0, MAX_STEPS, False),
    "n_seeds": ("int", 1, 10_000, False),
    "n_samples": ("int", 1, 10_000_000, False),
    "lmax": ("int", 0, 1000, False),
    "lim": ("real", 0, 1e6, True),
    "lr": ("real", 0, None, True),
}


def check_run_options(options: dict) -> dict:
    """Check the numeric options of a run (:data:`RUN_OPTIONS`) by type and range.

    Options not named there are passed through for the callee to check.

    Examples
    --------
    >>> check_run_options({"grid_points": 21, "lim": 3})
    {'grid_points': 21, 'lim': 3.0}
    >>> check_run_options({"grid_points": float("inf")})
    Traceback (most recent call last):
    ...
    symtheory.exceptions.InvalidTypeError: grid_points must be an integer, got float inf
    """
    out = dict(options)
    for name, value in options.items():
        if name in RUN_OPTIONS:
            kind, low, high, strict = RUN_OPTIONS[name]
            out[name] = check_int(value, name, low, high) if kind == "int" else \
                check_real(value, name, low, high, strict)
    return out


def _short(value) -> str:
    if isinstance(value, int) and value.bit_length() > 200:  # repr fails past 4300 digits
        return f"of about {int(value.bit_length() * 0.30103)} digits"
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not replace the message
        return f"<{type(value).__name__}>"
    return text if len(text) <= 40 else text[:40] + "..."
