"""The binomial effect size display as an interactive chart (chapter 0, "What is the therapeutic
alliance?")."""

from __future__ import annotations

import altair as alt

from alliance._numbers import is_number
from alliance.charts.render import with_description


def besd_explorer(initial_r: float = 0.28) -> alt.Chart:
    """Bar chart of BESD success rates, with a slider for *r* that works in the static book.

    The binomial effect size display reads a correlation as success rates of 50% ± r/2 for two
    equal groups (Rosenthal & Rubin, 1982).
    """
    if not is_number(initial_r) or not -1 <= initial_r <= 1:
        raise ValueError(
            f"initial_r must be a correlation, a number between -1 and 1; got {initial_r!r}."
        )
    r = alt.param(
        name="r",
        value=initial_r,
        bind=alt.binding_range(min=0, max=0.6, step=0.01, name="Correlation r  "),
    )
    groups = alt.Data(values=[
        {"group": "Stronger alliance", "sign": 1},
        {"group": "Weaker alliance", "sign": -1},
    ])
    base = alt.Chart(groups).transform_calculate(
        success="0.5 + datum.sign * r / 2",
        label="format(0.5 + datum.sign * r / 2, '.0%')",
    )
    bars = base.mark_bar(size=60).encode(
        x=alt.X("group:N", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("success:Q", title="Success rate", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.Color("group:N", legend=None,
                        scale=alt.Scale(range=["#2a6f97", "#c8553d"])),
        tooltip=[alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("success:Q", title="Success rate", format=".0%")],
    )
    labels = base.mark_text(dy=-8, fontSize=14).encode(
        x="group:N", y="success:Q", text="label:N")
    variance = base.transform_filter("datum.sign == 1").mark_text(
        align="left", x=5, y=-8, fontSize=13,
    ).encode(text=alt.Text("explained:N")).transform_calculate(
        explained="'Variance explained (r²): ' + format(r * r, '.1%')")
    chart = (bars + labels + variance).add_params(r).properties(
        width=320, height=260,
        title="Binomial effect size display: success rates for a correlation r",
    )
    return with_description(
        chart,
        "Two bars show the success rates of clients with a stronger and a weaker alliance "
        "under the binomial effect size display; a slider sets the correlation r.",
    )
