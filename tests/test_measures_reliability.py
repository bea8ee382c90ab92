"""Cronbach's alpha and corrected item-total correlations, checked against hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import f

from alliance.measures import cronbach_alpha, get_spec, item_total_correlations

# Three items, four respondents.
ITEMS = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 3, 5], "c": [1, 3, 3, 4]})
# Sample variances: a 5/3, b 6/3 = 2, c 4.75/3; totals 4, 7, 9, 13 -> variance 42.75/3 = 14.25.
# alpha = 3/2 * (1 - (5/3 + 2 + 4.75/3) / 14.25) = 1.5 * (1 - 5.25 / 14.25)
HAND_ALPHA = 1.5 * (1 - 5.25 / 14.25)  # 0.947368...


def test_alpha_hand_worked():
    result = cronbach_alpha(ITEMS)
    assert result["alpha"] == pytest.approx(HAND_ALPHA)
    assert (result["n"], result["k"]) == (4, 3)


def test_alpha_confidence_interval_is_the_f_based_interval():
    # Feldt's interval: 1 - (1 - alpha) * F quantiles with df (n - 1, (n - 1)(k - 1)) = (3, 6).
    result = cronbach_alpha(ITEMS, ci=0.95)
    low = 1 - (1 - HAND_ALPHA) * f.isf(0.025, 3, 6)
    high = 1 - (1 - HAND_ALPHA) * f.isf(0.975, 3, 6)
    assert result["ci_low"] == pytest.approx(low, abs=1e-3)  # pingouin rounds to 3 decimals
    assert result["ci_high"] == pytest.approx(high, abs=1e-3)
    assert result["ci_low"] < result["alpha"] < result["ci_high"]


def test_alpha_drops_incomplete_respondents_first():
    with_gap = pd.concat([ITEMS, pd.DataFrame({"a": [5], "b": [np.nan], "c": [1]})])
    result = cronbach_alpha(with_gap)
    assert result["n"] == 4 and result["alpha"] == pytest.approx(HAND_ALPHA)


def test_corrected_item_total_hand_worked():
    r = item_total_correlations(ITEMS)
    # Item a against b + c = 3, 5, 6, 9: cross-products 9.5, SS_a 5, SS_rest 18.75.
    assert r["a"] == pytest.approx(9.5 / math.sqrt(5 * 18.75))
    assert list(r.index) == ["a", "b", "c"]


def test_with_spec_reverse_keys_before_computing():
    spec = get_spec("haq_ii")
    rng = np.random.default_rng(0)
    trait = rng.normal(size=60)
    forward = np.clip(np.round(3.5 + 1.2 * trait[:, None] + rng.normal(size=(60, 19))), 1, 6)
    raw = forward.copy()
    rev = [i - 1 for i in spec.reverse_items]
    raw[:, rev] = 7 - forward[:, rev]  # what a respondent marks on negatively worded items
    df = pd.DataFrame(raw, columns=spec.columns())
    keyed = cronbach_alpha(df, spec=spec)
    expected = cronbach_alpha(pd.DataFrame(forward, columns=spec.columns()))
    assert keyed["alpha"] == pytest.approx(expected["alpha"])
    assert item_total_correlations(df, spec=spec)["haq_ii_04"] > 0
    assert item_total_correlations(df)["haq_ii_04"] < 0  # unreversed, it looks miskeyed


def test_non_numeric_item_column():
    bad = ITEMS.assign(b=["2", "2", "3", "5"])
    with pytest.raises(ValueError, match=r"Item column 'b' is not numeric"):
        cronbach_alpha(bad)


def test_too_few_items():
    with pytest.raises(ValueError, match=r"needs at least 2 items; got 1"):
        cronbach_alpha(ITEMS[["a"]])


def test_too_few_complete_respondents():
    with pytest.raises(ValueError, match=r"Only 2 respondent\(s\) answered every item"):
        item_total_correlations(ITEMS.iloc[:2])


def test_bad_confidence_level():
    with pytest.raises(ValueError, match=r"ci is 95, but a confidence level is between 0 and 1"):
        cronbach_alpha(ITEMS, ci=95)


def test_items_without_any_variance():
    flat = pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]})
    with pytest.raises(ValueError, match=r"same value for every respondent; alpha is undefined"):
        cronbach_alpha(flat)


def test_not_a_dataframe():
    with pytest.raises(ValueError, match=r"Give the items as a DataFrame.*got list"):
        cronbach_alpha([[1, 2], [3, 4]])


def test_spec_validation_messages_apply():
    spec = get_spec("wai_sr")
    df = pd.DataFrame([[3] * 12] * 5, columns=spec.columns())
    df.loc[2, "wai_sr_03"] = 9
    with pytest.raises(ValueError, match=r"WAI-SR item 3 for respondent 2 is 9"):
        cronbach_alpha(df, spec=spec)
