"""Run nbgrader's own commands with the course's configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from autograder.workspace import NBGRADER_CONFIG


def nbgrader_env(workspace: Path | None = None) -> dict[str, str]:
    """Environment for an nbgrader subprocess: this Python's tools first on PATH."""
    env = dict(os.environ)
    # nbgrader runs `alembic` by name to set up the gradebook, so it must be on PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    if workspace is not None:
        env["ALLIANCE_WORKSPACE"] = str(workspace)
    return env


def run_nbgrader(args: list[str], workspace: Path | None = None,
                 cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` with the course's config; return the finished process."""
    command = [sys.executable, "-m", "nbgrader", *args]
    # Running in the config's folder makes nbgrader pick it up even without the env-wide link.
    return subprocess.run(
        command, cwd=cwd or NBGRADER_CONFIG.parent, env=nbgrader_env(workspace),
        capture_output=True, text=True, check=False,
    )
