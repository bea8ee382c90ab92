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
``missing_zero`` is set. Totals are the gradebook's, manual grades included, after nbgrader's
late-submission penalty (as ``nbgrader export`` computes them).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

from autograder.records import load_records, load_roster, write_atomic
from autograder.review.report import Row, assignment_rows

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name",
                    "first_name", "email", "raw_score", "late_submission_penalty", "score",
                    "max_score"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "Status", "Grade",
                  "Maximum Grade", "Grade can be changed", "Last modified (submission)",
                  "Last modified (grade)", "Feedback comments"]


# Canvas's gradebook importer takes a column whose name has these words for one of its own
# total columns (Current Score, Final Grade, Unposted Final Points, Override Score ...) and
# skips it, so the grades would silently not be imported.
CANVAS_RESERVED_WORDS = ("current", "final", "unposted", "override", "score", "points", "grade")
CANVAS_RESERVED_NAMES = ("student", "id", "sis user id", "sis login id", "section",
                         "integration id", "root account", "notes")


def check_canvas_column(column: str) -> None:
    """Refuse a Canvas column name that Canvas's importer would skip; ValueError says why."""
    words = sorted({w for w in re.findall(r"[a-z]+", column.lower())
                    if w in CANVAS_RESERVED_WORDS})
    if words or column.strip().lower() in CANVAS_RESERVED_NAMES:
        found = ", ".join(f"'{w}'" for w in words) or f"'{column}'"
        raise ValueError(
            f"Canvas would skip a column named '{column}': its importer keeps names with "
            f"{found} for its own columns, so no grade would arrive. Give --lms-name a name "
            "without the words Current, Final, Unposted, Override, Score, Points or Grade "
            "(for example the assignment's title).")


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


def nbgrader_csv(rows: list[Row], assignment: str, max_score: float, missing_zero: bool,
                 duedate: str = "") -> str:
    """The plain CSV, with the columns of ``nbgrader export`` (score = raw score - penalty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NBGRADER_COLUMNS)
    for row in rows:
        last, first = _names(row)
        score = _score(row, missing_zero)
        raw = f"{row.raw_score:g}" if row.raw_score is not None else score
        writer.writerow([assignment, duedate, row.timestamp, row.student, last, first,
                         row.person.email if row.person else "", raw,
                         f"{row.penalty:g}" if score else "", score, f"{max_score:g}"])
    return out.getvalue()


def export_grades(workspace: Path, assignment: str, fmt: str, *, missing_zero: bool = False,
                  out: Path | None = None, lms_name: str | None = None,
                  lms_id: str | None = None) -> Path:
    """Write the grades of ``assignment`` in ``fmt`` (canvas, moodle or csv); return the file."""
    rows, max_score = assignment_rows(workspace, assignment)
    if load_roster(workspace) is not None:
        for row in rows:
            if row.person is None:
                print(f"not exported (not on the roster): {row.student}", file=sys.stderr)
        rows = [r for r in rows if r.person is not None]
    if not any(r.score is not None for r in rows):
        raise ValueError(f"Nothing of {assignment} has been graded yet. Run: "
                         f"alliance-course grade {assignment} <submissions> first.")
    if fmt == "canvas":
        column = lms_name or assignment
        check_canvas_column(column)
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
        due = load_records(workspace, assignment).get("late_policy", {}).get("due_utc", "")
        text, unmatched = nbgrader_csv(rows, assignment, max_score, missing_zero, due), []
    else:
        raise ValueError(f"Unknown format '{fmt}': use canvas, moodle or csv.")
    waiting = sum(r.awaiting_manual for r in rows)
    if waiting:
        print(f"note: {waiting} written answer(s) are not graded yet and count as 0 in this "
              f"export (see: alliance-course manual {assignment}).", file=sys.stderr)
    if unmatched:
        where = ("the roster has no Canvas ID, SIS User ID or SIS Login ID for them"
                 if fmt == "canvas" else "the roster has no Moodle Identifier for them")
        if load_roster(workspace) is None:
            where = ("no roster was given, and their files did not carry an LMS id; give "
                     "'grade' a --roster exported from the LMS")
        print(f"note: the LMS cannot match {len(unmatched)} student(s): "
              f"{', '.join(unmatched[:5])}{'...' if len(unmatched) > 5 else ''} ({where}).",
              file=sys.stderr)
    for item in load_records(workspace, assignment).get("unmatched", []):
        print(f"not exported (no roster student): {item['file']}: {item['reason']}",
              file=sys.stderr)
    path = out or workspace / "exports" / f"{assignment}-{fmt}.csv"
    write_atomic(path, text)
    return path
