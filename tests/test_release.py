"""Student releases carry no solutions, hidden tests or outputs; sources are clean."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from autograder.release.students import release_all
from tests.conftest import assignment_ids, source_notebooks

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

LEAK_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "BEGIN HIDDEN TESTS",
                "END HIDDEN TESTS")


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    release_dir = tmp_path_factory.mktemp("release")
    release_all(release_dir=release_dir)
    return release_dir


@pytest.mark.parametrize("notebook", source_notebooks(), ids=lambda p: p.parent.name)
def test_source_notebook_is_cleared_and_valid(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"{notebook.name}: a code cell has saved outputs"
            assert cell.execution_count is None, f"{notebook.name}: a cell has an execution count"
    MetadataValidator().validate_nb(nb)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), f"{notebook.name}: duplicate nbgrader grade_id"
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert any(c.cell_type == "code" for c in graded), "needs an autograded test cell"
    assert any(c.cell_type == "markdown" for c in graded), "needs a manually graded answer"


@pytest.mark.parametrize("assignment", assignment_ids())
def test_release_has_no_solutions_hidden_tests_or_outputs(released: Path, assignment: str) -> None:
    notebooks = sorted((released / assignment).glob("*.ipynb"))
    assert notebooks, f"no student notebook was released for {assignment}"
    for path in notebooks:
        text = path.read_text()
        for marker in LEAK_MARKERS:
            assert marker not in text, f"{path.name} leaks '{marker}'"
        nb = json.loads(text)
        for cell in nb["cells"]:
            assert not cell.get("outputs"), f"{path.name} has outputs"
            # Solution bodies are gone: each answer cell holds only the stub.
            if cell["metadata"].get("nbgrader", {}).get("solution"):
                src = "".join(cell["source"])
                assert "YOUR CODE HERE" in src or "YOUR ANSWER HERE" in src, src
                # A written answer's cell invites one answer, once.
                assert src.count("YOUR ANSWER HERE") <= 1, f"{path.name}: {src!r}"


@pytest.mark.parametrize("assignment", assignment_ids())
def test_release_zip_matches_folder(released: Path, assignment: str) -> None:
    archive = released / f"{assignment}.zip"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    folder_files = {f"{assignment}/{p.relative_to(released / assignment)}"
                    for p in (released / assignment).rglob("*") if p.is_file()}
    assert names == folder_files
