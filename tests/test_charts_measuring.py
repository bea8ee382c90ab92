"""Chapter 7 charts: the WAI-SR scorer computes what alliance.measures computes."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from alliance.charts.measuring import (
    ceiling_correlations,
    ceiling_explorer,
    score_expressions,
    wai_sr_scorer,
)
from alliance.measures import get_spec, score_haq_ii, score_wai_sr

RESPONSES = [
    [1] * 12,
    [5] * 12,
    [3] * 12,
    [4, 5, 3, 2, 5, 1, 4, 3, 5, 2, 4, 1],
    [2, 2, 5, 5, 1, 4, 3, 3, 4, 5, 1, 2],
]


def _evaluate(expression: str, spec, response) -> float:
    """Evaluate a chart expression as Python arithmetic (it uses only names, numbers, + - * /)."""
    names = {spec.column(i): v for i, v in zip(spec.items, response, strict=True)}
    return float(eval(expression, {"__builtins__": {}}, names))  # noqa: S307 - our own strings


@pytest.mark.parametrize("response", RESPONSES)
def test_chart_expressions_equal_score_wai_sr(response):
    spec = get_spec("wai_sr")
    exprs = score_expressions(spec)
    expected = score_wai_sr(response)
    assert set(exprs) == set(expected)
    for name, expression in exprs.items():
        assert _evaluate(expression, spec, response) == pytest.approx(expected[name])


def test_expressions_follow_reverse_keying_and_means():
    # The HAq-II has reverse-keyed items and a mean total: the generator must honour both.
    spec = get_spec("haq_ii")
    rng = np.random.default_rng(7)
    for _ in range(5):
        response = rng.integers(1, 7, spec.n_items).tolist()
        (expression,) = score_expressions(spec).values()
        assert _evaluate(expression, spec, response) == pytest.approx(
            score_haq_ii(response)["total"]
        )


def test_chart_uses_the_generated_expressions_and_one_slider_per_item():
    spec = get_spec("wai_sr")
    chart = wai_sr_scorer().to_dict()
    text = json.dumps(chart)
    for expression in score_expressions(spec).values():
        assert json.dumps(expression)[1:-1] in text
    params = {p["name"]: p for p in chart["params"]}
    assert sorted(params) == spec.columns()
    for item in spec.items:
        bind = params[spec.column(item)]["bind"]
        assert (bind["min"], bind["max"], bind["step"]) == (1, 5, 1)
        assert bind["name"].startswith(f"Item {item} (")


def test_initial_response_is_checked():
    with pytest.raises(ValueError, match="item 3"):
        wai_sr_scorer([3, 3, 9, 3, 3, 3, 3, 3, 3, 3, 3, 3])


def test_ceiling_correlations_cap_scores():
    rng = np.random.default_rng(1)
    a = pd.Series(rng.normal(50, 8, 400))
    y = 0.4 * (a - 50) / 8 + rng.normal(0, 1, 400)
    table = ceiling_correlations(a, y, [40, 50, 200])
    no_ceiling = table.set_index("ceiling").loc[200.0]
    assert no_ceiling["r"] == pytest.approx(a.corr(y))
    assert no_ceiling["at_ceiling"] == 0
    assert table.set_index("ceiling").loc[50.0, "at_ceiling"] == pytest.approx((a >= 50).mean())
    assert table["r"].iloc[0] < no_ceiling["r"]
    assert all(lo < r < hi for lo, r, hi in zip(table.ci_low, table.r, table.ci_high, strict=True))
    assert not math.isnan(table["r2"].iloc[0])


def test_ceiling_explorer_has_a_bound_slider():
    data = pd.DataFrame({"a": [40, 45, 50, 55, 60, 52], "y": [1, 3, 2, 5, 6, 4]})
    chart = ceiling_explorer(data, "a", "y", range(44, 61)).to_dict()
    (param,) = chart["params"]
    assert param["name"] == "ceiling" and param["bind"]["input"] == "range"


def test_ceiling_explorer_at_a_fixed_ceiling_has_no_slider():
    # The JupyterLab widget draws the book's chart at the ceiling its own slider chose.
    data = pd.DataFrame({"a": [40, 45, 50, 55, 60, 52], "y": [1, 3, 2, 5, 6, 4]})
    chart = ceiling_explorer(data, "a", "y", range(44, 61), ceiling=50, width=620).to_dict()
    (param,) = chart["params"]
    assert param == {"name": "ceiling", "value": 50}
    with pytest.raises(ValueError, match="one of the ceilings given"):
        ceiling_explorer(data, "a", "y", range(44, 61), ceiling=70)
