"""Grading past one machine: a real Dask cluster for the work, a real PostgreSQL gradebook.

The tests start the servers themselves on 127.0.0.1 (:mod:`tests.servers`): a ``dask
scheduler`` and two ``dask worker`` processes that cannot see the course's ``exercises/``
folder, and a PostgreSQL server in a temporary folder. The oracle for every score is the same
class graded by this computer's process pool into SQLite, and by plain sequential nbgrader.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import threading
import time
from pathlib import Path

import nbformat
import pytest

from autograder.assignment import load_assignment
from autograder.export.lms import export_grades
from autograder.grade.coordinator import GradingError, grade_class
from autograder.grade.gradebook import open_gradebook
from autograder.grade.sandbox import Limits
from autograder.records import load_records
from autograder.release.nbgrader_commands import run_nbgrader
from autograder.release.sample_class import answered, released_notebooks
from autograder.review.manual import export_answers, import_csv
from autograder.review.status import status_lines
from tests.servers import dask_cluster, free_port, postgres_server

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

A = "ex00-orientation"
NB = f"{A}.ipynb"
LIMITS = Limits(cell_timeout=30, submission_timeout=60)
DEAF = ("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "while True:\n    time.sleep(0.01)\n")
SLOW = "import time\ntime.sleep(4)  # slower than the reference, and right\npooled_r = 0.278\n"


def _with_answer(notebook: bytes, grade_id: str, source: str) -> bytes:
    nb = nbformat.reads(notebook.decode(), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
    return nbformat.writes(nb).encode()


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Honest work of every kind, a slow-but-right answer, a broken file, an endless loop."""
    folder = tmp_path_factory.mktemp("class")
    info = load_assignment(A)
    released = released_notebooks(info)
    work = {k: answered(info, k, released=released)[A]
            for k in ("right", "partial", "wrong", "blank")}
    files = {f"honest-{k}": v for k, v in work.items()}
    files["slow-right"] = _with_answer(work["right"], "part1-answer", SLOW)
    files["deaf-loop"] = _with_answer(work["right"], "part1-answer", DEAF)
    files["broken"] = work["right"][: len(work["right"]) // 2]
    for student, data in files.items():
        (folder / student).mkdir()
        (folder / student / NB).write_bytes(data)
    return folder


def _scores(workspace: Path) -> dict[str, dict[str, float | None]]:
    with open_gradebook(workspace) as gb:
        return {sub.student.id: {g.name: g.auto_score for nb in sub.notebooks
                                 for g in nb.grades if g.cell_type == "code"}
                for sub in gb.assignment_submissions(A)}


@pytest.fixture(scope="module")
def local_round(classroom: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    workspace = tmp_path_factory.mktemp("local") / "workspace"
    workspace.mkdir()
    summary = grade_class(A, classroom, workers=2, scheduler="", limits=LIMITS,
                          workspace=workspace, progress=False)
    return {"workspace": workspace, "summary": summary, "scores": _scores(workspace),
            "records": load_records(workspace, A)["students"]}


@pytest.fixture(scope="module")
def dask_round(classroom: Path, cluster, tmp_path_factory: pytest.TempPathFactory) -> dict:  # noqa: ANN001
    workspace = tmp_path_factory.mktemp("dask-round") / "workspace"
    workspace.mkdir()
    summary = grade_class(A, classroom, scheduler=cluster.address, limits=LIMITS,
                          workspace=workspace, progress=False)
    return {"workspace": workspace, "summary": summary, "scores": _scores(workspace),
            "records": load_records(workspace, A)["students"]}


def test_the_cluster_grades_exactly_like_the_local_pool_and_nbgrader(
        classroom: Path, local_round: dict, dask_round: dict, tmp_path: Path) -> None:
    assert "Dask cluster" in dask_round["summary"].where
    assert dask_round["scores"] == local_round["scores"]
    assert {s: r["status"] for s, r in dask_round["records"].items()} == \
        {s: r["status"] for s, r in local_round["records"].items()}
    # Plain sequential nbgrader on the honest work gives the same scores.
    plain = tmp_path / "plain"
    honest = [s for s in dask_round["scores"] if s.startswith(("honest-", "slow-"))]
    for student in honest:
        (plain / "submitted" / student / A).mkdir(parents=True)
        (plain / "submitted" / student / A / NB).write_bytes((classroom / student / NB)
                                                             .read_bytes())
    assert run_nbgrader(["generate_assignment", A, "--force",
                         f"--CourseDirectory.release_directory={tmp_path / 'rel'}"],
                        plain).returncode == 0
    assert run_nbgrader(["autograde", A, "--force"], plain).returncode == 0
    assert {s: dask_round["scores"][s] for s in honest} == _scores(plain)


def test_workers_need_no_course_folder(cluster) -> None:  # noqa: ANN001
    from distributed import Client

    from autograder.workspace import EXERCISES_DIR

    with Client(cluster.address, timeout=10) as client:
        seen = client.run(lambda: (os.getcwd(), sorted(os.listdir(EXERCISES_DIR))))
    assert len(seen) == 2
    for cwd, listing in seen.values():
        assert listing == [] or os.geteuid() != 0  # exercises/ is an empty RAM disk there
        assert not cwd.startswith(str(EXERCISES_DIR.parent / "exercises"))


def test_limits_hold_on_a_worker(dask_round: dict, local_round: dict) -> None:
    for round_ in (dask_round, local_round):
        deaf = round_["records"]["deaf-loop"]
        # Sized from the reference solution (milliseconds): the floor of 10 s, not 30 s.
        assert deaf["seconds"] < 10 + 25, deaf
        assert "CellTimeoutError" in {e["kind"] for e in deaf["events"]}
        assert round_["scores"]["slow-right"] == round_["scores"]["honest-right"]
        assert round_["records"]["broken"]["status"] == "rejected"


def test_the_whole_submission_deadline_holds_on_a_worker(cluster, classroom: Path,  # noqa: ANN001
                                                         tmp_path: Path) -> None:
    one = tmp_path / "one"
    (one / "deaf").mkdir(parents=True)
    (one / "deaf" / NB).write_bytes((classroom / "deaf-loop" / NB).read_bytes())
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    tight = Limits(cell_timeout=120, submission_timeout=12)
    grade_class(A, one, scheduler=cluster.address, limits=tight, workspace=workspace,
                progress=False, force=True)
    record = load_records(workspace, A)["students"]["deaf"]
    assert record["seconds"] < tight.submission_timeout + 25, record
    assert record["status"] == "graded"


def _grade_and_kill(classroom: Path, workspace: Path, kill, **where) -> None:  # noqa: ANN001
    """Grade the class in the background; once students are being graded, call ``kill``."""
    workspace.mkdir()
    thread = threading.Thread(target=grade_class, args=(A, classroom), kwargs=dict(
        limits=LIMITS, workspace=workspace, progress=False, **where))
    thread.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(workspace.glob("submitted/*")):
        time.sleep(0.2)
    time.sleep(2)
    kill()
    thread.join(timeout=600)
    assert not thread.is_alive()


def test_a_killed_worker_loses_no_submission(classroom: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    with dask_cluster(2, tmp_path / "dask", allowed_failures=3) as running:
        _grade_and_kill(classroom, workspace,
                        lambda: os.killpg(running.workers[0].pid, signal.SIGKILL),
                        scheduler=running.address)
    records = load_records(workspace, A)["students"]
    assert set(records) == {p.name for p in classroom.iterdir()}  # none lost
    for student, record in records.items():
        assert record["status"] in ("graded", "rejected") or record["reason"], student
    with open_gradebook(workspace) as gb:
        ids = [sub.student.id for sub in gb.assignment_submissions(A)]
    assert sorted(ids) == sorted(set(ids)) == sorted(records)  # no duplicates


def _kill_a_pool_worker() -> None:
    """Kill one of this process's grading workers (the children of its fork server)."""
    def children(pid: int) -> list[int]:
        return [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                for c in (task / "children").read_text().split()]

    servers = [pid for pid in children(os.getpid())
               if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    workers = [pid for server in servers for pid in children(server)]
    assert workers, "no grading worker process was found to stop"
    os.kill(workers[0], signal.SIGKILL)


def test_a_local_worker_that_dies_is_replaced_and_its_work_tried_again(
        classroom: Path, local_round: dict, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    _grade_and_kill(classroom, workspace, _kill_a_pool_worker, workers=2, scheduler="")
    # Every student ends as in an undisturbed round: the lost work was tried again.
    assert _scores(workspace) == local_round["scores"]
    records = load_records(workspace, A)["students"]
    assert {s: r["status"] for s, r in records.items()} == \
        {s: r["status"] for s, r in local_round["records"].items()}


def test_an_unreachable_scheduler_is_named_and_nothing_is_written(classroom: Path,
                                                                  tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(GradingError, match=address):
        grade_class(A, classroom, scheduler=address, limits=LIMITS, workspace=workspace,
                    progress=False)
    assert list(workspace.iterdir()) == []


# -- PostgreSQL ---------------------------------------------------------------------------


def _round(classroom: Path, workspace: Path, tmp: Path) -> dict[str, str]:
    """grade, status, manual export/import, export: what an instructor sees, as text."""
    grade_class(A, classroom, workers=2, scheduler="", limits=LIMITS, workspace=workspace,
                progress=False)
    _, sheet = export_answers(workspace, A, tmp / "answers")
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    for row in rows:
        row["score"], row["comment"] = "1.5", "Names the confound."
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (tmp / "filled.csv").write_text(out.getvalue(), encoding="utf-8")
    import_csv(workspace, A, tmp / "filled.csv")
    return {"status": "\n".join(status_lines(workspace, A)),
            **{fmt: export_grades(workspace, A, fmt, lms_name="Orientation", lms_id="9",
                                  out=tmp / f"{fmt}.csv").read_text()
               for fmt in ("canvas", "moodle", "csv")}}


def test_a_postgresql_gradebook_gives_the_sqlite_results(classroom: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    sqlite_ws, pg_ws = tmp_path / "sqlite" / "workspace", tmp_path / "pg" / "workspace"
    sqlite_ws.mkdir(parents=True)
    pg_ws.mkdir(parents=True)
    expected = _round(classroom, sqlite_ws, sqlite_ws.parent)
    with postgres_server() as url:
        monkeypatch.setenv("ALLIANCE_DB_URL", url)
        got = _round(classroom, pg_ws, pg_ws.parent)
        assert not (pg_ws / "gradebook.db").exists()  # the scores are in PostgreSQL
    assert got == expected


def test_a_gradebook_that_refuses_is_named_before_grading(classroom: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    port = free_port()
    monkeypatch.setenv("ALLIANCE_DB_URL", f"postgresql://grader:secret@127.0.0.1:{port}/x")
    with pytest.raises(GradingError, match=f"127.0.0.1:{port}/x refused the connection"):
        grade_class(A, classroom, workers=2, scheduler="", limits=LIMITS,
                    workspace=workspace, progress=False)
    assert list(workspace.iterdir()) == []
