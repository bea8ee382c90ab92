"""The PCOMS scales' clinical rules: marks on 10-cm lines, the SRS and ORS cut-offs, ORS change.

The numbers (36, 25, 5) live in the SRS and ORS specs' ``cutoffs``; the choices about exact
boundaries (below vs at-or-below) are documented in those specs' ``notes``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from alliance._numbers import is_number

from .specs import InstrumentSpec, fmt_number, get_spec
from .validation import as_item_matrix

LINE_CM = 10.0


def line_mark_to_score(cm: float) -> float:
    """Item score of a mark ``cm`` centimetres from the left end of a 10-cm SRS/ORS line.

    Rounded half-up to 0.1 cm (the nearest millimetre), e.g. 7.25 -> 7.3. A mark before the
    line's start or past its end raises ValueError: measure again rather than guess.
    """
    if not is_number(cm):
        raise ValueError(
            f"The mark is {cm!r}, which is not a number; give its distance in centimetres from "
            f"the left end of the line (0 to {fmt_number(LINE_CM)})."
        )
    x = float(cm)
    if not np.isfinite(x) or not 0.0 <= x <= LINE_CM:
        raise ValueError(
            f"The mark is at {fmt_number(x) if np.isfinite(x) else x} cm, but a mark on the "
            f"10-cm line is 0 to {fmt_number(LINE_CM)} cm from its left end. Measure from the "
            f"left end of the line; a mark drawn beyond an end needs checking with the client."
        )
    # Decimal, because binary floats turn 7.25 into 7.2499999... and would round it down.
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _check_total(total: Any, spec: InstrumentSpec, label: str) -> float:
    low, high = spec.scale_min * spec.n_items, spec.scale_max * spec.n_items
    if not is_number(total):
        raise ValueError(
            f"The {spec.short_name} {label} is {total!r}, which is not a number; totals run "
            f"from {fmt_number(low)} to {fmt_number(high)}."
        )
    x = float(total)
    if not np.isfinite(x) or not low <= x <= high:
        raise ValueError(
            f"The {spec.short_name} {label} is {fmt_number(x) if np.isfinite(x) else x}, but "
            f"totals run from {fmt_number(low)} to "
            f"{fmt_number(high)} (four lines of 0 to 10)."
        )
    return x


def _elementwise(values: Any, fn: Any) -> Any:
    """Apply ``fn`` to a scalar, or to each non-missing element of a Series (missing -> NA)."""
    if isinstance(values, pd.Series):
        return values.map(lambda v: pd.NA if pd.isna(v) else fn(v))
    return fn(values)


def srs_alliance_concern(total: float | pd.Series) -> bool | pd.Series:
    """True when an SRS total is below 36, the developers' flag for an alliance concern.

    A total of exactly 36 is not flagged (Duncan's wording is 'lower than 36'; see
    ``get_spec("srs").notes``). Works on one total or a Series of totals (NaN -> NA).
    """
    spec = get_spec("srs")
    cut = spec.cutoffs["alliance_concern_below"]
    return _elementwise(total, lambda t: _check_total(t, spec, "total") < cut)


def srs_line_concerns(lines: Any) -> list[int]:
    """The SRS lines (1-4) marked below 9, the developers' per-line flag for a concern.

    ``lines`` is one SRS response, as :func:`score_srs` takes it (the four line scores in form
    order, Relationship first, or a dict by item). A line at exactly 9 is not flagged (the
    wording is 'below 9'; see ``get_spec("srs").notes``). Returns the flagged line numbers,
    e.g. ``[3]``.
    """
    spec = get_spec("srs")
    cut = spec.cutoffs["item_concern_below"]
    matrix, _ = as_item_matrix(lines, spec)
    return [line for line, value in enumerate(matrix[0], start=1) if value < cut]


def ors_clinical_range(total: float | pd.Series) -> bool | pd.Series:
    """True when an adult ORS total is in the clinical range: below the cut-off of 25.

    A total of exactly 25 counts as outside the clinical range (see ``get_spec("ors").notes``).
    Works on one total or a Series of totals (NaN -> NA).
    """
    spec = get_spec("ors")
    cut = spec.cutoffs["clinical_below"]
    return _elementwise(total, lambda t: _check_total(t, spec, "total") < cut)


def ors_reliable_change(before: float | pd.Series, after: float | pd.Series) -> str | pd.Series:
    """Whether the ORS changed reliably from ``before`` to ``after``.

    Returns "reliable improvement" (after - before >= 5), "reliable deterioration"
    (before - after >= 5) or "no reliable change". Works on two totals or two aligned Series
    (a pair with a missing total -> NA).
    """
    spec = get_spec("ors")
    rc = spec.cutoffs["reliable_change"]

    def classify(b: Any, a: Any) -> str:
        change = _check_total(a, spec, "total after") - _check_total(b, spec, "total before")
        # Round away float noise so that 20.1 -> 25.1 counts as a change of exactly 5.
        change = round(change, 6)
        if change >= rc:
            return "reliable improvement"
        if change <= -rc:
            return "reliable deterioration"
        return "no reliable change"

    if isinstance(before, pd.Series) or isinstance(after, pd.Series):
        if not isinstance(before, pd.Series):
            before = pd.Series(before, index=after.index)
        if not isinstance(after, pd.Series):
            after = pd.Series(after, index=before.index)
        b, a = before.align(after)
        return pd.Series(
            [
                pd.NA if pd.isna(x) or pd.isna(y) else classify(x, y)
                for x, y in zip(b, a, strict=True)
            ],
            index=b.index,
            dtype="object",
        )
    return classify(before, after)
