"""Load an assignment's data: the class data set, or the student's own variant of it.

This file is shipped beside each data assignment's notebook as ``course_data.py`` and imported
there (``from course_data import load_data``). It needs only the standard library and pandas,
so importing it never loads the course's ``alliance`` package (whose answers the exercises ask
students to write themselves).

Without a ``variant.json`` beside the notebook, ``load_data("x.csv")`` reads the class data set
``x.csv``. With one (written when the instructor releases an assignment with variants on), each
student gets their own data set: the course's seeded simulation of ``x.csv`` run with a seed
derived from (course, assignment, student id) by a keyed hash (HMAC-SHA256). The same student
always gets the same rows, byte for byte; a different student gets different rows of the same
kind (same columns and sample size, same simulated true effects).

Who the student is, first match wins: the ``student`` that the grader writes into
``variant.json`` (from the class roster), the ``ALLIANCE_STUDENT_ID`` environment variable (set
by a course JupyterHub), then the id the student typed in the notebook.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

VARIANT_FILE = "variant.json"
ENV_STUDENT_ID = "ALLIANCE_STUDENT_ID"


def normalise_id(student_id: str | None) -> str:
    """A student id as compared and hashed: surrounding spaces removed, lower case."""
    return (student_id or "").strip().lower()


def variant_digest(key: str, course: str, assignment: str, student_id: str) -> str:
    """The keyed hash (hex) that names and seeds one student's variant of one assignment."""
    message = f"{course}/{assignment}/{normalise_id(student_id)}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def variant_seed(digest: str) -> int:
    """The simulation seed of a variant (the first 64 bits of its digest)."""
    return int(digest[:16], 16)


def variant_name(filename: str, digest: str) -> str:
    """``wai_sr_responses.csv`` -> ``wai_sr_responses.3f9a01c2d7.csv``: one file per variant."""
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest[:10]}.{suffix}" if dot else f"{filename}.{digest[:10]}"


def read_config(folder: Path | str = ".") -> dict:
    """The assignment's ``variant.json`` ({} when variants are off)."""
    path = Path(folder) / VARIANT_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def whose(typed_id: str = "", config: dict | None = None) -> str:
    """The student whose data this is: the grader's roster id, the hub's, or the typed one."""
    config = read_config() if config is None else config
    return normalise_id(config.get("student") or os.environ.get(ENV_STUDENT_ID) or typed_id)


def data_file(filename: str, student_id: str = "", folder: Path | str = ".") -> Path:
    """The path of the data to analyse: the student's own variant when variants are on.

    A variant is simulated once (by the course's Python environment) and kept beside the
    notebook, so later calls only read it.
    """
    folder = Path(folder)
    config = read_config(folder)
    dataset = config.get("files", {}).get(filename)
    if not dataset:
        return folder / filename
    student = whose(student_id, config)
    if not student:
        print(f"No student id yet, so this is the class data set {filename}. Type your "
              "student id in the first code cell and run the notebook again to get your own.")
        return folder / filename
    digest = variant_digest(config["key"], config["course"], config["assignment"], student)
    path = folder / variant_name(filename, digest)
    if not path.is_file():
        _simulate(dataset, variant_seed(digest), path, filename)
    return path


def load_data(filename: str, student_id: str = "") -> pd.DataFrame:
    """Read the data to analyse as a pandas DataFrame (see :func:`data_file`)."""
    import pandas as pd

    return pd.read_csv(data_file(filename, student_id))


def _simulate(dataset: str, seed: int, path: Path, filename: str) -> None:
    command = [sys.executable, "-m", "alliance.data", "--variant", dataset, "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode != 0 or not done.stdout:
        raise RuntimeError(
            f"Your own copy of {filename} could not be made here: it needs the course's Python "
            "environment (open the assignment in the course's JupyterLab, as the learner guide "
            "says). Or ask your instructor for your data file "
            f"'{path.name}' and put it beside this notebook.")
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(done.stdout)
    tmp.replace(path)
