"""``wai_sr_responses``: WAI-SR item responses, one row per client per session (simulated data).

The WAI-SR's structure (12 items rated 1-5; Goal, Task and Bond subscales of 4 items; no
reverse-keyed items) is read from ``alliance.measures.get_spec("wai_sr")`` (Hatcher &
Gillaspy, 2006). The alliance parameters below are teaching choices, not published estimates:
a high average alliance with a ceiling, modest growth over the first sessions, therapist
differences, and three subscales that correlate highly but not perfectly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import integer_col, string_col
from alliance.data.simulate._common import (
    get_spec,
    item_columns_schema,
    label,
    likert_items,
    table_schema,
)

NAME = "wai_sr_responses"
SEED = 2006

N_THERAPISTS = 12
CLIENTS_PER_THERAPIST = 8
MAX_SESSIONS = 6
# How many of the 6 sessions a client attends (some stop early): probabilities for 3, 4, 5, 6.
SESSIONS_ATTENDED_P = (0.10, 0.15, 0.20, 0.55)

ITEM_CENTER = 3.8  # mean item response before the ceiling at 5
LOADING = 0.70  # item units per SD of latent alliance
ITEM_NOISE_SD = 0.70  # with LOADING, a Cronbach's alpha of about .88 for the 12 items
THERAPIST_SD = 0.35  # therapists differ in the alliances they form
CLIENT_SD = 0.90
GROWTH_MEAN, GROWTH_SD = 0.08, 0.06  # latent SD units per session
OCCASION_SD = 0.30  # session-to-session wobble
SUBSCALE_SD = 0.35  # client-specific Goal/Task/Bond differences
SUBSCALE_SHIFT = {"goal": -0.10, "task": 0.0, "bond": 0.20}  # bond items are endorsed most
MISSING_RATE = 0.006  # share of item cells left blank at random


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``wai_sr_responses.schema.json``)."""
    spec = get_spec("wai_sr")
    return table_schema(
        NAME,
        __name__,
        title="WAI-SR item responses by client and session (simulated data)",
        row="one client's WAI-SR, completed after one session",
        primary_key=["client_id", "session"],
        seed=SEED,
        citations=["hatcher2006"],
        columns=[
            string_col("therapist_id", "Fictional therapist code (T01-T12).", r"T\d{2}"),
            string_col(
                "client_id",
                "Fictional client code (C001-C096); each client sees one therapist.",
                r"C\d{3}",
            ),
            integer_col(
                "session",
                "Session after which the WAI-SR was completed.",
                "session number",
                1,
                MAX_SESSIONS,
            ),
            *item_columns_schema(spec, nullable=True),
        ],
    )


def has_teaching_cases(rows: pd.DataFrame) -> bool:
    """True when a student's variant holds both missing-item cases that ex01 grades: a subscale
    prorated from 3 answered items, and a subscale left missing (2 or more unanswered)."""
    blanks = np.column_stack([
        rows[[f"wai_sr_{i:02d}" for i in items]].isna().sum(axis=1).to_numpy()
        for items in get_spec("wai_sr").subscales.values()])
    return bool((blanks == 1).any() and (blanks >= 2).any())


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    spec = get_spec("wai_sr")
    rng = np.random.default_rng(seed)
    n_clients = N_THERAPISTS * CLIENTS_PER_THERAPIST
    therapist = np.repeat(np.arange(N_THERAPISTS), CLIENTS_PER_THERAPIST)
    therapist_effect = rng.normal(0.0, THERAPIST_SD, N_THERAPISTS)[therapist]
    intercept = therapist_effect + rng.normal(0.0, CLIENT_SD, n_clients)
    growth = rng.normal(GROWTH_MEAN, GROWTH_SD, n_clients)
    attended = rng.choice(np.arange(3, MAX_SESSIONS + 1), size=n_clients, p=SESSIONS_ATTENDED_P)
    names = list(spec.subscales)
    specific = rng.normal(0.0, SUBSCALE_SD, (n_clients, len(names)))
    item_subscale = np.array(
        [next(i for i, nm in enumerate(names) if item in spec.subscales[nm]) for item in spec.items]
    )
    shift = np.array([SUBSCALE_SHIFT.get(names[s], 0.0) for s in item_subscale])

    client_idx, session = [], []
    for c in range(n_clients):
        for s in range(1, attended[c] + 1):
            client_idx.append(c)
            session.append(s)
    client_idx = np.array(client_idx)
    session = np.array(session)
    occasion = (
        intercept[client_idx]
        + growth[client_idx] * (session - 1)
        + rng.normal(0.0, OCCASION_SD, client_idx.size)
    )
    latent = occasion[:, None] + specific[client_idx][:, item_subscale]
    items = likert_items(
        latent,
        spec,
        rng,
        center=ITEM_CENTER,
        loading=LOADING,
        noise_sd=ITEM_NOISE_SD,
        item_shift=shift,
    ).astype(float)
    items[rng.random(items.shape) < MISSING_RATE] = np.nan

    df = pd.DataFrame(
        {
            "therapist_id": [label("T", t + 1, 2) for t in therapist[client_idx]],
            "client_id": [label("C", c + 1, 3) for c in client_idx],
            "session": session,
        }
    )
    for j, col in enumerate(spec.columns()):
        df[col] = pd.array(items[:, j], dtype="Float64").astype("Int64")
    return df
