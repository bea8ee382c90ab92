"""Charts for chapter 9, "Culture, identity and the alliance".

Two interactive charts whose controls are Vega-Lite parameters, so they work in the static book:

* :func:`matching_effects_chart`: Cabral and Smith's (2011) three pooled effects of racial/ethnic
  matching (preference, perception, outcome) side by side; a dropdown picks one, draws what its
  Cohen's d looks like as two overlapping distributions and says what question it answers.
* :func:`humility_path_explorer`: a humility → alliance → improvement path model. Sliders set
  the true paths and how strongly one shared impression (a halo) colours every rating the client
  makes; bars compare the true values with what a one-time client survey would estimate.

The explorer's arithmetic is written once, as Vega expressions in :data:`PATH_EXPRESSIONS`;
:func:`path_estimates` evaluates the same strings in Python, and the tests check that the
browser (Vega in Node.js) and Python agree. Teaching content comes from
:mod:`alliance.content.ch09_culture`.
"""

from __future__ import annotations

import math
import textwrap
from types import SimpleNamespace

import altair as alt
import pandas as pd

from alliance.charts.render import (
    WIDE,
    responsive,
    text_lines,
    with_description,
    wrap_width,
    wrapped_title,
)
from alliance.content.ch09_culture import (
    MATCHING_EFFECTS,
    OUTCOME_RATERS,
    PATH_CONTROLS,
    PATH_QUANTITIES,
    SURVEY_KIND,
    TRUE_KIND,
    get_matching_effect,
)

HIGHLIGHT, MUTED, COMPARISON = "#2a6f97", "#c9d6df", "#8a5a00"
_NAME_ROW = "name"  # the row of a grouped bar chart that carries its group's name
TRUE_COLOR, SURVEY_COLOR = "#6a994e", "#c8553d"

# The path model, as Vega expressions of the parameters path_a, path_b, path_c (true
# standardized paths), halo (the weight of one shared impression on each client rating) and
# shared (1 if the client also rates improvement, 0 if an independent measure does), and of
# fields computed earlier in the list (datum.*). Order matters: each line may use the ones
# above it. Only numbers, + - * /, parentheses and sqrt() appear, so Python evaluates the same
# strings (path_estimates).
#
# Model: true humility H, alliance A = a·H + e, improvement Y = c′·H + b·A + e (all standardized).
# Each client rating is √(1 − halo²)·(true score) + halo·G, with G one impression shared by all
# the client's ratings; an independent outcome measure is the true improvement alone.
PATH_EXPRESSIONS: dict[str, str] = {
    "k": "1 - halo * halo",
    "ly": "shared * sqrt(datum.k) + (1 - shared)",  # loading of the outcome rating on true Y
    "gy": "shared * halo",                           # halo in the outcome rating
    "true_r_ha": "path_a",
    "true_r_hy": "path_c + path_a * path_b",
    "true_r_ay": "path_b + path_a * path_c",
    "true_indirect": "path_a * path_b",
    "true_direct": "path_c",
    "survey_r_ha": "datum.k * path_a + halo * halo",
    "survey_r_hy": "sqrt(datum.k) * datum.ly * datum.true_r_hy + halo * datum.gy",
    "survey_r_ay": "sqrt(datum.k) * datum.ly * datum.true_r_ay + halo * datum.gy",
    # Standardized regression of improvement on humility and alliance (two predictors).
    "survey_direct": "(datum.survey_r_hy - datum.survey_r_ha * datum.survey_r_ay)"
                     " / (1 - datum.survey_r_ha * datum.survey_r_ha)",
    "survey_b": "(datum.survey_r_ay - datum.survey_r_ha * datum.survey_r_hy)"
                " / (1 - datum.survey_r_ha * datum.survey_r_ha)",
    "survey_indirect": "datum.survey_r_ha * datum.survey_b",
}


# --------------------------------------------------------------------------------------------
# (a) Racial/ethnic matching: preference, perception, outcome
# --------------------------------------------------------------------------------------------


def overlap(d: float) -> float:
    """Share of two unit-variance normal distributions, d SDs apart, that overlaps: 2Φ(−|d|/2)."""
    if not math.isfinite(d):
        raise ValueError(f"d must be a finite number; got {d}.")
    return math.erfc(abs(d) / 2 / math.sqrt(2))  # = 2·Φ(−|d|/2)


def matching_table() -> pd.DataFrame:
    """The three matching effects as a table: question, d, number of studies and overlap."""
    return pd.DataFrame(
        [{"question": e.label, "asks": e.asks, "d": e.d, "studies (k)": e.k,
          "overlap of distributions": round(overlap(e.d), 3)} for e in MATCHING_EFFECTS]
    ).set_index("question")


def _chosen_d_expression(param: str) -> str:
    """A Vega expression giving the d of the question the dropdown ``param`` has chosen."""
    expression = "0"
    for e in reversed(MATCHING_EFFECTS):
        expression = f"{param} == '{e.key}' ? {e.d} : ({expression})"
    return expression


def matching_reading(key: str, width: int = WIDE) -> str:
    """What the chart says about one matching question, wrapped to a column ``width`` px wide."""
    e = get_matching_effect(key)
    paragraphs = [
        f"Asks: {e.asks}",
        f"Answer (d = {e.d:.2f}, {e.k} studies): {e.reading}",
        f"Read as two groups, the distributions overlap by {overlap(e.d):.0%}. {e.caution}",
    ]
    chars = wrap_width(width - 10)
    return "\n".join(line for p in paragraphs for line in textwrap.wrap(p, width=chars))


@responsive
def matching_effects_chart(
    initial: str = "outcome", width: int | None = None
) -> alt.VConcatChart:
    """Three pooled d's; a dropdown picks one, draws its two distributions and says what it means.

    ``width`` is the column the chart is drawn for (px): the two panels sit side by side in a
    wide column and one above the other in a narrow one, and the text is wrapped to fit.
    """
    width = WIDE if width is None else width
    start = get_matching_effect(initial)
    question = alt.param(
        name="match_q", value=start.key,
        bind=alt.binding_select(
            options=[e.key for e in MATCHING_EFFECTS],
            labels=[f"{e.label}: d = {e.d:.2f} ({e.k} studies)" for e in MATCHING_EFFECTS],
            name="Which question about matching?  "),
    )
    side_by_side = width >= 2 * 250 + 60
    panel_w = (width - 60) // 2 if side_by_side else width - 30
    labels = [e.label for e in MATCHING_EFFECTS]
    # Each question's name is drawn above its bar, inside the plot, rather than on an axis.
    effects = alt.Data(values=[{"key": e.key, "label": e.label, "d": e.d, "k": e.k, "row": row}
                               for e in MATCHING_EFFECTS for row in (_NAME_ROW, "bar")])
    base = alt.Chart(effects)
    y = alt.Y("label:N", sort=labels, title=None, axis=None,
              scale=alt.Scale(paddingInner=0.1))
    y_offset = alt.YOffset("row:N", sort=[_NAME_ROW, "bar"])
    names = base.transform_filter(f"datum.row == '{_NAME_ROW}'").transform_calculate(
        text="datum.label + ' (' + datum.k + ' studies)'"
    ).mark_text(align="left", baseline="middle", fontSize=12, fontWeight="bold",
                color="#222222").encode(y=y, yOffset=y_offset, x=alt.value(0), text="text:N")
    base = base.transform_filter("datum.row == 'bar'")
    bars = base.mark_bar(height=18).encode(
        y=y, yOffset=y_offset,
        x=alt.X("d:Q", title="Pooled Cohen's d", scale=alt.Scale(domain=[0, 1.2]),
                axis=alt.Axis(values=[0, 0.2, 0.4, 0.6, 0.8, 1.0])),
        color=alt.condition(alt.datum.key == question, alt.value(HIGHLIGHT), alt.value(MUTED)),
        tooltip=[alt.Tooltip("label:N", title="Question"), alt.Tooltip("d:Q", format=".2f"),
                 alt.Tooltip("k:Q", title="Studies (k)")],
    )
    bar_text = base.transform_calculate(
        text="'d = ' + format(datum.d, '.2f')"
    ).mark_text(align="left", dx=4, fontSize=12).encode(y=y, yOffset=y_offset, x="d:Q",
                                                         text="text:N")
    effects_panel = alt.layer(bars, bar_text, names).properties(
        width=panel_w, height=150,
        title=text_lines("Three questions, three pooled effects", panel_w + 40))

    chosen_d = _chosen_d_expression("match_q")
    grid = alt.Data(values=[{"x": round(-3.5 + i * 0.05, 2), "group": group}
                            for group in ("Comparison", "Matched") for i in range(161)])
    curves = alt.Chart(grid).transform_calculate(
        mu=f"datum.group == 'Matched' ? ({chosen_d}) : 0",
        density="exp(-0.5 * pow(datum.x - datum.mu, 2)) / sqrt(2 * PI)",
    )
    group_color = alt.Color(
        "group:N", title=None,
        scale=alt.Scale(domain=["Comparison", "Matched"], range=[COMPARISON, HIGHLIGHT]),
        legend=alt.Legend(orient="top-left", direction="vertical", labelFontSize=11, labelExpr=(
            "datum.label == 'Matched' ? 'Matched' : 'Not matched'")),
    )
    areas = curves.mark_area(opacity=0.35).encode(
        x=alt.X("x:Q", title="Standard deviations", scale=alt.Scale(domain=[-3.5, 4.5])),
        y=alt.Y("density:Q", title=None, axis=None, stack=None),  # overlap, not stack
        color=group_color,
    )
    means = alt.Chart(alt.Data(values=[{"group": "Comparison"}, {"group": "Matched"}])
                      ).transform_calculate(
        mu=f"datum.group == 'Matched' ? ({chosen_d}) : 0"
    ).mark_rule(strokeWidth=2).encode(x="mu:Q", color=group_color)
    curves_panel = alt.layer(areas, means).properties(
        width=panel_w, height=150,
        title=text_lines("What the chosen d looks like", panel_w + 40))

    # The sentences are written (and wrapped) in Python; the dropdown picks which to show.
    texts = {e.key: matching_reading(e.key, width) for e in MATCHING_EFFECTS}
    n_lines = max(t.count("\n") + 1 for t in texts.values())
    reading = alt.Chart(alt.Data(values=[{"key": k, "text": t} for k, t in texts.items()])
                        ).transform_filter("datum.key == match_q").mark_text(
        align="left", baseline="top", fontSize=13, lineBreak="\n", lineHeight=18,
    ).encode(x=alt.value(0), y=alt.value(0), text="text:N").properties(
        name="matching_reading", width=width - 20, height=18 * n_lines,
        view=alt.ViewBackground(stroke=None))

    panels = (alt.hconcat(effects_panel, curves_panel, spacing=30) if side_by_side
              else alt.vconcat(effects_panel, curves_panel, spacing=20))
    # An independent scale keeps the curves' legend inside the curves' panel.
    panels = panels.resolve_scale(color="independent")
    chart = alt.vconcat(panels, reading, spacing=14).add_params(question).properties(
        title=wrapped_title("Racial/ethnic matching: three different questions",
                            "Pooled effects from Cabral & Smith (2011); choose a question in "
                            "the menu", width - 20, 15, 12))
    return with_description(
        chart,
        "Horizontal bars of the three pooled Cohen's d values for racial/ethnic matching, "
        "preference 0.63 (52 studies), perception 0.32 (81 studies) and outcome 0.09 (53 "
        "studies), with the chosen one highlighted; two overlapping normal curves whose means "
        "differ by the chosen d; and text saying what the chosen question asks, what the answer "
        "means and how much the two distributions overlap. A dropdown chooses the question.",
    )


# --------------------------------------------------------------------------------------------
# (b) Humility → alliance → improvement, and the halo of one-rater surveys
# --------------------------------------------------------------------------------------------


def _check_path_values(values: dict[str, float], shared: int) -> None:
    for control in PATH_CONTROLS:
        value = values[control.name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            control.low <= value <= control.high
        ):
            raise ValueError(
                f"{control.name} ({control.label.strip()}) must be a number from {control.low} "
                f"to {control.high}; got {value!r}.")
    if shared not in {code for code, _ in OUTCOME_RATERS} or isinstance(shared, bool):
        raise ValueError(f"shared must be 1 (the client rates improvement) or 0 (an "
                         f"independent measure does); got {shared!r}.")


def path_estimates(
    path_a: float, path_b: float, path_c: float, halo: float, shared: int = 1
) -> dict[str, float]:
    """True values and one-time-survey estimates of the humility → alliance → improvement model.

    Evaluates :data:`PATH_EXPRESSIONS`, the same strings the web book's chart evaluates in the
    browser. Returns every field, including ``true_indirect`` (a×b), ``survey_indirect`` (the
    indirect effect a cross-sectional regression on the client's ratings would report) and the
    three correlations. Values outside the sliders' ranges raise ``ValueError``.
    """
    params = {"path_a": path_a, "path_b": path_b, "path_c": path_c, "halo": halo}
    _check_path_values(params, shared)
    datum = SimpleNamespace()
    scope = {**{k: float(v) for k, v in params.items()}, "shared": shared, "datum": datum,
             "sqrt": math.sqrt}
    for name, expression in PATH_EXPRESSIONS.items():
        # The strings are the course's own constants (never user input); evaluating them is what
        # keeps Python and the browser on one formula.
        setattr(datum, name, float(eval(expression, {"__builtins__": {}}, scope)))
    return {name: round(value, 10) + 0.0 for name, value in vars(datum).items()}


def path_comparison(
    path_a: float, path_b: float, path_c: float, halo: float, shared: int = 1
) -> pd.DataFrame:
    """One row per quantity of :data:`PATH_QUANTITIES`: its true value and the survey estimate."""
    est = path_estimates(path_a, path_b, path_c, halo, shared)
    return pd.DataFrame(
        [{"quantity": label, "true": est[f"true_{key}"], "survey": est[f"survey_{key}"]}
         for key, label in PATH_QUANTITIES]
    ).set_index("quantity")


def _summary_expression(wide: bool) -> str:
    """The explorer's text panel as a Vega expression: short lines, joined to suit the width."""
    def f(x: str) -> str:
        return f"format({x}, '.2f')"

    rater = " : ".join(f"shared == {code} ? '{label}'" for code, label in OUTCOME_RATERS[:-1])
    rater = f"({rater} : '{OUTCOME_RATERS[-1][1]}')"
    truth = (f"'True paths: a = ' + {f('path_a')} + ', b = ' + {f('path_b')} + "
             f"', c′ = ' + {f('path_c')}")
    halo = f"{f('halo')}"
    rated = f"'Improvement rated by ' + {rater}"
    survey = (f"'{'Survey estimates' if wide else 'Survey'}: a = ' + "
              f"{f('datum.survey_r_ha')} + ', b = ' + {f('datum.survey_b')} + ', c′ = ' + "
              f"{f('datum.survey_direct')}")
    indirect = (f"{f('datum.survey_indirect')} + ' (true ' + {f('datum.true_indirect')} + ')'")
    gap = "abs(datum.survey_indirect - datum.true_indirect)"
    verdict = (f"({gap} < 0.005 ? 'Survey recovers the true indirect effect' : "
               "'Survey ' + (datum.survey_indirect > datum.true_indirect ? 'overstates' : "
               f"'understates') + ' indirect effect by ' + format({gap}, '.2f'))")
    if wide:
        lines = [f"{truth} + '; halo = ' + {halo}", rated, survey,
                 f"'Indirect a×b = ' + {indirect}", verdict]
    else:
        lines = [truth, f"'Halo = ' + {halo}", rated, survey,
                 f"'Indirect a×b = ' + {indirect}", verdict]
    return " + '\\n' + ".join(f"({line})" for line in lines)


@responsive
def humility_path_explorer(width: int | None = None) -> alt.VConcatChart:
    """Sliders for the true paths and the halo; bars compare true values with survey estimates.

    ``width`` is the column the chart is drawn for (px); in a narrow column the text panel uses
    more, shorter lines and the bars get narrower.
    """
    width = WIDE if width is None else width
    wide = width >= 480
    sliders = [
        alt.param(name=c.name, value=c.value,
                  bind=alt.binding_range(min=c.low, max=c.high, step=c.step, name=c.label))
        for c in PATH_CONTROLS
    ]
    shared = alt.param(
        name="shared", value=OUTCOME_RATERS[0][0],
        bind=alt.binding_radio(options=[code for code, _ in OUTCOME_RATERS],
                               labels=[label for _, label in OUTCOME_RATERS],
                               name="Improvement is rated by  "),
    )
    # Each quantity gets three rows: its name (drawn above its bars, inside the plot, so that no
    # axis pushes the text panel to the right of the column) and its two values.
    rows = [{"quantity": label, "kind": kind, "field": f"{prefix}_{key}" if prefix else ""}
            for key, label in PATH_QUANTITIES
            for kind, prefix in ((_NAME_ROW, ""), (TRUE_KIND, "true"), (SURVEY_KIND, "survey"))]
    base = alt.Chart(alt.Data(values=rows)).transform_calculate(**PATH_EXPRESSIONS)
    # Name every field explicitly: Vega re-runs a formula when the fields it reads change, and
    # it cannot see which field datum[datum.field] reads, so that form would go stale.
    value = "null"
    for field in reversed([row["field"] for row in rows if row["field"]]):
        value = f"datum.field == '{field}' ? datum.{field} : ({value})"
    base = base.transform_calculate(value=value)
    kinds = [TRUE_KIND, SURVEY_KIND]
    y = alt.Y("quantity:N", sort=[label for _, label in PATH_QUANTITIES], title=None, axis=None,
              scale=alt.Scale(paddingInner=0.15))
    y_offset = alt.YOffset("kind:N", sort=[_NAME_ROW, *kinds])
    x = alt.X("value:Q", title="Standardized value", scale=alt.Scale(domain=[-0.3, 1.15]),
              axis=alt.Axis(values=[-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1.0]))
    color = alt.Color("kind:N", title=None, sort=kinds,
                      scale=alt.Scale(domain=kinds, range=[TRUE_COLOR, SURVEY_COLOR]),
                      legend=alt.Legend(orient="bottom", direction="vertical",
                                        labelLimit=width - 40))
    values = base.transform_filter(f"datum.kind != '{_NAME_ROW}'")
    names = base.transform_filter(f"datum.kind == '{_NAME_ROW}'").mark_text(
        align="left", baseline="middle", fontSize=12, fontWeight="bold", color="#222222",
    ).encode(y=y, yOffset=y_offset, x=alt.value(0), text="quantity:N")
    bars = values.mark_bar(height=12).encode(
        y=y, yOffset=y_offset, x=x, x2=alt.datum(0), color=color,
        tooltip=[alt.Tooltip("quantity:N", title="Quantity"), alt.Tooltip("kind:N", title=""),
                 alt.Tooltip("value:Q", title="Value", format=".2f")],
    )
    numbers = values.mark_text(align="left", dx=4, fontSize=11).encode(
        y=y, yOffset=y_offset, x=x, text=alt.Text("value:Q", format=".2f"),
    ).properties(name="path_numbers")
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="#777").encode(x="x:Q")
    bars_panel = alt.layer(zero, bars, numbers, names).properties(
        width=width - 30, height=54 * len(PATH_QUANTITIES))

    n_lines = 5 if wide else 6
    summary = alt.Chart(alt.Data(values=[{}])).transform_calculate(
        **PATH_EXPRESSIONS
    ).transform_calculate(text=_summary_expression(wide)).mark_text(
        align="left", baseline="top", fontSize=13, lineBreak="\n", lineHeight=18,
    ).encode(x=alt.value(0), y=alt.value(0), text="text:N").properties(
        name="path_summary", width=width - 20, height=18 * n_lines,
        view=alt.ViewBackground(stroke=None))

    chart = alt.vconcat(summary, bars_panel, spacing=10).add_params(*sliders, shared).properties(
        title=wrapped_title("Humility → alliance → improvement: what a one-time client survey "
                            "shows", "A teaching simulation: the sliders set the truth; the "
                            "survey sees only ratings", width - 20, 15, 12))
    return with_description(
        chart,
        "A path model explorer. Four sliders set the true path from cultural humility to the "
        "alliance (a), from the alliance to improvement (b), the direct path from humility to "
        "improvement (c′), and the weight of one shared impression (halo) in every rating the "
        "client makes; two radio buttons choose whether improvement is rated by the client or "
        "by an independent measure. Grouped horizontal bars compare, for three correlations and "
        "the indirect and direct effects, the true value with what a one-time survey of the "
        "client's ratings would estimate. Text above the bars states the settings and whether "
        "the survey over- or understates the indirect effect.",
    )
