"""Split an alliance–outcome association into a between-therapist and a within-therapist part.

Baldwin, Wampold & Imel (2007) centred each client's alliance on their therapist's mean
alliance and entered both parts in a multilevel model (clients nested in therapists). The
*between* coefficient asks "do therapists who form better alliances on average get better
outcomes?"; the *within* coefficient asks "among one therapist's clients, do those with a
better alliance do better?". In their data only the therapist part predicted outcome.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from alliance.stats._checks import check_confidence


def _require_columns(data: object, columns: dict[str, str]) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    for arg, col in columns.items():
        if not isinstance(col, str) or col not in data.columns:
            known = ", ".join(map(str, data.columns))
            raise ValueError(f"{arg}: column {col!r} is not in data; the columns are {known}")
    return data


def _require_numeric(data: pd.DataFrame, arg: str, col: str) -> None:
    if not pd.api.types.is_numeric_dtype(data[col]) or pd.api.types.is_bool_dtype(data[col]):
        raise ValueError(f"{arg}: column {col!r} must hold numbers; it has type {data[col].dtype}")


def decompose_by_therapist(data: pd.DataFrame, column: str, therapist: str) -> pd.DataFrame:
    """Therapist-mean centering of ``column``: returns two columns that add up to it.

    ``<column>_between`` is the therapist's mean over their clients (the same for all of one
    therapist's clients); ``<column>_within`` is the client's deviation from that mean.
    """
    _require_columns(data, {"column": column, "therapist": therapist})
    _require_numeric(data, "column", column)
    if data[therapist].isna().any():
        raise ValueError(
            f"therapist: column {therapist!r} has missing values; every client needs a therapist"
        )
    means = data.groupby(therapist, sort=False, observed=True)[column].transform("mean")
    return pd.DataFrame(
        {f"{column}_between": means, f"{column}_within": data[column] - means}, index=data.index
    )


@dataclass(frozen=True)
class TherapistEffects:
    """Result of :func:`therapist_effects`; coefficients are in outcome units per alliance unit.

    ``contextual`` is between − within: how much more a one-point difference between
    therapists matters than a one-point difference between one therapist's clients.
    """

    between: float
    within: float
    between_se: float
    within_se: float
    between_p: float
    within_p: float
    between_ci: tuple[float, float]
    within_ci: tuple[float, float]
    contextual: float
    n_clients: int
    n_therapists: int
    therapist_variance: float
    residual_variance: float


def therapist_effects(
    data: pd.DataFrame,
    outcome: str,
    alliance: str,
    therapist: str,
    covariates: Sequence[str] = (),
    confidence: float = 0.95,
) -> TherapistEffects:
    """Between- and within-therapist alliance coefficients from a random-intercept model.

    Fits ``outcome ~ alliance_between + alliance_within (+ covariates)`` with a random
    intercept for each therapist (statsmodels ``MixedLM``, REML). Rows missing any of the
    columns are dropped. Needs at least 3 therapists, and at least one with 2 or more clients.
    """
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    _require_columns(data, {"outcome": outcome, "alliance": alliance, "therapist": therapist})
    for c in covariates:
        _require_columns(data, {"covariates": c})
    for arg, col in [("outcome", outcome), ("alliance", alliance)] + [
        ("covariates", c) for c in covariates
    ]:
        _require_numeric(data, arg, col)
    level = check_confidence(confidence)
    used = [outcome, alliance, therapist, *covariates]
    if len(set(used)) != len(used):
        raise ValueError(
            f"outcome, alliance, therapist and covariates must be different columns; got {used}"
        )

    rows = data[used].dropna().copy()
    n_therapists = rows[therapist].nunique()
    if n_therapists < 3:
        raise ValueError(
            f"therapist: need clients from at least 3 therapists to separate between- from "
            f"within-therapist effects; got {n_therapists}"
        )
    if rows.groupby(therapist, observed=True).size().max() < 2:
        raise ValueError(
            "therapist: every therapist has only one client, so there is no within-therapist "
            "variation to estimate"
        )
    parts = decompose_by_therapist(rows, alliance, therapist)
    # Neutral names keep the formula safe whatever the user's column names are.
    frame = pd.DataFrame(
        {
            "y": rows[outcome].astype(float).to_numpy(),
            "between": parts.iloc[:, 0].to_numpy() - rows[alliance].mean(),
            "within": parts.iloc[:, 1].to_numpy(),
            "group": rows[therapist].astype(str).to_numpy(),
        }
    )
    terms = ["between", "within"]
    for i, c in enumerate(covariates):
        frame[f"cov{i}"] = rows[c].astype(float).to_numpy()
        terms.append(f"cov{i}")
    # "Constant" means constant up to float rounding: centering leaves residues of about
    # n·eps·|alliance| (numpy's rank tolerance uses the same rule), and a model fitted on such
    # residues returns huge, meaningless slopes instead of failing.
    tolerance = len(frame) * np.finfo(float).eps * float(rows[alliance].abs().max())
    if frame["within"].abs().max() <= tolerance:
        raise ValueError(
            f"alliance: column {alliance!r} does not vary within any therapist (each "
            f"therapist's clients have the same alliance score), so there is no "
            f"within-therapist slope to estimate"
        )
    if frame["between"].abs().max() <= tolerance:
        raise ValueError(
            f"alliance: column {alliance!r} has the same therapist mean for every therapist"
        )

    model = smf.mixedlm("y ~ " + " + ".join(terms), frame, groups=frame["group"])
    with warnings.catch_warnings():
        # Small teaching data sets often put the therapist variance on its boundary (zero);
        # the fixed effects are still estimable, so the warning would only alarm students.
        warnings.simplefilter("ignore")
        fit = model.fit(reml=True)
    ci = fit.conf_int(alpha=1 - level)
    return TherapistEffects(
        between=float(fit.fe_params["between"]),
        within=float(fit.fe_params["within"]),
        between_se=float(fit.bse_fe["between"]),
        within_se=float(fit.bse_fe["within"]),
        between_p=float(fit.pvalues["between"]),
        within_p=float(fit.pvalues["within"]),
        between_ci=(float(ci.loc["between", 0]), float(ci.loc["between", 1])),
        within_ci=(float(ci.loc["within", 0]), float(ci.loc["within", 1])),
        contextual=float(fit.fe_params["between"] - fit.fe_params["within"]),
        n_clients=len(frame),
        n_therapists=int(n_therapists),
        therapist_variance=float(np.asarray(fit.cov_re)[0, 0]),
        residual_variance=float(fit.scale),
    )
