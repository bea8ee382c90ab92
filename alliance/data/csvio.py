"""Reading and writing the course's CSV files, so that regeneration is byte for byte.

Writing: columns in schema order, UTF-8, ``\\n`` line endings, integers without decimals,
decimals with the schema's fixed number of places, missing values as empty cells.
Reading: every cell as text first, so that each problem can be reported by file, column and
line before anything is converted (see :func:`alliance.data.schema.validate_text_frame`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from alliance.data.schema import check_schema, validate_text_frame


def _cell(value: Any, col: dict[str, Any]) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    dtype = col["dtype"]
    if dtype == "integer":
        if float(value) != int(value):
            raise ValueError(f"column {col['name']!r}: {value!r} is not a whole number")
        return str(int(value))
    if dtype == "number":
        text = f"{float(value):.{col['decimals']}f}"
        # "-0.00" and "0.00" are the same number; write one spelling so bytes never depend on
        # the sign of a rounding error.
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    return str(value)


def format_csv(df: pd.DataFrame, schema: dict[str, Any]) -> str:
    """The CSV text of ``df`` laid out by ``schema`` (column order, number formats)."""
    check_schema(schema)
    columns = schema["columns"]
    names = [c["name"] for c in columns]
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise ValueError(f"{schema['name']}: the simulated data lack columns {missing}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    values = [df[n].tolist() for n in names]
    for row in zip(*values, strict=True):
        writer.writerow([_cell(v, c) for v, c in zip(row, columns, strict=True)])
    return buffer.getvalue()


def format_schema(schema: dict[str, Any]) -> str:
    """The JSON text of a schema: two-space indent, keys in the order written, final newline."""
    check_schema(schema)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def parse_csv(text: str, schema: dict[str, Any], source: str) -> pd.DataFrame:
    """Parse CSV ``text`` and validate it against ``schema``; ``source`` names it in errors."""
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{source}: is not a readable CSV file ({exc})") from None
    return validate_text_frame(raw, schema, source)


def read_schema(path: Path) -> dict[str, Any]:
    """Load and sanity-check a ``.schema.json`` file."""
    try:
        schema = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"{Path(path).name}: schema file not found in {Path(path).parent}"
        ) from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{Path(path).name}: is not valid JSON ({exc})") from None
    check_schema(schema)
    return schema


def read_csv_checked(path: Path, schema: dict[str, Any]) -> pd.DataFrame:
    """Read a dataset CSV and return it typed, or raise ValueError naming file, column, problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(
            f"{path.name}: file not found in {path.parent}; regenerate the data sets with "
            "'python -m alliance.data'"
        ) from None
    return parse_csv(text, schema, path.name)
