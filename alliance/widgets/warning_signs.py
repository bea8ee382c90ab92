"""ipywidgets for chapter 10 (groups, screens and endings), for readers who run it in JupyterLab.

* :func:`dropout_widget`: the dropout-risk explorer with continuous sliders and preset scenarios;
  the numbers come from :func:`alliance.charts.warning_signs.dropout_screening`, the same
  arithmetic the web book's chart evaluates in the browser.
* :func:`rating_gap_widget`: simulate any number of client-therapist dyads and see how often,
  and by how much, the two disagree.

Settings, labels and scenarios come from :mod:`alliance.content.ch10_groups_screens_endings`.
Nothing here waits for input: each function builds its widgets, wires callbacks, draws once and
returns, so executing the chapter at build never blocks.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from alliance.charts.warning_signs import (
    dropout_screening,
    rating_gap_draws,
    rating_gap_sample,
    share_therapist_lower,
)
from alliance.content import ch10_groups_screens_endings as content

_WIDE = {"style": {"description_width": "260px"}, "layout": widgets.Layout(width="560px")}


def _slider(item: content.Control) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=item.value, min=item.low, max=item.high, step=item.step,
                               description=item.label.strip(), **_WIDE)


def dropout_report(d: float, base: float, cut: float, caseload: int = 100) -> str:
    """HTML summary of contacting every client below ``cut``, for a caseload of ``caseload``."""
    if isinstance(caseload, bool) or not isinstance(caseload, int) or caseload < 1:
        raise ValueError(f"caseload must be a whole number of clients (1 or more); got "
                         f"{caseload!r}.")
    result = dropout_screening(d, base, cut)
    scale = caseload / content.PER
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{value * scale:.1f}</td></tr>"
        for label, value in result.per_100(base).items()
    )
    return (
        f"<p>In a caseload of {caseload} clients, contacting everyone whose early alliance is "
        f"below {cut:.2f} SD reaches {result.contacted * caseload:.1f} clients. Of them "
        f"{result.ppv:.0%} would have dropped out (against {base:.0%} of all clients), and "
        f"{result.sensitivity:.0%} of the clients who drop out are reached.</p>"
        f"<table><tr><th>Group</th><th>Clients</th></tr>{rows}</table>"
    )


def dropout_widget() -> widgets.VBox:
    """Sliders and preset scenarios for the dropout-risk model; shows who a threshold reaches."""
    sliders = {c.name: _slider(c) for c in content.DROPOUT_CONTROLS}
    caseload = widgets.IntSlider(value=100, min=10, max=500, step=10,
                                 description="Clients in the caseload", **_WIDE)
    preset = widgets.Dropdown(options=["(choose a scenario)", *content.SCENARIOS],
                              description="Scenario", **_WIDE)
    result = widgets.HTML()

    def draw(change: object = None) -> None:
        result.value = dropout_report(sliders["d"].value, sliders["base"].value,
                                      sliders["cut"].value, caseload.value)

    def apply_preset(change: dict) -> None:
        settings = content.SCENARIOS.get(change["new"])
        if settings is None:
            return
        for name, value in settings.items():
            sliders[name].value = value  # each change redraws through its own observer

    for w in (*sliders.values(), caseload):
        w.observe(draw, names="value")
    preset.observe(apply_preset, names="value")
    draw()
    return widgets.VBox([preset, *sliders.values(), caseload, result])


def rating_gap_report(r: float, gap: float, dyads: int, seed: int = content.GAP_SEED) -> str:
    """HTML summary of a simulated sample of client and therapist ratings of the same dyads."""
    sample = rating_gap_sample(r, gap, rating_gap_draws(dyads, seed))
    diff = sample["client"] - sample["therapist"]
    observed_r = float(np.corrcoef(sample["client"], sample["therapist"])[0, 1])
    return (
        f"<p>{dyads} simulated dyads: correlation {observed_r:.2f}; clients rate on average "
        f"{diff.mean():.2f} SD higher; the therapist rates lower in {(diff > 0).mean():.0%} of "
        f"dyads (model: {share_therapist_lower(r, gap):.0%}) and more than 1 SD lower in "
        f"{(diff > 1).mean():.0%}.</p>"
    )


def rating_gap_widget() -> widgets.VBox:
    """Sliders for the client-therapist correlation, the mean gap and the number of dyads."""
    sliders = {c.name: _slider(c) for c in content.GAP_CONTROLS}
    dyads = widgets.IntSlider(value=content.GAP_DYADS, min=20, max=2000, step=10,
                              description="Dyads", **_WIDE)
    result = widgets.HTML()

    def draw(change: object = None) -> None:
        result.value = rating_gap_report(sliders["r"].value, sliders["gap"].value, dyads.value)

    for w in (*sliders.values(), dyads):
        w.observe(draw, names="value")
    draw()
    return widgets.VBox([*sliders.values(), dyads, result])
