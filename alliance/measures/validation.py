"""Turn responses into a checked matrix of item values, or say exactly what is wrong.

Accepted forms of responses:

* one respondent as a sequence of item values in item order (``[4, 5, 3, ...]``);
* one respondent as a dict (or pandas Series) keyed by item number (``{1: 4, 2: 5, ...}``) or by
  column name (``{"wai_sr_01": 4, ...}``);
* many respondents as a pandas DataFrame with one column per item, named like ``wai_sr_01``
  (other columns are ignored).

An unanswered item is ``None`` or NaN. Every error is a ``ValueError`` whose message names the
item, the value given and what is allowed, in words a counseling student can act on.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from alliance._numbers import is_number

from .specs import InstrumentSpec, fmt_number

# How far a value may sit from the response grid (1, 2, 3 ... or 0.0, 0.1, 0.2 ...) and still
# count as on it: floats such as 7.3 are not exactly representable.
_GRID_TOLERANCE = 1e-6


def as_item_matrix(responses: Any, spec: InstrumentSpec) -> tuple[np.ndarray, pd.Index | None]:
    """Checked item values as a float matrix (respondents x items, NaN = unanswered).

    Returns the matrix and, for DataFrame input, its index (None for one respondent).
    """
    if isinstance(responses, pd.DataFrame):
        return _frame_matrix(responses, spec), responses.index
    if isinstance(responses, pd.Series):
        responses = responses.to_dict()
    if isinstance(responses, Mapping):
        return _mapping_row(responses, spec)[np.newaxis, :], None
    if isinstance(responses, (str, bytes)) or not isinstance(responses, (Sequence, np.ndarray)):
        raise ValueError(
            f"Give {spec.short_name} responses as a list of {spec.n_items} values in item order, "
            f"a dict {{item number: value}}, or a DataFrame with columns "
            f"{spec.column(1)} to {spec.column(spec.n_items)}; got {type(responses).__name__}."
        )
    # Not np.ndim(responses): on a ragged list of lists numpy raises its own, opaque error.
    if (isinstance(responses, np.ndarray) and responses.ndim > 1) or any(
        isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, (str, bytes))
        for v in responses
    ):
        raise ValueError(
            f"These {spec.short_name} responses are a table (a list of lists or a 2-D array). "
            f"Give one respondent as a list of {spec.n_items} values, or many respondents as a "
            f"DataFrame with one row each and columns {spec.column(1)} to "
            f"{spec.column(spec.n_items)}."
        )
    values = (
        list(np.asarray(responses, dtype=object).ravel())
        if isinstance(responses, np.ndarray)
        else list(responses)
    )
    if len(values) != spec.n_items:
        raise ValueError(
            f"{spec.short_name} has {spec.n_items} items, but {len(values)} values were given. "
            f"Give one value per item, in item order (item 1 first); use None for an "
            f"unanswered item."
        )
    row = np.array([_cell(v, spec, item) for item, v in zip(spec.items, values, strict=True)])
    return row[np.newaxis, :], None


def _mapping_row(responses: Mapping, spec: InstrumentSpec) -> np.ndarray:
    by_item: dict[int, Any] = {}
    for k, v in responses.items():
        item = _item_from_key(k, spec)
        if item in by_item:
            raise ValueError(f"{spec.short_name} item {item} is given twice.")
        by_item[item] = v
    missing = [i for i in spec.items if i not in by_item]
    if missing:
        raise ValueError(
            f"The {spec.short_name} response has no value for item {missing[0]}"
            f"{' (and items ' + ', '.join(map(str, missing[1:])) + ')' if missing[1:] else ''}. "
            f"Give every item from 1 to {spec.n_items}; use None for an unanswered item."
        )
    return np.array([_cell(by_item[i], spec, i) for i in spec.items])


def _item_from_key(key: Any, spec: InstrumentSpec) -> int:
    if isinstance(key, numbers.Integral) and not isinstance(key, bool):
        if 1 <= int(key) <= spec.n_items:
            return int(key)
    elif isinstance(key, str) and key in spec.columns():
        return spec.columns().index(key) + 1
    raise ValueError(
        f"{spec.short_name} has no item {key!r}: use item numbers 1 to {spec.n_items} or column "
        f"names {spec.column(1)} to {spec.column(spec.n_items)}."
    )


def _frame_matrix(df: pd.DataFrame, spec: InstrumentSpec) -> np.ndarray:
    columns = spec.columns()
    absent = [c for c in columns if c not in df.columns]
    if absent:
        item = columns.index(absent[0]) + 1
        raise ValueError(
            f"The {spec.short_name} data has no column {absent[0]!r} (item {item}). Name the "
            f"item columns {columns[0]} to {columns[-1]}, one per item."
        )
    out = np.empty((len(df), spec.n_items), dtype=float)
    for j, (item, col) in enumerate(zip(spec.items, columns, strict=True)):
        s = df[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            arr = s.to_numpy(dtype=float, na_value=np.nan)
            bad = ~np.isnan(arr) & ~_allowed(arr, spec)
            if bad.any():
                pos = int(np.flatnonzero(bad)[0])
                _cell(arr[pos], spec, item, who=df.index[pos])  # raises with the message
            if not spec.allow_missing and np.isnan(arr).any():
                pos = int(np.flatnonzero(np.isnan(arr))[0])
                _cell(None, spec, item, who=df.index[pos])
            out[:, j] = arr
        else:
            # Text or mixed columns (e.g. a CSV with a stray "n/a"): check cell by cell so the
            # message can name the first offending respondent.
            out[:, j] = [_cell(v, spec, item, who=idx) for idx, v in s.items()]
    return out


def _allowed(arr: np.ndarray, spec: InstrumentSpec) -> np.ndarray:
    """Which (non-missing) values are finite, in range and on the response grid."""
    with np.errstate(invalid="ignore"):
        in_range = np.isfinite(arr) & (arr >= spec.scale_min) & (arr <= spec.scale_max)
        steps = (arr - spec.scale_min) / spec.step
        on_grid = np.abs(steps - np.round(steps)) < _GRID_TOLERANCE
    return in_range & on_grid


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and np.isnan(value)


def _cell(value: Any, spec: InstrumentSpec, item: int, who: Any = None) -> float:
    """One item value as a float (NaN if unanswered), or a ValueError saying what is wrong."""
    where = f"{spec.short_name} item {item}"
    if who is not None:
        where += f" for respondent {who!r}"
    if _is_missing(value):
        if spec.allow_missing:
            return float("nan")
        raise ValueError(
            f"{where} is missing, but every {spec.short_name} line must be marked: the "
            f"{spec.n_items} marks together are the score, so a blank line leaves nothing to "
            f"score. Ask the client to mark it; items are {spec.describe_scale()}."
        )
    if not is_number(value):
        shown = f"{value!r} (text)" if isinstance(value, str) else repr(value)
        raise ValueError(
            f"{where} is {shown}, which is not a number; items are {spec.describe_scale()}."
        )
    x = float(value)
    shown = fmt_number(x) if np.isfinite(x) else str(x)
    if not _allowed(np.array([x]), spec)[0]:
        if np.isfinite(x) and spec.scale_min <= x <= spec.scale_max:
            if spec.response_format == "visual_analog":
                raise ValueError(
                    f"{where} is {shown}, but each line is measured to the nearest 0.1 cm "
                    f"(one millimetre) and {spec.describe_scale()}; round the measurement "
                    f"with line_mark_to_score({shown})."
                )
            raise ValueError(
                f"{where} is {shown}, but items are whole numbers, {spec.describe_scale()}."
            )
        raise ValueError(f"{where} is {shown}, but items are {spec.describe_scale()}.")
    return x
