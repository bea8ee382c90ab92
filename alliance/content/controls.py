"""A chart control as teaching content: one slider's name, starting value, range and label.

Shared by the chapters whose explorers are built from such lists (chapters 9 and 10); the
chart modules turn each into a Vega-Lite parameter bound to a slider, and the widget modules
into an ipywidgets slider.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Control:
    """One slider: its parameter name, starting value, range, step and the label a reader sees."""

    name: str
    value: float
    low: float
    high: float
    step: float
    label: str

    def __post_init__(self) -> None:
        if not self.low <= self.value <= self.high:
            raise ValueError(
                f"The starting value of {self.name!r} ({self.value}) must lie between "
                f"{self.low} and {self.high}.")
