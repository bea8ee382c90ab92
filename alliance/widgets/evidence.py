"""ipywidgets for chapter 8, "Alliance and outcome" (they need a live kernel: JupyterLab).

* :func:`effect_size_widget`: a slider for r with d, r² and the BESD from :mod:`alliance.stats`.
* :func:`meta_analysis_widget`: dropdowns for rater perspective and timing; the random-effects
  meta-analysis of the matching studies is recomputed live with
  :func:`alliance.stats.pool_random_effects`.

Nothing here waits for input: each function builds its widgets, draws them once and returns.
"""

from __future__ import annotations

import warnings

import ipywidgets as widgets
import pandas as pd

from alliance.charts.evidence import ALL, MIN_STUDIES, study_intervals
from alliance.stats import besd, pool_random_effects, r_to_d, variance_explained
from alliance.templates import render

_TEMPLATE = "widgets/evidence.html.j2"


def effect_size_widget(initial_r: float = 0.28) -> widgets.VBox:
    """A slider for the alliance–outcome correlation and its d, r² and BESD."""
    slider = widgets.FloatSlider(value=initial_r, min=0.0, max=0.8, step=0.01,
                                 description="r", readout_format=".2f")
    out = widgets.HTML()

    def update(_change: object = None) -> None:
        r = slider.value
        out.value = render(_TEMPLATE, "effect_size", d=float(r_to_d(r)),
                           r2=float(variance_explained(r)), besd=besd(r))

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, out])


def _levels(column: pd.Series) -> list[str]:
    """A column's levels: its category order if it has one, else order of appearance."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(v) for v in column.cat.categories]
    return [str(v) for v in pd.unique(column.astype(str))]


def meta_analysis_widget(meta: pd.DataFrame, method: str = "dl") -> widgets.VBox:
    """Filter the studies by rater and timing and pool the matching ones (random effects)."""
    studies = study_intervals(meta)
    rater = widgets.Dropdown(options=[ALL, *_levels(meta["rater"])], value=ALL,
                             description="Rater")
    timing = widgets.Dropdown(options=[ALL, *_levels(meta["timing"])], value=ALL,
                              description="Timing")
    out = widgets.HTML()

    def update(_change: object = None) -> None:
        mask = pd.Series(True, index=studies.index)
        if rater.value != ALL:
            mask &= studies["rater"].astype(str) == rater.value
        if timing.value != ALL:
            mask &= studies["timing"].astype(str) == timing.value
        sub = studies[mask]
        if len(sub) < MIN_STUDIES:
            out.value = render(_TEMPLATE, "too_few", k=len(sub), needed=MIN_STUDIES)
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = pool_random_effects(sub["r"].to_numpy(), sub["n"].to_numpy(),
                                      labels=list(sub["study"]), method=method)
        rows = zip(sub["study"], sub["n"], sub["r"], sub["ci_low"], sub["ci_high"], strict=True)
        out.value = render(_TEMPLATE, "pooled", res=res, studies=list(rows))

    rater.observe(update, names="value")
    timing.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([rater, timing]), out])
