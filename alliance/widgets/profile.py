"""Chapter 2: the goal/task/bond profile as ipywidgets, for readers running the chapter.

Three sliders (Goal, Task, Bond, on the WAI-SR item scale 1-5) and a panel that reads the
pattern with :func:`alliance.content.ch02_bordin.interpret_profile`, the same rules the web
book's Altair chart evaluates in the browser. Nothing here waits for input: the function builds
the widgets, wires observers and returns, so executing the chapter never blocks.
"""

from __future__ import annotations

import ipywidgets as widgets

from alliance.content.ch02_bordin import (
    COMPONENTS,
    SCALE_MAX,
    SCALE_MIN,
    STRONG,
    WEAK,
    interpret_profile,
)
from alliance.templates import render


def _level(value: float) -> str:
    if value >= STRONG:
        return "strong"
    if value < WEAK:
        return "weak"
    return "in between"


def _panel_html(goal: float, task: float, bond: float) -> str:
    components = [(name, value, _level(value))
                  for name, value in (("goal", goal), ("task", task), ("bond", bond))]
    return render("widgets/profile.html.j2", "panel", components=components,
                  message=interpret_profile(goal, task, bond), strong=STRONG, weak=WEAK)


def profile_explorer(
    goal: float = 4.0, task: float = 4.0, bond: float = 4.0, step: float = 0.25
) -> widgets.VBox:
    """Three FloatSliders and an HTML panel that explains the profile as the sliders move."""
    interpret_profile(goal, task, bond)  # validates the starting values with a clear message
    start = {"goal": goal, "task": task, "bond": bond}
    sliders = {
        name: widgets.FloatSlider(
            value=start[name], min=SCALE_MIN, max=SCALE_MAX, step=step,
            description=name.capitalize(), continuous_update=True, readout_format=".2f",
        )
        for name in COMPONENTS
    }
    panel = widgets.HTML(value=_panel_html(goal, task, bond))

    def update(_change: object = None) -> None:
        panel.value = _panel_html(*(sliders[name].value for name in COMPONENTS))

    for slider in sliders.values():
        slider.observe(update, names="value")
    return widgets.VBox([*sliders.values(), panel])
