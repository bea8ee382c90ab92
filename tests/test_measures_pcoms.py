"""SRS/ORS rules: line marks, the SRS alliance flag, the ORS clinical range and reliable change."""

from __future__ import annotations

import pandas as pd
import pytest

from alliance.measures import (
    line_mark_to_score,
    ors_clinical_range,
    ors_reliable_change,
    srs_alliance_concern,
    srs_line_concerns,
)


@pytest.mark.parametrize(
    ("cm", "score"),
    [(0, 0.0), (10, 10.0), (7.3, 7.3), (7.25, 7.3), (7.24, 7.2), (7.15, 7.2), (0.04, 0.0)],
)
def test_line_mark_to_score_rounds_half_up_to_a_millimetre(cm, score):
    assert line_mark_to_score(cm) == score


@pytest.mark.parametrize("cm", [-0.1, 10.2, float("nan")])
def test_line_mark_off_the_line_is_refused(cm):
    with pytest.raises(
        ValueError, match=r"a mark on the 10-cm line is 0 to 10 cm from its left end"
    ):
        line_mark_to_score(cm)


def test_line_mark_that_is_not_a_number():
    with pytest.raises(ValueError, match=r"The mark is '7 cm', which is not a number"):
        line_mark_to_score("7 cm")


@pytest.mark.parametrize(("total", "flag"), [(35.9, True), (36, False), (36.1, False), (0, True)])
def test_srs_concern_is_below_36(total, flag):
    assert srs_alliance_concern(total) is flag


def test_srs_concern_on_a_series_keeps_missing_as_na():
    out = srs_alliance_concern(pd.Series([30.0, 38.0, None], index=["a", "b", "c"]))
    assert out["a"] is True and out["b"] is False and out["c"] is pd.NA


def test_srs_total_outside_0_to_40_is_refused():
    with pytest.raises(ValueError, match=r"The SRS total is 41, but totals run from 0 to 40"):
        srs_alliance_concern(41)


def test_srs_total_that_is_not_a_number():
    with pytest.raises(ValueError, match=r"The SRS total is 'high', which is not a number"):
        srs_alliance_concern("high")


@pytest.mark.parametrize(
    ("lines", "flagged"),
    [([9.5, 9.0, 8.9, 10], [3]), ([9, 9, 9, 9], []), ([2.0, 8.9, 9.1, 0], [1, 2, 4])],
)
def test_srs_line_concern_is_below_9_on_that_line(lines, flagged):
    assert srs_line_concerns(lines) == flagged


def test_srs_line_concern_names_a_bad_line():
    with pytest.raises(ValueError, match=r"SRS item 2 is 11, but items are scored from 0 "):
        srs_line_concerns([9, 11, 9, 9])
    with pytest.raises(ValueError, match=r"SRS has 4 items, but 3 values were given"):
        srs_line_concerns([9, 9, 9])


@pytest.mark.parametrize(
    ("total", "clinical"), [(24.9, True), (25, False), (12, True), (40, False)]
)
def test_ors_clinical_range_is_below_25(total, clinical):
    assert ors_clinical_range(total) is clinical


@pytest.mark.parametrize(
    ("before", "after", "label"),
    [
        (20, 25, "reliable improvement"),
        (20.1, 25.1, "reliable improvement"),
        (20, 24.9, "no reliable change"),
        (25, 20, "reliable deterioration"),
        (25, 20.1, "no reliable change"),
        (10, 10, "no reliable change"),
    ],
)
def test_ors_reliable_change_is_5_points(before, after, label):
    assert ors_reliable_change(before, after) == label


def test_ors_reliable_change_on_series():
    before = pd.Series([10.0, 30.0, 20.0, None])
    after = pd.Series([16.0, 24.0, 22.0, 30.0])
    out = ors_reliable_change(before, after)
    assert out.tolist()[:3] == [
        "reliable improvement",
        "reliable deterioration",
        "no reliable change",
    ]
    assert out.iloc[3] is pd.NA


def test_ors_reliable_change_series_against_one_baseline():
    out = ors_reliable_change(15.0, pd.Series([20.0, 18.0]))
    assert out.tolist() == ["reliable improvement", "no reliable change"]


def test_ors_reliable_change_refuses_a_bad_total():
    with pytest.raises(
        ValueError, match=r"The ORS total before is -1, but totals run from 0 to 40"
    ):
        ors_reliable_change(-1, 20)
