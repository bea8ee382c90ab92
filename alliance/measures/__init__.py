"""Scoring and validation of alliance instruments: WAI-SR, WAI, SRS, ORS, HAq-II, SOFTA-s.

Each instrument's structure is written once, as data, in :mod:`alliance.measures.specs`; every
function here reads it. Item columns are named ``f"{key}_{item:02d}"`` (``wai_sr_01`` ...).
"""

from .family import split_alliance_index
from .pcoms import (
    line_mark_to_score,
    ors_clinical_range,
    ors_reliable_change,
    srs_alliance_concern,
    srs_line_concerns,
)
from .reliability import cronbach_alpha, item_total_correlations
from .scoring import (
    reverse_key,
    score_haq_ii,
    score_instrument,
    score_ors,
    score_softa_s,
    score_srs,
    score_wai,
    score_wai_sr,
)
from .specs import MISSING_RULE, SPECS, InstrumentSpec, get_spec, min_answered, with_key

__all__ = [
    "MISSING_RULE",
    "SPECS",
    "InstrumentSpec",
    "cronbach_alpha",
    "get_spec",
    "item_total_correlations",
    "line_mark_to_score",
    "min_answered",
    "ors_clinical_range",
    "ors_reliable_change",
    "reverse_key",
    "score_haq_ii",
    "score_instrument",
    "score_ors",
    "score_softa_s",
    "score_srs",
    "score_wai",
    "score_wai_sr",
    "split_alliance_index",
    "srs_alliance_concern",
    "srs_line_concerns",
    "with_key",
]
