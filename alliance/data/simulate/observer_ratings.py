"""``observer_ratings``: two trained observers rate the alliance of the same recorded sessions
(simulated data).

Each of 150 fictional recorded sessions is rated by both observers on a fictional 12-item
observer alliance scale (items 1-7, so a total of 12-84) and on a single global rating of the
session's alliance (1 = very weak to 7 = very strong). The scale and the global item are
teaching devices, not a published instrument.

Planted pattern: the observers agree moderately well on the totals, with a single-rater,
absolute-agreement ICC(2,1) near .67, the inter-rater ICC that Ribeiro et al. (2021) reported
for the total of an observer short form of the Working Alliance Inventory; and observer B
rates systematically lower than observer A (a severity difference), so that the
consistency ICC(3,1) is visibly higher than ICC(2,1). Intraclass correlations follow Shrout &
Fleiss (1979). The size of the severity difference, the global rating's noise and all other
parameters are teaching choices.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import integer_col, string_col
from alliance.data.simulate._common import label, table_schema

NAME = "observer_ratings"
SEED = 1979

N_RECORDINGS = 150
N_ITEMS, ITEM_MIN, ITEM_MAX = 12, 1, 7  # the fictional observer scale
TOTAL_MIN, TOTAL_MAX = N_ITEMS * ITEM_MIN, N_ITEMS * ITEM_MAX
GLOBAL_MIN, GLOBAL_MAX = 1, 7

TOTAL_CENTER = 58.0  # observer A's mean total
TOTAL_TRUE_SD = 8.0  # how much the sessions' alliances really differ (total points)
TOTAL_ERROR_SD = 4.6  # each observer's own error: ICC(3,1) about 8² / (8² + 4.6²) = .75
SEVERITY_B = 4.0  # observer B rates this many total points lower, on average

GLOBAL_CENTER, GLOBAL_SLOPE = 4.4, 1.1  # global rating = round(center + slope · judged alliance)
GLOBAL_ERROR_SD = 0.65  # each observer's error on the global rating (in true-alliance SDs)
GLOBAL_SHIFT_B = -0.15  # observer B is slightly stricter on the global rating too


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``observer_ratings.schema.json``)."""
    total = (
        "'s total on the course's fictional 12-item observer alliance scale "
        f"(each item 1-7; total {TOTAL_MIN}-{TOTAL_MAX}, higher = stronger alliance)."
    )
    global_ = (
        "'s global rating of the session's alliance, from 1 (very weak) to 7 (very strong); "
        "an ordinal rating."
    )
    return table_schema(
        NAME,
        __name__,
        title="Two observers' ratings of the alliance in the same recorded sessions "
        "(simulated data)",
        row="one recorded session, rated independently by observers A and B",
        primary_key=["recording_id"],
        seed=SEED,
        citations=["ribeiro2021", "shrout1979"],
        columns=[
            string_col(
                "recording_id",
                f"Fictional code of the recorded session (R001-R{N_RECORDINGS:03d}).",
                r"R\d{3}",
            ),
            integer_col("observer_a_total", "Observer A" + total, "scale points",
                        TOTAL_MIN, TOTAL_MAX),
            integer_col("observer_b_total", "Observer B" + total, "scale points",
                        TOTAL_MIN, TOTAL_MAX),
            integer_col("observer_a_global", "Observer A" + global_, "rating",
                        GLOBAL_MIN, GLOBAL_MAX),
            integer_col("observer_b_global", "Observer B" + global_, "rating",
                        GLOBAL_MIN, GLOBAL_MAX),
        ],
    )


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    rng = np.random.default_rng(seed)
    alliance = rng.normal(0.0, 1.0, N_RECORDINGS)  # each session's true alliance, in SDs

    def total(shift: float) -> np.ndarray:
        raw = (TOTAL_CENTER + shift + TOTAL_TRUE_SD * alliance
               + rng.normal(0.0, TOTAL_ERROR_SD, N_RECORDINGS))
        return np.clip(np.rint(raw), TOTAL_MIN, TOTAL_MAX).astype(int)

    def global_rating(shift: float) -> np.ndarray:
        judged = alliance + shift + rng.normal(0.0, GLOBAL_ERROR_SD, N_RECORDINGS)
        raw = GLOBAL_CENTER + GLOBAL_SLOPE * judged
        return np.clip(np.rint(raw), GLOBAL_MIN, GLOBAL_MAX).astype(int)

    return pd.DataFrame(
        {
            "recording_id": [label("R", i + 1, 3) for i in range(N_RECORDINGS)],
            "observer_a_total": total(0.0),
            "observer_b_total": total(-SEVERITY_B),
            "observer_a_global": global_rating(0.0),
            "observer_b_global": global_rating(GLOBAL_SHIFT_B),
        }
    )
