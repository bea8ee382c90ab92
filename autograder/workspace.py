"""Where the course's files live: the repository, its exercises, releases and grading workspace.

The grading workspace holds students' submissions, the gradebook and grade exports. It is
private: by default it is ``_grading/`` in the repository, which git ignores. Set
``ALLIANCE_WORKSPACE`` to keep it elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXERCISES_DIR = REPO_ROOT / "exercises"
RELEASE_DIR = REPO_ROOT / "_build" / "release"
NBGRADER_CONFIG = Path(__file__).resolve().parent / "nbgrader_config.py"


def workspace_dir() -> Path:
    """Return the grading workspace folder (created if missing)."""
    path = Path(os.environ.get("ALLIANCE_WORKSPACE", REPO_ROOT / "_grading")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def assignment_ids() -> list[str]:
    """Return the ids of every source assignment in ``exercises/``, in order."""
    return sorted(
        p.name for p in EXERCISES_DIR.iterdir()
        if p.is_dir() and any(p.glob("*.ipynb")) and not p.name.startswith((".", "_"))
    )
