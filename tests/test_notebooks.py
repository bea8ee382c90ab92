"""Every chapter runs as a learner runs it: downloaded as a notebook, from any folder (nbval).

The strict book build executes each chapter in its own folder; this runs the downloaded form
somewhere else. (Exercise sources are executed by ``test_exercises_grading.py``, where real
nbgrader grades each reference solution to full marks.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from tests.conftest import chapter_files

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow


def _nbval(notebook: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # --nbval-lax: run every cell and fail on any error; outputs are not compared, since
    # chapters carry none in git and exercise sources are stored cleared.
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-cell-timeout=120", str(notebook)],
        cwd=cwd, capture_output=True, text=True, check=False,
    )


@pytest.mark.parametrize("chapter", chapter_files(), ids=lambda p: p.stem)
def test_chapter_executes_under_nbval(chapter: Path, tmp_path: Path) -> None:
    # Chapters get their data through alliance.data, so they run from any folder.
    notebook = tmp_path / f"{chapter.stem}.ipynb"
    jupytext.write(jupytext.read(chapter), notebook)
    result = _nbval(notebook, tmp_path)
    assert result.returncode == 0, f"{chapter.name} failed under nbval:\n{result.stdout[-3000:]}"
