"""Chapter 2, "Bordin's working alliance": a goal/task/bond profile that explains itself.

The interpretation of a profile is written **once**, as data: :data:`PROFILE_RULES` in
:mod:`alliance.content.ch02_bordin`, the chapter's teaching content. Two things are generated
from that one list, so they cannot drift apart:

* :func:`interpret_profile` (in the content module, re-exported here), used by the ipywidgets
  version (:mod:`alliance.widgets.profile`) and by the chapter's worked example;
* :func:`profile_expression` (here), the Vega expression the Altair chart evaluates in the
  reader's browser (the chart has no Python behind it in the web book).

``tests/test_charts_profile.py`` checks that both give the same sentence for a set of profiles,
evaluating the expression with the book's own copy of Vega.

The scale and the cut-points (:data:`STRONG`, :data:`WEAK`, teaching conventions of this
course, not published norms) are explained in :mod:`alliance.content.ch02_bordin`.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping

import altair as alt

from alliance.charts.render import WIDE, responsive, with_description, wrap_width, wrapped_title
from alliance.content.ch02_bordin import (
    COMPONENTS,
    PROFILE_RULES,
    SCALE_MAX,
    SCALE_MIN,
    STRONG,
    WEAK,
    Clause,
    Rule,
    check_profile,
    interpret_profile,
    matching_rule,
)
from alliance.measures import get_spec

# Names the chapters import from here; the rules themselves live in alliance.content.
__all__ = [
    "COMPONENTS",
    "PROFILE_RULES",
    "STRONG",
    "WEAK",
    "goal_task_bond_profile",
    "interpret_profile",
    "matching_rule",
    "profile_expression",
    "subscale_means",
    "wrap_message",
]


COMPONENT_COLORS = ("#2a6f97", "#6a994e", "#c8553d")
WRAP_WIDTH = 50


def _clause_vega(clause: Clause) -> str:
    """One clause as a Vega condition on the chart's ``goal``/``task``/``bond`` parameters."""
    if clause.level == "strong":
        return f"{clause.component} >= {STRONG:g}"
    return f"{clause.component} < {WEAK:g}"


def _rule_vega(rule: Rule) -> str:
    """A rule as a Vega condition: all its clauses (an empty rule always holds)."""
    if not rule.clauses:
        return "true"
    return " && ".join(f"({_clause_vega(clause)})" for clause in rule.clauses)


def wrap_message(message: str, width: int = WRAP_WIDTH) -> str:
    """``message`` broken into lines (joined with ``\\n``) for the chart's text mark."""
    return "\n".join(textwrap.wrap(message, width=width))


def _most_lines(width: int) -> int:
    """How many lines the longest reading takes when wrapped to ``width`` characters."""
    return max(wrap_message(rule.message, width).count("\n") + 1 for rule in PROFILE_RULES)


def profile_expression(width: int = WRAP_WIDTH) -> str:
    """The Vega expression that gives :func:`interpret_profile`'s message, line-wrapped.

    It reads the parameters ``goal``, ``task`` and ``bond`` and is a chain of conditionals
    built from :data:`PROFILE_RULES`, in the same order, so the first rule that holds wins.
    """
    expression = json.dumps(wrap_message(PROFILE_RULES[-1].message, width), ensure_ascii=False)
    for rule in reversed(PROFILE_RULES[:-1]):
        text = json.dumps(wrap_message(rule.message, width), ensure_ascii=False)
        expression = f"({_rule_vega(rule)}) ? {text} : {expression}"
    return expression


def subscale_means(scores: Mapping[str, float]) -> dict[str, float]:
    """WAI-SR item means (1-5) from :func:`alliance.measures.score_wai_sr` subscale sums (4-20).

    Each subscale sum is divided by its number of items, read from the instrument spec.
    """
    spec = get_spec("wai_sr")
    out = {}
    for name in COMPONENTS:
        if name not in scores:
            raise ValueError(
                f"scores has no {name!r} subscale; pass the dict returned by score_wai_sr()."
            )
        out[name] = float(scores[name]) / len(spec.subscales[name])
    return out


@responsive
def goal_task_bond_profile(
    goal: float = 4.0, task: float = 4.0, bond: float = 4.0, step: float = 0.25,
    width: int | None = None,
) -> alt.LayerChart:
    """Three bars (goal, task, bond) set by three sliders, and a sentence that reads the pattern.

    The sliders are Vega-Lite parameters, so the chart works in the static web book. The
    sentence is :func:`profile_expression`, evaluated in the browser; dashed lines mark the
    course's *strong* and *weak* cut-points. ``width`` is the column it is drawn for (px): the
    bars and the sentence's lines narrow with it.
    """
    width = WIDE if width is None else width
    plot_w = min(300, width - 150)  # room for the axis title and the cut-point labels
    text_w = min(380, width - 20)
    values = check_profile(goal, task, bond)
    if not 0 < step <= 1:
        raise ValueError(f"step must be between 0 and 1; got {step}.")
    params = [
        alt.param(
            name=name,
            value=values[name],
            bind=alt.binding_range(
                min=SCALE_MIN, max=SCALE_MAX, step=step, name=f"{name.capitalize()}  "
            ),
        )
        for name in COMPONENTS
    ]
    components = alt.Data(values=[{"component": name.capitalize()} for name in COMPONENTS])
    base = alt.Chart(components).transform_calculate(
        score="datum.component == 'Goal' ? goal : datum.component == 'Task' ? task : bond",
    )
    x = alt.X(
        "component:N", title=None, sort=[c.capitalize() for c in COMPONENTS],
        axis=alt.Axis(labelAngle=0, labelFontSize=13),
    )
    y_scale = alt.Scale(domain=[SCALE_MIN, SCALE_MAX])
    bars = base.mark_bar(size=min(70, plot_w // 4)).encode(
        x=x,
        y=alt.Y(
            "score:Q", scale=y_scale,
            title="WAI-SR item mean (1 = seldom, 5 = always)",
            axis=alt.Axis(values=[1, 2, 3, 4, 5]),
        ),
        y2=alt.datum(SCALE_MIN),
        color=alt.Color(
            "component:N",
            scale=alt.Scale(
                domain=[c.capitalize() for c in COMPONENTS], range=list(COMPONENT_COLORS)
            ),
            legend=None,
        ),
        tooltip=[alt.Tooltip("component:N", title="Component"),
                 alt.Tooltip("score:Q", title="Item mean", format=".2f")],
    )
    values_text = base.mark_text(dy=-8, fontSize=13).encode(
        x=x, y=alt.Y("score:Q", scale=y_scale), text=alt.Text("score:Q", format=".2f"),
    )
    cut_points = alt.Chart(
        alt.Data(values=[{"cut": STRONG, "label": f"strong: {STRONG:g} or more"},
                         {"cut": WEAK, "label": f"weak: below {WEAK:g}"}])
    )
    cut_rules = cut_points.mark_rule(strokeDash=[5, 4], color="#666").encode(
        y=alt.Y("cut:Q", scale=y_scale)
    )
    # Labelled outside the plot, to the right, so that no bar can hide them.
    cut_labels = cut_points.mark_text(
        align="left", baseline="middle", dx=4, fontSize=10, color="#555"
    ).encode(y=alt.Y("cut:Q", scale=y_scale), x=alt.value(plot_w), text="label:N")
    bars_layer = alt.layer(bars, values_text, cut_rules, cut_labels).properties(
        width=plot_w, height=240
    )
    lines = WRAP_WIDTH if text_w >= 380 else min(WRAP_WIDTH, wrap_width(text_w - 30))
    reading = (
        alt.Chart(alt.Data(values=[{}]))
        .transform_calculate(reading=profile_expression(lines))
        .mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n", lineHeight=18)
        .encode(x=alt.value(0), y=alt.value(0), text="reading:N")
        .properties(name="profile_reading", width=text_w,
                    height=18 * max(4, _most_lines(lines)) + 8,
                    view=alt.ViewBackground(stroke=None))
    )
    chart = (
        alt.vconcat(bars_layer, reading, spacing=12)
        .add_params(*params)
        .properties(title=wrapped_title(
            "A goal, task and bond profile, read in Bordin's terms",
            "Move the sliders; the sentence below the bars explains the pattern.", width - 40))
    )
    return with_description(
        chart,
        "Three bars show the goal, task and bond scores on the WAI-SR item scale from 1 to 5, "
        "set by three sliders; dashed lines mark 3 and 4. A sentence below the bars explains "
        "the pattern in Bordin's terms and suggests what a counselor might do.",
    )
