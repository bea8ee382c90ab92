"""Chapter 1, "Origins": a timeline of the alliance concept, from Freud to the meta-analyses.

The events are a small table, :data:`TIMELINE_EVENTS`, one row per idea, critique, measure or
review, each with the bibliography key of its source (``book/references.bib``). The summaries
are ours, written from the sources cited in chapter 1; they are deliberately short, so read the
chapter (and the sources) for the argument behind each one.

:func:`alliance_timeline` draws the table as points on a year axis, one row per tradition. Its
controls are Vega-Lite parameters bound to inputs (a radio button for the tradition, a checkbox
for the measures, a slider for the last year shown), so it works in the static web book.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from alliance.charts.render import with_description

TRADITIONS = ("Psychoanalytic", "Pantheoretical", "Research")
"""The three rows of the timeline, top to bottom."""

KINDS = ("Idea", "Critique", "Measure", "Review")
"""What an event is: a new idea, a critique of one, an instrument, or a review/meta-analysis."""

TRADITION_COLORS = ("#8d5a97", "#2a6f97", "#bc6c25")
KIND_SHAPES = ("circle", "triangle-down", "square", "diamond")

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


def _validate(events: pd.DataFrame) -> None:
    needed = {"year", "label", "tradition", "kind", "lane", "idea", "citation", "key",
              "label_side"}
    missing = needed - set(events.columns)
    if missing:
        raise ValueError(f"The events table needs the columns {sorted(missing)}.")
    bad_tradition = set(events["tradition"]) - set(TRADITIONS)
    if bad_tradition:
        raise ValueError(f"Unknown tradition(s) {sorted(bad_tradition)}; use one of {TRADITIONS}.")
    bad_kind = set(events["kind"]) - set(KINDS)
    if bad_kind:
        raise ValueError(f"Unknown kind(s) {sorted(bad_kind)}; use one of {KINDS}.")


def timeline_keys(events: pd.DataFrame | None = None) -> list[str]:
    """The bibliography keys the timeline cites, in order of first appearance."""
    table = TIMELINE_EVENTS if events is None else events
    return list(dict.fromkeys(table["key"]))


def filter_events(
    tradition: str = "All",
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
    show_measures: bool = True,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The events a reader would see with these control settings (the chart's filter, in Python).

    ``tradition`` is ``"All"`` or one of :data:`TRADITIONS`; ``years`` is an inclusive range.
    """
    table = TIMELINE_EVENTS if events is None else events
    if tradition != "All" and tradition not in TRADITIONS:
        raise ValueError(f"tradition must be 'All' or one of {TRADITIONS}; got {tradition!r}.")
    lo, hi = years
    if lo > hi:
        raise ValueError(f"The year range must run forwards; got {years}.")
    keep = table["year"].between(lo, hi)
    if tradition != "All":
        keep &= table["tradition"] == tradition
    if not show_measures:
        keep &= table["kind"] != "Measure"
    return table[keep].reset_index(drop=True)


def _row_position(events: pd.DataFrame) -> pd.DataFrame:
    """Add a numeric ``row`` (0 at the top) with each event's lane offset."""
    out = events.copy()
    index = {name: i for i, name in enumerate(TRADITIONS)}
    out["row"] = out["tradition"].map(index) - 0.17 * out["lane"]
    return out


def _row_label_expression() -> str:
    cases = " : ".join(f"datum.value == {i} ? '{name}'" for i, name in enumerate(TRADITIONS))
    return f"{cases} : ''"


def alliance_timeline(
    events: pd.DataFrame | None = None,
    initial_tradition: str = "All",
    initial_last_year: int = LAST_YEAR,
    initial_show_measures: bool = True,
) -> alt.LayerChart:
    """Points on a year axis, one row per tradition, with three controls that run in the browser.

    * a radio button shows all traditions or one (psychoanalytic, pantheoretical, research);
    * a checkbox shows or hides the measures (instruments) that followed Bordin;
    * a slider sets the last year shown, so the reader can replay the history.

    Tooltips give each event's idea in a sentence and its citation.
    """
    table = TIMELINE_EVENTS if events is None else events
    _validate(table)
    if initial_tradition != "All" and initial_tradition not in TRADITIONS:
        raise ValueError(
            f"initial_tradition must be 'All' or one of {TRADITIONS}; got {initial_tradition!r}."
        )
    if not FIRST_YEAR <= initial_last_year <= LAST_YEAR:
        raise ValueError(
            f"initial_last_year must be between {FIRST_YEAR} and {LAST_YEAR}; "
            f"got {initial_last_year}."
        )
    data = _row_position(table)

    tradition = alt.param(
        name="tradition",
        value=initial_tradition,
        bind=alt.binding_radio(options=["All", *TRADITIONS], name="Tradition  "),
    )
    measures = alt.param(
        name="show_measures",
        value=initial_show_measures,
        bind=alt.binding_checkbox(name="Show the measures that followed  "),
    )
    last_year = alt.param(
        name="last_year",
        value=initial_last_year,
        bind=alt.binding_range(min=1910, max=LAST_YEAR, step=1, name="Show events up to  "),
    )
    visible = (
        "(tradition == 'All' || datum.tradition == tradition)"
        " && (show_measures || datum.kind != 'Measure')"
        " && datum.year <= last_year"
    )

    x = alt.X(
        "year:Q",
        title="Year",
        scale=alt.Scale(domain=[FIRST_YEAR, LAST_YEAR + 3], zero=False, nice=False),
        axis=alt.Axis(format="d", tickCount=12, grid=True, gridOpacity=0.4),
    )
    y = alt.Y(
        "row:Q",
        title=None,
        scale=alt.Scale(domain=[len(TRADITIONS) - 0.45, -0.45], nice=False),
        axis=alt.Axis(
            values=list(range(len(TRADITIONS))),
            labelExpr=_row_label_expression(),
            labelFontWeight="bold",
            labelFontSize=12,
            ticks=False,
            domain=False,
            grid=False,
        ),
    )
    tooltip = [
        alt.Tooltip("year:Q", title="Year", format="d"),
        alt.Tooltip("label:N", title="Event"),
        alt.Tooltip("idea:N", title="The idea"),
        alt.Tooltip("citation:N", title="Source"),
        alt.Tooltip("tradition:N", title="Tradition"),
        alt.Tooltip("kind:N", title="Kind"),
    ]
    base = alt.Chart(data).transform_filter(visible)

    points = base.mark_point(size=140, filled=True, opacity=0.95).encode(
        x=x,
        y=y,
        color=alt.Color(
            "tradition:N",
            scale=alt.Scale(domain=list(TRADITIONS), range=list(TRADITION_COLORS)),
            legend=alt.Legend(title="Tradition", orient="bottom"),
        ),
        shape=alt.Shape(
            "kind:N",
            scale=alt.Scale(domain=list(KINDS), range=list(KIND_SHAPES)),
            legend=alt.Legend(title="Kind", orient="bottom"),
        ),
        tooltip=tooltip,
    )
    labels_after = base.transform_filter("datum.label_side == 'after'").mark_text(
        align="left", dx=9, fontSize=10.5
    ).encode(x=x, y=y, text="label:N", tooltip=tooltip)
    labels_before = base.transform_filter("datum.label_side == 'before'").mark_text(
        align="right", dx=-9, fontSize=10.5
    ).encode(x=x, y=y, text="label:N", tooltip=tooltip)
    bordin_rule = (
        alt.Chart(alt.Data(values=[{"year": 1979}]))
        .mark_rule(strokeDash=[4, 4], color="#555")
        .encode(x=x)
        .transform_filter("datum.year <= last_year")
    )
    bordin_note = (
        alt.Chart(alt.Data(values=[{"year": 1979, "note": "1979: the idea leaves psychoanalysis"}]))
        .mark_text(align="right", dx=-4, dy=-6, fontSize=10, fontStyle="italic", color="#555")
        .encode(x=x, y=alt.value(0), text="note:N")
        .transform_filter("datum.year <= last_year")
    )
    chart = (
        alt.layer(bordin_rule, bordin_note, points, labels_after, labels_before)
        .add_params(tradition, measures, last_year)
        .properties(
            width=540,
            height=320,
            title=alt.Title(
                "From transference to alliance: a timeline of the concept",
                subtitle="Hover over a point for the idea and its source.",
            ),
        )
    )
    return with_description(
        chart,
        "A timeline from 1905 to 2022 with one row per tradition (psychoanalytic, "
        "pantheoretical, research); each point is an idea, critique, measure or review. "
        "A radio button filters by tradition, a checkbox shows or hides the measures, and a "
        "slider sets the last year shown.",
    )


def events_as_records(events: Iterable[dict] | pd.DataFrame) -> list[dict]:
    """The events as plain dicts (for widgets and tests)."""
    if isinstance(events, pd.DataFrame):
        return events.to_dict(orient="records")
    return list(events)
