"""The course's settings, read from its one configuration file, ``nbgrader_config.py``.

Every stage (release, grading, status, manual grading, feedback, export) and plain nbgrader
commands read the same file, so an instructor's edit there reaches all of them. Beside
nbgrader's own options the file sets the grading round's (the ``Grading`` section below), for
example ``c.Grading.scheduler = "tcp://grading-head:8786"`` to grade on a Dask cluster, and
``c.CourseDirectory.db_url`` to keep the gradebook in PostgreSQL.
"""

from __future__ import annotations

import os
import sys
import typing as t
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from traitlets import Dict, Enum, Float, Int, List, Unicode
from traitlets.config import Config, Configurable
from traitlets.config.loader import PyFileConfigLoader

from autograder.workspace import NBGRADER_CONFIG, workspace_dir

# Each grading task's kernel runs as its own unprivileged user: UID_BASE + a task number.
SANDBOX_UID_BASE = 200000


class Grading(Configurable):
    """Options of ``alliance-course grade`` that an instructor sets once in the config file."""

    scheduler = Unicode("", help="Address of a Dask scheduler (tcp://host:8786) to grade on a "
                        "cluster; empty grades on this computer").tag(config=True)
    workers = Int(0, help="Grading processes on this computer (0: one per core)").tag(
        config=True)
    cell_timeout = Int(60, help="Longest a cell may run, in seconds, when the reference "
                       "solution's own time is not known").tag(config=True)
    submission_timeout = Int(300, help="Longest a whole notebook may run, in seconds").tag(
        config=True)
    cell_floor = Int(10, help="Shortest per-cell limit sized from the reference solution, "
                     "in seconds").tag(config=True)
    cell_multiple = Float(10.0, help="A cell may take this many times as long as the "
                          "reference solution's cell").tag(config=True)
    # Deadlines and late work (autograder/grade/late.py; instructor guide, "Deadlines, late
    # work and extensions").
    due_dates = Dict({}, help="Each assignment's due date, e.g. {'ex01-wai-sr': '2027-02-01 "
                     "23:59 America/Chicago'} (a time zone name, UTC or an offset such as "
                     "-06:00); written into nbgrader's gradebook at every grading run").tag(
        config=True)
    late_policy = Enum(["none", "zero", "percent"], "none", help="Penalty for late work: "
                       "'none', 'zero' (the total becomes 0) or 'percent' (late_percent_per_day "
                       "of the score for each day or part of a day, up to late_percent_cap)").tag(
        config=True)
    late_percent_per_day = Float(10.0, help="'percent' policy: percent of the student's score "
                                 "taken off per day or part of a day late").tag(config=True)
    late_percent_cap = Float(100.0, help="'percent' policy: the most taken off, in percent "
                             "of the score").tag(config=True)
    late_grace_minutes = Int(0, help="Work handed in up to this many minutes after the due "
                             "date counts as on time (beyond it, lateness counts from the due "
                             "date)").tag(config=True)
    # Per-student data (alliance/data/course_data.py; instructor guide, "Every student their
    # own data").
    variants = List(Unicode(), [], help="Assignments whose students each get their own data "
                    "set, e.g. ['ex01-wai-sr']; the others use the class data set").tag(
        config=True)
    variant_key = Unicode("", help="Secret text that, with the course, assignment and student "
                          "id, seeds each student's data set; change it for a new term").tag(
        config=True)


@dataclass(frozen=True)
class Settings:
    """The values the toolchain reads from the configuration, as plain data."""

    course_id: str
    db_url: str
    ignore: tuple[str, ...]
    scheduler: str
    workers: int
    cell_timeout: int
    submission_timeout: int
    cell_floor: int
    cell_multiple: float
    due_dates: dict[str, str] = field(default_factory=dict)
    late_policy: str = "none"
    late_percent_per_day: float = 10.0
    late_percent_cap: float = 100.0
    late_grace_minutes: int = 0
    variants: tuple[str, ...] = ()
    variant_key: str = ""


def course_config(workspace: Path | None = None, **overrides: t.Any) -> Config:
    """The course's nbgrader configuration for ``workspace``, with ``overrides`` applied."""
    workspace = workspace or workspace_dir()
    old = os.environ.get("ALLIANCE_WORKSPACE")
    os.environ["ALLIANCE_WORKSPACE"] = str(workspace)
    try:
        loader = PyFileConfigLoader(NBGRADER_CONFIG.name, str(NBGRADER_CONFIG.parent))
        config = loader.load_config()
    finally:
        if old is None:
            os.environ.pop("ALLIANCE_WORKSPACE", None)
        else:
            os.environ["ALLIANCE_WORKSPACE"] = old
    for dotted, value in overrides.items():
        section, name = dotted.split(".", 1)
        config[section][name] = value
    return config


@cache
def _settings(workspace: str, db_env: str, extra_env: str = "") -> Settings:
    # db_env and extra_env are not read here: they are part of the cache key, because the
    # configuration file reads ALLIANCE_DB_URL and ALLIANCE_EXTRA_CONFIG, so a changed variable
    # must not return the old settings.
    config = course_config(Path(workspace))
    grading = Grading(config=config)
    course = config.CourseDirectory
    return Settings(
        course_id=str(course.course_id), db_url=str(course.db_url),
        ignore=tuple(course.ignore), scheduler=grading.scheduler, workers=grading.workers,
        cell_timeout=grading.cell_timeout, submission_timeout=grading.submission_timeout,
        cell_floor=grading.cell_floor, cell_multiple=grading.cell_multiple,
        due_dates={str(k): str(v) for k, v in grading.due_dates.items()},
        late_policy=grading.late_policy, late_percent_per_day=grading.late_percent_per_day,
        late_percent_cap=grading.late_percent_cap,
        late_grace_minutes=grading.late_grace_minutes,
        variants=tuple(grading.variants), variant_key=grading.variant_key)


def settings(workspace: Path | None = None) -> Settings:
    """The course's settings for ``workspace`` (default: the configured grading workspace)."""
    workspace = (workspace or workspace_dir()).resolve()
    return _settings(str(workspace), os.environ.get("ALLIANCE_DB_URL", ""),
                     os.environ.get("ALLIANCE_EXTRA_CONFIG", ""))


def gradebook_url(workspace: Path | None = None) -> str:
    """The SQLAlchemy URL of the course's gradebook (``CourseDirectory.db_url``)."""
    return settings(workspace).db_url


def is_sqlite(db_url: str) -> bool:
    """True when the gradebook is a SQLite file (the default) rather than a database server."""
    return db_url.startswith("sqlite:")


def link_nbgrader_config(prefix: Path | None = None) -> Path:
    """Make plain ``nbgrader`` commands in this environment use the course's configuration.

    nbgrader reads ``nbgrader_config.py`` from the Jupyter config path, which includes
    ``<sys.prefix>/etc/jupyter``; the two-line file written there loads the course's, so
    ``nbgrader generate_assignment ex00-orientation`` works from any folder.
    """
    target = Path(prefix or sys.prefix) / "etc" / "jupyter" / "nbgrader_config.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "# Written by Alliance Lab (python -m autograder.settings): use the course's config.\n"
        f"load_subconfig({str(NBGRADER_CONFIG)!r})  # noqa: F821\n"
    )
    return target


def __getattr__(name: str) -> t.Any:
    # COURSE_ID is read from the configuration the first time it is used.
    if name == "COURSE_ID":
        return settings().course_id
    raise AttributeError(name)


if __name__ == "__main__":
    print(f"nbgrader will use {NBGRADER_CONFIG} (via {link_nbgrader_config()})")
