"""Chapter 9 charts: the browser and Python compute the same numbers, and the numbers are right.

The humility → alliance → improvement explorer's arithmetic is written once
(``alliance.charts.culture.PATH_EXPRESSIONS``). These tests evaluate the chart with the book's own
copy of Vega and Vega-Lite in Node.js (as the reader's browser runs it) and compare it with
``path_estimates``; they check the closed-form correlations against a large seeded simulation of
the same model; and they check the matching chart's text against ``alliance.content``.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from alliance.charts.culture import (
    PATH_EXPRESSIONS,
    humility_path_explorer,
    matching_effects_chart,
    matching_table,
    overlap,
    path_comparison,
    path_estimates,
)
from alliance.charts.render import wrap_width
from alliance.content.ch09_culture import (
    MATCHING_EFFECTS,
    OUTCOME_RATERS,
    PATH_CONTROLS,
    PATH_QUANTITIES,
    PATH_SCENARIOS,
    SURVEY_KIND,
    TRUE_KIND,
    get_matching_effect,
    get_path_scenario,
)
from alliance.widgets.culture import humility_path_widget, matching_widget
from tests.vega import chart_texts, run_in_vega

# (path_a, path_b, path_c, halo, shared): the chapter's scenarios and the corners of the sliders.
SETTINGS = [
    (s.path_a, s.path_b, s.path_c, s.halo, s.shared) for s in PATH_SCENARIOS
] + [
    (0.0, 0.0, 0.0, 0.0, 1),
    (0.7, 0.5, 0.3, 0.6, 1),
    (0.7, 0.5, 0.3, 0.6, 0),
    (0.2, 0.1, 0.3, 0.25, 0),
]

@pytest.mark.parametrize("width", [620, 330])  # the wide and the phone layout
def test_browser_and_python_compute_the_same_path_estimates(width):
    names = ["path_a", "path_b", "path_c", "halo", "shared"]
    settings = [dict(zip(names, s, strict=True)) for s in SETTINGS]
    results = run_in_vega(humility_path_explorer(width=width).to_dict(), settings,
                          ["path_numbers", "path_summary"])
    labels = dict((label, key) for key, label in PATH_QUANTITIES)
    for setting, found in zip(SETTINGS, results, strict=True):
        numbers, summary = found["path_numbers"], found["path_summary"]
        expected = path_estimates(*setting)
        assert len(numbers) == 2 * len(PATH_QUANTITIES)
        for item in numbers:
            prefix = "true" if item["datum"]["kind"] == TRUE_KIND else "survey"
            key = f"{prefix}_{labels[item['datum']['quantity']]}"
            assert item["datum"]["value"] == pytest.approx(expected[key], abs=1e-9), (setting, key)
        (text,) = [s["text"] for s in summary]
        indirect = f"{expected['survey_indirect']:.2f}".replace("-", "−")
        assert f"Indirect a×b = {indirect}" in text, text
        assert all(len(line) <= wrap_width(width) for line in text.split("\n")), text


def _simulate(a, b, c, halo, shared, n=400_000, seed=2013):
    """Draw the explorer's model directly and return the observed correlation matrix."""
    rng = np.random.default_rng(seed)
    h = rng.standard_normal(n)
    alliance = a * h + math.sqrt(1 - a * a) * rng.standard_normal(n)
    explained = c * c + b * b + 2 * a * b * c
    y = c * h + b * alliance + math.sqrt(1 - explained) * rng.standard_normal(n)
    g = rng.standard_normal(n)  # the client's overall impression, shared by every rating
    k = math.sqrt(1 - halo * halo)
    x_h, x_a = k * h + halo * g, k * alliance + halo * g
    x_y = k * y + halo * g if shared else y
    return np.corrcoef([x_h, x_a, x_y])


@pytest.mark.parametrize("setting", SETTINGS)
def test_closed_form_matches_a_simulation_of_the_model(setting):
    est = path_estimates(*setting)
    r = _simulate(*setting)
    assert est["survey_r_ha"] == pytest.approx(r[0, 1], abs=0.01)
    assert est["survey_r_hy"] == pytest.approx(r[0, 2], abs=0.01)
    assert est["survey_r_ay"] == pytest.approx(r[1, 2], abs=0.01)
    # The survey's indirect effect is what a regression on the simulated ratings gives.
    b_hat = (r[1, 2] - r[0, 1] * r[0, 2]) / (1 - r[0, 1] ** 2)
    assert est["survey_indirect"] == pytest.approx(r[0, 1] * b_hat, abs=0.01)


def test_without_a_halo_the_survey_recovers_the_truth():
    for a, b, c, _, shared in SETTINGS:
        table = path_comparison(a, b, c, 0.0, shared)
        assert table["survey"].to_numpy() == pytest.approx(table["true"].to_numpy(), abs=1e-9)


def test_a_halo_alone_manufactures_an_indirect_effect():
    est = path_estimates(0.0, 0.0, 0.0, 0.5, 1)
    assert est["true_indirect"] == 0 and est["true_r_ha"] == 0
    assert est["survey_r_ha"] == pytest.approx(0.25)  # halo² of shared variance
    assert est["survey_indirect"] > 0.04
    independent = path_estimates(0.0, 0.0, 0.0, 0.5, 0)
    assert independent["survey_r_ha"] == pytest.approx(0.25)  # humility and alliance still share it
    assert independent["survey_indirect"] == pytest.approx(0.0, abs=1e-12)


def test_every_slider_setting_is_a_possible_model():
    grids = [np.round(np.arange(c.low, c.high + 1e-9, c.step), 2) for c in PATH_CONTROLS]
    for a in grids[0]:
        for b in grids[1]:
            for c in grids[2]:
                assert c * c + b * b + 2 * a * b * c < 1
                est = path_estimates(float(a), float(b), float(c), PATH_CONTROLS[3].high, 1)
                assert all(abs(est[f"survey_{q}"]) <= 1 for q in ("r_ha", "r_ay", "r_hy"))


@pytest.mark.parametrize("bad", [{"path_a": 0.8}, {"halo": -0.1}, {"path_b": float("nan")},
                                 {"path_c": "0.1"}, {"shared": 2}, {"shared": True}])
def test_values_outside_the_sliders_are_refused(bad):
    values = {"path_a": 0.3, "path_b": 0.3, "path_c": 0.1, "halo": 0.2, "shared": 1, **bad}
    with pytest.raises(ValueError, match=next(iter(bad))):
        path_estimates(**values)


def test_explorer_controls_are_the_content_modules():
    chart = humility_path_explorer().to_dict()
    params = {p["name"]: p for p in chart["params"]}
    assert set(params) == {c.name for c in PATH_CONTROLS} | {"shared"}
    for c in PATH_CONTROLS:
        assert params[c.name]["bind"]["input"] == "range"
        assert (params[c.name]["bind"]["min"], params[c.name]["bind"]["max"]) == (c.low, c.high)
    assert params["shared"]["bind"]["input"] == "radio"
    assert params["shared"]["bind"]["options"] == [code for code, _ in OUTCOME_RATERS]
    text = json.dumps(chart)
    for expression in PATH_EXPRESSIONS.values():
        assert json.dumps(expression)[1:-1] in text


@pytest.mark.parametrize("width", [620, 330])
def test_matching_chart_says_what_each_question_asks(width):
    keys = [e.key for e in MATCHING_EFFECTS]
    results = chart_texts(matching_effects_chart(width=width).to_dict(),
                          [{"match_q": k} for k in keys], ["matching_reading"])
    for key, found in zip(keys, results, strict=True):
        effect = get_matching_effect(key)
        (lines,) = found["matching_reading"]  # a wrapped text mark draws a list of lines
        lines = lines if isinstance(lines, list) else lines.split("\n")
        assert all(len(line) <= wrap_width(width) for line in lines), lines
        text = " ".join(lines)
        assert effect.asks in text and effect.reading in text and effect.caution in text
        assert f"d = {effect.d:.2f}" in text
        assert f"overlap by {overlap(effect.d):.0%}" in text


def test_overlap_is_the_normal_overlapping_coefficient():
    assert overlap(0) == pytest.approx(1.0)
    # Numerical integral of min(φ(x), φ(x − d)) for d = 0.63.
    x = np.linspace(-8, 9, 200_001)
    phi = np.exp(-x**2 / 2) / math.sqrt(2 * math.pi)
    shifted = np.exp(-(x - 0.63) ** 2 / 2) / math.sqrt(2 * math.pi)
    assert overlap(0.63) == pytest.approx(np.trapezoid(np.minimum(phi, shifted), x), abs=1e-6)
    table = matching_table()
    assert list(table.index) == [e.label for e in MATCHING_EFFECTS]
    with pytest.raises(ValueError, match="finite"):
        overlap(float("inf"))


def test_unknown_names_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="preference, perception, outcome"):
        get_matching_effect("satisfaction")
    with pytest.raises(ValueError, match="halo_only"):
        get_path_scenario("nothing")


def test_widgets_recompute_when_a_control_moves():
    box = humility_path_widget("halo_only")
    presets, table = box.children[0], box.children[-1]
    before = table.value
    assert SURVEY_KIND in before and "0.05" in before  # the halo-only indirect effect
    presets.value = "works_through_alliance"
    slider_a = box.children[2]
    assert slider_a.value == get_path_scenario("works_through_alliance").path_a
    assert table.value != before
    matching = matching_widget("outcome")
    choose, text = matching.children
    choose.value = "preference"
    assert "52 studies" in text.value
