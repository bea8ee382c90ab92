"""Every direct quotation in the chapters carries a page or paragraph locator (APA 7, 8.25).

The test reads the prose of ``chapters/*.md`` (front matter, code cells, inline code, directive
option lines and HTML tags are left out) and finds every pair of double quotation marks,
straight (``"…"``) or curly (``“…”``), that encloses five or more words. Each such pair passes
only if one of these stands in the same paragraph, after the opening mark:

- a **locator**: ``p. 12``, ``pp. 12–13`` or ``para. 3`` (the citation that follows a quotation,
  e.g. ``{cite:p}`greenson1965` (p. 157)`` or ``Greenson (1965, p. 157)``);
- a **marker** saying that the words in quotation marks are not quoted from a source, written
  as an HTML comment (invisible in the web book) ``<!-- quote-check: REASON -->`` where REASON
  is one of:

  - ``paraphrase``: our wording of a source's point or of a commonly heard claim;
  - ``fictional``: words spoken in an invented vignette or example;
  - ``label``: the name of a control, axis or option in one of the course's charts.

A marker covers every quotation in its paragraph. It must not begin a line: a line that starts
with ``<!--`` is an HTML block in Markdown, which would cut the paragraph in two and leave the
rest of that line outside it. A quotation inside an admonition whose title
says ``fictional`` (the course's vignettes: "A fictional vignette: …") needs no marker, because
the reader can already see that the words are invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

CHAPTERS = sorted((REPO_ROOT / "chapters").glob("*.md"))
MIN_WORDS = 5
LOCATOR = re.compile(r"\b(?:pp?|para)\.\s?\d")
MARKER = re.compile(r"<!--\s*quote-check:\s*([\w-]+)\s*-->")
REASONS = {"paraphrase", "fictional", "label"}
QUOTED = re.compile(r"\"([^\"]*)\"|“([^”]*)”")
FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})(.*)$")


@dataclass(frozen=True)
class Quotation:
    """One pair of quotation marks in a chapter's prose."""

    chapter: str
    line: int
    words: str


def _prose_blocks(text: str) -> list[tuple[int, str, bool]]:
    """Split a chapter into paragraphs of prose: (first line, text, inside a fictional box).

    Code cells, front matter, inline code, option lines (``:class: note``) and HTML tags
    (other than the quote-check marker) are blanked so that their quotation marks are not read
    as prose.
    """
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        lines = [""] * (end + 1) + lines[end + 1 :]
    blocks: list[tuple[int, str, bool]] = []
    stack: list[tuple[str, bool]] = []  # open fences: (fence, is a fictional box)
    in_code = ""
    current: list[str] = []
    start = 0

    def flush() -> None:
        if current:
            fictional = any(f for _, f in stack)
            blocks.append((start + 1, "\n".join(current), fictional))
            current.clear()

    for i, line in enumerate(lines):
        if in_code:
            if line.strip() == in_code:
                in_code = ""
            continue
        fence = FENCE.match(line)
        if fence:
            flush()
            mark, rest = fence.group(2), fence.group(3).strip()
            if not rest and stack and stack[-1][0] == mark:
                stack.pop()
            elif rest.startswith("{code-cell}") or (mark[0] == "`" and not rest.startswith("{")):
                in_code = mark
            else:
                fictional = rest.startswith("{admonition}") and "fictional" in rest.lower()
                stack.append((mark, fictional))
            continue
        if not line.strip() or re.match(r"^\s*:[\w-]+:", line):
            flush()
            continue
        if not current:
            start = i
        current.append(line)
    flush()
    cleaned = []
    for first, block, fictional in blocks:
        block = re.sub(r"`[^`]*`", "``", block)
        block = re.sub(r"<(?!!--\s*quote-check)[^>]*>", "", block)
        cleaned.append((first, block, fictional))
    return cleaned


def unlocated_quotations(path: Path) -> list[Quotation]:
    """Quotations of five or more words in ``path`` with neither a locator nor a marker."""
    found: list[Quotation] = []
    for first, block, fictional in _prose_blocks(path.read_text(encoding="utf-8")):
        if fictional:
            continue
        reasons = MARKER.findall(block)
        unknown = sorted(set(reasons) - REASONS)
        assert not unknown, (
            f"{path.name} line {first}: unknown quote-check reason {unknown}; use one of "
            f"{sorted(REASONS)}"
        )
        if reasons:
            continue
        for match in QUOTED.finditer(block):
            words = match.group(1) if match.group(1) is not None else match.group(2)
            if len(words.split()) < MIN_WORDS:
                continue
            if LOCATOR.search(block, match.start()):
                continue
            line = first + block.count("\n", 0, match.start())
            found.append(Quotation(path.name, line, " ".join(words.split())))
    return found


def test_the_chapters_are_found() -> None:
    assert len(CHAPTERS) >= 9, "expected the course's chapters in chapters/*.md"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_quotation_has_a_locator_or_says_it_is_not_one(path: Path) -> None:
    missing = unlocated_quotations(path)
    assert missing == [], (
        "Give each direct quotation a page or paragraph locator (p. 12, pp. 12-13, para. 3), "
        "or, if the words are not quoted from a source, add <!-- quote-check: paraphrase -->, "
        "<!-- quote-check: fictional --> or <!-- quote-check: label --> to the paragraph:\n"
        + "\n".join(f'  line {q.line}: "{q.words}"' for q in missing)
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_marker_begins_a_line(path: Path) -> None:
    starts = [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if line.lstrip().startswith("<!--") and MARKER.search(line)
    ]
    assert starts == [], (
        f"{path.name}: move the quote-check marker on line(s) {starts} after the first words of "
        "the line; a line that starts with <!-- becomes a separate HTML block."
    )
