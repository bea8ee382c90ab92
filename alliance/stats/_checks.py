"""Input checks shared by the statistics functions.

Each check raises ``ValueError`` with a message that names the argument, shows the offending
value and says what is allowed, so a student can fix the call without reading the source.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

from alliance._numbers import first_text, is_number


def _show(value: object) -> str:
    """A short, readable rendering of a bad value for an error message."""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    return repr(value)


def _where(pos: tuple[int, ...]) -> str:
    """The suffix that says where a bad element is ("(position 1)"); none for a single value."""
    if not pos:
        return ""
    return f" (position {pos[0]})" if len(pos) == 1 else f" (position {pos})"


def _looks_numeric(text: str | bytes) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def as_float_array(name: str, value: object) -> tuple[np.ndarray, bool]:
    """``value`` as a 1-D float array, plus whether it was a single number.

    Accepts a number or a list/array/Series of numbers; rejects text (also numbers written as
    text, such as ``["0.2", "0.3"]``), booleans, missing values and infinities.
    """
    text = first_text(value)
    if text is not None:
        pos, item = text
        raise ValueError(
            f"{name} must be a number or a list of numbers; got the text {item!r}{_where(pos)}"
            + ("; write numbers without quotes" if _looks_numeric(item) else "")
        )
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a number; got the boolean {value!r}")
    scalar = np.ndim(value) == 0
    try:
        arr = np.asarray(value, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a number or a list of numbers; got {_show(value)}"
        ) from None
    if arr.size == 0:
        raise ValueError(f"{name} must contain at least one number; got an empty list")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        where = "" if scalar else f" (position {bad[0]})"
        raise ValueError(
            f"{name} must be a finite number, not missing or infinite; got "
            f"{_show(arr[bad[0]])}{where}"
        )
    return arr, scalar


def check_in_interval(
    name: str, arr: np.ndarray, scalar: bool, low: float, high: float, *, closed: bool
) -> None:
    """Every value of ``arr`` lies between ``low`` and ``high`` (inclusive when ``closed``)."""
    inside = (arr >= low) & (arr <= high) if closed else (arr > low) & (arr < high)
    bad = np.flatnonzero(~inside)
    if bad.size:
        where = "" if scalar else f" (position {bad[0]})"
        word = "between" if closed else "strictly between"
        raise ValueError(
            f"{name} must be {word} {low:g} and {high:g}; got {_show(arr[bad[0]])}{where}"
        )


def check_correlation(
    name: str, value: object, *, open_interval: bool = False, infinite_at_one: str = "Fisher's z"
) -> tuple[np.ndarray, bool]:
    """A correlation (or several): finite and within [-1, 1], or (-1, 1) when ``open_interval``.

    ``infinite_at_one`` names the quantity the caller computes, which is infinite at ±1 and
    is why the open interval is needed; the message names it so the student sees which one.
    """
    arr, scalar = as_float_array(name, value)
    if open_interval:
        bad = np.flatnonzero(np.abs(arr) >= 1)
        if bad.size:
            where = "" if scalar else f" (position {bad[0]})"
            raise ValueError(
                f"{name} must be strictly between -1 and 1 ({infinite_at_one} is infinite at "
                f"±1); got {_show(arr[bad[0]])}{where}"
            )
    else:
        check_in_interval(name, arr, scalar, -1.0, 1.0, closed=True)
    return arr, scalar


def check_number(name: str, value: object) -> float:
    """A single finite number."""
    if np.ndim(value) != 0:
        raise ValueError(f"{name} must be a single number; got a list of {np.size(value)} values")
    arr, _ = as_float_array(name, value)
    return float(arr[0])


def check_positive(name: str, value: object) -> float:
    """A single number greater than zero (a standard deviation, for example)."""
    x = check_number(name, value)
    if x <= 0:
        raise ValueError(f"{name} must be greater than 0; got {_show(x)}")
    return x


def check_sample_size(name: str, value: object, minimum: int) -> int:
    """A whole number of people, at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Integral, Real)):
        raise ValueError(f"{name} must be a whole number of people; got {_show(value)}")
    if isinstance(value, Real) and not isinstance(value, Integral):
        if not math.isfinite(value) or value != int(value):
            raise ValueError(f"{name} must be a whole number of people; got {_show(value)}")
    n = int(value)
    if n < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {n}")
    return n


def check_sample_sizes(name: str, value: object, k: int, minimum: int) -> np.ndarray:
    """One whole number of people (at least ``minimum``) per study, for ``k`` studies."""
    text = first_text(value)
    if text is not None:
        pos, item = text
        raise ValueError(
            f"{name} must hold whole numbers of people; got the text {item!r}{_where(pos)}"
        )
    sizes = np.asarray(value, dtype=object).reshape(-1)
    if sizes.size != k:
        raise ValueError(
            f"r and {name} must have the same length; got {k} correlations and {sizes.size} "
            f"sample sizes"
        )
    out = np.empty(k, dtype=float)
    for i, item in enumerate(sizes):
        number = float(item) if is_number(item) else math.nan
        if not math.isfinite(number) or number != int(number):
            raise ValueError(
                f"{name} must hold whole numbers of people; got {_show(item)} (position {i})"
            )
        if number < minimum:
            raise ValueError(
                f"{name} must be at least {minimum} in every study (the variance of Fisher's z "
                f"is 1/(n - 3)); got {int(number)} (position {i})"
            )
        out[i] = number
    return out


def check_confidence(value: object) -> float:
    """A confidence level such as 0.95 (not 95)."""
    level = check_number("confidence", value)
    if not 0 < level < 1:
        hint = " (write 95% as 0.95)" if 50 <= level <= 100 else ""
        raise ValueError(f"confidence must be strictly between 0 and 1{hint}; got {_show(level)}")
    return level


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """One of a fixed set of text options."""
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {options}; got {_show(value)}")
    return str(value)


def unwrap(arr: np.ndarray, scalar: bool) -> float | np.ndarray:
    """Return a plain float for single-number input, the array otherwise."""
    return float(arr[0]) if scalar else arr
