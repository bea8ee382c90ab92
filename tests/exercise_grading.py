"""Grade an assignment's solution, released blank and mutants with real nbgrader, once.

``graded(assignment)`` releases the assignment into a temporary workspace, submits the source
notebook (``solution``), the released blank (``blank``) and one submission per mutant in
``tests/mutations.py`` (the solution with one answer cell replaced), and runs a single
``nbgrader autograde <assignment> --create --force`` for all of them. An assignment with
per-student data is graded on one student's variant (``VARIANT_STUDENT``), as the course's
grader would: each submission gets that student's ``variant.json`` and data file. The result is
cached, so
``test_exercises_grading.py`` and ``test_exercise_mutations.py`` share one grading run per
assignment, and ``prefetch`` queues the runs a session needs in the background, two at a time,
so that while one assignment's results are checked the next ones are already being graded.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from autograder.assignment import load_assignment
from autograder.release.nbgrader_commands import run_nbgrader
from autograder.settings import gradebook_url, settings
from autograder.variants import graded_student_files, variant_config
from autograder.workspace import EXERCISES_DIR, assignment_ids
from tests.mutations import MUTATIONS, Mutation

SOLUTION, BLANK = "solution", "blank"
VARIANT_STUDENT = "mutation-suite"


def variant_files(assignment: str, student: str = VARIANT_STUDENT) -> dict[str, bytes]:
    """What the grader adds beside a submission of ``assignment`` for ``student``: their
    ``variant.json`` and data files ({} when the assignment has no variants)."""
    config = variant_config(load_assignment(assignment), settings())
    return graded_student_files(config, student) if config else {}


@dataclass(frozen=True)
class Graded:
    """Scores of every student of one grading run: ``scores[student][grade_id]``."""

    assignment: str
    scores: dict[str, dict[str, float]]
    auto_points: dict[str, float]     # grade_id of each autograded test cell -> its points
    manual_points: dict[str, float]   # grade_id of each manually graded answer -> its points
    log: str

    def total(self, student: str) -> float:
        return sum(self.scores[student].values())


def notebook_path(assignment: str) -> Path:
    notebooks = sorted((EXERCISES_DIR / assignment).glob("*.ipynb"))
    assert len(notebooks) == 1, f"{assignment} should hold exactly one notebook"
    return notebooks[0]


def graded_cells(nb: nbformat.NotebookNode) -> tuple[dict[str, float], dict[str, float]]:
    auto, manual = {}, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            target = auto if cell.cell_type == "code" else manual
            target[meta["grade_id"]] = float(meta["points"])
    return auto, manual


def mutate(nb: nbformat.NotebookNode, mutation: Mutation) -> nbformat.NotebookNode:
    """The solution notebook with the answer cell of ``mutation.part`` replaced."""
    out = nbformat.from_dict(nb)
    target = f"{mutation.part}-answer"
    for cell in out.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == target:
            cell.source = mutation.source
            return out
    raise AssertionError(f"{mutation.id}: {mutation.assignment} has no cell {target}")


def _grade(assignment: str) -> Graded:
    workspace = Path(tempfile.mkdtemp(prefix=f"grading-{assignment}-"))
    try:
        release = workspace / "release"
        result = run_nbgrader(["generate_assignment", assignment, "--force",
                               f"--CourseDirectory.release_directory={release}"], workspace)
        assert result.returncode == 0, result.stderr[-3000:]
        source_path = notebook_path(assignment)
        name = source_path.name
        source = nbformat.read(source_path, as_version=4)
        students = {SOLUTION: source, BLANK: nbformat.read(release / assignment / name, 4)}
        for mutation in MUTATIONS:
            if mutation.assignment == assignment:
                assert mutation.student not in students, f"duplicate mutation {mutation.id}"
                students[mutation.student] = mutate(source, mutation)
        extra = variant_files(assignment)
        for student, nb in students.items():
            folder = workspace / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / name)
            for filename, data in extra.items():
                (folder / filename).write_bytes(data)

        result = run_nbgrader(["autograde", assignment, "--create", "--force"], workspace)
        assert result.returncode == 0, result.stderr[-3000:]
        scores: dict[str, dict[str, float]] = {}
        with Gradebook(gradebook_url(workspace)) as gb:
            for student in students:
                sub = gb.find_submission_notebook(name.removesuffix(".ipynb"), assignment, student)
                scores[student] = {g.name: float(g.score or 0.0) for g in sub.grades}
        auto, manual = graded_cells(source)
        return Graded(assignment, scores, auto, manual, result.stderr)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


_pool = ThreadPoolExecutor(max_workers=2)
_futures: dict[str, Future[Graded]] = {}
_lock = threading.Lock()


def _submit(assignment: str) -> Future[Graded]:
    with _lock:
        if assignment not in _futures:
            _futures[assignment] = _pool.submit(_grade, assignment)
        return _futures[assignment]


def prefetch(assignments: list[str]) -> None:
    """Queue the grading runs of ``assignments`` (two run at a time, in the background)."""
    for assignment in assignments:
        _submit(assignment)


def graded(assignment: str) -> Graded:
    """The (cached) grading run of ``assignment``."""
    return _submit(assignment).result()


def assignments_in_session(session: object) -> list[str]:
    """The assignments that the session's collected grading tests ask about, in order."""
    wanted = set()
    for item in getattr(session, "items", []):
        params = getattr(getattr(item, "callspec", None), "params", {})
        if Path(str(item.path)).name in ("test_exercises_grading.py",
                                         "test_exercise_mutations.py"):
            if "assignment" in params:
                wanted.add(params["assignment"])
            elif "mutation" in params:
                wanted.add(params["mutation"].assignment)
    return [a for a in assignment_ids() if a in wanted]
