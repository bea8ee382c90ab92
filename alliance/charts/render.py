"""The renderer that makes the course's Altair charts work in the static web book.

The web book has no Python behind it, so every chart's interaction is a Vega-Lite parameter bound
to an input (slider, dropdown, selection) that runs in the reader's browser. The book serves Vega,
Vega-Lite and Vega-Embed itself (``book/_static/vendor``), so charts draw with no internet.
"""

from __future__ import annotations

import html
import json
import uuid
from typing import Any

import altair as alt

BOOK_RENDERER = "alliance-book"

# Runs in the page. In the web book the vendored libraries are already loaded by every page; in
# JupyterLab they are not, so the chart falls back to loading them once from a CDN.
_EMBED_TEMPLATE = """\
<div id="{div_id}" class="alliance-chart" role="figure" aria-label="{label}"></div>
<script type="text/javascript">
(function () {{
  var spec = {spec};
  var opt = {options};
  var el = document.getElementById("{div_id}");
  function show() {{
    vegaEmbed(el, spec, opt).catch(function (err) {{
      el.textContent = "This chart could not be drawn: " + err;
    }});
  }}
  if (typeof vegaEmbed === "function") {{ show(); return; }}
  var libs = ["vega@{vega}", "vega-lite@{vegalite}", "vega-embed@{embed}"];
  (function load(i) {{
    if (i === libs.length) {{ show(); return; }}
    var s = document.createElement("script");
    s.src = "https://cdn.jsdelivr.net/npm/" + libs[i];
    s.onload = function () {{ load(i + 1); }};
    document.head.appendChild(s);
  }})(0);
}})();
</script>
"""

EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "actions": False}


def chart_html(spec: dict[str, Any]) -> str:
    """Return the HTML that draws a Vega-Lite ``spec`` with the page's vendored Vega libraries."""
    label = spec.get("description") or spec.get("title") or "Chart"
    if isinstance(label, dict):
        label = label.get("text", "Chart")
    return _EMBED_TEMPLATE.format(
        div_id=f"chart-{uuid.uuid4().hex[:12]}",
        label=html.escape(str(label), quote=True),
        spec=json.dumps(spec).replace("</", "<\\/"),
        options=json.dumps(EMBED_OPTIONS),
        vega=alt.VEGA_VERSION,
        vegalite=alt.VEGALITE_VERSION,
        embed=alt.VEGAEMBED_VERSION,
    )


def _book_renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    mimetype = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0].lstrip('v')}+json"
    return {"text/html": chart_html(spec), mimetype: spec, "text/plain": "<Altair chart>"}


def enable_book_charts() -> None:
    """Render Altair charts as HTML that works offline in the web book (and in JupyterLab)."""
    alt.renderers.register(BOOK_RENDERER, _book_renderer)
    alt.renderers.enable(BOOK_RENDERER)


def with_description(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    """Attach a text description that screen readers announce for ``chart``."""
    return chart.properties(description=description)

