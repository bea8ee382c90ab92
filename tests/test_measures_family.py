"""Split-alliance index for families, with hand-worked examples."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from alliance.measures import split_alliance_index


def _members():
    return pd.DataFrame(
        {
            "family_id": ["A", "A", "A", "B", "B", "C", "D"],
            "member": ["mother", "father", "teen", "mother", "teen", "mother", "teen"],
            "total": [4.0, 3.0, 4.5, 2.0, None, 3.0, None],
        }
    )


def test_range_is_highest_minus_lowest_member():
    out = split_alliance_index(_members())
    assert out.loc["A", "split_alliance"] == pytest.approx(4.5 - 3.0)
    assert out.loc["A", "mean"] == pytest.approx((4.0 + 3.0 + 4.5) / 3)
    assert out.loc["A", "n_members"] == 3


def test_sd_is_the_population_sd_within_the_family():
    out = split_alliance_index(_members(), method="sd")
    m = (4.0 + 3.0 + 4.5) / 3
    expected = math.sqrt(((4.0 - m) ** 2 + (3.0 - m) ** 2 + (4.5 - m) ** 2) / 3)
    assert out.loc["A", "split_alliance"] == pytest.approx(expected)  # 0.6236


def test_two_member_range_is_the_absolute_difference_score():
    df = pd.DataFrame({"fam": [1, 1], "emotional_connection": [4.25, 2.75]})
    out = split_alliance_index(df, family_col="fam", score_col="emotional_connection")
    assert out.loc[1, "split_alliance"] == pytest.approx(1.5)
    assert out.index.name == "fam"


def test_families_with_fewer_than_two_scored_members_have_no_split():
    out = split_alliance_index(_members())
    assert out.loc["B", "n_members"] == 1 and math.isnan(out.loc["B", "split_alliance"])
    assert out.loc["C", "n_members"] == 1 and math.isnan(out.loc["C", "split_alliance"])
    assert out.loc["D", "n_members"] == 0 and math.isnan(out.loc["D", "mean"])
    assert list(out.index) == ["A", "B", "C", "D"]


def test_balanced_family_has_zero_split():
    df = pd.DataFrame({"family_id": [7, 7, 7], "total": [3.5, 3.5, 3.5]})
    assert split_alliance_index(df).loc[7, "split_alliance"] == 0
    assert split_alliance_index(df, method="sd").loc[7, "split_alliance"] == 0


def test_missing_family_column():
    with pytest.raises(
        ValueError, match=r"no column 'family_id'.*family_col=\.\.\..*member, total"
    ):
        split_alliance_index(_members().drop(columns="family_id"))


def test_missing_score_column():
    with pytest.raises(ValueError, match=r"no column 'safety'.*score_col=\.\.\."):
        split_alliance_index(_members(), score_col="safety")


def test_score_that_is_not_a_number():
    df = _members()
    df["total"] = df["total"].astype(object)
    df.loc[1, "total"] = "high"
    with pytest.raises(
        ValueError, match=r"score of member 1 \(total\) is 'high', which is not a number"
    ):
        split_alliance_index(df)


def test_member_without_a_family():
    df = _members()
    df.loc[2, "family_id"] = None
    with pytest.raises(ValueError, match=r"Member 2 has no family id"):
        split_alliance_index(df)


def test_unknown_method():
    with pytest.raises(ValueError, match=r"method is 'variance', but .* 'range' .* or 'sd'"):
        split_alliance_index(_members(), method="variance")


def test_not_a_dataframe():
    with pytest.raises(
        ValueError, match=r"as a DataFrame with one row per family member; got list"
    ):
        split_alliance_index([1, 2, 3])
