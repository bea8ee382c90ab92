"""Reliable and clinically significant change (Jacobson & Truax, 1991).

A client has *reliably* changed when the pre–post difference is larger than measurement error
alone would produce (|RCI| > 1.96), and has *recovered* when, in addition, the post score lies
on the functional side of a cut-off between the clinical and the functional population.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alliance.stats._checks import (
    as_float_array,
    check_choice,
    check_number,
    check_positive,
    unwrap,
)

CHANGE_CATEGORIES = ("recovered", "improved", "unchanged", "deteriorated")


def _check_reliability(value: object) -> float:
    rel = check_number("reliability", value)
    if not 0 <= rel < 1:
        raise ValueError(
            f"reliability must be at least 0 and less than 1 (for example Cronbach's alpha .89); "
            f"got {rel:g}"
        )
    return rel


def reliable_change_index(
    pre: float | Sequence[float] | np.ndarray,
    post: float | Sequence[float] | np.ndarray,
    sd: float,
    reliability: float,
) -> float | np.ndarray:
    """Jacobson & Truax's reliable change index: RCI = (post − pre) / S_diff.

    S_diff = sqrt(2·SE²) and SE = sd·sqrt(1 − reliability), where ``sd`` is the standard
    deviation of pre-treatment scores (or of a normative sample) and ``reliability`` is the
    measure's reliability (Cronbach's alpha or test–retest). |RCI| > 1.96 is reliable change at
    the 5% level. The sign follows the score: on a symptom measure, improvement is negative.
    """
    pre_arr, pre_scalar = as_float_array("pre", pre)
    post_arr, post_scalar = as_float_array("post", post)
    if pre_arr.size != post_arr.size:
        raise ValueError(
            f"pre and post must have the same number of scores; got {pre_arr.size} and "
            f"{post_arr.size}"
        )
    sd_value = check_positive("sd", sd)
    rel = _check_reliability(reliability)
    se = sd_value * np.sqrt(1 - rel)
    s_diff = np.sqrt(2 * se**2)
    return unwrap((post_arr - pre_arr) / s_diff, pre_scalar and post_scalar)


def clinical_cutoff(
    dysfunctional_mean: float,
    dysfunctional_sd: float,
    functional_mean: float | None = None,
    functional_sd: float | None = None,
    criterion: str = "c",
    higher_is_better: bool | None = None,
) -> float:
    """Jacobson & Truax's cut-off between the dysfunctional (clinical) and functional range.

    criterion ``"a"``: two SDs beyond the dysfunctional mean, towards health;
    ``"b"``: within two SDs of the functional mean;
    ``"c"``: (SD0·M1 + SD1·M0)/(SD0 + SD1), the point equally likely to belong to either
    population (0 = functional, 1 = dysfunctional), preferred when both norms exist.
    The direction of "better" is read from the two means; with criterion ``"a"`` alone, say
    it with ``higher_is_better``.
    """
    criterion = check_choice("criterion", criterion, ("a", "b", "c"))
    m1 = check_number("dysfunctional_mean", dysfunctional_mean)
    s1 = check_positive("dysfunctional_sd", dysfunctional_sd)
    have_functional = functional_mean is not None or functional_sd is not None
    if criterion in ("b", "c") or have_functional:
        if functional_mean is None or functional_sd is None:
            raise ValueError(
                f"criterion {criterion!r} needs both functional_mean and functional_sd "
                "(the mean and SD of a non-clinical sample)"
            )
        m0 = check_number("functional_mean", functional_mean)
        s0 = check_positive("functional_sd", functional_sd)
        if m0 == m1:
            raise ValueError(
                f"functional_mean and dysfunctional_mean must differ to define a cut-off; "
                f"both are {m0:g}"
            )
        better_up = m0 > m1
        if higher_is_better is not None and bool(higher_is_better) != better_up:
            raise ValueError(
                f"higher_is_better={higher_is_better} contradicts the means: the functional mean "
                f"({m0:g}) is {'above' if better_up else 'below'} the dysfunctional mean ({m1:g})"
            )
    else:
        if higher_is_better is None:
            raise ValueError(
                "criterion 'a' without functional norms needs higher_is_better=True or False "
                "(is a higher score healthier on this measure?)"
            )
        better_up = bool(higher_is_better)
    sign = 1.0 if better_up else -1.0
    if criterion == "a":
        return m1 + sign * 2 * s1
    if criterion == "b":
        return m0 - sign * 2 * s0
    return (s0 * m1 + s1 * m0) / (s0 + s1)


def classify_change(
    pre: float | Sequence[float] | np.ndarray,
    post: float | Sequence[float] | np.ndarray,
    sd: float,
    reliability: float,
    cutoff: float,
    higher_is_better: bool = False,
    critical_value: float = 1.96,
) -> str | np.ndarray:
    """Classify each client as "recovered", "improved", "unchanged" or "deteriorated".

    Reliable improvement that ends on the functional side of ``cutoff`` (having started on the
    dysfunctional side) is "recovered"; other reliable improvement is "improved"; reliable
    worsening is "deteriorated"; the rest is "unchanged" (Jacobson & Truax, 1991). By default
    lower scores are healthier (symptom measures); set ``higher_is_better=True`` for measures
    such as the ORS. A score exactly at the cut-off counts as functional: the clinical range is
    strictly beyond the cut-off, the rule the course uses for the ORS (a total below 25 is
    clinical; see ``alliance.measures.ors_clinical_range``).
    """
    pre_arr, pre_scalar = as_float_array("pre", pre)
    post_arr, post_scalar = as_float_array("post", post)
    rci = np.asarray(reliable_change_index(pre_arr, post_arr, sd, reliability), dtype=float)
    cut = check_number("cutoff", cutoff)
    crit = check_positive("critical_value", critical_value)
    if not isinstance(higher_is_better, (bool, np.bool_)):
        raise ValueError(f"higher_is_better must be True or False; got {higher_is_better!r}")
    direction = 1.0 if higher_is_better else -1.0
    gain = direction * rci  # positive = change towards health
    if higher_is_better:
        started_ill, ended_well = pre_arr < cut, post_arr >= cut
    else:
        started_ill, ended_well = pre_arr > cut, post_arr <= cut
    labels = np.where(
        gain > crit,
        np.where(started_ill & ended_well, "recovered", "improved"),
        np.where(gain < -crit, "deteriorated", "unchanged"),
    ).astype(object)
    if pre_scalar and post_scalar:
        return str(labels[0])
    return labels
