"""Dataset schemas: how a column is described, and how a CSV is checked and typed against it.

A schema is a plain JSON-able dict (stored next to each CSV as ``<name>.schema.json``)::

    {"name": ..., "file": ..., "primary_key": [...], "columns": [
        {"name": "session", "dtype": "integer", "minimum": 1, "maximum": 6,
         "nullable": false, "unit": "session number", "description": "..."}, ...]}

``dtype`` is one of ``string`` (optionally with a regular-expression ``pattern``),
``integer``, ``number`` (with ``decimals``, the fixed number of places written to the CSV) or
``category`` (with its ``categories`` and whether they are ``ordered``).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

DTYPES = ("string", "integer", "number", "category")


def string_col(name: str, description: str, pattern: str | None = None) -> dict[str, Any]:
    """A text column (identifiers); never missing."""
    col: dict[str, Any] = {
        "name": name,
        "dtype": "string",
        "nullable": False,
        "unit": None,
        "description": description,
    }
    if pattern is not None:
        col["pattern"] = pattern
    return col


def integer_col(
    name: str,
    description: str,
    unit: str | None,
    minimum: int,
    maximum: int,
    nullable: bool = False,
) -> dict[str, Any]:
    """A whole-number column with an allowed range."""
    return {
        "name": name,
        "dtype": "integer",
        "nullable": nullable,
        "unit": unit,
        "minimum": minimum,
        "maximum": maximum,
        "description": description,
    }


def number_col(
    name: str,
    description: str,
    unit: str | None,
    minimum: float,
    maximum: float,
    decimals: int,
    nullable: bool = False,
) -> dict[str, Any]:
    """A decimal column with an allowed range, written with ``decimals`` places."""
    return {
        "name": name,
        "dtype": "number",
        "nullable": nullable,
        "unit": unit,
        "minimum": minimum,
        "maximum": maximum,
        "decimals": decimals,
        "description": description,
    }


def category_col(
    name: str, description: str, categories: list[str], ordered: bool = False
) -> dict[str, Any]:
    """A column whose values come from a fixed list; never missing."""
    return {
        "name": name,
        "dtype": "category",
        "nullable": False,
        "unit": None,
        "categories": list(categories),
        "ordered": ordered,
        "description": description,
    }


def _fail(source: str, column: str | None, problem: str) -> ValueError:
    where = f"{source}: column {column!r}: " if column else f"{source}: "
    return ValueError(where + problem)


def _row(index: Any) -> str:
    # Data rows are numbered as a spreadsheet shows them: the header is line 1.
    return f"line {int(index) + 2}"


def _convert(raw: pd.Series, col: dict[str, Any], source: str) -> pd.Series:
    """Check one column of text cells against its description and return it typed."""
    name, dtype = col["name"], col["dtype"]
    missing = raw.isna() | (raw.str.strip() == "")
    if missing.any() and not col.get("nullable", False):
        first = missing.idxmax()
        raise _fail(
            source, name, f"has a missing value at {_row(first)}, but it may not be missing"
        )

    if dtype == "string":
        values = raw.astype("string")
        pattern = col.get("pattern")
        if pattern is not None:
            ok = values.str.fullmatch(pattern).fillna(False).astype(bool)
            if not ok.all():
                bad = (~ok).idxmax()
                raise _fail(
                    source,
                    name,
                    f"value {values[bad]!r} at {_row(bad)} does not match the pattern {pattern!r}",
                )
        return values

    if dtype == "category":
        cats = col["categories"]
        unknown = ~raw.isin(cats)
        if unknown.any():
            bad = unknown.idxmax()
            raise _fail(
                source, name, f"value {raw[bad]!r} at {_row(bad)} is not one of {', '.join(cats)}"
            )
        return raw.astype(pd.CategoricalDtype(cats, ordered=bool(col.get("ordered", False))))

    if dtype not in ("integer", "number"):
        raise _fail(
            source, name, f"the schema gives an unknown dtype {dtype!r}; use one of {DTYPES}"
        )
    numbers = pd.to_numeric(raw.where(~missing), errors="coerce")
    not_numeric = numbers.isna() & ~missing
    if not_numeric.any():
        bad = not_numeric.idxmax()
        raise _fail(source, name, f"value {raw[bad]!r} at {_row(bad)} is not a number")
    if dtype == "integer":
        fractional = numbers.notna() & (numbers != np.floor(numbers))
        if fractional.any():
            bad = fractional.idxmax()
            raise _fail(source, name, f"value {raw[bad]!r} at {_row(bad)} is not a whole number")
    low, high = col.get("minimum"), col.get("maximum")
    if low is not None and (numbers < low).any():
        bad = (numbers < low).idxmax()
        raise _fail(source, name, f"value {raw[bad]} at {_row(bad)} is below the minimum {low}")
    if high is not None and (numbers > high).any():
        bad = (numbers > high).idxmax()
        raise _fail(source, name, f"value {raw[bad]} at {_row(bad)} is above the maximum {high}")
    if dtype == "integer":
        return numbers.astype("Int64" if col.get("nullable", False) else "int64")
    return numbers.astype("float64")


def validate_text_frame(raw: pd.DataFrame, schema: dict[str, Any], source: str) -> pd.DataFrame:
    """Check a CSV read as text cells against ``schema``; return it with proper dtypes.

    Raises ``ValueError`` naming ``source`` (the file), the column and the problem.
    """
    expected = [c["name"] for c in schema["columns"]]
    found = list(raw.columns)
    for name in expected:
        if name not in found:
            raise _fail(source, name, "is missing from the file")
    for name in found:
        if name not in expected:
            raise _fail(
                source, name, f"is not in the schema; expected columns are {', '.join(expected)}"
            )
    if found != expected:
        raise _fail(source, None, f"columns are in the wrong order; expected {', '.join(expected)}")
    if raw.empty:
        raise _fail(source, None, "has no data rows")

    typed = pd.DataFrame(
        {c["name"]: _convert(raw[c["name"]], c, source) for c in schema["columns"]}
    )
    key = list(schema.get("primary_key", []))
    if key:
        dup = typed.duplicated(subset=key, keep="first")
        if dup.any():
            bad = dup.idxmax()
            values = ", ".join(f"{k}={typed.at[bad, k]}" for k in key)
            raise _fail(
                source, None, f"primary key ({', '.join(key)}) is repeated at {_row(bad)}: {values}"
            )
    return typed


def check_schema(schema: dict[str, Any]) -> None:
    """Refuse a malformed schema (a typo here would silently weaken every check)."""
    names = [c.get("name") for c in schema.get("columns", [])]
    if not names:
        raise ValueError(f"schema {schema.get('name')!r} lists no columns")
    if len(set(names)) != len(names):
        raise ValueError(f"schema {schema.get('name')!r} lists a column twice")
    for col in schema["columns"]:
        if col.get("dtype") not in DTYPES:
            raise ValueError(
                f"schema {schema.get('name')!r}: column {col.get('name')!r} has dtype "
                f"{col.get('dtype')!r}; use one of {', '.join(DTYPES)}"
            )
        if col["dtype"] == "number" and not isinstance(col.get("decimals"), int):
            raise ValueError(
                f"schema {schema.get('name')!r}: number column {col['name']!r} needs decimals"
            )
        if "pattern" in col:
            re.compile(col["pattern"])
    for k in schema.get("primary_key", []):
        if k not in names:
            raise ValueError(
                f"schema {schema.get('name')!r}: primary key column {k!r} is not a column"
            )
