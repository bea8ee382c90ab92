"""Teaching content for chapter 10, "Groups, screens and endings".

Everything the chapter's charts and widgets *say* lives here, apart from the code that draws
them: the published figures that set the simulations' defaults (each with the key of its entry
in ``book/references.bib``), the ranges of the controls, the labels, and the preset scenarios.
``alliance.charts.warning_signs`` (the web book's Altair charts) and
``alliance.widgets.warning_signs`` (the JupyterLab twins) both read this module, so the two
versions cannot drift apart.

All data drawn from these settings are simulated. The published figures set starting values;
the sliders let a reader move away from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance.content.controls import Control


@dataclass(frozen=True)
class Finding:
    """A published aggregate figure that a simulation starts from."""

    value: float
    what: str
    source: str  # key in book/references.bib


# --- Published figures --------------------------------------------------------------------

ALLIANCE_DROPOUT_D = Finding(
    0.55, "standardized difference in alliance between clients who dropped out and clients who "
    "stayed (11 studies, 1,301 clients)", "sharf2010")
DROPOUT_RATE = Finding(
    0.197, "weighted average dropout rate in adult psychotherapy (669 studies, 83,834 clients)",
    "swift2012")
CLIENT_THERAPIST_R = Finding(
    0.36, "correlation between client and therapist ratings of the same alliance (53 studies)",
    "tryon2007")
CLIENT_THERAPIST_D = Finding(
    0.63, "how much higher clients rate the alliance than their therapists, in SD units",
    "tryon2007")

# --- The dropout-risk explorer ------------------------------------------------------------
# Model (a teaching model, not a published one): early alliance scores are normal with SD 1 in
# both groups; clients who stay average 0 and clients who will drop out average -d. A counselor
# contacts every client whose score is below a threshold.

DROPOUT_CONTROLS = (
    Control("d", ALLIANCE_DROPOUT_D.value, 0.0, 1.5, 0.05,
            "Alliance gap, dropouts vs stayers (d)  "),
    Control("base", 0.20, 0.05, 0.50, 0.05, "Share of clients who drop out  "),
    Control("cut", -1.0, -2.5, 1.0, 0.1, "Contact clients whose early alliance is below  "),
)
DROPOUT_AXIS = "Early alliance (SD units; 0 = average of clients who stay)"
STAY_LABEL = "Will stay"
DROP_LABEL = "Will drop out"
OUTCOME_LABELS = (
    "Contacted, would have dropped out",
    "Contacted, would have stayed",
    "Not contacted, dropped out",
)
PER = 100  # results are shown per 100 clients
X_RANGE = (-4.5, 3.5)

# --- The client/therapist rating-gap chart ------------------------------------------------
# Model: client and therapist ratings of the same dyads, both in SD units of the client
# ratings; the therapist's rating correlates r with the client's and is on average d lower.

GAP_CONTROLS = (
    Control("r", CLIENT_THERAPIST_R.value, 0.0, 0.9, 0.01,
            "Client-therapist correlation (r)  "),
    Control("gap", CLIENT_THERAPIST_D.value, 0.0, 1.2, 0.01,
            "How much lower therapists rate (d)  "),
)
GAP_DYADS = 150
GAP_SEED = 2007  # Tryon, Blackwell and Hammel's year; any seed gives the same picture
GAP_AXES = ("Client's rating (SD units)", "Therapist's rating (SD units)")
GAP_GROUPS = ("Therapist rated lower", "Therapist rated higher")

# --- Preset scenarios for the JupyterLab widget --------------------------------------------

SCENARIOS: dict[str, dict[str, float]] = {
    "Meta-analytic starting point": {"d": 0.55, "base": 0.20, "cut": -1.0},
    "No real alliance gap": {"d": 0.0, "base": 0.20, "cut": -1.0},
    "Contact everyone below average": {"d": 0.55, "base": 0.20, "cut": 0.0},
    "High-dropout clinic": {"d": 0.55, "base": 0.45, "cut": -1.0},
}


def control(controls: tuple[Control, ...], name: str) -> Control:
    """The control called ``name`` in ``controls`` (raises ValueError if there is none)."""
    for item in controls:
        if item.name == name:
            return item
    raise ValueError(f"No control called {name!r}; the controls are "
                     f"{[c.name for c in controls]}.")
