"""The instructor's command line answers --help and names unknown assignments."""

from __future__ import annotations

import subprocess
import sys


def _course(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "autograder", *args],
                          capture_output=True, text=True, check=False)


def test_help_lists_the_commands() -> None:
    result = _course("--help")
    assert result.returncode == 0
    for command in ("release", "grade", "status"):
        assert command in result.stdout


def test_unknown_assignment_is_named_in_one_line() -> None:
    result = _course("release", "ex99-nothing")
    assert result.returncode == 1
    assert "ex99-nothing" in result.stderr and "ex00-orientation" in result.stderr
