"""The messages the course wrote: the only test text a feedback page may show.

Student code runs in the same kernel as the hidden tests, so whatever a failing test *says*
at run time (an exception's text, a traceback, printed output) is something the student can
shape: encode the hidden test's source into it, split it over cells, forge a traceback. A
feedback page therefore never shows run-time text. It shows a message only when the run-time
message is one the test's author wrote in that very test cell, found by reading the source
notebook in ``exercises/``:

- ``assert <check>, "message"`` and ``raise AssertionError("message")`` (any exception class)
  with a plain string: shown exactly as written;
- the same with an f-string: the run-time text must fit the f-string's shape, and the page
  shows the author's words with every ``{...}`` value replaced by "…", because those values are
  computed at run time (often from the student's own objects, whose ``__str__`` the student
  writes).

Anything else is reported with a sentence of ours. An f-string with no words of its own
(``f"{msg}"``) is not a message the author wrote and is never matched.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.markers import hidden_line_numbers

GAP = "…"
# Words an f-string message must have of its own (outside its {...} values) to be matched.
_MIN_WORDS = 8


@dataclass(frozen=True)
class Message:
    """One message the test's author wrote: its shape, what a page shows, and where it is."""

    pattern: re.Pattern[str]
    shown: str
    hidden: bool
    own_chars: int


def _template(node: ast.expr) -> tuple[str, str, int] | None:
    """(regex, text shown, characters the author wrote) of a message expression, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        return re.escape(text), text, len(text)
    if not isinstance(node, ast.JoinedStr):
        return None
    regex, shown, own = [r"\s*"], [], 0
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            regex.append(re.escape(value.value))
            shown.append(value.value)
            own += len(value.value.strip())
        else:
            regex.append("(?:.*?)")
            shown.append(GAP)
    text = "".join(shown).strip()
    if own < _MIN_WORDS:
        return None
    return "".join(regex) + r"\s*", text, own


def _message_nodes(tree: ast.AST) -> list[ast.expr]:
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None:
            found.append(node.msg)
        elif (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
              and node.exc.args):
            found.append(node.exc.args[0])
    return found


def cell_messages(source: str) -> list[Message]:
    """Every message written in one test cell's source (empty if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    hidden = hidden_line_numbers(source)
    messages = []
    for node in _message_nodes(tree):
        found = _template(node)
        if found is None:
            continue
        regex, shown, own = found
        messages.append(Message(re.compile(regex, re.S), shown, node.lineno in hidden, own))
    return messages


def match(messages: list[Message], text: str) -> Message | None:
    """The authored message that ``text`` is an instance of (the most specific), or None."""
    fits = [m for m in messages if m.pattern.fullmatch(text.strip())]
    return max(fits, key=lambda m: m.own_chars, default=None)


def assignment_messages(folder: Path) -> dict[tuple[str, str], list[Message]]:
    """Every test cell's messages in an assignment's source folder: (notebook, grade_id) ->."""
    found: dict[tuple[str, str], list[Message]] = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                found[(path.stem, meta["grade_id"])] = cell_messages(cell.source)
    return found
