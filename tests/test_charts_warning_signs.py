"""Chapter 10's charts: the numbers the reader's browser shows are the library's numbers.

The dropout-risk explorer and the rating-gap chart compute their numbers in Vega expressions
(there is no Python behind the web book). These tests run each chart with the book's own copy of
Vega and Vega-Lite in Node.js, move its parameters as a reader would, read the text it draws,
and compare it with :func:`dropout_screening` and :func:`share_therapist_lower`. Then they check
the Python arithmetic itself against facts a counselor can reason out by hand.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from alliance.charts.render import NARROW, WIDE
from alliance.charts.warning_signs import (
    dropout_risk_explorer,
    dropout_screening,
    rating_gap_draws,
    rating_gap_explorer,
    rating_gap_sample,
    share_therapist_lower,
)
from alliance.content import ch10_groups_screens_endings as content
from tests.vega import chart_texts

DROPOUT_SETTINGS = [
    {"d": 0.55, "base": 0.2, "cut": -1.0},
    {"d": 0.0, "base": 0.2, "cut": -1.0},
    {"d": 1.5, "base": 0.5, "cut": 0.0},
    {"d": 0.8, "base": 0.1, "cut": -2.0},
    {"d": 0.3, "base": 0.35, "cut": 1.0},
]


def _percent(text: str, before: str) -> float:
    match = re.search(rf"{before}\D*?(\d+)%", text)
    assert match, f"no percentage after {before!r} in {text!r}"
    return float(match.group(1)) / 100


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_dropout_chart_reports_what_dropout_screening_computes(width):
    # Both layouts the book can draw (laptop and phone) must say the same thing.
    # Altair names a layer's text marks <name>_marks or <name>_<n>: prefixes end in "_".
    results = chart_texts(dropout_risk_explorer(width=width).to_dict(), DROPOUT_SETTINGS,
                          ["dropout_summary_", "dropout_counts_"])
    for setting, found in zip(DROPOUT_SETTINGS, results, strict=True):
        expected = dropout_screening(**setting)
        contacted, ppv_line, reached = found["dropout_summary_"]
        assert f"Contacted: {100 * expected.contacted:.0f} of 100" in contacted, setting
        ppv_line, reached = ppv_line.replace("\n", " "), reached.replace("\n", " ")
        assert _percent(ppv_line, "Of those contacted,") == pytest.approx(
            round(expected.ppv, 2), abs=0.0051), setting
        assert _percent(ppv_line, "base rate") == pytest.approx(setting["base"]), setting
        assert _percent(reached, "reached:") == pytest.approx(
            round(expected.sensitivity, 2), abs=0.0051), setting
        counts = sorted(float(t) for t in found["dropout_counts_"])
        python = sorted(round(v, 1) for v in expected.per_100(setting["base"]).values())
        assert counts == pytest.approx(python, abs=0.051), setting


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_rating_gap_chart_matches_python_model_and_sample(width):
    settings = [{"r": 0.36, "gap": 0.63}, {"r": 0.0, "gap": 0.0}, {"r": 0.9, "gap": 1.2}]
    results = chart_texts(rating_gap_explorer(width=width).to_dict(), settings, ["gap_summary_"])
    draws = rating_gap_draws()
    for setting, found in zip(settings, results, strict=True):
        (text,) = found["gap_summary_"]
        text = text.replace("\n", " ")
        sample = rating_gap_sample(setting["r"], setting["gap"], draws)
        observed = float((sample["therapist"] < sample["client"]).mean())
        assert _percent(text, "lower in") == pytest.approx(round(observed, 2), abs=0.0051)
        assert f"of {content.GAP_DYADS} dyads" in text
        assert _percent(text, "model:") == pytest.approx(
            round(share_therapist_lower(**setting), 2), abs=0.0051)


def test_no_alliance_gap_means_contacting_is_no_better_than_chance():
    # If dropouts and stayers rate the alliance alike, a contacted client is no more likely to
    # drop out than any client: the positive predictive value equals the base rate.
    for base in (0.1, 0.2, 0.45):
        assert dropout_screening(0.0, base, -1.0).ppv == pytest.approx(base)


def test_a_larger_gap_or_lower_threshold_behaves_as_a_counselor_expects():
    weak, strong = dropout_screening(0.2, 0.2, -1.0), dropout_screening(1.0, 0.2, -1.0)
    assert strong.ppv > weak.ppv and strong.sensitivity > weak.sensitivity
    strict, lenient = dropout_screening(0.55, 0.2, -2.0), dropout_screening(0.55, 0.2, 0.5)
    assert strict.contacted < lenient.contacted
    assert strict.sensitivity < lenient.sensitivity  # a strict threshold misses more dropouts


def test_per_100_counts_add_up():
    base = 0.2
    result = dropout_screening(0.55, base, -1.0)
    caught, false_alarms, missed = (result.per_100(base)[k] for k in content.OUTCOME_LABELS)
    assert caught + missed == pytest.approx(100 * base)
    assert caught + false_alarms == pytest.approx(100 * result.contacted)
    # Meta-analytic starting point: with d = .55 and 20% dropout, a threshold one SD below the
    # stayers' mean reaches about a third of the dropouts and two in three contacts are false
    # alarms (values from the normal distribution, worked out by hand).
    assert result.sensitivity == pytest.approx(0.3264, abs=1e-4)
    assert result.ppv == pytest.approx(0.3396, abs=1e-4)


def test_rating_gap_sample_has_exactly_the_chosen_correlation_and_gap():
    sample = rating_gap_sample(0.36, 0.63)
    assert np.corrcoef(sample["client"], sample["therapist"])[0, 1] == pytest.approx(0.36)
    assert (sample["client"] - sample["therapist"]).mean() == pytest.approx(0.63)
    # With r = .36 and d = .63 the therapist rates lower in about 71% of dyads, not all of them.
    assert share_therapist_lower(0.36, 0.63) == pytest.approx(
        0.5 * (1 + math.erf(0.63 / math.sqrt(2 - 0.72) / math.sqrt(2))))


def test_starting_values_are_the_published_figures():
    controls = {c.name: c.value for c in content.DROPOUT_CONTROLS + content.GAP_CONTROLS}
    assert controls["d"] == content.ALLIANCE_DROPOUT_D.value == 0.55
    assert controls["r"] == content.CLIENT_THERAPIST_R.value == 0.36
    assert controls["gap"] == content.CLIENT_THERAPIST_D.value == 0.63
    assert abs(controls["base"] - content.DROPOUT_RATE.value) < 0.01
    spec = dropout_risk_explorer().to_dict()
    assert {p["name"] for p in spec["params"]} == {"d", "base", "cut"}
    assert all(p["bind"]["input"] == "range" for p in spec["params"])


@pytest.mark.parametrize(("args", "word"), [
    ((-0.1, 0.2, -1.0), "d"),
    ((0.5, 1.0, -1.0), "base"),
    ((0.5, 0.2, float("nan")), "cut"),
    ((0.5, "0.2", -1.0), "base"),
    ((True, 0.2, -1.0), "d"),
])
def test_impossible_settings_are_refused_with_a_message(args, word):
    with pytest.raises(ValueError, match=word):
        dropout_screening(*args)


def test_too_few_dyads_are_refused():
    with pytest.raises(ValueError, match="at least 10 dyads"):
        rating_gap_draws(5)
