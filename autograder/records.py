"""The grading log kept beside the gradebook: what each student handed in and how it went.

nbgrader's gradebook holds scores; this file (``<workspace>/grading/<assignment>.json``) holds
what nbgrader has no place for: where each submission came from, its fingerprint (so a second
download regrades only what changed), whether it was late, and the one-line reason when it could
not be graded. Only the coordinator writes it, atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
import typing as t
from pathlib import Path

from autograder.intake.roster import Roster, read_roster


def records_path(workspace: Path, assignment: str) -> Path:
    """Where the grading log of ``assignment`` lives."""
    return workspace / "grading" / f"{assignment}.json"


def load_records(workspace: Path, assignment: str) -> dict[str, t.Any]:
    """Return the grading log (empty if nothing was graded yet)."""
    path = records_path(workspace, assignment)
    if not path.exists():
        return {"assignment": assignment, "fingerprint": "", "students": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def save_records(workspace: Path, assignment: str, records: dict[str, t.Any]) -> None:
    """Write the grading log atomically (a crash never leaves half a file)."""
    write_atomic(records_path(workspace, assignment), json.dumps(records, indent=1,
                                                                 sort_keys=True))


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def roster_path(workspace: Path) -> Path:
    """The course roster kept in the workspace (copied there by ``grade --roster``)."""
    return workspace / "roster.csv"


def load_roster(workspace: Path) -> Roster | None:
    """The workspace's roster, or None if none was given yet."""
    path = roster_path(workspace)
    return read_roster(path) if path.exists() else None
