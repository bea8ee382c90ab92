"""ipywidgets for chapter 7, "Measuring the alliance" (they need a live kernel: JupyterLab).

* :func:`wai_sr_scorer_widget`: twelve sliders and "skip" boxes; the scores come from
  :func:`alliance.measures.score_wai_sr`, so skipping items shows the prorating rule at work.
* :func:`ceiling_widget`: a slider for the highest score a scale can record, with the observed
  alliance–outcome correlation from :func:`alliance.charts.measuring.ceiling_correlations`.

Nothing here waits for input: each function builds its widgets, draws them once and returns.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from alliance.charts.measuring import ceiling_correlations
from alliance.measures import MISSING_RULE, get_spec, min_answered, score_wai_sr


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
        cells = "".join(
            f"<tr><td>{name.capitalize()}</td><td>{_fmt(scores[name])}</td>"
            f"<td>{sum(response[i - 1] is not None for i in items)} of {len(items)} answered "
            f"(at least {need[name]} needed)</td></tr>"
            for name, items in spec.subscales.items()
        )
        result.value = (
            "<table><tr><th>Scale</th><th>Score</th><th>Items</th></tr>"
            f"{cells}<tr><td><b>Total</b></td><td><b>{_fmt(scores['total'])}</b></td>"
            "<td>12-60</td></tr></table>"
            f"<p style='max-width:560px'><i>Missing items:</i> {html.escape(MISSING_RULE)}</p>"
        )

    for w in (*sliders, *skips):
        w.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HTML("<b>WAI-SR scorer</b> (items by number; wording not shown)"),
                         *rows, result])


def ceiling_widget(
    data: pd.DataFrame,
    alliance: str,
    outcome: str,
    ceilings: Sequence[int],
    alliance_title: str = "Alliance score",
    outcome_title: str = "Outcome",
) -> widgets.VBox:
    """A slider for the ceiling; the scatter and the observed r redraw for each value."""
    ceilings = sorted(int(c) for c in ceilings)
    table = ceiling_correlations(data[alliance], data[outcome], ceilings).set_index("ceiling")
    slider = widgets.SelectionSlider(options=ceilings, value=ceilings[-1],
                                     description="Ceiling", continuous_update=False)
    out = widgets.Output()
    points = pd.DataFrame({"alliance": data[alliance].astype(float),
                           "outcome": data[outcome].astype(float)}).dropna()

    def update(_change: object = None) -> None:
        c = slider.value
        row = table.loc[float(c)]
        shown = points.assign(recorded=points["alliance"].clip(upper=c),
                              where=(points["alliance"] >= c).map(
                                  {True: "at the ceiling", False: "below the ceiling"}))
        chart = alt.Chart(shown).mark_circle(size=28, opacity=0.55).encode(
            x=alt.X("recorded:Q", title=f"{alliance_title} as recorded"),
            y=alt.Y("outcome:Q", title=outcome_title),
            color=alt.Color("where:N", title=None),
        ).properties(
            width=420, height=260,
            title=f"Ceiling {c}: observed r = {row['r']:.2f} "
                  f"[{row['ci_low']:.2f}, {row['ci_high']:.2f}]; "
                  f"{row['at_ceiling']:.0%} of clients at the ceiling",
        )
        out.clear_output(wait=True)
        with out:
            display(chart)

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, out])
