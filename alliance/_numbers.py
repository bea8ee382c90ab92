"""What counts as a number, one rule for the whole library: text is never a number.

``float("0.3")`` and ``np.asarray(["0.2", "0.3"], dtype=float)`` quietly turn text into numbers,
so a column read from a spreadsheet as text would be analysed as if it were numeric in one
function and refused in another. Every public function in ``alliance.stats`` and
``alliance.measures`` asks these two helpers instead, and refuses text with its own message.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd


def is_number(value: Any) -> bool:
    """True for a real number (int, float, numpy number); False for text, booleans, others."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def first_text(value: Any) -> tuple[tuple[int, ...], str | bytes] | None:
    """The position and value of the first text item in ``value``, or None if it holds none.

    ``value`` may be a single value, a list (also nested), an array or a pandas Series; the
    position is () for a single value, else the index path, e.g. (1,) for the second element.
    """
    if isinstance(value, (str, bytes)):
        return (), value
    if isinstance(value, pd.Series | pd.Index):
        if value.dtype.kind in "biufcmM":  # a numeric, boolean or date column holds no text
            return None
        value = value.to_numpy(dtype=object)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "USO":  # numeric, boolean or date arrays hold no text
            return None
        for pos, item in np.ndenumerate(value):
            if isinstance(item, str):
                return pos, str(item)  # a plain str: numpy's str_ shows as np.str_('...')
            if isinstance(item, bytes):
                return pos, bytes(item)
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = first_text(item)
            if found is not None:
                return (i, *found[0]), found[1]
    return None
