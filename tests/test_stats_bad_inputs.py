"""Bad inputs to the library, one table: each call must raise ``ValueError`` with the message a
student needs (which argument, what it was, what is allowed).

``STATS_BAD_CALLS`` covers ``alliance.stats`` function by function. ``TEXT_CALLS`` checks one
rule across ``alliance.stats`` and ``alliance.measures``: numbers written as text (``"0.3"``,
``["0.2", "0.3"]``) are refused, never quietly converted; a test makes sure that every public
function that takes numbers is in that table.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest

import alliance.measures
import alliance.stats
from alliance.charts import besd_explorer
from alliance.measures import (
    cronbach_alpha,
    get_spec,
    item_total_correlations,
    line_mark_to_score,
    min_answered,
    ors_clinical_range,
    ors_reliable_change,
    reverse_key,
    score_haq_ii,
    score_instrument,
    score_ors,
    score_softa_s,
    score_srs,
    score_wai,
    score_wai_sr,
    split_alliance_index,
    srs_alliance_concern,
    srs_line_concerns,
    with_key,
)
from alliance.stats import (
    besd,
    classify_change,
    clinical_cutoff,
    correlation_ci,
    d_to_r,
    decompose_by_therapist,
    fisher_z,
    fisher_z_inverse,
    partial_correlation,
    pool_random_effects,
    r_to_d,
    reliable_change_index,
    therapist_effects,
    variance_explained,
)
from tests.test_stats_therapists import _known_answer_data

DATA = pd.DataFrame(
    {"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5], "z": [1.0, 1, 2, 2, 3], "label": list("abcde")}
)
GOOD = _known_answer_data()
THERAPIST_MEANS = GOOD.groupby("therapist").alliance.transform("mean")
# The same therapist means, computed along a longer path, so that each client's alliance
# differs from its therapist's mean by float rounding only (about 1e-15): constant within
# every therapist for any practical purpose. The model then reports slopes of about ±1e15.
ROUNDED_MEANS = ((THERAPIST_MEANS * 0.01 + 0.1) * 10 - 1) * 10 + np.tile(
    [0.0, 1.0, -1.0], 4
) * np.spacing(THERAPIST_MEANS)


def _case(case_id: str, call, message: str):
    return pytest.param(call, message, id=case_id)


STATS_BAD_CALLS = [
    # --- correlation: Fisher's z, intervals, r <-> d, BESD, partial correlation --------------
    _case(
        "fisher_z r above 1",
        lambda: fisher_z(1.3),
        "r must be strictly between -1 and 1 (Fisher's z is infinite at ±1); got 1.3",
    ),
    _case("fisher_z r equal to 1", lambda: fisher_z(1.0), "strictly between -1 and 1"),
    _case(
        "fisher_z text",
        lambda: fisher_z("0.3"),
        "r must be a number or a list of numbers; got the text '0.3'",
    ),
    _case(
        "fisher_z list of numeric text",
        lambda: fisher_z(["0.2", "0.3"]),
        "r must be a number or a list of numbers; got the text '0.2' (position 0); "
        "write numbers without quotes",
    ),
    _case(
        "fisher_z text column",
        lambda: fisher_z(pd.Series([0.2, "0.3"], dtype=object)),
        "got the text '0.3' (position 1)",
    ),
    _case(
        "fisher_z missing",
        lambda: fisher_z(float("nan")),
        "r must be a finite number, not missing or infinite",
    ),
    _case("fisher_z bad list element", lambda: fisher_z([0.1, -1.5]), "got -1.5 (position 1)"),
    _case("fisher_z boolean", lambda: fisher_z(True), "r must be a number; got the boolean True"),
    _case(
        "fisher_z_inverse infinite",
        lambda: fisher_z_inverse(float("inf")),
        "z must be a finite number",
    ),
    _case(
        "correlation_ci n too small", lambda: correlation_ci(0.3, 3), "n must be at least 4; got 3"
    ),
    _case(
        "correlation_ci n not whole",
        lambda: correlation_ci(0.3, 20.5),
        "n must be a whole number of people; got 20.5",
    ),
    _case(
        "correlation_ci confidence as percent",
        lambda: correlation_ci(0.3, 50, confidence=95),
        "write 95% as 0.95",
    ),
    _case(
        "correlation_ci r list",
        lambda: correlation_ci([0.3, 0.4], 50),
        "r must be a single correlation",
    ),
    _case("r_to_d r out of range", lambda: r_to_d(-1.2), "got -1.2"),
    # r_to_d never computes Fisher's z; its message names the formula that breaks at ±1.
    _case(
        "r_to_d r of 1",
        lambda: r_to_d(1),
        "r must be strictly between -1 and 1 (Cohen's d = 2r/sqrt(1 - r²) is infinite at ±1); "
        "got 1",
    ),
    _case(
        "r_to_d r of -1 in a list",
        lambda: r_to_d([0.2, -1.0]),
        "(Cohen's d = 2r/sqrt(1 - r²) is infinite at ±1); got -1 (position 1)",
    ),
    _case(
        "r_to_d list of numeric text",
        lambda: r_to_d(["0.2", "0.3"]),
        "r must be a number or a list of numbers; got the text '0.2' (position 0)",
    ),
    _case(
        "d_to_r text",
        lambda: d_to_r("large"),
        "d must be a number or a list of numbers; got the text 'large'",
    ),
    _case(
        "variance_explained r out of range",
        lambda: variance_explained(1.3),
        "r must be between -1 and 1; got 1.3",
    ),
    _case("besd r out of range", lambda: besd(2), "r must be between -1 and 1; got 2"),
    _case("besd r list", lambda: besd([0.1, 0.2]), "r must be a single correlation"),
    _case(
        "partial data not a frame",
        lambda: partial_correlation([[1, 2]], "x", "y", "z"),
        "data must be a pandas DataFrame",
    ),
    _case(
        "partial unknown column",
        lambda: partial_correlation(DATA, "x", "outcome", "z"),
        "y: column 'outcome' is not in data",
    ),
    _case(
        "partial text column",
        lambda: partial_correlation(DATA, "x", "y", "label"),
        "covar: column 'label' must hold numbers",
    ),
    _case(
        "partial x equals y",
        lambda: partial_correlation(DATA, "x", "x", "z"),
        "x and y must be different columns",
    ),
    _case(
        "partial covar is x",
        lambda: partial_correlation(DATA, "x", "y", ["x"]),
        "covar must not include x or y",
    ),
    _case(
        "partial no covariate",
        lambda: partial_correlation(DATA, "x", "y", []),
        "covar must name at least one column",
    ),
    _case(
        "partial too few rows",
        lambda: partial_correlation(DATA.head(4), "x", "y", "z"),
        "at least 5 are needed",
    ),
    # --- meta-analysis ------------------------------------------------------------------------
    _case(
        "pool r not a list",
        lambda: pool_random_effects(0.3, [50]),
        "r must be a list of study correlations",
    ),
    _case(
        "pool r out of range",
        lambda: pool_random_effects([0.3, 1.2, 0.2], [50, 60, 70]),
        "r must be strictly between -1 and 1 (Fisher's z is infinite at ±1); got 1.2 (position 1)",
    ),
    _case(
        "pool r as numeric text",
        lambda: pool_random_effects(["0.3", "0.2", "0.1"], [50, 60, 70]),
        "r must be a number or a list of numbers; got the text '0.3' (position 0)",
    ),
    _case(
        "pool too few studies",
        lambda: pool_random_effects([0.3, 0.2], [50, 60]),
        "needs at least 3 studies to estimate heterogeneity and a prediction interval; got 2",
    ),
    _case(
        "pool lengths differ",
        lambda: pool_random_effects([0.3, 0.2, 0.1], [50, 60]),
        "r and n must have the same length; got 3 correlations and 2 sample sizes",
    ),
    _case(
        "pool n too small",
        lambda: pool_random_effects([0.3, 0.2, 0.1], [50, 3, 60]),
        "n must be at least 4 in every study (the variance of Fisher's z is 1/(n - 3)); "
        "got 3 (position 1)",
    ),
    _case(
        "pool n not whole",
        lambda: pool_random_effects([0.3, 0.2, 0.1], [50, 60.5, 70]),
        "n must hold whole numbers of people; got 60.5 (position 1)",
    ),
    _case(
        "pool n text",
        lambda: pool_random_effects([0.3, 0.2, 0.1], [50, "sixty", 70]),
        "n must hold whole numbers of people; got the text 'sixty' (position 1)",
    ),
    _case(
        "pool n as numeric text",
        lambda: pool_random_effects([0.3, 0.2, 0.1], ["50", "60", "70"]),
        "n must hold whole numbers of people; got the text '50' (position 0)",
    ),
    _case(
        "pool unknown method",
        lambda: pool_random_effects([0.3, 0.2, 0.1], [50, 60, 70], method="reml"),
        "method must be one of 'dl', 'pm'; got 'reml'",
    ),
    _case(
        "pool labels wrong length",
        lambda: pool_random_effects([0.3, 0.2, 0.1], [50, 60, 70], labels=["a"]),
        "labels must have one name per study; got 1 names for 3 studies",
    ),
    _case(
        "pool confidence out of range",
        lambda: pool_random_effects([0.3, 0.2, 0.1], [50, 60, 70], confidence=1.5),
        "confidence must be strictly between 0 and 1; got 1.5",
    ),
    # --- reliable and clinically significant change ------------------------------------------
    _case(
        "rci reliability of 1",
        lambda: reliable_change_index(20, 10, sd=5, reliability=1),
        "reliability must be at least 0 and less than 1",
    ),
    _case(
        "rci reliability as percent",
        lambda: reliable_change_index(20, 10, sd=5, reliability=89),
        "got 89",
    ),
    _case(
        "rci negative sd",
        lambda: reliable_change_index(20, 10, sd=-5, reliability=0.8),
        "sd must be greater than 0; got -5",
    ),
    _case(
        "rci lengths differ",
        lambda: reliable_change_index([20, 21], [10], sd=5, reliability=0.8),
        "pre and post must have the same number of scores; got 2 and 1",
    ),
    _case(
        "rci missing score",
        lambda: reliable_change_index([20, None], [10, 12], sd=5, reliability=0.8),
        "pre must be a finite number, not missing or infinite; got nan (position 1)",
    ),
    _case(
        "rci scores as numeric text",
        lambda: reliable_change_index([20, 21], ["10", "12"], sd=5, reliability=0.8),
        "post must be a number or a list of numbers; got the text '10' (position 0)",
    ),
    _case(
        "cutoff unknown criterion",
        lambda: clinical_cutoff(30, 10, 10, 5, criterion="d"),
        "criterion must be one of 'a', 'b', 'c'; got 'd'",
    ),
    _case(
        "cutoff c without norms",
        lambda: clinical_cutoff(30, 10),
        "criterion 'c' needs both functional_mean and functional_sd",
    ),
    _case(
        "cutoff a without direction",
        lambda: clinical_cutoff(30, 10, criterion="a"),
        "needs higher_is_better=True or False",
    ),
    _case(
        "cutoff contradictory direction",
        lambda: clinical_cutoff(30, 10, 10, 5, higher_is_better=True),
        "higher_is_better=True contradicts the means",
    ),
    _case(
        "cutoff equal means",
        lambda: clinical_cutoff(30, 10, 30, 5),
        "must differ to define a cut-off; both are 30",
    ),
    _case(
        "cutoff zero sd",
        lambda: clinical_cutoff(30, 0, 10, 5),
        "dysfunctional_sd must be greater than 0; got 0",
    ),
    _case(
        "classify bad direction",
        lambda: classify_change(20, 10, 5, 0.8, 15, higher_is_better="no"),
        "higher_is_better must be True or False; got 'no'",
    ),
    _case(
        "classify cutoff text",
        lambda: classify_change(20, 10, 5, 0.8, "fifteen"),
        "cutoff must be a number or a list of numbers; got the text 'fifteen'",
    ),
    # --- therapist effects --------------------------------------------------------------------
    _case(
        "therapist data not a frame",
        lambda: therapist_effects({"a": 1}, "outcome", "alliance", "therapist"),
        "data must be a pandas DataFrame; got dict",
    ),
    _case(
        "therapist unknown outcome column",
        lambda: therapist_effects(GOOD, "post", "alliance", "therapist"),
        "outcome: column 'post' is not in data",
    ),
    _case(
        "therapist text alliance column",
        lambda: therapist_effects(GOOD, "outcome", "therapist", "therapist"),
        "alliance: column 'therapist' must hold numbers",
    ),
    _case(
        "therapist too few therapists",
        lambda: therapist_effects(
            GOOD[GOOD.therapist.isin(["T1", "T2"])], "outcome", "alliance", "therapist"
        ),
        "need clients from at least 3 therapists",
    ),
    _case(
        "therapist one client each",
        lambda: therapist_effects(
            GOOD.drop_duplicates("therapist"), "outcome", "alliance", "therapist"
        ),
        "every therapist has only one client",
    ),
    _case(
        "therapist same column twice",
        lambda: therapist_effects(
            GOOD, "outcome", "alliance", "therapist", covariates=["alliance"]
        ),
        "must be different columns",
    ),
    _case(
        "therapist no within variation",
        lambda: therapist_effects(
            GOOD.assign(alliance=THERAPIST_MEANS), "outcome", "alliance", "therapist"
        ),
        "does not vary within any therapist",
    ),
    _case(
        "therapist no within variation up to rounding",
        lambda: therapist_effects(
            GOOD.assign(alliance=ROUNDED_MEANS), "outcome", "alliance", "therapist"
        ),
        "does not vary within any therapist",
    ),
    _case(
        "therapist no within variation up to rounding, large scale",
        lambda: therapist_effects(
            GOOD.assign(alliance=ROUNDED_MEANS * 1e6), "outcome", "alliance", "therapist"
        ),
        "does not vary within any therapist",
    ),
    _case(
        "decompose missing therapist",
        lambda: decompose_by_therapist(pd.DataFrame({"t": ["A", None], "x": [1.0, 2.0]}), "x", "t"),
        "therapist: column 't' has missing values",
    ),
]


@pytest.mark.parametrize(("call", "message"), STATS_BAD_CALLS)
def test_bad_input_message(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


def test_rounding_sized_within_variation_is_really_there():
    # The rounding case above must be a real edge: not exactly constant within therapists.
    within = ROUNDED_MEANS - ROUNDED_MEANS.groupby(GOOD.therapist).transform("mean")
    assert 0 < within.abs().max() < 1e-13


# --- one rule for text, across alliance.stats and alliance.measures --------------------------

WAI_KEY = with_key(
    get_spec("wai"),
    subscales={
        "goal": tuple(range(1, 13)),
        "task": tuple(range(13, 25)),
        "bond": tuple(range(25, 37)),
    },
    reverse_items=(),
    source="a made-up key, for this test only",
)
SOFTA_KEY = with_key(
    get_spec("softa_s"),
    subscales={
        "engagement": (1, 2, 3, 4),
        "emotional_connection": (5, 6, 7, 8),
        "safety": (9, 10, 11, 12),
        "shared_purpose": (13, 14, 15, 16),
    },
    reverse_items=(),
    source="a made-up key, for this test only",
)
ITEMS_AS_TEXT = pd.DataFrame({"a": ["1", "2", "3"], "b": ["2", "3", "5"]})
FAMILY = pd.DataFrame({"family_id": [1, 1, 2, 2], "total": [3.5, "4.0", 2.0, 2.5]})

# Every public function that takes numbers, called with numbers written as text, and the part
# of the library's message that says so. The text appears in the message, so the student can
# find it.
TEXT_CALLS = {
    # alliance.stats
    "besd": (lambda: besd("0.3"), "got the text '0.3'"),
    "classify_change": (
        lambda: classify_change(["20", "21"], [10, 12], 5, 0.8, 15),
        "pre must be a number or a list of numbers; got the text '20' (position 0)",
    ),
    "clinical_cutoff": (
        lambda: clinical_cutoff("30", 10, 10, 5),
        "dysfunctional_mean must be a number or a list of numbers; got the text '30'",
    ),
    "correlation_ci": (
        lambda: correlation_ci(0.3, "50"),
        "n must be a whole number of people; got '50'",
    ),
    "d_to_r": (lambda: d_to_r(["0.5", "0.8"]), "got the text '0.5' (position 0)"),
    "decompose_by_therapist": (
        lambda: decompose_by_therapist(
            pd.DataFrame({"t": ["A", "A"], "wai": ["1.5", "3"]}), "wai", "t"
        ),
        "column: column 'wai' must hold numbers",
    ),
    "fisher_z": (lambda: fisher_z(["0.2", "0.3"]), "got the text '0.2' (position 0)"),
    "fisher_z_inverse": (
        lambda: fisher_z_inverse(np.array(["0.2", "0.3"])),
        "got the text '0.2' (position 0)",
    ),
    "partial_correlation": (
        lambda: partial_correlation(DATA.assign(z=DATA.z.astype(str)), "x", "y", "z"),
        "covar: column 'z' must hold numbers",
    ),
    "pool_random_effects": (
        lambda: pool_random_effects(["0.2", "0.3", "0.1"], [50, 60, 70]),
        "got the text '0.2' (position 0)",
    ),
    "r_to_d": (lambda: r_to_d(["0.2", "0.3"]), "got the text '0.2' (position 0)"),
    "reliable_change_index": (
        lambda: reliable_change_index(["20", "21"], ["10", "12"], sd=5, reliability=0.8),
        "got the text '20' (position 0)",
    ),
    "therapist_effects": (
        lambda: therapist_effects(
            GOOD.assign(alliance=GOOD.alliance.astype(str)), "outcome", "alliance", "therapist"
        ),
        "alliance: column 'alliance' must hold numbers",
    ),
    "variance_explained": (
        lambda: variance_explained(pd.Series(["0.2", "0.3"])),
        "got the text '0.2' (position 0)",
    ),
    # alliance.measures
    "cronbach_alpha": (
        lambda: cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 5]}), ci="0.9"),
        "ci is '0.9', but a confidence level is between 0 and 1",
    ),
    "item_total_correlations": (
        lambda: item_total_correlations(ITEMS_AS_TEXT),
        "Item column 'a' is not numeric",
    ),
    "line_mark_to_score": (lambda: line_mark_to_score("7.2"), "The mark is '7.2', which is not"),
    "min_answered": (lambda: min_answered("4"), "n_items is '4', but"),
    "ors_clinical_range": (
        lambda: ors_clinical_range(pd.Series([20.0, "30"], dtype=object)),
        "The ORS total is '30', which is not a number",
    ),
    "ors_reliable_change": (
        lambda: ors_reliable_change("20", 30),
        "The ORS total before is '20', which is not a number",
    ),
    "reverse_key": (
        lambda: reverse_key(["4"] * 19, get_spec("haq_ii")),
        "HAq-II item 1 is '4' (text), which is not a number",
    ),
    "score_haq_ii": (
        lambda: score_haq_ii(["4"] * 19),
        "HAq-II item 1 is '4' (text), which is not a number",
    ),
    "score_instrument": (
        lambda: score_instrument({i: "3" for i in range(1, 13)}, get_spec("wai_sr")),
        "WAI-SR item 1 is '3' (text), which is not a number",
    ),
    "score_ors": (
        lambda: score_ors([5, 6, "7.5", 5]),
        "ORS item 3 is '7.5' (text), which is not a number",
    ),
    "score_softa_s": (
        lambda: score_softa_s(["3"] * 16, spec=SOFTA_KEY),
        "SOFTA-s item 1 is '3' (text), which is not a number",
    ),
    "score_srs": (
        lambda: score_srs(["9", 9, 9, 9]),
        "SRS item 1 is '9' (text), which is not a number",
    ),
    "score_wai": (
        lambda: score_wai(["5"] * 36, spec=WAI_KEY),
        "WAI item 1 is '5' (text), which is not a number",
    ),
    "score_wai_sr": (
        lambda: score_wai_sr(pd.DataFrame({f"wai_sr_{i:02d}": ["4"] for i in range(1, 13)})),
        "WAI-SR item 1 for respondent 0 is '4' (text), which is not a number",
    ),
    "split_alliance_index": (
        lambda: split_alliance_index(FAMILY),
        "The score of member 1 (total) is '4.0', which is not a number",
    ),
    "srs_alliance_concern": (
        lambda: srs_alliance_concern("30"),
        "The SRS total is '30', which is not a number",
    ),
    "srs_line_concerns": (
        lambda: srs_line_concerns({1: 9, 2: 9, 3: "8", 4: 9}),
        "SRS item 3 is '8' (text), which is not a number",
    ),
    # alliance.charts: the one chart whose argument is a number
    "besd_explorer": (
        lambda: besd_explorer("0.3"),
        "initial_r must be a correlation, a number between -1 and 1; got '0.3'",
    ),
}

# Public functions whose arguments are names, keys or whole tables of another kind, not numbers.
TAKES_NO_NUMBERS = {"get_spec", "with_key"}


@pytest.mark.parametrize("name", sorted(TEXT_CALLS))
def test_numbers_written_as_text_are_refused(name):
    call, message = TEXT_CALLS[name]
    with pytest.raises(ValueError) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize("package", [alliance.stats, alliance.measures])
def test_every_public_function_is_in_the_text_table(package):
    functions = {
        name
        for name in package.__all__
        if inspect.isfunction(getattr(package, name))
    }
    missing = functions - set(TEXT_CALLS) - TAKES_NO_NUMBERS
    assert not missing, f"add these functions to TEXT_CALLS: {sorted(missing)}"
