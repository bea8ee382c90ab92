"""Split alliances in couple and family therapy: how far apart family members' alliances are.

A split (unbalanced) alliance is a within-family difference in members' alliances with the
therapist (Friedlander et al., 2006; Muniz de la Pena et al., 2009). Studies operationalise it as
a difference score between two members (parent minus adolescent: Robbins et al., 2003), as a
difference of at least one standard deviation (Muniz de la Pena et al., 2009), or by comparing
several perspectives (Escudero et al., 2022).

Our index, for families of any size, is the **range**: the highest member's score minus the
lowest member's (for two members, the absolute difference score). ``method="sd"`` gives the
within-family standard deviation instead (population SD, ddof=0, because the members present are
the whole family of interest, not a sample from it). Both are 0 for a perfectly balanced family.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from alliance._numbers import is_number

SPLIT_METHODS = ("range", "sd")


def split_alliance_index(
    member_scores: pd.DataFrame,
    family_col: str = "family_id",
    score_col: str = "total",
    method: Literal["range", "sd"] = "range",
) -> pd.DataFrame:
    """One row per family: ``n_members`` scored, their ``mean`` and the ``split_alliance`` index.

    ``member_scores`` has one row per family member, a column identifying the family and a
    column of that member's alliance score (e.g. a SOFTA-s total or one dimension such as
    ``"emotional_connection"``). Members with a missing score are left out; a family with fewer
    than two scored members has no split (NaN). See the module docstring for the definitions.
    """
    if not isinstance(member_scores, pd.DataFrame):
        raise ValueError(
            f"Give the member scores as a DataFrame with one row per family member; got "
            f"{type(member_scores).__name__}."
        )
    for col, arg in ((family_col, "family_col"), (score_col, "score_col")):
        if col not in member_scores.columns:
            raise ValueError(
                f"The member scores have no column {col!r}. Say which column holds it with "
                f"{arg}=...; the columns are {', '.join(map(str, member_scores.columns))}."
            )
    if method not in SPLIT_METHODS:
        raise ValueError(
            f"method is {method!r}, but the split-alliance index is 'range' (highest minus "
            f"lowest member) or 'sd' (within-family standard deviation)."
        )
    scores = member_scores[score_col]
    # Missing scores are allowed; anything else must already be a number (text such as "3.5"
    # is refused, not converted: one rule for the whole library, see alliance._numbers).
    bad = scores.notna() & ~scores.map(is_number)
    if bad.any():
        row = bad.idxmax()
        raise ValueError(
            f"The score of member {row!r} ({score_col}) is {scores[row]!r}, which is not a "
            f"number; scores must be numbers (leave a missing score empty)."
        )
    if member_scores[family_col].isna().any():
        row = member_scores[family_col].isna().idxmax()
        raise ValueError(f"Member {row!r} has no family id in {family_col!r}.")
    numeric = scores.astype(float)
    scored = pd.DataFrame({"family": member_scores[family_col], "score": numeric}).dropna()
    groups = scored.groupby("family", sort=True)["score"]
    out = pd.DataFrame({"n_members": groups.size(), "mean": groups.mean()})
    if method == "range":
        split = groups.max() - groups.min()
    else:
        split = groups.std(ddof=0)
    out["split_alliance"] = split.where(out["n_members"] >= 2, np.nan)
    # Families whose members all lack scores still get a row, so no family silently disappears.
    all_families = pd.Index(member_scores[family_col].unique()).sort_values()
    out = out.reindex(all_families)
    out["n_members"] = out["n_members"].fillna(0).astype(int)
    out.index.name = family_col
    return out
