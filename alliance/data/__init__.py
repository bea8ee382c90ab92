"""The course's data sets: loaders that return typed, validated DataFrames.

All data are simulated (see ``datasets/README.md``). Each loader reads ``datasets/<name>.csv``,
checks every column against ``datasets/<name>.schema.json`` and returns a DataFrame with the
schema's types (text as ``string``, whole numbers as ``int64``, or ``Int64`` when blanks are
allowed, categories as ``category``). A problem raises ``ValueError`` naming the file, the
column and the line. Regenerate the files with ``python -m alliance.data``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from alliance.data.csvio import read_csv_checked, read_schema

DATASETS_DIR = Path(__file__).resolve().parents[2] / "datasets"

DATASET_NAMES = (
    "wai_sr_responses",
    "srs_ors_sessions",
    "alliance_outcome",
    "meta_analysis",
    "haq_ii_responses",
    "softa_s_families",
    "alliance_dropout",
    "humility_alliance",
    "observer_ratings",
)


def load_schema(name: str, directory: str | Path | None = None) -> dict:
    """The schema (column descriptions, types, ranges, primary key) of data set ``name``."""
    if name not in DATASET_NAMES:
        raise ValueError(
            f"there is no data set {name!r}; the data sets are {', '.join(DATASET_NAMES)}"
        )
    folder = Path(directory) if directory is not None else DATASETS_DIR
    return read_schema(folder / f"{name}.schema.json")


def load_dataset(name: str, directory: str | Path | None = None) -> pd.DataFrame:
    """Load data set ``name`` (one of ``DATASET_NAMES``) from ``directory`` (default datasets/)."""
    folder = Path(directory) if directory is not None else DATASETS_DIR
    schema = load_schema(name, folder)
    return read_csv_checked(folder / schema.get("file", f"{name}.csv"), schema)


def load_wai_sr(directory: str | Path | None = None) -> pd.DataFrame:
    """WAI-SR item responses by client and session (``wai_sr_01``..``wai_sr_12``, a few blank)."""
    return load_dataset("wai_sr_responses", directory)


def load_srs_ors(directory: str | Path | None = None) -> pd.DataFrame:
    """ORS and SRS line scores (0-10 cm) by client and session, clients nested in therapists."""
    return load_dataset("srs_ors_sessions", directory)


def load_alliance_outcome(directory: str | Path | None = None) -> pd.DataFrame:
    """Session-3 WAI-SR total and PHQ-9 at intake, session 3 and end; clients within therapists."""
    return load_dataset("alliance_outcome", directory)


def load_meta_analysis(directory: str | Path | None = None) -> pd.DataFrame:
    """Alliance–outcome correlations of 40 fictional studies, with n, rater, timing and year."""
    return load_dataset("meta_analysis", directory)


def load_haq_ii(directory: str | Path | None = None) -> pd.DataFrame:
    """Raw HAq-II item responses; ``get_spec("haq_ii").reverse_items`` are not yet reversed."""
    return load_dataset("haq_ii_responses", directory)


def load_softa_s(directory: str | Path | None = None) -> pd.DataFrame:
    """SOFTA-s item ratings by each family member, with role and family dropout."""
    return load_dataset("softa_s_families", directory)


def load_alliance_dropout(directory: str | Path | None = None) -> pd.DataFrame:
    """Session-3 WAI-SR total of each client and whether the client later dropped out."""
    return load_dataset("alliance_dropout", directory)


def load_humility_alliance(directory: str | Path | None = None) -> pd.DataFrame:
    """Client-rated cultural humility, WAI-SR total and PHQ-9 at intake and at the last session."""
    return load_dataset("humility_alliance", directory)


def load_observer_ratings(directory: str | Path | None = None) -> pd.DataFrame:
    """Two observers' alliance ratings (scale total, 1-7 global) of the same recorded sessions."""
    return load_dataset("observer_ratings", directory)


__all__ = [
    "DATASETS_DIR",
    "DATASET_NAMES",
    "load_alliance_dropout",
    "load_alliance_outcome",
    "load_dataset",
    "load_haq_ii",
    "load_humility_alliance",
    "load_meta_analysis",
    "load_observer_ratings",
    "load_schema",
    "load_softa_s",
    "load_srs_ors",
    "load_wai_sr",
]
