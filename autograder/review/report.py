"""One row per student for an assignment: gradebook scores joined with the grading log.

``status`` prints these rows; ``export`` writes them for the LMS. Scores always come from the
nbgrader gradebook (so a grade changed in formgrader shows here too); ``score`` is the total after
nbgrader's late-submission penalty, as ``nbgrader export`` computes it.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import MissingEntry

from autograder.grade.gradebook import open_gradebook
from autograder.intake.roster import Person
from autograder.records import load_records, load_roster
from autograder.settings import gradebook_url, is_sqlite


@dataclass
class Row:
    """One student's standing on one assignment."""

    student: str
    name: str = ""
    state: str = "missing"  # graded | failed | missing
    score: float | None = None
    max_score: float = 0.0
    late: bool = False
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    events: list[dict[str, str]] = field(default_factory=list)
    awaiting_manual: int = 0
    person: Person | None = None
    lms: dict[str, str] = field(default_factory=dict)
    raw_score: float | None = None  # before the late penalty
    penalty: float = 0.0            # nbgrader's late_submission_penalty
    late_work: dict[str, t.Any] = field(default_factory=dict)  # grade.late's log entry
    timestamp: str = ""             # nbgrader's SubmittedAssignment.timestamp (UTC), as its export


def _gradebook_scores(workspace: Path, assignment: str) -> tuple[dict[str, t.Any], float]:
    scores: dict[str, t.Any] = {}
    max_score = 0.0
    db_url = gradebook_url(workspace)
    if is_sqlite(db_url) and not (workspace / "gradebook.db").exists():
        return scores, max_score
    with open_gradebook(workspace) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return scores, max_score
        max_score = float(found.max_score)
        for sub in found.submissions:
            waiting = sum(1 for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade)
            student = sub.student
            penalty = float(sub.late_submission_penalty or 0.0)
            scores[student.id] = {
                "score": max(0.0, float(sub.score) - penalty), "raw": float(sub.score),
                "penalty": penalty, "waiting": waiting,
                "timestamp": str(sub.timestamp or ""),
                "name": " ".join(x for x in (student.first_name, student.last_name) if x)}
    return scores, max_score


def assignment_rows(workspace: Path, assignment: str) -> tuple[list[Row], float]:
    """Every student who handed something in or is on the roster; and the maximum score."""
    records = load_records(workspace, assignment)["students"]
    roster = load_roster(workspace)
    scores, max_score = _gradebook_scores(workspace, assignment)
    ids = set(records) | set(scores) | {p.student_id for p in (roster.people if roster else [])}
    rows = []
    for student in sorted(ids):
        record = records.get(student, {})
        person = roster.by_student_id(student) if roster else None
        gb = scores.get(student)
        name = (person.name if person and person.name else "") or record.get("name") or \
            (gb or {}).get("name", "")
        row = Row(student=student, name=name, max_score=max_score, person=person,
                  late=bool(record.get("late_work", {}).get("late", record.get("late"))),
                  late_work=record.get("late_work", {}), reason=record.get("reason", ""),
                  notes=record.get("notes", []), events=record.get("events", []),
                  lms=record.get("lms", {}))
        if gb is not None:
            row.score = gb["score"]
            row.raw_score, row.penalty, row.timestamp = gb["raw"], gb["penalty"], gb["timestamp"]
            row.awaiting_manual = gb["waiting"]
            row.state = "failed" if record.get("status") in ("rejected", "error") else "graded"
        elif record:
            row.state = "failed"
        rows.append(row)
    return rows, max_score
