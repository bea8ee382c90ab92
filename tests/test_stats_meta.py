"""alliance.stats.pool_random_effects: a DerSimonian–Laird example worked by hand.

Bad inputs for every stats function are in one table, ``tests/test_stats_bad_inputs.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.stats import pool_random_effects

# Three studies chosen so that the arithmetic is exact: Fisher z of .1, .3, .5 and
# n = 103, 28, 53, i.e. variances 1/(n − 3) = .01, .04, .02 and weights w = 100, 25, 50.
Z = np.array([0.1, 0.3, 0.5])
R = np.tanh(Z)
N = [103, 28, 53]


def test_dersimonian_laird_by_hand():
    res = pool_random_effects(R, N, labels=["A", "B", "C"])
    # Fixed-effect mean: (100·.1 + 25·.3 + 50·.5)/175 = 42.5/175 = 17/70.
    # Q = 100(1/7)² + 25(2/35)² + 50(9/35)² = 6650/1225 = 38/7, on k − 1 = 2 df.
    assert res.q == pytest.approx(38 / 7)
    assert res.df == 2
    # With 2 df the chi-square tail is exp(−Q/2).
    assert res.p == pytest.approx(math.exp(-19 / 7))
    # C = Σw − Σw²/Σw = 175 − 13125/175 = 100; τ² = (Q − df)/C = (24/7)/100 = 6/175.
    assert res.tau2 == pytest.approx(6 / 175)
    # I² = (Q − df)/Q = (24/7)/(38/7) = 12/19.
    assert res.i2 == pytest.approx(12 / 19)
    # Random-effects weights 1/(v + τ²) = 700/31, 700/52, 700/38.
    w = np.array([1 / 31, 1 / 52, 1 / 38])
    mean = float((w * Z).sum() / w.sum())
    se = math.sqrt(1 / (700 * w.sum()))
    assert res.pooled_z == pytest.approx(mean)
    assert res.se_z == pytest.approx(se)
    assert res.pooled_r == pytest.approx(math.tanh(mean))
    assert (res.ci_low, res.ci_high) == pytest.approx(
        (math.tanh(mean - 1.959964 * se), math.tanh(mean + 1.959964 * se)), abs=1e-6
    )
    # Prediction interval (Higgins et al., 2009): t with k − 2 = 1 df, t(.975, 1) = 12.7062.
    half = 12.706205 * math.sqrt(6 / 175 + se**2)
    assert (res.pi_low, res.pi_high) == pytest.approx(
        (math.tanh(mean - half), math.tanh(mean + half)), abs=1e-5
    )
    assert res.weights.to_dict() == pytest.approx(dict(zip("ABC", w / w.sum(), strict=True)))
    assert res.k == 3 and res.method == "dl"


def test_identical_studies_have_no_heterogeneity():
    # Same r everywhere: Q = 0, τ² = 0 (DerSimonian–Laird truncates at zero), I² = 0, and the
    # pooled SE is 1/sqrt(Σ(n − 3)) = 1/sqrt(50 + 100 + 25).
    res = pool_random_effects([0.3, 0.3, 0.3], [53, 103, 28])
    assert res.q == pytest.approx(0)
    assert res.tau2 == 0 and res.i2 == 0
    assert res.pooled_r == pytest.approx(0.3)
    assert res.se_z == pytest.approx(1 / math.sqrt(175))
    assert res.weights.tolist() == pytest.approx([50 / 175, 100 / 175, 25 / 175])


def test_less_spread_than_chance_gives_zero_tau2_not_negative():
    # Q < df: the moment estimate (Q − df)/C would be negative; the model reduces to fixed effect.
    res = pool_random_effects([0.30, 0.31, 0.29, 0.30], [100, 100, 100, 100])
    assert res.q < res.df
    assert res.tau2 == 0.0 and res.i2 == 0.0
    assert res.weights.tolist() == pytest.approx([0.25] * 4)


def test_paule_mandel_solves_its_estimating_equation():
    # Paule–Mandel chooses τ² so that the generalised Q, Σ (z − μ)²/(v + τ²), equals k − 1.
    res = pool_random_effects(R, N, method="pm")
    v = 1 / (np.array(N) - 3)
    w = 1 / (v + res.tau2)
    mu = (w * Z).sum() / w.sum()
    assert float((w * (Z - mu) ** 2).sum()) == pytest.approx(2, abs=1e-6)
    assert res.pooled_z == pytest.approx(mu)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-0.9, 0.9), st.integers(4, 2000)), min_size=3, max_size=25))
def test_weights_sum_to_one_and_intervals_nest(studies):
    r, n = zip(*studies, strict=True)
    res = pool_random_effects(list(r), list(n))
    assert float(res.weights.sum()) == pytest.approx(1)
    assert res.pi_low <= res.ci_low + 1e-12 <= res.pooled_r + 2e-12 <= res.ci_high + 3e-12
    assert res.ci_high <= res.pi_high + 1e-12
    assert res.tau2 >= 0 and 0 <= res.i2 < 1
