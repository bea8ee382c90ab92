"""Teaching content for chapter 9, "Culture, identity and the alliance".

Everything the chapter's charts and widgets *say* lives here, apart from the code that draws
them: the three meta-analytic effects of racial/ethnic matching (with the key of their entry in
``book/references.bib``), the controls of the humility → alliance → improvement explorer, its
labels and its preset scenarios. ``alliance.charts.culture`` (the web book's Altair charts) and
``alliance.widgets.culture`` (the JupyterLab twins) both read this module, so the two versions
cannot drift apart.

The explorer's model is a teaching simulation, not an estimate from data: its paths are set by
the reader, and every number it shows is computed from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance.content.controls import Control

# --- Racial/ethnic matching: three questions, three answers -------------------------------


@dataclass(frozen=True)
class MatchingEffect:
    """One of the three pooled effects of racial/ethnic matching in Cabral and Smith (2011)."""

    key: str
    label: str
    d: float
    k: int  # number of studies pooled
    asks: str
    reading: str
    caution: str


MATCHING_SOURCE = "cabral2011"

MATCHING_EFFECTS: tuple[MatchingEffect, ...] = (
    MatchingEffect(
        key="preference",
        label="Preference",
        d=0.63,
        k=52,
        asks="Would people choose a therapist of their own race/ethnicity if they could?",
        reading="A moderately strong preference for a therapist of one's own race/ethnicity.",
        caution="A preference is a wish about the future, not a result of therapy.",
    ),
    MatchingEffect(
        key="perception",
        label="Perception",
        d=0.32,
        k=81,
        asks="Do clients rate therapists of their own race/ethnicity more positively?",
        reading="A tendency to see same-race/ethnicity therapists somewhat more positively.",
        caution="Ratings of a therapist are not the same as getting better.",
    ),
    MatchingEffect(
        key="outcome",
        label="Outcome",
        d=0.09,
        k=53,
        asks="Do matched clients improve more in treatment?",
        reading="Almost no average benefit to outcomes from matching.",
        caution="An average near zero can hide studies and groups that differ widely.",
    ),
)


def get_matching_effect(key: str) -> MatchingEffect:
    """The matching effect called ``key`` (preference, perception or outcome)."""
    for effect in MATCHING_EFFECTS:
        if effect.key == key:
            return effect
    known = ", ".join(e.key for e in MATCHING_EFFECTS)
    raise ValueError(f"{key!r} is not one of the matching questions; choose one of {known}.")


# --- Humility → alliance → improvement: the explorer's controls ---------------------------


# Ranges keep the simulated improvement's variance below 1 for every combination
# (c'² + b² + 2ab·c' ≤ 0.55), so no setting of the sliders is impossible.
PATH_CONTROLS: tuple[Control, ...] = (
    Control("path_a", 0.0, 0.0, 0.7, 0.05, "True path a: humility → alliance  "),
    Control("path_b", 0.0, 0.0, 0.5, 0.05, "True path b: alliance → improvement  "),
    Control("path_c", 0.0, 0.0, 0.3, 0.05, "True direct path c′: humility → improvement  "),
    Control("halo", 0.5, 0.0, 0.6, 0.05, "Shared rater impression (halo)  "),
)

# Who rates improvement: the same client who rated humility and alliance (so the halo colours
# all three ratings) or a measure the halo does not touch. 1 and 0 are the parameter's values.
OUTCOME_RATERS: tuple[tuple[int, str], ...] = (
    (1, "the client"),
    (0, "an independent measure"),
)

# The quantities the explorer compares, in the order they are drawn, with their labels.
PATH_QUANTITIES: tuple[tuple[str, str], ...] = (
    ("r_ha", "r humility–alliance"),
    ("r_ay", "r alliance–improvement"),
    ("r_hy", "r humility–improvement"),
    ("indirect", "indirect effect a×b"),
    ("direct", "direct effect c′"),
)
TRUE_KIND = "True value (set by the sliders)"
SURVEY_KIND = "What a one-time client survey estimates"


@dataclass(frozen=True)
class PathScenario:
    """A named setting of the explorer, used in the chapter's text and by the widget."""

    key: str
    title: str
    path_a: float
    path_b: float
    path_c: float
    halo: float
    shared: int
    lesson: str


PATH_SCENARIOS: tuple[PathScenario, ...] = (
    PathScenario(
        "halo_only", "Nothing real, one shared impression", 0.0, 0.0, 0.0, 0.5, 1,
        "With no true effects at all, a client's overall impression colouring all three "
        "ratings produces positive correlations and an apparent indirect effect."),
    PathScenario(
        "works_through_alliance", "Humility works through the alliance", 0.5, 0.4, 0.05, 0.0,
        1, "With no halo, the survey recovers the true paths: most of humility's effect on "
        "improvement runs through the alliance."),
    PathScenario(
        "both", "A real path and a halo", 0.5, 0.4, 0.05, 0.5, 1,
        "Real paths plus a halo: every survey estimate is larger than the truth, and the "
        "humility–alliance correlation rises well above the true path a."),
    PathScenario(
        "independent_outcome", "The same, with an independent outcome measure", 0.5, 0.4,
        0.05, 0.5, 0, "When improvement is measured independently, the halo no longer inflates "
        "the paths to improvement; it still inflates humility–alliance."),
)


def get_path_scenario(key: str) -> PathScenario:
    """The preset scenario called ``key``."""
    for scenario in PATH_SCENARIOS:
        if scenario.key == key:
            return scenario
    known = ", ".join(s.key for s in PATH_SCENARIOS)
    raise ValueError(f"{key!r} is not a scenario of the path explorer; choose one of {known}.")
