"""nbgrader's formgrader works on our workspace under JupyterLab 4, on the same gradebook.

A two-student class is graded with ``grade``; JupyterLab is started on the workspace exactly as
``alliance-course manual --formgrader`` starts it; the formgrader's pages answer, show the
student's written answer, and a manual grade given through the formgrader's own API is what
``status`` and ``export`` then see.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from autograder.assignment import load_assignment
from autograder.grade.coordinator import grade_class
from autograder.grade.sandbox import Limits
from autograder.release.sample_class import answered, released_notebooks
from autograder.review.manual import formgrader_command
from autograder.review.report import assignment_rows

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

A = "ex00-orientation"
TOKEN = "formgrader-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, method: str = "GET", body: dict | None = None) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Authorization": f"token {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 (a generator fixture)
    tmp = tmp_path_factory.mktemp("formgrader")
    workspace = tmp / "workspace"
    workspace.mkdir()
    info = load_assignment(A)
    released = released_notebooks(info)
    for student, kind in (("ana", "right"), ("ben", "partial")):
        (tmp / "class" / student).mkdir(parents=True)
        (tmp / "class" / student / f"{A}.ipynb").write_bytes(
            answered(info, kind, released=released)[A])
    grade_class(A, tmp / "class", workers=2, limits=Limits(cell_timeout=10),
                workspace=workspace, progress=False)
    port = _free_port()
    command = formgrader_command(workspace) + [
        "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}"]
    log = (tmp / "lab.log").open("wb")
    proc = subprocess.Popen(command, cwd=workspace, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "ALLIANCE_WORKSPACE": str(workspace)},
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and _get(f"{base}/api/status")[0] != 200:
            assert proc.poll() is None, (tmp / "lab.log").read_text()[-3000:]
            time.sleep(1)
        yield {"base": base, "workspace": workspace}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        log.close()


def test_formgrader_pages_answer_under_jupyterlab_4(server: dict) -> None:
    base = server["base"]
    status, page = _get(f"{base}/formgrader/manage_assignments")
    assert status == 200 and "formgrader" in page.lower()
    status, body = _get(f"{base}/formgrader/api/assignments")
    found = {a["name"]: a for a in json.loads(body)}
    assert status == 200 and found[A]["num_submissions"] == 2
    status, _ = _get(f"{base}/formgrader/gradebook/{A}/{A}")
    assert status == 200


def test_a_formgrader_grade_lands_in_our_gradebook(server: dict) -> None:
    base, workspace = server["base"], server["workspace"]
    _, body = _get(f"{base}/formgrader/api/submitted_notebooks/{A}/{A}")
    ana = next(n for n in json.loads(body) if n["student"] == "ana")
    status, page = _get(f"{base}/formgrader/submissions/{ana['id']}/")
    assert status == 200 and "part3-interpretation" in page
    _, body = _get(f"{base}/formgrader/api/grades?submission_id={ana['id']}")
    grade = next(g for g in json.loads(body) if g["name"] == "part3-interpretation")
    status, _ = _get(f"{base}/formgrader/api/grade/{grade['id']}", "PUT",
                     {"manual_score": 2, "extra_credit": None})
    assert status == 200
    rows = {r.student: r for r in assignment_rows(workspace, A)[0]}
    assert rows["ana"].score == 5 and rows["ana"].awaiting_manual == 0
    assert rows["ben"].awaiting_manual == 1
