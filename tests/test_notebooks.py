"""Every chapter and every exercise source notebook executes cleanly under nbval."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from tests.conftest import REPO_ROOT, chapter_files, source_notebooks

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


@pytest.mark.parametrize("notebook", source_notebooks(), ids=lambda p: p.parent.name)
def test_exercise_source_passes_its_own_tests(notebook: Path) -> None:
    result = _nbval(notebook, notebook.parent)
    assert result.returncode == 0, (
        f"{notebook.relative_to(REPO_ROOT)} (with solutions) failed its own tests:\n"
        f"{result.stdout[-3000:]}"
    )
