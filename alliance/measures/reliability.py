"""Internal consistency: Cronbach's alpha (via pingouin) and corrected item-total correlations.

Both use listwise deletion: a respondent with any unanswered item is left out, so every number
comes from the same people. Reverse-keyed items must be reversed first; pass ``spec=`` to have
that done (and the instrument's item columns picked and checked) for you.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin

from alliance._numbers import is_number

from .scoring import reverse_key
from .specs import InstrumentSpec
from .validation import as_item_matrix


def _prepared(items_df: pd.DataFrame, spec: InstrumentSpec | None) -> pd.DataFrame:
    if not isinstance(items_df, pd.DataFrame):
        raise ValueError(
            f"Give the items as a DataFrame, one column per item and one row per respondent; "
            f"got {type(items_df).__name__}."
        )
    if spec is not None:
        as_item_matrix(items_df, spec)  # validates names and values, with student-facing messages
        items_df = reverse_key(items_df, spec)[spec.columns()]
    else:
        for col in items_df.columns:
            s = items_df[col]
            if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
                raise ValueError(
                    f"Item column {col!r} is not numeric (dtype {s.dtype}); every item column "
                    f"must hold numbers, with NaN for an unanswered item."
                )
    if items_df.shape[1] < 2:
        raise ValueError(
            f"Internal consistency needs at least 2 items; got {items_df.shape[1]} column(s)."
        )
    complete = items_df.astype(float).dropna(axis=0, how="any")
    if len(complete) < 3:
        raise ValueError(
            f"Only {len(complete)} respondent(s) answered every item; internal consistency needs "
            f"at least 3 complete responses."
        )
    return complete


def cronbach_alpha(
    items_df: pd.DataFrame, spec: InstrumentSpec | None = None, ci: float = 0.95
) -> dict[str, float | int]:
    """Cronbach's alpha with its confidence interval, from ``pingouin.cronbach_alpha``.

    Returns ``{"alpha", "ci_low", "ci_high", "n", "k"}`` (n complete respondents, k items). The
    interval is pingouin's F-based interval, rounded by pingouin to 3 decimals. Incomplete rows
    are dropped before calling pingouin so that its interval uses the right n.
    """
    if not is_number(ci) or not 0 < ci < 1:
        raise ValueError(
            f"ci is {ci!r}, but a confidence level is between 0 and 1, e.g. 0.95."
        )
    data = _prepared(items_df, spec)
    if (data.var(axis=0, ddof=1) == 0).all():
        raise ValueError("Every item has the same value for every respondent; alpha is undefined.")
    alpha, (low, high) = pingouin.cronbach_alpha(data=data, ci=ci, nan_policy="listwise")
    n, k = data.shape
    return {
        "alpha": float(alpha),
        "ci_low": float(low),
        "ci_high": float(high),
        "n": int(n),
        "k": int(k),
    }


def item_total_correlations(
    items_df: pd.DataFrame, spec: InstrumentSpec | None = None
) -> pd.Series:
    """Corrected item-total correlation of each item: its Pearson r with the sum of the others.

    An item that correlates weakly (or negatively) with the rest may be miskeyed or measure
    something else. Returns a Series indexed by item column; an item with no variance gives NaN.
    """
    data = _prepared(items_df, spec)
    total = data.sum(axis=1)
    out = {}
    for col in data.columns:
        rest = total - data[col]
        with np.errstate(invalid="ignore", divide="ignore"):
            out[col] = data[col].corr(rest) if data[col].std() > 0 and rest.std() > 0 else np.nan
    return pd.Series(out, name="corrected_item_total_r", dtype=float)
