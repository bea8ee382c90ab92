"""Effect sizes for the alliance–outcome correlation: Fisher's z, confidence intervals, r ↔ d,
variance explained, the binomial effect size display and partial correlation.

References: Fisher's z and its standard error 1/sqrt(n - 3), and the r ↔ d conversions, follow
Borenstein et al. (2009, ch. 6-7); the BESD is Rosenthal & Rubin (1982).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from alliance.stats._checks import (
    as_float_array,
    check_confidence,
    check_correlation,
    check_sample_size,
    unwrap,
)


def fisher_z(r: float | Sequence[float] | np.ndarray) -> float | np.ndarray:
    """Fisher's z transformation of a correlation: z = atanh(r) = ½·ln((1 + r)/(1 − r)).

    Correlations are skewed near ±1; z is approximately normal with standard error
    1/sqrt(n − 3), which is why confidence intervals and meta-analyses work on z.
    """
    arr, scalar = check_correlation("r", r, open_interval=True)
    return unwrap(np.arctanh(arr), scalar)


def fisher_z_inverse(z: float | Sequence[float] | np.ndarray) -> float | np.ndarray:
    """Back-transform Fisher's z to a correlation: r = tanh(z)."""
    arr, scalar = as_float_array("z", z)
    return unwrap(np.tanh(arr), scalar)


def correlation_ci(r: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Confidence interval (lower, upper) for a Pearson correlation from ``n`` people.

    Built on Fisher's z: z ± crit/sqrt(n − 3), then back-transformed, so the interval is
    asymmetric around r.
    """
    if np.ndim(r) != 0:
        raise ValueError(f"r must be a single correlation; got a list of {np.size(r)} values")
    (r_value,), _ = check_correlation("r", r, open_interval=True)
    n = check_sample_size("n", n, minimum=4)
    level = check_confidence(confidence)
    crit = stats.norm.ppf(0.5 + level / 2)
    z = np.arctanh(r_value)
    half = crit / np.sqrt(n - 3)
    return float(np.tanh(z - half)), float(np.tanh(z + half))


def r_to_d(r: float | Sequence[float] | np.ndarray) -> float | np.ndarray:
    """Convert a correlation to Cohen's d: d = 2r / sqrt(1 − r²) (two equal-sized groups).

    Flückiger et al. (2018) report r = .278 as "equivalent of d = .579".
    """
    arr, scalar = check_correlation(
        "r", r, open_interval=True, infinite_at_one="Cohen's d = 2r/sqrt(1 - r²)"
    )
    return unwrap(2 * arr / np.sqrt(1 - arr**2), scalar)


def d_to_r(d: float | Sequence[float] | np.ndarray) -> float | np.ndarray:
    """Convert Cohen's d to a correlation: r = d / sqrt(d² + 4) (two equal-sized groups)."""
    arr, scalar = as_float_array("d", d)
    return unwrap(arr / np.sqrt(arr**2 + 4), scalar)


def variance_explained(r: float | Sequence[float] | np.ndarray) -> float | np.ndarray:
    """Proportion of outcome variance shared with the alliance: r² (a number from 0 to 1)."""
    arr, scalar = check_correlation("r", r)
    return unwrap(arr**2, scalar)


def besd(r: float) -> dict[str, float]:
    """Binomial effect size display (Rosenthal & Rubin, 1982) for a correlation ``r``.

    Re-expresses r as success rates in two equal groups (for the alliance: clients with a
    stronger versus a weaker alliance): .50 + r/2 versus .50 − r/2. An r of .28 becomes
    64% versus 36% success, which is easier to weigh than "8% of variance explained".
    """
    if np.ndim(r) != 0:
        raise ValueError(f"r must be a single correlation; got a list of {np.size(r)} values")
    (value,), _ = check_correlation("r", r)
    value = float(value)
    return {
        "high_group_success": 0.5 + value / 2,
        "high_group_failure": 0.5 - value / 2,
        "low_group_success": 0.5 - value / 2,
        "low_group_failure": 0.5 + value / 2,
    }


@dataclass(frozen=True)
class PartialCorrelation:
    """Result of :func:`partial_correlation`."""

    r: float
    ci_low: float
    ci_high: float
    p: float
    n: int
    x: str
    y: str
    covariates: tuple[str, ...]


def _check_columns(data: object, names: dict[str, list[str]]) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    for arg, cols in names.items():
        for col in cols:
            if col not in data.columns:
                known = ", ".join(map(str, data.columns))
                raise ValueError(f"{arg}: column {col!r} is not in data; the columns are {known}")
            if not pd.api.types.is_numeric_dtype(data[col]) or pd.api.types.is_bool_dtype(
                data[col]
            ):
                raise ValueError(
                    f"{arg}: column {col!r} must hold numbers; it has type {data[col].dtype}"
                )
    return data


def partial_correlation(
    data: pd.DataFrame,
    x: str,
    y: str,
    covar: str | Sequence[str],
    confidence: float = 0.95,
) -> PartialCorrelation:
    """Pearson correlation of columns ``x`` and ``y`` with the ``covar`` column(s) held constant.

    Typical use: alliance–outcome controlling for early symptom change, which asks whether the
    alliance predicts outcome beyond the improvement that already happened before it was
    measured. Rows with a missing value in any of the columns are dropped. The coefficient
    and p value come from ``pingouin.partial_corr``; the interval is Fisher's z with
    n − 3 − (number of covariates) degrees of freedom.
    """
    import pingouin as pg  # imported here: pingouin is slow to import and only needed here

    covars = [covar] if isinstance(covar, str) else list(covar)
    if not covars:
        raise ValueError("covar must name at least one column to control for; got an empty list")
    _check_columns(data, {"x": [x], "y": [y], "covar": covars})
    if x == y:
        raise ValueError(f"x and y must be different columns; both are {x!r}")
    for c in covars:
        if c in (x, y):
            raise ValueError(f"covar must not include x or y; {c!r} is also used as x or y")
    level = check_confidence(confidence)
    rows = data[[x, y, *covars]].astype(float).dropna()
    k = len(covars)
    if len(rows) < k + 4:
        raise ValueError(
            f"data has {len(rows)} complete rows for {x!r}, {y!r} and {k} covariate(s); "
            f"at least {k + 4} are needed"
        )
    for col in (x, y, *covars):
        if rows[col].std(ddof=1) == 0:
            raise ValueError(
                f"column {col!r} has the same value in every row, so it cannot correlate"
            )
    result = pg.partial_corr(data=rows, x=x, y=y, covar=covars, method="pearson")
    r_value = float(result["r"].iloc[0])
    p_col = "p_val" if "p_val" in result.columns else "p-val"  # renamed in pingouin 0.7
    n = len(rows)
    crit = stats.norm.ppf(0.5 + level / 2)
    z = np.arctanh(np.clip(r_value, -0.999999999, 0.999999999))
    half = crit / np.sqrt(n - 3 - k)
    return PartialCorrelation(
        r=r_value,
        ci_low=float(np.tanh(z - half)),
        ci_high=float(np.tanh(z + half)),
        p=float(result[p_col].iloc[0]),
        n=n,
        x=x,
        y=y,
        covariates=tuple(covars),
    )
