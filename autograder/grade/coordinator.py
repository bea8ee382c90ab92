"""Grade a class: intake, one sandboxed task per submission in parallel, one gradebook.

The coordinator (this module, one process) reads the submissions, decides which need grading
(new or changed since the last run), hands each to :func:`autograder.grade.task.grade_submission` on
an executor (this computer's processes, or a Dask cluster: :mod:`autograder.grade.executors`), and
merges each result into the gradebook as it arrives, one at a time. The tasks never touch the
gradebook, so no rows are lost or doubled however many run at once, and the gradebook may be
a SQLite file or a PostgreSQL database (``CourseDirectory.db_url``).

Before the class, the reference solution is graded like any submission and each graded cell's
time is measured; a student's cell may take ``max(cell_floor, cell_multiple x reference)``
seconds, so an endless loop costs seconds, not the whole per-cell limit.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import sys
import tempfile
import time
import typing as t
from collections.abc import Iterator
from concurrent.futures import as_completed
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from autograder.assignment import Assignment, all_cell_ids, load_assignment
from autograder.grade.executors import (
    ExecutorError,
    Runner,
    dask_runner,
    default_workers,
    local_runner,
    worker_lost,
)
from autograder.grade.gradebook import (
    check_gradebook,
    make_template,
    merge_result,
    open_gradebook,
    register_assignment,
    write_graded_notebooks,
)
from autograder.grade.late import (
    Applied,
    apply_late_work,
    due_date,
    extensions_path,
    parse_overrides,
    read_extensions,
)
from autograder.grade.result import GradeResult, Status
from autograder.grade.sandbox import INSTALL_HINT, Limits, bwrap_path, sandbox_problem
from autograder.grade.task import AssignmentBundle, GradingTask, grade_submission, quiet_nbgrader
from autograder.intake.roster import Roster, read_roster
from autograder.intake.submissions import Submission, Unmatched, read_submissions
from autograder.records import load_records, roster_path, save_records
from autograder.settings import SANDBOX_UID_BASE, Settings, is_sqlite, settings
from autograder.variants import VariantError, variant_config
from autograder.workspace import workspace_dir

REFERENCE = "reference-solution"


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
    where: str = ""
    seconds: float = 0.0
    late: Applied | None = None


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


def _task(assignment: Assignment, sub: Submission, index: int, limits: Limits,
          sandboxed: bool) -> GradingTask:
    return GradingTask(assignment=assignment.name, student=sub.student, files=dict(sub.files),
                       limits=limits.as_dict(), sandboxed=sandboxed,
                       sandbox_uid=SANDBOX_UID_BASE + index % 100000)


def make_bundle(assignment: Assignment, template: Path, conf: Settings,
                cell_limits: dict[str, int] | None = None) -> AssignmentBundle:
    """Everything the tasks of ``assignment`` share, as bytes (no paths)."""
    others = all_cell_ids()
    return AssignmentBundle(
        assignment=assignment.name, course_id=conf.course_id,
        files={str(p.relative_to(assignment.folder)): p.read_bytes()
               for p in assignment.source_files()},
        template=template.read_bytes(), notebooks=tuple(assignment.notebooks),
        cell_ids={k: tuple(sorted(v)) for k, v in assignment.cell_ids.items()},
        other_assignments={k: tuple(sorted(v)) for k, v in others.items()},
        ignore=conf.ignore, cell_limits=dict(cell_limits or {}),
        variant=variant_config(assignment, conf))


def _failure_result(task: GradingTask, err: BaseException) -> GradeResult:
    if worker_lost(err):
        reason = ("the grading process stopped while grading it, twice (it was tried again "
                  "once); it was not graded")
    else:
        reason = f"grading stopped with an error: {type(err).__name__}: {err}"[:300]
    return GradeResult(task.assignment, task.student, Status.FAILED, reason)


def _open_runner(scheduler: str, workers: int) -> AbstractContextManager[Runner]:
    return dask_runner(scheduler) if scheduler else local_runner(workers)


def grade_class(assignment_name: str, submissions: Path, *, roster_file: Path | None = None,
                workers: int | None = None, scheduler: str | None = None,
                unsafe: bool = False, force: bool = False, limits: Limits | None = None,
                workspace: Path | None = None, progress: bool = True,
                extensions: Path | None = None,
                late_overrides: list[str] | None = None) -> GradeSummary:
    """Grade every new or changed submission of ``assignment_name`` into the gradebook.

    ``scheduler`` (default: the configuration's ``Grading.scheduler``) is a Dask scheduler's
    address; without one, ``workers`` processes grade on this computer. ``extensions`` (a CSV
    of student_id, due, reason) and ``late_overrides`` (``STUDENT=on-time|late|<time>``) are
    checked before anything is graded and kept in the workspace; the late policy is applied
    at the end (:func:`autograder.grade.late.apply_late_work`).
    """
    started = time.monotonic()
    quiet_nbgrader()
    workspace = workspace or workspace_dir()
    conf = settings(workspace)
    limits = limits or Limits(cell_timeout=conf.cell_timeout,
                              submission_timeout=conf.submission_timeout)
    scheduler = conf.scheduler if scheduler is None else scheduler
    try:
        assignment = load_assignment(assignment_name)
    except ValueError as err:
        raise GradingError(str(err)) from None
    if not scheduler and not unsafe:
        if bwrap_path() is None:
            raise GradingError(INSTALL_HINT)
        if problem := sandbox_problem(limits):
            raise GradingError(f"The grading sandbox (bubblewrap) does not work on this "
                               f"computer: {problem}. Ask your system administrator to allow "
                               "bubblewrap (it needs user namespaces); nothing was graded.")
    if problem := check_gradebook(conf.db_url):
        raise GradingError(problem)
    try:
        variant_config(assignment, conf)
    except VariantError as err:
        raise GradingError(f"{err} Nothing was graded.") from None
    roster = read_roster(roster_file) if roster_file is not None else None
    try:
        runner_context = _open_runner(scheduler, workers or conf.workers or default_workers())
        with runner_context as runner:
            return _grade(assignment, submissions, roster_file, roster, runner, workspace,
                          conf, limits, not unsafe, force, progress, started,
                          extensions, late_overrides or [])
    except ExecutorError as err:
        raise GradingError(f"{err}. Nothing was graded.") from None


def _grade(assignment: Assignment, submissions: Path, roster_file: Path | None,
           roster: Roster | None, runner: Runner, workspace: Path, conf: Settings,
           limits: Limits, sandboxed: bool, force: bool, progress: bool,
           started: float, extensions: Path | None = None,
           late_overrides: list[str] | None = None) -> GradeSummary:
    if roster_file is not None:
        roster_path(workspace).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(roster_file, roster_path(workspace))
    elif roster_path(workspace).exists():
        roster = read_roster(roster_path(workspace))
    intake = read_submissions(submissions, assignment.name, roster)
    # Deadlines are checked before anything is graded: a bad row stops the run here.
    due = due_date(conf, assignment.name)
    known = ({p.student_id for p in roster.people} if roster else set()) | \
        {s.student for s in intake.submissions}
    if extensions is not None:
        read_extensions(extensions, assignment.name, due, known)
    elif extensions_path(workspace, assignment.name).exists() and due is not None:
        read_extensions(extensions_path(workspace, assignment.name), assignment.name, due, None)
    if stranger := sorted(set(parse_overrides(late_overrides or [], due)) - known):
        raise GradingError(f"--late-override: '{stranger[0]}' is not a student of this class "
                           "(use the student id that status shows); nothing was graded.")
    summary = GradeSummary(assignment=assignment.name, unmatched=intake.unmatched,
                           where=runner.where)

    records = load_records(workspace, assignment.name)
    # A new variant key (or variants switched on or off) changes every student's data.
    variant = variant_config(assignment, conf)
    fingerprint = assignment.fingerprint() + (
        "+" + hashlib.sha256(json.dumps(variant, sort_keys=True).encode()).hexdigest()
        if variant else "")
    source_changed = records.get("fingerprint") != fingerprint
    todo: list[Submission] = []
    for sub in intake.submissions:
        old = records["students"].get(sub.student)
        if (not (force or source_changed) and old and old.get("sha256") == sub.sha256
                and old.get("status") in ("graded", "rejected")):
            summary.unchanged.append(sub.student)
            old.update(late=sub.late, submitted_at=sub.submitted_at, times_from=sub.times_from)
        else:
            todo.append(sub)

    records["fingerprint"] = fingerprint
    records["unmatched"] = [asdict(u) for u in intake.unmatched]
    template = prepare_assignment(assignment, workspace)
    if not todo:
        save_records(workspace, assignment.name, records)
        summary.late = apply_late_work(workspace, assignment.name, extensions=extensions,
                                       overrides=late_overrides, known=known, conf=conf)
        summary.seconds = time.monotonic() - started
        return summary
    bundle = make_bundle(assignment, template, conf)
    cell_limits = reference_limits(runner, bundle, workspace, limits, sandboxed, conf, template)
    bundle = replace(bundle, cell_limits=cell_limits)
    tasks = [_task(assignment, sub, i, limits, sandboxed) for i, sub in enumerate(todo)]
    by_student = {sub.student: sub for sub in todo}
    for sub in todo:
        _store_submission(workspace, assignment.name, sub)
    gb: Gradebook | None = None
    try:
        for task, result in run_tasks(runner, tasks, bundle, progress, assignment.name):
            gb = gb or open_gradebook(workspace)
            sub = by_student[task.student]
            write_graded_notebooks(workspace, result)
            merge_result(gb, result, assignment, _student_fields(sub, roster))
            records["students"][sub.student] = _record(sub, result)
            save_records(workspace, assignment.name, records)
            (summary.graded if result.ok else summary.failed).append(sub.student)
    finally:
        if gb is not None:
            gb.close()
    summary.late = apply_late_work(workspace, assignment.name, extensions=extensions,
                                   overrides=late_overrides, known=known, conf=conf)
    summary.seconds = time.monotonic() - started
    return summary


def reference_limits(runner: Runner, bundle: AssignmentBundle, workspace: Path,
                     limits: Limits, sandboxed: bool, conf: Settings,
                     template: Path) -> dict[str, int]:
    """Seconds each graded cell may run, sized from the reference solution's own time.

    The reference (the source notebook, solutions included) is graded once per version of
    the source, like any submission; the limits are kept beside the template gradebook.
    """
    path = template.with_suffix(".limits.json")
    if path.exists():
        measured = json.loads(path.read_text())
    else:
        files = {f"{nb}.ipynb": bundle.files[f"{nb}.ipynb"] for nb in bundle.notebooks}
        task = GradingTask(bundle.assignment, REFERENCE, files, limits.as_dict(), sandboxed,
                           SANDBOX_UID_BASE + 99999)
        _, result = next(run_tasks(runner, [task], bundle, False, bundle.assignment))
        measured = cell_seconds(result)
        if result.ok:  # a failed reference leaves every cell at the configured limit
            path.write_text(json.dumps(measured, indent=1, sort_keys=True))
    return {cell: max(conf.cell_floor, math.ceil(conf.cell_multiple * seconds))
            for cell, seconds in measured.items()}


def prepare_reference(assignment: Assignment, workspace: Path,
                      limits: Limits | None = None, sandboxed: bool = True) -> dict[str, int]:
    """Register ``assignment`` and time its reference solution now (once per source version).

    ``grade`` does this itself on its first run; calling it ahead (as ``nbgrader
    generate_assignment`` is run ahead of ``autograde``) keeps that minute out of the round.
    """
    conf = settings(workspace)
    limits = limits or Limits(cell_timeout=conf.cell_timeout,
                              submission_timeout=conf.submission_timeout)
    template = prepare_assignment(assignment, workspace)
    with local_runner(1) as runner:
        return reference_limits(runner, make_bundle(assignment, template, conf), workspace,
                                limits, sandboxed, conf, template)


def cell_seconds(result: GradeResult) -> dict[str, float]:
    """How long each graded cell of a graded notebook ran (nbclient's recorded times)."""
    found: dict[str, float] = {}
    for text in result.notebooks.values():
        for cell in json.loads(text).get("cells", []):
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            timing = cell.get("metadata", {}).get("execution", {})
            begin = timing.get("iopub.execute_input") or timing.get("shell.execute_request")
            end = timing.get("shell.execute_reply")
            if grade_id and begin and end:
                found[grade_id] = max(0.0, (_when(end) - _when(begin)))
    return found


def _when(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def run_tasks(runner: Runner, tasks: list[GradingTask], bundle: AssignmentBundle,
              progress: bool, label: str) -> Iterator[tuple[GradingTask, GradeResult]]:
    """Run every task on the runner's executor; yield each (task, result) as it finishes.

    A local pool that breaks (a worker process died) is started again and each unfinished
    task is tried once more, one at a time, so a task that breaks it again fails alone.
    """
    from tqdm import tqdm

    shared = runner.share(bundle)
    failures = 0
    bar = tqdm(total=len(tasks), desc=f"Grading {label}", unit="submission",
               disable=not progress, file=sys.stderr, dynamic_ncols=True)
    with bar:
        pending, retry = list(tasks), False
        while pending:
            batch, pending = pending, []
            for group in ([[task] for task in batch] if retry else [batch]):
                lost = False
                futures = {runner.executor.submit(grade_submission, task, shared): task
                           for task in group}
                for future in as_completed(futures):
                    task = futures[future]
                    try:
                        result = future.result()
                    except Exception as err:  # noqa: BLE001 (a failed task fails one student)
                        if worker_lost(err) and runner.restart is not None:
                            lost = True
                            if not retry:
                                pending.append(task)
                                continue
                        result = _failure_result(task, err)
                    failures += not result.ok
                    bar.set_postfix(failed=failures)
                    bar.update()
                    yield task, result
                if lost and runner.restart is not None:
                    runner.executor = runner.restart(1)
            retry = True


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
        for stale in folder.glob(f"{assignment.name}-*"):
            stale.unlink()
        with tempfile.TemporaryDirectory(prefix="alliance-template-") as tmp:
            fresh = make_template(assignment, Path(tmp), workspace)
            shutil.copyfile(fresh, template)
    _prepare_gradebook(workspace, assignment, template, changed)
    return template


def _prepare_gradebook(workspace: Path, assignment: Assignment, template: Path,
                       changed: bool) -> None:
    """Make sure the gradebook knows the assignment's current cells.

    A new SQLite gradebook simply starts from the template (it holds exactly this
    assignment); otherwise the assignment is registered again when its source changed or is
    unknown.
    """
    conf = settings(workspace)
    main = workspace / "gradebook.db"
    if is_sqlite(conf.db_url) and conf.db_url.endswith(str(main)) and not main.exists():
        shutil.copyfile(template, main)
        return
    if not changed:
        with open_gradebook(workspace) as gb:
            try:
                gb.find_assignment(assignment.name)
                return
            except MissingEntry:
                pass
    register_assignment(assignment, conf.db_url, workspace)


def _record(sub: Submission, result: GradeResult) -> dict[str, t.Any]:
    """The grading log's entry for one student."""
    return {
        "name": sub.name, "lms": sub.lms, "late": sub.late, "sha256": sub.sha256,
        "submitted_at": sub.submitted_at, "times_from": sub.times_from,
        "files": sorted(sub.files), "status": result.status.value,
        "reason": result.reason, "notes": result.notes, "events": result.events,
        "seconds": round(result.seconds, 2),
        "graded_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
