"""A contract checker for Transactional Analysis contracts (chapter 4).

The reader picks one of five fictional draft contracts between a counselor and Marek (a fictional
client referred through his employer's assistance program), ticks the requirements they think
the draft meets, and compares their ticks with the course authors' documented reading. The
requirements are Steiner's four requirements of a sound therapeutic contract (mutual consent,
valid consideration, competency, lawful object) and the three levels of a contract that TA
writers attribute to Berne (administrative, professional, psychological). The drafts, the
requirements and the authors' reading (a teaching judgement, with a reason for every cell) are
teaching content, in :mod:`alliance.content.ch04_contracts`; this module only draws them.

Every control is a Vega-Lite parameter bound to a dropdown or a checkbox, so the chart works in
the static web book with no kernel.
"""

from __future__ import annotations

import textwrap

import altair as alt

from alliance.charts.render import WIDE, responsive, with_description, wrap_width, wrapped_title
from alliance.content.ch04_contracts import (
    DRAFTS,
    REQUIREMENTS,
    authors_reading_table,
    get_draft,
)

# Names the chapter imports from here; the drafts and their reading live in alliance.content.
__all__ = ["DRAFTS", "REQUIREMENTS", "authors_reading_table", "contract_checker", "get_draft"]


#: Width of the chart's panels in pixels, chosen to fit the web book's text column.
_WIDTH = 520


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width))


def _param_name(key: str) -> str:
    return f"tick_{key}"


@responsive
def contract_checker(initial: str = "A", width: int | None = None) -> alt.VConcatChart:
    """Chart comparing the reader's ticks with the authors' reading of a draft contract.

    A dropdown chooses the draft; seven checkboxes (Steiner's four requirements and Berne's
    three levels) record which requirements the reader thinks it meets. Each row shows the
    authors' reading, the reader's tick, whether the two agree and the authors' reason; a line
    of feedback counts the agreements. ``width`` is the column it is drawn for (px); under 560 px
    the authors' reasons move from a fourth column to a list below the table.
    """
    width = WIDE if width is None else width
    narrow = width < 560
    panel_w = width - 20 if narrow else _WIDTH
    get_draft(initial)
    pick = alt.param(name="draft", value=initial,
                     bind=alt.binding_select(options=[d.key for d in DRAFTS],
                                             labels=[d.title for d in DRAFTS],
                                             name="Draft contract  "))
    ticks = [alt.param(name=_param_name(r.key), value=False,
                       bind=alt.binding_checkbox(name=f"It meets: {r.label} ({r.source})  "))
             for r in REQUIREMENTS]

    rows = [{"draft": d.key, "req": r.key, "order": i,
             "label": f"{r.label} ({r.source})", "met": d.met[r.key],
             "reason": _wrap(d.reasons[r.key], 50),
             "reason_below": _wrap(f"{r.label}: {d.reasons[r.key]}", wrap_width(panel_w - 30, 11))}
            for d in DRAFTS for i, r in enumerate(REQUIREMENTS)]
    # In the narrow layout each reason is a paragraph of its own; place them one under another.
    line_h = 15
    for d in DRAFTS:
        top = 0
        for row in (r for r in rows if r["draft"] == d.key):
            row["reason_y"] = top
            top += line_h * (row["reason_below"].count("\n") + 1) + 6
    reasons_h = max(r["reason_y"] + line_h * (r["reason_below"].count("\n") + 1) for r in rows)
    texts = [{"draft": d.key, "title": f"{d.title} (fictional)",
              "context": _wrap(f"Context: {d.context}", 84 if not narrow
                               else wrap_width(panel_w - 30, 12)),
              "text": _wrap(f"\u201c{d.text}\u201d", 78 if not narrow
                            else wrap_width(panel_w - 30, 13))} for d in DRAFTS]
    context_lines = max(t["context"].count("\n") + 1 for t in texts)
    body_y = 20 + 16 * context_lines + 6
    chosen = "datum.draft == draft"
    yours = " : ".join(f"datum.req == '{r.key}' ? {_param_name(r.key)}"
                       for r in REQUIREMENTS[:-1]) + f" : {_param_name(REQUIREMENTS[-1].key)}"

    text_base = alt.Chart(alt.Data(values=texts)).transform_filter(chosen)
    title = text_base.mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold",
                                color="#222222").encode(
        x=alt.value(0), y=alt.value(0), text="title:N")
    context = text_base.mark_text(align="left", baseline="top", fontSize=12, fontStyle="italic",
                                  lineBreak="\n", color="#444444").encode(
        x=alt.value(0), y=alt.value(20), text="context:N")
    body = text_base.mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n",
                               color="#1f5f8b").encode(
        x=alt.value(0), y=alt.value(body_y), text="text:N")
    n_lines = max(t["text"].count("\n") + 1 for t in texts)
    panel = (title + context + body).properties(width=panel_w, height=body_y + 8 + 17 * n_lines)

    base = alt.Chart(alt.Data(values=rows)).transform_filter(chosen).transform_calculate(
        yours=f"({yours})",
    ).transform_calculate(
        agree="datum.yours == datum.met",
        ours_text="datum.met ? '\u2713 met' : '\u2717 missing'",
        yours_text="datum.yours ? '\u2713 ticked' : '\u2013 not ticked'",
        agree_text="datum.yours == datum.met ? 'agree' : 'look again'",
    )
    # Narrow: the requirement names are a column inside the table ("Mutual consent" over
    # "(Steiner)"), not axis labels to its left, so the text panels keep the column's width.
    y = alt.Y("label:N", title=None, sort=alt.SortField("order"),
              axis=None if narrow else alt.Axis(labelFontSize=11, labelColor="#222222",
                                                labelLimit=170, domain=False, ticks=False))
    # x positions of the columns: Authors, You, the Compared cell, its text, the reason.
    xs = (100, 160, 234, 300, 238, None) if narrow else (0, 76, 158, 236, 166, 246)
    cell = base.mark_rect(stroke="white", strokeWidth=2).encode(
        y=y, x=alt.value(xs[2]), x2=alt.value(xs[3]),
        color=alt.Color("agree_text:N", title=None,
                        scale=alt.Scale(domain=["agree", "look again"],
                                        range=["#cfe8c9", "#f9d3b4"]),
                        legend=None))

    def column(field: str, x: int, **kw) -> alt.Chart:
        style = {"align": "left", "fontSize": 12, "color": "#222222", **kw}
        return base.mark_text(**style).encode(
            y=y, x=alt.value(x), text=f"{field}:N")

    heads = [{"x": xs[0], "h": "Authors"}, {"x": xs[1], "h": "You"},
             {"x": xs[2] + 4, "h": "Compared"}]
    if not narrow:
        heads.append({"x": xs[5], "h": "Authors' reason"})
    headers = alt.Chart(alt.Data(values=heads)).mark_text(
        align="left", baseline="bottom", fontSize=12, fontWeight="bold",
        color="#222222").encode(x=alt.X("x:Q", scale=None), y=alt.value(-6), text="h:N")
    grid = (cell + column("ours_text", xs[0]) + column("yours_text", xs[1])
            + column("agree_text", xs[4]) + headers)
    if narrow:
        grid += base.transform_calculate(two_lines="replace(datum.label, ' (', '\\n(')").mark_text(
            align="left", fontSize=11, lineBreak="\n", color="#222222").encode(
            y=y, x=alt.value(0), text="two_lines:N")
    if not narrow:
        grid += column("reason", xs[5], lineBreak="\n", fontSize=11)
    grid = grid.properties(width=xs[3] if narrow else _WIDTH, height=330)
    reasons = base.mark_text(align="left", baseline="top", fontSize=11, lineBreak="\n",
                             color="#222222").encode(
        x=alt.value(0), y=alt.Y("reason_y:Q", scale=None), text="reason_below:N").properties(
        width=panel_w, height=reasons_h,
        title=alt.Title("The authors' reasons", anchor="start", fontSize=13))

    feedback = base.transform_calculate(n="datum.agree ? 1 : 0").transform_aggregate(
        n_agree="sum(n)", n_rows="count()").transform_calculate(
        line="'You and the authors agree on ' + datum.n_agree + ' of ' + datum.n_rows + "
             + ("'\\nrequirements.' + " if narrow else "' requirements.' + ")
             + "(datum.n_agree == datum.n_rows ? '' : '\\n"
             + ("Read the reasons for the orange rows,\\nthen decide whether you still "
                "disagree.')" if narrow else "Read the reasons in the orange rows, then decide "
                "whether you still disagree.')")
    ).mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", lineBreak="\n",
                color="#222222").encode(x=alt.value(0), y=alt.value(4), text="line:N").properties(
        width=panel_w, height=76 if narrow else 40)

    parts = [panel, grid, reasons, feedback] if narrow else [panel, grid, feedback]
    chart = alt.vconcat(*parts, spacing=16).add_params(pick, *ticks).properties(
        title=wrapped_title("Contract checker: which requirements does the draft meet?",
                            "Steiner's four requirements and Berne's three levels; fictional "
                            "drafts, the authors' reading is a teaching judgement",
                            panel_w - 30, 16, 12, anchor="start", fontSize=16, offset=12),
    ).configure_view(stroke=None)
    return with_description(
        chart,
        "A contract checker. A dropdown chooses one of five fictional draft contracts with a "
        "fictional client, shown as text. Seven checkboxes record which requirements you think "
        "the draft meets: Steiner's mutual consent, valid consideration, competency and lawful "
        "object, and Berne's administrative, professional and psychological levels. A table has "
        "one row per requirement with the authors' reading (met or missing), your tick, whether "
        "you agree (green) or should look again (orange), and the authors' reason. A line "
        "below counts the requirements on which you agree.",
    )
