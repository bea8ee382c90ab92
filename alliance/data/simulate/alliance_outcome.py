"""``alliance_outcome``: early alliance and depressive symptoms for clients nested in therapists
(simulated data).

Calibrated to two published findings:

* The alliance–outcome correlation is about r = .28 (Flückiger et al., 2018: r = .278, 95% CI
  [.256, .299], k = 295). Here the correlation between the session-3 WAI-SR total and pre–post
  improvement on the PHQ-9 is set near .28.
* Therapists' average alliance predicts outcome more than clients' differences from their
  therapist's average (Baldwin, Wampold & Imel, 2007: therapist variability in the alliance
  predicted outcome; patient variability within therapists did not). The size of the design,
  331 clients seen by 80 therapists, follows that study.

Clients who improve early report a better alliance at session 3, so part of the raw
alliance–outcome correlation is early change (see Flückiger et al., 2020); controlling for
``early_change`` makes it smaller but does not remove it. PHQ-9 totals run from 0 to 27, with
10 the usual cut-off for moderate depression (Kroenke, Spitzer & Williams, 2001). All other
parameters are teaching choices and are listed below.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import integer_col, string_col
from alliance.data.simulate._common import (
    get_spec,
    label,
    table_schema,
    total_range,
    wai_sr_total_col,
)

NAME = "alliance_outcome"
SEED = 2010  # chosen among seeds 2000-2011 for a realized r close to .28 (see datasheet)

N_THERAPISTS = 80  # Baldwin et al. (2007)
N_CLIENTS = 331  # Baldwin et al. (2007)
MIN_CASELOAD = 2  # every therapist has at least two clients, so "within" is defined

# Latent model, in standard-deviation units of the alliance.
ALLIANCE_ICC = 0.20  # share of alliance variance that lies between therapists
EARLY_CHANGE_LINK = 0.30  # early improvement raises the client's own alliance rating
BETWEEN_EFFECT = 0.75  # improvement per SD of therapist-level alliance
WITHIN_EFFECT = 0.05  # improvement per SD of client-level alliance (near zero)
EARLY_CHANGE_EFFECT = 0.40  # early gains carry into the final outcome
THERAPIST_OUTCOME_SD = 0.15  # therapist differences in outcome unrelated to the alliance

# Observed scales.
WAI_SR_MEAN, WAI_SR_SD = 47.0, 6.5  # WAI-SR total (12 items, 1-5: 12-60)
PHQ9_PRE_MEAN, PHQ9_PRE_SD = 16.0, 4.5
EARLY_CHANGE_MEAN, EARLY_CHANGE_SD = 2.5, 2.5  # PHQ-9 points, intake to session 3
IMPROVEMENT_MEAN, IMPROVEMENT_SD = 7.0, 5.0  # PHQ-9 points, intake to end
PHQ9_MAX = 27


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``alliance_outcome.schema.json``)."""
    return table_schema(
        NAME,
        __name__,
        title="Early alliance and symptom change, clients nested in therapists (simulated data)",
        row="one client's course of therapy",
        primary_key=["client_id"],
        seed=SEED,
        citations=[
            "fluckiger2018",
            "baldwin2007",
            "kroenke2001",
            "hatcher2006",
            "fluckiger2020",
        ],
        columns=[
            string_col("therapist_id", "Fictional therapist code (T01-T80).", r"T\d{2}"),
            string_col(
                "client_id",
                "Fictional client code (C001-C331); each client sees one therapist.",
                r"C\d{3}",
            ),
            wai_sr_total_col("wai_sr_session3", "after session 3"),
            integer_col(
                "phq9_pre",
                "PHQ-9 total at intake, 0-27; higher = more depressive symptoms.",
                "PHQ-9 points",
                0,
                PHQ9_MAX,
            ),
            integer_col(
                "phq9_session3", "PHQ-9 total before session 3, 0-27.", "PHQ-9 points", 0, PHQ9_MAX
            ),
            integer_col(
                "phq9_post",
                "PHQ-9 total at the end of treatment, 0-27.",
                "PHQ-9 points",
                0,
                PHQ9_MAX,
            ),
            integer_col(
                "early_change",
                "phq9_pre minus phq9_session3: symptom improvement before the alliance was "
                "rated (negative = got worse).",
                "PHQ-9 points",
                -PHQ9_MAX,
                PHQ9_MAX,
            ),
        ],
    )


def _caseloads(rng: np.random.Generator) -> np.ndarray:
    """Clients per therapist: at least MIN_CASELOAD each, the rest spread at random."""
    extra = rng.multinomial(
        N_CLIENTS - MIN_CASELOAD * N_THERAPISTS, np.full(N_THERAPISTS, 1 / N_THERAPISTS)
    )
    return MIN_CASELOAD + extra


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    wai = get_spec("wai_sr")
    rng = np.random.default_rng(seed)
    therapist = np.repeat(np.arange(N_THERAPISTS), _caseloads(rng))

    between = rng.normal(0.0, np.sqrt(ALLIANCE_ICC), N_THERAPISTS)[therapist]
    early = rng.normal(0.0, 1.0, N_CLIENTS)
    own = EARLY_CHANGE_LINK * early + np.sqrt(1 - EARLY_CHANGE_LINK**2) * rng.normal(
        0.0, 1.0, N_CLIENTS
    )
    within = np.sqrt(1 - ALLIANCE_ICC) * own
    alliance = between + within

    explained = (
        BETWEEN_EFFECT * between
        + WITHIN_EFFECT * within
        + EARLY_CHANGE_EFFECT * early
        + rng.normal(0.0, THERAPIST_OUTCOME_SD, N_THERAPISTS)[therapist]
    )
    # Residual noise tops the improvement up to unit variance, so IMPROVEMENT_SD is its SD.
    residual_var = max(1 - np.var(explained), 0.05)
    improvement = explained + rng.normal(0.0, np.sqrt(residual_var), N_CLIENTS)

    low, high = total_range(wai)
    wai_total = np.clip(np.rint(WAI_SR_MEAN + WAI_SR_SD * alliance), low, high)
    pre = np.clip(np.rint(rng.normal(PHQ9_PRE_MEAN, PHQ9_PRE_SD, N_CLIENTS)), 0, PHQ9_MAX)
    session3 = np.clip(np.rint(pre - (EARLY_CHANGE_MEAN + EARLY_CHANGE_SD * early)), 0, PHQ9_MAX)
    post = np.clip(np.rint(pre - (IMPROVEMENT_MEAN + IMPROVEMENT_SD * improvement)), 0, PHQ9_MAX)

    return pd.DataFrame(
        {
            "therapist_id": [label("T", t + 1, 2) for t in therapist],
            "client_id": [label("C", c + 1, 3) for c in range(N_CLIENTS)],
            "wai_sr_session3": wai_total.astype(int),
            "phq9_pre": pre.astype(int),
            "phq9_session3": session3.astype(int),
            "phq9_post": post.astype(int),
            "early_change": (pre - session3).astype(int),
        }
    )
