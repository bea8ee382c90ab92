"""Altair charts for the course.

Every chart's interaction is a Vega-Lite parameter bound to an input, so it works in the static
web book with no kernel. Call :func:`enable_book_charts` once per notebook. Each topic has its
own module (``alliance.charts.besd``, ...); import chart functions from there. The teaching
content a chart shows (timeline events, profile rules, rated responses, draft contracts, ...)
lives in :mod:`alliance.content`, one module per chapter; chart modules only draw it.
"""

from alliance.charts.besd import besd_explorer
from alliance.charts.render import chart_html, enable_book_charts, with_description

__all__ = ["besd_explorer", "chart_html", "enable_book_charts", "with_description"]
