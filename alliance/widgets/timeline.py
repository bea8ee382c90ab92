"""Chapter 1: the timeline of the alliance concept as ipywidgets, for readers running the chapter.

A tradition menu, a year-range slider and a checkbox filter the events of
:data:`alliance.content.ch01_origins.TIMELINE_EVENTS` (with the same filter as the web book's chart,
:func:`alliance.charts.timeline.filter_events`) and list them with their ideas and sources.
Nothing here waits for input, so executing the chapter never blocks.
"""

from __future__ import annotations

import ipywidgets as widgets

from alliance.charts.timeline import filter_events
from alliance.content.ch01_origins import FIRST_YEAR, LAST_YEAR, TRADITIONS
from alliance.templates import render


def _table_html(tradition: str, years: tuple[int, int], show_measures: bool) -> str:
    events = filter_events(tradition, years, show_measures)
    return render("widgets/timeline.html.j2", "events_table", events=list(events.itertuples()))


def timeline_explorer() -> widgets.VBox:
    """A menu, a year-range slider and a checkbox that filter the timeline's events."""
    tradition = widgets.Dropdown(options=["All", *TRADITIONS], value="All",
                                 description="Tradition")
    years = widgets.IntRangeSlider(value=(FIRST_YEAR, LAST_YEAR), min=FIRST_YEAR,
                                   max=LAST_YEAR, step=1, description="Years")
    measures = widgets.Checkbox(value=True, description="Show the measures that followed")
    table = widgets.HTML(value=_table_html("All", (FIRST_YEAR, LAST_YEAR), True))

    def update(_change: object = None) -> None:
        table.value = _table_html(tradition.value, tuple(years.value), measures.value)

    for control in (tradition, years, measures):
        control.observe(update, names="value")
    return widgets.VBox([tradition, years, measures, table])
