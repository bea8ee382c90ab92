"""Score alliance instruments from their specs.

Every ``score_*`` function takes one respondent (a sequence in item order, or a dict keyed by
item number or column name) and returns a dict of floats, or a DataFrame of many respondents
(columns ``f"{key}_{item:02d}"``) and returns a DataFrame of scores with the same index. The
scores are the instrument's subscales (in the spec's order) followed by ``"total"``.

Missing items follow the one rule in :data:`alliance.measures.specs.MISSING_RULE`: a subscale is
the mean of its answered items when at least 75% of them (rounded up) are answered, else NaN;
the total is NaN if any subscale is NaN. For "sum" instruments a prorated subscale is that mean
times the subscale's item count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from .specs import InstrumentSpec, get_spec, min_answered
from .validation import as_item_matrix

Responses: TypeAlias = Sequence[Any] | Mapping[Any, Any] | pd.Series | pd.DataFrame
Scores: TypeAlias = dict[str, float] | pd.DataFrame


def reverse_key(values: Responses, spec: InstrumentSpec) -> Any:
    """Item values with the spec's reverse-keyed items flipped (x -> min + max - x).

    Returns the same shape as given: a list for a sequence, a dict keyed by item number for a
    dict, a DataFrame (item columns replaced, other columns kept) for a DataFrame. Unanswered
    items stay NaN. Applying it twice gives the original values back.
    """
    matrix, _ = as_item_matrix(values, spec)
    flipped = _reverse(matrix, spec)
    if isinstance(values, pd.DataFrame):
        out = values.copy()
        for j, col in enumerate(spec.columns()):
            out[col] = flipped[:, j]
        return out
    if isinstance(values, (Mapping, pd.Series)):
        return {item: float(v) for item, v in zip(spec.items, flipped[0], strict=True)}
    return [float(v) for v in flipped[0]]


def _reverse(matrix: np.ndarray, spec: InstrumentSpec) -> np.ndarray:
    out = matrix.copy()
    if spec.reverse_items:
        cols = [i - 1 for i in spec.reverse_items]
        out[:, cols] = spec.scale_min + spec.scale_max - out[:, cols]
    return out


def _scale_score(block: np.ndarray, metric: str) -> np.ndarray:
    """Prorated score of one scale (respondents x its items) under the missing-item rule."""
    n_items = block.shape[1]
    answered = (~np.isnan(block)).sum(axis=1)
    mean = np.nansum(block, axis=1) / np.maximum(answered, 1)
    mean = np.where(answered >= min_answered(n_items), mean, np.nan)
    return mean * n_items if metric == "sum" else mean


def _score_matrix(matrix: np.ndarray, spec: InstrumentSpec) -> dict[str, np.ndarray]:
    """Subscale and total scores of reverse-keyed item values."""
    if not spec.subscales:
        return {"total": _scale_score(matrix, spec.total)}
    scores: dict[str, np.ndarray] = {}
    sums = []
    for name, items in spec.subscales.items():
        block = matrix[:, [i - 1 for i in items]]
        scores[name] = _scale_score(block, spec.total)
        # Totals are built from prorated subscale sums so that a prorated subscale counts with
        # its full weight (a plain mean of answered items would under-weight it).
        sums.append(_scale_score(block, "sum"))
    total_sum = np.sum(sums, axis=0)  # NaN if any subscale is NaN
    scores["total"] = total_sum if spec.total == "sum" else total_sum / spec.n_items
    return scores


def _unconfirmed_message(spec: InstrumentSpec) -> str:
    parts = ", ".join(spec.expected_subscales) or "its items"
    return (
        f"Alliance Lab will not score the {spec.name}: its scoring key (which items belong to "
        f"{parts}, and which items are reverse-keyed) could not be confirmed from a citable "
        f"source, and guessing would give wrong scores. If you have the key from the published "
        f"form or manual, pass it in: spec = with_key(get_spec({spec.key!r}), subscales={{...}}, "
        f"reverse_items=(...), source='...'); then call again with spec=spec. "
        f"See get_spec({spec.key!r}).notes."
    )


def score_instrument(responses: Responses, spec: InstrumentSpec) -> Scores:
    """Score ``responses`` with ``spec``: a dict for one respondent, a DataFrame for many."""
    if not spec.key_confirmed:
        raise ValueError(_unconfirmed_message(spec))
    matrix, index = as_item_matrix(responses, spec)
    scores = _score_matrix(_reverse(matrix, spec), spec)
    if index is None:
        return {name: float(values[0]) for name, values in scores.items()}
    return pd.DataFrame(scores, index=index)


def _checked_spec(spec: InstrumentSpec | None, key: str) -> InstrumentSpec:
    if spec is None:
        return get_spec(key)
    if spec.key != key:
        raise ValueError(f"This function scores {get_spec(key).short_name}, not {spec.short_name}.")
    return spec


def score_wai_sr(responses: Responses) -> Scores:
    """WAI-SR client form (Hatcher & Gillaspy, 2006): goal, task, bond (sums, 4-20) and total
    (sum, 12-60). Items 1-5, none reverse-keyed; see ``get_spec("wai_sr").notes``."""
    return score_instrument(responses, get_spec("wai_sr"))


def score_wai(responses: Responses, spec: InstrumentSpec | None = None) -> Scores:
    """36-item WAI (Horvath & Greenberg, 1989): goal, task, bond and total (sums).

    The item key could not be confirmed, so this refuses with a ValueError unless you pass a
    spec made with :func:`~alliance.measures.specs.with_key` from the published key.
    """
    return score_instrument(responses, _checked_spec(spec, "wai"))


def score_srs(responses: Responses) -> Scores:
    """SRS (Duncan et al., 2003): the four line scores (0-10) and their sum (0-40).

    No line may be missing. Use :func:`srs_alliance_concern` on the total.
    """
    return score_instrument(responses, get_spec("srs"))


def score_ors(responses: Responses) -> Scores:
    """ORS (Miller et al., 2003): the four line scores (0-10) and their sum (0-40).

    No line may be missing. Use :func:`ors_clinical_range` and :func:`ors_reliable_change`.
    """
    return score_instrument(responses, get_spec("ors"))


def score_haq_ii(responses: Responses) -> Scores:
    """HAq-II (Luborsky et al., 1996): total = mean of the 19 items (1-6) after reversing items
    4, 8, 11, 16 and 19; prorated when at least 15 items are answered."""
    return score_instrument(responses, get_spec("haq_ii"))


def score_softa_s(responses: Responses, spec: InstrumentSpec | None = None) -> Scores:
    """SOFTA-s, one family member per row (Friedlander et al., 2006): the four dimension means
    and the total mean.

    The item-to-dimension key and reverse-keyed items could not be confirmed, so this refuses
    with a ValueError unless you pass a spec made with
    :func:`~alliance.measures.specs.with_key`. Combine members' scores into a split-alliance
    index with :func:`alliance.measures.family.split_alliance_index`.
    """
    return score_instrument(responses, _checked_spec(spec, "softa_s"))
