"""``alliance-course export``: the assignment's grades as a CSV for the LMS.

- ``canvas``: Canvas's gradebook import format, as Canvas's own export writes it:
  ``Student, ID, SIS User ID, SIS Login ID, Section, <Assignment name (Canvas id)>`` and a
  ``Points Possible`` line. Canvas matches students on ``ID`` (its user id, from the roster or
  the submission download), else on ``SIS User ID`` / ``SIS Login ID``, and the column on the
  assignment id in brackets (without an id, Canvas matches the name or creates a new column).
- ``moodle``: Moodle's offline grading worksheet (Assignment > Upload grading worksheet),
  matched on ``Identifier`` ("Participant <id>" from the download names or the roster); its
  ``Email address`` column also lets Moodle's gradebook CSV import match students.
- ``csv``: the columns of ``nbgrader export``'s plain CSV.

Students with no submission get an empty cell (the LMS then leaves their grade alone) unless
``missing_zero`` is set. Totals are the gradebook's, manual grades included.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from autograder.records import write_atomic
from autograder.report import Row, assignment_rows

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name",
                    "first_name", "email", "raw_score", "late_submission_penalty", "score",
                    "max_score"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "Status", "Grade",
                  "Maximum Grade", "Grade can be changed", "Last modified (submission)",
                  "Last modified (grade)", "Feedback comments"]


def _score(row: Row, missing_zero: bool) -> str:
    if row.score is None:
        return "0" if missing_zero else ""
    return f"{row.score:g}"


def _names(row: Row) -> tuple[str, str]:
    person = row.person
    if person and (person.first_name or person.last_name):
        return person.last_name, person.first_name
    if "," in row.name:
        last, first = row.name.split(",", 1)
        return last.strip(), first.strip()
    first, _, last = row.name.partition(" ")
    return last, first


def canvas_csv(rows: list[Row], column: str, max_score: float, missing_zero: bool) -> str:
    """Canvas's gradebook import CSV for one assignment column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column])
    writer.writerow(["    Points Possible", "", "", "", "", f"{max_score:g}"])
    for row in rows:
        p = row.person
        last, first = _names(row)
        writer.writerow([f"{last}, {first}".strip(", "),
                         (p.canvas_id if p else "") or row.lms.get("canvas_id", ""),
                         p.sis_user_id if p else "", p.sis_login_id if p else "",
                         p.section if p else "", _score(row, missing_zero)])
    return out.getvalue()


def moodle_csv(rows: list[Row], max_score: float, missing_zero: bool) -> str:
    """Moodle's offline grading worksheet, filled in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MOODLE_COLUMNS)
    for row in rows:
        p = row.person
        moodle_id = (p.moodle_id if p else "") or row.lms.get("moodle_id", "")
        last, first = _names(row)
        status = {"graded": "Graded", "failed": "Submitted"}.get(row.state, "No submission")
        writer.writerow([f"Participant {moodle_id}" if moodle_id else "",
                         f"{first} {last}".strip(), p.email if p else "", status,
                         _score(row, missing_zero), f"{max_score:g}", "Yes", "-", "-", ""])
    return out.getvalue()


def nbgrader_csv(rows: list[Row], assignment: str, max_score: float, missing_zero: bool) -> str:
    """The plain CSV, with the columns of ``nbgrader export``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NBGRADER_COLUMNS)
    for row in rows:
        last, first = _names(row)
        score = _score(row, missing_zero)
        writer.writerow([assignment, "", "", row.student, last, first,
                         row.person.email if row.person else "", score,
                         "0" if score else "", score, f"{max_score:g}"])
    return out.getvalue()


def export_grades(workspace: Path, assignment: str, fmt: str, *, missing_zero: bool = False,
                  out: Path | None = None, lms_name: str | None = None,
                  lms_id: str | None = None) -> Path:
    """Write the grades of ``assignment`` in ``fmt`` (canvas, moodle or csv); return the file."""
    rows, max_score = assignment_rows(workspace, assignment)
    if not any(r.score is not None for r in rows):
        raise ValueError(f"Nothing of {assignment} has been graded yet. Run: "
                         f"alliance-course grade {assignment} <submissions> first.")
    if fmt == "canvas":
        column = lms_name or assignment
        if lms_id:
            column = f"{column} ({lms_id})"
        else:
            # Canvas matches an imported column to an existing assignment by "Name (id)";
            # without the id it creates a new column instead.
            print(f"note: the column is named '{column}' with no Canvas assignment id, so "
                  "Canvas will add it as a new assignment. To fill an existing one, give "
                  "--lms-name 'its name' --lms-id <the number in its web address>.",
                  file=sys.stderr)
        text = canvas_csv(rows, column, max_score, missing_zero)
        unmatched = [r.student for r in rows if not ((r.person and (
            r.person.canvas_id or r.person.sis_user_id or r.person.sis_login_id))
            or r.lms.get("canvas_id"))]
    elif fmt == "moodle":
        text = moodle_csv(rows, max_score, missing_zero)
        unmatched = [r.student for r in rows if not ((r.person and r.person.moodle_id)
                                                     or r.lms.get("moodle_id"))]
    elif fmt == "csv":
        text, unmatched = nbgrader_csv(rows, assignment, max_score, missing_zero), []
    else:
        raise ValueError(f"Unknown format '{fmt}': use canvas, moodle or csv.")
    waiting = sum(r.awaiting_manual for r in rows)
    if waiting:
        print(f"note: {waiting} written answer(s) are not graded yet and count as 0 in this "
              f"export (see: alliance-course manual {assignment}).", file=sys.stderr)
    if unmatched:
        print(f"note: the LMS cannot match {len(unmatched)} student(s) without their {fmt} id "
              f"({', '.join(unmatched[:5])}{'...' if len(unmatched) > 5 else ''}); give "
              "'grade' a --roster exported from the LMS.", file=sys.stderr)
    path = out or workspace / "exports" / f"{assignment}-{fmt}.csv"
    write_atomic(path, text)
    return path
