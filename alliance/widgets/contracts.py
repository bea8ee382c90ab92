"""ipywidgets version of the chapter 4 contract checker, for readers working in JupyterLab.

The reader chooses a fictional draft contract, ticks the requirements they think it meets
(Steiner's four requirements and Berne's three levels of a contract) and sees, row by row,
whether the authors' documented reading agrees, with the reason. Nothing here waits for input:
observers update an HTML panel.
"""

from __future__ import annotations

import ipywidgets as widgets

from alliance.content.ch04_contracts import DRAFTS, REQUIREMENTS, get_draft
from alliance.templates import render

_TEMPLATE = "widgets/contracts.html.j2"


def _feedback_html(key: str, ticks: dict[str, bool]) -> str:
    d = get_draft(key)
    rows = [(r, d.met[r.key], ticks[r.key]) for r in REQUIREMENTS]
    agree = sum(ours == yours for _, ours, yours in rows)
    return render(_TEMPLATE, "feedback", draft=d, rows=rows, agree=agree)


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
    return widgets.VBox([choose, widgets.HTML(render(_TEMPLATE, "question")),
                         *boxes.values(), panel])
