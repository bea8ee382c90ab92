"""Chapter 2, "Bordin's working alliance": a goal/task/bond profile that explains itself.

The interpretation of a profile is written **once**, as data (:data:`PROFILE_RULES`): an ordered
list of rules, each a condition on the three components and a sentence for the counselor. Two
things are generated from that one list, so they cannot drift apart:

* :func:`interpret_profile`, the Python function used by the ipywidgets version
  (:mod:`alliance.widgets.profile`) and by the chapter's worked example;
* :func:`profile_expression`, the Vega expression the Altair chart evaluates in the reader's
  browser (the chart has no Python behind it in the web book).

``tests/test_charts_profile.py`` checks that both give the same sentence for a set of profiles,
evaluating the expression with the book's own copy of Vega.

The scale is the WAI-SR item mean, 1 (seldom) to 5 (always): the mean of a component's four
items, which is its subscale sum divided by 4 (Hatcher & Gillaspy, 2006). The cut-points below
(:data:`STRONG` and :data:`WEAK`) are teaching conventions of this course, not published norms:
the WAI-SR has no clinical cut-off (see ``alliance.measures.get_spec("wai_sr").notes``).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt

from alliance.charts.render import with_description
from alliance.measures import get_spec

COMPONENTS = ("goal", "task", "bond")
"""Bordin's three components, in the order the chart shows them."""

SCALE_MIN = 1.0
SCALE_MAX = 5.0
STRONG = 4.0
"""A component is *strong* at 4 (very often) or above: a course convention, not a norm."""
WEAK = 3.0
"""A component is *weak* below 3 (less than fairly often): a course convention, not a norm."""

COMPONENT_COLORS = ("#2a6f97", "#6a994e", "#c8553d")
WRAP_WIDTH = 50


@dataclass(frozen=True)
class Clause:
    """One comparison: ``component`` is ``"strong"`` (>= STRONG) or ``"weak"`` (< WEAK)."""

    component: str
    level: str

    def holds(self, values: Mapping[str, float]) -> bool:
        value = values[self.component]
        return value >= STRONG if self.level == "strong" else value < WEAK

    def vega(self) -> str:
        if self.level == "strong":
            return f"{self.component} >= {STRONG:g}"
        return f"{self.component} < {WEAK:g}"


@dataclass(frozen=True)
class Rule:
    """A profile pattern: every clause must hold (an empty list always holds)."""

    name: str
    clauses: tuple[Clause, ...]
    message: str

    def holds(self, values: Mapping[str, float]) -> bool:
        return all(clause.holds(values) for clause in self.clauses)

    def vega(self) -> str:
        if not self.clauses:
            return "true"
        return " && ".join(f"({clause.vega()})" for clause in self.clauses)


def _all(level: str) -> tuple[Clause, ...]:
    return tuple(Clause(c, level) for c in COMPONENTS)


PROFILE_RULES: tuple[Rule, ...] = (
    Rule(
        "all strong",
        _all("strong"),
        "All three strong: a solid working alliance. Keep checking in; strains can appear "
        "at any session, and they are easier to repair when they are noticed early.",
    ),
    Rule(
        "all weak",
        _all("weak"),
        "All three weak: there is no working alliance yet. Slow down: ask what the client "
        "hopes for, how the sessions feel, and whether this way of working suits them.",
    ),
    Rule(
        "bond without goals",
        (Clause("bond", "strong"), Clause("goal", "weak")),
        "Strong bond but weak goal agreement: rapport without a shared direction. Ask what "
        "the client wants from counseling, and agree on it together.",
    ),
    Rule(
        "bond without tasks",
        (Clause("bond", "strong"), Clause("task", "weak")),
        "Strong bond but weak task agreement: the client trusts you but doubts the way you "
        "work. Explain the rationale of the tasks and invite the client to shape them.",
    ),
    Rule(
        "agreement without bond",
        (Clause("goal", "strong"), Clause("task", "strong"), Clause("bond", "weak")),
        "Goals and tasks strong, bond weak: a businesslike agreement that may not carry the "
        "client through hard work. Attend to trust, warmth and how the client experiences you.",
    ),
    Rule(
        "weak goals",
        (Clause("goal", "weak"),),
        "Weak goal agreement: the two of you may be working toward different ends. Revisit "
        "what the client wants to change and negotiate goals you both endorse.",
    ),
    Rule(
        "weak tasks",
        (Clause("task", "weak"),),
        "Weak task agreement: the client is not convinced by what you do together in "
        "sessions. Discuss the methods openly and adjust them with the client.",
    ),
    Rule(
        "weak bond",
        (Clause("bond", "weak"),),
        "Weak bond: agreement is there, but trust and mutual regard are thin. Ask how the "
        "relationship feels to the client, and listen for a strain you may have missed.",
    ),
    Rule(
        "moderate",
        (),
        "No component is clearly weak, but not all are strong: a workable alliance with room "
        "to grow. Ask which part of the work feels least shared.",
    ),
)
"""The interpretation rules, checked in order: the first that holds gives the message."""


def _check_values(goal: float, task: float, bond: float) -> dict[str, float]:
    values = {"goal": goal, "task": task, "bond": bond}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name} must be a number on the WAI-SR item scale; got {value!r}.")
        if not SCALE_MIN <= float(value) <= SCALE_MAX:
            raise ValueError(
                f"{name} must be a WAI-SR item mean between {SCALE_MIN:g} (seldom) and "
                f"{SCALE_MAX:g} (always); got {value}. If you have a subscale sum (4-20), "
                "divide it by 4 first."
            )
    return {k: float(v) for k, v in values.items()}


def matching_rule(goal: float, task: float, bond: float) -> Rule:
    """The first rule in :data:`PROFILE_RULES` that holds for this profile."""
    values = _check_values(goal, task, bond)
    for rule in PROFILE_RULES:
        if rule.holds(values):
            return rule
    raise AssertionError("The last rule always holds.")  # pragma: no cover


def interpret_profile(goal: float, task: float, bond: float) -> str:
    """A sentence that reads a goal/task/bond profile (WAI-SR item means, 1-5) in Bordin's terms.

    >>> interpret_profile(goal=2.5, task=3.5, bond=4.5)[:45]
    'Strong bond but weak goal agreement: rapport '
    """
    return matching_rule(goal, task, bond).message


def wrap_message(message: str, width: int = WRAP_WIDTH) -> str:
    """``message`` broken into lines (joined with ``\\n``) for the chart's text mark."""
    return "\n".join(textwrap.wrap(message, width=width))


def profile_expression(width: int = WRAP_WIDTH) -> str:
    """The Vega expression that gives :func:`interpret_profile`'s message, line-wrapped.

    It reads the parameters ``goal``, ``task`` and ``bond`` and is a chain of conditionals
    built from :data:`PROFILE_RULES`, in the same order, so the first rule that holds wins.
    """
    expression = json.dumps(wrap_message(PROFILE_RULES[-1].message, width), ensure_ascii=False)
    for rule in reversed(PROFILE_RULES[:-1]):
        text = json.dumps(wrap_message(rule.message, width), ensure_ascii=False)
        expression = f"({rule.vega()}) ? {text} : {expression}"
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


def goal_task_bond_profile(
    goal: float = 4.0, task: float = 4.0, bond: float = 4.0, step: float = 0.25
) -> alt.LayerChart:
    """Three bars (goal, task, bond) set by three sliders, and a sentence that reads the pattern.

    The sliders are Vega-Lite parameters, so the chart works in the static web book. The
    sentence is :func:`profile_expression`, evaluated in the browser; dashed lines mark the
    course's *strong* and *weak* cut-points.
    """
    values = _check_values(goal, task, bond)
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
    bars = base.mark_bar(size=70).encode(
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
    ).encode(y=alt.Y("cut:Q", scale=y_scale), x=alt.value(300), text="label:N")
    bars_layer = alt.layer(bars, values_text, cut_rules, cut_labels).properties(
        width=300, height=240
    )
    reading = (
        alt.Chart(alt.Data(values=[{}]))
        .transform_calculate(reading=profile_expression())
        .mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n", lineHeight=18)
        .encode(x=alt.value(0), y=alt.value(0), text="reading:N")
        .properties(name="profile_reading", width=380, height=80,
                    view=alt.ViewBackground(stroke=None))
    )
    chart = (
        alt.vconcat(bars_layer, reading, spacing=12)
        .add_params(*params)
        .properties(title=alt.Title(
            "A goal, task and bond profile, read in Bordin's terms",
            subtitle="Move the sliders; the sentence below the bars explains the pattern.",
        ))
    )
    return with_description(
        chart,
        "Three bars show the goal, task and bond scores on the WAI-SR item scale from 1 to 5, "
        "set by three sliders; dashed lines mark 3 and 4. A sentence below the bars explains "
        "the pattern in Bordin's terms and suggests what a counselor might do.",
    )
