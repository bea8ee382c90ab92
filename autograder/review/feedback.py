"""``alliance-course feedback``: one self-contained HTML page per student.

Each page lists, part by part: the points earned; for autograded parts, whether the visible
and the hidden tests passed; for written parts, the grader's score and comment; and the total.

A page shows only text the course wrote (an allow-list), never text produced while the
student's code ran. Student code shares the kernel with the hidden tests, so exception
messages, tracebacks, outputs and the ``__str__`` of the student's objects are all theirs to
shape (nbgrader's own feedback shows tracebacks, which quote hidden tests: nbgrader issues
#917 and #1363). A failing test is described by the message its author wrote in that cell
(:mod:`autograder.review.authored`), else by a sentence of ours; an incident by our own words; a
submission that could not be graded by :func:`autograder.grade.result.student_reason`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from autograder.assignment import Assignment, Part, load_assignment
from autograder.grade.gradebook import open_gradebook
from autograder.grade.late import late_text
from autograder.grade.result import INCIDENTS, Status, student_reason
from autograder.markers import hidden_line_numbers
from autograder.records import load_records, write_atomic
from autograder.review.authored import Message, assignment_messages, match
from autograder.review.templates import render

# A hint for Python's own errors, keyed by the error's name only (never its message).
_HINTS = {
    "NameError": "the tests use a name your notebook does not define: check the names the "
                 "question asks for, then run every cell from the top",
    "TypeError": "your code was given or returned a value of the wrong kind",
    "ValueError": "your code raised a ValueError on a value the tests expected it to accept",
    "KeyError": "a column or key the tests look for is missing",
    "IndexError": "your code read past the end of a list",
    "AttributeError": "a value has no attribute the tests use (is it the right kind of value?)",
    "ZeroDivisionError": "your code divided by zero",
    "NotImplementedError": "the answer cell has not been written yet",
    "SyntaxError": "a cell has a typing mistake Python cannot read",
}


@dataclass
class Check:
    """The outcome of one group of tests: passed (True), failed (False) or not run (None)."""

    label: str
    passed: bool | None
    message: str = ""


@dataclass(frozen=True)
class AuthoredCell:
    """What the course wrote in one test cell: its messages, and whether it has hidden tests."""

    label: str
    messages: tuple[Message, ...]
    has_hidden: bool


def part_label(grade_id: str) -> str:
    """``part2-tests`` -> ``Part 2``; any other id as it is."""
    head = grade_id.split("-")[0]
    return f"Part {head[4:]}" if head.startswith("part") and head[4:].isdigit() else grade_id


@cache
def _test_cells(folder: Path) -> dict[tuple[str, str], AuthoredCell]:
    messages = assignment_messages(folder)
    cells = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            key = (path.stem, cell.metadata.get("nbgrader", {}).get("grade_id", ""))
            if key in messages:
                cells[key] = AuthoredCell(part_label(key[1]), tuple(messages[key]),
                                      bool(hidden_line_numbers(cell.source)))
    return cells


def authored_cells(assignment: Assignment) -> dict[tuple[str, str], AuthoredCell]:
    """Every autograded test cell of ``assignment``, read from its source notebooks."""
    return _test_cells(assignment.folder)


def cell_checks(outputs: list[dict], test: AuthoredCell) -> list[Check]:
    """Visible and hidden test outcomes of one executed test cell, in the course's words."""
    error = next((o for o in outputs if o.get("output_type") == "error"), None)
    visible = Check("Visible tests", True)
    hidden = Check("Hidden tests", True) if test.has_hidden else None
    both = [visible] + ([hidden] if hidden else [])
    if error is None:
        return both
    ename = str(error.get("ename", ""))
    if ename in INCIDENTS and INCIDENTS[ename].in_tests:
        return [Check("Tests", False, INCIDENTS[ename].in_tests)]
    authored = match(list(test.messages), str(error.get("evalue", "")))
    if authored is None:
        hint = f" ({_HINTS[ename]})" if ename in _HINTS else ""
        return [Check("Tests", False, f"a check in {test.label} did not pass{hint}")]
    if authored.hidden and hidden is not None:
        hidden.passed, hidden.message = False, authored.shown
    else:
        visible.passed, visible.message = False, authored.shown
        if hidden is not None:
            hidden.passed, hidden.message = None, "a visible check failed first"
    return both


def incident_lines(events: list[dict], known_cells: set[str]) -> list[str]:
    """What went wrong while the notebook ran, in our words, naming only the course's cells."""
    lines: list[str] = []
    for event in events:
        incident = INCIDENTS.get(str(event.get("kind", "")))
        cell = str(event.get("cell", ""))
        line = f"{cell if cell in known_cells else 'A cell'}: {incident.student}" \
            if incident else ""
        if line and line not in lines:
            lines.append(line)
    return lines


def _graded_outputs(workspace: Path, assignment: str,
                    student: str) -> dict[tuple[str, str], list[dict]]:
    found: dict[tuple[str, str], list[dict]] = {}
    folder = workspace / "autograded" / student / assignment
    for path in folder.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id:
                found.setdefault((path.stem, grade_id), cell.get("outputs", []))
    return found


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def student_page(workspace: Path, assignment: Assignment, student: str, gb: Gradebook,
                 record: dict | None = None) -> str:
    """The feedback page of one student, as HTML."""
    record = record or {}
    status = Status.of_record(record.get("status", "graded"))
    reason = student_reason(status, record.get("reason", ""))
    submission = gb.find_submission(assignment.name, student)
    person = submission.student
    name = " ".join(x for x in (person.first_name, person.last_name) if x) or student
    outputs = _graded_outputs(workspace, assignment.name, student)
    tests = authored_cells(assignment)
    parts = [_part(gb, assignment, student, part, outputs.get((part.notebook, part.grade_id)),
                   tests.get((part.notebook, part.grade_id)))
             for part in (assignment.parts if outputs or not reason else [])]
    known = {p.grade_id for p in assignment.parts} | set().union(*assignment.cell_ids.values())
    waiting = sum(1 for nb in submission.notebooks for g in nb.grades if g.needs_manual_grade)
    penalty = float(submission.late_submission_penalty or 0.0)
    return render(
        "feedback.html.j2", assignment=assignment.name, name=name, student=student, reason=reason,
        waiting=waiting, total=_points(max(0.0, float(submission.score) - penalty)),
        late_line=late_line(record.get("late_work", {}), penalty), penalised=bool(penalty),
        maximum=_points(float(submission.max_score)),
        incidents=incident_lines(record.get("events", []), known),
        parts=[p for p in parts if p is not None])


def late_line(entry: dict, penalty: float) -> str:
    """The feedback page's line on lateness: how late, the penalty, the extension (or '')."""
    bits = []
    if entry.get("late"):
        seconds = entry.get("seconds")
        bits.append(f"Handed in {late_text(seconds)} late" if seconds else "Handed in late")
    if penalty:
        bits.append(f"late penalty {_points(penalty)} point{'s' if penalty != 1 else ''}")
    if entry.get("extension"):
        bits.append(f"extension until {entry['extension']}")
    text = "; ".join(bits)
    return text[:1].upper() + text[1:] + "." if text else ""


def _part(gb: Gradebook, assignment: Assignment, student: str, part: Part,
          outputs: list[dict] | None, test: AuthoredCell | None) -> dict | None:
    try:
        grade = gb.find_grade(part.grade_id, part.notebook, assignment.name, student)
    except MissingEntry:
        return None
    items: list[dict] = []
    if part.manual:
        try:
            comment = gb.find_comment(part.grade_id, part.notebook, assignment.name, student)
            text, auto = comment.manual_comment or "", comment.auto_comment or ""
        except MissingEntry:
            text, auto = "", ""
        if grade.needs_manual_grade:
            items.append({"text": "Not graded yet."})
        if auto == "No response.":
            items.append({"text": "No answer was given."})
        if text:
            items.append({"text": "Grader's comment: ", "comment": text})
    elif outputs is None or test is None:
        items.append({"text": "This part was missing from the notebook.", "css": "bad"})
    else:
        for check in cell_checks(outputs, test):
            state, css = {True: ("passed", "ok"), False: ("did not pass", "bad"),
                          None: ("not run", "wait")}[check.passed]
            message = f": {check.message}" if check.message else ""
            items.append({"text": f"{check.label} {state}{message}", "css": css})
    score = grade.score if not grade.needs_manual_grade else None
    return {"grade_id": part.grade_id, "score": _points(score),
            "points": _points(part.points), "checks": items}


def write_feedback(workspace: Path, assignment_name: str) -> list[Path]:
    """Write every graded student's page to ``<workspace>/feedback-pages/<assignment>/``."""
    assignment = load_assignment(assignment_name)
    records = load_records(workspace, assignment.name)["students"]
    folder = workspace / "feedback-pages" / assignment.name
    written = []
    with open_gradebook(workspace) as gb:
        try:
            submissions = gb.assignment_submissions(assignment.name)
        except MissingEntry:
            submissions = []
        if not submissions:
            raise ValueError(f"Nothing of {assignment.name} has been graded yet. Run: "
                             f"alliance-course grade {assignment.name} <submissions> first.")
        for sub in submissions:
            student = sub.student.id
            page = student_page(workspace, assignment, student, gb, records.get(student))
            path = folder / f"{student}.html"
            write_atomic(path, page)
            written.append(path)
    return written
