"""``meta_analysis``: one alliance–outcome correlation per fictional study (simulated data).

Drawn from a random-effects model centred on the pooled correlation of Flückiger et al. (2018),
r = .278 (95% CI [.256, .299], k = 295 studies, more than 30,000 patients, published 1978-2017):

* true correlations: Fisher z ~ Normal(atanh(.278), τ = 0.08);
* observed correlations: Fisher z ~ Normal(true z, 1 / (n − 3));
* sample sizes: log-normal with a median of 90 (mean about 100, close to 30,000 / 295).

τ = 0.08 is our choice; with these sample sizes it makes about 2% of observed correlations
negative, the share Flückiger et al. (2018) report. Rater perspective, timing and year are
drawn independently of the effect size, because Flückiger et al. (2018) found the association
consistent across assessor perspectives: a moderator analysis of these data should find little.
Study labels are fictional ("Study 01"); no real study or author is represented.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import category_col, integer_col, number_col, string_col
from alliance.data.simulate._common import table_schema

NAME = "meta_analysis"
SEED = 2020  # chosen among seeds 2018-2020 for a pooled r close to .278 (see datasheet)

K_STUDIES = 40
POOLED_R = 0.278  # Flückiger et al. (2018)
TAU_Z = 0.08  # between-study SD of true Fisher z (our choice; see module docstring)
N_MEDIAN, N_LOG_SD = 90, 0.5
N_MIN, N_MAX = 20, 600
YEARS = (1978, 2017)  # the publication years covered by Flückiger et al. (2018)
RATERS = ("client", "therapist", "observer")
RATER_P = (0.60, 0.20, 0.20)
TIMINGS = ("early", "mid", "late")
TIMING_P = (0.50, 0.30, 0.20)


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``meta_analysis.schema.json``)."""
    return table_schema(
        NAME,
        __name__,
        title="Alliance-outcome correlations from fictional studies (simulated data)",
        row="one fictional study's alliance-outcome correlation",
        primary_key=["study"],
        seed=SEED,
        citations=["fluckiger2018"],
        columns=[
            string_col(
                "study", f"Fictional study label (Study 01-Study {K_STUDIES:02d}).", r"Study \d{2}"
            ),
            integer_col("year", "Publication year of the fictional study.", "year", *YEARS),
            integer_col("n", "Number of clients in the study.", "clients", N_MIN, N_MAX),
            number_col(
                "r",
                "Pearson correlation between alliance and outcome (positive = stronger "
                "alliance, better outcome).",
                "correlation",
                -1.0,
                1.0,
                3,
            ),
            category_col("rater", "Whose alliance ratings were used.", list(RATERS)),
            category_col(
                "timing",
                "When the alliance was measured: early (sessions 1-5), mid, or late in treatment.",
                list(TIMINGS),
                ordered=True,
            ),
        ],
    )


def has_teaching_cases(rows: pd.DataFrame) -> bool:
    """True when a student's variant shows more spread between studies than chance alone
    (Cochran's Q > df, so I² > 0 and the DerSimonian-Laird τ² > 0): ex05 grades I² and τ² on the
    student's own studies and asks why a random-effects model fits them; with Q ≤ df both are
    truncated to 0 and random-effects pooling gives the fixed-effect answer. About 2.5% of draws
    fail this (Q is computed as in ex05: Fisher z, weights n − 3)."""
    z = np.arctanh(rows["r"].to_numpy(dtype=float))
    w = rows["n"].to_numpy(dtype=float) - 3
    q = float(np.sum(w * (z - np.sum(w * z) / np.sum(w)) ** 2))
    return q > len(rows) - 1


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    rng = np.random.default_rng(seed)
    n = np.clip(np.rint(N_MEDIAN * np.exp(rng.normal(0.0, N_LOG_SD, K_STUDIES))), N_MIN, N_MAX)
    true_z = rng.normal(np.arctanh(POOLED_R), TAU_Z, K_STUDIES)
    observed_z = rng.normal(true_z, 1.0 / np.sqrt(n - 3))
    year = rng.integers(YEARS[0], YEARS[1] + 1, K_STUDIES)
    order = np.argsort(year, kind="stable")  # studies numbered in order of publication
    return pd.DataFrame(
        {
            "study": [f"Study {i + 1:02d}" for i in range(K_STUDIES)],
            "year": year[order],
            "n": n[order].astype(int),
            "r": np.round(np.tanh(observed_z[order]), 3),
            "rater": rng.choice(RATERS, K_STUDIES, p=RATER_P),
            "timing": rng.choice(TIMINGS, K_STUDIES, p=TIMING_P),
        }
    )
