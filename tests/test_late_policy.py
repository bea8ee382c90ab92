"""Deadlines, late work and extensions: the total after the late policy, everywhere it is shown.

One sandboxed ``grade`` run of a small class (every student hands in the same right answers,
at a different time; half of them with an extension); each late policy is then applied again
(``apply_late_work``, which is what ``grade`` and ``alliance-course late`` do) and the total is
checked in nbgrader's gradebook, ``status``, the feedback pages and all three exports. The
expected totals are computed here from the policies' definitions in the instructor guide,
not by the course's plugin. A malformed extensions file stops ``grade`` before anything is
graded, with one line naming the file and the row.
"""

from __future__ import annotations

import csv
import io
import math
import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from autograder.assignment import load_assignment
from autograder.export.lms import export_grades
from autograder.grade.coordinator import grade_class
from autograder.grade.gradebook import open_gradebook
from autograder.grade.late import (
    Extension,
    ExtensionsError,
    apply_late_work,
    decide,
    read_extensions,
)
from autograder.release.sample_class import answered
from autograder.review.feedback import write_feedback
from autograder.review.status import status_lines
from autograder.settings import settings

A = "ex00-orientation"
ZONE = ZoneInfo("America/Chicago")
DUE = datetime(2027, 2, 1, 23, 59, tzinfo=ZONE)
DUE_TEXT = "2027-02-01 23:59 America/Chicago"
EXTENDED = DUE + timedelta(days=3)
HOUR, DAY = 3600, 86400
LATE = {"on-time": 0, "1h": HOUR, "25h": 25 * HOUR, "10d": 10 * DAY}
# Each student: (seconds after their own due date, has an extension).
STUDENTS = {**{f"s-{k}": (v, False) for k, v in LATE.items()},
            **{f"x-{k}": (v, True) for k, v in LATE.items()}}
OVERRIDDEN = "s-override"   # 10 days late, but the instructor says on time
CANVAS_LATE = "canvaslate"  # a Canvas download's file marked late: no submission time
POLICIES = {
    "none": {"late_policy": "none"},
    "zero": {"late_policy": "zero"},
    "percent": {"late_policy": "percent", "late_percent_per_day": 10.0,
                "late_percent_cap": 30.0},
    "percent-grace": {"late_policy": "percent", "late_percent_per_day": 25.0,
                      "late_percent_cap": 100.0, "late_grace_minutes": 120},
}


def expected_total(raw: float, seconds: float, policy: dict) -> float:
    """The instructor guide's definition of each policy, written out independently."""
    grace = policy.get("late_grace_minutes", 0) * 60
    if policy["late_policy"] == "none" or seconds <= grace:
        return raw
    if policy["late_policy"] == "zero":
        return 0.0
    days = math.ceil(seconds / DAY)
    share = min(policy["late_percent_cap"], policy["late_percent_per_day"] * days) / 100
    return raw - round(raw * share, 2)


def seconds_late(student: str, policy: dict) -> float:
    if student == OVERRIDDEN:
        return 0
    if student == CANVAS_LATE:  # late by an unknown time: the least the policy counts
        return policy.get("late_grace_minutes", 0) * 60 + 1
    return STUDENTS[student][0]


@pytest.fixture(scope="module")
def late_class(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The class, graded once in the sandbox; its extensions file and workspace."""
    root = tmp_path_factory.mktemp("late-class")
    notebook = answered(load_assignment(A), "right")[A]
    folder = root / "class"
    for student, (late, extended) in STUDENTS.items():
        (folder / student).mkdir(parents=True)
        path = folder / student / f"{A}.ipynb"
        path.write_bytes(notebook)
        when = (EXTENDED if extended else DUE).timestamp() + late
        os.utime(path, (when, when))
    (folder / OVERRIDDEN).mkdir()
    (folder / OVERRIDDEN / f"{A}.ipynb").write_bytes(notebook)
    os.utime(folder / OVERRIDDEN / f"{A}.ipynb", (DUE.timestamp() + 10 * DAY,) * 2)
    # A file as Canvas names it: "_late", and (in a real download) no usable time.
    (folder / f"canvaslate_late_90009_5550009_{A}.ipynb").write_bytes(notebook)
    roster = root / "roster.csv"
    everyone = [*STUDENTS, OVERRIDDEN]
    roster.write_text("student_id,name,canvas_id,moodle_id,email\n" + "".join(
        f"{s},Student {s},{90100 + i},{700 + i},{s}@example.edu\n"
        for i, s in enumerate(everyone)) + f"{CANVAS_LATE},Canvas Late,90009,799,cl@example.edu\n")
    extensions = root / "extensions.csv"
    extensions.write_text("student_id,due,reason\n" + "".join(
        f"{s},2027-02-04 23:59,medical\n" for s, (_, ext) in STUDENTS.items() if ext))
    workspace = root / "workspace"
    summary = grade_class(A, folder, roster_file=roster, workers=2, workspace=workspace,
                          progress=False)
    assert sorted(summary.graded) == sorted([*everyone, CANVAS_LATE]), summary
    return {"workspace": workspace, "extensions": extensions}


def _raw_scores(workspace: Path) -> dict[str, float]:
    with open_gradebook(workspace) as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(A)}


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(POLICIES))
def test_each_policy_gives_the_expected_total_everywhere(late_class: dict, name: str) -> None:
    workspace, policy = late_class["workspace"], POLICIES[name]
    conf = replace(settings(workspace), due_dates={A: DUE_TEXT}, **policy)
    apply_late_work(workspace, A, extensions=late_class["extensions"],
                    overrides=[f"{OVERRIDDEN}=on-time"], conf=conf)
    raw = _raw_scores(workspace)
    assert set(raw.values()) == {3.0}  # every student's work earns the same before lateness
    expected = {s: expected_total(raw[s], seconds_late(s, policy), policy) for s in raw}
    if name == "zero":
        assert expected["s-1h"] == 0 and expected["x-on-time"] == 3
    # nbgrader's gradebook: its own due date, timestamps, extensions and penalty fields.
    with open_gradebook(workspace) as gb:
        for sub in gb.assignment_submissions(A):
            student = sub.student.id
            total = max(0.0, float(sub.score) - float(sub.late_submission_penalty))
            assert total == pytest.approx(expected[student]), student
            if student in STUDENTS:
                assert sub.total_seconds_late == pytest.approx(STUDENTS[student][0]), student
                assert (sub.extension is not None) == STUDENTS[student][1]
    # status: "<total> / 5" on each student's line, and how late.
    lines = status_lines(workspace, A)
    for student, total in expected.items():
        line = next(ln for ln in lines if ln.strip().startswith(student + " "))
        assert f" {total:g} / 5" in line, line
    assert "late 25 hours" in next(ln for ln in lines if ln.strip().startswith("s-25h "))
    # feedback pages: the total after the penalty, how late, the penalty, the extension.
    pages = {p.stem: p.read_text(encoding="utf-8") for p in write_feedback(workspace, A)}
    for student, total in expected.items():
        assert f"Total: <b>{total:g} / 5</b>" in pages[student], student
        penalty = raw[student] - total
        assert (f"late penalty {penalty:g} point" in pages[student]) == (penalty > 0), student
    assert "Handed in 25 hours late" in pages["s-25h"]
    assert "Handed in 10 days (240 hours) late" in pages["x-10d"]
    assert "extension until 2027-02-04 23:59 CST" in pages["x-1h"]
    assert "medical" not in pages["x-1h"]  # the reason is the instructor's, not the page's
    # all three exports carry the same total.
    canvas = _csv(export_grades(workspace, A, "canvas", lms_id="77"))
    by_id = {row[1]: row[-1] for row in canvas[2:]}
    moodle = _csv(export_grades(workspace, A, "moodle"))
    by_participant = {row[0]: row[4] for row in moodle[1:]}
    plain = _csv(export_grades(workspace, A, "csv"))
    columns = plain[0]
    by_student = {row[columns.index("student_id")]: row for row in plain[1:]}
    roster = {row[0]: row for row in _csv(workspace / "roster.csv")[1:]}
    for student, total in expected.items():
        assert float(by_id[roster[student][2]]) == pytest.approx(total), student
        assert float(by_participant[f"Participant {roster[student][3]}"]) == \
            pytest.approx(total), student
        row = by_student[student]
        assert float(row[columns.index("score")]) == pytest.approx(total), student
        assert float(row[columns.index("raw_score")]) - float(
            row[columns.index("late_submission_penalty")]) == pytest.approx(total), student


@pytest.mark.slow
def test_a_percent_penalty_follows_a_written_answer_graded_in_formgrader(
        late_class: dict) -> None:
    workspace, policy = late_class["workspace"], POLICIES["percent"]
    conf = replace(settings(workspace), due_dates={A: DUE_TEXT}, **policy)
    apply_late_work(workspace, A, conf=conf)
    written = load_assignment(A).manual_parts[0]
    with open_gradebook(workspace) as gb:  # what formgrader does when a grader saves a score
        grade = gb.find_grade(written.grade_id, written.notebook, A, "s-25h")
        grade.manual_score, grade.needs_manual_grade = written.points, False
        gb.db.commit()
    assert any("run: alliance-course late" in ln and "s-25h" in ln
               for ln in status_lines(workspace, A))
    apply_late_work(workspace, A, conf=conf)
    raw = _raw_scores(workspace)["s-25h"]
    assert raw == 3.0 + written.points
    line = next(ln for ln in status_lines(workspace, A) if ln.strip().startswith("s-25h "))
    assert f" {expected_total(raw, 25 * HOUR, policy):g} / 5" in line, line
    assert not any("run: alliance-course late" in ln for ln in status_lines(workspace, A))
    with open_gradebook(workspace) as gb:  # the class as the other tests expect it
        grade = gb.find_grade(written.grade_id, written.notebook, A, "s-25h")
        grade.manual_score, grade.needs_manual_grade = None, True
        gb.db.commit()


BAD_FILES = {
    "bad date": ("student_id,due,reason\nana,2027-02-04 23:59,illness\nben,next friday,x\n",
                 "row 3", "next friday"),
    "unknown student": ("student_id,due,reason\nana,2027-02-04,x\nzoe,2027-02-05,x\n",
                        "row 3", "'zoe' is not a student"),
    "missing column": ("student,reason\nana,illness\n", "row 1", "due"),
    "before the due date": ("student_id,due,reason\nana,2027-01-20 12:00,x\n", "row 2",
                            "before the assignment's own"),
    "twice": ("student_id,due,reason\nana,2027-02-04,x\nana,2027-02-05,y\n", "row 3",
              "already has an extension"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_malformed_extensions_file_names_the_row(tmp_path: Path, case: str) -> None:
    text, row, problem = BAD_FILES[case]
    path = tmp_path / "extensions.csv"
    path.write_text(text)
    with pytest.raises(ExtensionsError) as caught:
        read_extensions(path, A, DUE, {"ana", "ben"})
    message = str(caught.value)
    assert "\n" not in message and f"extensions.csv, {row}" in message and problem in message


def test_grade_stops_on_a_bad_extensions_file_before_grading(tmp_path: Path) -> None:
    (tmp_path / "class" / "ana").mkdir(parents=True)
    (tmp_path / "class" / "ana" / f"{A}.ipynb").write_text("{}")
    (tmp_path / "ext.csv").write_text("student_id,due,reason\nana,2027-13-40 10:00,flu\n")
    extra = tmp_path / "due.py"
    extra.write_text(f"c = get_config()\nc.Grading.due_dates = {{{A!r}: {DUE_TEXT!r}}}\n")
    env = {**os.environ, "ALLIANCE_WORKSPACE": str(tmp_path / "ws"),
           "ALLIANCE_EXTRA_CONFIG": str(extra)}
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", A, str(tmp_path / "class"), "--unsafe",
         "--quiet", "--extensions", str(tmp_path / "ext.csv")],
        capture_output=True, text=True, check=False, timeout=300, env=env)
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "ext.csv, row 2" in errors[0] and "2027-13-40" in errors[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ws" / "gradebook.db").exists()  # nothing was graded


def test_an_lms_late_marker_without_a_time_and_the_overrides() -> None:
    marked = {"late": True, "lms": {"canvas_id": "1"}}
    extension = Extension("ana", EXTENDED, "flu")
    # Canvas says late, its download has no time: late by the least the policy counts.
    assert decide(marked, DUE, None, "", 30).seconds == 30 * 60 + 1
    # ... unless the student has an extension: then it is not penalised, and status says why.
    excused = decide(marked, DUE, extension, "", 0)
    assert excused.seconds == 0 and "extension" in excused.note
    # The instructor's time wins, against the student's own due date.
    given = decide(marked, DUE, extension, "2027-02-05 01:59", 0)
    assert given.seconds == pytest.approx(2 * HOUR)
    assert decide({"submitted_at": (DUE + timedelta(days=4)).isoformat()}, DUE, None,
                  "on-time", 0).seconds == 0
    # Without a due date nothing is late, whatever the marker says.
    assert decide(marked, None, None, "", 0).seconds == 0


def test_when_work_was_handed_in_is_read_from_plain_folders_only(tmp_path: Path) -> None:
    from autograder.intake.submissions import read_submissions

    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / f"{A}.ipynb").write_text("{}")
    os.utime(tmp_path / "ana" / f"{A}.ipynb", (DUE.timestamp() + HOUR,) * 2)
    (tmp_path / "ben").mkdir()
    (tmp_path / "ben" / f"{A}.ipynb").write_text("{}")
    (tmp_path / "ben" / "timestamp.txt").write_text("2027-02-02 08:00:00.000000 UTC")
    (tmp_path / f"cruzbo_late_901_555_{A}.ipynb").write_text("{}")
    found = {s.student: s for s in read_submissions(tmp_path, A).submissions}
    assert datetime.fromisoformat(found["ana"].submitted_at) == DUE + timedelta(hours=1)
    # nbgrader's own timestamp.txt wins over the file's time (which is now).
    assert datetime.fromisoformat(found["ben"].submitted_at) == DUE + timedelta(hours=2, minutes=1)
    # An LMS file's time is when the LMS made the download: not used; its marker is.
    assert found["cruzbo"].submitted_at == "" and found["cruzbo"].late
    assert (tmp_path / "ben" / "timestamp.txt").read_text().startswith("2027-02-02 08:00")
