"""An adversarial class, graded for real: nbgrader, notebooks, bubblewrap, a process pool.

Every misbehaving student gets a bounded time and a recorded reason, the rest of their notebook
is still graded, nothing they do reaches solutions, tests, the gradebook, other students or the
network, and every honest student gets exactly the score plain ``nbgrader autograde`` gives.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.assignment import load_assignment
from autograder.grade.coordinator import grade_class
from autograder.grade.sandbox import Limits
from autograder.records import load_records
from autograder.release.nbgrader_commands import run_nbgrader
from autograder.release.sample_class import answered, released_notebooks
from autograder.review.feedback import write_feedback
from autograder.settings import COURSE_ID, gradebook_url
from autograder.workspace import EXERCISES_DIR, REPO_ROOT

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

A = "ex00-orientation"
NB = f"{A}.ipynb"
LIMITS = Limits(cell_timeout=5, submission_timeout=40, memory=1024 * 1024 * 1024)
SOURCE = EXERCISES_DIR / A / NB
HIDDEN = "abs(pooled_r - 0.278) < 1e-9"  # a line of ex00's hidden tests


def _with_answer(right: bytes, prefix: str, cell: str = "part1-answer") -> bytes:
    nb = nbformat.reads(right.decode(), as_version=4)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == cell:
            c.source = prefix + "\n" + c.source
    return nbformat.writes(nb).encode()


def _edit(right: bytes, edit) -> bytes:  # noqa: ANN001 (a small local callback)
    nb = nbformat.reads(right.decode(), as_version=4)
    edit(nb)
    return nbformat.writes(nb).encode()


def _adversaries(workspace: Path, original: Path, port: int) -> dict[str, str]:
    reads = [str(SOURCE), str(workspace / "gradebook.db"),
             str(workspace / "submitted" / "honest-right" / A / NB),
             str(original / "honest-right" / NB)]
    return {
        "loop": "while True:\n    pass",
        "deaf-loop": ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                      "while True:\n    pass"),
        "crash": "import os\nos._exit(3)",
        "kill": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        "memory": "hog = bytearray(6 * 1024 ** 3)",
        "flood": "print('x' * 100_000_000)",
        "forkbomb": (
            "import os, time\nchildren = 0\ntry:\n    for _ in range(5000):\n"
            "        if os.fork() == 0:\n            time.sleep(1)\n            os._exit(0)\n"
            "        children += 1\nexcept OSError as err:\n"
            "    print('FORKS', children, type(err).__name__)"),
        "snoop": (
            "import glob\n"
            f"targets = {reads!r}\n"
            "targets += glob.glob('/tmp/alliance-grade-*/**/*.ipynb', recursive=True)\n"
            f"targets += glob.glob({str(REPO_ROOT) + '/**/*.ipynb'!r}, recursive=True)[:3]\n"
            "for t in targets:\n    try:\n        data = open(t, 'rb').read()\n"
            "        print('READ', t, data[:3000])\n"
            "    except OSError as err:\n        print('BLOCKED', type(err).__name__)\n"
            "import os\n"
            f"repo = {str(REPO_ROOT)!r}\n"
            "print('SEEN', sorted(os.listdir('/tmp')),\n"
            "      sorted(os.listdir(repo)) if os.path.isdir(repo) else 'no course folder')"),
        "vandal": (
            f"for t in [{str(workspace / 'gradebook.db')!r}, {str(SOURCE)!r}, '/usr/x']:\n"
            "    try:\n        open(t, 'ab').write(b'x')\n        print('WROTE', t)\n"
            "    except OSError as err:\n        print('DENIED', type(err).__name__)\n"
            "open('/home/student/left-behind.txt', 'w').write('still here?')"),
        "network": (
            "import socket\n"
            f"for host, port in [('1.1.1.1', 80), ('127.0.0.1', {port})]:\n"
            "    try:\n        socket.create_connection((host, port), timeout=3)\n"
            "        print('CONNECTED', host)\n"
            "    except OSError as err:\n        print('NO-NETWORK', type(err).__name__)"),
    }


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _auto_scores(workspace: Path, students: list[str]) -> dict[str, dict[str, float | None]]:
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        return {s: {g.name: g.auto_score for g in
                    gb.find_submission_notebook(A, A, s).grades
                    if g.cell_type == "code"} for s in students}


@pytest.fixture(scope="module", params=["local pool", "dask cluster"])
def graded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    # The whole adversarial class, graded on this computer's pool and on a Dask cluster.
    scheduler = request.getfixturevalue("cluster").address if "dask" in request.param else ""
    tmp = tmp_path_factory.mktemp("adversarial")
    workspace, original = tmp / "workspace", tmp / "submissions"
    workspace.mkdir()
    assignment = load_assignment(A)
    released = released_notebooks(assignment)
    kinds = {k: answered(assignment, k, released=released)[A]
             for k in ("right", "partial", "wrong", "blank")}
    right = kinds["right"]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    files: dict[str, dict[str, bytes]] = {f"honest-{k}": {NB: v} for k, v in kinds.items()}
    for name, code in _adversaries(workspace, original, port).items():
        files[name] = {NB: _with_answer(right, code)}
    text = right.decode().replace("Store the pooled correlation", "Stocké: the pooled corrélation")
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x = 1", metadata={"nbgrader": {"grade": True, "grade_id": "elsewhere", "points": 1,
                                        "locked": True, "solution": False,
                                        "schema_version": 3}})])
    files.update({
        "malformed": {NB: right[: len(right) // 2]},
        "empty": {NB: b""},
        "binary": {NB: b"\x81\x8d\x90\x9d\x00 not a notebook"},
        "windows-text": {NB: text.encode("cp1252", errors="replace")},
        "renamed": {"homework FINAL (1).ipynb": right},
        "deleted-cell": {NB: _edit(right, lambda nb: nb.cells.__delitem__(next(
            i for i, c in enumerate(nb.cells)
            if c.metadata.get("nbgrader", {}).get("grade_id") == "part2-tests")))},
        "duplicated-cell": {NB: _edit(right, lambda nb: nb.cells.insert(3, nb.cells[3]))},
        "wrong-assignment": {NB: nbformat.writes(other).encode()},
        # Another exercise shares part names (part1-answer ...) with this one.
        "another-exercise": {NB: (EXERCISES_DIR / "ex01-wai-sr" / "ex01-wai-sr.ipynb")
                             .read_bytes()},
        "no-notebook": {"essay.docx": b"PK\x03\x04 a word file"},
    })
    for student, handed in files.items():
        (original / student).mkdir(parents=True)
        for name, data in handed.items():
            (original / student / name).write_bytes(data)
            (original / student / name).chmod(0o444)
    before = _tree_hashes(original)
    leftovers_before = set(Path("/tmp").glob("alliance-grade-*"))

    started = time.monotonic()
    summary = grade_class(A, original, workers=2, scheduler=scheduler, limits=LIMITS,
                          workspace=workspace, progress=False)
    seconds = time.monotonic() - started
    listener.close()

    # The same honest work, graded by plain sequential nbgrader in its own course folder.
    plain = tmp / "plain"
    honest = [s for s in files if s.startswith("honest-")]
    for student in honest:
        folder = plain / "submitted" / student / A
        folder.mkdir(parents=True)
        (folder / NB).write_bytes(files[student][NB])
    assert run_nbgrader(["generate_assignment", A, "--force", "--CourseDirectory."
                         f"release_directory={tmp / 'release'}"], plain).returncode == 0
    result = run_nbgrader(["autograde", A, "--force"], plain)
    assert result.returncode == 0, result.stderr[-2000:]

    graded_nbs = {}
    for student in files:
        path = workspace / "autograded" / student / A / NB
        if path.exists():
            graded_nbs[student] = nbformat.read(path, as_version=4)
    return {
        "workspace": workspace, "original": original, "files": files, "summary": summary,
        "scheduler": scheduler,
        "seconds": seconds, "before": before, "after": _tree_hashes(original),
        "records": load_records(workspace, A)["students"], "notebooks": graded_nbs,
        "ours": _auto_scores(workspace, honest), "plain": _auto_scores(plain, honest),
        "leftovers": set(Path("/tmp").glob("alliance-grade-*")) - leftovers_before,
    }


def _output(nb: nbformat.NotebookNode, grade_id: str = "part1-answer") -> str:
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return json.dumps(cell.get("outputs", []))


def _total(graded: dict, student: str) -> float:
    with Gradebook(gradebook_url(graded["workspace"]), COURSE_ID) as gb:
        return gb.find_submission(A, student).score


def test_honest_scores_equal_plain_nbgrader(graded: dict) -> None:
    assert graded["ours"] == graded["plain"]
    assert graded["ours"]["honest-right"] == {"part1-tests": 1.0, "part2-tests": 2.0}
    assert graded["ours"]["honest-blank"] == {"part1-tests": 0.0, "part2-tests": 0.0}


@pytest.mark.parametrize(("student", "score", "kind"), [
    ("loop", 2, "CellTimeoutError"), ("deaf-loop", 2, "CellTimeoutError"),
    ("crash", 2, "KernelDied"), ("kill", 2, "KernelDied"), ("memory", 2, None),
    ("flood", 3, "OutputLimit"), ("forkbomb", 3, None), ("snoop", 3, None),
    ("vandal", 3, None), ("network", 3, None),
])
def test_misbehaviour_fails_only_the_cells_it_touches(graded: dict, student: str, score: float,
                                                       kind: str | None) -> None:
    record = graded["records"][student]
    assert record["status"] == "graded", record
    assert _total(graded, student) == score
    assert record["seconds"] < LIMITS.submission_timeout + 30
    if kind:
        assert kind in {e["kind"] for e in record["events"]}, record["events"]


@pytest.mark.parametrize(("student", "words"), [
    ("loop", "did not finish in time"), ("crash", "stopped Python"),
    ("flood", "printed far too much"),
])
def test_feedback_tells_the_student_what_their_code_did(graded: dict, student: str,
                                                        words: str) -> None:
    pages = {p.stem: p for p in write_feedback(graded["workspace"], A)}
    page = pages[student].read_text()
    assert "While your notebook ran" in page and f"part1-answer: {words}" in page
    assert "While your notebook ran" not in pages["honest-wrong"].read_text()


def test_the_sandbox_holds(graded: dict) -> None:
    out = {s: _output(graded["notebooks"][s]) for s in
           ("snoop", "vandal", "network", "forkbomb", "memory", "flood")}
    assert '"output_type": "error"' not in out["snoop"]  # it ran to the end, so READ is telling
    assert "READ" not in out["snoop"] and out["snoop"].count("BLOCKED") >= 4
    assert "BEGIN SOLUTION" not in out["snoop"] and HIDDEN not in out["snoop"]
    seen = out["snoop"].split("SEEN")[1]
    assert "exercises" not in seen and "_grading" not in seen
    assert "WROTE" not in out["vandal"] and out["vandal"].count("DENIED") == 3
    assert "CONNECTED" not in out["network"] and out["network"].count("NO-NETWORK") == 2
    forks = int(out["forkbomb"].split("FORKS ")[1].split(" ")[0])
    assert 0 < forks < LIMITS.processes  # the process limit binds (the kernel is not root)
    assert "MemoryError" in out["memory"]
    assert "Output cut" in out["flood"] and len(out["flood"]) < 2 * LIMITS.output_per_cell
    assert not list(graded["workspace"].rglob("left-behind.txt"))
    assert graded["leftovers"] == set()  # every task's private folder was removed
    with Gradebook(gradebook_url(graded["workspace"]), COURSE_ID) as gb:
        assert len(gb.students) == len(graded["files"])  # the gradebook is intact


@pytest.mark.parametrize(("student", "expect"), [
    ("malformed", "damaged"), ("empty", "empty"), ("binary", "not text"),
    ("wrong-assignment", "not ex00-orientation"), ("no-notebook", "no notebook"),
    ("another-exercise", "this notebook is for ex01-wai-sr, not ex00-orientation"),
])
def test_unusable_files_get_zero_and_one_line_reason(graded: dict, student: str,
                                                     expect: str) -> None:
    record = graded["records"][student]
    assert record["status"] == "rejected" and expect in record["reason"]
    assert "\n" not in record["reason"]
    assert _total(graded, student) == 0


@pytest.mark.parametrize(("student", "note", "score"), [
    ("windows-text", "UTF-8", 3), ("renamed", "handed in as", 3),
    ("deleted-cell", "deleted: part2-tests", 1), ("duplicated-cell", "duplicated", 3),
    ("duplicated-cell", "cell id(s) were duplicated or invalid and were renewed", 3),
])
def test_odd_but_usable_files_are_graded_with_a_note(graded: dict, student: str, note: str,
                                                     score: float | None) -> None:
    record = graded["records"][student]
    assert record["status"] == "graded" and any(note in n for n in record["notes"])
    if score is not None:
        assert _total(graded, student) == score


def test_submissions_are_never_modified(graded: dict) -> None:
    assert graded["before"] == graded["after"]


def test_one_row_per_student_in_one_gradebook(graded: dict) -> None:
    with Gradebook(gradebook_url(graded["workspace"]), COURSE_ID) as gb:
        subs = gb.assignment_submissions(A)
        assert sorted(s.student.id for s in subs) == sorted(graded["files"])
        assert all(len(s.notebooks) == 1 and len(s.notebooks[0].grades) == 3 for s in subs)


def test_regrading_is_idempotent_and_updates_only_changes(graded: dict, tmp_path: Path) -> None:
    workspace = graded["workspace"]
    again = grade_class(A, graded["original"], workers=2, scheduler=graded["scheduler"],
                        limits=LIMITS, workspace=workspace, progress=False)
    assert again.graded == [] and sorted(again.unchanged) == sorted(graded["files"])

    newer = tmp_path / "second-download"
    shutil.copytree(graded["original"], newer)
    target = newer / "honest-blank" / NB
    target.chmod(0o644)
    target.write_bytes(graded["files"]["honest-right"][NB])
    update = grade_class(A, newer, workers=2, scheduler=graded["scheduler"], limits=LIMITS,
                         workspace=workspace, progress=False)
    assert update.graded == ["honest-blank"]
    assert _total(graded, "honest-blank") == 3
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        assert len(gb.assignment_submissions(A)) == len(graded["files"])
