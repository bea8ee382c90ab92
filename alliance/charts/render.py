"""The renderer that makes the course's Altair charts work in the static web book, on any screen.

The web book has no Python behind it, so every chart's interaction is a Vega-Lite parameter bound
to an input (slider, dropdown, selection) that runs in the reader's browser. The book serves Vega
and Vega-Lite itself (``book/_static/vendor``), so charts draw with no internet; a few lines of
page code (``alliance/templates/charts/embed.html.j2``, filled in by :func:`chart_html`) do what
Vega-Embed did (compile, draw as SVG, bind the controls), which saves every page 60 kB.

Responsive charts (issue 17). A chart must fit a 360-px phone column without hiding its text or
axis, and still use a 1366-px laptop's column well. Three layers, all in this module and its
page code, so every chart module (today's and any new chapter's) inherits them by calling
``enable_book_charts()``:

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
(not just shrink) to fit a phone; :func:`wrapped_title` breaks a title and subtitle into lines
that fit the width. ``tests/test_pages.py`` checks every chart at 390 and 1366 px.
"""

from __future__ import annotations

import functools
import inspect
import textwrap
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import altair as alt

from alliance.templates import render

BOOK_RENDERER = "alliance-book"
WIDE = 620
"""Column width (px) the wide layout is built for: the book's text column on a laptop."""
NARROW = 330
"""Column width (px) the narrow layout is built for: a 360-px phone column, with a margin."""
_META_KEY = "alliance_narrow"

ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)

EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "hover": True}


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
    # The page code (templates/charts/embed.html.j2) runs in the reader's browser. In the web
    # book the vendored libraries are already loaded by every page; in JupyterLab they are not,
    # so the chart falls back to loading them once from a CDN.
    return render(
        "charts/embed.html.j2",
        div_id=f"chart-{uuid.uuid4().hex[:12]}",
        label=str(label),
        datasets=datasets,
        spec=spec,
        narrow=narrow,
        breakpoint=(WIDE + NARROW) // 2,
        options=EMBED_OPTIONS,
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


def text_lines(text: str, width: int, font_size: float = 13) -> str | list[str]:
    """``text`` as one line, or as a list of lines when it would not fit ``width`` px.

    Vega draws a list as a title's lines; give it the width left for the text (the column less
    the chart's padding).
    """
    lines = textwrap.wrap(text, width=wrap_width(width, font_size))
    return lines[0] if len(lines) == 1 else lines


def wrapped_title(
    text: str, subtitle: str, width: int, font_size: float = 13, subtitle_size: float = 11,
    **props: Any,
) -> alt.Title:
    """A chart title and subtitle, each broken into lines that fit ``width`` px.

    ``font_size`` and ``subtitle_size`` are the sizes the lines are measured for; ``props``
    (``anchor``, ``fontSize``, ``offset``, ...) go to :class:`altair.Title` unchanged.
    """
    return alt.Title(text_lines(text, width, font_size),
                     subtitle=text_lines(subtitle, width, subtitle_size), **props)
