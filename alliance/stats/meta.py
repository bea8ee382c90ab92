"""Random-effects meta-analysis of alliance–outcome correlations.

The pooling itself is statsmodels' ``combine_effects`` (DerSimonian & Laird, 1986, or
Paule–Mandel) on Fisher's z with variance 1/(n − 3); results are back-transformed to r. The
prediction interval, which statsmodels does not report, follows Higgins, Thompson &
Spiegelhalter (2009): mean ± t(k − 2) · sqrt(τ² + SE²).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

from alliance.stats._checks import (
    check_choice,
    check_confidence,
    check_correlation,
    check_sample_sizes,
)

# Our names for the estimators of tau², and statsmodels' names for them.
_METHODS = {"dl": "chi2", "pm": "iterated"}


@dataclass(frozen=True)
class RandomEffectsResult:
    """Result of :func:`pool_random_effects`.

    ``pooled_r``, the confidence interval and the prediction interval are correlations;
    ``pooled_z``, ``se_z`` and ``tau2`` are on the Fisher-z scale, where the pooling happens.
    ``weights`` are each study's share of the random-effects weight (they sum to 1).
    """

    pooled_r: float
    ci_low: float
    ci_high: float
    pi_low: float
    pi_high: float
    pooled_z: float
    se_z: float
    q: float
    df: int
    p: float
    tau2: float
    i2: float
    k: int
    weights: pd.Series
    method: str
    confidence: float


def pool_random_effects(
    r: Sequence[float] | np.ndarray | pd.Series,
    n: Sequence[int] | np.ndarray | pd.Series,
    labels: Sequence[str] | None = None,
    method: str = "dl",
    confidence: float = 0.95,
) -> RandomEffectsResult:
    """Pool study correlations ``r`` (with sample sizes ``n``) in a random-effects model.

    ``method`` chooses the estimator of the between-study variance τ²: ``"dl"``
    (DerSimonian–Laird, the classic moment estimator) or ``"pm"`` (Paule–Mandel). Q tests
    whether the studies share one true correlation; I² is the share of the observed
    variability that reflects real differences between studies; the prediction interval is
    where the true correlation of a new, similar study would fall. Needs at least 3 studies.
    """
    if isinstance(r, (str, bytes)) or np.ndim(r) != 1:
        raise ValueError("r must be a list of study correlations (one number per study)")
    r_arr, _ = check_correlation("r", r, open_interval=True)
    k = r_arr.size
    if k < 3:
        raise ValueError(
            f"a random-effects meta-analysis needs at least 3 studies to estimate heterogeneity "
            f"and a prediction interval; got {k}"
        )
    sizes = check_sample_sizes("n", n, k, minimum=4)
    method = check_choice("method", method, tuple(_METHODS))
    level = check_confidence(confidence)
    if labels is None:
        names = [f"study {i + 1}" for i in range(k)]
    else:
        names = [str(x) for x in labels]
        if len(names) != k:
            raise ValueError(
                f"labels must have one name per study; got {len(names)} names for {k} studies"
            )

    z = np.arctanh(r_arr)
    var = 1.0 / (sizes - 3.0)
    # statsmodels divides by v + tau² before we get to truncate a negative tau² (handled just
    # below), and by Q when all studies agree; those intermediate warnings are not the user's.
    with np.errstate(divide="ignore", invalid="ignore"):
        res = combine_effects(z, var, method_re=_METHODS[method], alpha=1 - level, row_names=names)
    tau2 = float(res.tau2)
    if tau2 > 0:
        mean, se, weights = float(res.mean_effect_re), float(res.sd_eff_w_re), res.weights_rel_re
    else:
        # statsmodels does not truncate the DerSimonian-Laird estimate at zero. A negative
        # tau² means "no detectable heterogeneity", and the random-effects model then
        # reduces to the fixed-effect one, which statsmodels has already computed.
        tau2 = 0.0
        mean, se, weights = float(res.mean_effect_fe), float(res.sd_eff_w_fe), res.weights_rel_fe
    crit = stats.norm.ppf(0.5 + level / 2)
    # Prediction interval: uncertainty about the mean plus the spread of true effects, with
    # k - 2 degrees of freedom (Higgins et al., 2009).
    t_crit = stats.t.ppf(0.5 + level / 2, k - 2)
    pi_half = t_crit * np.sqrt(tau2 + se**2)
    q = float(res.q)
    df = int(res.df)
    return RandomEffectsResult(
        pooled_r=float(np.tanh(mean)),
        ci_low=float(np.tanh(mean - crit * se)),
        ci_high=float(np.tanh(mean + crit * se)),
        pi_low=float(np.tanh(mean - pi_half)),
        pi_high=float(np.tanh(mean + pi_half)),
        pooled_z=mean,
        se_z=se,
        q=q,
        df=df,
        p=float(stats.chi2.sf(q, df)),
        tau2=tau2,
        i2=max(0.0, (q - df) / q) if q > 0 else 0.0,  # Higgins & Thompson's I², floored at 0
        k=k,
        weights=pd.Series(np.asarray(weights, dtype=float), index=names, name="weight"),
        method=method,
        confidence=level,
    )
