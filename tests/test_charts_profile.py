"""The goal/task/bond profile (chapter 2): the Python reading and the chart's Vega reading agree.

The interpretation is written once (``alliance.content.ch02_bordin.PROFILE_RULES``); the Python
function and the Vega expression are both generated from it. These tests check that they give
the same sentence for a set of profiles: first by evaluating the expression with the book's own
copy of Vega and Vega-Lite in Node.js (the chart as the reader's browser runs it), then by
checking the rules themselves in Python.
"""

from __future__ import annotations

import json

import pytest

from alliance.charts.profile import (
    COMPONENTS,
    PROFILE_RULES,
    goal_task_bond_profile,
    interpret_profile,
    matching_rule,
    profile_expression,
    subscale_means,
    wrap_message,
)
from alliance.measures import score_wai_sr
from tests.vega import chart_texts

# (goal, task, bond) -> the rule we expect, as a counselor would read the profile.
PROFILES = [
    ((4.5, 4.25, 4.75), "all strong"),
    ((2.0, 2.5, 1.75), "all weak"),
    ((2.5, 3.5, 4.5), "bond without goals"),
    ((2.0, 2.0, 4.0), "bond without goals"),   # goal weak wins over task weak (rule order)
    ((3.5, 2.75, 4.25), "bond without tasks"),
    ((4.0, 4.5, 2.5), "agreement without bond"),
    ((2.75, 3.5, 3.5), "weak goals"),
    ((3.5, 2.5, 3.75), "weak tasks"),
    ((3.5, 3.25, 2.75), "weak bond"),
    ((3.5, 3.75, 3.25), "moderate"),
    ((4.0, 4.0, 3.0), "moderate"),              # exactly on the cut-points
    ((3.0, 3.0, 3.0), "moderate"),
    ((1.0, 1.0, 1.0), "all weak"),
    ((5.0, 5.0, 5.0), "all strong"),
]

def _vega_readings(profiles: list[tuple[float, float, float]]) -> list[list[str]]:
    """The sentence the chart draws for each (goal, task, bond), as the browser runs it."""
    settings = [dict(zip(COMPONENTS, p, strict=True)) for p in profiles]
    results = chart_texts(goal_task_bond_profile().to_dict(), settings, ["profile_reading_marks"])
    return [found["profile_reading_marks"] for found in results]


def test_python_reading_follows_the_rules():
    for (goal, task, bond), expected in PROFILES:
        assert matching_rule(goal, task, bond).name == expected, (goal, task, bond)


def test_vega_and_python_give_the_same_reading():
    profiles = [p for p, _ in PROFILES]
    readings = _vega_readings(profiles)
    for (goal, task, bond), texts in zip(profiles, readings, strict=True):
        assert len(texts) == 1, f"expected one reading for {(goal, task, bond)}, got {texts}"
        in_chart = texts[0]
        in_python = interpret_profile(goal, task, bond)
        assert in_chart == wrap_message(in_python), (goal, task, bond)
        assert in_chart.replace("\n", " ") == in_python


def test_expression_contains_every_rule_in_order():
    expression = profile_expression()
    positions = [expression.index(json.dumps(wrap_message(r.message), ensure_ascii=False))
                 for r in PROFILE_RULES]
    assert positions == sorted(positions)


def test_every_rule_is_reachable():
    reached = {
        matching_rule(g / 4, t / 4, b / 4).name
        for g in range(4, 21) for t in range(4, 21) for b in range(4, 21)
    }
    assert reached == {rule.name for rule in PROFILE_RULES}


@pytest.mark.parametrize("bad", [0.5, 5.5, float("nan"), "4", True])
def test_out_of_range_values_are_refused(bad):
    with pytest.raises(ValueError, match="goal"):
        interpret_profile(bad, 3, 3)


def test_subscale_means_from_score_wai_sr():
    responses = [4, 4, 5, 2, 5, 3, 4, 2, 5, 4, 3, 4]   # items 1-12
    means = subscale_means(score_wai_sr(responses))
    assert set(means) == set(COMPONENTS)
    assert means["goal"] == pytest.approx((2 + 3 + 2 + 3) / 4)   # items 4, 6, 8, 11
    assert means["task"] == pytest.approx((4 + 4 + 4 + 4) / 4)   # items 1, 2, 10, 12
    assert means["bond"] == pytest.approx((5 + 5 + 4 + 5) / 4)   # items 3, 5, 7, 9
    assert matching_rule(**means).name == "bond without goals"
