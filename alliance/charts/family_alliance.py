"""Charts for chapter 6 (family and couple work): members' alliances and the split between them.

:func:`family_alliance_explorer` is an Altair chart whose dropdown (a Vega-Lite parameter) picks a
simulated family. It shows each member's SOFTA-s ratings and mean, the family's split-alliance
index (``alliance.measures.split_alliance_index``), and where that family sits among all 60
families in split size and dropout.

About the member score. The SOFTA-s's published key (which items form each of the four
dimensions, which items are negatively worded) could not be confirmed, so
``alliance.measures.score_softa_s`` refuses to score it. The simulated data set was generated
with no reverse-keyed items and a single alliance factor (see its datasheet and
``alliance.data.simulate.softa_s``), and its planted dropout pattern is defined on each member's
mean item rating. So for *these simulated data only* we use that mean item rating (1-5) as the
member's alliance score. It is not an official SOFTA-s score and must not be used on real forms.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from alliance.charts.render import with_description
from alliance.data import load_softa_s
from alliance.measures import get_spec, split_alliance_index

ROLE_COLORS = {"parent": "#2a6f97", "partner": "#5b8e7d", "adolescent": "#c8553d",
               "child": "#8a5a00"}
SPLIT_THIRDS = ("Smallest third", "Middle third", "Largest third")


def member_scores(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per family member: ids, role, dropout and ``member_mean``, the mean item rating.

    ``data`` is ``alliance.data.load_softa_s()`` (loaded when omitted). See the module docstring:
    the mean item rating stands in for a SOFTA-s total only because these data are simulated
    without reverse-keyed items.
    """
    df = load_softa_s() if data is None else data
    spec = get_spec("softa_s")
    if spec.reverse_items:
        raise ValueError(
            "The SOFTA-s spec now lists reverse-keyed items, so a plain mean of the item ratings "
            "is no longer a valid member score: score the forms with score_softa_s instead.")
    out = df[["family_id", "member_id", "role", "dropout"]].copy()
    out["member_mean"] = df[spec.columns()].mean(axis=1).round(3)
    return out


def family_summary(members: pd.DataFrame) -> pd.DataFrame:
    """One row per family: members, roles, mean, lowest and highest member, split, dropout.

    The split is ``alliance.measures.split_alliance_index`` (highest minus lowest member). Families
    are also placed in thirds of the split distribution (``split_third``).
    """
    split = split_alliance_index(members, family_col="family_id", score_col="member_mean")
    grouped = members.groupby("family_id", sort=True)
    fam = pd.DataFrame({
        "roles": grouped["role"].agg(lambda r: ", ".join(map(str, r))),
        "lowest": grouped["member_mean"].min(),
        "highest": grouped["member_mean"].max(),
        "dropout": grouped["dropout"].first().astype(int),
    }).join(split)
    fam["split_alliance"] = fam["split_alliance"].round(3)
    fam["split_third"] = pd.qcut(fam["split_alliance"].rank(method="first"), 3,
                                 labels=list(SPLIT_THIRDS)).astype(str)
    fam["status"] = fam["dropout"].map({0: "Completed", 1: "Dropped out"})
    # A fixed vertical offset for the strip plot, so points do not overlap (no randomness).
    fam["jitter"] = [((i * 7) % 9 - 4) / 4 for i in range(len(fam))]
    return fam.reset_index()


def dropout_by_split_third(families: pd.DataFrame) -> pd.DataFrame:
    """Dropout rate, number of families and split range in each third of the split distribution."""
    g = families.groupby("split_third", sort=False)
    out = pd.DataFrame({
        "families": g.size(),
        "dropout_rate": g["dropout"].mean(),
        "split_min": g["split_alliance"].min(),
        "split_max": g["split_alliance"].max(),
    }).reindex(list(SPLIT_THIRDS))
    return out.reset_index()


def family_alliance_explorer(
    data: pd.DataFrame | None = None, initial_family: str | None = None
) -> alt.VConcatChart:
    """Dropdown-driven view of one family's alliances and of split vs dropout across families."""
    df = load_softa_s() if data is None else data
    spec = get_spec("softa_s")
    members = member_scores(df)
    families = family_summary(members)
    thirds = dropout_by_split_third(families)
    families = families.merge(thirds[["split_third", "dropout_rate"]], on="split_third")
    if initial_family is None:
        # Open on a family with a large split, to show what a split alliance looks like.
        initial_family = families.sort_values("split_alliance").iloc[-5]["family_id"]
    if initial_family not in set(families["family_id"]):
        raise ValueError(f"initial_family {initial_family!r} is not a family in the SOFTA-s data.")

    labels = [f"{r.family_id}: {r.roles} ({r.status.lower()})" for r in families.itertuples()]
    fam = alt.param(name="family", value=initial_family, bind=alt.binding_select(
        options=families["family_id"].tolist(), labels=labels, name="Family  "))
    this_family = alt.datum.family_id == fam

    members = members.merge(families[["family_id"]], on="family_id")
    members["who"] = members["member_id"] + " " + members["role"].astype(str)
    role_scale = alt.Scale(domain=list(ROLE_COLORS), range=list(ROLE_COLORS.values()))
    role_color = alt.Color("role:N", title="Role", scale=role_scale)
    score_scale = alt.Scale(domain=[1, 5])

    band = alt.Chart(families).transform_filter(this_family).mark_rect(
        color="#999", opacity=0.18).encode(x=alt.X("lowest:Q", scale=score_scale), x2="highest:Q")
    dots = alt.Chart(members).transform_filter(this_family).mark_circle(size=180).encode(
        x=alt.X("member_mean:Q", title="Member's mean rating (1-5)", scale=score_scale),
        y=alt.Y("who:N", title=None, sort=alt.SortField("member_id")),
        color=role_color,
        tooltip=[alt.Tooltip("member_id:N", title="Member"), alt.Tooltip("role:N", title="Role"),
                 alt.Tooltip("member_mean:Q", title="Mean rating", format=".2f")],
    )
    split_text = alt.Chart(families).transform_filter(this_family).mark_text(
        align="left", baseline="bottom", x=0, y=-6, fontSize=13, fontWeight="bold",
        lineBreak="\n",  # two short lines fit a phone's column
    ).encode(text="note:N").transform_calculate(
        note="'Split alliance index: ' + format(datum.split_alliance, '.2f') + "
             "'\\n(highest minus lowest member)'")
    member_view = alt.layer(band, dots, split_text).properties(
        width=430, height=150,
        title=alt.Title("Each member's alliance (grey band = the split)", offset=40))

    # Short column names keep the page small: f family, m member, r role, i item, v rating.
    items = df[["family_id", "member_id", "role", *spec.columns()]].melt(
        id_vars=["family_id", "member_id", "role"], var_name="i", value_name="v")
    items["i"] = items["i"].str.replace(f"{spec.key}_", "", regex=False).astype(int)
    items = items.rename(columns={"family_id": "f", "member_id": "m", "role": "r"})
    items = items[["f", "m", "r", "i", "v"]]
    heat = alt.Chart(items).transform_filter(alt.datum.f == fam).transform_calculate(
        who="datum.m + ' ' + datum.r", item="datum.i", rating="datum.v",
    ).mark_rect(stroke="white").encode(
        x=alt.X("item:O", title="SOFTA-s item number", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("who:N", title=None, sort="ascending"),
        color=alt.Color("rating:Q", title="Rating", scale=alt.Scale(domain=[1, 5], scheme="blues")),
        tooltip=[alt.Tooltip("who:N", title="Member"), alt.Tooltip("item:O", title="Item"),
                 alt.Tooltip("rating:Q", title="Rating")],
    ).properties(width=430, height=150, title="Item ratings (1 = not at all, 5 = very much)")

    status_color = alt.Color("status:N", title="Family",
                             scale=alt.Scale(domain=["Completed", "Dropped out"],
                                             range=["#5b8e7d", "#c8553d"]))
    strip = alt.Chart(families).mark_circle(size=60, opacity=0.7).encode(
        x=alt.X("split_alliance:Q", title="Split alliance index"),
        y=alt.Y("status:N", title=None),
        yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1.5, 1.5])),
        color=status_color.legend(None),
        tooltip=[alt.Tooltip("family_id:N", title="Family"),
                 alt.Tooltip("roles:N", title="Members"),
                 alt.Tooltip("split_alliance:Q", title="Split", format=".2f"),
                 alt.Tooltip("status:N", title="Outcome")],
    )
    chosen = alt.Chart(families).transform_filter(this_family).mark_point(
        size=420, shape="circle", filled=False, strokeWidth=3, color="#111",
    ).encode(x="split_alliance:Q", y="status:N",
             yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1.5, 1.5])))
    strip_view = alt.layer(strip, chosen).properties(
        width=290, height=150, title=alt.Title("All 60 families: split vs dropout",
                                               subtitle="Ringed: this family"))

    bars = alt.Chart(thirds).mark_bar(size=34, color="#c8553d").encode(
        x=alt.X("split_third:N", title="Families by size of split", sort=list(SPLIT_THIRDS),
                axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')[0]")),
        y=alt.Y("dropout_rate:Q", title="Dropout rate", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("split_third:N", title="Group"),
                 alt.Tooltip("families:Q", title="Families"),
                 alt.Tooltip("dropout_rate:Q", title="Dropout rate", format=".0%"),
                 alt.Tooltip("split_min:Q", title="Split from", format=".2f"),
                 alt.Tooltip("split_max:Q", title="Split to", format=".2f")],
    )
    bar_labels = alt.Chart(thirds).mark_text(dy=-8, fontSize=12).encode(
        x=alt.X("split_third:N", sort=list(SPLIT_THIRDS)), y="dropout_rate:Q",
        text=alt.Text("dropout_rate:Q", format=".0%"))
    this_third = alt.Chart(families).transform_filter(this_family).mark_bar(
        size=34, filled=False, stroke="#111", strokeWidth=3).encode(
        x=alt.X("split_third:N", sort=list(SPLIT_THIRDS)), y="dropout_rate:Q")
    third_view = alt.layer(bars, bar_labels, this_third).properties(
        width=170, height=150, title=alt.Title("Dropout by size of split",
                                               subtitle="Outlined: this family's third"))

    chart = alt.vconcat(
        member_view, heat, alt.hconcat(strip_view, third_view),
    ).add_params(fam).resolve_scale(
        color="independent", y="independent", yOffset="independent", x="independent",
    ).properties(
        title=alt.Title("Many alliances at once",
                        subtitle="One family's members, and split alliances across 60 families "
                                 "(simulated SOFTA-s data after the third session)"))
    return with_description(
        chart,
        "Four linked panels chosen by a family dropdown. First: each member's mean alliance "
        "rating on a 1 to 5 scale, with a grey band from the lowest to the highest member and the "
        "family's split alliance index. Second: a heat map of each member's 16 item ratings. "
        "Third: every family's split index, separated into families that completed and that "
        "dropped out, with the chosen family ringed. Fourth: dropout rate in the smallest, "
        "middle and largest third of splits.",
    )
