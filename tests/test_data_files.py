"""datasets/: every CSV matches its schema, has a datasheet, and regenerates byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from alliance.data import (
    DATASET_NAMES,
    DATASETS_DIR,
    load_alliance_dropout,
    load_alliance_outcome,
    load_dataset,
    load_haq_ii,
    load_humility_alliance,
    load_meta_analysis,
    load_observer_ratings,
    load_schema,
    load_softa_s,
    load_srs_ors,
    load_wai_sr,
)
from alliance.data.simulate import SIMULATIONS
from alliance.measures import get_spec

EXPECTED_ROWS = {
    "wai_sr_responses": 508,
    "srs_ors_sessions": 441,
    "alliance_outcome": 331,
    "meta_analysis": 40,
    "haq_ii_responses": 246,
    "softa_s_families": 171,
    "observer_ratings": 150,
    "humility_alliance": 200,
    "alliance_dropout": 240,
}
PANDAS_DTYPE = {
    "string": "string",
    "integer": ("int64", "Int64"),
    "number": "float64",
    "category": "category",
}


def test_every_simulation_has_a_loader_name_and_vice_versa():
    assert set(SIMULATIONS) == set(DATASET_NAMES)
    assert len(DATASET_NAMES) >= 6


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_csv_validates_against_its_schema(name):
    schema = load_schema(name)
    df = load_dataset(name)  # raises ValueError on any schema violation
    assert len(df) == EXPECTED_ROWS[name]
    assert list(df.columns) == [c["name"] for c in schema["columns"]]
    for col in schema["columns"]:
        series = df[col["name"]]
        allowed = PANDAS_DTYPE[col["dtype"]]
        assert str(series.dtype) in (allowed if isinstance(allowed, tuple) else (allowed,))
        if not col["nullable"]:
            assert series.notna().all(), col["name"]
        if col["dtype"] in ("integer", "number"):
            assert series.min() >= col["minimum"] and series.max() <= col["maximum"], col["name"]
        if col["dtype"] == "string" and "pattern" in col:
            assert series.str.fullmatch(col["pattern"]).all(), col["name"]
        if col["dtype"] == "category":
            assert list(series.cat.categories) == col["categories"]
    assert not df.duplicated(subset=schema["primary_key"]).any()
    assert schema["simulated"] is True


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_csv_text_format(name):
    raw = (DATASETS_DIR / f"{name}.csv").read_bytes()
    assert b"\r" not in raw
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n")
    raw.decode("utf-8")


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_datasheet_documents_every_column(name):
    sheet = (DATASETS_DIR / f"{name}.md").read_text(encoding="utf-8")
    assert "simulated data" in sheet.lower()
    assert f"seed={load_schema(name)['seed']}" in sheet
    item_range = [c["name"] for c in load_schema(name)["columns"]]
    for col in item_range:
        # Item blocks are documented as a range such as `wai_sr_01` … `wai_sr_12`.
        stem = col.rsplit("_", 1)[0] if col[-2:].isdigit() else None
        documented = f"`{col}`" in sheet or (stem and f"`{stem}_01`" in sheet)
        assert documented, f"{name}.md does not describe column {col}"
    readme = (DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    assert f"`{name}.csv`" in readme and f"| {EXPECTED_ROWS[name]} |" in readme


def test_python_m_alliance_data_regenerates_datasets_byte_for_byte(tmp_path: Path):
    out = tmp_path / "datasets"
    done = subprocess.run(
        [sys.executable, "-m", "alliance.data", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=DATASETS_DIR.parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    generated = sorted(p.name for p in out.iterdir())
    assert generated == sorted(
        f"{n}{ext}" for n in DATASET_NAMES for ext in (".csv", ".schema.json")
    )
    for filename in generated:
        assert (out / filename).read_bytes() == (DATASETS_DIR / filename).read_bytes(), (
            f"datasets/{filename} is out of date: run 'python -m alliance.data' and commit"
        )


@pytest.mark.parametrize(
    ("loader", "name"),
    [
        (load_wai_sr, "wai_sr_responses"),
        (load_srs_ors, "srs_ors_sessions"),
        (load_alliance_outcome, "alliance_outcome"),
        (load_meta_analysis, "meta_analysis"),
        (load_haq_ii, "haq_ii_responses"),
        (load_softa_s, "softa_s_families"),
        (load_observer_ratings, "observer_ratings"),
        (load_humility_alliance, "humility_alliance"),
        (load_alliance_dropout, "alliance_dropout"),
    ],
)
def test_named_loaders(loader, name):
    pd.testing.assert_frame_equal(loader(), load_dataset(name))


# --- the data follow the instrument specs, not numbers of their own -----------------------

INSTRUMENT_DATA = [
    ("wai_sr", "wai_sr_responses"),
    ("srs", "srs_ors_sessions"),
    ("ors", "srs_ors_sessions"),
    ("haq_ii", "haq_ii_responses"),
    ("softa_s", "softa_s_families"),
]


@pytest.mark.parametrize(("key", "name"), INSTRUMENT_DATA)
def test_item_columns_and_ranges_come_from_get_spec(key, name):
    spec = get_spec(key)
    cols = {c["name"]: c for c in load_schema(name)["columns"]}
    for column in spec.columns():
        assert column in cols
        assert cols[column]["minimum"] == spec.scale_min
        assert cols[column]["maximum"] == spec.scale_max
    assert f"{key}_{spec.n_items + 1:02d}" not in cols


def test_schema_files_are_plain_json():
    for name in DATASET_NAMES:
        text = (DATASETS_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
        assert json.loads(text)["name"] == name


def test_schema_citations_are_in_the_bibliography():
    bib = (DATASETS_DIR.parent / "book" / "references.bib").read_text(encoding="utf-8")
    for name in DATASET_NAMES:
        for key in load_schema(name)["citations"]:
            assert f"{{{key}," in bib, f"{name}: cite key {key} is not in book/references.bib"
