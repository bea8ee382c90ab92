"""Rate a counselor's response on Rogers' three therapist conditions (chapter 3).

The reader picks a fictional client statement and counselor response, rates the response from 1
to 5 on empathic understanding, unconditional positive regard and congruence, and compares the
ratings with the course authors' own illustrative ratings. The statements, responses and ratings
are teaching content, in :mod:`alliance.content.ch03_rogers`; this module only draws them.

The controls are Vega-Lite parameters bound to a dropdown, three sliders and a checkbox, so the
chart works in the static web book with no kernel.
"""

from __future__ import annotations

import textwrap

import altair as alt

from alliance.charts.render import WIDE, responsive, with_description, wrap_width, wrapped_title
from alliance.content.ch03_rogers import (
    CONDITIONS,
    EXAMPLE_RESPONSES,
    authors_ratings_table,
    get_response,
)

# Names the chapter imports from here; the responses and ratings live in alliance.content.
__all__ = ["CONDITIONS", "EXAMPLE_RESPONSES", "authors_ratings_table", "get_response",
           "response_rater"]


#: Colors of the two series; both pass WCAG AA contrast on white.
_COLORS = {"Your rating": "#1f5f8b", "Authors' illustrative rating": "#a3411f"}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width))


def _check_rating(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError(f"{name} must be a whole number from 1 to 5; got {value!r}.")
    return value


@responsive
def response_rater(
    initial: str = "1a", initial_rating: int = 3, reveal: bool = False,
    width: int | None = None,
) -> alt.VConcatChart:
    """Chart comparing the reader's 1-5 ratings of a response with the authors' ratings.

    A dropdown picks the response, three sliders set the reader's ratings of empathy, positive
    regard and congruence, and a checkbox reveals the authors' illustrative ratings, the
    difference on each condition and the reason for the authors' rating. ``width`` is the
    column it is drawn for (px): text is wrapped to it and the panels grow taller instead.
    """
    width = WIDE if width is None else width
    panel_w = width - 20
    chars = wrap_width(panel_w - 30)
    line_h = 17
    get_response(initial)
    _check_rating("initial_rating", initial_rating)
    if not isinstance(reveal, bool):
        raise ValueError(f"reveal must be True or False; got {reveal!r}.")

    pick = alt.param(
        name="response", value=initial,
        bind=alt.binding_select(options=[r.key for r in EXAMPLE_RESPONSES],
                                labels=[r.label for r in EXAMPLE_RESPONSES],
                                name="Statement and response  "))
    sliders = {
        condition: alt.param(
            name=name, value=initial_rating,
            bind=alt.binding_range(min=1, max=5, step=1, name=f"Your rating: {condition}  "))
        for condition, name in (("Empathy", "rate_empathy"), ("Positive regard", "rate_regard"),
                                ("Congruence", "rate_congruence"))
    }
    show = alt.param(name="reveal", value=reveal,
                     bind=alt.binding_checkbox(name="Show the authors' ratings  "))

    rows = [{"key": r.key, "condition": c, "authors": r.rating(c)}
            for r in EXAMPLE_RESPONSES for c in CONDITIONS]
    texts = [{"key": r.key, "label": f"{r.label.split(',')[0]} (fictional)",
              "statement": _wrap(f"Client: \u201c{r.statement}\u201d", chars),
              "response": _wrap(f"Counselor: \u201c{r.response}\u201d", chars),
              "note": _wrap(f"Authors' reading: {r.note}", chars)}
             for r in EXAMPLE_RESPONSES]
    chosen = "datum.key == response"
    yours = ("datum.condition == 'Empathy' ? rate_empathy : "
             "(datum.condition == 'Positive regard' ? rate_regard : rate_congruence)")

    # The panels are as tall as the longest text any response needs, so nothing overlaps.
    def n_lines(field: str) -> int:
        return max(t[field].count("\n") + 1 for t in texts)

    response_y = 22 + line_h * n_lines("statement") + 8
    text_base = alt.Chart(alt.Data(values=texts)).transform_filter(chosen)
    header = text_base.mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold",
                                 color="#222222").encode(
        x=alt.value(0), y=alt.value(0), text="label:N")
    statement = text_base.mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n",
                                    color="#222222").encode(
        x=alt.value(0), y=alt.value(22), text="statement:N")
    response = text_base.mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n",
                                   color="#1f5f8b").encode(
        x=alt.value(0), y=alt.value(response_y), text="response:N")
    panel = (header + statement + response).properties(
        width=panel_w, height=response_y + line_h * n_lines("response"))

    base = alt.Chart(alt.Data(values=rows)).transform_filter(chosen).transform_calculate(
        yours=yours, diff=f"({yours}) - datum.authors")
    # Narrow: the condition names are drawn inside the panel, not as axis labels to its left, so
    # that the text panels above and below keep the column's full width.
    narrow = width < 480
    label_w = 110
    y = alt.Y("condition:N", title=None, sort=list(CONDITIONS),
              axis=None if narrow else alt.Axis(labelFontSize=13, labelColor="#222222"))
    x_scale = alt.Scale(domain=[0.5, 6.4],
                        range=[label_w, panel_w] if narrow else alt.Undefined)
    x_axis = alt.Axis(values=[1, 2, 3, 4, 5], format="d",
                      title=["Rating", "(1 = hardly present, 5 = fully present)"] if narrow
                      else "Rating (1 = hardly present, 5 = fully present)",
                      titleAnchor="end" if narrow else alt.Undefined, grid=True,
                      labelColor="#222222", titleColor="#222222")
    color = alt.Color("series:N", title=None,
                      scale=alt.Scale(domain=list(_COLORS), range=list(_COLORS.values())),
                      legend=alt.Legend(orient="top", labelFontSize=12, labelColor="#222222",
                                        columns=1 if width < 480 else 2))
    shape = alt.Shape("series:N", title=None,
                      scale=alt.Scale(domain=list(_COLORS), range=["circle", "diamond"]),
                      legend=alt.Legend(orient="top", labelFontSize=12, labelColor="#222222",
                                        columns=1 if width < 480 else 2))
    revealed = base.transform_filter("reveal")
    # aria=False: these layers are empty until the reader reveals them, and an empty ARIA mark
    # container has no text alternative; the chart's description covers them.
    gap = revealed.mark_rule(strokeWidth=3, color="#9a9a9a", aria=False).encode(
        x=alt.X("yours:Q", scale=x_scale, axis=x_axis), x2="authors:Q", y=y)
    you = base.transform_calculate(series="'Your rating'").mark_point(
        filled=True, size=260).encode(
        x=alt.X("yours:Q", scale=x_scale, axis=x_axis), y=y, color=color, shape=shape,
        tooltip=[alt.Tooltip("condition:N", title="Condition"),
                 alt.Tooltip("yours:Q", title="Your rating")])
    authors = revealed.transform_calculate(series="'Authors\\' illustrative rating'").mark_point(
        filled=True, size=200, aria=False).encode(
        x=alt.X("authors:Q", scale=x_scale, axis=x_axis), y=y, color=color, shape=shape,
        tooltip=[alt.Tooltip("condition:N", title="Condition"),
                 alt.Tooltip("authors:Q", title="Authors' illustrative rating")])
    diff_text = revealed.transform_calculate(
        label="datum.diff == 0 ? 'same' : (datum.diff > 0 ? '+' : '\u2212') + abs(datum.diff)"
    ).mark_text(align="left", fontSize=13, color="#222222").encode(
        x=alt.datum(5.75, scale=x_scale), y=y, text="label:N")
    names = base.mark_text(align="left", fontSize=13, color="#222222").encode(
        x=alt.value(0), y=y, text="condition:N")
    dots = (gap + you + authors + diff_text + names if narrow
            else gap + you + authors + diff_text).properties(
        width=panel_w if narrow else panel_w - 110, height=150,
        title=wrapped_title("Your ratings and the authors' illustrative ratings",
                            "Difference = your rating minus the authors' rating",
                            width - 40, 14, 12, anchor="start", fontSize=14))

    note_y = 22 + (line_h if width < 480 else 0)
    total = base.transform_calculate(abs_diff="abs(datum.diff)").transform_filter(
        "reveal").transform_aggregate(gap="sum(abs_diff)").transform_calculate(
        line="'Total distance from the authors: ' + datum.gap + ' point(s)"
             + ("\\n" if width < 480 else " ") + "across the three conditions (0 = identical).'"
    ).mark_text(
        align="left", baseline="top", fontSize=13, lineBreak="\n", color="#222222").encode(
        x=alt.value(0), y=alt.value(0), text="line:N")
    note = text_base.transform_filter("reveal").mark_text(
        align="left", baseline="top", fontSize=13, lineBreak="\n", color="#a3411f").encode(
        x=alt.value(0), y=alt.value(note_y), text="note:N")
    hint = text_base.transform_filter("!reveal").mark_text(
        align="left", baseline="top", fontSize=13, fontStyle="italic", lineBreak="\n",
        color="#444444").encode(
        x=alt.value(0), y=alt.value(0),
        text=alt.value(_wrap("Rate the response first, then tick the box to compare.", chars)))
    footer = (total + note + hint).properties(
        width=panel_w, height=note_y + line_h * n_lines("note"))

    chart = alt.vconcat(panel, dots, footer, spacing=14).add_params(
        pick, *sliders.values(), show).properties(
        title=wrapped_title("Rogers' therapist conditions: rate a counselor's response",
                            "Fictional statements; the authors' ratings are illustrative, not "
                            "validated norms", width - 40, 16, 12,
                            anchor="start", fontSize=16, offset=12),
    ).configure_view(stroke=None)
    return with_description(
        chart,
        "An interactive rating exercise. A dropdown chooses one of fifteen fictional counselor "
        "responses to five fictional client statements, shown as text. Three sliders set your "
        "ratings from 1 to 5 of empathy, positive regard and congruence, drawn as blue circles "
        "on one row per condition. A checkbox reveals the authors' illustrative ratings as "
        "orange diamonds, the difference on each row, the total distance and the authors' "
        "reason for their rating.",
    )
