"""Building blocks shared by the simulations: instrument facts, ordinal items, identifiers."""

from __future__ import annotations

from typing import Any

import numpy as np

from alliance.data.schema import integer_col, number_col
from alliance.measures import InstrumentSpec, get_spec

__all__ = ["InstrumentSpec", "get_spec", "likert_items", "label", "item_columns_schema",
           "table_schema", "total_range", "wai_sr_total_col"]


def likert_items(
    latent: np.ndarray,
    spec: InstrumentSpec,
    rng: np.random.Generator,
    *,
    center: float,
    loading: float | np.ndarray,
    noise_sd: float,
    item_shift: np.ndarray | None = None,
) -> np.ndarray:
    """Integer item responses (rows × spec.n_items) from a latent alliance score per item.

    ``latent`` has one row per respondent and either one column (a single factor) or one column
    per item (factor plus subscale-specific parts). Each response is
    round(center + shift + loading·latent + error), kept inside the response scale. Items in
    ``spec.reverse_items`` are then written the way a respondent marks a negatively worded item
    (scale_min + scale_max − keyed value), so they must be reverse-keyed again for scoring.
    """
    latent = np.asarray(latent, dtype=float)
    if latent.ndim == 1:
        latent = latent[:, None]
    n, k = latent.shape[0], spec.n_items
    shift = np.zeros(k) if item_shift is None else np.asarray(item_shift, dtype=float)
    continuous = (
        center + shift + np.asarray(loading) * latent + rng.normal(0.0, noise_sd, size=(n, k))
    )
    keyed = np.clip(np.rint(continuous), spec.scale_min, spec.scale_max)
    raw = keyed.copy()
    for item in spec.reverse_items:
        raw[:, item - 1] = spec.scale_min + spec.scale_max - keyed[:, item - 1]
    return raw.astype(int)


def label(prefix: str, number: int, width: int) -> str:
    """A fictional identifier such as ``C007`` or ``T12``: letters and numbers, never names."""
    return f"{prefix}{number:0{width}d}"


def item_columns_schema(spec: InstrumentSpec, nullable: bool) -> list[dict]:
    """Schema entries for an instrument's item columns, with the range taken from the spec."""
    cols = []
    for item in spec.items:
        rev = (
            " Reverse-keyed (negatively worded): reverse before scoring."
            if item in spec.reverse_items
            else ""
        )
        owner = [name for name, items in spec.subscales.items() if item in items]
        part = f" ({owner[0].replace('_', ' ')})" if owner else ""
        desc = f"{spec.short_name} item {item}{part}, {spec.describe_scale()}.{rev}"
        if spec.step == 1:
            cols.append(
                integer_col(
                    spec.column(item),
                    desc,
                    "response option",
                    int(spec.scale_min),
                    int(spec.scale_max),
                    nullable,
                )
            )
        else:
            decimals = max(0, -int(np.floor(np.log10(spec.step) + 1e-9)))
            cols.append(
                number_col(
                    spec.column(item),
                    desc,
                    "cm",
                    float(spec.scale_min),
                    float(spec.scale_max),
                    decimals,
                    nullable,
                )
            )
    return cols


def table_schema(name: str, module: str, *, title: str, row: str, primary_key: list[str],
                 seed: int, citations: list[str], columns: list[dict]) -> dict[str, Any]:
    """A simulated dataset's schema: what the table is, how it was made, then its columns.

    ``module`` is the simulation's module (its ``simulate`` function made the table).
    """
    return {"name": name, "file": f"{name}.csv", "title": title, "row": row,
            "primary_key": primary_key, "simulated": True, "generator": f"{module}.simulate",
            "seed": seed, "citations": citations, "columns": columns}


def total_range(spec: InstrumentSpec) -> tuple[int, int]:
    """The lowest and highest total score of an instrument (every item at its floor/ceiling)."""
    return int(spec.scale_min * spec.n_items), int(spec.scale_max * spec.n_items)


def wai_sr_total_col(name: str, when: str) -> dict:
    """Schema entry for a client-rated WAI-SR total column, rated ``when`` (e.g. "after
    session 3"), with the total's range taken from the instrument's spec."""
    low, high = total_range(get_spec("wai_sr"))
    return integer_col(name, f"Client-rated WAI-SR total {when} (sum of the 12 items), "
                             f"{low}-{high}; higher = stronger alliance.",
                       "WAI-SR total points", low, high)
