"""The coordinator's side of the nbgrader gradebook: set it up, and merge task results into it.

Only the coordinator (one process) calls these, one result at a time, so the single SQLite
gradebook never sees two writers. Everything goes through nbgrader's own API
(:class:`nbgrader.api.Gradebook`), so nbgrader's formgrader, ``nbgrader export`` and
``nbgrader generate_feedback`` keep working on the same gradebook.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
from pathlib import Path

from nbgrader import api as nbgrader_api
from nbgrader.api import Gradebook, MissingEntry

from autograder.assignment import Assignment
from autograder.grade.result import GradeResult
from autograder.settings import course_config, is_sqlite, settings


def alembic_on_path() -> None:
    """Let nbgrader create gradebooks without starting a second Python.

    A new gradebook is stamped with the newest version of nbgrader's database schema, which
    nbgrader finds by running the ``alembic`` program (a whole new Python, seconds on a busy
    machine). The same answer is read here, once, in this process. The program is also put on
    ``PATH`` for nbgrader's other uses of it.
    """
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path
    nbgrader_api.get_alembic_version = _alembic_head


@functools.cache
def _alembic_head() -> str:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(nbgrader_api.__file__).parent /
                                                  "alembic"))
    return ScriptDirectory.from_config(config).get_current_head()


def open_gradebook(workspace: Path) -> Gradebook:
    """The course's gradebook (``CourseDirectory.db_url``: SQLite or PostgreSQL), opened."""
    alembic_on_path()
    conf = settings(workspace)
    return Gradebook(conf.db_url, conf.course_id)


def check_gradebook(db_url: str) -> str:
    """Why the gradebook at ``db_url`` cannot be used ('' when it can), tried before grading."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    try:
        shown = make_url(db_url).render_as_string(hide_password=True)
    except ArgumentError:
        return f"The gradebook address '{db_url}' (db_url in nbgrader_config.py) is not a " \
               "database URL, e.g. postgresql://user@host:5432/alliance."
    if is_sqlite(db_url):
        return ""
    try:
        engine = create_engine(db_url, connect_args={"connect_timeout": 10})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except NoSuchModuleError:
        return f"The gradebook address {shown} names a database this course cannot use."
    except (SQLAlchemyError, OSError) as err:
        first = str(getattr(err, "orig", err)).strip().splitlines()[0][:200]
        return (f"The gradebook database at {shown} refused the connection ({first}). Check "
                "db_url in nbgrader_config.py and that the database server is running; "
                "nothing was graded.")
    return ""


def register_assignment(assignment: Assignment, db_url: str, workspace: Path) -> None:
    """Record the assignment's notebooks and graded cells in a gradebook (nbgrader's own way).

    This is ``nbgrader generate_assignment`` run in this process, writing the student version
    to a throw-away folder; only the gradebook entries are kept.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    alembic_on_path()
    with tempfile.TemporaryDirectory(prefix="alliance-release-") as release:
        config = course_config(workspace, **{
            "CourseDirectory.db_url": db_url,
            "CourseDirectory.release_directory": release,
            "CourseDirectory.assignment_id": assignment.name,
            "GenerateAssignment.force": True,
            "GenerateAssignment.create_assignment": True,
        })
        coursedir = CourseDirectory(config=config)
        cwd = os.getcwd()
        try:
            GenerateAssignment(coursedir=coursedir, config=config).start()
        finally:
            os.chdir(cwd)


def make_template(assignment: Assignment, folder: Path, workspace: Path) -> Path:
    """A small gradebook holding only ``assignment``'s cells: what each task starts from."""
    db = folder / f"{assignment.name}-template.db"
    db.unlink(missing_ok=True)
    register_assignment(assignment, f"sqlite:///{db}", workspace)
    return db


def merge_result(gb: Gradebook, result: GradeResult, assignment: Assignment,
                 student: dict[str, str]) -> None:
    """Write one task's grade records into the workspace gradebook ``gb``, and commit.

    Scores follow nbgrader's SaveAutoGrades rules: the autograder's score is stored, and a part
    needs manual grading when it has no automatic score or a person already graded it. A
    failed submission gets zero for every part, so nothing waits for a grader.
    """
    records = {(g["notebook"], g["name"]): g for g in result.grades}
    comments = {(c["notebook"], c["name"]): c for c in result.comments}
    name = result.student
    gb.update_or_create_student(name, **student)
    gb.update_or_create_submission(assignment.name, name)
    for part in assignment.parts:
        grade = gb.find_grade(part.grade_id, part.notebook, assignment.name, name)
        record = records.get((part.notebook, part.grade_id))
        auto = record["auto_score"] if record else None
        if not result.ok:
            auto = 0.0
        elif auto is None and not part.manual:
            auto = 0.0  # an autograded test cell the student deleted
        grade.auto_score = auto
        grade.needs_manual_grade = grade.manual_score is not None or auto is None
    for (notebook, cell), record in comments.items():
        with contextlib.suppress(MissingEntry):
            comment = gb.find_comment(cell, notebook, assignment.name, name)
            comment.auto_comment = record["auto_comment"]
    gb.db.commit()


def write_graded_notebooks(workspace: Path, result: GradeResult) -> None:
    """Put the graded notebooks where nbgrader's formgrader and feedback look for them."""
    folder = workspace / "autograded" / result.student / result.assignment
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.ipynb"):
        stale.unlink()
    for notebook, text in result.notebooks.items():
        (folder / f"{notebook}.ipynb").write_text(text, encoding="utf-8")
