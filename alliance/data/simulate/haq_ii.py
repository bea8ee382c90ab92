"""``haq_ii_responses``: HAq-II item responses, one row per client (simulated data).

The HAq-II's structure is read from ``alliance.measures.get_spec("haq_ii")``: 19 items on a
1-6 agreement scale, of which items 4, 8, 11, 16 and 19 are negatively worded (Luborsky et al.,
1996). Responses to those items are simulated the way clients give them, as the mirror image of
their alliance, so they must be reverse-keyed before scoring. Scored correctly, the 19 items
have a Cronbach's alpha near .90, in line with the "excellent internal consistency" Luborsky et
al. (1996) report; a student who forgets to reverse the five items gets a visibly lower alpha.
The sample size, 246 clients, is that of Luborsky et al. (1996). Other parameters are teaching
choices.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import string_col
from alliance.data.simulate._common import (
    get_spec,
    item_columns_schema,
    label,
    likert_items,
    table_schema,
)

NAME = "haq_ii_responses"
SEED = 1996

N_CLIENTS = 246  # Luborsky et al. (1996)
ITEM_CENTER = 4.6  # mean keyed response on the 1-6 scale, before the ceiling
LOADING = 0.65  # keyed item units per SD of latent alliance
REVERSED_LOADING = 0.55  # negatively worded items usually track the total a little less
ITEM_NOISE_SD = 0.85
REVERSED_SHIFT = -0.30  # clients agree a little less strongly with "not" statements


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``haq_ii_responses.schema.json``)."""
    return table_schema(
        NAME,
        __name__,
        title="HAq-II raw item responses, reverse-keyed items not reversed (simulated data)",
        row="one client's HAq-II, completed after an early session",
        primary_key=["client_id"],
        seed=SEED,
        citations=["luborsky1996"],
        columns=[
            string_col("client_id", f"Fictional client code (C001-C{N_CLIENTS:03d}).", r"C\d{3}"),
            *item_columns_schema(get_spec("haq_ii"), nullable=False),
        ],
    )


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    spec = get_spec("haq_ii")
    rng = np.random.default_rng(seed)
    latent = rng.normal(0.0, 1.0, N_CLIENTS)
    reversed_item = np.isin(np.array(spec.items), spec.reverse_items)
    loading = np.where(reversed_item, REVERSED_LOADING, LOADING)
    shift = np.where(reversed_item, REVERSED_SHIFT, 0.0)
    items = likert_items(
        latent,
        spec,
        rng,
        center=ITEM_CENTER,
        loading=loading,
        noise_sd=ITEM_NOISE_SD,
        item_shift=shift,
    )
    df = pd.DataFrame({"client_id": [label("C", i + 1, 3) for i in range(N_CLIENTS)]})
    for j, col in enumerate(spec.columns()):
        df[col] = items[:, j]
    return df
