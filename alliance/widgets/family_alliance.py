"""ipywidgets for chapter 6 (family and couple work), for readers who run it in JupyterLab.

:func:`family_split_widget` picks a simulated family, lists its members' alliance scores and the
split-alliance index, and gives one slider per member so you can ask "what if": what happens to
the split if the adolescent's alliance rises by half a point? The split is always computed by
``alliance.measures.split_alliance_index``. The member score is the mean item rating of the
simulated SOFTA-s data (see :mod:`alliance.charts.family_alliance` for why it is used here).

Nothing here waits for input: the function builds the widgets, draws once and returns.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from alliance.charts.family_alliance import family_summary, member_scores
from alliance.measures import split_alliance_index
from alliance.templates import render

_TEMPLATE = "widgets/family_alliance.html.j2"


def split_report(members: pd.DataFrame, score_col: str = "member_mean") -> str:
    """HTML: each member's score, then the split (range) and the within-family SD."""
    by_range = split_alliance_index(members, family_col="family_id", score_col=score_col)
    by_sd = split_alliance_index(members, family_col="family_id", score_col=score_col, method="sd")
    rows = zip(members["member_id"], members["role"], members[score_col], strict=True)
    return render(_TEMPLATE, "split_report", members=list(rows),
                  split=by_range["split_alliance"].iloc[0], sd=by_sd["split_alliance"].iloc[0])


def family_split_widget(data: pd.DataFrame | None = None) -> widgets.VBox:
    """A family dropdown, the members' scores and split, and what-if sliders per member."""
    members = member_scores(data)
    families = family_summary(members)
    options = [(f"{r.family_id}: {r.roles} ({r.status.lower()})", r.family_id)
               for r in families.itertuples()]
    choose = widgets.Dropdown(options=options, value=options[0][1], description="Family",
                              layout=widgets.Layout(width="460px"))
    actual = widgets.HTML()
    what_if = widgets.HTML()
    sliders_box = widgets.VBox()
    box = widgets.VBox([choose, actual, widgets.HTML(render(_TEMPLATE, "what_if")),
                        sliders_box, what_if])

    def family_rows() -> pd.DataFrame:
        return members[members["family_id"] == choose.value].reset_index(drop=True)

    def update_what_if(change: object = None) -> None:
        rows = family_rows().copy()
        rows["what_if"] = [s.value for s in sliders_box.children]
        what_if.value = split_report(rows, score_col="what_if")

    def load_family(change: object = None) -> None:
        rows = family_rows()
        status = families.loc[families["family_id"] == choose.value, "status"].iloc[0]
        actual.value = split_report(rows) + render(_TEMPLATE, "status", text=status.lower())
        sliders = []
        for r in rows.itertuples():
            s = widgets.FloatSlider(value=float(r.member_mean), min=1.0, max=5.0, step=0.05,
                                    description=f"{r.member_id} {r.role}",
                                    style={"description_width": "140px"},
                                    layout=widgets.Layout(width="460px"))
            s.observe(update_what_if, names="value")
            sliders.append(s)
        sliders_box.children = sliders
        update_what_if()

    choose.observe(load_family, names="value")
    load_family()
    return box
