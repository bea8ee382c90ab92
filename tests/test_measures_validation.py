"""Bad input: one test per case; each message names the item, the value and what is allowed."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from alliance.measures import (
    get_spec,
    reverse_key,
    score_haq_ii,
    score_ors,
    score_srs,
    score_wai_sr,
)

GOOD = [4, 4, 5, 3, 5, 4, 4, 3, 5, 4, 4, 5]
ALLOWED = "rated from 1 (seldom) to 5 (always)"
ALLOWED_RE = re.escape(ALLOWED)


def _with(item: int, value):
    answers = list(GOOD)
    answers[item - 1] = value
    return answers


def _frame(rows, index=None):
    return pd.DataFrame(rows, columns=get_spec("wai_sr").columns(), index=index)


def test_value_above_the_scale():
    with pytest.raises(ValueError) as err:
        score_wai_sr(_with(7, 6))
    assert str(err.value) == f"WAI-SR item 7 is 6, but items are {ALLOWED}."


def test_value_below_the_scale():
    with pytest.raises(ValueError, match=rf"WAI-SR item 2 is 0, but items are {ALLOWED_RE}"):
        score_wai_sr(_with(2, 0))


def test_value_between_the_response_points():
    with pytest.raises(
        ValueError, match=rf"item 4 is 2.5, but items are whole numbers, {ALLOWED_RE}"
    ):
        score_wai_sr(_with(4, 2.5))


def test_text_is_not_a_number():
    with pytest.raises(ValueError, match=r"item 4 is 'often' \(text\), which is not a number"):
        score_wai_sr(_with(4, "often"))
    with pytest.raises(ValueError, match=ALLOWED_RE):
        score_wai_sr(_with(4, "often"))


def test_numeric_text_is_still_text():
    with pytest.raises(ValueError, match=r"item 1 is '4' \(text\), which is not a number"):
        score_wai_sr(_with(1, "4"))


def test_true_false_is_not_a_number():
    with pytest.raises(
        ValueError, match=rf"item 3 is True, which is not a number; items are {ALLOWED_RE}"
    ):
        score_wai_sr(_with(3, True))


def test_infinity_is_refused():
    with pytest.raises(ValueError, match=rf"item 9 is inf, but items are {ALLOWED_RE}"):
        score_wai_sr(_with(9, float("inf")))


def test_too_few_values():
    with pytest.raises(ValueError, match=r"WAI-SR has 12 items, but 11 values were given"):
        score_wai_sr(GOOD[:-1])


def test_too_many_values():
    with pytest.raises(ValueError, match=r"WAI-SR has 12 items, but 13 values were given"):
        score_wai_sr([*GOOD, 4])


def test_dict_with_an_item_that_does_not_exist():
    answers = dict(enumerate(GOOD, start=1)) | {13: 4}
    with pytest.raises(ValueError, match=r"WAI-SR has no item 13: use item numbers 1 to 12"):
        score_wai_sr(answers)


def test_dict_missing_an_item():
    answers = dict(enumerate(GOOD, start=1))
    del answers[5]
    with pytest.raises(ValueError, match=r"has no value for item 5\. Give every item from 1 to 12"):
        score_wai_sr(answers)


def test_dict_giving_an_item_twice():
    answers = dict(enumerate(GOOD, start=1)) | {"wai_sr_01": 4}
    with pytest.raises(ValueError, match=r"WAI-SR item 1 is given twice"):
        score_wai_sr(answers)


def test_not_a_response_at_all():
    with pytest.raises(ValueError, match=r"list of 12 values in item order.*got str"):
        score_wai_sr("4 4 5 3")


@pytest.mark.parametrize(
    "table", [[GOOD, GOOD], np.array([GOOD, GOOD]), [GOOD], [GOOD, GOOD[:5]]])
def test_a_table_of_responses_is_sent_to_a_dataframe(table):
    with pytest.raises(ValueError, match=r"are a table.*DataFrame with one row each"):
        score_wai_sr(table)


def test_dataframe_missing_a_column():
    df = _frame([GOOD]).drop(columns="wai_sr_07")
    with pytest.raises(ValueError) as err:
        score_wai_sr(df)
    message = str(err.value)
    assert "no column 'wai_sr_07' (item 7)" in message
    assert "wai_sr_01 to wai_sr_12" in message


def test_dataframe_value_outside_the_scale_names_the_respondent():
    df = _frame([GOOD, _with(7, 6)], index=["c01", "c02"])
    with pytest.raises(ValueError) as err:
        score_wai_sr(df)
    assert str(err.value) == f"WAI-SR item 7 for respondent 'c02' is 6, but items are {ALLOWED}."


def test_dataframe_text_cell_names_the_respondent():
    df = _frame([GOOD, _with(10, "n/a")], index=[1, 2])
    with pytest.raises(ValueError, match=r"item 10 for respondent 2 is 'n/a' \(text\)"):
        score_wai_sr(df)


def test_dataframe_true_false_column():
    df = _frame([GOOD])
    df["wai_sr_05"] = True
    with pytest.raises(ValueError, match=r"item 5 for respondent 0 is True, which is not a number"):
        score_wai_sr(df)


def test_srs_missing_line_is_not_allowed():
    with pytest.raises(ValueError) as err:
        score_srs([7.3, None, 8.5, 10])
    message = str(err.value)
    assert message.startswith("SRS item 2 is missing, but every SRS line must be marked")
    assert "scored from 0" in message and "to 10" in message


def test_ors_missing_line_in_a_dataframe_is_not_allowed():
    df = pd.DataFrame({"ors_01": [5.0], "ors_02": [np.nan], "ors_03": [5.0], "ors_04": [5.0]})
    with pytest.raises(ValueError, match=r"ORS item 2 for respondent 0 is missing"):
        score_ors(df)


def test_srs_line_beyond_10_cm():
    with pytest.raises(
        ValueError, match=r"SRS item 4 is 10.5, but items are scored from 0 .* to 10"
    ):
        score_srs([7.3, 9, 8.5, 10.5])


def test_srs_line_measured_finer_than_a_millimetre():
    with pytest.raises(ValueError) as err:
        score_srs([7.35, 9, 8.5, 10])
    message = str(err.value)
    assert "SRS item 1 is 7.35" in message
    assert "nearest 0.1 cm" in message and "line_mark_to_score(7.35)" in message


def test_haq_ii_value_outside_its_six_point_scale():
    answers = [3] * 19
    answers[18] = 7
    with pytest.raises(ValueError) as err:
        score_haq_ii(answers)
    assert str(err.value) == (
        "HAq-II item 19 is 7, but items are rated from 1 (strongly disagree) to 6 (strongly agree)."
    )


def test_reverse_key_validates_too():
    with pytest.raises(ValueError, match=r"HAq-II item 1 is 0, but items are rated from 1"):
        reverse_key([0] + [3] * 18, get_spec("haq_ii"))
