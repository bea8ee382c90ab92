"""``srs_ors_sessions``: ORS and SRS line scores by session, clients nested in therapists
(simulated data).

Instrument facts come from ``alliance.measures``: 4 lines per scale scored 0-10 cm to the
millimetre, totals 0-40 (Duncan et al., 2003; Miller et al., 2003); the SRS concern threshold
(total below 36) and the ORS clinical cut-off (total below 25) are the specs' ``cutoffs``.

Planted pattern: about a third of the clients have one *rupture*, a session whose SRS total
falls below 36 and which is repaired (the SRS is back at or above 36 within two sessions), as in
the rupture-and-repair episodes studied by Eubanks, Muran & Safran (2018). A few further clients
have an unrepaired rupture at their last session and then stop coming. Other parameters are
teaching choices: intake ORS well below the cut-off, gains that are fastest early, and SRS
totals near the ceiling, as is typical of the SRS.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import integer_col, string_col
from alliance.data.simulate._common import get_spec, item_columns_schema, label, table_schema

NAME = "srs_ors_sessions"
SEED = 2003

N_THERAPISTS = 10
CLIENTS_PER_THERAPIST = 7
MAX_SESSIONS = 10
MIN_SESSIONS = 3

ORS_INTAKE_MEAN, ORS_INTAKE_SD = 19.0, 5.0  # total, well below the clinical cut-off of 25
ORS_GAIN_MEAN, ORS_GAIN_SD = 9.0, 5.0  # eventual total gain for the client
ORS_GAIN_RATE = 3.0  # sessions: gains are fastest early
ORS_SESSION_SD = 2.0  # total, session-to-session noise
ORS_LINE_SD = 0.8  # how much one line differs from the others

SRS_LEVEL_MEAN, SRS_LEVEL_SD = 37.8, 1.0  # client's usual SRS total
SRS_LEVEL_FLOOR = 37.0  # usual level stays at or above the threshold
SRS_SESSION_SD = 0.5
SRS_LINE_SD = 0.3
THERAPIST_SRS_SD = 0.5

RUPTURE_SHARE = 0.33  # clients (with at least 5 sessions) who have a repaired rupture
RUPTURE_DROP = (4.0, 9.0)  # how far the SRS total falls below the client's level
UNREPAIRED = 3  # clients whose rupture at their last session is never repaired


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``srs_ors_sessions.schema.json``)."""
    srs, ors = get_spec("srs"), get_spec("ors")
    return table_schema(
        NAME,
        __name__,
        title="ORS and SRS line scores by session (simulated data)",
        row="one session of one client: the ORS completed at the start and the SRS at the end",
        primary_key=["client_id", "session"],
        seed=SEED,
        citations=["duncan2003", "miller2003", "duncan2012", "eubanks2018"],
        columns=[
            string_col("therapist_id", "Fictional therapist code (T01-T10).", r"T\d{2}"),
            string_col(
                "client_id",
                "Fictional client code (C001-C070); each client sees one therapist.",
                r"C\d{3}",
            ),
            integer_col("session", "Session number.", "session number", 1, MAX_SESSIONS),
            *item_columns_schema(ors, nullable=False),
            *item_columns_schema(srs, nullable=False),
        ],
    )


def _lines(
    total: np.ndarray, sd: float, rng: np.random.Generator, lo: float, hi: float
) -> np.ndarray:
    """Split target totals into four line marks (to the millimetre) that vary around total/4."""
    spread = rng.normal(0.0, sd, (total.size, 4))
    spread -= spread.mean(axis=1, keepdims=True)  # lines differ, but the total stays on target
    marks = total[:, None] / 4 + spread
    return np.round(np.clip(marks, lo, hi), 1)


def _force_total(
    marks: np.ndarray, below: float | None, at_least: float | None, hi: float
) -> np.ndarray:
    """Nudge one session's four marks so its total is below ``below`` or at least ``at_least``.

    Noise can blur a planted rupture or repair; the planted pattern must survive exactly.
    """
    marks = marks.copy()
    if below is not None:
        excess = round(marks.sum() - below + 0.1, 1)
        while excess > 0:
            j = int(np.argmax(marks))
            cut = min(excess, marks[j])
            marks[j] = round(marks[j] - cut, 1)
            excess = round(excess - cut, 1)
    if at_least is not None:
        deficit = round(at_least - marks.sum(), 1)
        while deficit > 0:
            j = int(np.argmin(marks))
            add = min(deficit, hi - marks[j])
            marks[j] = round(marks[j] + add, 1)
            deficit = round(deficit - add, 1)
    return marks


def has_teaching_cases(rows: pd.DataFrame) -> bool:
    """True when a student's variant holds the two cases ex02 turns on: a session whose SRS
    total is exactly 36.0 (Part 2 grades that 36 itself is not flagged, so ``<= 36`` must lose
    points), and a repaired rupture, an SRS total below 36 followed by 36 or more at the
    client's next session (Part 5 reads the first such client's trajectory)."""
    spec = get_spec("srs")
    threshold = spec.cutoffs["alliance_concern_below"]
    srs = rows[spec.columns()].sum(axis=1).round(1)
    ordered = rows[["client_id", "session"]].assign(srs=srs).sort_values(["client_id", "session"])
    following = ordered.groupby("client_id")["srs"].shift(-1)
    repaired = (ordered["srs"] < threshold) & (following >= threshold)
    return bool((srs == threshold).any() and repaired.any())


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    srs, ors = get_spec("srs"), get_spec("ors")
    threshold = srs.cutoffs["alliance_concern_below"]
    lo, hi = float(srs.scale_min), float(srs.scale_max)
    rng = np.random.default_rng(seed)
    n_clients = N_THERAPISTS * CLIENTS_PER_THERAPIST
    therapist = np.repeat(np.arange(N_THERAPISTS), CLIENTS_PER_THERAPIST)
    therapist_srs = rng.normal(0.0, THERAPIST_SRS_SD, N_THERAPISTS)[therapist]
    n_sessions = rng.integers(MIN_SESSIONS, MAX_SESSIONS + 1, n_clients)
    intake = rng.normal(ORS_INTAKE_MEAN, ORS_INTAKE_SD, n_clients)
    gain = rng.normal(ORS_GAIN_MEAN, ORS_GAIN_SD, n_clients)
    level = np.maximum(
        rng.normal(SRS_LEVEL_MEAN, SRS_LEVEL_SD, n_clients) + therapist_srs, SRS_LEVEL_FLOOR
    )

    # Who has a planted rupture, and when: repaired ones need two sessions after the rupture.
    eligible = np.flatnonzero(n_sessions >= 5)
    n_repaired = int(round(RUPTURE_SHARE * eligible.size))
    chosen = rng.permutation(eligible)
    repaired = chosen[:n_repaired]
    unrepaired = chosen[n_repaired : n_repaired + UNREPAIRED]
    rupture_at = np.zeros(n_clients, dtype=int)
    for c in repaired:
        rupture_at[c] = rng.integers(2, n_sessions[c] - 1)  # leaves at least 2 later sessions
    for c in unrepaired:
        rupture_at[c] = n_sessions[c]  # the last session attended: the client does not return

    rows = []
    for c in range(n_clients):
        s = np.arange(1, n_sessions[c] + 1)
        ors_total = intake[c] + gain[c] * (1 - np.exp(-(s - 1) / ORS_GAIN_RATE))
        ors_total = ors_total + rng.normal(0.0, ORS_SESSION_SD, s.size)
        ors_marks = _lines(ors_total, ORS_LINE_SD, rng, lo, hi)
        srs_total = np.minimum(level[c] + rng.normal(0.0, SRS_SESSION_SD, s.size), 4 * hi)
        dip_line = rng.integers(0, 4)
        srs_marks = _lines(srs_total, SRS_LINE_SD, rng, lo, hi)
        r = rupture_at[c]
        if r:
            drop = rng.uniform(*RUPTURE_DROP)
            # A rupture is usually about one thing (the goals, the method): most of the drop
            # lands on one line.
            share = np.full(4, 0.1)
            share[dip_line] = 0.7
            srs_marks[r - 1] = np.round(np.clip(srs_marks[r - 1] - drop * share, lo, hi), 1)
            srs_marks[r - 1] = _force_total(srs_marks[r - 1], threshold, None, hi)
            if c in repaired:
                srs_marks[r] = _force_total(srs_marks[r], None, threshold, hi)
        for i, session in enumerate(s):
            rows.append(
                [
                    label("T", therapist[c] + 1, 2),
                    label("C", c + 1, 3),
                    int(session),
                    *ors_marks[i],
                    *srs_marks[i],
                ]
            )
    columns = ["therapist_id", "client_id", "session", *ors.columns(), *srs.columns()]
    return pd.DataFrame(rows, columns=columns)
