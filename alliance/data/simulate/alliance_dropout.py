"""``alliance_dropout``: early alliance and later dropout (simulated data).

Calibrated to two published findings:

* Clients who drop out report a weaker alliance than clients who complete: across 11 studies of
  adult individual psychotherapy (1,301 participants), the alliance–dropout association was
  d = .55 (Sharf, Primavera & Diener, 2010). Here completers' and dropouts' session-3 WAI-SR
  totals differ by 0.55 of their common standard deviation.
* About one adult client in five drops out: the weighted rate over 669 studies was 19.7%
  (Swift & Greenberg, 2012). Each simulated client drops out with that probability.

Two normal distributions with the same spread, shifted by d, imply a logistic regression of
dropout on the score whose slope is −d / SD per scale point, so the odds ratio per WAI-SR point
is exp(−0.55 / 6.5) ≈ 0.92 by design. The WAI-SR mean and SD are teaching choices (the same as
in ``alliance_outcome``); the WAI-SR range (12–60) comes from ``get_spec("wai_sr")``.
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

NAME = "alliance_dropout"
SEED = 2008  # chosen among seeds 2000-2029 for a realized d close to .55 (see datasheet)

N_CLIENTS = 240
DROPOUT_RATE = 0.197  # Swift & Greenberg (2012): weighted mean dropout rate
ALLIANCE_GAP_D = 0.55  # Sharf, Primavera & Diener (2010): completers minus dropouts, in SDs

# Observed scale: teaching choices, as in alliance_outcome.
WAI_SR_MEAN, WAI_SR_SD = 47.0, 6.5  # completers' session-3 WAI-SR total (12 items, 1-5)


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``alliance_dropout.schema.json``)."""
    return table_schema(
        NAME,
        __name__,
        title="Session-3 alliance and later dropout (simulated data)",
        row="one client who attended at least three sessions",
        primary_key=["client_id"],
        seed=SEED,
        citations=["sharf2010", "swift2012", "hatcher2006"],
        columns=[
            string_col(
                "client_id", f"Fictional client code (C001-C{N_CLIENTS:03d}).", r"C\d{3}"
            ),
            wai_sr_total_col("wai_sr_session3", "after session 3"),
            integer_col(
                "dropout",
                "1 if the client stopped attending after session 3 and before the agreed end "
                "of counseling, without agreeing to end; 0 if the client completed.",
                "0 = completed, 1 = dropped out",
                0,
                1,
            ),
        ],
    )


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    wai = get_spec("wai_sr")
    rng = np.random.default_rng(seed)
    dropped = (rng.random(N_CLIENTS) < DROPOUT_RATE).astype(int)
    # Equal spread in both groups, dropouts shifted down by d SDs (the model behind d).
    latent = rng.normal(0.0, 1.0, N_CLIENTS) - ALLIANCE_GAP_D * dropped
    low, high = total_range(wai)
    total = np.clip(np.rint(WAI_SR_MEAN + WAI_SR_SD * latent), low, high)
    return pd.DataFrame(
        {
            "client_id": [label("C", c + 1, 3) for c in range(N_CLIENTS)],
            "wai_sr_session3": total.astype(int),
            "dropout": dropped,
        }
    )
