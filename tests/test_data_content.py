"""The patterns each simulated data set promises in its datasheet are really in the file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliance.data import (
    load_alliance_dropout,
    load_alliance_outcome,
    load_haq_ii,
    load_humility_alliance,
    load_meta_analysis,
    load_observer_ratings,
    load_softa_s,
    load_srs_ors,
    load_wai_sr,
)
from alliance.data.simulate import SIMULATIONS
from alliance.measures import get_spec, split_alliance_index
from alliance.stats import partial_correlation, pool_random_effects, therapist_effects


def _alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha by the textbook formula: k/(k−1)·(1 − Σ item variances / total variance)."""
    x = items.dropna().to_numpy(dtype=float)
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def test_alliance_outcome_correlation_is_near_fluckiger_2018():
    df = load_alliance_outcome()
    improvement = df["phq9_pre"] - df["phq9_post"]
    r = np.corrcoef(df["wai_sr_session3"], improvement)[0, 1]
    assert 0.22 <= r <= 0.34  # Flückiger et al. (2018): r = .278


def test_alliance_outcome_between_therapist_exceeds_within():
    # Baldwin et al. (2007): therapists' share of the alliance predicts outcome more than
    # clients' differences within a therapist's caseload.
    df = load_alliance_outcome().assign(improvement=lambda d: d.phq9_pre - d.phq9_post)
    res = therapist_effects(df, "improvement", "wai_sr_session3", "therapist_id")
    assert res.n_therapists == 80 and res.n_clients == 331
    assert res.between > res.within
    assert res.between > 0 and res.between_ci[0] > 0
    assert res.contextual > 0.1


def test_alliance_outcome_survives_control_for_early_change():
    df = load_alliance_outcome().assign(improvement=lambda d: d.phq9_pre - d.phq9_post)
    raw = np.corrcoef(df["wai_sr_session3"], df["improvement"])[0, 1]
    partial = partial_correlation(df, "wai_sr_session3", "improvement", "early_change")
    assert 0.1 < partial.r < raw
    assert (df["early_change"] == df["phq9_pre"] - df["phq9_session3"]).all()


def test_meta_analysis_centres_near_the_published_pooled_r():
    df = load_meta_analysis()
    res = pool_random_effects(df["r"], df["n"], labels=df["study"])
    assert 0.24 <= res.pooled_r <= 0.32  # Flückiger et al. (2018): r = .278
    assert res.tau2 > 0 and res.pi_low < res.ci_low
    assert (df["r"] < 0).sum() <= 3  # about 2% negative, as published
    assert df["study"].str.fullmatch(r"Study \d{2}").all()


def test_haq_ii_alpha_drops_visibly_when_reverse_keying_is_forgotten():
    spec = get_spec("haq_ii")
    items = load_haq_ii()[spec.columns()]
    keyed = items.copy()
    for item in spec.reverse_items:
        col = spec.column(item)
        keyed[col] = spec.scale_min + spec.scale_max - keyed[col]
    right, wrong = _alpha(keyed), _alpha(items)
    assert right >= 0.85
    assert wrong <= right - 0.2
    # Each unreversed item correlates negatively with the sum of the positively worded items.
    positive = items[[spec.column(i) for i in spec.items if i not in spec.reverse_items]].sum(
        axis=1
    )
    for item in spec.reverse_items:
        assert np.corrcoef(items[spec.column(item)], positive)[0, 1] < 0


def test_srs_has_repaired_ruptures():
    srs = get_spec("srs")
    threshold = srs.cutoffs["alliance_concern_below"]
    df = load_srs_ors().sort_values(["client_id", "session"])
    df["srs_total"] = df[srs.columns()].sum(axis=1).round(1)
    repaired = 0
    for _, sessions in df.groupby("client_id"):
        totals = sessions["srs_total"].to_numpy()
        for i in np.flatnonzero(totals < threshold):
            if (totals[i + 1 : i + 3] >= threshold).any():
                repaired += 1
                break
    assert repaired >= 10
    assert (df["srs_total"] < threshold).mean() < 0.1  # ruptures are the exception


def test_ors_starts_in_the_clinical_range_and_improves():
    ors = get_spec("ors")
    df = load_srs_ors()
    df["ors_total"] = df[ors.columns()].sum(axis=1)
    by_session = df.groupby("session")["ors_total"].mean()
    assert by_session[1] < ors.cutoffs["clinical_below"]
    assert by_session[6] > by_session[1] + ors.cutoffs["reliable_change"]


def test_softa_s_split_alliance_relates_to_dropout():
    spec = get_spec("softa_s")
    df = load_softa_s()
    df["total"] = df[spec.columns()].mean(axis=1)
    families = split_alliance_index(df).join(df.groupby("family_id")["dropout"].agg(["min", "max"]))
    assert (families["min"] == families["max"]).all()  # dropout is a family-level value
    assert families["n_members"].between(2, 5).all()
    split_by_outcome = families.groupby("max")["split_alliance"].mean()
    assert split_by_outcome[1] > split_by_outcome[0] + 0.1
    assert 0.2 <= families["max"].mean() <= 0.6


def test_wai_sr_has_a_few_missing_items_and_growth():
    spec = get_spec("wai_sr")
    df = load_wai_sr()
    share = df[spec.columns()].isna().to_numpy().mean()
    assert 0.001 < share < 0.02
    assert not df[spec.columns()].isna().all(axis=1).any()
    total = df[spec.columns()].sum(axis=1, min_count=spec.n_items)
    assert total[df.session == 6].mean() > total[df.session == 1].mean()


def test_alliance_dropout_gap_is_near_sharf_2010_and_rate_near_swift_2012():
    df = load_alliance_dropout()
    completed = df.loc[df["dropout"] == 0, "wai_sr_session3"]
    dropped = df.loc[df["dropout"] == 1, "wai_sr_session3"]
    n1, n2 = len(completed), len(dropped)
    pooled = np.sqrt(((n1 - 1) * completed.var() + (n2 - 1) * dropped.var()) / (n1 + n2 - 2))
    d = (completed.mean() - dropped.mean()) / pooled
    assert 0.45 <= d <= 0.65  # Sharf, Primavera & Diener (2010): d = .55
    assert 0.15 <= df["dropout"].mean() <= 0.25  # Swift & Greenberg (2012): 19.7%
    # Lower alliance, more dropout, in every part of the range: the lowest third of scores
    # drops out more often than the middle third, and the middle more than the top third.
    thirds = pd.qcut(df["wai_sr_session3"].rank(method="first"), 3, labels=False)
    rates = df.groupby(thirds)["dropout"].mean()
    assert rates[0] > rates[1] > rates[2]


def test_humility_alliance_shows_the_planted_mediation():
    # Hook et al. (2013): perceived humility goes with a stronger alliance and more improvement,
    # and the alliance mediates the link; sizes near Tao et al. (2015) and Flückiger et al. (2018).
    df = load_humility_alliance().assign(improvement=lambda d: d.phq9_pre - d.phq9_post)
    corr = df[["humility", "wai_sr_total", "improvement"]].corr()
    assert 0.5 <= corr.loc["humility", "wai_sr_total"] <= 0.7
    assert 0.25 <= corr.loc["wai_sr_total", "improvement"] <= 0.45
    assert 0.15 <= corr.loc["humility", "improvement"] <= 0.35
    partial = partial_correlation(df, "humility", "improvement", "wai_sr_total")
    assert abs(partial.r) < 0.15  # most of the humility-improvement link runs through the alliance
    import pingouin as pg

    med = pg.mediation_analysis(data=df, x="humility", m="wai_sr_total", y="improvement",
                                n_boot=1000, seed=3).set_index("path")
    assert med.loc["Indirect", "CI2.5"] > 0
    assert med.loc["Indirect", "coef"] > med.loc["Direct", "coef"]
    assert df["phq9_pre"].min() >= 10 and df["improvement"].mean() > 4


def test_observer_ratings_agree_moderately_with_a_severity_difference():
    import pingouin as pg
    from statsmodels.stats.inter_rater import cohens_kappa

    df = load_observer_ratings()
    long = df.melt(id_vars="recording_id", value_vars=["observer_a_total", "observer_b_total"],
                   var_name="observer", value_name="total")
    icc = pg.intraclass_corr(long, targets="recording_id", raters="observer",
                             ratings="total").set_index("Type")["ICC"]
    # Ribeiro et al. (2021): inter-rater ICC = .67 for an observer WAI short form's total.
    assert 0.60 <= icc["ICC(A,1)"] <= 0.72
    # Observer B's built-in severity: consistency clearly above absolute agreement.
    assert icc["ICC(C,1)"] >= icc["ICC(A,1)"] + 0.04
    assert 3.0 <= (df["observer_a_total"] - df["observer_b_total"]).mean() <= 5.5
    cats = list(range(1, 8))
    table = pd.crosstab(df["observer_a_global"], df["observer_b_global"]).reindex(
        index=cats, columns=cats, fill_value=0).to_numpy()
    quadratic = cohens_kappa(table, wt="quadratic", return_results=False)
    unweighted = cohens_kappa(table, return_results=False)
    # Near misses dominate on the ordinal global rating: weighting changes the story.
    assert 0.55 <= quadratic <= 0.80 and quadratic >= unweighted + 0.3


@pytest.mark.parametrize("name", list(SIMULATIONS))
def test_simulations_are_seeded(name):
    module = SIMULATIONS[name]
    first = module.simulate(module.SEED)
    pd.testing.assert_frame_equal(first, module.simulate(module.SEED))
    assert not first.equals(module.simulate(module.SEED + 1))
