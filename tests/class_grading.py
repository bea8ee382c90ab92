"""One sandboxed ``grade`` run per assignment, shared by the suites that check what it produced.

``graded_class(assignment)`` grades a small class with :func:`grade_class` (the sandbox, two
workers) in a temporary workspace, once per test session: right, partly right, wrong and blank
work, plus a student who hands in the instructor's own source notebook (solutions and hidden
tests included). ``test_grading_agreement.py`` compares its scores with plain nbgrader's;
``test_feedback_leaks.py`` searches the feedback pages written from a copy of its workspace.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder.assignment import load_assignment
from autograder.grade.coordinator import GradeSummary, grade_class
from autograder.release.sample_class import answered, released_notebooks

KINDS = ("right", "partial", "wrong", "blank")  # honest work, as the sample class writes it
SOURCE = "source"  # the student who hands in the instructor's source notebook


@dataclass(frozen=True)
class ClassRun:
    """Where one graded class lives: its submissions (``<student>/<notebook>.ipynb``) and the
    workspace ``grade`` wrote (gradebook, graded notebooks); treat both as read-only."""

    assignment: str
    submissions: Path
    workspace: Path
    summary: GradeSummary


@cache
def graded_class(assignment: str) -> ClassRun:
    """The (cached) grading run of ``assignment``'s small class."""
    root = Path(tempfile.mkdtemp(prefix=f"class-{assignment}-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    info = load_assignment(assignment)
    released = released_notebooks(info)
    students = {kind: answered(info, kind, released=released) for kind in KINDS}
    students[SOURCE] = {nb: (info.folder / f"{nb}.ipynb").read_bytes() for nb in info.notebooks}
    for student, notebooks in students.items():
        (root / "class" / student).mkdir(parents=True)
        for name, data in notebooks.items():
            (root / "class" / student / f"{name}.ipynb").write_bytes(data)
    workspace = root / "workspace"
    workspace.mkdir()
    summary = grade_class(assignment, root / "class", workers=2, workspace=workspace,
                          progress=False)
    return ClassRun(assignment, root / "class", workspace, summary)
