"""A whole grading round on a simulated class: grade, manual grades by CSV, feedback, export."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.assignment import load_assignment
from autograder.export.lms import export_grades
from autograder.grade.coordinator import grade_class
from autograder.grade.sandbox import Limits
from autograder.release.sample_class import CLASS, NOT_SUBMITTED, build_sample_zip, roster_csv
from autograder.review.feedback import write_feedback
from autograder.review.manual import ManualImportError, export_answers, import_csv
from autograder.review.status import status_lines
from autograder.settings import COURSE_ID, gradebook_url

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

A = "ex00-orientation"
LIMITS = Limits(cell_timeout=5, submission_timeout=40)


def _dump(workspace: Path) -> str:
    return hashlib.sha256((workspace / "gradebook.db").read_bytes()).hexdigest()


def _totals(workspace: Path) -> dict[str, float]:
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(A)}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("round-trip")
    workspace = tmp / "workspace"
    workspace.mkdir()
    students = [s for s in CLASS if s.kind != "loop"]  # the endless loop is tested elsewhere
    archive = tmp / "canvas-download.zip"
    archive.write_bytes(build_sample_zip(load_assignment(A), students))
    roster = tmp / "roster.csv"
    roster.write_text(roster_csv(students + NOT_SUBMITTED))
    summary = grade_class(A, archive, roster_file=roster, workers=2, limits=LIMITS,
                          workspace=workspace, progress=False)
    html_path, csv_path = export_answers(workspace, A, tmp / "manual")
    return {"workspace": workspace, "summary": summary, "html": html_path, "csv": csv_path,
            "tmp": tmp, "students": students}


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_the_answers_page_holds_answers_and_rubric(round_trip: dict) -> None:
    page = round_trip["html"].read_text()
    assert "Rubric and model answer" in page and "No point for restating" in page
    assert "motivation could drive both" in page  # a student's answer
    assert "http://" not in page and "https://" not in page and "<script" not in page
    header, *rows = _rows(round_trip["csv"])
    assert header == ["student_id", "name", "part", "max_points", "answer", "score", "comment"]
    assert {r[2] for r in rows} == {"part3-interpretation"}
    assert sum(1 for r in rows if r[5] == "") == 7  # answered, awaiting a grader


@pytest.mark.parametrize(("change", "message"), [
    (lambda rows: rows[1].__setitem__(5, "3"), "line 2: the score 3"),
    (lambda rows: rows[2].__setitem__(5, "two"), "line 3: the score 'two' is not a number"),
    (lambda rows: rows[3].__setitem__(0, "nobody"), "line 4: no graded submission"),
    (lambda rows: rows[4].__setitem__(2, "part9"), "line 5: 'part9' is not a written part"),
    (lambda rows: rows.append(list(rows[1])), "appears twice"),
    (lambda rows: rows[0].__setitem__(5, "points"), "no column called score"),
])
def test_a_bad_import_changes_nothing(round_trip: dict, tmp_path: Path, change,  # noqa: ANN001
                                      message: str) -> None:
    rows = _rows(round_trip["csv"])
    for row in rows[1:]:
        row[5] = row[5] or "1"
    change(rows)
    before = _dump(round_trip["workspace"])
    with pytest.raises(ManualImportError, match=message.replace("(", r"\(")):
        import_csv(round_trip["workspace"], A, _write(tmp_path / "bad.csv", rows))
    assert _dump(round_trip["workspace"]) == before


def test_round_trip_manual_feedback_export(round_trip: dict) -> None:
    workspace, tmp = round_trip["workspace"], round_trip["tmp"]
    rows = _rows(round_trip["csv"])
    halves = []
    for row in rows[1:]:
        if row[5] == "":
            good = "motivation" in row[4] or "correlation" in row[4]
            row[5], row[6] = ("2", "Both points made.") if good else \
                ("1,5", "Reads the numbers; but a correlation cannot show cause.")
            if not good:
                halves.append(row[0])
    assert halves, "the sample class has a half-right written answer"
    count = import_csv(workspace, A, _write(tmp / "filled.csv", rows))
    assert count == len(rows) - 1
    assert "Written answers awaiting manual grading: 0." in status_lines(workspace, A)

    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        grade = gb.find_grade("part3-interpretation", A, A, halves[0])
        comment = gb.find_comment("part3-interpretation", A, A, halves[0])
        total = float(gb.find_submission(A, halves[0]).score)
        assert grade.manual_score == 1.5 and not grade.needs_manual_grade
        assert comment.manual_comment.startswith("Reads the numbers")

    pages = write_feedback(workspace, A)
    assert len(pages) == len(round_trip["students"])
    page = (workspace / "feedback-pages" / A / f"{halves[0]}.html").read_text()
    assert "Reads the numbers" in page and "part3-interpretation: 1.5 / 2 points" in page
    assert f"<b>{total:g} / 5</b>" in page
    dunmore = (workspace / "feedback-pages" / A / "tdunmore.html").read_text()
    assert "Visible tests did not pass" in dunmore

    totals = _totals(workspace)
    canvas = export_grades(workspace, A, "canvas", lms_name="Orientation", lms_id="4242")
    lines = canvas.read_text().splitlines()
    assert lines[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Orientation (4242)"
    assert lines[1] == "    Points Possible,,,,,5"
    exported = {r["SIS Login ID"]: r["Orientation (4242)"]
                for r in csv.DictReader(io.StringIO("\n".join([lines[0], *lines[2:]])))}
    assert {k: float(v) for k, v in exported.items() if v} == totals
    missing = {s.last for s in NOT_SUBMITTED}
    assert all(v == "" for k, v in exported.items() if k not in totals)
    assert len(exported) == len(totals) + len(missing)

    plain = list(csv.DictReader(io.StringIO(export_grades(workspace, A, "csv").read_text())))
    assert {r["student_id"]: float(r["score"]) for r in plain if r["score"]} == totals
    zero = export_grades(workspace, A, "csv", missing_zero=True, out=tmp / "zero.csv")
    assert all(r["score"] for r in csv.DictReader(io.StringIO(zero.read_text())))

    moodle = list(csv.DictReader(io.StringIO(export_grades(workspace, A, "moodle").read_text())))
    assert sorted(float(r["Grade"]) for r in moodle if r["Grade"]) == sorted(totals.values())


def test_the_sample_class_zip_is_named_like_canvas(round_trip: dict) -> None:
    with zipfile.ZipFile(round_trip["tmp"] / "canvas-download.zip") as zf:
        names = zf.namelist()
    assert "brightwaterjuniper_late_90002_5550002_ex00-orientation.ipynb" in names
    assert "eskildsennoor_90005_5550005_ex00-orientation-1.ipynb" in names
