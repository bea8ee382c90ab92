"""``humility_alliance``: clients' ratings of their counselor's cultural humility, their WAI-SR
total and their symptom change (simulated data).

The data follow a simple causal chain, built in on purpose: perceived cultural humility
strengthens the alliance (path *a*), the alliance brings improvement (path *b*), and humility has
a small direct effect of its own (path *c′*). Hook et al. (2013) reported that clients'
perceptions of their therapist's cultural humility were positively associated with the working
alliance and with improvement, and that the alliance mediated the humility–improvement link.
The sizes are teaching choices set near published correlations: the alliance–outcome
correlation is about r = .28 (Flückiger et al., 2018), and client ratings of a counselor's
multicultural competence correlate about r = .75 with process measures such as the alliance and
r = .29 with outcome (Tao et al., 2015). Humility and the alliance are rated once, at the last
session, when the client also completes the post-treatment PHQ-9 (a cross-sectional design for
the two ratings, as in most of the studies chapter 9 discusses).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import integer_col, number_col, string_col
from alliance.data.simulate._common import (
    get_spec,
    label,
    table_schema,
    total_range,
    wai_sr_total_col,
)

NAME = "humility_alliance"
SEED = 2015  # chosen among seeds 2011-2020 for realised correlations near the targets

N_CLIENTS = 200

# Latent model, in standard-deviation units.
PATH_A = 0.60  # humility -> alliance (also their correlation, as both are standardised)
PATH_B = 0.30  # alliance -> improvement, holding humility constant
PATH_C_PRIME = 0.05  # humility -> improvement, not through the alliance

# Observed scales.
HUMILITY_MEAN, HUMILITY_SD = 3.9, 0.6  # mean item rating, 1-5
WAI_SR_MEAN, WAI_SR_SD = 47.0, 7.0  # WAI-SR total (12 items, 1-5: 12-60)
PHQ9_PRE_MEAN, PHQ9_PRE_SD = 16.0, 4.0
PHQ9_INTAKE_MIN = 10  # clients began counseling with at least moderate symptoms
IMPROVEMENT_MEAN, IMPROVEMENT_SD = 6.0, 4.5  # PHQ-9 points, intake to last session
PHQ9_MAX = 27


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``humility_alliance.schema.json``)."""
    return table_schema(
        NAME,
        __name__,
        title="Cultural humility, alliance and symptom change (simulated data)",
        row="one client's course of counseling",
        primary_key=["client_id"],
        seed=SEED,
        citations=["hook2013", "fluckiger2018", "tao2015", "hatcher2006", "kroenke2001"],
        columns=[
            string_col("client_id", f"Fictional client code (C001-C{N_CLIENTS:03d}).", r"C\d{3}"),
            number_col(
                "humility",
                "Client-rated cultural humility of the counselor at the last session: the mean "
                "item rating of a humility scale, 1 (strongly disagree) to 5 (strongly agree); "
                "higher = the counselor seemed more culturally humble.",
                "mean item rating",
                1.0,
                5.0,
                2,
            ),
            wai_sr_total_col("wai_sr_total", "at the last session"),
            integer_col(
                "phq9_pre",
                "PHQ-9 total at intake, 0-27 (every client had at least 10); higher = more "
                "depressive symptoms.",
                "PHQ-9 points",
                0,
                PHQ9_MAX,
            ),
            integer_col(
                "phq9_post",
                "PHQ-9 total at the last session, 0-27.",
                "PHQ-9 points",
                0,
                PHQ9_MAX,
            ),
        ],
    )


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    wai = get_spec("wai_sr")
    rng = np.random.default_rng(seed)
    humility = rng.normal(0.0, 1.0, N_CLIENTS)
    alliance = PATH_A * humility + np.sqrt(1 - PATH_A**2) * rng.normal(0.0, 1.0, N_CLIENTS)
    explained = PATH_C_PRIME * humility + PATH_B * alliance
    # Residual noise tops the improvement up to unit variance, so IMPROVEMENT_SD is its SD.
    explained_var = PATH_C_PRIME**2 + PATH_B**2 + 2 * PATH_C_PRIME * PATH_B * PATH_A
    improvement = explained + rng.normal(0.0, np.sqrt(1 - explained_var), N_CLIENTS)

    low, high = total_range(wai)
    humility_rating = np.clip(np.round(HUMILITY_MEAN + HUMILITY_SD * humility, 2), 1.0, 5.0)
    wai_total = np.clip(np.rint(WAI_SR_MEAN + WAI_SR_SD * alliance), low, high)
    pre = np.clip(
        np.rint(rng.normal(PHQ9_PRE_MEAN, PHQ9_PRE_SD, N_CLIENTS)), PHQ9_INTAKE_MIN, PHQ9_MAX
    )
    post = np.clip(np.rint(pre - (IMPROVEMENT_MEAN + IMPROVEMENT_SD * improvement)), 0, PHQ9_MAX)

    return pd.DataFrame(
        {
            "client_id": [label("C", c + 1, 3) for c in range(N_CLIENTS)],
            "humility": humility_rating,
            "wai_sr_total": wai_total.astype(int),
            "phq9_pre": pre.astype(int),
            "phq9_post": post.astype(int),
        }
    )
