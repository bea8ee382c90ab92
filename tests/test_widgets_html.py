"""Text from the reader's data is shown as text: a name with ``<script>`` in it never runs.

The widgets' tables and reports and the chart embed are Jinja2 templates with autoescaping
(``alliance.templates``). These tests pass a study name, a client id, a family role and a chart
description that hold HTML into the public functions and read the result with the standard
library's HTML parser, as a browser would: the text must come back intact, and no element the
text spelled out may appear.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from alliance.charts.family_alliance import member_scores
from alliance.charts.render import chart_html
from alliance.charts.ruptures import scored_srs_ors
from alliance.data import load_meta_analysis
from alliance.widgets.evidence import meta_analysis_widget
from alliance.widgets.family_alliance import split_report
from alliance.widgets.ruptures import srs_ors_widget

HOSTILE = """Dr. <b>O'Neil</b> & "Sons" <script>alert('x')</script>"""


class _Page(HTMLParser):
    """The elements a browser would build and the text it would show (or run, for scripts)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(value for _, value in attrs if value is not None)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _family_report() -> str:
    members = member_scores()
    family = members[members["family_id"] == members["family_id"].iloc[0]]
    return split_report(family.assign(role=HOSTILE).reset_index(drop=True))


def _meta_analysis_table() -> str:
    meta = load_meta_analysis()
    meta.loc[meta.index[0], "study"] = HOSTILE
    return meta_analysis_widget(meta).children[-1].value


def _rupture_note() -> str:
    sessions = scored_srs_ors()
    flagged = sessions.loc[sessions["srs_concern"], "client_id"].iloc[0]
    sessions["client_id"] = sessions["client_id"].replace(flagged, HOSTILE)
    box = srs_ors_widget(sessions)
    box.children[0].value = HOSTILE
    return box.children[1].value


@pytest.mark.parametrize("report", [_family_report, _meta_analysis_table, _rupture_note],
                         ids=["family split", "meta-analysis table", "rupture note"])
def test_widget_reports_show_hostile_text_as_text(report):
    page = _Page(report())
    assert HOSTILE in "".join(page.text)
    assert "script" not in page.tags


def test_chart_embed_keeps_hostile_text_out_of_the_page_code():
    spec = {"mark": "text", "description": HOSTILE,
            "data": {"values": [{"label": "</script><script>alert(2)</script>"}]},
            "encoding": {"text": {"field": "label"}}}
    page = _Page(chart_html(spec))
    assert HOSTILE in page.attributes  # the figure's label, for screen readers
    assert page.tags.count("script") == 1  # the embed's own code, not closed early by the data
    (code,) = [t for t in page.text if "vegaLite.compile" in t]
    assert "</script" not in code
