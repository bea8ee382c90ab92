"""ipywidgets for chapter 9, "Culture, identity and the alliance", for readers in JupyterLab.

* :func:`humility_path_widget`: the humility → alliance → improvement explorer with continuous
  sliders and a menu of the chapter's preset scenarios; a table compares the true values with
  what a one-time client survey would estimate (:func:`alliance.charts.culture.path_comparison`,
  the same formulas the web book's chart evaluates in the browser).
* :func:`matching_widget`: a menu of Cabral and Smith's three matching questions, with what each
  asks, its pooled d and what it does and does not tell a counselor.

Both read :mod:`alliance.content.ch09_culture`. Nothing here waits for input: each function
builds its widgets, wires observers, draws once and returns, so executing the chapter never
blocks.
"""

from __future__ import annotations

import ipywidgets as widgets

from alliance.charts.culture import overlap, path_comparison
from alliance.content.ch09_culture import (
    MATCHING_EFFECTS,
    OUTCOME_RATERS,
    PATH_CONTROLS,
    PATH_SCENARIOS,
    SURVEY_KIND,
    TRUE_KIND,
    get_matching_effect,
    get_path_scenario,
)
from alliance.templates import render

_WIDE = {"style": {"description_width": "300px"}, "layout": widgets.Layout(width="620px")}


def _comparison_html(a: float, b: float, c: float, halo: float, shared: int) -> str:
    table = path_comparison(a, b, c, halo, shared)
    rows = [(q, row.true, row.survey) for q, row in table.iterrows()]
    return render("widgets/culture.html.j2", "path_table",
                  rows=rows, true_kind=TRUE_KIND, survey_kind=SURVEY_KIND)


def humility_path_widget(scenario: str = "halo_only") -> widgets.VBox:
    """Preset menu, four sliders and a rater toggle; a table of true values vs survey estimates."""
    start = get_path_scenario(scenario)
    presets = widgets.Dropdown(
        options=[(s.title, s.key) for s in PATH_SCENARIOS], value=start.key,
        description="Scenario", **_WIDE)
    sliders = {
        c.name: widgets.FloatSlider(value=getattr(start, c.name), min=c.low, max=c.high,
                                    step=c.step, description=c.label.strip(),
                                    readout_format=".2f", **_WIDE)
        for c in PATH_CONTROLS
    }
    rater = widgets.ToggleButtons(options=[(label, code) for code, label in OUTCOME_RATERS],
                                  value=start.shared, description="Improvement rated by")
    lesson = widgets.HTML()
    table = widgets.HTML()

    def draw(_change: object = None) -> None:
        values = [sliders[c.name].value for c in PATH_CONTROLS]
        table.value = _comparison_html(*values, rater.value)

    def apply_preset(change: dict) -> None:
        chosen = get_path_scenario(change["new"])
        lesson.value = render("widgets/culture.html.j2", "lesson", text=chosen.lesson)
        for c in PATH_CONTROLS:
            sliders[c.name].value = getattr(chosen, c.name)
        rater.value = chosen.shared
        draw()

    presets.observe(apply_preset, names="value")
    for w in (*sliders.values(), rater):
        w.observe(draw, names="value")
    lesson.value = render("widgets/culture.html.j2", "lesson", text=start.lesson)
    draw()
    return widgets.VBox([presets, lesson, *sliders.values(), rater, table])


def _matching_html(key: str) -> str:
    e = get_matching_effect(key)
    return render("widgets/culture.html.j2", "matching", effect=e, overlap=overlap(e.d))


def matching_widget(initial: str = "outcome") -> widgets.VBox:
    """A menu of the three matching questions and what each pooled effect says."""
    get_matching_effect(initial)  # validates the starting choice with a clear message
    choose = widgets.Dropdown(options=[(e.label, e.key) for e in MATCHING_EFFECTS],
                              value=initial, description="Question")
    text = widgets.HTML(value=_matching_html(initial))

    def draw(change: dict) -> None:
        text.value = _matching_html(change["new"])

    choose.observe(draw, names="value")
    return widgets.VBox([choose, text])
