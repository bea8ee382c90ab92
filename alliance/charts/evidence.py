"""Charts for chapter 8, "Alliance and outcome: what the evidence says".

* :func:`forest_plot`: a forest plot of study correlations whose studies the reader filters by
  rater perspective and timing (two dropdowns); the random-effects pooled estimate for every
  filter combination is precomputed with :func:`alliance.stats.pool_random_effects` by
  :func:`pooled_by_moderator` and drawn as a diamond.
* :func:`effect_size_translator`: a slider for r with d, r² and the binomial effect size
  display computed in the browser by :data:`EFFECT_EXPRESSIONS`, the same formulas as
  :mod:`alliance.stats` (the tests check them against it).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import altair as alt
import pandas as pd

from alliance.charts.render import with_description
from alliance.stats import correlation_ci, pool_random_effects

ALL = "all"
POOLED_LABEL = "Pooled (random effects)"
MIN_STUDIES = 3  # pool_random_effects needs at least 3 studies

# The formulas of alliance.stats, as Vega expressions of the parameter ``r``. They use only
# ``r``, numbers, + - * /, parentheses and sqrt(), so they also evaluate as Python arithmetic.
EFFECT_EXPRESSIONS: dict[str, str] = {
    "d": "2 * r / sqrt(1 - r * r)",          # alliance.stats.r_to_d
    "r2": "r * r",                            # alliance.stats.variance_explained
    "besd_high": "0.5 + r / 2",               # alliance.stats.besd: high_group_success
    "besd_low": "0.5 - r / 2",                # alliance.stats.besd: low_group_success
}


# --------------------------------------------------------------------------------------------
# (a) Forest plot filtered by moderators
# --------------------------------------------------------------------------------------------


def study_intervals(meta: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """``meta`` with each study's confidence interval for r (Fisher z, via alliance.stats)."""
    for col in ("study", "r", "n"):
        if col not in meta.columns:
            known = ", ".join(map(str, meta.columns))
            raise ValueError(f"meta needs a column {col!r}; it has {known}.")
    out = meta.copy()
    cis = [correlation_ci(float(r), int(n), confidence)
           for r, n in zip(out["r"], out["n"], strict=True)]
    out["ci_low"] = [c[0] for c in cis]
    out["ci_high"] = [c[1] for c in cis]
    return out


def pooled_by_moderator(
    meta: pd.DataFrame,
    moderators: Sequence[str] = ("rater", "timing"),
    method: str = "dl",
) -> pd.DataFrame:
    """The random-effects pooled r for every combination of moderator levels (and "all").

    One row per combination, with ``k`` and, when ``k`` is at least 3, the pooled r, its
    confidence and prediction intervals, τ² and I² from :func:`pool_random_effects`. Rows with
    fewer studies have ``pooled_r`` missing: three studies are the fewest that can be pooled.
    """
    if len(moderators) != 2:
        raise ValueError("Give exactly two moderator columns, e.g. ('rater', 'timing').")
    m1, m2 = moderators
    levels = {m: [ALL, *[str(v) for v in pd.unique(meta[m].astype(str))]] for m in moderators}
    for m in moderators:
        if hasattr(meta[m], "cat"):
            levels[m] = [ALL, *[str(v) for v in meta[m].cat.categories]]
    rows = []
    for a in levels[m1]:
        for b in levels[m2]:
            mask = pd.Series(True, index=meta.index)
            if a != ALL:
                mask &= meta[m1].astype(str) == a
            if b != ALL:
                mask &= meta[m2].astype(str) == b
            sub = meta[mask]
            row: dict[str, object] = {m1: a, m2: b, "k": int(len(sub)),
                                      "n_total": int(sub["n"].sum()) if len(sub) else 0}
            if len(sub) >= MIN_STUDIES:
                with warnings.catch_warnings():
                    # statsmodels warns (sqrt of a negative variance) when the DerSimonian-Laird
                    # tau² is negative; pool_random_effects then truncates tau² at zero itself.
                    warnings.simplefilter("ignore", RuntimeWarning)
                    res = pool_random_effects(sub["r"].to_numpy(), sub["n"].to_numpy(),
                                              method=method)
                row.update(pooled_r=res.pooled_r, ci_low=res.ci_low, ci_high=res.ci_high,
                           pi_low=res.pi_low, pi_high=res.pi_high, tau2=res.tau2, i2=res.i2)
            else:
                row.update(pooled_r=None, ci_low=None, ci_high=None, pi_low=None, pi_high=None,
                           tau2=None, i2=None)
            rows.append(row)
    return pd.DataFrame(rows)


def _select(name: str, levels: list[str], label: str) -> alt.Parameter:
    return alt.param(
        name=name, value=ALL,
        bind=alt.binding_select(options=levels, labels=[lv.capitalize() for lv in levels],
                                name=label),
    )


def forest_plot(meta: pd.DataFrame, method: str = "dl") -> alt.LayerChart:
    """Forest plot of ``meta`` (columns study, year, n, r, rater, timing) with two dropdowns."""
    studies = study_intervals(meta)
    studies["rater"] = studies["rater"].astype(str)
    studies["timing"] = studies["timing"].astype(str)
    studies = studies.sort_values(["year", "study"]).reset_index(drop=True)
    studies["label"] = [f"{s} ({y}, {ra}, {t})" for s, y, ra, t in
                        zip(studies["study"], studies["year"], studies["rater"], studies["timing"],
                            strict=True)]
    pooled = pooled_by_moderator(meta, ("rater", "timing"), method=method)
    pooled["label"] = POOLED_LABEL
    order = [*studies["label"], POOLED_LABEL]

    rater_levels = list(dict.fromkeys(pooled["rater"]))
    timing_levels = list(dict.fromkeys(pooled["timing"]))
    rater_sel = _select("rater_sel", rater_levels, "Rater perspective  ")
    timing_sel = _select("timing_sel", timing_levels, "Timing of the alliance rating  ")
    keep_study = (
        "(rater_sel == 'all' || datum.rater == rater_sel) && "
        "(timing_sel == 'all' || datum.timing == timing_sel)"
    )
    keep_pooled = "datum.rater == rater_sel && datum.timing == timing_sel"
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    x_scale = alt.Scale(domain=[-0.3, 0.8])

    base = alt.Chart(studies).transform_filter(keep_study)
    whiskers = base.mark_rule(color="#555555").encode(
        y=y, x=alt.X("ci_low:Q", scale=x_scale, title="Alliance–outcome correlation r (95% CI)"),
        x2="ci_high:Q",
    )
    squares = base.mark_square(color="#2a6f97").encode(
        y=y, x="r:Q",
        size=alt.Size("n:Q", title="Clients (n)", scale=alt.Scale(range=[20, 220], zero=False),
                      legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("study:N", title="Study"), alt.Tooltip("year:Q", title="Year"),
                 alt.Tooltip("n:Q", title="n"), alt.Tooltip("r:Q", title="r", format=".3f"),
                 alt.Tooltip("ci_low:Q", title="95% CI low", format=".2f"),
                 alt.Tooltip("ci_high:Q", title="95% CI high", format=".2f"),
                 alt.Tooltip("rater:N", title="Rater"), alt.Tooltip("timing:N", title="Timing")],
    )
    pbase = alt.Chart(pooled).transform_filter(keep_pooled).transform_filter(
        f"datum.k >= {MIN_STUDIES}"
    )
    p_rule = pbase.mark_rule(color="#c8553d", strokeWidth=3).encode(
        y=y, x=alt.X("ci_low:Q", scale=x_scale), x2="ci_high:Q")
    diamond = pbase.mark_point(shape="diamond", filled=True, size=260, color="#c8553d").encode(
        y=y, x="pooled_r:Q",
        tooltip=[alt.Tooltip("pooled_r:Q", title="Pooled r", format=".3f"),
                 alt.Tooltip("ci_low:Q", title="95% CI low", format=".3f"),
                 alt.Tooltip("ci_high:Q", title="95% CI high", format=".3f"),
                 alt.Tooltip("k:Q", title="Studies (k)"),
                 alt.Tooltip("i2:Q", title="I²", format=".0%")],
    )
    p_line = pbase.mark_rule(color="#c8553d", strokeDash=[4, 4]).encode(x="pooled_r:Q")
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="#999999").encode(x="x:Q")
    note = alt.Chart(pooled).transform_filter(keep_pooled).transform_calculate(
        text=(
            f"datum.k >= {MIN_STUDIES} ? 'k = ' + datum.k + ' studies, ' + datum.n_total + "
            "' clients:\\npooled r = ' + format(datum.pooled_r, '.2f') + ' [' + "
            "format(datum.ci_low, '.2f') + ', ' + format(datum.ci_high, '.2f') + '],\\nI² = ' + "
            "format(datum.i2, '.0%') : 'Only ' + datum.k + ' matching stud' + "
            f"(datum.k == 1 ? 'y' : 'ies') + ':\\ntoo few to pool (at least {MIN_STUDIES} needed)'"
        )
    ).mark_text(align="left", baseline="bottom", x=0, y=-6, fontSize=13,
                lineBreak="\n").encode(text="text:N")  # short lines: they fit a phone
    chart = (zero + whiskers + squares + p_line + p_rule + diamond + note).add_params(
        rater_sel, timing_sel
    ).properties(
        width=420, height=alt.Step(14),
        title=alt.TitleParams("Forest plot of simulated alliance–outcome studies", offset=58),
    )
    return with_description(
        chart,
        "Forest plot: each simulated study's alliance–outcome correlation as a square (sized by "
        "its number of clients) with its 95% confidence interval, and the random-effects pooled "
        "estimate as a diamond. Two dropdowns filter the studies by rater perspective and timing; "
        "the pooled estimate shown is the one for the chosen filters.",
    )


# --------------------------------------------------------------------------------------------
# (b) r, d, r² and the BESD
# --------------------------------------------------------------------------------------------


def effect_size_translator(initial_r: float = 0.28, max_r: float = 0.8) -> alt.VConcatChart:
    """A slider for r; d, r² and BESD success rates come from :data:`EFFECT_EXPRESSIONS`."""
    if not 0 <= initial_r <= max_r < 1:
        raise ValueError(
            f"initial_r must be between 0 and max_r (below 1); got initial_r={initial_r}, "
            f"max_r={max_r}."
        )
    r = alt.param(name="r", value=initial_r,
                  bind=alt.binding_range(min=0, max=max_r, step=0.01, name="Correlation r  "))
    e = EFFECT_EXPRESSIONS

    groups = alt.Data(values=[{"group": "Stronger alliance", "which": "high"},
                              {"group": "Weaker alliance", "which": "low"}])
    besd_base = alt.Chart(groups).transform_calculate(
        success=f"datum.which == 'high' ? {e['besd_high']} : {e['besd_low']}"
    )
    besd_bars = besd_base.mark_bar(size=56).encode(
        x=alt.X("group:N", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("success:Q", title="Success rate", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.Color("group:N", legend=None, scale=alt.Scale(range=["#2a6f97", "#c8553d"])),
        tooltip=[alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("success:Q", title="Success rate", format=".1%")],
    )
    besd_text = besd_base.mark_text(dy=-8, fontSize=14).encode(
        x="group:N", y="success:Q", text=alt.Text("success:Q", format=".0%"))
    besd = (besd_bars + besd_text).properties(width=240, height=240,
                                              title="Binomial effect size display")

    shares = alt.Data(values=[{"part": "Shared with the alliance (r²)", "which": "shared"},
                              {"part": "Everything else (1 − r²)", "which": "rest"}])
    var_chart = alt.Chart(shares).transform_calculate(
        share=f"datum.which == 'shared' ? {e['r2']} : 1 - ({e['r2']})",
        order="datum.which == 'shared' ? 0 : 1",
        panel="'Outcome variance'",
    ).mark_bar(size=56).encode(
        x=alt.X("panel:N", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", stack="zero", title="Share of outcome variance",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("part:N", title=None,
                        scale=alt.Scale(domain=["Shared with the alliance (r²)",
                                                "Everything else (1 − r²)"],
                                        range=["#6a994e", "#dddddd"]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("part:N", title="Part"),
                 alt.Tooltip("share:Q", title="Share", format=".1%")],
    ).properties(width=110, height=240, title="Variance explained")

    lines = alt.Data(values=[{"row": 0}, {"row": 1}, {"row": 2}, {"row": 3}])
    text = alt.Chart(lines).transform_calculate(
        line=(
            "datum.row == 0 ? 'r = ' + format(r, '.2f') : "
            f"datum.row == 1 ? 'Cohen’s d = ' + format({e['d']}, '.2f') : "
            f"datum.row == 2 ? 'r² = ' + format({e['r2']}, '.1%') + ' of outcome variance' : "
            f"'BESD: ' + format({e['besd_high']}, '.0%') + ' vs ' + format({e['besd_low']}, '.0%')"
            " + ' success'"
        )
    ).mark_text(align="left", fontSize=15).encode(
        x=alt.value(4), y=alt.Y("row:O", axis=None), text="line:N",
    ).properties(width=400, height=100, title="The same r, four ways",
                 view=alt.ViewBackground(stroke=None))

    panels = alt.hconcat(besd, var_chart).resolve_scale(color="independent")
    chart = alt.vconcat(text, panels).resolve_scale(color="independent").add_params(r).properties(
        title="Translating a correlation: r, d, r² and the BESD"
    )
    return with_description(
        chart,
        "A slider sets the alliance–outcome correlation r from 0 to 0.8. Text shows r, Cohen's d "
        "and r²; a bar chart shows the binomial effect size display success rates for clients "
        "with a stronger and a weaker alliance; a stacked bar shows the share of outcome variance "
        "r² represents.",
    )
