"""ipywidgets for chapter 5 (CBT), for readers who run the chapter in JupyterLab.

* :func:`srs_ors_widget`: pick a simulated client and see the SRS/ORS chart with a plain-language
  account of each session whose SRS total fell below the cut-off, and whether it came back.
* :func:`early_change_widget`: the early-change simulation with continuous sliders (any link,
  any alliance effect, any number of clients) instead of the web book's fixed grid.

Nothing here waits for input: each function builds its widgets, draws once and returns.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from alliance.charts.ruptures import (
    early_change_grid,
    scored_srs_ors,
    srs_ors_client_chart,
)
from alliance.content.ch05_cbt_ruptures import CARRY
from alliance.measures import get_spec
from alliance.templates import render

_TEMPLATE = "widgets/ruptures.html.j2"


def rupture_summary(data: pd.DataFrame, client_id: str) -> str:
    """Plain-language account of one client's sessions with an SRS total below the cut-off."""
    cut = get_spec("srs").cutoffs["alliance_concern_below"]
    g = data[data["client_id"] == client_id].sort_values("session")
    if g.empty:
        raise ValueError(f"{client_id!r} is not a client in the SRS/ORS data.")
    flagged = g[g["srs_concern"]]
    if flagged.empty:
        return (f"{client_id}: no session had an SRS total below {cut:g} "
                f"(lowest {g['srs_total'].min():.1f}).")
    lines = []
    for row in flagged.itertuples():
        later = g[g["session"] > row.session]
        if later.empty:
            what = "it was the last session attended: the client did not come back"
        elif (later["srs_total"] >= cut).any():
            back = int(later.loc[later["srs_total"] >= cut, "session"].iloc[0])
            what = f"the SRS was back at or above {cut:g} in session {back}"
        else:
            what = f"the SRS stayed below {cut:g} in every later session"
        lines.append(f"Session {row.session}: SRS {row.srs_total:.1f}; {what}.")
    return f"{client_id}: " + " ".join(lines)


def srs_ors_widget(data: pd.DataFrame | None = None) -> widgets.VBox:
    """A client dropdown, the client's SRS/ORS chart and a summary of any ruptures."""
    df = scored_srs_ors() if data is None else data
    clients = sorted(df["client_id"].unique())
    flagged = set(df.loc[df["srs_concern"], "client_id"])
    options = [(f"{c}{' (SRS below cut-off)' if c in flagged else ''}", c) for c in clients]
    start = sorted(flagged)[0] if flagged else clients[0]
    choose = widgets.Dropdown(options=options, value=start, description="Client",
                              layout=widgets.Layout(width="360px"))
    note = widgets.HTML()
    out = widgets.Output()

    def draw(change: object = None) -> None:
        note.value = render(_TEMPLATE, "note", text=rupture_summary(df, choose.value))
        out.clear_output(wait=True)
        with out:
            display(srs_ors_client_chart(df, choose.value))

    choose.observe(draw, names="value")
    draw()
    return widgets.VBox([choose, note, out])


def early_change_widget(n: int = 200) -> widgets.VBox:
    """Sliders for the early-change simulation; shows the raw and partial correlations."""
    wide = {"style": {"description_width": "180px"}, "layout": widgets.Layout(width="520px")}
    link = widgets.FloatSlider(value=0.6, min=0.0, max=0.9, step=0.05,
                               description="Early change → alliance", **wide)
    effect = widgets.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05,
                                 description="True alliance effect", **wide)
    size = widgets.IntSlider(value=n, min=30, max=1000, step=10, description="Clients", **wide)
    result = widgets.HTML()

    def draw(change: object = None) -> None:
        try:
            _, summary = early_change_grid(links=[link.value], effects=[effect.value], n=size.value)
        except ValueError as exc:  # e.g. an impossible combination of effects
            result.value = render(_TEMPLATE, "not_possible", reason=str(exc))
            return
        result.value = render(_TEMPLATE, "early_change", link=link.value, effect=effect.value,
                              carry=CARRY, row=summary.iloc[0])

    for w in (link, effect, size):
        w.observe(draw, names="value")
    draw()
    return widgets.VBox([link, effect, size, result])
