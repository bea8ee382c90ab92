"""ipywidgets version of the chapter 3 rating exercise, for readers working in JupyterLab.

The reader picks a fictional counselor response, rates it on Rogers' three therapist conditions
with sliders, and (after ticking a box) sees the authors' illustrative ratings, the differences
and the authors' reasons. Nothing here waits for input: observers update an HTML panel.
"""

from __future__ import annotations

import ipywidgets as widgets

from alliance.content.ch03_rogers import CONDITIONS, EXAMPLE_RESPONSES, get_response
from alliance.templates import render

_SLIDER_NAMES = {"Empathy": "empathy", "Positive regard": "regard", "Congruence": "congruence"}


def _comparison_html(key: str, ratings: dict[str, int], reveal: bool) -> str:
    r = get_response(key)
    rows = [(c, ratings[c], r.rating(c)) for c in reversed(CONDITIONS)]
    total = sum(abs(yours - ours) for _, yours, ours in rows)
    return render("widgets/conditions.html.j2", "comparison",
                  response=r, rows=rows, total=total, reveal=reveal)


def response_rater_widget(initial: str = "1a") -> widgets.VBox:
    """A dropdown, three 1-5 sliders and a reveal checkbox, with a live comparison panel."""
    get_response(initial)
    choose = widgets.Dropdown(
        options=[(r.label, r.key) for r in EXAMPLE_RESPONSES], value=initial,
        description="Response", style={"description_width": "initial"})
    sliders = {
        condition: widgets.IntSlider(value=3, min=1, max=5, step=1,
                                     description=f"Your {_SLIDER_NAMES[condition]}",
                                     style={"description_width": "initial"})
        for condition in reversed(CONDITIONS)
    }
    reveal = widgets.Checkbox(value=False, description="Show the authors' ratings")
    panel = widgets.HTML()

    def update(_change: object = None) -> None:
        panel.value = _comparison_html(
            choose.value, {c: s.value for c, s in sliders.items()}, reveal.value)

    for control in (choose, reveal, *sliders.values()):
        control.observe(update, names="value")
    update()
    return widgets.VBox([choose, *sliders.values(), reveal, panel])
