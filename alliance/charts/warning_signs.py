"""Charts for chapter 10 (groups, screens and endings): reading alliance scores as signals.

Two interactive charts whose controls are Vega-Lite parameters, so they work in the static book:

* :func:`dropout_risk_explorer`: if clients who will drop out rate the early alliance lower on
  average, what happens when a counselor contacts every client below a threshold? Sliders set
  the size of the alliance gap, the dropout rate and the threshold; the chart shows the two
  groups' score distributions and, per 100 clients, who is contacted and who is missed.
* :func:`rating_gap_explorer`: simulated client and therapist ratings of the same dyads, with
  sliders for how strongly they correlate and how much lower therapists rate.

The arithmetic is written twice, once in Python (:func:`dropout_screening`,
:func:`share_therapist_lower`) and once as the Vega expressions the browser evaluates
(:data:`SCREENING_EXPRESSIONS`, :data:`GAP_EXPRESSION`); ``tests/test_charts_warning_signs.py``
runs the chart in the book's own copy of Vega and checks that both give the same numbers.
Settings, labels and published starting values come from
:mod:`alliance.content.ch10_groups_screens_endings`. All data are simulated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
from scipy.stats import norm

from alliance.charts.render import NARROW, WIDE, responsive, with_description
from alliance.content import ch10_groups_screens_endings as content

STAY_COLOR, DROP_COLOR, NEUTRAL = "#2a6f97", "#c8553d", "#6c757d"
BAR_COLORS = (DROP_COLOR, "#e0a458", "#7a5195")

# The browser's formulas, in the chart's parameters d, base and cut. cumulativeNormal(x, m, s)
# is Vega's normal distribution function, the same as scipy's norm.cdf(x, m, s).
_SENS = "cumulativeNormal(cut, -d, 1)"
_FALSE = "cumulativeNormal(cut, 0, 1)"
SCREENING_EXPRESSIONS: dict[str, str] = {
    "sensitivity": _SENS,
    "false_alarm_rate": _FALSE,
    "contacted": f"(base * {_SENS} + (1 - base) * {_FALSE})",
    "ppv": f"(base * {_SENS}) / max(base * {_SENS} + (1 - base) * {_FALSE}, 1e-12)",
}
# The model's share of dyads in which the therapist rates lower than the client.
GAP_EXPRESSION = "cumulativeNormal(gap / sqrt(2 - 2 * r), 0, 1)"


@dataclass(frozen=True)
class Screening:
    """What contacting every client below ``cut`` achieves, under the chapter's model."""

    sensitivity: float
    """Share of the clients who will drop out whose score is below the cut (who are contacted)."""
    false_alarm_rate: float
    """Share of the clients who will stay whose score is below the cut."""
    contacted: float
    """Share of all clients contacted."""
    ppv: float
    """Share of the contacted clients who would have dropped out (positive predictive value)."""

    def per_100(self, base: float) -> dict[str, float]:
        """Counts per 100 clients, keyed by the chart's bar labels."""
        caught, false_alarms, missed = content.OUTCOME_LABELS
        return {
            caught: content.PER * base * self.sensitivity,
            false_alarms: content.PER * (1 - base) * self.false_alarm_rate,
            missed: content.PER * base * (1 - self.sensitivity),
        }


def _check_number(name: str, value: float, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"{name} must be a number ({what}); got {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high} ({what}); got {value}.")
    return float(value)


def dropout_screening(d: float, base: float, cut: float) -> Screening:
    """Contact every client whose early alliance (SD units) is below ``cut``: who is reached?

    Clients who stay have early alliance scores ~ N(0, 1); clients who will drop out ~ N(−d, 1);
    ``base`` is the share of clients who drop out. Returns the sensitivity, false-alarm rate,
    share contacted and positive predictive value, computed with the normal distribution.
    """
    d = _check_number("d", d, 0, 5, "the alliance gap between dropouts and stayers in SD units")
    base = _check_number("base", base, 0.001, 0.999, "the share of clients who drop out")
    cut = _check_number("cut", cut, -6, 6, "the threshold in SD units")
    sensitivity = float(norm.cdf(cut, loc=-d))
    false_alarm = float(norm.cdf(cut))
    contacted = base * sensitivity + (1 - base) * false_alarm
    ppv = base * sensitivity / max(contacted, 1e-12)
    return Screening(sensitivity, false_alarm, contacted, ppv)


def share_therapist_lower(r: float, gap: float) -> float:
    """Model share of dyads in which the therapist's rating is below the client's.

    Client and therapist ratings are standard normal with correlation ``r``, the therapist's
    shifted down by ``gap`` SD; the difference client − therapist is N(gap, √(2 − 2r)).
    """
    r = _check_number("r", r, -0.99, 0.99, "the client-therapist correlation")
    gap = _check_number("gap", gap, -3, 3, "how much lower therapists rate, in SD units")
    return float(norm.cdf(gap / math.sqrt(2 - 2 * r)))


def rating_gap_draws(n: int = content.GAP_DYADS, seed: int = content.GAP_SEED) -> pd.DataFrame:
    """Two columns of standard-normal draws, ``z1`` and ``z2``, made exactly uncorrelated.

    Each has mean 0 and SD 1 in the sample, so a chart built from them shows the model's own
    correlation and mean gap rather than sampling noise, while the points still scatter.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 10:
        raise ValueError(f"n is {n!r}; simulate at least 10 dyads (a whole number).")
    rng = np.random.default_rng(seed)
    draws = rng.standard_normal((n, 2))
    q, _ = np.linalg.qr(draws - draws.mean(axis=0))
    q *= np.sqrt(n - 1)
    return pd.DataFrame({"z1": q[:, 0], "z2": q[:, 1]})


def rating_gap_sample(r: float, gap: float, draws: pd.DataFrame | None = None) -> pd.DataFrame:
    """Simulated client and therapist ratings (SD units) of the same dyads, from ``draws``."""
    r = _check_number("r", r, 0, 0.99, "the client-therapist correlation")
    gap = _check_number("gap", gap, -3, 3, "how much lower therapists rate, in SD units")
    z = rating_gap_draws() if draws is None else draws
    client = z["z1"]
    therapist = r * z["z1"] + math.sqrt(1 - r**2) * z["z2"] - gap
    return pd.DataFrame({"client": client, "therapist": therapist})


def _param(item: content.Control) -> alt.Parameter:
    return alt.param(name=item.name, value=item.value, bind=alt.binding_range(
        min=item.low, max=item.high, step=item.step, name=item.label))


def _lines(text: str, narrow: bool, at: str) -> str | list[str]:
    """``text`` on one line, or split into two lines at ``at`` for the narrow (phone) layout."""
    if not narrow or at not in text:
        return text
    head, tail = text.split(at, 1)
    return [head + at.rstrip(), tail.lstrip()]


@responsive
def dropout_risk_explorer(width: int | None = None) -> alt.VConcatChart:
    """Two score distributions, a movable threshold and who it reaches, per 100 clients.

    ``width`` is the column the chart is drawn for (px); :func:`responsive` builds the book's
    wide and narrow (phone) layouts when it is omitted. The panels are always stacked.
    """
    width = WIDE if width is None else width
    narrow = width <= NARROW
    plot = width - 110 if narrow else min(420, width - 80)  # room for the y axis and its title
    controls = {c.name: _param(c) for c in content.DROPOUT_CONTROLS}
    low, high = content.X_RANGE
    grid = [{"x": round(x, 2)} for x in np.arange(low, high + 0.001, 0.05)]
    group_scale = alt.Scale(domain=[content.STAY_LABEL, content.DROP_LABEL],
                            range=[STAY_COLOR, DROP_COLOR])
    curves = alt.Chart(alt.Data(values=grid)).transform_calculate(
        stay=f"(1 - base) * densityNormal(datum.x, 0, 1) * {content.PER}",
        drop=f"base * densityNormal(datum.x, -d, 1) * {content.PER}",
    ).transform_fold(["stay", "drop"], as_=["key", "density"]).transform_calculate(
        group=f"datum.key == 'stay' ? '{content.STAY_LABEL}' : '{content.DROP_LABEL}'")
    x = alt.X("x:Q", title=_lines(content.DROPOUT_AXIS, narrow, "; "),
              scale=alt.Scale(domain=[low, high]))
    y = alt.Y("density:Q", title="Clients per 100 (density)", stack=None,
              scale=alt.Scale(domain=[0, 40]))
    color = alt.Color("group:N", title=None, scale=group_scale,
                      legend=alt.Legend(orient="bottom"))
    outline = curves.mark_line(strokeWidth=2).encode(x=x, y=y, color=color)
    shaded = curves.transform_filter("datum.x <= cut").mark_area(opacity=0.45).encode(
        x=x, y=y, color=color)
    rule_data = alt.Chart(alt.Data(values=[{"k": 0}])).transform_calculate(at="cut")
    rule = rule_data.mark_rule(strokeDash=[5, 3], strokeWidth=2, color="#333").encode(
        x=alt.X("at:Q", scale=alt.Scale(domain=[low, high])))
    # The label sits on whichever side of the line has room, so it never leaves the plot.
    rule_label = rule_data.transform_calculate(
        label="'contact below ' + format(cut, '.1f')").mark_text(
        align=alt.expr("cut > -0.5 ? 'right' : 'left'"), dx=alt.expr("cut > -0.5 ? -4 : 4"),
        y=8, fontSize=11, color="#333").encode(
        x=alt.X("at:Q", scale=alt.Scale(domain=[low, high])), text="label:N")
    left = alt.layer(shaded, outline, rule, rule_label).properties(
        width=plot, height=240,
        title=_lines("Early alliance of clients who stay and who drop out", narrow, "stay "))

    e = SCREENING_EXPRESSIONS
    caught, false_alarms, missed = content.OUTCOME_LABELS
    rows = [{"k": 0, "outcome": caught}, {"k": 1, "outcome": false_alarms},
            {"k": 2, "outcome": missed}]
    count = (f"datum.k == 0 ? {content.PER} * base * {e['sensitivity']} : "
             f"datum.k == 1 ? {content.PER} * (1 - base) * {e['false_alarm_rate']} : "
             f"{content.PER} * base * (1 - {e['sensitivity']})")
    bars_base = alt.Chart(alt.Data(values=rows)).transform_calculate(count=count)
    # On a phone each bar label breaks after its comma, onto two short lines.
    bar_y = alt.Y("outcome:N", title=None, sort=list(content.OUTCOME_LABELS),
                  axis=alt.Axis(labelLimit=220, labelExpr=(
                      "split(datum.label, ', ')" if narrow else "datum.label")))
    bars = bars_base.mark_bar(size=26).encode(
        y=bar_y,
        x=alt.X("count:Q", title="Clients per 100", scale=alt.Scale(domain=[0, content.PER])),
        color=alt.Color("outcome:N", legend=None, sort=list(content.OUTCOME_LABELS),
                        scale=alt.Scale(domain=list(content.OUTCOME_LABELS),
                                        range=list(BAR_COLORS))),
        tooltip=[alt.Tooltip("outcome:N", title="Group"),
                 alt.Tooltip("count:Q", title="Per 100 clients", format=".1f")],
    )
    bar_text = bars_base.mark_text(align="left", dx=4, fontSize=12).encode(
        y=bar_y, x="count:Q", text=alt.Text("count:Q", format=".1f"),
    ).properties(name="dropout_counts")
    lines = [{"line": i} for i in range(3)]
    # Two-line text on a phone: "\\n" is the newline escape inside the Vega string literal.
    brk, step = ("\\n", 50) if narrow else (" ", 18)
    summary = alt.Chart(alt.Data(values=lines)).transform_calculate(
        text=(
            f"datum.line == 0 ? 'Contacted: ' + format({content.PER} * {e['contacted']}, '.0f') "
            f"+ ' of {content.PER} clients' : "
            f"datum.line == 1 ? 'Of those contacted, ' + format({e['ppv']}, '.0%') + "
            f"'{brk}would have dropped out{brk}(base rate ' + format(base, '.0%') + ')' : "
            f"'Dropouts reached: ' + format({e['sensitivity']}, '.0%') + '{brk}of all who drop out'"
        ),
        ypos=f"datum.line * {step}",
    ).mark_text(align="left", fontSize=12, baseline="top", lineBreak="\n").encode(
        x=alt.value(0),
        y=alt.Y("ypos:Q", axis=None, scale=alt.Scale(domain=[0, 3 * step], reverse=True)),
        text="text:N",
    ).properties(name="dropout_summary", width=plot, height=3 * step,
                 view=alt.ViewBackground(stroke=None))
    counts = alt.layer(bars, bar_text).properties(
        width=min(300, width - 170), height=110 if not narrow else 150,
        title=_lines("Who the threshold reaches, per 100 clients", narrow, "reaches, "))
    # Stacked, not side by side, so the chart fits the book's text column. The panels' colors
    # mean different things (groups of clients vs outcomes of contact), hence independent scales.
    chart = alt.vconcat(left, summary, counts).resolve_scale(color="independent").add_params(
        *controls.values()).properties(
        title=alt.Title(
            _lines("Early alliance as a warning sign: who would a threshold reach?", narrow,
                   "sign: "),
            subtitle=["Simulated teaching model; starting values from",
                      "published meta-analyses (alliance gap d = .55, dropout about 20%)"]
            if not narrow else ["Simulated teaching model; starting values",
                                "from published meta-analyses",
                                "(alliance gap d = .55, dropout about 20%)"]))
    return with_description(
        chart,
        "Top: two curves for simulated clients' early alliance scores, clients who will stay "
        "(blue) and clients who will drop out (red), scaled per 100 clients, with the area below "
        "a dashed threshold shaded. Below: how many clients per 100 are contacted and would have "
        "dropped out, are contacted and would have stayed, or drop out without being contacted, "
        "with text giving the share contacted, the share of contacted clients who would have "
        "dropped out, and the share of dropouts reached. Three sliders set the alliance gap d, "
        "the dropout rate and the threshold.",
    )


@responsive
def rating_gap_explorer(draws: pd.DataFrame | None = None,
                        width: int | None = None) -> alt.LayerChart:
    """Scatter of simulated client vs therapist ratings of the same dyads, with two sliders.

    ``width`` is the column the chart is drawn for (px); :func:`responsive` builds the book's
    wide and narrow (phone) layouts when it is omitted.
    """
    width = WIDE if width is None else width
    narrow = width <= NARROW
    side = min(360, width - 80)
    controls = {c.name: _param(c) for c in content.GAP_CONTROLS}
    z = rating_gap_draws() if draws is None else draws
    points = z.round(3).to_dict(orient="records")
    lower, higher = content.GAP_GROUPS
    base = alt.Chart(alt.Data(values=points)).transform_calculate(
        client="datum.z1",
        therapist="r * datum.z1 + sqrt(1 - r * r) * datum.z2 - gap",
    ).transform_calculate(
        group=f"datum.therapist < datum.client ? '{lower}' : '{higher}'",
        is_lower="datum.therapist < datum.client ? 1 : 0",
    )
    domain = [-3.5, 3.5]
    scatter = base.mark_circle(size=30, opacity=0.7, clip=True).encode(
        x=alt.X("client:Q", title=content.GAP_AXES[0], scale=alt.Scale(domain=domain)),
        y=alt.Y("therapist:Q", title=content.GAP_AXES[1], scale=alt.Scale(domain=domain)),
        color=alt.Color("group:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=[lower, higher], range=[DROP_COLOR, STAY_COLOR])),
        tooltip=[alt.Tooltip("client:Q", title="Client", format=".2f"),
                 alt.Tooltip("therapist:Q", title="Therapist", format=".2f")],
    )
    diagonal = alt.Chart(alt.Data(values=[{"v": domain[0]}, {"v": domain[1]}])).mark_line(
        color=NEUTRAL, strokeDash=[4, 4]).encode(x="v:Q", y="v:Q")
    brk = "\\n" if narrow else " "  # two-line text on a phone (a Vega string escape)
    summary = base.transform_aggregate(share="mean(is_lower)", n="count()").transform_calculate(
        text=("'Therapist lower in ' + format(datum.share, '.0%') + ' of ' + datum.n + "
              f"' dyads{brk}(model: ' + format({GAP_EXPRESSION}, '.0%') + ')'"),
    ).mark_text(align="left", baseline="top", x=5, y=4, fontSize=12, lineBreak="\n").encode(
        text="text:N").properties(
        name="gap_summary")
    chart = alt.layer(diagonal, scatter, summary).add_params(*controls.values()).properties(
        width=side, height=side,
        title=alt.Title(_lines("Client and therapist rate the same alliance", narrow, "rate "),
                        subtitle=["Simulated dyads; dashed line = perfect agreement;",
                                  "starting values r = .36, d = .63 (Tryon et al., 2007)"]))
    return with_description(
        chart,
        "Scatter plot of simulated dyads: the client's alliance rating on the horizontal axis and "
        "the therapist's rating of the same alliance on the vertical axis, both in standard "
        "deviation units, with a dashed diagonal line of perfect agreement. Points below the line "
        "(red) are dyads where the therapist rated lower. Text gives the share of dyads where the "
        "therapist rated lower. Two sliders set the correlation between the ratings and how much "
        "lower therapists rate on average.",
    )
