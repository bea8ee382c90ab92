"""The exercises agree with the course library (``alliance.measures`` / ``alliance.stats``).

The hidden tests of the assignments may not import the library (students must not either), so
they hold their own constants (subscale keys, cut-offs, reverse-keyed items) and recompute the
expected answers with plain numpy and pandas. Two checks keep them honest:

* the constants written in the hidden tests equal the library's specs and rules;
* the reference solution, which passes those hidden tests, gives the same numbers as the
  library on the same data (run here in-process, without the test cells).

If the library or a data set changes, these tests say which assignment must follow.
"""

from __future__ import annotations

import ast
import math
import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest

from alliance import measures, stats
from autograder.workspace import EXERCISES_DIR

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def _notebook(assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(EXERCISES_DIR / assignment / f"{assignment}.ipynb", as_version=4)


def hidden_constants(assignment: str) -> dict[str, list[Any]]:
    """Every literal ``_NAME = ...`` in the assignment's hidden tests: name -> values seen."""
    found: dict[str, list[Any]] = {}
    for cell in _notebook(assignment).cells:
        for block in HIDDEN.findall(cell.source):
            for node in ast.parse(block).body:
                if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                    continue
                target, value = node.targets[0], node.value
                pairs = [(target, value)]
                if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                    pairs = list(zip(target.elts, value.elts, strict=True))
                for name, expr in pairs:
                    if (isinstance(name, ast.Name) and name.id.startswith("_")
                            and name.id.lstrip("_").isupper()):
                        try:
                            found.setdefault(name.id, []).append(ast.literal_eval(expr))
                        except ValueError:
                            continue
    return found


def constant(assignment: str, name: str) -> Any:
    values = hidden_constants(assignment).get(name)
    assert values, f"{assignment}: the hidden tests no longer define {name}"
    assert all(v == values[0] for v in values), f"{assignment}: {name} differs between test cells"
    return values[0]


@cache
def solution(assignment: str) -> dict[str, Any]:
    """The namespace left by running the source notebook's cells, except the test cells."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    folder = EXERCISES_DIR / assignment
    before = Path.cwd()
    os.chdir(folder)
    sys.path.insert(0, str(folder))  # as in a kernel: the notebook's folder (course_data.py)
    try:
        for cell in _notebook(assignment).cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if cell.cell_type == "code" and not gid.endswith("-tests"):
                exec(compile(cell.source, f"{assignment}:{gid}", "exec"), namespace)
    finally:
        os.chdir(before)
        sys.path.remove(str(folder))
    return namespace


def data(assignment: str, name: str) -> pd.DataFrame:
    return pd.read_csv(EXERCISES_DIR / assignment / f"{name}.csv")


# ------------------------------------------------------------------ ex01-wai-sr
EX01 = "ex01-wai-sr"


def test_ex01_key_and_missing_rule_match_the_wai_sr_spec() -> None:
    spec = measures.get_spec("wai_sr")
    key = constant(EX01, "_KEY")
    assert {k: tuple(v) for k, v in key.items()} == dict(spec.subscales)
    assert constant(EX01, "_MIN_ANSWERED") == measures.min_answered(4)
    assert spec.reverse_items == () and spec.total == "sum"
    assert (spec.scale_min, spec.scale_max) == (1, 5)


def test_ex01_solution_scores_like_score_wai_sr() -> None:
    ns = solution(EX01)
    rng = np.random.default_rng(1)
    for _ in range(20):
        answers = [int(v) for v in rng.integers(1, 6, 12)]
        assert ns["score_wai_sr"](answers) == pytest.approx(measures.score_wai_sr(answers))
        holes = [None if rng.random() < 0.25 else a for a in answers]
        mine, ref = ns["score_with_missing"](holes), measures.score_wai_sr(holes)
        assert set(mine) == set(ref)
        for k in ref:
            assert (math.isnan(mine[k]) and math.isnan(ref[k])) or mine[k] == pytest.approx(ref[k])
    raw = data(EX01, "wai_sr_responses")
    ref = measures.score_wai_sr(raw)
    mine = ns["wai_scores"]
    pd.testing.assert_frame_equal(mine[list(ref.columns)].reset_index(drop=True),
                                  ref.reset_index(drop=True), check_dtype=False)


def test_ex01_profile_client_is_the_one_the_model_answer_describes() -> None:
    scores = pd.concat([data(EX01, "wai_sr_responses")[["client_id", "session"]],
                        measures.score_wai_sr(data(EX01, "wai_sr_responses"))], axis=1)
    last = scores.sort_values("session").groupby("client_id").tail(1)
    spread = last[["goal", "task", "bond"]].max(axis=1) - last[["goal", "task", "bond"]].min(axis=1)
    assert last.loc[spread.idxmax(), "client_id"] == "C022"


# ------------------------------------------------------------------ ex02-srs-ors
EX02 = "ex02-srs-ors"


def test_ex02_cutoffs_match_the_srs_and_ors_specs() -> None:
    srs, ors = measures.get_spec("srs"), measures.get_spec("ors")
    assert constant(EX02, "_SRS_CUT") == srs.cutoffs["alliance_concern_below"]
    assert constant(EX02, "_ORS_CUT") == ors.cutoffs["clinical_below"]
    assert constant(EX02, "_RELIABLE") == ors.cutoffs["reliable_change"]
    # The boundaries the exercise teaches: below 36, below 25, a change of 5 or more.
    assert measures.srs_alliance_concern(35.9) and not measures.srs_alliance_concern(36.0)
    assert measures.ors_clinical_range(24.9) and not measures.ors_clinical_range(25.0)
    assert measures.ors_reliable_change(20.0, 25.0) == "reliable improvement"
    assert measures.ors_reliable_change(25.0, 20.0) == "reliable deterioration"


def test_ex02_solution_agrees_with_the_pcoms_rules() -> None:
    ns = solution(EX02)
    for marks in ([8.44, 9.04, 8.94, 9.24], [0.0, 10.0, 3.33, 7.77], [9.96, 9.91, 9.84, 9.88]):
        expected = sum(measures.line_mark_to_score(m) for m in marks)
        assert ns["srs_total"](marks) == pytest.approx(expected)
    grid = np.round(np.arange(5.0, 40.0, 1.7), 1)
    for first in grid:
        for last in grid:
            change = measures.ors_reliable_change(first, last)
            if change == "reliable improvement":
                clinical = measures.ors_clinical_range
                recovered = clinical(first) and not clinical(last)
                expected = "recovered" if recovered else "improved"
            else:
                expected = {"reliable deterioration": "deteriorated",
                            "no reliable change": "no reliable change"}[change]
            assert ns["ors_change"](first, last) == expected, (first, last)
    raw = data(EX02, "srs_ors_sessions")
    srs = measures.score_srs(raw)["total"]
    flagged = raw.loc[measures.srs_alliance_concern(srs).astype(bool), ["client_id", "session"]]
    mine = ns["concern_sessions"]
    assert set(zip(flagged.client_id, flagged.session, strict=True)) == set(
        zip(mine.client_id, mine.session, strict=True))
    ors = raw[["client_id", "session"]].assign(total=measures.score_ors(raw)["total"])
    ors = ors.sort_values(["client_id", "session"]).groupby("client_id")["total"]
    mine = ns["ors_outcomes"].set_index("client_id")
    assert np.allclose(mine["first_ors"], ors.first().reindex(mine.index))
    assert np.allclose(mine["last_ors"], ors.last().reindex(mine.index))


def test_ex02_trajectory_client_matches_the_model_answer() -> None:
    raw = data(EX02, "srs_ors_sessions").sort_values(["client_id", "session"])
    srs = measures.score_srs(raw)["total"].round(1)
    following = srs.groupby(raw["client_id"]).shift(-1)
    client = raw.loc[(srs < 36) & (following >= 36), "client_id"].iloc[0]
    assert client == "C003"  # the first repaired rupture, the client the Part 5 cell shows
    one = raw[raw.client_id == client]
    assert measures.score_srs(one)["total"].round(1).tolist() == [37.8, 29.1, 36.9, 37.9, 36.9]
    ors = measures.score_ors(one)["total"].round(1).tolist()
    assert ors == [12.5, 19.4, 27.3, 28.8, 29.5]
    assert measures.ors_reliable_change(ors[0], ors[-1]) == "reliable improvement"


# ------------------------------------------------------------------ ex03-haq-reliability
EX03 = "ex03-haq-reliability"


def test_ex03_reverse_keyed_items_match_the_haq_ii_spec() -> None:
    spec = measures.get_spec("haq_ii")
    assert tuple(constant(EX03, "_REVERSED")) == spec.reverse_items
    assert spec.scale_min + spec.scale_max == 7  # the exercise teaches 7 - x


def test_ex03_solution_agrees_with_the_reliability_functions() -> None:
    ns = solution(EX03)
    spec = measures.get_spec("haq_ii")
    raw = data(EX03, "haq_ii_responses")
    items = raw[spec.columns()]
    pd.testing.assert_frame_equal(ns["reverse_key"](raw.copy()), measures.reverse_key(raw, spec),
                                  check_dtype=False)
    assert ns["alpha_raw"] == pytest.approx(measures.cronbach_alpha(items)["alpha"])
    assert ns["alpha_keyed"] == pytest.approx(measures.cronbach_alpha(items, spec=spec)["alpha"])
    assert ns["cronbach_alpha"](items) == pytest.approx(measures.cronbach_alpha(items)["alpha"])
    mine = ns["item_total_correlations"](measures.reverse_key(items, spec))
    ref = measures.item_total_correlations(items, spec=spec)
    assert np.allclose(mine.reindex(ref.index), ref)


# ------------------------------------------------------------------ ex04-alliance-outcome
EX04 = "ex04-alliance-outcome"


def test_ex04_solution_agrees_with_alliance_stats() -> None:
    ns = solution(EX04)
    frame = ns["data"]
    r = ns["r_alliance_outcome"]
    assert r == pytest.approx(frame["wai_sr_session3"].corr(frame["improvement"]))
    for rr, n in ((r, len(frame)), (-0.2, 40), (0.6, 12)):
        assert ns["correlation_ci"](rr, n) == pytest.approx(stats.correlation_ci(rr, n), abs=1e-4)
    partial = stats.partial_correlation(frame, "wai_sr_session3", "improvement", "early_change")
    mine = ns["partial_correlation"](frame["wai_sr_session3"], frame["improvement"],
                                     frame["early_change"])
    assert mine == pytest.approx(partial.r)


# ------------------------------------------------------------------ ex05-meta-analysis
EX05 = "ex05-meta-analysis"


def test_ex05_solution_agrees_with_pool_random_effects() -> None:
    ns = solution(EX05)
    studies = data(EX05, "meta_analysis")
    sets = [(studies["r"].tolist(), studies["n"].tolist()),
            ([0.1, 0.5, 0.3, 0.6, -0.1], [50, 80, 120, 40, 200]),
            ([0.28, 0.30, 0.27, 0.29], [100, 60, 150, 90])]
    for r, n in sets:
        ref = stats.pool_random_effects(r, n, method="dl")
        het, pooled = ns["heterogeneity"](r, n), ns["pool_random_effects"](r, n)
        assert (het["q"], het["df"], het["i2"]) == pytest.approx((ref.q, ref.df, ref.i2))
        assert pooled["tau2"] == pytest.approx(ref.tau2, abs=1e-12)
        assert pooled["pooled_r"] == pytest.approx(ref.pooled_r)
        # The exercise uses 1.96; the library uses the exact normal quantile.
        assert (pooled["ci_low"], pooled["ci_high"]) == pytest.approx((ref.ci_low, ref.ci_high),
                                                                     abs=1e-4)
    for r in (-0.5, 0.0, 0.278):
        assert ns["fisher_z"](r) == pytest.approx(stats.fisher_z(r))
    forest = ns["forest_data"]
    for row in forest.itertuples():
        n = int(studies.loc[studies.study == row.study, "n"].iloc[0])
        assert (row.ci_low, row.ci_high) == pytest.approx(stats.correlation_ci(row.r, n), abs=1e-4)


def test_ex05_model_answer_numbers_are_current() -> None:
    studies = data(EX05, "meta_analysis")
    ref = stats.pool_random_effects(studies["r"], studies["n"])
    rounded = (round(ref.pooled_r, 3), round(ref.ci_low, 3), round(ref.ci_high, 3))
    assert rounded == (0.287, 0.244, 0.329)
    assert (round(ref.q, 1), ref.df, round(ref.i2, 2)) == (79.7, 39, 0.51)


# ------------------------------------------------------------------ ex06-therapist-effects
EX06 = "ex06-therapist-effects"


def test_ex06_solution_agrees_with_therapist_effects() -> None:
    ns = solution(EX06)
    frame = ns["data"]
    for column in ("wai_sr_session3", "improvement"):
        ref = stats.decompose_by_therapist(frame, column, "therapist_id")
        mine = ns["center_by_therapist"](frame, column)
        assert np.allclose(mine["between"], ref[f"{column}_between"])
        assert np.allclose(mine["within"], ref[f"{column}_within"])
    effects = stats.therapist_effects(frame, "improvement", "wai_sr_session3", "therapist_id")
    assert ns["between_slope"] == pytest.approx(effects.between, abs=5e-4)
    assert ns["within_slope"] == pytest.approx(effects.within, abs=5e-4)
    assert effects.between > 2 * effects.within  # what the model answer says


# ------------------------------------------------------------------ ex07-family-alliance
EX07 = "ex07-family-alliance"


def test_ex07_scoring_matches_the_softa_s_spec_and_split_index() -> None:
    spec = measures.get_spec("softa_s")
    assert (spec.n_items, spec.scale_min, spec.scale_max, spec.total) == (16, 1, 5, "mean")
    assert spec.reverse_items == ()  # the exercise scores the plain item mean
    ns = solution(EX07)
    members = ns["member_scores"]
    ref = measures.split_alliance_index(members, score_col="softa")
    mine = ns["split_alliance"](members)
    assert np.allclose(mine["split"], ref["split_alliance"].reindex(mine.index))
    assert np.allclose(mine["mean"], ref["mean"].reindex(mine.index))
    assert (mine["n_members"] == ref["n_members"].reindex(mine.index)).all()
    families = ref.join(members.groupby("family_id")["dropout"].first())
    expected = families["split_alliance"].corr(families["dropout"])
    assert ns["r_split_dropout"] == pytest.approx(expected)


# ------------------------------------------------------------------ ex10-dropout
EX10 = "ex10-dropout"


def test_ex10_solution_agrees_with_pingouin() -> None:
    # The library has no d or logistic regression, so pingouin (its own fit, not statsmodels')
    # is the independent check of the reference solution.
    import pingouin as pg

    ns = solution(EX10)
    frame = data(EX10, "alliance_dropout")
    completed = frame.loc[frame["dropout"] == 0, "wai_sr_session3"]
    dropped = frame.loc[frame["dropout"] == 1, "wai_sr_session3"]
    assert ns["d_alliance"] == pytest.approx(pg.compute_effsize(completed, dropped, eftype="cohen"))
    rng = np.random.default_rng(7)
    for n1, n2 in ((6, 40), (25, 9)):
        a, b = pd.Series(rng.normal(0, 1, n1)), pd.Series(rng.normal(0.5, 2, n2))
        assert ns["cohens_d"](a, b) == pytest.approx(pg.compute_effsize(a, b, eftype="cohen"))

    fit = pg.logistic_regression(frame[["wai_sr_session3"]], frame["dropout"]).set_index("names")
    row = fit.loc["wai_sr_session3"]
    expected = tuple(math.exp(row[k]) for k in ("coef", "CI2.5", "CI97.5"))
    assert ns["or_alliance"] == pytest.approx(expected, rel=1e-3)
    curve = ns["curve"]
    a, b = fit.loc["Intercept", "coef"], row["coef"]
    assert np.allclose(curve["predicted"], 1 / (1 + np.exp(-(a + b * curve["wai_sr_session3"]))),
                       atol=1e-4)

    for threshold in (36, 40, 45):
        flagged = frame["wai_sr_session3"] < threshold
        table = pd.crosstab(flagged, frame["dropout"])
        mine = ns["screen"](frame, threshold)
        assert mine["contacted"] == table.loc[True].sum()
        assert mine["false_alarms"] == table.loc[True, 0]
        assert mine["ppv"] == pytest.approx(table.loc[True, 1] / table.loc[True].sum())
        assert mine["sensitivity"] == pytest.approx(table.loc[True, 1] / table[1].sum())


def test_ex10_model_answer_numbers_are_current() -> None:
    import pingouin as pg

    frame = data(EX10, "alliance_dropout")
    completed = frame.loc[frame["dropout"] == 0, "wai_sr_session3"]
    dropped = frame.loc[frame["dropout"] == 1, "wai_sr_session3"]
    assert round(pg.compute_effsize(completed, dropped, eftype="cohen"), 2) == 0.56
    row = pg.logistic_regression(frame[["wai_sr_session3"]], frame["dropout"]).iloc[1]
    odds = tuple(round(math.exp(row[k]), 2) for k in ("coef", "CI2.5", "CI97.5"))
    assert odds == (0.92, 0.88, 0.97)
    assert round(math.exp(5 * row["coef"]), 2) == 0.67
    flagged = frame["wai_sr_session3"] < 40
    hits = int((flagged & (frame["dropout"] == 1)).sum())
    assert (int(flagged.sum()), hits, int(frame["dropout"].sum())) == (36, 13, 49)


# ------------------------------------------------------------------ ex09-humility-alliance
EX09 = "ex09-humility-alliance"


def _ex09_frame() -> pd.DataFrame:
    frame = data(EX09, "humility_alliance")
    return frame.assign(improvement=frame["phq9_pre"] - frame["phq9_post"])


def test_ex09_hidden_bootstrap_settings_match_the_stub() -> None:
    import inspect

    defaults = inspect.signature(solution(EX09)["bootstrap_indirect"]).parameters
    assert constant(EX09, "_SEED") == defaults["seed"].default == 2013
    assert constant(EX09, "_N_BOOT") == defaults["n_boot"].default == 2000


def test_ex09_solution_agrees_with_scipy_statsmodels_and_pingouin() -> None:
    import pingouin as pg
    import statsmodels.formula.api as smf
    from scipy.stats import pearsonr

    ns = solution(EX09)
    frame = _ex09_frame()
    pairs = {"humility_alliance": ("humility", "wai_sr_total"),
             "alliance_improvement": ("wai_sr_total", "improvement"),
             "humility_improvement": ("humility", "improvement")}
    for key, (x, y) in pairs.items():
        assert ns["correlations"][key] == pytest.approx(pearsonr(frame[x], frame[y])[0])

    med = pg.mediation_analysis(data=frame, x="humility", m="wai_sr_total", y="improvement",
                                n_boot=2000, seed=1).set_index("path")
    fit = smf.ols("improvement ~ humility + wai_sr_total", frame).fit()
    paths = ns["paths"]
    assert paths["a"] == pytest.approx(med.loc["wai_sr_total ~ X", "coef"])
    assert paths["b"] == pytest.approx(fit.params["wai_sr_total"])
    assert paths["c_prime"] == pytest.approx(med.loc["Direct", "coef"])
    assert paths["c_prime"] == pytest.approx(fit.params["humility"])
    assert paths["indirect"] == pytest.approx(med.loc["Indirect", "coef"])

    boot = ns["boot"]
    assert boot["indirect"] == pytest.approx(med.loc["Indirect", "coef"])
    # Pingouin's bias-corrected interval, from other resamples, lands close to the percentile one.
    assert boot["ci_low"] == pytest.approx(med.loc["Indirect", "CI2.5"], abs=0.15)
    assert boot["ci_high"] == pytest.approx(med.loc["Indirect", "CI97.5"], abs=0.15)
    # The exact percentile interval, recomputed with all resamples drawn at once.
    x, m, y = (frame[c].to_numpy(float) for c in ("humility", "wai_sr_total", "improvement"))
    rows = np.random.default_rng(2013).integers(0, len(x), size=(2000, len(x)))
    xs, ms, ys = x[rows], m[rows], y[rows]

    def centred(v: np.ndarray) -> np.ndarray:
        return v - v.mean(axis=1, keepdims=True)

    sxx, smm = (centred(xs) ** 2).sum(1), (centred(ms) ** 2).sum(1)
    sxm, sxy = (centred(xs) * centred(ms)).sum(1), (centred(xs) * centred(ys)).sum(1)
    smy = (centred(ms) * centred(ys)).sum(1)
    indirect = sxm / sxx * (sxx * smy - sxm * sxy) / (sxx * smm - sxm**2)
    assert (boot["ci_low"], boot["ci_high"]) == pytest.approx(
        tuple(np.percentile(indirect, [2.5, 97.5])))


def test_ex09_model_answer_numbers_are_current() -> None:
    ns = solution(EX09)
    corr = {k: round(v, 3) for k, v in ns["correlations"].items()}
    assert corr == {"humility_alliance": 0.583, "alliance_improvement": 0.361,
                    "humility_improvement": 0.252}
    paths = ns["paths"]
    assert (round(paths["a"], 2), round(paths["b"], 3), round(paths["c_prime"], 2),
            round(paths["indirect"], 2)) == (6.89, 0.208, 0.47, 1.43)
    boot = ns["boot"]
    assert (round(boot["ci_low"], 2), round(boot["ci_high"], 2)) == (0.66, 2.18)
    frame = _ex09_frame()
    assert round(float(np.polyfit(frame["humility"], frame["improvement"], 1)[0]), 1) == 1.9


# ------------------------------------------------------------------ ex08-rater-agreement
EX08 = "ex08-rater-agreement"
# Shrout & Fleiss (1979, Table 2): 6 targets by 4 judges, and the ICCs they published.
_SF_TABLE = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
_SF_PUBLISHED = {"ICC(2,1)": 0.29, "ICC(3,1)": 0.71, "ICC(2,k)": 0.62, "ICC(3,k)": 0.91}
# The library's names (McGraw & Wong, 1996) for the Shrout & Fleiss forms the exercise uses.
_PINGOUIN_FORM = {"ICC(2,1)": "ICC(A,1)", "ICC(3,1)": "ICC(C,1)", "ICC(2,k)": "ICC(A,k)",
                  "ICC(3,k)": "ICC(C,k)"}


def _ex08_tables() -> list[pd.DataFrame]:
    rng = np.random.default_rng(8)
    tables = [pd.DataFrame(_SF_TABLE, columns=list("ABCD")),
              data(EX08, "observer_ratings").set_index("recording_id")[
                  ["observer_a_total", "observer_b_total"]]]
    for n, k in ((10, 2), (30, 3), (25, 5)):
        x = rng.normal(0, 2, (n, 1)) + rng.normal(0, 1, (1, k)) + rng.normal(0, 1, (n, k))
        tables.append(pd.DataFrame(np.rint(x * 3), columns=[f"r{j}" for j in range(k)]))
    return tables


def _pingouin_iccs(table: pd.DataFrame) -> pd.Series:
    import pingouin

    long = table.reset_index(drop=True).rename_axis("target").reset_index().melt(
        id_vars="target", var_name="rater", value_name="rating")
    res = pingouin.intraclass_corr(long, targets="target", raters="rater", ratings="rating")
    return res.set_index("Type")["ICC"]


def test_ex08_mean_squares_match_a_two_way_anova() -> None:
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    ns = solution(EX08)
    for table in _ex08_tables():
        long = table.reset_index(drop=True).rename_axis("target").reset_index().melt(
            id_vars="target", var_name="rater", value_name="rating")
        anova = sm.stats.anova_lm(smf.ols("rating ~ C(target) + C(rater)", long).fit())
        mine = ns["mean_squares"](table)
        assert mine["sessions"] == pytest.approx(anova.loc["C(target)", "mean_sq"])
        assert mine["raters"] == pytest.approx(anova.loc["C(rater)", "mean_sq"])
        assert mine["error"] == pytest.approx(anova.loc["Residual", "mean_sq"])


def test_ex08_iccs_match_pingouin_and_shrout_fleiss() -> None:
    ns = solution(EX08)
    for table in _ex08_tables():
        n, k = table.shape
        mine = ns["icc_forms"](ns["mean_squares"](table), n, k)
        ref = _pingouin_iccs(table)
        for form, name in _PINGOUIN_FORM.items():
            assert mine[form] == pytest.approx(ref[name]), (form, n, k)
    published = ns["icc_forms"](ns["mean_squares"](pd.DataFrame(_SF_TABLE)), 6, 4)
    assert {f: round(v, 2) for f, v in published.items()} == _SF_PUBLISHED


def test_ex08_kappa_matches_statsmodels() -> None:
    from statsmodels.stats.inter_rater import cohens_kappa

    ns = solution(EX08)
    raw = data(EX08, "observer_ratings")
    rng = np.random.default_rng(1968)
    pairs = [(raw["observer_a_global"], raw["observer_b_global"], list(range(1, 8))),
             (pd.Series([1, 2, 3, 3]), pd.Series([1, 3, 3, 2]), [1, 2, 3])]
    for cats, used in (([1, 2, 3, 4, 5], [1, 2, 4, 5]), ([0, 1, 2, 3, 4, 5, 6], [0, 1, 5, 6])):
        a = rng.choice(used, 50)
        b = np.where(rng.random(50) < 0.5, a, rng.choice(used, 50))
        pairs.append((pd.Series(a), pd.Series(b), cats))
    for a, b, cats in pairs:
        table = pd.crosstab(a, b).reindex(index=cats, columns=cats, fill_value=0).to_numpy()
        ref = cohens_kappa(table, weights=np.asarray(cats, float), wt="quadratic",
                           return_results=False)
        assert ns["quadratic_weighted_kappa"](a, b, cats) == pytest.approx(ref)
    assert ns["kappa_global"] == pytest.approx(
        cohens_kappa(pd.crosstab(raw["observer_a_global"], raw["observer_b_global"]).reindex(
            index=range(1, 8), columns=range(1, 8), fill_value=0).to_numpy(), wt="quadratic",
            return_results=False))


def test_ex08_model_answer_numbers_are_current() -> None:
    import pingouin

    raw = data(EX08, "observer_ratings")
    totals = raw.set_index("recording_id")[["observer_a_total", "observer_b_total"]]
    iccs = _pingouin_iccs(totals).round(2)
    assert (iccs["ICC(A,1)"], iccs["ICC(C,1)"], iccs["ICC(A,k)"]) == (0.66, 0.73, 0.80)
    long = totals.reset_index().melt(id_vars="recording_id", var_name="rater", value_name="y")
    res = pingouin.intraclass_corr(long, targets="recording_id", raters="rater", ratings="y")
    low, high = res.set_index("Type").loc["ICC(A,1)", "CI95"]
    assert (round(float(low), 2), round(float(high), 2)) == (0.36, 0.80)
    assert (round(totals.mean(), 1).tolist()) == [57.8, 53.5]
    ns = solution(EX08)
    assert round(ns["kappa_global"], 2) == 0.67
    same = (raw["observer_a_global"] == raw["observer_b_global"]).mean()
    assert round(same, 2) == 0.35
