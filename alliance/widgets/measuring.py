"""ipywidgets for chapter 7, "Measuring the alliance" (they need a live kernel: JupyterLab).

* :func:`wai_sr_scorer_widget`: twelve sliders and "skip" boxes; the scores come from
  :func:`alliance.measures.score_wai_sr`, so skipping items shows the prorating rule at work.
* :func:`ceiling_widget`: a slider for the highest score a scale can record, redrawing the web
  book's scatter (:func:`alliance.charts.measuring.ceiling_explorer`) at each ceiling.

Nothing here waits for input: each function builds its widgets, draws them once and returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from alliance.charts.measuring import ceiling_explorer
from alliance.measures import MISSING_RULE, get_spec, min_answered, score_wai_sr
from alliance.templates import render

_TEMPLATE = "widgets/measuring.html.j2"


def _fmt(x: float) -> str:
    return "missing" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:g}"


def wai_sr_scorer_widget(initial: Sequence[int] | None = None) -> widgets.VBox:
    """Sliders for WAI-SR items 1-12 (labelled by number and subscale) with live scores."""
    spec = get_spec("wai_sr")
    owner = {i: name for name, items in spec.subscales.items() for i in items}
    values = list(initial) if initial is not None else [3] * spec.n_items
    if len(values) != spec.n_items:
        raise ValueError(f"initial needs {spec.n_items} responses; got {len(values)}.")
    sliders, skips, rows = [], [], []
    for item, v in zip(spec.items, values, strict=True):
        slider = widgets.IntSlider(
            value=int(v), min=int(spec.scale_min), max=int(spec.scale_max), step=1,
            description=f"Item {item} ({owner[item]})",
            style={"description_width": "120px"}, layout=widgets.Layout(width="340px"),
        )
        skip = widgets.Checkbox(value=False, description="unanswered", indent=False,
                                layout=widgets.Layout(width="110px"))
        sliders.append(slider)
        skips.append(skip)
        rows.append(widgets.HBox([slider, skip]))
    result = widgets.HTML()
    need = {name: min_answered(len(items)) for name, items in spec.subscales.items()}

    def update(_change: object = None) -> None:
        response = [None if skip.value else slider.value
                    for slider, skip in zip(sliders, skips, strict=True)]
        for slider, skip in zip(sliders, skips, strict=True):
            slider.disabled = skip.value
        scores = score_wai_sr([float("nan") if x is None else x for x in response])
        subscales = [
            (name, _fmt(scores[name]), sum(response[i - 1] is not None for i in items),
             len(items), need[name])
            for name, items in spec.subscales.items()
        ]
        result.value = render(_TEMPLATE, "scores", subscales=subscales,
                              total=_fmt(scores["total"]), missing_rule=MISSING_RULE)

    for w in (*sliders, *skips):
        w.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HTML(render(_TEMPLATE, "heading")), *rows, result])


def ceiling_widget(data: pd.DataFrame, alliance: str, outcome: str, ceilings: Sequence[int],
                   alliance_title: str = "Alliance score",
                   outcome_title: str = "Outcome") -> widgets.VBox:
    """A slider for the ceiling; the web book's scatter and observed r redraw for each value.

    The arguments are :func:`alliance.charts.measuring.ceiling_explorer`'s, which draws the chart
    at the chosen ceiling.
    """
    ceilings = sorted(int(c) for c in ceilings)
    slider = widgets.SelectionSlider(options=ceilings, value=ceilings[-1],
                                     description="Ceiling", continuous_update=False)
    out = widgets.Output()

    def update(_change: object = None) -> None:
        chart = ceiling_explorer(data, alliance, outcome, ceilings, alliance_title,
                                 outcome_title, ceiling=slider.value)
        out.clear_output(wait=True)
        with out:
            display(chart)

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, out])
