"""Student versions of the assignments, and one LMS-ready zip per assignment."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from autograder.assignment import load_assignment
from autograder.release.nbgrader_commands import run_nbgrader
from autograder.settings import settings
from autograder.variants import VariantError, variant_config, write_variant_config
from autograder.workspace import EXERCISES_DIR, RELEASE_DIR, assignment_ids


class ReleaseError(RuntimeError):
    """An assignment could not be released; the message says which and why."""


def release_assignment(assignment: str, release_dir: Path = RELEASE_DIR,
                       variants: bool = True) -> Path:
    """Generate the student version of ``assignment`` and zip it; return the zip's path.

    With ``variants`` (and the assignment listed in ``Grading.variants``) the released folder
    gets a ``variant.json``, so each student's notebook loads their own data set.
    """
    if not (EXERCISES_DIR / assignment).is_dir():
        known = ", ".join(assignment_ids()) or "none"
        raise ReleaseError(f"There is no assignment '{assignment}' in exercises/ (known: {known}).")
    result = run_nbgrader(["generate_assignment", assignment, "--force", "--no-db",
                           f"--CourseDirectory.release_directory={release_dir}"])
    folder = release_dir / assignment
    if result.returncode != 0 or not any(folder.glob("*.ipynb")):
        lines = [ln for ln in result.stderr.splitlines() if "ERROR" in ln] or \
            result.stderr.splitlines()[-5:]
        raise ReleaseError(f"nbgrader could not release {assignment}: " + " ".join(lines))
    if variants:
        try:
            write_variant_config(folder, variant_config(load_assignment(assignment), settings()))
        except VariantError as err:
            raise ReleaseError(str(err)) from None
    return _zip_folder(folder)


def _zip_folder(folder: Path) -> Path:
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, Path(folder.name) / path.relative_to(folder))
    return archive


def release_all(
    assignments: list[str] | None = None, release_dir: Path = RELEASE_DIR,
    variants: bool = True,
) -> list[Path]:
    """Release each of ``assignments`` (default: all); return the zips written."""
    chosen = assignments or assignment_ids()
    release_dir.mkdir(parents=True, exist_ok=True)
    for stale in (release_dir / a for a in chosen):
        shutil.rmtree(stale, ignore_errors=True)
    return [release_assignment(a, release_dir, variants) for a in chosen]
