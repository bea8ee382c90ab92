"""The grading commands speak plainly: no sandbox, no assignment, nothing graded yet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow


def _course(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, check=False, timeout=300, env=env)


def test_grading_refuses_without_bubblewrap(tmp_path: Path) -> None:
    (tmp_path / "class" / "ana").mkdir(parents=True)
    (tmp_path / "class" / "ana" / "ex00-orientation.ipynb").write_text("{}")
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    env = {**os.environ, "PATH": str(empty_path), "ALLIANCE_WORKSPACE": str(tmp_path / "ws")}
    result = _course("grade", "ex00-orientation", str(tmp_path / "class"), env=env)
    assert result.returncode == 1
    assert "sudo apt-get install bubblewrap" in result.stderr and "--unsafe" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ws" / "gradebook.db").exists()


def test_unknown_assignment_and_empty_workspace_are_explained(tmp_path: Path) -> None:
    env = {**os.environ, "ALLIANCE_WORKSPACE": str(tmp_path)}
    result = _course("grade", "ex99-nothing", str(tmp_path), env=env)
    assert result.returncode == 1 and "ex99-nothing" in result.stderr
    assert "Traceback" not in result.stderr
    status = _course("status", "ex00-orientation", env=env)
    assert status.returncode == 0 and "nothing graded yet" in status.stdout
    export = _course("export", "ex00-orientation", "--format", "canvas", env=env)
    assert export.returncode == 1 and "Nothing of ex00-orientation has been graded" in \
        export.stderr


def test_unsafe_grades_without_bubblewrap_and_says_so(tmp_path: Path) -> None:
    from autograder.assignment import load_assignment
    from autograder.release.sample_class import answered

    (tmp_path / "class" / "ana").mkdir(parents=True)
    (tmp_path / "class" / "ana" / "ex00-orientation.ipynb").write_bytes(
        answered(load_assignment("ex00-orientation"), "right")["ex00-orientation"])
    (tmp_path / "bin").mkdir()
    env = {**os.environ, "PATH": str(tmp_path / "bin"), "ALLIANCE_WORKSPACE": str(tmp_path / "ws")}
    result = _course("grade", "ex00-orientation", str(tmp_path / "class"), "--unsafe", "--quiet",
                     env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WITHOUT the sandbox" in result.stderr and "graded 1" in result.stdout
    status = _course("status", "ex00-orientation", env=env)
    assert "3 / 5" in status.stdout
