"""Teaching content for chapter 2, "Bordin's working alliance: goals, tasks, bonds".

The interpretation of a goal/task/bond profile is written **once**, as data
(:data:`PROFILE_RULES`): an ordered list of rules, each a condition on the three components and
a sentence for the counselor. :func:`interpret_profile` reads it in Python (for the chapter's
worked example and the JupyterLab widget, :mod:`alliance.widgets.profile`), and
:mod:`alliance.charts.profile` translates the same rules into the Vega expression the web
book's chart evaluates in the reader's browser, so the two cannot drift apart.

The scale is the WAI-SR item mean, 1 (seldom) to 5 (always): the mean of a component's four
items, which is its subscale sum divided by 4 (Hatcher & Gillaspy, 2006). The cut-points below
(:data:`STRONG` and :data:`WEAK`) are teaching conventions of this course, not published norms:
the WAI-SR has no clinical cut-off (see ``alliance.measures.get_spec("wai_sr").notes``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

COMPONENTS = ("goal", "task", "bond")
"""Bordin's three components, in the order the chart shows them."""

SCALE_MIN = 1.0
SCALE_MAX = 5.0
STRONG = 4.0
"""A component is *strong* at 4 (very often) or above: a course convention, not a norm."""
WEAK = 3.0
"""A component is *weak* below 3 (less than fairly often): a course convention, not a norm."""


@dataclass(frozen=True)
class Clause:
    """One comparison: ``component`` is ``"strong"`` (>= STRONG) or ``"weak"`` (< WEAK)."""

    component: str
    level: str

    def holds(self, values: Mapping[str, float]) -> bool:
        value = values[self.component]
        return value >= STRONG if self.level == "strong" else value < WEAK


@dataclass(frozen=True)
class Rule:
    """A profile pattern: every clause must hold (an empty list always holds)."""

    name: str
    clauses: tuple[Clause, ...]
    message: str

    def holds(self, values: Mapping[str, float]) -> bool:
        return all(clause.holds(values) for clause in self.clauses)


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


def check_profile(goal: float, task: float, bond: float) -> dict[str, float]:
    """The three component scores as floats, or a ValueError a student can act on."""
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
    values = check_profile(goal, task, bond)
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
