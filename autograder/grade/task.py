"""Grade ONE submission: a pure, picklable function of plain inputs (the grading task).

``grade_submission(task, bundle)`` takes a :class:`GradingTask` (one student's files, as bytes,
and the limits) and the assignment's :class:`AssignmentBundle` (its source notebooks, data
files and a small template gradebook, as bytes, shared by every task of the round), and
returns a :class:`autograder.grade.result.GradeResult`. It writes nothing outside a private
temporary folder, which it removes, and needs no course folder: a worker needs only the
course's Python environment and bubblewrap. That is what lets any executor run it: a local
process pool, or a Dask cluster (see :mod:`autograder.grade.executors`).

Inside, nbgrader's own ``Autograde`` converter runs on a private course folder with a copy of the
template gradebook, with its Execute step swapped for :class:`autograder.grade.execute.SafeExecute`,
whose kernel runs in the bubblewrap sandbox. The whole-submission deadline is enforced in the
sandbox itself (each kernel is started under ``timeout -s KILL`` with the time left), so it
holds on any thread of any worker.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import signal
import tempfile
import threading
import time
import typing as t
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.grade.result import GradeResult, Status
from autograder.grade.sandbox import Limits
from autograder.intake.submissions import LINK_ENTRY, TEXT_ENTRY

GRACE_SECONDS = 90  # beyond the submission's time limit, for starting and stopping kernels


@dataclass(frozen=True)
class AssignmentBundle:
    """What every task of one assignment needs, as bytes: sent to each worker once."""

    assignment: str
    course_id: str
    files: dict[str, bytes]  # the source folder: notebooks and data files, by relative path
    template: bytes          # a SQLite gradebook holding only this assignment's cells
    notebooks: tuple[str, ...]
    cell_ids: dict[str, tuple[str, ...]]
    other_assignments: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    cell_limits: dict[str, int] = field(default_factory=dict)  # grade_id -> seconds
    variant: dict = field(default_factory=dict)  # variant.json without a student; {}: off


@dataclass(frozen=True)
class GradingTask:
    """One student's submission and how to run it; plain values only (picklable)."""

    assignment: str
    student: str
    files: dict[str, bytes]
    limits: dict[str, int] = field(default_factory=lambda: Limits().as_dict())
    sandboxed: bool = True
    sandbox_uid: int = 200000
    tmp_root: str | None = None


def quiet_nbgrader() -> None:
    """Hide nbgrader's internal database warnings (they mean nothing to an instructor)."""
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


# -- reading what the student handed in ---------------------------------------------------


def _parse(name: str, data: bytes) -> tuple[nbformat.NotebookNode | None, str, str]:
    """Return (notebook, problem, note) for one file; problem is '' when it is usable."""
    if not data.strip():
        return None, f"'{name}' is empty (0 bytes of content)", ""
    note = ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None, f"'{name}' is not text (not UTF-8): it cannot be a notebook", ""
        note = f"'{name}' was not saved as UTF-8; it was read as Windows text"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        return None, (f"'{name}' is damaged: it is not a valid notebook file (broken at line "
                      f"{err.lineno})"), ""
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        return None, f"'{name}' is not a Jupyter notebook", ""
    if repaired := _repair_cell_ids(raw):
        note = "; ".join(filter(None, [note, f"'{name}': {repaired} cell id(s) were duplicated "
                                             "or invalid and were renewed"]))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat's own warnings: the note says it
            nb = nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as err:  # noqa: BLE001 (any reader error means: not a notebook)
        return None, f"'{name}' is not a readable Jupyter notebook ({type(err).__name__})", ""
    return nb, "", note


_CELL_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def _repair_cell_ids(raw: dict[str, t.Any]) -> int:
    """Give every cell a unique, valid id (notebook format 4.5), in place; return how many."""
    version = (raw.get("nbformat"), raw.get("nbformat_minor", 0))
    if not all(isinstance(v, int) for v in version) or version < (4, 5):
        return 0
    seen: set[str] = set()
    renewed = 0
    for number, cell in enumerate(c for c in raw["cells"] if isinstance(c, dict)):
        cell_id = cell.get("id")
        if not isinstance(cell_id, str) or not _CELL_ID.match(cell_id) or cell_id in seen:
            cell_id = f"cell-{number}"
            while cell_id in seen:
                cell_id += "-renewed"
            cell["id"] = cell_id
            renewed += 1
        seen.add(cell_id)
    return renewed


def _ids(nb: nbformat.NotebookNode) -> list[str]:
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade_id")]


def _canonical(name: str) -> str:
    """``ex00-orientation-1.ipynb`` / ``ex00-orientation (2).ipynb`` -> ``ex00-orientation``."""
    stem = Path(name).stem
    return re.sub(r"(-\d+| ?\(\d+\))$", "", stem)


def match_notebooks(task: GradingTask,
                    bundle: AssignmentBundle) -> tuple[dict[str, bytes], list[str], str]:
    """Pick the file to grade for each notebook; return (chosen, notes, failure reason).

    A file is chosen by name (ignoring LMS suffixes such as ``-1``) or else by the graded cells
    it holds, so a renamed notebook is still graded; a notebook none of whose graded cells
    belong to this assignment is never graded as it.
    """
    notes: list[str] = []
    parsed = {n: _parse(n, d) for n, d in task.files.items() if n.lower().endswith(".ipynb")}
    if not parsed:
        entries = [e for e in (TEXT_ENTRY, LINK_ENTRY) if e in task.files]
        if entries and set(task.files) <= {TEXT_ENTRY, LINK_ENTRY}:
            what = " and ".join("text" if e == TEXT_ENTRY else "a web link" for e in entries)
            return {}, notes, f"handed in {what} in the LMS, not a notebook"
        got = ", ".join(sorted(task.files)) or "nothing"
        return {}, notes, f"no notebook (.ipynb file) was handed in (got: {got})"
    chosen: dict[str, bytes] = {}
    picks: set[str] = set()
    problems: list[str] = []
    for notebook in bundle.notebooks:
        wanted = set(bundle.cell_ids.get(notebook, ()))
        overlap = {n: len(set(_ids(nb)) & wanted) for n, (nb, _, _) in parsed.items()
                   if nb is not None and n not in picks}
        named = [n for n in sorted(parsed) if _canonical(n) == notebook]
        pick = next((n for n in named if overlap.get(n)), None)
        if pick is None:
            best = max(overlap, key=lambda n: (overlap[n], n), default=None)
            pick = best if best is not None and overlap[best] > 0 else None
        if pick is None:
            candidates = named or (sorted(set(parsed) - picks) if len(bundle.notebooks) == 1
                                   else [])
            if candidates:
                nb, problem, _ = parsed[candidates[0]]
                problems.append(problem or _wrong_assignment(bundle, nb))
            else:
                problems.append(f"{notebook}.ipynb is missing")
            continue
        nb, _, note = parsed[pick]
        elsewhere = _belongs_elsewhere(bundle, nb, wanted)
        if elsewhere:
            # The exercises share part names (part1-answer ...), so a notebook of another
            # assignment overlaps this one; it is rejected rather than graded as this one.
            problems.append(elsewhere)
            continue
        picks.add(pick)
        if note:
            notes.append(note)
        if pick != f"{notebook}.ipynb":
            notes.append(f"handed in as '{pick}'; graded as {notebook}.ipynb")
        ids = _ids(nb)
        missing = sorted(wanted - set(ids))
        if missing:
            notes.append("graded cells deleted: " + ", ".join(missing))
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            notes.append("graded cells duplicated (only the first counts): " + ", ".join(doubled))
            _plain_duplicates(nb)
        # Re-written when changed: read as Windows text, or duplicates made plain cells.
        chosen[notebook] = nbformat.writes(nb).encode() if note or doubled else task.files[pick]
    extra = sorted(set(parsed) - picks)
    if chosen and extra:
        notes.append("not graded (extra files): " + ", ".join(extra))
    if not chosen:
        return {}, notes, "; ".join(problems)
    notes.extend(problems)
    return chosen, notes, ""


def _plain_duplicates(nb: nbformat.NotebookNode) -> None:
    """Make every later copy of a graded cell an ordinary cell: the first copy is graded.

    (nbgrader's own DeduplicateIds leaves the copies half-marked, and its metadata check then
    stops the whole batch.)
    """
    seen: set[str] = set()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in seen:
            del cell.metadata["nbgrader"]
        elif grade_id:
            seen.add(grade_id)


def _closest_other(bundle: AssignmentBundle, ids: set[str]) -> tuple[int, str]:
    """The other assignment sharing most graded cells with ``ids``: (how many, its name)."""
    return max(((len(ids & set(other_ids)), other)
                for other, other_ids in bundle.other_assignments.items()
                if other != bundle.assignment), default=(0, ""))


def _for_other(bundle: AssignmentBundle, other: str) -> str:
    return f"this notebook is for {other}, not {bundle.assignment}"


def _belongs_elsewhere(bundle: AssignmentBundle, nb: nbformat.NotebookNode,
                       wanted: set[str]) -> str:
    """Why ``nb`` is another assignment's notebook, when it holds graded cells this one lacks
    and matches that assignment better; "" when it is (perhaps a damaged copy of) this one."""
    ids = set(_ids(nb))
    if not ids - wanted:
        return ""
    shared, other = _closest_other(bundle, ids)
    return _for_other(bundle, other) if shared > len(ids & wanted) else ""


def _wrong_assignment(bundle: AssignmentBundle, nb: nbformat.NotebookNode | None) -> str:
    ids = set(_ids(nb)) if nb is not None else set()
    shared, other = _closest_other(bundle, ids)
    if shared:
        return _for_other(bundle, other)
    return f"this notebook is not {bundle.assignment} (none of its graded parts are there)"


def _id_mismatches(task: GradingTask, chosen: dict[str, bytes]) -> list[str]:
    from autograder.variants import mismatch_note, typed_student_id

    notes = []
    for data in chosen.values():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(data.decode("utf-8", "replace"), as_version=4)
        if note := mismatch_note(typed_student_id(nb), task.student):
            notes.append(note)
    return notes


# -- running nbgrader -----------------------------------------------------------------------


class TaskTimeout(Exception):
    """The task ran far past its submission's time limit (a last-resort stop)."""


def _deadline(seconds: int) -> bool:
    """Stop nbgrader itself after ``seconds`` if it hangs (a last resort, main thread only).

    The submission's own deadline does not depend on this: its kernels are killed in the
    sandbox when the time is up (``SafeExecute``), on any thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return False

    def stop(signum: int, frame: t.Any) -> None:
        raise TaskTimeout(f"the submission took more than {seconds} seconds in all")

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _reason_from_log(records: list[logging.LogRecord]) -> str:
    for record in reversed(records):
        text = record.getMessage()
        if "Traceback" in text:
            last = [ln for ln in text.strip().splitlines() if ln.strip()][-1]
            return "grading stopped with an error: " + last.strip()[:300]
    errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    return ("grading stopped with an error: " + errors[0][:300]) if errors else \
        "grading stopped with an unknown error"


def _write_source(bundle: AssignmentBundle, folder: Path) -> Path:
    """Unpack the assignment's source files into ``folder/<assignment>``; return that folder."""
    source = folder / bundle.assignment
    for rel, data in bundle.files.items():
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return source


def _run_autograde(task: GradingTask, bundle: AssignmentBundle, work: Path,
                   chosen: dict[str, bytes], log: logging.Logger) -> None:
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )
    from traitlets.config import Config

    from autograder.grade.execute import SafeExecute

    course = work / "course"
    submitted = course / "submitted" / task.student / task.assignment
    submitted.mkdir(parents=True)
    for notebook, data in chosen.items():
        (submitted / f"{notebook}.ipynb").write_bytes(data)
    conn = work / "conn"
    conn.mkdir()
    source = _write_source(bundle, work / "source")
    data_dir = work / "data"
    data_dir.mkdir()
    for rel, data in bundle.files.items():
        if not rel.endswith(".ipynb"):
            (data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (data_dir / rel).write_bytes(data)
    if bundle.variant:  # the student's own data, made here, on the worker
        from autograder.variants import graded_student_files

        for name, data in graded_student_files(bundle.variant, task.student).items():
            (data_dir / name).write_bytes(data)
    data_dir.chmod(0o755)
    db = work / "gradebook.db"
    db.write_bytes(bundle.template)
    limits = Limits(**task.limits)

    # The course's configuration, carried by the bundle; the paths are this task's own.
    c = Config()
    c.CourseDirectory.root = str(course)
    c.CourseDirectory.course_id = bundle.course_id
    c.CourseDirectory.source_directory = str(source.parent)
    c.CourseDirectory.submitted_directory = "submitted"
    c.CourseDirectory.autograded_directory = "autograded"
    c.CourseDirectory.db_url = f"sqlite:///{db}"
    c.CourseDirectory.assignment_id = task.assignment
    c.CourseDirectory.student_id = task.student
    c.CourseDirectory.ignore = list(bundle.ignore)
    c.Autograde.force = True
    c.Autograde.create_student = True
    c.Autograde.autograde_preprocessors = [
        SafeExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata]
    c.Execute.timeout = limits.cell_timeout
    c.SafeExecute.conn_dir = str(conn)
    c.SafeExecute.data_dir = str(data_dir) if bundle.variant or bundle.files.keys() - {
        f"{nb}.ipynb" for nb in bundle.notebooks} else ""
    c.SafeExecute.sandbox_uid = task.sandbox_uid
    c.SafeExecute.sandboxed = task.sandboxed
    c.SafeExecute.limits = task.limits
    c.SafeExecute.cell_limits = bundle.cell_limits
    c.SafeExecute.events_file = str(work / "events.jsonl")
    c.SafeExecute.kernel_log = str(work / "kernel.log")
    coursedir = CourseDirectory(config=c, log=log)
    Autograde(coursedir=coursedir, config=c, log=log).start()


def _records(task: GradingTask, bundle: AssignmentBundle,
             work: Path) -> tuple[list[dict], list[dict]]:
    from nbgrader.api import Gradebook, MissingEntry

    grades: list[dict] = []
    comments: list[dict] = []
    with Gradebook(f"sqlite:///{work / 'gradebook.db'}", bundle.course_id) as gb:
        try:
            submission = gb.find_submission(task.assignment, task.student)
        except MissingEntry:
            return grades, comments
        for nb in submission.notebooks:
            for g in nb.grades:
                grades.append({"notebook": nb.name, "name": g.name, "auto_score": g.auto_score,
                               "max_score": g.max_score, "cell_type": g.cell_type})
            for cm in nb.comments:
                comments.append({"notebook": nb.name, "name": cm.name,
                                 "auto_comment": cm.auto_comment})
    return grades, comments


def grade_submission(task: GradingTask, bundle: AssignmentBundle) -> GradeResult:
    """Grade one submission in a sandbox; return the graded notebooks and grade records."""
    started = time.monotonic()
    quiet_nbgrader()
    chosen, notes, reason = match_notebooks(task, bundle)
    if not chosen:
        return GradeResult(task.assignment, task.student, Status.REJECTED, reason, notes,
                           seconds=time.monotonic() - started)

    if bundle.variant:
        notes += _id_mismatches(task, chosen)
    result = GradeResult(task.assignment, task.student, Status.GRADED, notes=notes)
    work = Path(tempfile.mkdtemp(prefix="alliance-grade-", dir=task.tmp_root))
    overall = Limits(**task.limits).submission_timeout + GRACE_SECONDS
    alarm = _deadline(overall)
    log = logging.getLogger(f"autograder.grade.task.{task.student}")
    log.propagate = False
    log.setLevel(logging.WARNING)
    collector = _Collector()
    log.handlers = [collector]
    try:
        try:
            _run_autograde(task, bundle, work, chosen, log)
        except TaskTimeout as err:
            result.status, result.reason = Status.TIMED_OUT, str(err)
        except Exception:  # noqa: BLE001 (nbgrader reports failures by raising)
            result.status, result.reason = Status.FAILED, _reason_from_log(collector.records)
        events_file = work / "events.jsonl"
        if events_file.exists():
            result.events = [json.loads(line) for line in
                             events_file.read_text().splitlines() if line.strip()]
        out = work / "course" / "autograded" / task.student / task.assignment
        for notebook in chosen:
            path = out / f"{notebook}.ipynb"
            if path.exists():
                result.notebooks[notebook] = path.read_text(encoding="utf-8")
        result.grades, result.comments = _records(task, bundle, work)
        if result.ok and not result.notebooks:
            result.status, result.reason = Status.FAILED, "grading produced no graded notebook"
        if result.status is Status.FAILED and re.search("kernel|sandbox", result.reason, re.I):
            log_file = work / "kernel.log"
            tail = log_file.read_text(errors="replace")[-300:] if log_file.exists() else ""
            if tail.strip():
                result.reason += " | sandbox said: " + " ".join(tail.split())[-200:]
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        log.handlers = []
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.monotonic() - started
    return result
