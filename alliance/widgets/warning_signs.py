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

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import numpy as np

from alliance.charts.warning_signs import (
    dropout_screening,
    rating_gap_draws,
    rating_gap_sample,
    share_therapist_lower,
)
from alliance.content import ch10_groups_screens_endings as content
from alliance.templates import render

_TEMPLATE = "widgets/warning_signs.html.j2"

_WIDE = {"style": {"description_width": "260px"}, "layout": widgets.Layout(width="560px")}


def _slider(item: content.Control) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=item.value, min=item.low, max=item.high, step=item.step,
                               description=item.label.strip(), **_WIDE)


def _live_report(
    controls: Sequence[content.Control],
    count: widgets.IntSlider,
    report: Callable[[dict[str, float], int], str],
) -> tuple[dict[str, widgets.FloatSlider], widgets.HTML]:
    """One slider per control, and a panel showing ``report(values, count)`` as any slider moves.

    ``values`` maps each control's name to its slider's value; the panel is drawn once here.
    """
    sliders = {c.name: _slider(c) for c in controls}
    result = widgets.HTML()

    def draw(_change: object = None) -> None:
        result.value = report({name: s.value for name, s in sliders.items()}, count.value)

    for w in (*sliders.values(), count):
        w.observe(draw, names="value")
    draw()
    return sliders, result


def dropout_report(d: float, base: float, cut: float, caseload: int = 100) -> str:
    """HTML summary of contacting every client below ``cut``, for a caseload of ``caseload``."""
    if isinstance(caseload, bool) or not isinstance(caseload, int) or caseload < 1:
        raise ValueError(f"caseload must be a whole number of clients (1 or more); got "
                         f"{caseload!r}.")
    result = dropout_screening(d, base, cut)
    scale = caseload / content.PER
    groups = [(label, value * scale) for label, value in result.per_100(base).items()]
    return render(_TEMPLATE, "dropout", caseload=caseload, cut=cut, result=result, base=base,
                  groups=groups)


def dropout_widget() -> widgets.VBox:
    """Sliders and preset scenarios for the dropout-risk model; shows who a threshold reaches."""
    caseload = widgets.IntSlider(value=100, min=10, max=500, step=10,
                                 description="Clients in the caseload", **_WIDE)
    sliders, result = _live_report(
        content.DROPOUT_CONTROLS, caseload,
        lambda v, clients: dropout_report(v["d"], v["base"], v["cut"], clients))
    preset = widgets.Dropdown(options=["(choose a scenario)", *content.SCENARIOS],
                              description="Scenario", **_WIDE)

    def apply_preset(change: dict) -> None:
        settings = content.SCENARIOS.get(change["new"])
        if settings is None:
            return
        for name, value in settings.items():
            sliders[name].value = value  # each change redraws through its own observer

    preset.observe(apply_preset, names="value")
    return widgets.VBox([preset, *sliders.values(), caseload, result])


def rating_gap_report(r: float, gap: float, dyads: int, seed: int = content.GAP_SEED) -> str:
    """HTML summary of a simulated sample of client and therapist ratings of the same dyads."""
    sample = rating_gap_sample(r, gap, rating_gap_draws(dyads, seed))
    diff = sample["client"] - sample["therapist"]
    observed_r = float(np.corrcoef(sample["client"], sample["therapist"])[0, 1])
    return render(_TEMPLATE, "rating_gap", dyads=dyads, observed_r=observed_r,
                  mean_gap=diff.mean(), lower=(diff > 0).mean(),
                  model=share_therapist_lower(r, gap), much_lower=(diff > 1).mean())


def rating_gap_widget() -> widgets.VBox:
    """Sliders for the client-therapist correlation, the mean gap and the number of dyads."""
    dyads = widgets.IntSlider(value=content.GAP_DYADS, min=20, max=2000, step=10,
                              description="Dyads", **_WIDE)
    sliders, result = _live_report(
        content.GAP_CONTROLS, dyads, lambda v, n: rating_gap_report(v["r"], v["gap"], n))
    return widgets.VBox([*sliders.values(), dyads, result])
