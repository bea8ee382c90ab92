"""Chapter 1, "Origins": a timeline of the alliance concept, from Freud to the meta-analyses.

The events are teaching content and live in :mod:`alliance.content.ch01_origins`
(:data:`TIMELINE_EVENTS`, re-exported here); this module only draws them.

:func:`alliance_timeline` draws the table as points on a year axis, one row per tradition. Its
controls are Vega-Lite parameters bound to inputs (a radio button for the tradition, a checkbox
for the measures, a slider for the last year shown), so it works in the static web book.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from alliance.charts.render import WIDE, responsive, with_description
from alliance.content.ch01_origins import (
    FIRST_YEAR,
    KINDS,
    LAST_YEAR,
    TIMELINE_EVENTS,
    TRADITIONS,
)

TRADITION_COLORS = ("#8d5a97", "#2a6f97", "#bc6c25")
KIND_SHAPES = ("circle", "triangle-down", "square", "diamond")


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


@responsive
def alliance_timeline(
    events: pd.DataFrame | None = None,
    initial_tradition: str = "All",
    initial_last_year: int = LAST_YEAR,
    initial_show_measures: bool = True,
    width: int | None = None,
) -> alt.LayerChart:
    """Points on a year axis, one row per tradition, with three controls that run in the browser.

    * a radio button shows all traditions or one (psychoanalytic, pantheoretical, research);
    * a checkbox shows or hides the measures (instruments) that followed Bordin;
    * a slider sets the last year shown, so the reader can replay the history.

    Tooltips give each event's idea in a sentence and its citation. ``width`` is the column it
    is drawn for (px); under 560 px the timeline runs down the page, one event per line, so
    every label can be read on a phone.
    """
    width = WIDE if width is None else width
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

    if width < 560:
        return with_description(
            _vertical_timeline(data, visible, width).add_params(tradition, measures, last_year),
            "A timeline from 1905 to 2022, one event per line in order of year, each marked "
            "with its tradition (psychoanalytic, pantheoretical, research) by colour and its "
            "kind (idea, critique, measure, review) by shape. A radio button filters by "
            "tradition, a checkbox shows or hides the measures, and a slider sets the last "
            "year shown.",
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


def _vertical_timeline(data: pd.DataFrame, visible: str, width: int) -> alt.LayerChart:
    """The phone layout: events listed down the page by year, each with its year and label."""
    row_h = 22
    ordered = data.sort_values(["year", "row"]).reset_index(drop=True)
    base = alt.Chart(ordered).transform_filter(visible).transform_window(
        line="row_number()", sort=[alt.SortField("year"), alt.SortField("row")])
    y = alt.Y("line:O", axis=None)
    mark = base.mark_point(size=90, filled=True, opacity=0.95).encode(
        x=alt.value(8), y=y,
        color=alt.Color("tradition:N",
                        scale=alt.Scale(domain=list(TRADITIONS), range=list(TRADITION_COLORS)),
                        legend=alt.Legend(title="Tradition", orient="top", columns=1)),
        shape=alt.Shape("kind:N", scale=alt.Scale(domain=list(KINDS), range=list(KIND_SHAPES)),
                        legend=alt.Legend(title="Kind", orient="top", columns=2)),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("label:N", title="Event"), alt.Tooltip("idea:N", title="The idea"),
                 alt.Tooltip("citation:N", title="Source")],
    )
    text = base.transform_calculate(line_text="datum.year + '  ' + datum.label").mark_text(
        align="left", baseline="middle", fontSize=11, limit=width - 50).encode(
        x=alt.value(22), y=y, text="line_text:N")
    return alt.layer(mark, text).properties(
        width=width - 30, height=row_h * len(ordered),
        title=alt.Title(["From transference to alliance:", "a timeline of the concept"],
                        subtitle="Tap or hover over a point for the idea and its source."),
    )


def events_as_records(events: Iterable[dict] | pd.DataFrame) -> list[dict]:
    """The events as plain dicts (for widgets and tests)."""
    if isinstance(events, pd.DataFrame):
        return events.to_dict(orient="records")
    return list(events)
