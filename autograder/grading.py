"""Grade a class: intake, one sandboxed task per submission in parallel, one gradebook.

The coordinator (this module, one process) reads the submissions, decides which need grading
(new or changed since the last run), hands each to :func:`autograder.task.grade_submission` on a
local process pool, and merges each result into the workspace gradebook as it arrives, one at a
time. The tasks never touch the gradebook, so no rows are lost or doubled however many run at
once. To run the same tasks on a cluster, see the docstring of :mod:`autograder.task`.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import typing as t
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from autograder.assignment import Assignment, all_cell_ids, load_assignment
from autograder.gradebook import (
    make_template,
    merge_result,
    register_assignment,
    write_graded_notebooks,
)
from autograder.intake import Submission, Unmatched, read_submissions
from autograder.records import load_records, roster_path, save_records
from autograder.result import GradeResult, Status
from autograder.roster import Roster, read_roster
from autograder.sandbox import INSTALL_HINT, Limits, bwrap_path, sandbox_problem
from autograder.task import COURSE_ID, GradingTask, grade_submission, quiet_nbgrader
from autograder.workspace import gradebook_url, workspace_dir

UID_BASE = 200000


class GradingError(RuntimeError):
    """Grading cannot start; the message says why and what to do."""


@dataclass
class GradeSummary:
    """What one ``grade`` run did."""

    assignment: str
    graded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    seconds: float = 0.0


def default_workers() -> int:
    """One grading process per available CPU core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _student_fields(sub: Submission, roster: Roster | None) -> dict[str, str]:
    person = roster.by_student_id(sub.student) if roster else None
    if person is not None:
        first, last, email = person.first_name, person.last_name, person.email
        if not (first or last) and person.name:
            last, _, first = person.name.partition(",") if "," in person.name else \
                ("", "", person.name)
        return {"first_name": first.strip(), "last_name": last.strip(), "email": email,
                "lms_user_id": person.canvas_id or sub.lms.get("canvas_id", "")}
    first, _, last = sub.name.partition(" ") if " " in sub.name else (sub.name, "", "")
    return {"first_name": first, "last_name": last, "email": "",
            "lms_user_id": sub.lms.get("canvas_id", "")}


def _store_submission(workspace: Path, assignment: str, sub: Submission) -> None:
    """Keep a copy of what was handed in, in nbgrader's layout (the original is not touched)."""
    folder = workspace / "submitted" / sub.student / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in sub.files.items():
        (folder / Path(name).name).write_bytes(data)


def _task(assignment: Assignment, sub: Submission, template: Path, index: int,
          limits: Limits, sandboxed: bool, others: dict[str, set[str]]) -> GradingTask:
    return GradingTask(
        assignment=assignment.name, student=sub.student, source_dir=str(assignment.folder),
        template_db=str(template), notebooks=tuple(assignment.notebooks),
        cell_ids={k: tuple(sorted(v)) for k, v in assignment.cell_ids.items()},
        files=dict(sub.files), other_assignments={k: tuple(sorted(v)) for k, v in
                                                  others.items()},
        limits=limits.as_dict(), sandboxed=sandboxed, sandbox_uid=UID_BASE + index % 100000)


def _failure_result(task: GradingTask, err: BaseException) -> GradeResult:
    return GradeResult(task.assignment, task.student, Status.FAILED,
                       f"grading stopped with an error: {type(err).__name__}: {err}"[:300])


def grade_class(assignment_name: str, submissions: Path, *, roster_file: Path | None = None,
                workers: int | None = None, unsafe: bool = False, force: bool = False,
                limits: Limits | None = None, workspace: Path | None = None,
                progress: bool = True) -> GradeSummary:
    """Grade every new or changed submission of ``assignment_name`` into the gradebook."""
    started = time.monotonic()
    quiet_nbgrader()
    workspace = workspace or workspace_dir()
    limits = limits or Limits()
    try:
        assignment = load_assignment(assignment_name)
    except ValueError as err:
        raise GradingError(str(err)) from None
    if not unsafe and bwrap_path() is None:
        raise GradingError(INSTALL_HINT)
    if not unsafe and (problem := sandbox_problem(limits)):
        raise GradingError(f"The grading sandbox (bubblewrap) does not work on this computer: "
                           f"{problem}. Ask your system administrator to allow bubblewrap "
                           "(it needs user namespaces); nothing was graded.")

    roster: Roster | None = None
    if roster_file is not None:
        roster = read_roster(roster_file)  # RosterError (a ValueError) names the bad line
        roster_path(workspace).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(roster_file, roster_path(workspace))
    elif roster_path(workspace).exists():
        roster = read_roster(roster_path(workspace))
    intake = read_submissions(submissions, assignment.name, roster)
    subs = intake.submissions
    summary = GradeSummary(assignment=assignment.name, unmatched=intake.unmatched)

    records = load_records(workspace, assignment.name)
    fingerprint = assignment.fingerprint()
    source_changed = records.get("fingerprint") != fingerprint
    regrade_all = force or source_changed
    todo: list[Submission] = []
    for sub in subs:
        old = records["students"].get(sub.student)
        if (not regrade_all and old and old.get("sha256") == sub.sha256
                and old.get("status") in ("graded", "rejected")):
            summary.unchanged.append(sub.student)
        else:
            todo.append(sub)

    records["fingerprint"] = fingerprint
    records["unmatched"] = [asdict(u) for u in intake.unmatched]
    if not todo and not source_changed and (workspace / "gradebook.db").exists():
        save_records(workspace, assignment.name, records)
        summary.seconds = time.monotonic() - started
        return summary
    template = prepare_assignment(assignment, workspace)
    if not todo:
        save_records(workspace, assignment.name, records)
        summary.seconds = time.monotonic() - started
        return summary
    others = all_cell_ids()
    tasks = [_task(assignment, sub, template, i, limits, not unsafe, others)
             for i, sub in enumerate(todo)]
    by_student = {sub.student: sub for sub in todo}
    for sub in todo:
        _store_submission(workspace, assignment.name, sub)
    results = _run_pool(tasks, workers or default_workers(), progress, assignment.name)
    gb: Gradebook | None = None  # opened once the workers exist: they never inherit it
    try:
        for task, result in results:
            gb = gb or Gradebook(gradebook_url(workspace), COURSE_ID)
            sub = by_student[task.student]
            write_graded_notebooks(workspace, result)
            merge_result(gb, result, assignment, _student_fields(sub, roster))
            records["students"][sub.student] = _record(sub, result)
            save_records(workspace, assignment.name, records)
            (summary.graded if result.ok else summary.failed).append(sub.student)
    finally:
        if gb is not None:
            gb.close()
    summary.seconds = time.monotonic() - started
    return summary


def prepare_assignment(assignment: Assignment, workspace: Path) -> Path:
    """Register ``assignment`` in the workspace gradebook; return its task template.

    The template is a small gradebook holding only this assignment's cells (no students),
    kept in the workspace per version of the source (``grading/templates/``), so later runs
    reuse it. This is the counterpart of ``nbgrader generate_assignment``, which plain
    nbgrader needs before ``autograde``.
    """
    folder = workspace / "grading" / "templates"
    template = folder / f"{assignment.name}-{assignment.fingerprint()[:16]}.db"
    changed = not template.exists()  # a new version of the source: register it again
    if changed:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(f"{assignment.name}-*.db"):
            stale.unlink()
        with tempfile.TemporaryDirectory(prefix="alliance-template-") as tmp:
            fresh = make_template(assignment, Path(tmp), workspace)
            shutil.copyfile(fresh, template)
    _prepare_gradebook(workspace, assignment, template, changed)
    return template


def _prepare_gradebook(workspace: Path, assignment: Assignment, template: Path,
                       changed: bool) -> None:
    """Make sure the workspace gradebook knows the assignment's current cells.

    A new workspace simply starts from the template (it holds exactly this assignment);
    otherwise the assignment is registered again when its source changed or is unknown.
    """
    main = workspace / "gradebook.db"
    if not main.exists():
        shutil.copyfile(template, main)
        return
    if not changed:
        with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
            try:
                gb.find_assignment(assignment.name)
                return
            except MissingEntry:
                pass
    register_assignment(assignment, gradebook_url(workspace), workspace)


def _record(sub: Submission, result: GradeResult) -> dict[str, t.Any]:
    """The grading log's entry for one student."""
    return {
        "name": sub.name, "lms": sub.lms, "late": sub.late, "sha256": sub.sha256,
        "files": sorted(sub.files), "status": result.status.value,
        "reason": result.reason, "notes": result.notes, "events": result.events,
        "seconds": round(result.seconds, 2),
        "graded_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def _run_pool(tasks: list[GradingTask], workers: int, progress: bool,
              label: str) -> t.Iterator[tuple[GradingTask, GradeResult]]:
    """Run the tasks ``workers`` at a time; yield each (task, result) as it finishes."""
    from tqdm import tqdm

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    failures = 0
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
        futures: dict[Future[GradeResult], GradingTask] = {
            pool.submit(grade_submission, task): task for task in tasks}
        bar = tqdm(total=len(tasks), desc=f"Grading {label}", unit="submission",
                   disable=not progress, file=sys.stderr, dynamic_ncols=True)
        with bar:
            for future in as_completed(futures):
                task = futures[future]
                try:
                    result = future.result()
                except Exception as err:  # noqa: BLE001 (a crashed worker fails one task)
                    result = _failure_result(task, err)
                failures += not result.ok
                bar.set_postfix(failed=failures)
                bar.update()
                yield task, result
