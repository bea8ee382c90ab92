"""For every assignment, honest work gets exactly the scores plain ``nbgrader autograde`` gives.

Right, partly right, wrong and blank notebooks are graded by ``grade`` (sandbox, two workers; the
run shared with the feedback tests, :mod:`tests.class_grading`) and by plain sequential
``nbgrader autograde`` in its own course folder; every autograded part must score the same (for
assignments with per-student data, on each student's own data: plain nbgrader gets the files
``grade`` gives each task), and the reference solution must score full marks inside the sandbox
(so the sandbox takes nothing away from honest code: data files, libraries, memory, time).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.assignment import load_assignment
from autograder.release.nbgrader_commands import run_nbgrader
from autograder.settings import COURSE_ID, gradebook_url
from autograder.workspace import assignment_ids
from tests.class_grading import KINDS, SOURCE, graded_class
from tests.exercise_grading import variant_files

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow


def _scores(workspace: Path, assignment: str) -> dict[str, dict[tuple[str, str], float]]:
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        return {sub.student.id: {(nb.name, g.name): g.auto_score for nb in sub.notebooks
                                 for g in nb.grades if g.cell_type == "code"}
                for sub in gb.assignment_submissions(assignment)}


@pytest.mark.parametrize("assignment", assignment_ids())
def test_honest_scores_match_plain_nbgrader(assignment: str, tmp_path: Path) -> None:
    info = load_assignment(assignment)
    run = graded_class(assignment)
    assert sorted(run.summary.graded) == sorted([*KINDS, SOURCE])
    plain = tmp_path / "plain"
    for kind in KINDS:
        folder = plain / "submitted" / kind / assignment
        shutil.copytree(run.submissions / kind, folder)
        for name, data in variant_files(assignment, kind).items():  # as `grade` gives them
            (folder / name).write_bytes(data)

    result = run_nbgrader(["generate_assignment", assignment, "--force",
                           f"--CourseDirectory.release_directory={tmp_path / 'release'}"], plain)
    assert result.returncode == 0, result.stderr[-2000:]
    result = run_nbgrader(["autograde", assignment, "--force"], plain)
    assert result.returncode == 0, result.stderr[-2000:]

    ours, theirs = _scores(run.workspace, assignment), _scores(plain, assignment)
    del ours[SOURCE]  # plain nbgrader was not given the source notebook
    assert ours == theirs
    full = {(p.notebook, p.grade_id): p.points for p in info.parts if not p.manual}
    assert ours["right"] == full, "the reference solution must score full marks"
