"""Charts for chapter 7, "Measuring the alliance".

Two interactions that run in the reader's browser with no kernel:

* :func:`wai_sr_scorer`: twelve sliders (WAI-SR items 1-12) and the Goal, Task, Bond and total
  scores, computed by Vega expressions that are *generated from the instrument spec*
  (``alliance.measures.get_spec("wai_sr")``), so the chart cannot drift from the library.
* :func:`ceiling_explorer`: a slider sets the highest score a scale can record; the scatter
  shows the capped alliance scores piling up at the ceiling and the observed correlation with
  outcome, precomputed for every ceiling by :func:`ceiling_correlations`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from alliance.charts.render import WIDE, responsive, with_description, wrap_width
from alliance.measures import InstrumentSpec, get_spec
from alliance.stats import correlation_ci, variance_explained

SUBSCALE_COLORS = ["#2a6f97", "#c8553d", "#6a994e", "#8d5a97", "#bc6c25"]


# --------------------------------------------------------------------------------------------
# (a) Score a WAI-SR response from the spec
# --------------------------------------------------------------------------------------------


def item_param_name(spec: InstrumentSpec, item: int) -> str:
    """Name of the Vega-Lite parameter holding ``item``'s response, e.g. ``wai_sr_07``."""
    return spec.column(item)


def keyed_item_expression(spec: InstrumentSpec, item: int) -> str:
    """Vega expression for one item's keyed value (reversed if the spec says so)."""
    name = item_param_name(spec, item)
    if item in spec.reverse_items:
        return f"({spec.scale_min:g} + {spec.scale_max:g} - {name})"
    return name


def score_expressions(spec: InstrumentSpec) -> dict[str, str]:
    """Vega expressions for every subscale and the total, built from ``spec`` alone.

    Every item is answered (a slider always has a value), so no prorating is needed here: a
    "sum" instrument's subscale is the sum of its keyed items, a "mean" instrument's is their
    mean, and the total is formed from the subscale sums exactly as
    :func:`alliance.measures.score_instrument` forms it. The expressions use only parameter
    names, numbers, ``+ - * /`` and parentheses, so they also evaluate as Python arithmetic
    (which is how the tests check them against :func:`alliance.measures.score_wai_sr`).
    """
    if not spec.key_confirmed:
        raise ValueError(
            f"The {spec.short_name} scoring key is not confirmed "
            f"(see get_spec({spec.key!r}).notes); a chart cannot score it."
        )
    groups = dict(spec.subscales) if spec.subscales else {"total": spec.items}
    sums: dict[str, str] = {}
    out: dict[str, str] = {}
    for name, items in groups.items():
        total = " + ".join(keyed_item_expression(spec, i) for i in items)
        sums[name] = f"({total})"
        out[name] = sums[name] if spec.total == "sum" else f"({total}) / {len(items)}"
    if spec.subscales:
        grand = " + ".join(sums.values())
        out["total"] = f"({grand})" if spec.total == "sum" else f"({grand}) / {spec.n_items}"
    return out


def _score_range(spec: InstrumentSpec, n_items: int) -> tuple[float, float]:
    if spec.total == "sum":
        return spec.scale_min * n_items, spec.scale_max * n_items
    return spec.scale_min, spec.scale_max


def _subscale_of(spec: InstrumentSpec) -> dict[int, str]:
    return {i: name for name, items in spec.subscales.items() for i in items}


@responsive
def wai_sr_scorer(initial: Sequence[int] | None = None, key: str = "wai_sr",
                  width: int | None = None) -> alt.VConcatChart:
    """Twelve sliders (one per item) and the subscale and total scores they produce.

    The item labels are item *numbers* with their subscale (never the copyrighted wording).
    ``initial`` gives the starting response (default: every item at the scale midpoint).
    ``width`` is the column it is drawn for (px); under 560 px the score panels are stacked.
    """
    width = WIDE if width is None else width
    stacked = width < 560
    panel = width - 110 if stacked else 220
    # Bars end short of the panel's edge so the score printed after a bar is never cut off.
    bar_range = [0, panel - 30]
    spec = get_spec(key)
    if not spec.subscales:
        raise ValueError(f"{spec.short_name} has no subscales to show.")
    owner = _subscale_of(spec)
    mid = int(round((spec.scale_min + spec.scale_max) / 2))
    values = list(initial) if initial is not None else [mid] * spec.n_items
    if len(values) != spec.n_items:
        raise ValueError(
            f"initial needs {spec.n_items} responses, one per item; got {len(values)}."
        )
    for item, v in zip(spec.items, values, strict=True):
        if not spec.scale_min <= v <= spec.scale_max:
            raise ValueError(
                f"initial response to item {item} is {v}; {spec.short_name} items are "
                f"{spec.describe_scale()}."
            )

    params = [
        alt.param(
            name=item_param_name(spec, item),
            value=int(v),
            bind=alt.binding_range(
                min=spec.scale_min, max=spec.scale_max, step=spec.step,
                name=f"Item {item} ({owner[item].capitalize()})  ",
            ),
        )
        for item, v in zip(spec.items, values, strict=True)
    ]
    exprs = score_expressions(spec)
    names = list(spec.subscales)
    colors = alt.Scale(domain=[n.capitalize() for n in names], range=SUBSCALE_COLORS[: len(names)])

    # Items panel: one point per item, coloured by subscale.
    item_rows = alt.Data(values=[
        {"item": i, "label": f"{i}", "subscale": owner[i].capitalize()} for i in spec.items
    ])
    item_value = " : ".join(
        f"datum.item == {i} ? {item_param_name(spec, i)}" for i in spec.items
    ) + " : null"
    items_chart = alt.Chart(item_rows).transform_calculate(response=item_value).mark_bar(
        size=14
    ).encode(
        x=alt.X("label:O", title="Item number", sort=[str(i) for i in spec.items],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("response:Q", title="Response",
                scale=alt.Scale(domain=[0, spec.scale_max]),
                axis=alt.Axis(values=list(range(int(spec.scale_min), int(spec.scale_max) + 1)))),
        color=alt.Color("subscale:N", title="Subscale", scale=colors),
        tooltip=[alt.Tooltip("item:O", title="Item"), alt.Tooltip("subscale:N", title="Subscale"),
                 alt.Tooltip("response:Q", title="Response")],
    ).properties(width=min(360, width - 70), height=160, title="Your responses, item by item")

    # Subscales panel.
    low, high = _score_range(spec, len(next(iter(spec.subscales.values()))))
    sub_rows = alt.Data(values=[{"subscale": n.capitalize(), "key": n} for n in names])
    sub_value = " : ".join(f"datum.key == '{n}' ? {exprs[n]}" for n in names) + " : null"
    sub_base = alt.Chart(sub_rows).transform_calculate(score=sub_value)
    sub_bars = sub_base.mark_bar(size=26).encode(
        y=alt.Y("subscale:N", title=None, sort=[n.capitalize() for n in names]),
        x=alt.X("score:Q", title=f"Subscale score ({low:g}-{high:g})",
                scale=alt.Scale(domain=[0, high], range=bar_range)),
        color=alt.Color("subscale:N", scale=colors, legend=None),
        tooltip=[alt.Tooltip("subscale:N", title="Subscale"),
                 alt.Tooltip("score:Q", title="Score")],
    )
    sub_text = sub_base.mark_text(align="left", dx=4, fontSize=13).encode(
        y=alt.Y("subscale:N", sort=[n.capitalize() for n in names]),
        x="score:Q", text=alt.Text("score:Q", format=".0f"),
    )
    sub_chart = (sub_bars + sub_text).properties(width=panel, height=120, title="Subscales")

    # Total panel.
    t_low, t_high = _score_range(spec, spec.n_items)
    total_base = alt.Chart(alt.Data(values=[{"scale": "Total"}])).transform_calculate(
        score=exprs["total"]
    )
    total_bar = total_base.mark_bar(size=26, color="#444444").encode(
        y=alt.Y("scale:N", title=None),
        x=alt.X("score:Q", title=f"Total score ({t_low:g}-{t_high:g})",
                scale=alt.Scale(domain=[0, t_high], range=bar_range)),
        tooltip=[alt.Tooltip("score:Q", title="Total")],
    )
    total_text = total_base.mark_text(align="left", dx=4, fontSize=13).encode(
        y="scale:N", x="score:Q", text=alt.Text("score:Q", format=".0f"),
    )
    total_chart = (total_bar + total_text).properties(width=panel, height=50, title="Total")

    scores = alt.vconcat(sub_chart, total_chart) if stacked else alt.hconcat(sub_chart,
                                                                              total_chart)
    title = f"Scoring the {spec.short_name}: move a slider and watch the subscales"
    chart = alt.vconcat(items_chart, scores).add_params(*params).properties(
        title=alt.Title(textwrap.wrap(title, wrap_width(width - 40, 14)) if stacked else title)
    )
    return with_description(
        chart,
        f"Twelve sliders set the responses to {spec.short_name} items 1 to 12 "
        f"({spec.describe_scale()}). A bar chart shows each item's response coloured by its "
        "subscale; below, bars show the Goal, Task and Bond subscale sums and the total.",
    )


# --------------------------------------------------------------------------------------------
# (b) A ceiling on the alliance scale, and the correlation you observe
# --------------------------------------------------------------------------------------------


def ceiling_correlations(
    alliance: pd.Series | np.ndarray,
    outcome: pd.Series | np.ndarray,
    ceilings: Sequence[float],
) -> pd.DataFrame:
    """For each ceiling, the correlation between the capped alliance score and outcome.

    A scale with a ceiling ``c`` records ``min(score, c)``: everyone at or above ``c`` gets
    ``c``. Returns one row per ceiling with the observed r (pandas' Pearson correlation), its
    95% confidence interval (:func:`alliance.stats.correlation_ci`), the variance explained
    (:func:`alliance.stats.variance_explained`) and the share of clients at the ceiling.
    """
    a = pd.Series(np.asarray(alliance, dtype=float))
    y = pd.Series(np.asarray(outcome, dtype=float))
    if len(a) != len(y):
        raise ValueError(
            f"alliance and outcome need one value per client; got {len(a)} and {len(y)}."
        )
    keep = a.notna() & y.notna()
    a, y = a[keep].reset_index(drop=True), y[keep].reset_index(drop=True)
    rows = []
    for c in ceilings:
        capped = a.clip(upper=float(c))
        if capped.std() == 0:
            raise ValueError(
                f"At a ceiling of {c} every client has the same score; choose a higher one."
            )
        r = float(capped.corr(y))
        low, high = correlation_ci(r, len(a))
        rows.append({
            "ceiling": float(c),
            "r": r,
            "ci_low": low,
            "ci_high": high,
            "r2": float(variance_explained(r)),
            "at_ceiling": float((a >= c).mean()),
            "n": int(len(a)),
        })
    return pd.DataFrame(rows)


@responsive
def ceiling_explorer(
    data: pd.DataFrame,
    alliance: str,
    outcome: str,
    ceilings: Sequence[int],
    alliance_title: str = "Alliance score",
    outcome_title: str = "Outcome",
    width: int | None = None,
    ceiling: int | None = None,
) -> alt.LayerChart:
    """Scatter of a capped alliance score against outcome; a slider chooses the ceiling.

    The observed r for every ceiling is precomputed with :func:`ceiling_correlations`, so the
    number shown is the library's, not the browser's. ``width`` is the column it is drawn for
    (px); in a narrow one the result line above the plot takes two lines. With ``ceiling`` (one
    of ``ceilings``) the chart is drawn at that ceiling with no slider: the JupyterLab widget
    (:func:`alliance.widgets.measuring.ceiling_widget`) moves it from Python.
    """
    width = WIDE if width is None else width
    narrow = width < 480
    ceilings = [int(c) for c in ceilings]
    if not ceilings:
        raise ValueError("Give at least one ceiling value.")
    if ceiling is not None and ceiling not in ceilings:
        raise ValueError(f"ceiling must be one of the ceilings given ({min(ceilings)} to "
                         f"{max(ceilings)}); got {ceiling!r}.")
    table = ceiling_correlations(data[alliance], data[outcome], ceilings)
    points = pd.DataFrame({"alliance": data[alliance].astype(float),
                           "outcome": data[outcome].astype(float)}).dropna()
    top = max(ceilings)
    step = 1 if len(ceilings) < 2 else min(np.diff(sorted(ceilings)))
    if ceiling is None:  # the reader moves the ceiling with a slider in the page
        chosen = alt.param(name="ceiling", value=top, bind=alt.binding_range(
            min=min(ceilings), max=top, step=int(step),
            name="Highest score the scale can record  "))
    else:  # fixed: the JupyterLab widget draws the chart again for each value
        chosen = alt.param(name="ceiling", value=int(ceiling))
    lo = float(points["alliance"].min())
    scatter = alt.Chart(points).transform_calculate(
        recorded="min(datum.alliance, ceiling)",
        capped="datum.alliance >= ceiling ? 'at the ceiling' : 'below the ceiling'",
    ).mark_circle(size=28, opacity=0.55).encode(
        x=alt.X("recorded:Q", title=f"{alliance_title} as recorded",
                scale=alt.Scale(domain=[np.floor(lo) - 1, top + 1])),
        y=alt.Y("outcome:Q", title=outcome_title),
        color=alt.Color("capped:N", title=None,
                        scale=alt.Scale(domain=["below the ceiling", "at the ceiling"],
                                        range=["#2a6f97", "#c8553d"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("alliance:Q", title="True score"),
                 alt.Tooltip("recorded:Q", title="Recorded score"),
                 alt.Tooltip("outcome:Q", title=outcome_title)],
    )
    rule = alt.Chart(alt.Data(values=[{}])).transform_calculate(c="ceiling").mark_rule(
        strokeDash=[4, 4], color="#c8553d"
    ).encode(x="c:Q")
    gap = "'\\n'" if narrow else "'   '"
    label = alt.Chart(table).transform_filter("datum.ceiling == ceiling").transform_calculate(
        text="'Observed r = ' + format(datum.r, '.2f') + '  [' + format(datum.ci_low, '.2f')"
             f" + ', ' + format(datum.ci_high, '.2f') + ']' + {gap} + 'at the ceiling: '"
             " + format(datum.at_ceiling, '.0%')"
    ).mark_text(align="left", baseline="bottom", x=5, y=-6, fontSize=13,
                lineBreak="\n").encode(text="text:N")
    chart = (scatter + rule + label).add_params(chosen).properties(
        width=min(460, width - 70), height=300,
        title=alt.TitleParams("A ceiling on the alliance scale", offset=40 if narrow else 22),
    )
    return with_description(
        chart,
        f"Scatter plot of {alliance_title.lower()} against {outcome_title.lower()} for simulated "
        "clients. A slider sets the highest score the scale can record; scores above it are "
        "recorded at the ceiling and pile up on a dashed line, and the observed correlation is "
        "shown above the plot.",
    )
