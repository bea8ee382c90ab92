"""What a source assignment is made of: its notebooks, graded parts, points and rubrics.

Read straight from the nbgrader source notebooks in ``exercises/`` (the instructor's copy, with
solutions), so the toolchain knows each part's maximum and where the rubric is without asking
the gradebook.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.markers import marked_text
from autograder.workspace import EXERCISES_DIR


@dataclass(frozen=True)
class Part:
    """One graded cell: an autograded test cell or a manually graded answer."""

    notebook: str
    grade_id: str
    points: float
    cell_type: str
    manual: bool
    rubric: str = ""
    prompt: str = ""


@dataclass
class Assignment:
    """A source assignment: its folder, notebooks and graded parts, in notebook order."""

    name: str
    folder: Path
    notebooks: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    cell_ids: dict[str, set[str]] = field(default_factory=dict)

    @property
    def max_score(self) -> float:
        """Total points over every graded part."""
        return sum(p.points for p in self.parts)

    @property
    def manual_parts(self) -> list[Part]:
        """Parts that a person grades (written answers)."""
        return [p for p in self.parts if p.manual]

    def source_files(self) -> list[Path]:
        """The notebooks and data files that travel with the assignment (nbgrader's finder,
        with the course's ``CourseDirectory.ignore`` patterns)."""
        from nbgrader.utils import find_all_files

        from autograder.settings import settings

        found = find_all_files(str(self.folder), list(settings().ignore))
        return sorted(Path(p) for p in found)

    def data_files(self) -> list[Path]:
        """Files beside the notebooks that students' code may read (never notebooks)."""
        return [p for p in self.source_files() if p.suffix != ".ipynb"]

    def fingerprint(self) -> str:
        """A hash of the source notebooks and data files: regrade everyone when it changes."""
        digest = hashlib.sha256()
        for path in self.source_files():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()


def solution_text(source: str) -> str:
    """Return what sits between the solution markers (``### BEGIN SOLUTION`` ...)."""
    return marked_text(source, "solution")


def load_assignment(name: str, exercises: Path = EXERCISES_DIR) -> Assignment:
    """Read ``exercises/<name>/`` and return its structure; ValueError if it is not there."""
    folder = exercises / name
    notebooks = sorted(folder.glob("*.ipynb"))
    if not folder.is_dir() or not notebooks:
        known = ", ".join(sorted(p.name for p in exercises.iterdir() if p.is_dir())) or "none"
        raise ValueError(f"There is no assignment '{name}' in exercises/ (known: {known}).")
    result = Assignment(name=name, folder=folder)
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        stem = path.stem
        result.notebooks.append(stem)
        ids: set[str] = set()
        prompt = ""
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade_id"):
                ids.add(meta["grade_id"])
            if cell.cell_type == "markdown" and not meta.get("solution"):
                prompt = cell.source
            if not meta.get("grade"):
                continue
            manual = bool(meta.get("solution")) or bool(meta.get("task"))
            result.parts.append(Part(
                notebook=stem, grade_id=meta["grade_id"], points=float(meta.get("points", 0)),
                cell_type=cell.cell_type, manual=manual,
                rubric=solution_text(cell.source) if manual else "",
                prompt=prompt if manual else ""))
        result.cell_ids[stem] = ids
    return result


def all_cell_ids(exercises: Path = EXERCISES_DIR) -> dict[str, set[str]]:
    """Every complete assignment's graded and solution cell ids (to spot wrong submissions)."""
    found: dict[str, set[str]] = {}
    for folder in sorted(p for p in exercises.iterdir() if p.is_dir()):
        try:
            info = load_assignment(folder.name, exercises)
        except Exception:  # noqa: BLE001 (an assignment being written may not parse yet)
            continue
        found[folder.name] = set().union(*info.cell_ids.values())
    return found
