"""alliance.stats correlation tools: hand-worked values, properties, and student-facing errors.

Bad inputs for every stats function are in one table, ``tests/test_stats_bad_inputs.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.stats import (
    besd,
    correlation_ci,
    d_to_r,
    fisher_z,
    fisher_z_inverse,
    partial_correlation,
    r_to_d,
    variance_explained,
)

Z_975 = 1.959963984540054  # standard normal quantile for a 95% interval

correlations = st.floats(min_value=-0.999, max_value=0.999, allow_nan=False)


# --- hand-worked values -------------------------------------------------------------------


def test_fisher_z_of_one_half_is_half_log_three():
    # z = ½·ln((1 + .5)/(1 − .5)) = ½·ln 3
    assert fisher_z(0.5) == pytest.approx(0.5 * math.log(3))
    assert fisher_z(0.0) == 0.0
    assert fisher_z(-0.5) == pytest.approx(-0.5 * math.log(3))


def test_fisher_z_accepts_a_list():
    out = fisher_z([0.0, 0.5])
    assert isinstance(out, np.ndarray)
    assert out.tolist() == pytest.approx([0.0, 0.5 * math.log(3)])


def test_fisher_z_inverse_of_half_log_three_is_one_half():
    # tanh(½·ln 3) = (3 − 1)/(3 + 1) = .5
    assert fisher_z_inverse(0.5 * math.log(3)) == pytest.approx(0.5)
    assert isinstance(fisher_z_inverse(0.1), float)


def test_correlation_ci_by_hand():
    # r = .5, n = 28: z = ½·ln 3, SE = 1/sqrt(25) = .2, then back-transform z ± 1.96·.2
    z = 0.5 * math.log(3)
    low, high = correlation_ci(0.5, 28)
    assert low == pytest.approx(math.tanh(z - Z_975 * 0.2))
    assert high == pytest.approx(math.tanh(z + Z_975 * 0.2))
    assert low == pytest.approx(0.156, abs=1e-3) and high == pytest.approx(0.736, abs=1e-3)


def test_correlation_ci_other_level():
    # 90%: the normal quantile is 1.644854
    z = math.atanh(0.3)
    low, high = correlation_ci(0.3, 103, confidence=0.90)
    assert (low, high) == pytest.approx(
        (math.tanh(z - 1.6448536 * 0.1), math.tanh(z + 1.6448536 * 0.1))
    )


def test_r_to_d_reproduces_fluckiger_2018():
    # Flückiger et al. (2018): r = .278 is the "equivalent of d = .579".
    assert r_to_d(0.278) == pytest.approx(0.579, abs=5e-4)


def test_r_to_d_and_back_on_round_numbers():
    # d = 2(.6)/sqrt(1 − .36) = 1.2/.8 = 1.5; r = 1.5/sqrt(1.5² + 4) = 1.5/2.5 = .6
    assert r_to_d(0.6) == pytest.approx(1.5)
    assert d_to_r(1.5) == pytest.approx(0.6)
    assert d_to_r(0.0) == 0.0


def test_variance_explained_is_r_squared():
    assert variance_explained(0.3) == pytest.approx(0.09)
    assert variance_explained(-0.278) == pytest.approx(0.077284)


def test_besd_for_the_meta_analytic_alliance_correlation():
    # Rosenthal & Rubin (1982): success rates .50 ± r/2, so r = .28 gives 64% versus 36%.
    assert besd(0.28) == pytest.approx(
        {
            "high_group_success": 0.64,
            "high_group_failure": 0.36,
            "low_group_success": 0.36,
            "low_group_failure": 0.64,
        }
    )


def test_partial_correlation_by_construction():
    # x = z + a and y = z + b, with a and b each orthogonal to z and to a constant, so the
    # partial correlation is corr(a, b) = (a·b)/(|a||b|) = −2/(2·2) = −.5 exactly.
    z = [1, 2, 3, 4, 5, 6]
    a = [1, -1, -1, 1, 0, 0]
    b = [0, 0, 1, -1, -1, 1]
    data = pd.DataFrame({"x": np.add(z, a), "y": np.add(z, b), "z": z})
    res = partial_correlation(data, "x", "y", "z")
    assert res.r == pytest.approx(-0.5)
    assert res.n == 6
    assert res.covariates == ("z",)
    # Fisher-z interval with n − 3 − 1 covariate = 2 degrees of freedom
    half = Z_975 / math.sqrt(2)
    assert (res.ci_low, res.ci_high) == pytest.approx(
        (math.tanh(math.atanh(-0.5) - half), math.tanh(math.atanh(-0.5) + half))
    )
    assert 0 < res.p < 1


def test_partial_correlation_drops_incomplete_rows():
    z = [1, 2, 3, 4, 5, 6, 7]
    a = [1, -1, -1, 1, 0, 0, 0]
    b = [0, 0, 1, -1, -1, 1, 0]
    data = pd.DataFrame({"x": np.add(z, a), "y": np.add(z, b), "z": z})
    data.loc[6, "y"] = np.nan
    res = partial_correlation(data, "x", "y", ["z"])
    assert res.n == 6 and res.r == pytest.approx(-0.5)


# --- properties ---------------------------------------------------------------------------


@given(correlations)
def test_fisher_z_round_trip(r):
    assert fisher_z_inverse(fisher_z(r)) == pytest.approx(r, abs=1e-12)


@given(correlations)
def test_r_to_d_to_r_is_identity(r):
    assert d_to_r(r_to_d(r)) == pytest.approx(r, abs=1e-9)


@given(st.floats(min_value=-1, max_value=1, allow_nan=False))
def test_besd_rates_sum_to_one(r):
    t = besd(r)
    assert t["high_group_success"] + t["high_group_failure"] == pytest.approx(1)
    assert t["low_group_success"] + t["low_group_failure"] == pytest.approx(1)
    assert t["high_group_success"] + t["low_group_success"] == pytest.approx(1)
    assert t["high_group_success"] - t["low_group_success"] == pytest.approx(r)


@given(correlations, st.integers(min_value=4, max_value=5000))
def test_correlation_ci_contains_r(r, n):
    low, high = correlation_ci(r, n)
    assert -1 <= low <= r <= high <= 1
