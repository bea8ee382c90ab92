"""ipywidgets version of the chapter 4 contract checker, for readers working in JupyterLab.

The reader chooses a fictional draft contract, ticks the requirements they think it meets
(Steiner's four requirements and Berne's three levels of a contract) and sees, row by row,
whether the authors' documented reading agrees, with the reason. Nothing here waits for input:
observers update an HTML panel.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from alliance.content.ch04_contracts import DRAFTS, REQUIREMENTS, get_draft


def _feedback_html(key: str, ticks: dict[str, bool]) -> str:
    d = get_draft(key)
    rows = []
    agree = 0
    for r in REQUIREMENTS:
        ours, yours = d.met[r.key], ticks[r.key]
        same = ours == yours
        agree += same
        colour = "#cfe8c9" if same else "#f9d3b4"
        rows.append(
            f"<tr><td>{html.escape(r.label)} ({r.source})</td>"
            f"<td>{'met' if ours else 'missing'}</td>"
            f"<td>{'ticked' if yours else 'not ticked'}</td>"
            f"<td style='background:{colour}'>{'agree' if same else 'look again'}</td>"
            f"<td>{html.escape(d.reasons[r.key])}</td></tr>")
    return (
        f"<p><b>{html.escape(d.title)} (fictional)</b><br><i>{html.escape(d.context)}</i></p>"
        f"<blockquote>{html.escape(d.text)}</blockquote>"
        "<table><thead><tr><th>Requirement</th><th>Authors' reading</th><th>Your tick</th>"
        "<th>Compared</th><th>Authors' reason</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p><b>You and the authors agree on {agree} of {len(REQUIREMENTS)} requirements.</b> "
        "The authors' reading is a teaching judgement, not a validated scale.</p>"
    )


def contract_checker_widget(initial: str = "A") -> widgets.VBox:
    """A dropdown of draft contracts, seven checkboxes and a live feedback table."""
    get_draft(initial)
    choose = widgets.Dropdown(options=[(d.title, d.key) for d in DRAFTS], value=initial,
                              description="Draft", style={"description_width": "initial"})
    boxes = {r.key: widgets.Checkbox(value=False, description=f"{r.label} ({r.source})",
                                     indent=False)
             for r in REQUIREMENTS}
    panel = widgets.HTML()

    def update(_change: object = None) -> None:
        panel.value = _feedback_html(choose.value, {k: b.value for k, b in boxes.items()})

    for control in (choose, *boxes.values()):
        control.observe(update, names="value")
    update()
    return widgets.VBox([choose, widgets.HTML("<b>Which requirements does it meet?</b>"),
                         *boxes.values(), panel])
