"""Grading the written answers by hand: nbgrader's formgrader, or a spreadsheet.

Both routes write the same fields of the same nbgrader gradebook (``manual_score``,
``manual_comment``, and clearing ``needs_manual_grade``), so a grade given in one shows in the
other, in ``status``, in ``feedback`` and in ``export``.

The spreadsheet route: ``export_answers`` writes one HTML page with every student's answer and
the rubric, and a CSV with an empty ``score`` and ``comment`` column per answer; ``import_csv``
reads the filled-in CSV back. The import checks every row first and changes nothing unless all
rows are valid.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry

from autograder.assignment import Part, load_assignment
from autograder.grade.gradebook import open_gradebook
from autograder.records import write_atomic
from autograder.review.report import assignment_rows
from autograder.review.templates import render

COLUMNS = ["student_id", "name", "part", "max_points", "answer", "score", "comment"]
NO_ANSWER = "YOUR ANSWER HERE"


class ManualImportError(ValueError):
    """The CSV cannot be imported; nothing was changed. The message names the lines."""


@dataclass
class Answer:
    """One student's answer to one manually graded part."""

    student: str
    name: str
    part: Part
    text: str
    score: float | None
    comment: str
    needs_grading: bool


def _answer_text(workspace: Path, assignment: str, student: str, part: Part) -> str:
    path = workspace / "autograded" / student / assignment / f"{part.notebook}.ipynb"
    if not path.exists():
        return ""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == part.grade_id:
            text = cell.source.strip()
            return "" if set(text.splitlines()) <= {NO_ANSWER, ""} else text
    return ""


def collect_answers(workspace: Path, assignment_name: str) -> list[Answer]:
    """Every graded student's answer to every manually graded part, in roster order."""
    assignment = load_assignment(assignment_name)
    rows, _ = assignment_rows(workspace, assignment_name)
    answers: list[Answer] = []
    with open_gradebook(workspace) as gb:
        for row in rows:
            if row.state != "graded":
                continue
            for part in assignment.manual_parts:
                try:
                    grade = gb.find_grade(part.grade_id, part.notebook, assignment.name,
                                          row.student)
                    comment = gb.find_comment(part.grade_id, part.notebook, assignment.name,
                                              row.student)
                except MissingEntry:
                    continue
                unanswered = comment.auto_comment == "No response."
                answers.append(Answer(
                    student=row.student, name=row.name, part=part,
                    text="" if unanswered else _answer_text(workspace, assignment.name,
                                                            row.student, part),
                    score=grade.manual_score if grade.manual_score is not None
                    else (None if grade.needs_manual_grade else grade.auto_score),
                    comment=comment.manual_comment or "",
                    needs_grading=bool(grade.needs_manual_grade)))
    return answers


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def answers_csv(answers: list[Answer]) -> str:
    """The spreadsheet to fill in: one row per answer; only score and comment are read back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in answers:
        writer.writerow([a.student, a.name, a.part.grade_id, _fmt(a.part.points),
                         a.text or "(no answer)", _fmt(a.score), a.comment])
    return out.getvalue()


def answers_html(assignment: str, answers: list[Answer]) -> str:
    """One self-contained page: each part's question and rubric, then every student's answer."""
    parts: dict[str, list[Answer]] = {}
    for a in answers:
        parts.setdefault(a.part.grade_id, []).append(a)
    return render("answers.html.j2", assignment=assignment, parts=[{
        "grade_id": grade_id, "points": _fmt(group[0].part.points),
        "prompt": group[0].part.prompt, "rubric": group[0].part.rubric,
        "answers": [{"student": a.student, "name": a.name, "text": a.text,
                     "state": "to grade" if a.needs_grading else f"score {_fmt(a.score)}"}
                    for a in group]} for grade_id, group in parts.items()])


def export_answers(workspace: Path, assignment: str,
                   out: Path | None = None) -> tuple[Path, Path]:
    """Write the HTML page and the CSV to fill in; return their paths."""
    answers = collect_answers(workspace, assignment)
    if not answers:
        raise ValueError(f"No graded submissions of {assignment} have written answers yet. "
                         f"Run: alliance-course grade {assignment} <submissions> first.")
    folder = out or workspace / "manual"
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / f"{assignment}-answers.html"
    csv_path = folder / f"{assignment}-manual-grades.csv"
    write_atomic(html_path, answers_html(assignment, answers))
    write_atomic(csv_path, answers_csv(answers))
    return html_path, csv_path


def _read_table(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # a spreadsheet saved as "CSV (Windows)"
    try:
        dialect: t.Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _number(text: str) -> float:
    return float(text.strip().replace(",", "."))


def import_csv(workspace: Path, assignment_name: str, path: Path) -> int:
    """Read the filled-in CSV into the gradebook, all rows or none; return how many scores."""
    if not path.exists():
        raise ManualImportError(f"There is no file called {path}.")
    assignment = load_assignment(assignment_name)
    parts = {p.grade_id: p for p in assignment.manual_parts}
    rows = _read_table(path)
    if not rows:
        raise ManualImportError(f"{path.name} is empty.")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("student_id", "part", "score", "comment") if c not in header]
    if missing:
        raise ManualImportError(f"{path.name} has no column called {', '.join(missing)} on its "
                                f"first line (expected: {', '.join(COLUMNS)}).")
    col = {name: header.index(name) for name in ("student_id", "part", "score", "comment")}
    problems: list[str] = []
    updates: list[tuple[int, str, Part, float | None, str]] = []
    seen: set[tuple[str, str]] = set()
    with open_gradebook(workspace) as gb:
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = [row[i].strip() if i < len(row) else "" for i in range(len(header))]
            student, grade_id = cells[col["student_id"]], cells[col["part"]]
            score_text, comment = cells[col["score"]], cells[col["comment"]]
            part = parts.get(grade_id)
            if part is None:
                problems.append(f"line {number}: '{grade_id}' is not a written part of "
                                f"{assignment.name} (parts: {', '.join(parts)})")
                continue
            if (student, grade_id) in seen:
                problems.append(f"line {number}: {student}'s {grade_id} appears twice")
                continue
            seen.add((student, grade_id))
            try:
                gb.find_grade(grade_id, part.notebook, assignment.name, student)
            except MissingEntry:
                problems.append(f"line {number}: no graded submission of {assignment.name} "
                                f"from '{student}'")
                continue
            score: float | None = None
            if score_text:
                try:
                    score = _number(score_text)
                except ValueError:
                    problems.append(f"line {number}: the score '{score_text}' is not a number")
                    continue
                if not 0 <= score <= part.points:
                    problems.append(f"line {number}: the score {score_text} for {student}'s "
                                    f"{grade_id} must be between 0 and {part.points:g}")
                    continue
            elif comment:
                problems.append(f"line {number}: {student}'s {grade_id} has a comment but no "
                                "score")
                continue
            updates.append((number, student, part, score, comment))
        if problems:
            shown = "\n  ".join(problems[:10])
            more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
            raise ManualImportError(f"Nothing was imported: {len(problems)} line(s) of "
                                    f"{path.name} need fixing first:\n  {shown}{more}")
        count = 0
        try:
            for _, student, part, score, comment in updates:
                if score is None:
                    continue
                grade = gb.find_grade(part.grade_id, part.notebook, assignment.name, student)
                grade.manual_score = score
                grade.needs_manual_grade = False
                note = gb.find_comment(part.grade_id, part.notebook, assignment.name, student)
                note.manual_comment = comment or None
                count += 1
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise
    return count


def formgrader_command(workspace: Path) -> list[str]:
    """The command that opens nbgrader's formgrader (in JupyterLab) on the workspace."""
    command = [str(Path(sys.executable).parent / "jupyter"), "lab",
               f"--notebook-dir={workspace}", "--ServerApp.default_url=/formgrader"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return command


def formgrader_help(workspace: Path, assignment: str) -> str:
    """How to grade the written answers in nbgrader's formgrader, or in a spreadsheet."""
    waiting = sum(r.awaiting_manual for r in assignment_rows(workspace, assignment)[0])
    return (
        f"{waiting} written answer(s) of {assignment} await manual grading.\n\n"
        "In the browser, with nbgrader's formgrader:\n"
        f"  alliance-course manual {assignment} --formgrader\n"
        f"  (it runs: ALLIANCE_WORKSPACE={workspace} {' '.join(formgrader_command(workspace))})"
        f"\n  then open {assignment}, click the number under 'Manual Grading', and grade.\n\n"
        "In a spreadsheet:\n"
        f"  alliance-course manual {assignment} --export\n"
        f"  alliance-course manual {assignment} --import <the filled-in CSV>"
    )


def open_formgrader(workspace: Path) -> int:
    """Start JupyterLab on the workspace, showing the formgrader; return when it is stopped."""
    env = {**os.environ, "ALLIANCE_WORKSPACE": str(workspace)}
    (workspace / "exchange").mkdir(exist_ok=True)  # nbgrader's panels look for it
    print("Starting JupyterLab with nbgrader's formgrader. Your browser opens on it; if not, "
          "copy the address printed below. Press Ctrl-C here when you are done.")
    return subprocess.call(formgrader_command(workspace), env=env, cwd=workspace)
