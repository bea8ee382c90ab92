"""Chapter 8 charts: the browser's formulas are alliance.stats' formulas."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from alliance.charts.evidence import (
    ALL,
    EFFECT_EXPRESSIONS,
    effect_size_translator,
    forest_plot,
    pooled_by_moderator,
)
from alliance.stats import besd, pool_random_effects, r_to_d, variance_explained


def _evaluate(expression: str, r: float) -> float:
    return float(eval(expression, {"__builtins__": {}}, {"r": r, "sqrt": math.sqrt}))  # noqa: S307


@pytest.mark.parametrize("r", [0.0, 0.1, 0.22, 0.278, 0.5, 0.75])
def test_translator_formulas_match_alliance_stats(r):
    b = besd(r)
    assert _evaluate(EFFECT_EXPRESSIONS["d"], r) == pytest.approx(float(r_to_d(r)))
    assert _evaluate(EFFECT_EXPRESSIONS["r2"], r) == pytest.approx(float(variance_explained(r)))
    assert _evaluate(EFFECT_EXPRESSIONS["besd_high"], r) == pytest.approx(b["high_group_success"])
    assert _evaluate(EFFECT_EXPRESSIONS["besd_low"], r) == pytest.approx(b["low_group_success"])


def test_translator_chart_uses_the_expressions():
    chart = effect_size_translator().to_dict()
    text = json.dumps(chart)
    for expression in EFFECT_EXPRESSIONS.values():
        assert json.dumps(expression)[1:-1] in text
    (param,) = chart["params"]
    assert param["name"] == "r" and param["bind"]["input"] == "range"


def _meta() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    k = 24
    return pd.DataFrame({
        "study": [f"Study {i + 1:02d}" for i in range(k)],
        "year": rng.integers(1980, 2017, k),
        "n": rng.integers(30, 300, k),
        "r": np.round(rng.normal(0.28, 0.1, k), 3),
        "rater": pd.Categorical(rng.choice(["client", "therapist", "observer"], k),
                                categories=["client", "therapist", "observer"]),
        "timing": pd.Categorical(rng.choice(["early", "mid", "late"], k, p=[.5, .4, .1]),
                                 categories=["early", "mid", "late"], ordered=True),
    })


def test_pooled_by_moderator_matches_pool_random_effects():
    meta = _meta()
    table = pooled_by_moderator(meta)
    assert len(table) == 16  # (all + 3 raters) x (all + 3 timings)
    overall = table[(table.rater == ALL) & (table.timing == ALL)].iloc[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        direct = pool_random_effects(meta["r"], meta["n"])
        client = pool_random_effects(meta.loc[meta.rater == "client", "r"],
                                     meta.loc[meta.rater == "client", "n"])
    assert overall["k"] == len(meta)
    assert overall["pooled_r"] == pytest.approx(direct.pooled_r)
    assert overall["i2"] == pytest.approx(direct.i2)
    row = table[(table.rater == "client") & (table.timing == ALL)].iloc[0]
    assert row["pooled_r"] == pytest.approx(client.pooled_r)
    small = table[table["k"] < 3]
    assert small["pooled_r"].isna().all()


def test_forest_plot_has_two_dropdowns():
    chart = forest_plot(_meta()).to_dict()
    params = {p["name"]: p for p in chart["params"]}
    assert set(params) == {"rater_sel", "timing_sel"}
    assert params["rater_sel"]["bind"]["input"] == "select"
    assert params["rater_sel"]["bind"]["options"][0] == ALL
