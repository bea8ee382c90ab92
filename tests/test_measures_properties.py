"""Property-based tests (hypothesis) for scoring every instrument whose key is confirmed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.measures import (
    SPECS,
    get_spec,
    min_answered,
    reverse_key,
    score_instrument,
    with_key,
)

CONFIRMED = sorted(k for k, s in SPECS.items() if s.key_confirmed)
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(spec):
    """A valid item value on the spec's response grid."""
    n_steps = round((spec.scale_max - spec.scale_min) / spec.step)
    return st.integers(0, n_steps).map(lambda k: round(spec.scale_min + k * spec.step, 10))


@st.composite
def responses(draw, spec, allow_missing=True):
    values = draw(st.lists(_value(spec), min_size=spec.n_items, max_size=spec.n_items))
    if allow_missing and spec.allow_missing:
        gaps = draw(st.lists(st.booleans(), min_size=spec.n_items, max_size=spec.n_items))
        values = [None if gap else v for v, gap in zip(values, gaps, strict=True)]
    return values


def _bounds(spec, n_items):
    if spec.total == "sum":
        return spec.scale_min * n_items, spec.scale_max * n_items
    return spec.scale_min, spec.scale_max


@pytest.mark.parametrize("key", CONFIRMED)
@PROFILE
@given(data=st.data())
def test_scores_stay_in_range(key, data):
    spec = get_spec(key)
    scores = score_instrument(data.draw(responses(spec)), spec)
    sizes = {name: len(items) for name, items in spec.subscales.items()} | {"total": spec.n_items}
    for name, value in scores.items():
        if math.isnan(value):
            continue
        low, high = _bounds(spec, sizes[name])
        assert low - 1e-9 <= value <= high + 1e-9, (name, value)


@pytest.mark.parametrize("key", sorted(SPECS))
@PROFILE
@given(data=st.data())
def test_reverse_keying_twice_is_the_identity(key, data):
    spec = get_spec(key)
    values = data.draw(responses(spec))
    twice = reverse_key(reverse_key(values, spec), spec)
    expected = [np.nan if v is None else float(v) for v in values]
    np.testing.assert_allclose(twice, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("key", sorted(SPECS))
@PROFILE
@given(data=st.data())
def test_reverse_keying_flips_exactly_the_reverse_items(key, data):
    spec = get_spec(key)
    values = data.draw(responses(spec, allow_missing=False))
    once = reverse_key(values, spec)
    for item, (before, after) in enumerate(zip(values, once, strict=True), start=1):
        if item in spec.reverse_items:
            assert after == pytest.approx(spec.scale_min + spec.scale_max - before)
        else:
            assert after == before


@pytest.mark.parametrize("key", sorted(k for k, s in SPECS.items() if s.subscales))
def test_subscales_partition_the_items(key):
    spec = get_spec(key)
    listed = sorted(i for items in spec.subscales.values() for i in items)
    assert listed == list(range(1, spec.n_items + 1))


@pytest.mark.parametrize("key", CONFIRMED)
@PROFILE
@given(data=st.data())
def test_dataframe_and_single_response_paths_agree(key, data):
    spec = get_spec(key)
    rows = data.draw(st.lists(responses(spec), min_size=1, max_size=5))
    index = [f"r{i}" for i in range(len(rows))]
    frame = pd.DataFrame(rows, columns=spec.columns(), index=index, dtype=float)
    batch = score_instrument(frame, spec)
    assert list(batch.index) == index
    for label, row in zip(index, rows, strict=True):
        single = score_instrument(row, spec)
        assert list(single) == list(batch.columns)
        np.testing.assert_allclose(batch.loc[label].to_numpy(), list(single.values()))


@pytest.mark.parametrize("key", [k for k in CONFIRMED if get_spec(k).allow_missing])
@PROFILE
@given(data=st.data())
def test_missing_rule_scale_is_scored_iff_75_percent_answered(key, data):
    spec = get_spec(key)
    values = data.draw(responses(spec))
    scores = score_instrument(values, spec)
    scales = dict(spec.subscales) or {"total": spec.items}
    for name, items in scales.items():
        answered = sum(values[i - 1] is not None for i in items)
        assert math.isnan(scores[name]) == (answered < min_answered(len(items)))
    assert math.isnan(scores["total"]) == any(math.isnan(scores[n]) for n in scales)


@PROFILE
@given(data=st.data())
def test_complete_responses_sum_to_the_total(data):
    # With no missing items, a "sum" total is the plain sum of the reverse-keyed items.
    spec = get_spec("wai_sr")
    values = data.draw(responses(spec, allow_missing=False))
    assert score_instrument(values, spec)["total"] == pytest.approx(sum(values))


@PROFILE
@given(data=st.data())
def test_user_supplied_key_scores_stay_in_range(data):
    # A made-up key (not the published one) exercises the "mean" metric with subscales.
    key = {
        "engagement": (1, 5, 9, 13),
        "emotional_connection": (2, 6, 10, 14),
        "safety": (3, 7, 11, 15),
        "shared_purpose": (4, 8, 12, 16),
    }
    spec = with_key(get_spec("softa_s"), subscales=key, reverse_items=(3, 11), source="test")
    scores = score_instrument(data.draw(responses(spec)), spec)
    assert all(math.isnan(v) or 1 <= v <= 5 for v in scores.values())
