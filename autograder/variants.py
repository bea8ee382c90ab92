"""Which assignments give each student their own data set, and how a notebook says whose it is.

An assignment has variants when the course's configuration lists it in ``Grading.variants``
and its folder ships the loader ``course_data.py``. Its ``variant.json`` (written into the
released folder, and into each grading task with the graded student's id) tells the loader
which data files vary and how to seed them (:mod:`alliance.data.course_data`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from alliance.data.course_data import VARIANT_FILE, normalise_id
from alliance.data.simulate import SIMULATIONS
from alliance.data.variants import student_files
from autograder.assignment import Assignment
from autograder.settings import Settings

LOADER = "course_data.py"
_TYPED_ID = re.compile(r"^\s*STUDENT_ID\s*=\s*(['\"])(.*?)\1", re.MULTILINE)


class VariantError(ValueError):
    """Variants are switched on for an assignment that cannot have them."""


def variant_config(assignment: Assignment, conf: Settings) -> dict:
    """The assignment's ``variant.json`` content without a student ({} when variants are off)."""
    if assignment.name not in conf.variants:
        return {}
    if not conf.variant_key.strip():
        raise VariantError(
            f"{assignment.name} has per-student data (Grading.variants), but Grading.variant_key "
            "is empty. Set it in autograder/nbgrader_config.py to any long random text, e.g. "
            "the output of: python -c \"import secrets; print(secrets.token_hex(16))\"")
    files = {p.name: p.stem for p in assignment.data_files()
             if p.suffix == ".csv" and p.stem in SIMULATIONS}
    if not (assignment.folder / LOADER).is_file() or not files:
        raise VariantError(
            f"{assignment.name} is listed in Grading.variants, but its notebook does not load "
            f"its data through {LOADER} (or it has no simulated data set), so every student "
            "would see the same numbers. Remove it from Grading.variants.")
    return {"course": conf.course_id, "assignment": assignment.name,
            "key": conf.variant_key, "files": files}


def _variant_json(config: dict) -> bytes:
    return (json.dumps(config, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write_variant_config(folder: Path, config: dict) -> None:
    """Write ``variant.json`` into a released assignment's folder (nothing when ``config`` is
    empty)."""
    if config:
        (folder / VARIANT_FILE).write_bytes(_variant_json(config))


def graded_student_files(config: dict, student: str) -> dict[str, bytes]:
    """What grading puts beside ``student``'s notebook: their own data files and a
    ``variant.json`` naming them (from the roster), so the loader reads their data whatever id
    the notebook says."""
    files = student_files(config, student)
    files[VARIANT_FILE] = _variant_json({**config, "student": student})
    return files


def typed_student_id(nb: nbformat.NotebookNode) -> str:
    """The id the student typed in the notebook (``STUDENT_ID = "..."``), normalised; "" if
    none."""
    for cell in nb.cells:
        if cell.cell_type == "code" and (found := _TYPED_ID.search(cell.source)):
            return normalise_id(found.group(2))
    return ""


def mismatch_note(typed: str, student: str) -> str:
    """What status says when a notebook names another student ("" when it does not)."""
    if not typed or typed == normalise_id(student):
        return ""
    return (f"the notebook's STUDENT_ID is '{typed}', but this is {student}'s submission: "
            f"graded on {student}'s own data")
