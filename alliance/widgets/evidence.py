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


def effect_size_widget(initial_r: float = 0.28) -> widgets.VBox:
    """A slider for the alliance–outcome correlation and its d, r² and BESD."""
    slider = widgets.FloatSlider(value=initial_r, min=0.0, max=0.8, step=0.01,
                                 description="r", readout_format=".2f")
    out = widgets.HTML()

    def update(_change: object = None) -> None:
        r = slider.value
        b = besd(r)
        out.value = (
            f"<p>Cohen's <i>d</i> = {float(r_to_d(r)):.2f}; "
            f"<i>r</i>² = {float(variance_explained(r)):.1%} of outcome variance; "
            f"BESD: {b['high_group_success']:.0%} success with a stronger alliance versus "
            f"{b['low_group_success']:.0%} with a weaker one.</p>"
        )

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
            out.value = (f"<p>{len(sub)} matching studies: too few to pool "
                         f"(at least {MIN_STUDIES} needed).</p>")
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = pool_random_effects(sub["r"].to_numpy(), sub["n"].to_numpy(),
                                      labels=list(sub["study"]), method=method)
        rows = "".join(
            f"<tr><td>{s}</td><td>{n}</td><td>{r:.3f}</td><td>[{lo:.2f}, {hi:.2f}]</td>"
            f"<td>{res.weights[s]:.1%}</td></tr>"
            for s, n, r, lo, hi in zip(sub["study"], sub["n"], sub["r"], sub["ci_low"],
                                       sub["ci_high"], strict=True)
        )
        out.value = (
            f"<p><b>k = {res.k}</b>: pooled <i>r</i> = {res.pooled_r:.3f} "
            f"[{res.ci_low:.3f}, {res.ci_high:.3f}]; prediction interval "
            f"[{res.pi_low:.2f}, {res.pi_high:.2f}]; Q({res.df}) = {res.q:.1f}, "
            f"p = {res.p:.3f}; τ² = {res.tau2:.4f}; I² = {res.i2:.0%}.</p>"
            "<table><tr><th>Study</th><th>n</th><th>r</th><th>95% CI</th><th>Weight</th></tr>"
            f"{rows}</table>"
        )

    rater.observe(update, names="value")
    timing.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([rater, timing]), out])
