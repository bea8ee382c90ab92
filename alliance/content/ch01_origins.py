"""Teaching content for chapter 1, "Origins: from transference to alliance": the timeline.

The events are a small table, :data:`TIMELINE_EVENTS`, one row per idea, critique, measure or
review, each with the bibliography key of its source (``book/references.bib``). The summaries
are ours, written from the sources cited in chapter 1; they are deliberately short, so read the
chapter (and the sources) for the argument behind each one.

``alliance.charts.timeline`` (the web book's Altair chart) and ``alliance.widgets.timeline`` (the
JupyterLab version) both read this module.
"""

from __future__ import annotations

import pandas as pd

TRADITIONS = ("Psychoanalytic", "Pantheoretical", "Research")
"""The three rows of the timeline, top to bottom."""

KINDS = ("Idea", "Critique", "Measure", "Review")
"""What an event is: a new idea, a critique of one, an instrument, or a review/meta-analysis."""

# year, short label, tradition, kind, lane (0 = on the row's line; -2 to 2 = below or above it,
# so that events close in time do not overlap), the idea in a sentence, APA citation, bib key.
_EVENTS: tuple[tuple[int, str, str, str, int, str, str, str], ...] = (
    (1912, "Freud: positive transference", "Psychoanalytic", "Idea", 0,
     "Friendly, affectionate feelings toward the analyst that are admissible to consciousness "
     "are the 'unobjectionable' part of the transference and carry the treatment.",
     "Freud (1912/1958)", "freud1912"),
    (1913, "Freud: rapport first", "Psychoanalytic", "Idea", -2,
     "Interpretations should wait until an effective transference, 'a proper rapport', "
     "attaches the patient to the treatment and to the analyst.",
     "Freud (1913/1958)", "freud1913"),
    (1934, "Sterba: the ego splits", "Psychoanalytic", "Idea", 1,
     "The patient's reality-oriented ego allies itself with the analyst to observe the part "
     "of the self that is caught up in the transference.",
     "Sterba (1934)", "sterba1934"),
    (1956, "Zetzel: 'therapeutic alliance'", "Psychoanalytic", "Idea", -1,
     "Names a stable, trusting relationship, resting on the patient's mature ego capacities, "
     "that lets the patient bear the regression of analysis.",
     "Zetzel (1956)", "zetzel1956"),
    (1965, "Greenson: 'working alliance'", "Psychoanalytic", "Idea", 1,
     "Separates the patient's capacity to work purposefully with the analyst from the "
     "transference neurosis; stalled analyses often lacked it.",
     "Greenson (1965)", "greenson1965"),
    (1967, "Greenson: the textbook", "Psychoanalytic", "Idea", -2,
     "Defines the working alliance as the relatively non-neurotic, rational relationship "
     "that makes purposeful work possible.",
     "Greenson (1967)", "greenson1967"),
    (1969, "Greenson & Wexler: real relationship", "Psychoanalytic", "Idea", 0,
     "Not everything between patient and analyst is transference: a realistic, "
     "non-transference relationship exists as well.",
     "Greenson & Wexler (1969)", "greenson1969"),
    (1976, "Luborsky: helping alliance", "Research", "Idea", 0,
     "Type 1: the client experiences the therapist as supportive and helpful. Type 2: the "
     "two work together toward the goals of treatment.",
     "Luborsky (1976)", "luborsky1976"),
    (1979, "Bordin: goals, tasks, bond", "Pantheoretical", "Idea", 0,
     "The working alliance is agreement on goals, agreement on tasks, and a bond, and it "
     "applies to every form of therapy.",
     "Bordin (1979)", "bordin1979"),
    (1979, "Brenner: 'it is transference'", "Psychoanalytic", "Critique", 2,
     "As his critique is usually summarized: what is called the alliance is transference "
     "like any other, to be analyzed rather than fostered.",
     "Brenner (1979)", "brenner1979"),
    (1989, "WAI (36 items)", "Research", "Measure", 1,
     "The Working Alliance Inventory measures Bordin's goals, tasks and bond from the client's "
     "and the therapist's side.",
     "Horvath & Greenberg (1989)", "horvath1989"),
    (1989, "WAI-S (12 items)", "Research", "Measure", -2,
     "A general alliance factor plus three specific factors; the best items form a "
     "12-item short form.",
     "Tracey & Kokotovic (1989)", "tracey1989"),
    (1993, "Horvath & Luborsky review", "Research", "Review", -2,
     "Traces the concept from its psychodynamic origins to pantheoretical formulations and "
     "reviews the research.",
     "Horvath & Luborsky (1993)", "horvath1993"),
    (1994, "Bordin: strain and repair", "Pantheoretical", "Idea", -1,
     "Returns to the model: strains in the alliance and their repair are part of how "
     "change happens.",
     "Bordin (1994)", "bordin1994"),
    (1996, "HAq-II", "Research", "Measure", -2,
     "The revised Helping Alliance Questionnaire, from Luborsky's group.",
     "Luborsky et al. (1996)", "luborsky1996"),
    (2000, "Safran & Muran: ruptures", "Pantheoretical", "Idea", 1,
     "The alliance is negotiated, and ruptures in it are co-created by client and therapist.",
     "Safran & Muran (2000)", "safran2000"),
    (2003, "SRS (4 items)", "Research", "Measure", -2,
     "The Session Rating Scale: a very brief alliance measure for use at every session.",
     "Duncan et al. (2003)", "duncan2003"),
    (2006, "WAI-SR (12 items)", "Research", "Measure", -1,
     "A revised short form of the WAI for clients, four items each for goal, task and bond.",
     "Hatcher & Gillaspy (2006)", "hatcher2006"),
    (2006, "Safran & Muran: outlived its usefulness?", "Pantheoretical", "Critique", -1,
     "Asks whether the alliance is still a meaningful construct, and what research on it "
     "should do next.",
     "Safran & Muran (2006)", "safran2006"),
    (2011, "Meta-analysis: r = .275", "Research", "Review", -2,
     "190 data sources, over 14,000 treatments: alliance and outcome correlate at r = .275.",
     "Horvath et al. (2011)", "horvath2011"),
    (2018, "Meta-analysis: r = .278", "Research", "Review", 2,
     "295 studies, over 30,000 clients: r = .278, 95% CI [.256, .299].",
     "Flückiger et al. (2018)", "fluckiger2018"),
)

# The milestones that carry a text label on the chart (the others have tooltips only), and on
# which side of the point the label sits: "after" (to the right) or "before" (to the left).
_LABELLED = {
    "freud1912": "after", "sterba1934": "after", "zetzel1956": "after",
    "greenson1965": "after", "greenson1969": "after", "brenner1979": "after",
    "bordin1979": "after", "safran2000": "before", "luborsky1976": "after",
    "horvath1989": "before", "hatcher2006": "before", "fluckiger2018": "before",
}

TIMELINE_EVENTS: pd.DataFrame = pd.DataFrame(
    _EVENTS,
    columns=["year", "label", "tradition", "kind", "lane", "idea", "citation", "key"],
)
TIMELINE_EVENTS["label_side"] = TIMELINE_EVENTS["key"].map(_LABELLED).fillna("")
"""The timeline's events: one row each, with the bibliography key (``key``) of its source."""

FIRST_YEAR = 1905
LAST_YEAR = 2022
