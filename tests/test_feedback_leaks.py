"""Feedback pages never show a hidden test or a solution: proved for every assignment.

For each assignment in exercises/, a small class is graded (right, partly right and blank work,
and a student who hands in the instructor's own source notebook, solutions and all), written
answers are graded, and every feedback page is searched for any line of a hidden test, of a
solution region, or of a rubric.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.assignment import load_assignment, solution_text
from autograder.feedback import cell_checks, hidden_lines, write_feedback
from autograder.grading import grade_class
from autograder.sample_class import answered, released_notebooks
from autograder.sandbox import Limits
from autograder.task import COURSE_ID
from autograder.workspace import EXERCISES_DIR, assignment_ids, gradebook_url

LIMITS = Limits(cell_timeout=20, submission_timeout=90)
_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\s*\n(.*?)### END HIDDEN TESTS", re.S)


def _secrets(assignment: str) -> set[str]:
    """Every substantial line of the hidden tests, solutions and rubrics of an assignment."""
    lines: set[str] = set()
    for path in (EXERCISES_DIR / assignment).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for block in _HIDDEN.findall(cell.source) + [solution_text(cell.source)]:
                lines.update(ln.strip() for ln in block.splitlines() if len(ln.strip()) >= 16)
    return lines


def _class(assignment: str, folder: Path) -> None:
    info = load_assignment(assignment)
    kinds: dict[str, dict[str, bytes]] = {}
    try:
        released = released_notebooks(info)
    except Exception:  # noqa: BLE001 (an assignment still being written may not release)
        released = None
    if released is not None:
        for kind in ("right", "partial", "blank"):
            kinds[kind] = answered(info, kind, released=released)
    kinds["source"] = {nb: (info.folder / f"{nb}.ipynb").read_bytes() for nb in info.notebooks}
    for student, notebooks in kinds.items():
        (folder / student).mkdir(parents=True)
        for name, data in notebooks.items():
            (folder / student / f"{name}.ipynb").write_bytes(data)


@pytest.mark.parametrize("assignment", assignment_ids())
def test_feedback_never_shows_hidden_tests_or_solutions(assignment: str,
                                                        tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    _class(assignment, tmp_path / "class")
    grade_class(assignment, tmp_path / "class", workers=2, limits=LIMITS, workspace=workspace,
                progress=False)
    info = load_assignment(assignment)
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:  # a grader's comments too
        for sub in gb.assignment_submissions(assignment):
            for part in info.manual_parts:
                grade = gb.find_grade(part.grade_id, part.notebook, assignment, sub.student.id)
                grade.manual_score = part.points / 2
                comment = gb.find_comment(part.grade_id, part.notebook, assignment,
                                          sub.student.id)
                comment.manual_comment = "See the rubric in class."
        gb.db.commit()
    pages = write_feedback(workspace, assignment)
    assert pages
    secrets = _secrets(assignment)
    assert secrets, "every assignment has solutions"
    for page in pages:
        text = html.unescape(page.read_text())
        leaked = sorted(line for line in secrets if line in text)
        assert not leaked, f"{page.name} shows: {leaked[:3]}"
        assert "Traceback" not in text and "BEGIN HIDDEN" not in text
        assert "<script" not in text and "http" not in text and "src=" not in text


def _cell(source: str, line: int | None) -> nbformat.NotebookNode:
    outputs = []
    if line is not None:
        outputs = [nbformat.v4.new_output(
            "error", ename="AssertionError", evalue="x should be 2",
            traceback=["\x1b[31mAssertionError\x1b[39m", f"Cell \x1b[32mIn[3]\x1b[39m, "
                       f"line {line}\x1b[39m\n----> {line} assert x == 2  # secret"])]
    return nbformat.v4.new_code_cell(source, outputs=outputs)


SOURCE = "assert x > 0, 'x should be positive'\n### BEGIN HIDDEN TESTS\nassert x == 2\n" \
         "### END HIDDEN TESTS\n"


def test_failures_are_placed_in_visible_or_hidden_tests_without_code() -> None:
    assert list(hidden_lines(SOURCE)) == [2, 3]
    passed = cell_checks(_cell(SOURCE, None))
    assert [(c.label, c.passed) for c in passed] == [("Visible tests", True),
                                                    ("Hidden tests", True)]
    hidden = cell_checks(_cell(SOURCE, 3))
    assert [c.passed for c in hidden] == [True, False]
    assert hidden[1].message == "x should be 2"
    visible = cell_checks(_cell(SOURCE, 1))
    assert [c.passed for c in visible] == [False, None]
    assert all("secret" not in c.message and "assert" not in c.message for c in visible)


EXFILTRATE = '''def besd(r):
    """Hands a test cell back its own source once the hidden tests are in it (grading)."""
    source = get_ipython().user_ns["In"][-1]
    if "HIDDEN" in source:
        raise {error}(source)
    return (0.5 + r / 2, 0.5 - r / 2)
'''


@pytest.mark.parametrize("error", ["AssertionError", "ValueError"])
def test_student_code_cannot_carry_a_hidden_test_into_feedback(error: str,
                                                              tmp_path: Path) -> None:
    info = load_assignment("ex00-orientation")
    nb = nbformat.reads(answered(info, "right")["ex00-orientation"].decode(), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "part2-answer":
            cell.source = EXFILTRATE.format(error=error)
    folder = tmp_path / "class" / "mallory"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "ex00-orientation.ipynb")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    grade_class("ex00-orientation", tmp_path / "class", workers=1, limits=LIMITS,
                workspace=workspace, progress=False)
    text = html.unescape(write_feedback(workspace, "ex00-orientation")[0].read_text())
    # The attempt ran (the graded cell's source, hidden tests included, was in its message) and
    # failed the part; the page names what happened without the message.
    assert f"your code raised {error} when the test called it" in text
    leaked = sorted(line for line in _secrets("ex00-orientation") if line in text)
    assert not leaked, f"the feedback page shows: {leaked[:3]}"
    assert "assert" not in text


def test_a_message_quoting_course_code_is_withheld() -> None:
    secret = "assert abs(result[0] - 0.64) < 1e-9"
    cell = _cell(SOURCE, 3)
    cell.outputs[0]["evalue"] = f"leaked: {secret}"
    hidden = cell_checks(cell, frozenset({secret}))[1]
    assert hidden.passed is False and secret not in hidden.message
    assert "not shown" in hidden.message
