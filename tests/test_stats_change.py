"""Reliable and clinically significant change, on Jacobson & Truax's (1991) formulas with round
numbers worked by hand.

Bad inputs for every stats function are in one table, ``tests/test_stats_bad_inputs.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.stats import (
    CHANGE_CATEGORIES,
    classify_change,
    clinical_cutoff,
    reliable_change_index,
)


def test_rci_round_numbers():
    # SD = 10, r_xx = .75: SE = 10·sqrt(.25) = 5, S_diff = sqrt(2·25) = 7.0711;
    # 50 → 40 gives RCI = −10/7.0711 = −1.4142 (not reliable: |RCI| < 1.96).
    assert reliable_change_index(50, 40, sd=10, reliability=0.75) == pytest.approx(-math.sqrt(2))


def test_rci_exact_three():
    # SD = 7.5, r_xx = .92: SE = 7.5·sqrt(.08) = 2.1213, S_diff = sqrt(2·4.5) = 3;
    # 30 → 21 gives RCI = −9/3 = −3.
    assert reliable_change_index(30, 21, sd=7.5, reliability=0.92) == pytest.approx(-3.0)


def test_rci_vectorised():
    out = reliable_change_index([30, 30, 20], [21, 33, 20], sd=7.5, reliability=0.92)
    assert out.tolist() == pytest.approx([-3.0, 1.0, 0.0])


def test_rci_zero_reliability():
    # r_xx = 0: SE = SD, S_diff = SD·sqrt(2).
    assert reliable_change_index(0, 10, sd=10, reliability=0) == pytest.approx(1 / math.sqrt(2))


def test_cutoff_c_weights_the_means_by_the_other_sd():
    # Functional M0 = 10, SD0 = 5; dysfunctional M1 = 30, SD1 = 10:
    # c = (5·30 + 10·10)/(5 + 10) = 250/15 = 16.667
    c = clinical_cutoff(
        dysfunctional_mean=30, dysfunctional_sd=10, functional_mean=10, functional_sd=5
    )
    assert c == pytest.approx(250 / 15)


def test_cutoff_a_and_b_lower_is_better():
    # a: two SDs below the dysfunctional mean, 30 − 2·10 = 10; b: two SDs above the functional
    # mean, 10 + 2·5 = 20.
    kw = {
        "dysfunctional_mean": 30,
        "dysfunctional_sd": 10,
        "functional_mean": 10,
        "functional_sd": 5,
    }
    assert clinical_cutoff(**kw, criterion="a") == pytest.approx(10)
    assert clinical_cutoff(**kw, criterion="b") == pytest.approx(20)


def test_cutoff_higher_is_better():
    # An ORS-like measure: dysfunctional 19 (SD 7), functional 28 (SD 6).
    # c = (6·19 + 7·28)/13 = 310/13; a = 19 + 14 = 33; b = 28 − 12 = 16.
    kw = {
        "dysfunctional_mean": 19,
        "dysfunctional_sd": 7,
        "functional_mean": 28,
        "functional_sd": 6,
    }
    assert clinical_cutoff(**kw) == pytest.approx(310 / 13)
    assert clinical_cutoff(**kw, criterion="a") == pytest.approx(33)
    assert clinical_cutoff(**kw, criterion="b") == pytest.approx(16)


def test_cutoff_a_without_norms_needs_direction():
    assert clinical_cutoff(30, 10, criterion="a", higher_is_better=False) == pytest.approx(10)
    assert clinical_cutoff(30, 10, criterion="a", higher_is_better=True) == pytest.approx(50)


def test_classify_change_lower_is_better():
    # S_diff = 3 (SD 7.5, r_xx .92), so change is reliable beyond ±5.88 points; cut-off 16.667.
    pre = [30, 30, 30, 20, 15, 20]
    post = [12, 20, 27, 28, 5, 15]
    expected = [
        "recovered",  # −18: reliable, and ends below the cut-off
        "improved",  # −10: reliable, but still above the cut-off
        "unchanged",  # −3: within measurement error
        "deteriorated",  # +8: reliable worsening
        "improved",  # −10 but started in the functional range: nothing to recover from
        "unchanged",  # −5: crosses the cut-off, but not reliably
    ]
    out = classify_change(pre, post, sd=7.5, reliability=0.92, cutoff=250 / 15)
    assert out.tolist() == expected


def test_classify_change_higher_is_better_single_client():
    # ORS-like: SD 7, r_xx .8 → SE = 3.1305, S_diff = 4.4272; 15 → 30 gives RCI = 3.39, and 30
    # is above the cut-off of 25.
    out = classify_change(15, 30, sd=7, reliability=0.8, cutoff=25, higher_is_better=True)
    assert out == "recovered"


@given(
    st.lists(st.tuples(st.floats(0, 60), st.floats(0, 60)), min_size=1, max_size=20),
    st.floats(1, 20),
    st.floats(0, 0.99),
)
def test_classify_change_always_returns_a_known_category(pairs, sd, rel):
    pre, post = zip(*pairs, strict=True)
    out = classify_change(list(pre), list(post), sd=sd, reliability=rel, cutoff=30)
    assert set(out) <= set(CHANGE_CATEGORIES)
    rci = np.asarray(reliable_change_index(list(pre), list(post), sd, rel))
    assert all((lab == "unchanged") == (abs(x) <= 1.96) for lab, x in zip(out, rci, strict=True))


def test_a_score_exactly_at_the_cutoff_is_functional_as_for_the_ors():
    # ORS: a total below 25 is clinical, so 15 -> 25 (a reliable 10-point gain) is recovery,
    # and a client who starts at exactly 25 was never in the clinical range.
    assert classify_change(15, 25, sd=7, reliability=0.8, cutoff=25, higher_is_better=True) \
        == "recovered"
    assert classify_change(25, 38, sd=7, reliability=0.8, cutoff=25, higher_is_better=True) \
        == "improved"
    # Symptom scale (lower is better): ending exactly at the cut-off is functional.
    assert classify_change(30, 20, sd=7.5, reliability=0.85, cutoff=20) == "recovered"
