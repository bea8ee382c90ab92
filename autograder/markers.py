"""Where a source cell's solution and hidden tests are: nbgrader's own delimiters, one home.

nbgrader recognises a delimiter anywhere on a line (``### BEGIN SOLUTION``); the words come
from its ``ClearSolutions`` and ``ClearHiddenTests`` preprocessors, so the toolchain and
``nbgrader generate_assignment`` always agree on what is secret.
"""

from __future__ import annotations

from functools import cache

from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions


@cache
def delimiters() -> dict[str, tuple[str, str]]:
    """``{"solution": (begin, end), "hidden": (begin, end)}`` as nbgrader is configured."""
    solutions, hidden = ClearSolutions(), ClearHiddenTests()
    return {"solution": (solutions.begin_solution_delimeter, solutions.end_solution_delimeter),
            "hidden": (hidden.begin_test_delimeter, hidden.end_test_delimeter)}


def _regions(source: str, kind: str) -> list[tuple[int, int]]:
    """1-based (begin, end) line numbers of each marked region, the marker lines included."""
    begin, end = delimiters()[kind]
    regions, start = [], None
    for number, line in enumerate(source.splitlines(), 1):
        if start is None and begin in line:
            start = number
        elif start is not None and end in line:
            regions.append((start, number))
            start = None
    return regions


def hidden_line_numbers(source: str) -> set[int]:
    """Line numbers (1-based) of a test cell's hidden tests, markers included."""
    return {n for a, b in _regions(source, "hidden") for n in range(a, b + 1)}


def marked_text(source: str, kind: str) -> str:
    """The lines inside the ``kind`` regions ("solution" or "hidden"), markers left out."""
    lines = source.splitlines()
    return "\n".join("\n".join(lines[a:b - 1]) for a, b in _regions(source, kind)).strip()
