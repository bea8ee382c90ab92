"""The renderer that makes the course's Altair charts work in the static web book, on any screen.

The web book has no Python behind it, so every chart's interaction is a Vega-Lite parameter bound
to an input (slider, dropdown, selection) that runs in the reader's browser. The book serves Vega
and Vega-Lite itself (``book/_static/vendor``), so charts draw with no internet; a few lines here
do what Vega-Embed did (compile, draw as SVG, bind the controls), which saves every page 60 kB.

Responsive charts (issue 17). A chart must fit a 360-px phone column without hiding its text or
axis, and still use a 1366-px laptop's column well. Three layers, all in this module, so every
chart module (today's and any new chapter's) inherits them by calling ``enable_book_charts()``:

1. **Two layouts, chosen in the browser.** A chart function that lays out text or panels side by
   side takes a ``width`` (the column it is drawn for, in px) and is wrapped by
   :func:`responsive`: it is built twice, at :data:`WIDE` and at :data:`NARROW` (stacked panels,
   shorter text lines), and the page draws the layout that fits the column it finds, again
   whenever the column's width changes (a phone turned sideways). Data shared by the two layouts
   is written into the page once.
2. **A fit check after every draw.** Every chart is drawn with ``autosize: pad, resize`` so it is
   re-measured after each change a control makes (a longer label grows the drawing, never cut).
   If the drawn SVG is still wider than its column (a chart with one layout, a long title), the
   page narrows each view's ``width``, stacks side-by-side views, breaks long titles into lines
   and moves side legends below the plot, then draws again. Axis titles and labels are never
   dropped to make room. The container gets ``data-layout`` (wide, narrow or fitted) when done.
3. **Keyboard and screen readers.** The chart's container is a ``figure`` labelled with the
   chart's text description (:func:`with_description`); ``book/_static/a11y.js`` adds a
   "Skip to the interactive chart" link for it at the top of the page.

Write new charts with widths in px for the wide layout, give any text panel a ``width``
parameter, and wrap the public function with ``@responsive`` when its layout must change shape
(not just shrink) to fit a phone. ``tests/test_pages.py`` checks every chart at 390 and 1366 px.
"""

from __future__ import annotations

import functools
import html
import inspect
import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import altair as alt

BOOK_RENDERER = "alliance-book"
WIDE = 620
"""Column width (px) the wide layout is built for: the book's text column on a laptop."""
NARROW = 330
"""Column width (px) the narrow layout is built for: a 360-px phone column, with a margin."""
_META_KEY = "alliance_narrow"

ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)

# Runs in the page. In the web book the vendored libraries are already loaded by every page; in
# JupyterLab they are not, so the chart falls back to loading them once from a CDN.
_EMBED_TEMPLATE = """\
<div id="{div_id}" class="alliance-chart" role="figure" aria-label="{label}"></div>
<script type="text/javascript">
(function () {{
  var el = document.getElementById("{div_id}");
  var datasets = {datasets};
  var layouts = [{spec}, {narrow}].filter(Boolean);
  var opt = {options};
  layouts.forEach(function (s) {{ s.datasets = datasets; }});
  var view = null, drawnFor = -1, busy = false;

  function copy(x) {{ return JSON.parse(JSON.stringify(x)); }}
  function svgWidth() {{
    var svg = el.querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }}
  function wrapTitle(t, width) {{
    // Break a long title (or subtitle) into lines of about width / 7 characters.
    if (t === undefined || t === null) {{ return t; }}
    if (typeof t === "string" || Array.isArray(t)) {{ return wrapText(t, width); }}
    t = Object.assign({{}}, t);
    if (t.text !== undefined) {{ t.text = wrapText(t.text, width); }}
    if (t.subtitle !== undefined) {{ t.subtitle = wrapText(t.subtitle, width); }}
    return t;
  }}
  function wrapText(text, width) {{
    var words = [].concat(text).join(" ").split(/\\s+/), lines = [], line = "";
    var max = Math.max(16, Math.floor(width / 9));
    words.forEach(function (w) {{
      if (line && (line + " " + w).length > max) {{ lines.push(line); line = w; }}
      else {{ line = line ? line + " " + w : w; }}
    }});
    if (line) {{ lines.push(line); }}
    return lines.length > 1 ? lines : lines[0];
  }}
  function fit(spec, excess, avail) {{
    // Narrow every view by the excess width; stack side-by-side views; legends below.
    spec = copy(spec);
    (function walk(s) {{
      if (s.hconcat) {{ s.vconcat = s.hconcat; delete s.hconcat; }}
      if (typeof s.width === "number") {{ s.width = Math.max(120, s.width - excess); }}
      if (s.title) {{ s.title = wrapTitle(s.title, Math.min(avail, s.width || avail)); }}
      if (s.encoding) {{
        Object.keys(s.encoding).forEach(function (k) {{
          var lg = s.encoding[k] && s.encoding[k].legend;
          if (lg && (lg.orient === "right" || lg.orient === "left" || lg.orient === undefined)) {{
            lg.orient = "bottom";
          }}
        }});
      }}
      ["layer", "vconcat", "concat"].forEach(function (k) {{ (s[k] || []).forEach(walk); }});
      if (s.spec) {{ walk(s.spec); }}
    }})(spec);
    if (spec.title) {{ spec.title = wrapTitle(spec.title, avail); }}
    spec.config = Object.assign({{}}, spec.config);
    spec.config.legend = Object.assign({{orient: "bottom"}}, spec.config.legend);
    return spec;
  }}
  function draw(spec) {{
    if (view) {{ view.finalize(); view = null; }}
    el.innerHTML = "";
    // Re-measure after every change a control makes, so a longer label grows the drawing
    // instead of being cut off at its edge.
    if (!spec.autosize) {{
      spec = Object.assign({{}}, spec, {{autosize: {{type: "pad", resize: true}}}});
    }}
    var compiled = vegaLite.compile(spec).spec;
    view = new vega.View(vega.parse(compiled), opt);
    view.initialize(el);
    return view.runAsync();
  }}
  function show() {{
    var avail = el.clientWidth;
    if (busy || avail === drawnFor) {{ return; }}
    busy = true;
    el.removeAttribute("data-layout");
    var tries = layouts.map(function (s) {{ return s; }});
    var i = 0, spec = tries[0];
    // Start from the narrow layout when the column is clearly too small for the wide one.
    if (tries.length > 1 && avail < {breakpoint}) {{ i = 1; spec = tries[1]; }}
    (function attempt(n) {{
      draw(spec).then(function () {{
        var excess = Math.ceil(svgWidth() - el.clientWidth);
        if (excess > 0 && n < 4) {{
          if (i + 1 < tries.length) {{ i += 1; spec = tries[i]; }}
          else {{ spec = fit(spec, excess + 4, el.clientWidth); }}
          attempt(n + 1);
        }} else {{
          // Tests and scripts wait for this: the chart is drawn in the layout that fits.
          el.setAttribute("data-layout", spec === tries[0] ? "wide" : (spec === tries[1] ?
            "narrow" : "fitted"));
          drawnFor = avail; busy = false;
          if (el.clientWidth !== avail) {{ show(); }}
        }}
      }}).catch(function (err) {{
        busy = false;
        el.textContent = "This chart could not be drawn: " + err;
      }});
    }})(0);
  }}
  function start() {{
    show();
    if (typeof ResizeObserver === "function") {{
      new ResizeObserver(function () {{ show(); }}).observe(el);
    }}
  }}
  if (typeof vega === "object" && typeof vegaLite === "object") {{ start(); return; }}
  var libs = ["vega@{vega}", "vega-lite@{vegalite}"];
  (function load(i) {{
    if (i === libs.length) {{ start(); return; }}
    var s = document.createElement("script");
    s.src = "https://cdn.jsdelivr.net/npm/" + libs[i];
    s.onload = function () {{ load(i + 1); }};
    document.head.appendChild(s);
  }})(0);
}})();
</script>
"""

EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "hover": True}


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def chart_html(spec: dict[str, Any]) -> str:
    """Return the HTML that draws a Vega-Lite ``spec`` with the page's vendored Vega libraries.

    A narrow layout attached by :func:`responsive` is drawn instead when the wide one does not
    fit its column; the datasets of both layouts are written once.
    """
    spec = dict(spec)
    usermeta = dict(spec.pop("usermeta", None) or {})
    narrow = usermeta.pop(_META_KEY, None)
    if usermeta:
        spec["usermeta"] = usermeta
    datasets = dict(spec.pop("datasets", None) or {})
    if narrow is not None:
        narrow = dict(narrow)
        datasets.update(narrow.pop("datasets", None) or {})
    label = spec.get("description") or spec.get("title") or "Chart"
    if isinstance(label, dict):
        label = label.get("text", "Chart")
    return _EMBED_TEMPLATE.format(
        div_id=f"chart-{uuid.uuid4().hex[:12]}",
        label=html.escape(str(label), quote=True),
        datasets=_json(datasets),
        spec=_json(spec),
        narrow=_json(narrow),
        breakpoint=(WIDE + NARROW) // 2,
        options=_json(EMBED_OPTIONS),
        vega=alt.VEGA_VERSION,
        vegalite=alt.VEGALITE_VERSION,
    )


def responsive(build: Callable[..., ChartT]) -> Callable[..., ChartT]:
    """Decorate a chart function that takes ``width`` so the book draws the layout that fits.

    Called without ``width``, the function is built at :data:`WIDE` and at :data:`NARROW`; the
    narrow chart rides along in the wide chart's ``usermeta`` and :func:`chart_html` lets the
    page choose. Called with ``width``, it returns that one layout (for tests and JupyterLab).
    """
    if "width" not in inspect.signature(build).parameters:
        raise ValueError(f"{build.__name__} needs a 'width' parameter to be responsive.")

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> ChartT:
        if kwargs.get("width") is not None:
            return build(*args, **kwargs)
        wide = build(*args, **{**kwargs, "width": WIDE})
        narrow = build(*args, **{**kwargs, "width": NARROW})
        meta = dict(getattr(wide, "usermeta", None) or {}) if _has_usermeta(wide) else {}
        meta[_META_KEY] = narrow.to_dict()
        return wide.properties(usermeta=meta)

    return wrapper


def _has_usermeta(chart: alt.TopLevelMixin) -> bool:
    value = getattr(chart, "usermeta", alt.Undefined)
    return value is not alt.Undefined and isinstance(value, dict)


def _book_renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    mimetype = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0].lstrip('v')}+json"
    usermeta = dict(spec.get("usermeta") or {})
    jupyterlab_spec = dict(spec)
    if usermeta.pop(_META_KEY, None) is not None:  # JupyterLab shows the wide layout only
        jupyterlab_spec.pop("usermeta")
        if usermeta:
            jupyterlab_spec["usermeta"] = usermeta
    return {"text/html": chart_html(spec), mimetype: jupyterlab_spec,
            "text/plain": "<Altair chart>"}


def enable_book_charts() -> None:
    """Render Altair charts as HTML that works offline in the web book (and in JupyterLab)."""
    alt.renderers.register(BOOK_RENDERER, _book_renderer)
    alt.renderers.enable(BOOK_RENDERER)


def with_description(chart: ChartT, description: str) -> ChartT:
    """Attach a text description that screen readers announce for ``chart``."""
    return chart.properties(description=description)


def wrap_width(width: int, font_size: float = 13) -> int:
    """How many characters of text fit on one line ``width`` px wide (for ``textwrap``)."""
    if width <= 0 or font_size <= 0:
        raise ValueError(f"width and font_size must be positive; got {width} and {font_size}.")
    # An average Latin character is about 0.55 em wide in the chart font. DejaVu Sans (Debian's
    # default sans-serif) runs wider, so callers pass their panel's width less a margin.
    return max(12, int(width / (font_size * 0.55)))
