"""The library's HTML, as Jinja2 templates with autoescaping (one environment for all of it).

``widgets/<module>.html.j2`` holds the tables, reports and notes of ``alliance.widgets.<module>``,
one macro per piece; ``charts/embed.html.j2`` is the page code that draws a chart in the web
book (:func:`alliance.charts.render.chart_html`). Every value is escaped as it is filled in, so
a study name, a client id or a content sentence with ``<`` or ``&`` in it is shown as text,
never read as HTML. Numbers are formatted in the templates with the ``fmt`` filter
(``{{ r|fmt(".2f") }}`` is ``format(r, ".2f")``).
"""

from __future__ import annotations

import typing as t
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("alliance", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      # A misspelt name fails loudly instead of showing an empty cell.
                      undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = format
    # ``tojson`` (the chart embed's data) keeps the spec's key order and writes it compactly.
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":")}
    return env


def render(template: str, macro: str | None = None, **values: t.Any) -> str:
    """``template`` (a path below ``alliance/templates``), or one ``macro`` of it, filled in.

    Every value is HTML-escaped; the chart embed writes its JSON with Jinja's ``tojson``, which
    makes it safe inside a script element.
    """
    loaded = _environment().get_template(template)
    if macro is None:
        return loaded.render(**values)
    return str(getattr(loaded.module, macro)(**values))
