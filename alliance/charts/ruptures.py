"""Charts for chapter 5 (CBT): ruptures and repair on the SRS, and early change as a confound.

Two interactive charts whose controls are Vega-Lite parameters, so they work in the static book:

* :func:`srs_ors_timeline`: one client's SRS and ORS totals, session by session, chosen from a
  dropdown; sessions whose SRS total falls below the developers' cut-off are highlighted.
* :func:`early_change_explorer`: a simulation showing how early symptom improvement that raises
  alliance ratings can inflate the alliance–outcome correlation; sliders choose the scenario and
  the chart compares the raw correlation with the partial correlation controlling for early change.

All data are simulated. Scoring uses :mod:`alliance.measures`, statistics :mod:`alliance.stats`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from alliance.charts.render import WIDE, responsive, with_description
from alliance.content.ch05_cbt_ruptures import CARRY, EFFECTS, LINKS, N_CLIENTS, SEED
from alliance.data import load_srs_ors
from alliance.measures import get_spec, score_ors, score_srs, srs_alliance_concern
from alliance.stats import correlation_ci, partial_correlation

SRS_COLOR, ORS_COLOR, CONCERN_COLOR = "#2a6f97", "#8a5a00", "#c8553d"


def scored_srs_ors(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The SRS/ORS sessions data (``alliance.data.load_srs_ors``) with totals and concern flags.

    Adds ``srs_total`` and ``ors_total`` (sums of the four 0-10 lines, scored with
    ``score_srs``/``score_ors``) and ``srs_concern`` (``srs_alliance_concern``: total below 36).
    """
    df = load_srs_ors() if data is None else data.copy()
    srs, ors = get_spec("srs"), get_spec("ors")
    df["srs_total"] = score_srs(df[srs.columns()])["total"].round(1)
    df["ors_total"] = score_ors(df[ors.columns()])["total"].round(1)
    df["srs_concern"] = srs_alliance_concern(df["srs_total"]).astype(bool)
    return df


def _client_labels(df: pd.DataFrame) -> pd.DataFrame:
    """One row per client: id, number of sessions, sessions flagged, and a dropdown label."""
    rows = []
    for client, g in df.groupby("client_id", sort=True):
        flagged = g.loc[g["srs_concern"], "session"].tolist()
        if flagged:
            note = "SRS below cut-off in session " + ", ".join(str(s) for s in flagged)
        else:
            note = "no SRS below cut-off"
        rows.append({"client_id": client, "n_sessions": len(g), "flagged": flagged,
                     "label": f"{client} ({len(g)} sessions; {note})"})
    return pd.DataFrame(rows)


@responsive
def srs_ors_timeline(
    data: pd.DataFrame | None = None, initial_client: str | None = None,
    width: int | None = None,
) -> alt.LayerChart:
    """Line chart of one client's SRS and ORS totals by session, with a dropdown of clients.

    ``data`` is the output of :func:`scored_srs_ors` (loaded and scored when omitted). The SRS
    cut-off (36) and the ORS clinical cut-off (25) are read from the instrument specs.
    """
    df = scored_srs_ors() if data is None else data
    clients = _client_labels(df)
    if initial_client is None:
        # Start on a client whose SRS dipped below the cut-off and came back (a repaired rupture).
        repaired = [
            row.client_id for row in clients.itertuples()
            if row.flagged and max(row.flagged) < row.n_sessions
        ]
        initial_client = repaired[0] if repaired else clients["client_id"].iloc[0]
    if initial_client not in set(clients["client_id"]):
        raise ValueError(f"initial_client {initial_client!r} is not a client in the SRS/ORS data.")
    client = alt.param(
        name="client",
        value=initial_client,
        bind=alt.binding_select(options=clients["client_id"].tolist(),
                                labels=clients["label"].tolist(), name="Client  "),
    )
    long = _long_scores(df)
    width = WIDE if width is None else width
    chart = _timeline_layers(long, alt.datum.client_id == client,
                             plot_width=min(520, width - 80)).add_params(client)
    return with_description(
        chart,
        "Line chart of one simulated client's Session Rating Scale and Outcome Rating Scale "
        "totals by session, chosen from a dropdown. Dashed lines mark the SRS cut-off of 36 and "
        "the ORS clinical cut-off of 25; sessions with an SRS total below 36 are marked with red "
        "diamonds.",
    )


def _long_scores(df: pd.DataFrame) -> pd.DataFrame:
    """SRS and ORS totals in long form (one row per client, session and scale), with flags."""
    long = df.melt(
        id_vars=["client_id", "session", "srs_concern"], value_vars=["srs_total", "ors_total"],
        var_name="scale", value_name="score",
    )
    long["scale"] = long["scale"].map({"srs_total": "SRS (alliance)", "ors_total": "ORS (outcome)"})
    long["flag"] = np.where(
        (long["scale"] == "SRS (alliance)") & long["srs_concern"], "SRS below cut-off", "")
    return long[["client_id", "session", "scale", "score", "flag"]]


def srs_ors_client_chart(data: pd.DataFrame, client_id: str) -> alt.LayerChart:
    """A static :func:`srs_ors_timeline` for one client (used by the JupyterLab widget)."""
    long = _long_scores(data)
    if client_id not in set(long["client_id"]):
        raise ValueError(f"{client_id!r} is not a client in the SRS/ORS data.")
    return _timeline_layers(long[long["client_id"] == client_id], None)


def _timeline_layers(long: pd.DataFrame, predicate: object | None,
                     plot_width: int = 520) -> alt.LayerChart:
    """The layers of the SRS/ORS line chart; ``predicate`` filters to one client when given."""
    srs_cut = get_spec("srs").cutoffs["alliance_concern_below"]
    ors_cut = get_spec("ors").cutoffs["clinical_below"]
    base = alt.Chart(long)
    if predicate is not None:
        base = base.transform_filter(predicate)
    x = alt.X("session:O", title="Session", axis=alt.Axis(labelAngle=0))
    y = alt.Y("score:Q", title="Total score (0-40)", scale=alt.Scale(domain=[0, 40]))
    color = alt.Color("scale:N", title=None,
                      scale=alt.Scale(domain=["SRS (alliance)", "ORS (outcome)"],
                                      range=[SRS_COLOR, ORS_COLOR]),
                      legend=alt.Legend(orient="bottom"))
    tooltip = [alt.Tooltip("scale:N", title="Scale"), alt.Tooltip("session:O", title="Session"),
               alt.Tooltip("score:Q", title="Total", format=".1f")]
    dash = alt.StrokeDash("scale:N", legend=None,
                          scale=alt.Scale(domain=["SRS (alliance)", "ORS (outcome)"],
                                          range=[[1, 0], [6, 3]]))
    lines = base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=color, strokeDash=dash)
    points = base.mark_point(filled=True, size=60).encode(x=x, y=y, color=color, tooltip=tooltip)
    flagged = base.transform_filter(alt.datum.flag != "").mark_point(
        shape="diamond", size=260, filled=False, strokeWidth=2.5, color=CONCERN_COLOR,
    ).encode(x=x, y=y, tooltip=[*tooltip, alt.Tooltip("flag:N", title="Note")])

    cuts = pd.DataFrame({
        "value": [srs_cut, ors_cut],
        "label": [f"SRS cut-off: below {srs_cut:g} ="
                  + ("\n" if plot_width < 400 else " ") + "talk about the alliance",
                  f"ORS clinical cut-off: {ors_cut:g}"],
        "scale": ["SRS (alliance)", "ORS (outcome)"],
    })
    # Every layer shares the one colour encoding (and so one legend): giving the cut-off layers
    # legend=None beside the lines' bottom legend made Vega-Lite warn of conflicting legends.
    rules = alt.Chart(cuts).mark_rule(strokeDash=[4, 4], strokeWidth=1.5).encode(
        y="value:Q", color=color)
    rule_text = alt.Chart(cuts).mark_text(align="left", baseline="top", dx=4, dy=3,
                                          fontSize=11, lineBreak="\n").encode(
        x=alt.value(0), y="value:Q", text="label:N", color=color)
    narrow = plot_width < 400
    return alt.layer(rules, rule_text, lines, points, flagged).properties(
        width=plot_width, height=300,
        title=alt.Title(["SRS and ORS totals by session", "(simulated clients)"] if narrow
                        else "SRS and ORS totals by session (simulated clients)",
                        subtitle=["Red diamonds: SRS total below the cut-off,",
                                  "a flag for a possible rupture"] if narrow else
                                 "Red diamonds: SRS total below the cut-off, "
                                 "a flag for a possible rupture"),
    )


def _scenario(
    base: dict[str, np.ndarray], link: float, effect: float, carry: float
) -> pd.DataFrame:
    """One simulated sample (standardized scores) for one scenario, from shared random draws."""
    early = base["early"]
    alliance = link * early + np.sqrt(1 - link**2) * base["own"]
    explained_var = effect**2 + carry**2 + 2 * effect * carry * link
    if explained_var >= 1:
        raise ValueError("effect and carry are too large: the outcome's variance would exceed 1.")
    outcome = effect * alliance + carry * early + np.sqrt(1 - explained_var) * base["noise"]
    return pd.DataFrame({"early_change": early, "alliance": alliance, "outcome": outcome})


def _draws(n: int, seed: int) -> dict[str, np.ndarray]:
    """The simulation's draws: early change, the alliance's own part, and outcome noise."""
    rng = np.random.default_rng(seed)
    # Three independent standard-normal draws, made exactly uncorrelated and of unit variance in
    # the sample (QR decomposition), so each scenario's correlations are the model's own values
    # and not sampling noise; the points still scatter like real data.
    draws = rng.standard_normal((n, 3))
    q, _ = np.linalg.qr(draws - draws.mean(axis=0))
    q *= np.sqrt(n - 1)
    return {"early": q[:, 0], "own": q[:, 1], "noise": q[:, 2]}


def _browser_scenarios(points: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame | None:
    """One row per client with the draws, if ``points`` came from the default draws.

    Every scenario uses the same draws, so the page can compute any scenario's points itself
    from 200 rows instead of carrying 200 rows per scenario (4,000 rows, about 260 kB). Returns
    None (ship every point) if ``points`` are not those of :data:`SEED` and :data:`CARRY`.
    """
    first = summary.iloc[0]
    key = (points["link10"] == first["link10"]) & (points["effect100"] == first["effect100"])
    base = _draws(int(key.sum()), SEED)
    expected = _scenario(base, float(first["link"]), float(first["effect"]), CARRY)
    shipped = points.loc[key]
    if not (np.allclose(shipped["a"], expected["alliance"], atol=0.006)
            and np.allclose(shipped["y"], expected["outcome"], atol=0.006)):
        return None
    return pd.DataFrame({k: np.round(v, 4) for k, v in base.items()})


def early_change_grid(
    links: Sequence[float] = LINKS,
    effects: Sequence[float] = EFFECTS,
    carry: float = CARRY,
    n: int = N_CLIENTS,
    seed: int = SEED,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate every scenario and compute its raw and partial alliance–outcome correlations.

    Model (all scores standardized): early change E; alliance A = link·E + √(1 − link²)·U;
    outcome Y = effect·A + carry·E + error. So early improvement raises the alliance rating
    (``link``) and carries into the outcome (``carry``) whether or not the alliance matters
    (``effect``). The same random draws are used in every scenario, so moving a slider changes
    only what the slider says; the draws are made exactly uncorrelated, so the correlations are
    the model's values. Returns ``(points, summary)``: the simulated clients of every scenario
    (short column names ``a`` alliance, ``y`` outcome, ``e`` early change, to keep the page
    small), and per scenario the raw r (with its 95% CI, ``correlation_ci``) and the partial r
    controlling for early change (``alliance.stats.partial_correlation``).
    """
    if n < 10:
        raise ValueError(f"n is {n}; simulate at least 10 clients per scenario.")
    base = _draws(n, seed)
    points, summary = [], []
    for link in links:
        for effect in effects:
            sample = _scenario(base, link, effect, carry)
            raw = float(sample["alliance"].corr(sample["outcome"]))
            low, high = correlation_ci(raw, n)
            part = partial_correlation(sample, "alliance", "outcome", "early_change")
            key = {"link10": int(round(link * 10)), "effect100": int(round(effect * 100))}
            summary.append({**key, "link": link, "effect": effect, "raw_r": raw,
                            "raw_low": low, "raw_high": high, "partial_r": part.r,
                            "partial_low": part.ci_low, "partial_high": part.ci_high})
            points.append(pd.DataFrame({
                "a": sample["alliance"].round(2), "y": sample["outcome"].round(2),
                "e": sample["early_change"].round(2), **key}))
    stats = pd.DataFrame(summary)
    value_cols = ["raw_r", "raw_low", "raw_high", "partial_r", "partial_low", "partial_high"]
    stats[value_cols] = stats[value_cols].round(3) + 0.0  # + 0.0 turns -0.0 into 0.0
    return pd.concat(points, ignore_index=True), stats


@responsive
def early_change_explorer(
    points: pd.DataFrame | None = None,
    summary: pd.DataFrame | None = None,
    initial_link: float = 0.6,
    initial_effect: float = 0.0,
    width: int | None = None,
) -> alt.HConcatChart:
    """Scatter of simulated alliance vs outcome, with raw and partial correlations, and two sliders.

    The sliders pick a scenario from :func:`early_change_grid`: how strongly early improvement
    raises alliance ratings, and how much the alliance truly improves outcome. ``width`` is the
    column it is drawn for (px); under 640 px the two panels are stacked.
    """
    width = WIDE if width is None else width
    stacked = width < 640
    side = min(300, width - 80) if stacked else 300
    if points is None or summary is None:
        points, summary = early_change_grid()
    link_values = sorted(summary["link"].unique())
    effect_values = sorted(summary["effect"].unique())
    if initial_link not in link_values or initial_effect not in effect_values:
        raise ValueError(
            f"initial_link must be one of {link_values} and initial_effect one of {effect_values}.")
    def _step(values: list[float]) -> float:
        return float(np.round(np.diff(values).min(), 2)) if len(values) > 1 else 0.1

    link_step, effect_step = _step(link_values), _step(effect_values)
    link = alt.param(name="link", value=initial_link, bind=alt.binding_range(
        min=min(link_values), max=max(link_values), step=link_step,
        name="How much early improvement raises alliance ratings  "))
    effect = alt.param(name="effect", value=initial_effect, bind=alt.binding_range(
        min=min(effect_values), max=max(effect_values), step=effect_step,
        name="True effect of the alliance on outcome  "))
    chosen = (alt.datum.link10 == alt.expr.round(link * 10)) & (
        alt.datum.effect100 == alt.expr.round(effect * 100))

    draws = _browser_scenarios(points, summary)
    if draws is None:
        scatter_base = alt.Chart(points).transform_filter(chosen)
    else:  # the model of early_change_grid, computed in the page for the chosen scenario
        scatter_base = alt.Chart(draws).transform_calculate(
            e="datum.early",
            a="link * datum.early + sqrt(1 - link * link) * datum.own",
        ).transform_calculate(
            y=f"effect * datum.a + {CARRY} * datum.early + sqrt(1 - (effect * effect + "
              f"{CARRY * CARRY} + 2 * effect * {CARRY} * link)) * datum.noise",
        )
    scatter = scatter_base.mark_circle(
        size=22, opacity=0.55, color=SRS_COLOR,
    ).encode(
        x=alt.X("a:Q", title="Early alliance rating (standardized)",
                scale=alt.Scale(domain=[-3.5, 3.5])),
        y=alt.Y("y:Q", title="Improvement by the end (standardized)",
                scale=alt.Scale(domain=[-3.5, 3.5])),
        tooltip=[alt.Tooltip("a:Q", title="Alliance", format=".2f"),
                 alt.Tooltip("y:Q", title="Improvement", format=".2f"),
                 alt.Tooltip("e:Q", title="Early change", format=".2f")],
    ).properties(width=side, height=side, title="200 simulated clients")

    bars_data = summary.melt(
        id_vars=["link10", "effect100"], value_vars=["raw_r", "partial_r"],
        var_name="kind", value_name="r")
    lows = summary.melt(id_vars=["link10", "effect100"], value_vars=["raw_low", "partial_low"],
                        value_name="low")["low"]
    highs = summary.melt(id_vars=["link10", "effect100"], value_vars=["raw_high", "partial_high"],
                         value_name="high")["high"]
    bars_data = bars_data.assign(low=lows.to_numpy(), high=highs.to_numpy())
    bars_data["kind"] = bars_data["kind"].map({
        "raw_r": "Raw r", "partial_r": "Partial r (early change held constant)"})
    kinds = ["Raw r", "Partial r (early change held constant)"]
    bar_base = alt.Chart(bars_data).transform_filter(chosen)
    bar_x = alt.X("kind:N", title=None, sort=kinds,
                  axis=alt.Axis(labelAngle=0, labelLimit=150, labelExpr="split(datum.label, ' (')"))
    bars = bar_base.mark_bar(size=55).encode(
        x=bar_x,
        y=alt.Y("r:Q", title="Alliance–outcome correlation", scale=alt.Scale(domain=[-0.2, 0.8])),
        color=alt.Color("kind:N", legend=None, sort=kinds,
                        scale=alt.Scale(domain=kinds, range=[CONCERN_COLOR, SRS_COLOR])),
        tooltip=[alt.Tooltip("kind:N", title="Correlation"), alt.Tooltip("r:Q", format=".2f"),
                 alt.Tooltip("low:Q", title="95% CI low", format=".2f"),
                 alt.Tooltip("high:Q", title="95% CI high", format=".2f")],
    )
    errors = bar_base.mark_rule(strokeWidth=1.5, color="#333").encode(
        x=bar_x, y="low:Q", y2="high:Q")
    labels = bar_base.mark_text(dy=-10, fontSize=13).encode(
        x=bar_x, y=alt.Y("high:Q"), text=alt.Text("r:Q", format=".2f"))
    truth = alt.Chart(pd.DataFrame({"x": [0]})).mark_text(
        align="left", baseline="bottom", x=5, y=-6, fontSize=12, lineBreak="\n",
    ).encode(text="note:N").transform_calculate(
        note="'Built-in alliance effect: ' + format(effect, '.1f') + "
             + ("';\\n" if stacked else "'; ") + "early change → alliance: ' + format(link, '.1f')")
    bar_chart = alt.layer(bars, errors, labels, truth).properties(
        width=side - 40 if stacked else 260, height=300,
        title=alt.Title("Raw vs partial correlation", offset=30 if stacked else 14))

    title = "Can early improvement alone produce an alliance–outcome correlation?"
    subtitle = ("Simulated data; early improvement always carries into the final outcome "
                f"(weight {CARRY})")
    panels = alt.vconcat(scatter, bar_chart) if stacked else alt.hconcat(scatter, bar_chart)
    chart = panels.add_params(link, effect).properties(
        title=alt.Title(textwrap.wrap(title, 40) if stacked else title,
                        subtitle=textwrap.wrap(subtitle, 50) if stacked else subtitle))
    return with_description(
        chart,
        "Two linked panels for simulated clients. Left: a scatter plot of early alliance ratings "
        "against final improvement. Right: two bars, the raw alliance-outcome correlation and the "
        "partial correlation holding early symptom change constant, with 95% confidence intervals. "
        "Two sliders set how much early improvement raises alliance ratings and how large the true "
        "effect of the alliance is.",
    )
