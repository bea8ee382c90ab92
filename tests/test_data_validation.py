"""Loaders reject a damaged CSV with a message naming the file, the column and the problem."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance.data import DATASETS_DIR, load_dataset, load_meta_analysis, load_wai_sr

META_HEADER = "study,year,n,r,rater,timing"


def _meta_copy(tmp_path: Path, edit: Callable[[list[str]], list[str]]) -> Path:
    """A copy of the meta-analysis data set whose CSV lines have been edited."""
    shutil.copy(DATASETS_DIR / "meta_analysis.schema.json", tmp_path)
    lines = (DATASETS_DIR / "meta_analysis.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == META_HEADER
    (tmp_path / "meta_analysis.csv").write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return tmp_path


def _set_cell(row: int, column: str, value: str) -> Callable[[list[str]], list[str]]:
    def edit(lines: list[str]) -> list[str]:
        header = lines[0].split(",")
        cells = lines[row].split(",")
        cells[header.index(column)] = value
        return [*lines[:row], ",".join(cells), *lines[row + 1 :]]

    return edit


BAD_FILES = {
    "column missing": (
        lambda ls: [",".join(x.split(",")[:5]) for x in ls],
        "meta_analysis.csv: column 'timing': is missing from the file",
    ),
    "extra column": (
        lambda ls: [x + ",extra" for x in ls],
        "meta_analysis.csv: column 'extra': is not in the schema",
    ),
    "columns reordered": (
        lambda ls: [",".join(x.split(",")[::-1]) for x in ls],
        "meta_analysis.csv: columns are in the wrong order",
    ),
    "text in a number column": (
        _set_cell(3, "r", "0.2O"),
        "meta_analysis.csv: column 'r': value '0.2O' at line 4 is not a number",
    ),
    "value above maximum": (
        _set_cell(2, "r", "1.300"),
        "meta_analysis.csv: column 'r': value 1.300 at line 3 is above the maximum 1.0",
    ),
    "value below minimum": (
        _set_cell(5, "n", "2"),
        "meta_analysis.csv: column 'n': value 2 at line 6 is below the minimum 20",
    ),
    "fraction in an integer column": (
        _set_cell(2, "year", "1999.5"),
        "meta_analysis.csv: column 'year': value '1999.5' at line 3 is not a whole number",
    ),
    "missing where not allowed": (
        _set_cell(7, "n", ""),
        "meta_analysis.csv: column 'n': has a missing value at line 8, but it may not be missing",
    ),
    "unknown category": (
        _set_cell(2, "rater", "supervisor"),
        "meta_analysis.csv: column 'rater': value 'supervisor' at line 3 is not one of "
        "client, therapist, observer",
    ),
    "identifier pattern": (
        _set_cell(2, "study", "Smith 2004"),
        "meta_analysis.csv: column 'study': value 'Smith 2004' at line 3 does not match the "
        "pattern",
    ),
    "duplicate primary key": (
        lambda ls: [*ls, ls[1]],
        "meta_analysis.csv: primary key (study) is repeated at line 42: study=Study 01",
    ),
    "no data rows": (lambda ls: ls[:1], "meta_analysis.csv: has no data rows"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_damaged_csv_message(case, tmp_path):
    edit, message = BAD_FILES[case]
    folder = _meta_copy(tmp_path, edit)
    with pytest.raises(ValueError) as info:
        load_meta_analysis(folder)
    assert message in str(info.value)


def test_blank_item_is_allowed_where_the_schema_says_nullable(tmp_path):
    # The WAI-SR items may be blank (a client skipped an item); blanks load as <NA>.
    shutil.copy(DATASETS_DIR / "wai_sr_responses.schema.json", tmp_path)
    shutil.copy(DATASETS_DIR / "wai_sr_responses.csv", tmp_path)
    df = load_wai_sr(tmp_path)
    assert str(df["wai_sr_01"].dtype) == "Int64" and df.filter(like="wai_sr_").isna().any().any()


def test_missing_csv_says_how_to_regenerate(tmp_path):
    shutil.copy(DATASETS_DIR / "meta_analysis.schema.json", tmp_path)
    with pytest.raises(ValueError) as info:
        load_meta_analysis(tmp_path)
    assert "meta_analysis.csv: file not found" in str(info.value)
    assert "python -m alliance.data" in str(info.value)


def test_missing_schema(tmp_path):
    with pytest.raises(ValueError) as info:
        load_meta_analysis(tmp_path)
    assert "meta_analysis.schema.json: schema file not found" in str(info.value)


def test_unknown_data_set_name():
    with pytest.raises(ValueError) as info:
        load_dataset("wai_responses")
    assert "there is no data set 'wai_responses'; the data sets are wai_sr_responses" in str(
        info.value
    )
