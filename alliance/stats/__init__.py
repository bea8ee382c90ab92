"""Alliance–outcome analysis: effect sizes, meta-analysis, change, therapist effects.

Every function checks its inputs and raises ``ValueError`` with a message that says which
argument is wrong, what it was and what is allowed.
"""

from alliance.stats.change import (
    CHANGE_CATEGORIES,
    classify_change,
    clinical_cutoff,
    reliable_change_index,
)
from alliance.stats.correlation import (
    PartialCorrelation,
    besd,
    correlation_ci,
    d_to_r,
    fisher_z,
    fisher_z_inverse,
    partial_correlation,
    r_to_d,
    variance_explained,
)
from alliance.stats.meta import RandomEffectsResult, pool_random_effects
from alliance.stats.therapists import TherapistEffects, decompose_by_therapist, therapist_effects

__all__ = [
    "CHANGE_CATEGORIES",
    "PartialCorrelation",
    "RandomEffectsResult",
    "TherapistEffects",
    "besd",
    "classify_change",
    "clinical_cutoff",
    "correlation_ci",
    "d_to_r",
    "decompose_by_therapist",
    "fisher_z",
    "fisher_z_inverse",
    "partial_correlation",
    "pool_random_effects",
    "r_to_d",
    "reliable_change_index",
    "therapist_effects",
    "variance_explained",
]
