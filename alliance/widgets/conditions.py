"""ipywidgets version of the chapter 3 rating exercise, for readers working in JupyterLab.

The reader picks a fictional counselor response, rates it on Rogers' three therapist conditions
with sliders, and (after ticking a box) sees the authors' illustrative ratings, the differences
and the authors' reasons. Nothing here waits for input: observers update an HTML panel.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from alliance.content.ch03_rogers import CONDITIONS, EXAMPLE_RESPONSES, get_response

_SLIDER_NAMES = {"Empathy": "empathy", "Positive regard": "regard", "Congruence": "congruence"}


def _comparison_html(key: str, ratings: dict[str, int], reveal: bool) -> str:
    r = get_response(key)
    parts = [
        f"<p><b>{html.escape(r.client)} (fictional client):</b> "
        f"&ldquo;{html.escape(r.statement)}&rdquo;</p>",
        f"<p><b>Counselor:</b> &ldquo;{html.escape(r.response)}&rdquo;</p>",
    ]
    if not reveal:
        parts.append("<p><i>Rate the response, then tick the box to compare with the authors' "
                     "illustrative ratings.</i></p>")
        return "".join(parts)
    rows = []
    total = 0
    for condition in reversed(CONDITIONS):
        yours, ours = ratings[condition], r.rating(condition)
        diff = yours - ours
        total += abs(diff)
        shown = "same" if diff == 0 else f"{diff:+d}"
        rows.append(f"<tr><td>{condition}</td><td>{yours}</td><td>{ours}</td>"
                    f"<td>{shown}</td></tr>")
    parts.append(
        "<table><thead><tr><th>Condition</th><th>Your rating</th>"
        "<th>Authors' illustrative rating</th><th>Difference</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p>Total distance from the authors: {total} point(s) (0 = identical).</p>"
        f"<p><b>Authors' reading:</b> {html.escape(r.note)}</p>"
        "<p><small>The authors' ratings are a teaching device, not validated norms.</small></p>"
    )
    return "".join(parts)


def response_rater_widget(initial: str = "1a") -> widgets.VBox:
    """A dropdown, three 1-5 sliders and a reveal checkbox, with a live comparison panel."""
    get_response(initial)
    choose = widgets.Dropdown(
        options=[(r.label, r.key) for r in EXAMPLE_RESPONSES], value=initial,
        description="Response", style={"description_width": "initial"})
    sliders = {
        condition: widgets.IntSlider(value=3, min=1, max=5, step=1,
                                     description=f"Your {_SLIDER_NAMES[condition]}",
                                     style={"description_width": "initial"})
        for condition in reversed(CONDITIONS)
    }
    reveal = widgets.Checkbox(value=False, description="Show the authors' ratings")
    panel = widgets.HTML()

    def update(_change: object = None) -> None:
        panel.value = _comparison_html(
            choose.value, {c: s.value for c, s in sliders.items()}, reveal.value)

    for control in (choose, reveal, *sliders.values()):
        control.observe(update, names="value")
    update()
    return widgets.VBox([choose, *sliders.values(), reveal, panel])
