"""``softa_s_families``: SOFTA-s item ratings by every member of a family, with family dropout
(simulated data).

The SOFTA-s's structure is read from ``alliance.measures.get_spec("softa_s")`` (Friedlander et
al., 2006): 16 items rated 1-5. Its four dimensions (engagement, emotional connection, safety,
shared sense of purpose) are simulated as separate factors only if the spec lists which items
belong to each; while that key is unconfirmed, the items share a single alliance factor.

Planted pattern: families whose members differ more in their alliance with the therapist (a
larger *split alliance*) are more likely to drop out. Split alliances are common in family
therapy, and most families that dropped out in Muñiz de la Peña, Friedlander & Escudero (2009)
had a moderately or severely split alliance in at least one session, and in Robbins et al.
(2003) families that dropped out had more unbalanced parent-adolescent alliances. The split is
measured as in ``alliance.measures.split_alliance_index``: the highest member's mean item
score minus the lowest member's. Effect sizes and all other parameters are teaching choices.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import category_col, integer_col, string_col
from alliance.data.simulate._common import (
    get_spec,
    item_columns_schema,
    label,
    likert_items,
    table_schema,
)

NAME = "softa_s_families"
SEED = 2009

N_FAMILIES = 60
# Who comes to therapy together, and how often each constellation occurs.
COMPOSITIONS = (
    (("partner", "partner"), 0.20),
    (("parent", "adolescent"), 0.20),
    (("parent", "parent", "adolescent"), 0.20),
    (("parent", "adolescent", "child"), 0.15),
    (("parent", "parent", "adolescent", "child"), 0.15),
    (("parent", "parent", "adolescent", "child", "child"), 0.10),
)
ROLES = ("parent", "partner", "adolescent", "child")
# Adolescents, often brought to therapy by their parents, tend to report a weaker alliance.
ROLE_SHIFT = {"parent": 0.0, "partner": 0.0, "adolescent": -0.35, "child": -0.10}

FAMILY_SD = 0.60  # families differ in their overall alliance
SPLIT_MEDIAN, SPLIT_LOG_SD = 0.45, 0.50  # how far apart a family's members tend to be
DIMENSION_SD = 0.30  # member-specific dimension differences (if the key is known)
ITEM_CENTER, LOADING, ITEM_NOISE_SD = 3.9, 0.70, 0.70

DROPOUT_BASE = 0.30  # dropout rate for a family with an average split and alliance
DROPOUT_SPLIT_LOGIT = 1.0  # per SD of split alliance
DROPOUT_MEAN_LOGIT = -0.5  # per SD of the family's mean alliance


def schema() -> dict[str, Any]:
    """Column-by-column description of the CSV (written as ``softa_s_families.schema.json``)."""
    return table_schema(
        NAME,
        __name__,
        title="SOFTA-s ratings by family members, with family dropout (simulated data)",
        row="one family member's SOFTA-s, completed after the third session",
        primary_key=["member_id"],
        seed=SEED,
        citations=["friedlander2006", "munizdelapena2009", "robbins2003"],
        columns=[
            string_col("family_id", f"Fictional family code (F01-F{N_FAMILIES:02d}).", r"F\d{2}"),
            string_col(
                "member_id",
                "Fictional member code: family code, hyphen, member number.",
                r"F\d{2}-\d",
            ),
            category_col(
                "role",
                "The member's role in the family: parent, partner (couple therapy), "
                "adolescent (12-17) or child (under 12).",
                list(ROLES),
            ),
            *item_columns_schema(get_spec("softa_s"), nullable=False),
            integer_col(
                "dropout",
                "1 if the family stopped attending before the agreed end of "
                "therapy, 0 if it completed; the same for every member of a family.",
                "0 = completed, 1 = dropped out",
                0,
                1,
            ),
        ],
    )


def simulate(seed: int = SEED) -> pd.DataFrame:
    """Simulate the data set; the same ``seed`` always gives the same rows."""
    spec = get_spec("softa_s")
    rng = np.random.default_rng(seed)
    kinds = rng.choice(len(COMPOSITIONS), N_FAMILIES, p=[p for _, p in COMPOSITIONS])
    family_level = rng.normal(0.0, FAMILY_SD, N_FAMILIES)
    spread = SPLIT_MEDIAN * np.exp(rng.normal(0.0, SPLIT_LOG_SD, N_FAMILIES))

    family, member, role, latent = [], [], [], []
    for f, kind in enumerate(kinds):
        members = COMPOSITIONS[kind][0]
        deviations = rng.normal(0.0, spread[f], len(members))
        for m, r in enumerate(members):
            family.append(f)
            member.append(m + 1)
            role.append(r)
            latent.append(family_level[f] + ROLE_SHIFT[r] + deviations[m])
    latent = np.array(latent)
    family = np.array(family)

    if spec.subscales:
        names = list(spec.subscales)
        dims = rng.normal(0.0, DIMENSION_SD, (latent.size, len(names)))
        owner = [
            next(i for i, nm in enumerate(names) if item in spec.subscales[nm])
            for item in spec.items
        ]
        per_item = latent[:, None] + dims[:, owner]
    else:
        per_item = latent
    items = likert_items(
        per_item, spec, rng, center=ITEM_CENTER, loading=LOADING, noise_sd=ITEM_NOISE_SD
    )

    # Dropout depends on the split and the mean of the members' observed scores, as a
    # clinician would see them (reverse-keyed first, should the spec ever list any).
    keyed = items.astype(float)
    for item in spec.reverse_items:
        keyed[:, item - 1] = spec.scale_min + spec.scale_max - keyed[:, item - 1]
    score = pd.Series(keyed.mean(axis=1))
    by_family = score.groupby(family)
    split = (by_family.max() - by_family.min()).to_numpy()
    mean = by_family.mean().to_numpy()
    logit = (
        np.log(DROPOUT_BASE / (1 - DROPOUT_BASE))
        + DROPOUT_SPLIT_LOGIT * (split - split.mean()) / split.std()
        + DROPOUT_MEAN_LOGIT * (mean - mean.mean()) / mean.std()
    )
    dropped = (rng.random(N_FAMILIES) < 1 / (1 + np.exp(-logit))).astype(int)

    df = pd.DataFrame(
        {
            "family_id": [label("F", f + 1, 2) for f in family],
            "member_id": [
                f"{label('F', f + 1, 2)}-{m}" for f, m in zip(family, member, strict=True)
            ],
            "role": role,
        }
    )
    for j, col in enumerate(spec.columns()):
        df[col] = items[:, j]
    df["dropout"] = dropped[family]
    return df
