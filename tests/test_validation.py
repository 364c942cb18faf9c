"""The validation layer (symtheory/validation.py): ASCII digits, bounds, types."""

import math

import numpy as np
import pytest

from symtheory.exceptions import InvalidTypeError, InvalidValueError, NonFiniteError, ParseError
from symtheory.validation import (MAX_DIGITS, check_int, check_real, check_run_options,
                                  check_seed, parse_int)


@pytest.mark.parametrize("text", ["٣", "²", "३", "３", "1_0", "+3", "3.0", "1e3", "", " ", "0x1",
                                  "\u2007" + "3"])
def test_parse_int_refuses_all_but_ascii_digits(text):
    """str.isdigit and int() accept several of these (Arabic-Indic, Devanagari,
    fullwidth digits, superscripts, underscores, signs); the grammar does not."""
    with pytest.raises(ParseError):
        parse_int(text, "n")


def test_parse_int_refuses_by_length_before_converting():
    # int() of 10^6 digits would raise ValueError (4300-digit limit) or take seconds
    with pytest.raises(ParseError, match="1000000 digits"):
        parse_int("7" * 10 ** 6, "n", high=10)
    assert parse_int("0" * 50 + "42", "n") == 42  # leading zeros are not digits of the value
    assert parse_int("9" * MAX_DIGITS, "n") == 10 ** MAX_DIGITS - 1


@pytest.mark.parametrize("value", [True, 2.0, 2.5, math.inf, math.nan, None, "3", (3,), [3]])
def test_check_int_refuses_non_integers(value):
    with pytest.raises(InvalidTypeError):
        check_int(value, "steps")


def test_check_int_takes_numpy_integers_and_checks_bounds():
    assert check_int(np.int64(7), "steps", low=0, high=7) == 7
    with pytest.raises(InvalidValueError, match="between 0 and 7, got 8"):
        check_int(8, "steps", low=0, high=7)


def test_check_real_and_seed():
    assert check_real(np.float32(0.5), "lr", low=0, strict=True) == 0.5
    with pytest.raises(NonFiniteError):
        check_real(-math.inf, "lr")
    with pytest.raises(InvalidValueError):  # 10^400 has no float
        check_real(10 ** 400, "lr")
    with pytest.raises(InvalidTypeError):
        check_real((0.1,), "lr")
    assert check_seed(2 ** 63 - 1) == 2 ** 63 - 1
    with pytest.raises(InvalidValueError):
        check_seed(2 ** 63)
    assert check_seed(None, allow_none=True) is None


def test_run_options_converted_and_bounded():
    assert check_run_options({"lr": 1, "method": "gd"}) == {"lr": 1.0, "method": "gd"}
    with pytest.raises(InvalidValueError):
        check_run_options({"grid_points": 10 ** 6})
