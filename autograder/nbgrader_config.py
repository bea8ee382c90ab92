"""nbgrader configuration for Alliance Lab.

Use it with plain nbgrader commands, for example::

    nbgrader generate_assignment ex00-orientation --config autograder/nbgrader_config.py

Source assignments are read in place from ``exercises/`` (never copied), student versions go to
``_build/release/``, and everything private (submissions, autograded notebooks, feedback and the
gradebook) lives in the grading workspace, ``_grading/`` by default, which git ignores.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.workspace import EXERCISES_DIR, RELEASE_DIR, workspace_dir  # noqa: E402

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

_workspace = workspace_dir()
c.CourseDirectory.course_id = "alliance-lab"
c.CourseDirectory.root = str(_workspace)
# Absolute paths: nbgrader joins these onto the root, and an absolute path wins the join.
c.CourseDirectory.source_directory = str(EXERCISES_DIR)
c.CourseDirectory.release_directory = str(RELEASE_DIR)
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# The gradebook: a SQLite file in the workspace. For a very large course, a PostgreSQL
# database (see the instructor guide), for example
#   c.CourseDirectory.db_url = "postgresql://grader@db-host:5432/alliance"
# ALLIANCE_DB_URL, when set, wins (tests and one-off rounds use it).
c.CourseDirectory.db_url = os.environ.get("ALLIANCE_DB_URL") or \
    f"sqlite:///{_workspace / 'gradebook.db'}"
# The exchange (for JupyterHub hand-out and collection) lives in the workspace too; the course
# does not use it, but nbgrader's JupyterLab extension looks for it.
c.Exchange.root = str(_workspace / "exchange")
# Data files beside a notebook (CSV) travel with the release; caches and checkpoints do not.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# Released notebooks start clean.
c.ClearOutput.enabled = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Generous per-cell limit for honest work; the sandbox adds hard limits when grading.
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60

# alliance-course grade (see autograder/settings.py for every option):
# c.Grading.scheduler = "tcp://grading-head:8786"   # grade on a Dask cluster
# c.Grading.workers = 4               # grading processes on this computer (0: one per core)
c.Grading.cell_timeout = 60           # a cell's limit when the reference time is unknown
c.Grading.submission_timeout = 300    # a whole notebook's limit
c.Grading.cell_floor = 10             # a cell may always take this long (seconds) ...
c.Grading.cell_multiple = 10.0        # ... or this many times the reference solution's time

# Deadlines and late work (instructor guide: "Deadlines, late work and extensions").
# Each assignment's due date lives here, with its time zone; every grading run writes it into
# nbgrader's gradebook (Assignment.duedate), so formgrader and `nbgrader export` show it too.
# c.Grading.due_dates = {"ex01-wai-sr": "2027-02-01 23:59 America/Chicago"}
c.Grading.late_policy = "none"        # "none", "zero", or "percent" (per day or part day)
c.Grading.late_percent_per_day = 10   # "percent": percent of the score off per (part) day ...
c.Grading.late_percent_cap = 100      # ... and at most this percent in all
c.Grading.late_grace_minutes = 0      # up to this many minutes late counts as on time
# The penalty is nbgrader's own late-penalty field, set by this plugin (plain
# `nbgrader autograde` with this file uses it too).
# Every student their own data set (instructor guide, "Every student their own data"). The key
# seeds each student's data: choose a new one for each term (any long random text).
c.Grading.variants = ["ex01-wai-sr", "ex02-srs-ors", "ex04-alliance-outcome",
                      "ex05-meta-analysis", "ex06-therapist-effects"]
c.Grading.variant_key = "alliance-lab sample course, change me each term"
c.AssignLatePenalties.plugin_class = "autograder.grade.late.CoursePenalty"

# A one-off round (or a test) may add or change settings from a second file, read last:
#   ALLIANCE_EXTRA_CONFIG=/path/to/try_policy.py alliance-course late ex01-wai-sr
if os.environ.get("ALLIANCE_EXTRA_CONFIG"):
    load_subconfig(os.environ["ALLIANCE_EXTRA_CONFIG"])  # noqa: F821
