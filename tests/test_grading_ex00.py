"""End to end with real nbgrader: ex00 grades right answers, blanks and half-right work."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.release.nbgrader_commands import run_nbgrader
from autograder.settings import gradebook_url
from autograder.workspace import EXERCISES_DIR

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

ASSIGNMENT = "ex00-orientation"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def _set_answer(nb: nbformat.NotebookNode, grade_id: str, source: str) -> None:
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
            return
    raise AssertionError(f"no cell {grade_id}")


def _submit(workspace: Path, student: str, nb: nbformat.NotebookNode) -> None:
    folder = workspace / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / NOTEBOOK)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    workspace = tmp_path_factory.mktemp("workspace")
    release = workspace / "release"
    result = run_nbgrader(["generate_assignment", ASSIGNMENT, "--force",
                           f"--CourseDirectory.release_directory={release}"], workspace)
    assert result.returncode == 0, result.stderr
    blank = nbformat.read(release / ASSIGNMENT / NOTEBOOK, as_version=4)

    half = nbformat.from_dict(blank)
    _set_answer(half, "part1-answer", "pooled_r = 0.278")
    _set_answer(half, "part2-answer",
                "def besd(r):\n    return (r / 2, 1 - r / 2)  # forgot the 0.5 baseline")
    _submit(workspace, "solution", nbformat.read(EXERCISES_DIR / ASSIGNMENT / NOTEBOOK, 4))
    _submit(workspace, "blank", blank)
    _submit(workspace, "half", half)

    result = run_nbgrader(["autograde", ASSIGNMENT, "--create", "--force"], workspace)
    assert result.returncode == 0, result.stderr
    scores: dict[str, dict[str, float]] = {}
    with Gradebook(gradebook_url(workspace)) as gb:
        for student in ("solution", "blank", "half"):
            sub = gb.find_submission_notebook(NOTEBOOK.removesuffix(".ipynb"), ASSIGNMENT, student)
            scores[student] = {g.name: g.score for g in sub.grades if g.cell_type == "code"}
            scores[student]["total"] = sub.score
    shutil.rmtree(release)
    return scores


def test_reference_solution_scores_full_marks(graded: dict[str, dict[str, float]]) -> None:
    # The written interpretation awaits the instructor, so the total is the 3 auto points.
    assert graded["solution"] == {"part1-tests": 1.0, "part2-tests": 2.0, "total": 3.0}


def test_released_blank_scores_zero(graded: dict[str, dict[str, float]]) -> None:
    assert graded["blank"] == {"part1-tests": 0.0, "part2-tests": 0.0, "total": 0.0}


def test_half_right_gets_only_the_parts_it_got_right(graded: dict[str, dict[str, float]]) -> None:
    assert graded["half"] == {"part1-tests": 1.0, "part2-tests": 0.0, "total": 1.0}
