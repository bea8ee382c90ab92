"""Teaching content for chapter 5, "The working alliance in CBT": the early-change simulation.

The settings of the simulation in which early symptom improvement raises alliance ratings and so
inflates the alliance–outcome correlation (the confound the chapter discusses): the scenarios
the web book's sliders offer, the carry-over of early improvement into the final outcome, the
number of simulated clients and the seed. They are teaching choices, not estimates; every number
the simulation shows is computed from them, and all its data are simulated.

``alliance.charts.ruptures`` (the web book's Altair chart) and ``alliance.widgets.ruptures``
(the JupyterLab version) both read this module.
"""

from __future__ import annotations

# The simulation's scenarios: how much early improvement raises the client's alliance rating
# ("link", a correlation) and how much the alliance itself improves the outcome ("effect",
# a standardized regression weight). CARRY is how much early improvement carries into the final
# outcome whatever the alliance: a teaching choice, like every parameter of this simulation.
LINKS = (0.0, 0.2, 0.4, 0.6, 0.8)
EFFECTS = (0.0, 0.1, 0.2, 0.3)
CARRY = 0.4
N_CLIENTS = 200
SEED = 1990  # DeRubeis & Feeley's year; any seed gives the same picture
