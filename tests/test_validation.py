"""core.runtime.validation: every check accepts what the UI and the API legitimately send and rejects the
rest with an ``InvalidInput`` whose message names the parameter and its valid range."""
from __future__ import annotations

import math

import numpy as np
import pytest

from core.runtime import validation as v
from core.runtime.validation import InvalidInput

BAD_ANY = [True, False, None, float("nan"), float("inf"), -float("inf"), "abc", "", "  ", "1,5", [3], {"a": 1},
           object(), complex(1, 0), 10**400, -(10**400), "nan", "inf", "1e400"]


def _id(value) -> str:
    text = repr(value)
    return type(value).__name__ if " at 0x" in text else text[:24]  # the same id in every process (xdist)


# ---- check_int ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (5, 5), (0, 0), (10, 10), (7.0, 7), ("3", 3), (" 8 ", 8), ("4.0", 4), (np.int64(6), 6), (np.float32(2.0), 2),
])
def test_check_int_accepts_whole_numbers(value, expected):
    out = v.check_int("count", value, 0, 10)
    assert out == expected and type(out) is int


@pytest.mark.parametrize("value", BAD_ANY + [2.5, "2.5", 0.1, -1, 11, 11.0, "11", -0.5], ids=_id)
def test_check_int_rejects(value):
    with pytest.raises(InvalidInput) as err:
        v.check_int("count", value, 0, 10)
    msg = str(err.value)
    assert "count" in msg and "0" in msg and "10" in msg, msg


def test_check_int_bounds_are_inclusive_and_message_states_range():
    assert v.check_int("k", -3, -3, 3) == -3
    assert v.check_int("k", 3, -3, 3) == 3
    with pytest.raises(InvalidInput, match=r"k must be from -3 to 3; got 4\."):
        v.check_int("k", 4, -3, 3)
    with pytest.raises(InvalidInput, match=r"k must be a whole number from -3 to 3"):
        v.check_int("k", None, -3, 3)


def test_invalid_input_is_a_value_error():
    assert issubclass(InvalidInput, ValueError)


# ---- check_float -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (0.5, 0.5), (0, 0.0), (1, 1.0), ("0.25", 0.25), (" 0.75 ", 0.75), ("1e-1", 0.1), (np.float32(0.5), 0.5),
    (np.int64(1), 1.0),
])
def test_check_float_accepts_numbers(value, expected):
    out = v.check_float("eta", value, 0.0, 1.0)
    assert out == pytest.approx(expected) and type(out) is float


@pytest.mark.parametrize("value", BAD_ANY + [-0.001, 1.001, "2", -1], ids=_id)
def test_check_float_rejects(value):
    with pytest.raises(InvalidInput) as err:
        v.check_float("guidance", value, 0.0, 1.0)
    msg = str(err.value)
    assert "guidance" in msg and "0" in msg and "1" in msg, msg


def test_check_float_message_states_range():
    with pytest.raises(InvalidInput, match=r"lr must be from 1e-05 to 0\.1; got 0\.5\."):
        v.check_float("lr", 0.5, 1e-5, 0.1)
    with pytest.raises(InvalidInput, match=r"lr must be a finite number from 1e-05 to 0\.1"):
        v.check_float("lr", math.nan, 1e-5, 0.1)


# ---- check_choice ------------------------------------------------------------------------------

def test_check_choice():
    assert v.check_choice("method", "ddim", ("ddpm", "ddim")) == "ddim"
    assert v.check_choice("method", "ddpm", iter(["ddpm", "ddim"])) == "ddpm"  # any iterable
    for bad in ["DDIM", "", None, 0, ["ddim"], True]:
        with pytest.raises(InvalidInput) as err:
            v.check_choice("method", bad, ("ddpm", "ddim"))
        assert "method" in str(err.value) and "'ddpm', 'ddim'" in str(err.value)


# ---- the named checks --------------------------------------------------------------------------

@pytest.mark.parametrize("check, name, lo, hi", [
    (v.check_steps, "steps", 1, v.MAX_STEPS),
    (v.check_seed, "seed", 0, v.MAX_SEED),
    (v.check_num_points, "number of points", 1, v.MAX_POINTS),
    (v.check_num_images, "number of images", 1, v.MAX_IMAGES),
])
def test_named_int_checks(check, name, lo, hi):
    assert check(lo) == lo and check(hi) == hi and check(str(hi)) == hi and check(float(lo)) == lo
    for bad in [lo - 1, hi + 1, None, True, math.nan, "x", lo + 0.5]:
        with pytest.raises(InvalidInput) as err:
            check(bad)
        msg = str(err.value)
        assert msg.startswith(name) and str(lo) in msg and str(hi) in msg, msg


def test_named_checks_take_a_lower_bound():
    assert v.check_steps(2, lo=2) == 2
    with pytest.raises(InvalidInput, match="from 2 to"):
        v.check_steps(1, lo=2)
    with pytest.raises(InvalidInput, match="from 10 to"):
        v.check_num_points(9, lo=10)
    with pytest.raises(InvalidInput, match="from 4 to"):
        v.check_num_images(3, lo=4)


def test_check_eta():
    assert v.check_eta(0) == 0.0 and v.check_eta(1) == 1.0 and v.check_eta("0.5") == 0.5
    for bad in [-0.1, 1.1, None, True, math.inf, math.nan, "x"]:
        with pytest.raises(InvalidInput, match=r"^eta must be .*0 to 1"):
            v.check_eta(bad)


def test_limits():
    assert (v.MAX_STEPS, v.MAX_POINTS, v.MAX_IMAGES, v.MAX_SEED) == (1000, 20_000, 64, 2**31 - 1)


def test_errors_echo_at_most_a_short_prefix_of_the_value():
    huge = "x" * 2_000_000
    for check in (lambda: v.check_int("steps", huge, 1, 10), lambda: v.check_float("eta", huge, 0, 1),
                  lambda: v.check_choice("dataset", huge, ["moons"])):
        with pytest.raises(v.InvalidInput) as err:
            check()
        assert len(str(err.value)) < 200 and "2,000,002 characters" in str(err.value)
