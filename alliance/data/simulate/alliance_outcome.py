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


# A multilevel slope must differ from the ordinary-regression slope by at least this much, so a
# student who fits an ordinary regression in ex06 Part 3 misses (the hidden test allows 5e-4).
MIN_OLS_GAP = 1e-3


def has_teaching_cases(rows: pd.DataFrame) -> bool:
    """True when a student's variant holds every case that ex04 and ex06 grade.

    ex04: the alliance-outcome r is positive and its 95% interval excludes zero (the visible test
    and the Part 5 rubric), and controlling for early change leaves a smaller but still positive
    partial r (the Part 5 rubric). ex06: therapists' mean alliance goes with outcome more than a
    client's deviation from it, in both the correlations and the multilevel slopes (the Part 4
    rubric), and the multilevel between-therapist slope differs from an ordinary regression's
    (else the Part 3 hidden test could not tell them apart: a random-intercept variance estimated
    at zero, or therapists with nearly equal caseloads, make them coincide). Every therapist
    having at least two clients is guaranteed by the design (``MIN_CASELOAD``).
    """
    import warnings

    import statsmodels.formula.api as smf

    alliance = rows["wai_sr_session3"].to_numpy(dtype=float)
    improvement = (rows["phq9_pre"] - rows["phq9_post"]).to_numpy(dtype=float)
    corr = np.corrcoef([alliance, improvement, rows["early_change"].to_numpy(dtype=float)])
    r, r_xz, r_yz = corr[0, 1], corr[0, 2], corr[1, 2]
    partial = (r - r_xz * r_yz) / np.sqrt((1 - r_xz**2) * (1 - r_yz**2))
    lower = np.tanh(np.arctanh(r) - 1.959964 / np.sqrt(len(rows) - 3))
    if not (lower > 0 and 0 < partial < r):
        return False

    frame = pd.DataFrame({"y": improvement, "a": alliance, "g": rows["therapist_id"].to_numpy()})
    means = frame.groupby("g")[["a", "y"]].transform("mean")
    frame["b"], frame["w"] = means["a"], frame["a"] - means["a"]
    per_therapist = frame.groupby("g")[["a", "y"]].mean()
    between_r = np.corrcoef(per_therapist["a"], per_therapist["y"])[0, 1]
    within_r = np.corrcoef(frame["w"], frame["y"] - means["y"])[0, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = smf.mixedlm("y ~ b + w", frame, groups=frame["g"]).fit(reml=True)
    design = np.column_stack([np.ones(len(frame)), frame["b"], frame["w"]])
    ols = np.linalg.lstsq(design, improvement, rcond=None)[0]
    gap = abs(fit.params["b"] - ols[1])
    return bool(between_r > within_r and fit.params["b"] > fit.params["w"] and gap >= MIN_OLS_GAP)


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
