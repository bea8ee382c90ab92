"""Scoring with hand-worked examples (expected values computed by hand, not by the code)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from alliance.measures import (
    get_spec,
    reverse_key,
    score_haq_ii,
    score_ors,
    score_softa_s,
    score_srs,
    score_wai,
    score_wai_sr,
    with_key,
)

# Item order 1..12.   Goal = items 4, 6, 8, 11; Task = 1, 2, 10, 12; Bond = 3, 5, 7, 9.
WAI_SR_ANSWERS = [4, 4, 5, 3, 5, 4, 4, 3, 5, 4, 4, 5]
# Goal 3+4+3+4 = 14, Task 4+4+4+5 = 17, Bond 5+5+4+5 = 19, total 50.
WAI_SR_EXPECTED = {"goal": 14.0, "task": 17.0, "bond": 19.0, "total": 50.0}


def test_wai_sr_hand_worked():
    assert score_wai_sr(WAI_SR_ANSWERS) == WAI_SR_EXPECTED


def test_wai_sr_from_dict_by_item_number_and_by_column_name():
    by_number = dict(zip(range(1, 13), WAI_SR_ANSWERS, strict=True))
    by_column = {f"wai_sr_{i:02d}": v for i, v in by_number.items()}
    assert score_wai_sr(by_number) == WAI_SR_EXPECTED
    assert score_wai_sr(by_column) == WAI_SR_EXPECTED
    assert score_wai_sr(pd.Series(by_column)) == WAI_SR_EXPECTED


def test_wai_sr_one_missing_item_is_prorated():
    answers = list(WAI_SR_ANSWERS)
    answers[3] = None  # item 4 (goal) unanswered; goal items left: 4, 3, 4
    scores = score_wai_sr(answers)
    assert scores["goal"] == pytest.approx((4 + 3 + 4) / 3 * 4)  # 14.667
    assert scores["total"] == pytest.approx((4 + 3 + 4) / 3 * 4 + 17 + 19)


def test_wai_sr_two_missing_in_a_subscale_makes_it_and_the_total_missing():
    answers = list(WAI_SR_ANSWERS)
    answers[3] = answers[5] = float("nan")  # items 4 and 6: only 2 of 4 goal items left
    scores = score_wai_sr(answers)
    assert math.isnan(scores["goal"]) and math.isnan(scores["total"])
    assert scores["task"] == 17.0 and scores["bond"] == 19.0


def test_wai_sr_dataframe_keeps_the_index_and_one_row_per_respondent():
    cols = get_spec("wai_sr").columns()
    df = pd.DataFrame([WAI_SR_ANSWERS, [1] * 12, [5] * 12], columns=cols, index=["c1", "c2", "c3"])
    df["therapist"] = ["t1", "t1", "t2"]  # extra columns are ignored
    out = score_wai_sr(df)
    assert list(out.index) == ["c1", "c2", "c3"]
    assert list(out.columns) == ["goal", "task", "bond", "total"]
    assert out.loc["c1"].to_dict() == WAI_SR_EXPECTED
    assert out.loc["c2"].to_dict() == {"goal": 4.0, "task": 4.0, "bond": 4.0, "total": 12.0}
    assert out.loc["c3"].to_dict() == {"goal": 20.0, "task": 20.0, "bond": 20.0, "total": 60.0}


def test_wai_sr_dataframe_with_nullable_integers_and_missing_values():
    cols = get_spec("wai_sr").columns()
    row = list(WAI_SR_ANSWERS)
    row[3] = None
    df = pd.DataFrame([row], columns=cols).astype("Int64")
    out = score_wai_sr(df)
    assert out.loc[0, "goal"] == pytest.approx(44 / 3)


def test_srs_hand_worked():
    scores = score_srs([7.3, 9.0, 8.5, 10.0])
    assert scores == {
        "relationship": 7.3,
        "goals_topics": 9.0,
        "approach_method": 8.5,
        "overall": 10.0,
        "total": pytest.approx(34.8),
    }


def test_ors_hand_worked():
    scores = score_ors([5.0, 4.2, 6.1, 5.0])
    assert scores["individual"] == 5.0 and scores["social"] == 6.1
    assert scores["total"] == pytest.approx(20.3)


def test_ors_dataframe():
    df = pd.DataFrame(
        {"ors_01": [5.0, 10], "ors_02": [4.2, 10], "ors_03": [6.1, 10], "ors_04": [5.0, 10]},
        index=[101, 102],
    )
    out = score_ors(df)
    assert out["total"].tolist() == pytest.approx([20.3, 40.0])
    assert list(out.index) == [101, 102]


# HAq-II: items 4, 8, 11, 16, 19 are reverse-keyed (7 - x on the 1-6 scale).
def _haq_answers():
    answers = [5] * 19
    answers[4 - 1], answers[8 - 1], answers[11 - 1] = 2, 1, 2
    answers[16 - 1], answers[19 - 1] = 3, 6
    return answers


def test_haq_ii_hand_worked():
    # 14 forward items at 5 = 70; reversed: 7-2=5, 7-1=6, 7-2=5, 7-3=4, 7-6=1 -> 21; 91 / 19.
    assert score_haq_ii(_haq_answers()) == {"total": pytest.approx(91 / 19)}


def test_haq_ii_prorates_with_15_of_19_and_not_with_14():
    answers = _haq_answers()
    for i in (1, 2, 3, 5):  # four forward items missing: 15 answered
        answers[i - 1] = None
    # Answered: 10 forward items at 5 = 50, plus the reversed 21 -> 71 / 15.
    assert score_haq_ii(answers)["total"] == pytest.approx(71 / 15)
    answers[6 - 1] = None  # a fifth missing item: 14 answered
    assert math.isnan(score_haq_ii(answers)["total"])


def test_reverse_key_hand_worked_sequence_and_dict():
    flipped = reverse_key(_haq_answers(), get_spec("haq_ii"))
    assert flipped[4 - 1] == 5 and flipped[8 - 1] == 6 and flipped[19 - 1] == 1
    assert flipped[1 - 1] == 5  # forward items unchanged
    as_dict = reverse_key(dict(enumerate(_haq_answers(), start=1)), get_spec("haq_ii"))
    assert as_dict[16] == 4 and as_dict[2] == 5


def test_reverse_key_dataframe_keeps_other_columns():
    spec = get_spec("haq_ii")
    df = pd.DataFrame([_haq_answers()], columns=spec.columns())
    df["client"] = ["x"]
    out = reverse_key(df, spec)
    assert out.loc[0, "haq_ii_08"] == 6 and out.loc[0, "haq_ii_09"] == 5
    assert out.loc[0, "client"] == "x"
    assert df.loc[0, "haq_ii_08"] == 1  # input not modified


def test_reverse_key_without_reverse_items_is_unchanged():
    assert reverse_key(WAI_SR_ANSWERS, get_spec("wai_sr")) == [float(v) for v in WAI_SR_ANSWERS]


def test_wai_refuses_without_a_confirmed_key():
    with pytest.raises(ValueError, match=r"will not score the Working Alliance Inventory"):
        score_wai([4] * 36)


def test_softa_s_refuses_without_a_confirmed_key():
    with pytest.raises(ValueError, match=r"engagement, emotional_connection, safety"):
        score_softa_s([3] * 16)


# A made-up key, used ONLY to test that a user-supplied key flows through scoring. It is not the
# published SOFTA-s key.
TOY_SOFTA_KEY = {
    "engagement": (1, 2, 3, 4),
    "emotional_connection": (5, 6, 7, 8),
    "safety": (9, 10, 11, 12),
    "shared_purpose": (13, 14, 15, 16),
}


def test_softa_s_with_a_supplied_key_hand_worked():
    spec = with_key(get_spec("softa_s"), subscales=TOY_SOFTA_KEY, reverse_items=(9,), source="test")
    answers = [5, 4, 4, 3, 5, 5, 4, 4, 2, 3, 3, 4, 1, 2, 2, 3]
    scores = score_softa_s(answers, spec=spec)
    # engagement (5+4+4+3)/4 = 4; connection 18/4 = 4.5; safety item 9 reversed 6-2=4:
    # (4+3+3+4)/4 = 3.5; purpose 8/4 = 2; total = (16+18+14+8)/16 = 3.5.
    assert scores == {
        "engagement": 4.0,
        "emotional_connection": 4.5,
        "safety": 3.5,
        "shared_purpose": 2.0,
        "total": 3.5,
    }


def test_wai_with_a_supplied_key_hand_worked():
    # A made-up key (NOT the published one) to test the mechanism on 36 items.
    key = {"goal": tuple(range(1, 13)), "task": tuple(range(13, 25)), "bond": tuple(range(25, 37))}
    spec = with_key(get_spec("wai"), subscales=key, reverse_items=(1,), source="test")
    answers = [7] + [6] * 35  # item 1 reversed: 8 - 7 = 1
    scores = score_wai(answers, spec=spec)
    assert scores == {"goal": 1 + 6 * 11, "task": 72.0, "bond": 72.0, "total": 67 + 72 + 72}


def test_scoring_function_refuses_another_instruments_spec():
    with pytest.raises(ValueError, match="scores WAI, not WAI-SR"):
        score_wai([4] * 12, spec=get_spec("wai_sr"))


def test_dataframe_and_single_paths_agree_on_a_missing_pattern():
    cols = get_spec("wai_sr").columns()
    rows = [WAI_SR_ANSWERS, [None, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]]
    df = pd.DataFrame(rows, columns=cols, dtype=float)
    out = score_wai_sr(df)
    for i, row in enumerate(rows):
        single = score_wai_sr(row)
        np.testing.assert_allclose(out.iloc[i].to_numpy(), list(single.values()))
