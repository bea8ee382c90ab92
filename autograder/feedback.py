"""``alliance-course feedback``: one self-contained HTML page per student.

Each page lists, part by part: the points earned; for autograded parts, whether the visible
tests and the hidden tests passed, with the message the test gives students; for written parts,
the grader's score and comment; and the total. It never contains code: not the student's, not
a solution, not a test and not a traceback (IPython tracebacks quote the test's source, which is
how nbgrader's own feedback leaks hidden tests: nbgrader issues #917 and #1363). Whether a failing
line was visible or hidden is read from the traceback's line number, then the traceback is
dropped. Student code can read the running cell's source back from IPython, so a message raised
in the student's own functions is not shown, and any message quoting a line of a hidden test or
a solution is withheld.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from autograder.assignment import Assignment, Part, load_assignment, solution_text
from autograder.records import load_records, write_atomic
from autograder.task import COURSE_ID
from autograder.workspace import gradebook_url

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\s*\n(.*?)### END HIDDEN TESTS", re.S)
# A line this long is specific enough to a test or solution that seeing it in a message means
# the message quotes course code (student code can read a cell's source back from IPython).
_SECRET_MIN = 16
_WITHHELD = "a check did not pass (its message quoted the course's code, so it is not shown)"
_MESSAGES = {
    "CellTimeoutError": "it did not finish in time (an endless loop?)",
    "KernelDied": "Python stopped while running it (a crash, or too much memory)",
    "TimeLimit": "it was not run: the notebook used up its time",
}
# What students read when their own code misbehaved while the notebook ran (grading records).
_INCIDENTS = {
    "CellTimeoutError": "did not finish in time (an endless loop?) and was stopped",
    "KernelDied": "stopped Python (a crash, or too much memory); the cells after it were run "
                  "afresh, without what came before",
    "OutputLimit": "printed far too much; the extra output was dropped",
    "TimeLimit": "was not run: your notebook had used up its time",
}


@dataclass
class Check:
    """The outcome of one group of tests: passed (True), failed (False) or not run (None)."""

    label: str
    passed: bool | None
    message: str = ""


def hidden_lines(source: str) -> range:
    """Line numbers (1-based) between the hidden-test markers of a test cell's source."""
    lines = source.splitlines()
    begin = next((i for i, ln in enumerate(lines, 1) if "BEGIN HIDDEN TESTS" in ln), None)
    end = next((i for i, ln in enumerate(lines, 1) if "END HIDDEN TESTS" in ln), None)
    return range(begin, end) if begin and end else range(0)


def secret_lines(assignment: Assignment) -> frozenset[str]:
    """Every substantial line of the assignment's hidden tests and solutions."""
    lines: set[str] = set()
    for path in sorted(assignment.folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for block in _HIDDEN.findall(cell.source) + [solution_text(cell.source)]:
                lines.update(ln.strip() for ln in block.splitlines()
                             if len(ln.strip()) >= _SECRET_MIN)
    return frozenset(lines)


def _message(output: dict, frames: str, secrets: frozenset[str]) -> str:
    ename, evalue = output.get("ename", "Error"), _ANSI.sub("", str(output.get("evalue", "")))
    if ename in _MESSAGES:
        return _MESSAGES[ename]
    # Raised inside a function defined in the notebook (the student's own code, called by the
    # test): its message is the student's to choose, so it could carry what the kernel ran.
    if len(_LINE.findall(frames)) > 1:
        return f"your code raised {ename} when the test called it"
    if ename == "AssertionError":
        text = evalue.strip() or "a check did not pass"
    else:
        text = f"{ename}: {evalue.strip()}"
    # Searched before it is shortened: a quoted line cut at the end would no longer match.
    if "BEGIN HIDDEN" in text or "BEGIN SOLUTION" in text or any(s in text for s in secrets):
        return _WITHHELD
    return text[:400]


def cell_checks(cell: nbformat.NotebookNode,
                secrets: frozenset[str] = frozenset()) -> list[Check]:
    """Visible and hidden test outcomes of one executed test cell (no code, no traceback).

    A message that quotes a line of ``secrets`` (hidden tests, solutions) is withheld.
    """
    hidden = hidden_lines(cell.source)
    error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
    visible = Check("Visible tests", True)
    secret = Check("Hidden tests", True) if hidden else None
    if error is not None:
        frames = _ANSI.sub("", "\n".join(error.get("traceback", [])))
        found = _LINE.search(frames)
        line = int(found.group(1)) if found else None
        message = _message(error, frames, secrets)
        if line is not None and line in hidden and secret is not None:
            secret.passed, secret.message = False, message
        else:
            visible.passed, visible.message = False, message
            if secret is not None:
                secret.passed = None
                secret.message = "a visible check failed first"
    return [visible] + ([secret] if secret else [])


def _cells(workspace: Path, assignment: str,
           student: str) -> dict[tuple[str, str], nbformat.NotebookNode]:
    found: dict[tuple[str, str], nbformat.NotebookNode] = {}
    folder = workspace / "autograded" / student / assignment
    for path in folder.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id:
                found.setdefault((path.stem, grade_id), cell)
    return found


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def incidents_html(events: list[dict]) -> str:
    """What went wrong while the student's notebook ran, in plain words (empty if nothing)."""
    lines: list[str] = []
    for event in events:
        what = _INCIDENTS.get(event.get("kind", ""))
        line = f"<li>{html.escape(str(event.get('cell', 'a cell')))}: {what}</li>" if what else ""
        if line and line not in lines:
            lines.append(line)
    if not lines:
        return ""
    return ('<section><h2>While your notebook ran</h2><ul class="wait">' + "".join(lines)
            + "</ul><p>Tests that needed these cells could not pass. Run your notebook from "
            "the top (Restart Kernel and Run All Cells) to see the same thing.</p></section>")


def student_page(workspace: Path, assignment: Assignment, student: str, gb: Gradebook,
                 reason: str = "", events: list[dict] | None = None,
                 secrets: frozenset[str] | None = None) -> str:
    """The feedback page of one student, as HTML."""
    secrets = secret_lines(assignment) if secrets is None else secrets
    submission = gb.find_submission(assignment.name, student)
    person = submission.student
    name = " ".join(x for x in (person.first_name, person.last_name) if x) or student
    cells = _cells(workspace, assignment.name, student)
    sections = []
    for part in assignment.parts if cells or not reason else []:
        sections.append(_part_html(gb, assignment, student, part,
                                   cells.get((part.notebook, part.grade_id)), secrets))
    total, maximum = float(submission.score), float(submission.max_score)
    waiting = sum(1 for nb in submission.notebooks for g in nb.grades if g.needs_manual_grade)
    notice = ""
    if reason:
        notice = (f'<p class="bad">Your file could not be graded: {html.escape(reason)}. '
                  "Please contact your instructor.</p>")
    elif waiting:
        notice = (f'<p class="wait">{waiting} written answer(s) have not been graded yet; '
                  "the total will change when they are.</p>")
    body = (f"<h1>{html.escape(assignment.name)}: feedback</h1>"
            f"<p>For {html.escape(name)} ({html.escape(student)})</p>{notice}"
            f'<p class="total">Total: <b>{_points(total)} / {_points(maximum)}</b> points</p>'
            + incidents_html(events or []) + "".join(sections))
    return _page(f"{assignment.name}: feedback for {name}", body)


def _part_html(gb: Gradebook, assignment: Assignment, student: str, part: Part,
               cell: nbformat.NotebookNode | None, secrets: frozenset[str]) -> str:
    try:
        grade = gb.find_grade(part.grade_id, part.notebook, assignment.name, student)
    except MissingEntry:
        return ""
    score = grade.score if not grade.needs_manual_grade else None
    head = (f"<section><h2>{html.escape(part.grade_id)}: {_points(score)} / "
            f"{_points(part.points)} points</h2>")
    items = []
    if part.manual:
        try:
            comment = gb.find_comment(part.grade_id, part.notebook, assignment.name, student)
            text = comment.manual_comment or ""
            auto = comment.auto_comment or ""
        except MissingEntry:
            text, auto = "", ""
        if grade.needs_manual_grade:
            items.append("<li>Not graded yet.</li>")
        if auto == "No response.":
            items.append("<li>No answer was given.</li>")
        if text:
            items.append(f'<li>Grader\'s comment: <span class="comment">'
                         f"{html.escape(text)}</span></li>")
    elif cell is None:
        items.append('<li class="bad">This part was missing from the notebook.</li>')
    else:
        for check in cell_checks(cell, secrets):
            state, css = {True: ("passed", "ok"), False: ("did not pass", "bad"),
                          None: ("not run", "wait")}[check.passed]
            message = f": {html.escape(check.message)}" if check.message else ""
            items.append(f'<li class="{css}">{check.label} {state}{message}</li>')
    return head + "<ul>" + "".join(items) + "</ul></section>"


def _page(title: str, body: str) -> str:
    style = ("body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
             "padding:0 1rem;line-height:1.5;color:#222}section{border-top:1px solid #ddd}"
             "h2{font-size:1.1rem}.ok{color:#17672e}.bad{color:#a4161a}.wait{color:#7a5b00}"
             ".total{font-size:1.2rem}.comment{white-space:pre-wrap}")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{style}</style></head>"
            f"<body>{body}</body></html>\n")


def write_feedback(workspace: Path, assignment_name: str) -> list[Path]:
    """Write every graded student's page to ``<workspace>/feedback-pages/<assignment>/``."""
    assignment = load_assignment(assignment_name)
    records = load_records(workspace, assignment.name)["students"]
    folder = workspace / "feedback-pages" / assignment.name
    written = []
    secrets = secret_lines(assignment)
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        try:
            submissions = gb.assignment_submissions(assignment.name)
        except MissingEntry:
            submissions = []
        if not submissions:
            raise ValueError(f"Nothing of {assignment.name} has been graded yet. Run: "
                             f"alliance-course grade {assignment.name} <submissions> first.")
        for sub in submissions:
            student = sub.student.id
            record = records.get(student, {})
            page = student_page(workspace, assignment, student, gb, record.get("reason", ""),
                                record.get("events", []), secrets)
            path = folder / f"{student}.html"
            write_atomic(path, page)
            written.append(path)
    return written
