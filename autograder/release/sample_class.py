"""A simulated class for trying a grading round: fictional students, as Canvas downloads them.

``python -m autograder.release.sample_class ex00-orientation`` (or ``alliance-course sample-class``)
writes into the grading workspace:

- ``sample-class/<assignment>-submissions.zip``, named the way Canvas's "Download Submissions"
  names files (``<lastfirst>[_late]_<user id>_<submission id>_<file>``);
- ``sample-class/roster.csv``, shaped like Canvas's gradebook export.

Every name is invented. The students' work is made from the released notebook: right answers
come from the source notebook's solution regions, so the class works for any assignment. Each
student types their own login as ``STUDENT_ID`` (for assignments where every student has their
own data), except one who types a classmate's by mistake, which ``status`` then reports.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.assignment import Assignment, load_assignment
from autograder.workspace import workspace_dir

_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)

# Plausible mistakes for the orientation assignment, by answer cell; other assignments fall
# back to the released stub (an unanswered cell).
WRONG_ANSWERS = {
    "part1-answer": "pooled_r = 27.8  # entered as a percentage",
    "part2-answer": ('def besd(r):\n    """Return the BESD success rates."""\n'
                     "    return (r / 2, 1 - r / 2)  # forgot the 0.5 baseline\n"),
}
WRITTEN = [
    "About 64% of clients with a stronger alliance and 36% with a weaker one would do well. "
    "But this is a correlation: clients who improve early may rate the alliance higher.",
    "The alliance matters a lot for outcome, so building it causes better therapy.",
    "Stronger alliance goes with better outcomes (64% vs 36%); motivation could drive both.",
]


@dataclass(frozen=True)
class Student:
    """One fictional student and what they hand in."""

    last: str
    first: str
    kind: str
    late: bool = False
    filename: str = ""
    typed_id: str = ""  # the STUDENT_ID typed in the notebook: their own login unless set

    @property
    def login(self) -> str:
        """The student's login, as the roster's SIS Login ID gives it."""
        return (self.first[0] + re.sub(r"[^a-z]", "", self.last.lower()))[:12].lower()


CLASS = [
    Student("Abernathy", "Rowan", "right"),
    Student("Brightwater", "Juniper", "right", late=True),
    Student("Castellano", "Mireya", "partial"),
    Student("Dunmore", "Tobias", "wrong"),
    Student("Eskildsen", "Noor", "partial", filename="{nb}-1.ipynb"),
    Student("Fairweather", "Idris", "blank"),
    Student("Galloway", "Sunniva", "right", filename="my assignment.ipynb"),
    Student("Halvorsen", "Kit", "broken"),
    Student("Iwu", "Adaeze", "loop"),
    Student("Jankowski", "Pell", "empty"),
    Student("Kettleby", "Orla", "other"),
    Student("Lindqvist", "Bram", "right", typed_id="rabernathy"),  # a friend's id, by mistake
]
NOT_SUBMITTED = [Student("Moreau-Vance", "Talia", "none"), Student("Nakamura", "Reed", "none")]


def released_notebooks(assignment: Assignment) -> dict[str, nbformat.NotebookNode]:
    """The student version of each notebook, made by nbgrader (nothing is saved)."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    from autograder.grade.gradebook import course_config

    with tempfile.TemporaryDirectory(prefix="alliance-sample-") as tmp:
        config = course_config(Path(tmp), **{
            "CourseDirectory.release_directory": str(Path(tmp) / "release"),
            "CourseDirectory.assignment_id": assignment.name,
            "GenerateAssignment.no_database": True, "SaveCells.enabled": False,
            "GenerateAssignment.force": True})
        GenerateAssignment(coursedir=CourseDirectory(config=config), config=config).start()
        folder = Path(tmp) / "release" / assignment.name
        return {p.stem: nbformat.read(p, as_version=4) for p in folder.glob("*.ipynb")}


def _source_cells(assignment: Assignment, notebook: str) -> dict[str, str]:
    nb = nbformat.read(assignment.folder / f"{notebook}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade_id")}


def answered(assignment: Assignment, kind: str, seed: int = 0,
             released: dict[str, nbformat.NotebookNode] | None = None,
             student_id: str = "") -> dict[str, bytes]:
    """The notebooks a student of ``kind`` hands in (right, partial, wrong, blank, ...), with
    ``student_id`` typed where the notebook asks for it."""
    released = released or released_notebooks(assignment)
    out: dict[str, bytes] = {}
    for notebook, original in released.items():
        nb = copy.deepcopy(original)
        if student_id:
            _type_student_id(nb, student_id)
        solutions = _source_cells(assignment, notebook)
        answers = [c for c in nb.cells if c.cell_type == "code"
                   and c.metadata.get("nbgrader", {}).get("solution")]
        for i, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if not meta.get("solution"):
                continue
            if cell.cell_type == "markdown":
                if kind not in ("blank",):
                    cell.source = WRITTEN[(seed + i) % len(WRITTEN)]
                continue
            position = answers.index(cell)
            solved = _MARKERS.sub("", solutions.get(grade_id, cell.source))
            if kind in ("right", "loop") or (kind == "partial" and position < max(
                    1, len(answers) // 2)):
                cell.source = solved
            elif kind == "wrong" or kind == "partial":
                cell.source = WRONG_ANSWERS.get(grade_id, cell.source)
            if kind == "loop" and position == len(answers) - 1:
                cell.source = "while True:\n    pass  # an accidental infinite loop\n" + solved
        text = nbformat.writes(nb)
        if kind == "broken":
            text = text[: len(text) // 2]  # a download cut off half way
        elif kind == "empty":
            text = ""
        out[notebook] = text.encode()
    if kind == "other":
        other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            "# My notes for another course\nNothing to grade here.")])
        return {name: nbformat.writes(other).encode() for name in out}
    return out


def _type_student_id(nb: nbformat.NotebookNode, student_id: str) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r'^STUDENT_ID = ""', cell.source, re.M):
            cell.source = cell.source.replace('STUDENT_ID = ""', f'STUDENT_ID = "{student_id}"')


def canvas_filename(student: Student, user_id: int, submission_id: int, filename: str) -> str:
    """Canvas's bulk-download name for one file."""
    slug = re.sub(r"[^a-z]", "", (student.last + student.first).lower())
    late = "_late" if student.late else ""
    return f"{slug}{late}_{user_id}_{submission_id}_{filename}"


def build_sample_zip(assignment: Assignment, students: list[Student] = CLASS) -> bytes:
    """The Canvas download for ``students``, as zip bytes."""
    buffer = io.BytesIO()
    released = released_notebooks(assignment)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for number, student in enumerate(students):
            files = answered(assignment, student.kind, seed=number, released=released,
                             student_id=student.typed_id or student.login)
            for notebook, data in files.items():
                name = (student.filename or "{nb}.ipynb").format(nb=notebook)
                zf.writestr(canvas_filename(student, 90001 + number, 5550001 + number, name),
                            data)
    return buffer.getvalue()


def roster_csv(students: list[Student]) -> str:
    """A Canvas-style gradebook export listing ``students`` (ids match the sample zip)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"])
    writer.writerow(["    Points Possible", "", "", "", ""])
    for number, s in enumerate(students):
        writer.writerow([f"{s.last}, {s.first}", 90001 + number, f"S{7000 + number}", s.login,
                         "Counseling Skills 501"])
    return out.getvalue()


def write_sample_class(assignment_name: str = "ex00-orientation",
                       workspace: Path | None = None) -> tuple[Path, Path]:
    """Write the sample class's zip and roster into the workspace; return their paths."""
    assignment = load_assignment(assignment_name)
    folder = (workspace or workspace_dir()) / "sample-class"
    folder.mkdir(parents=True, exist_ok=True)
    zip_path = folder / f"{assignment.name}-submissions.zip"
    zip_path.write_bytes(build_sample_zip(assignment))
    roster = folder / "roster.csv"
    roster.write_text(roster_csv(CLASS + NOT_SUBMITTED), encoding="utf-8")
    return zip_path, roster


if __name__ == "__main__":
    paths = write_sample_class(*(sys.argv[1:2] or ["ex00-orientation"]))
    print("\n".join(str(p) for p in paths))
