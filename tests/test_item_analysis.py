"""``alliance-course report``: what a graded round of the sample class tells the instructor.

The sample class (fictional students: right, partly right, wrong, looping, damaged and missing
work) is graded for real once; the report is then checked against counts made here from the
gradebook and the graded notebooks directly (the oracle), and its page is opened in Chromium
with no network.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.assignment import load_assignment
from autograder.cli import main
from autograder.grade.coordinator import grade_class
from autograder.records import load_records
from autograder.release.sample_class import write_sample_class
from autograder.review.authored import assignment_messages
from autograder.review.item_analysis import analyse, write_report
from autograder.settings import COURSE_ID, gradebook_url
from tests.browser.site import axe_violations, offline_page, serve_site

# Grades for real and drives a browser: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

A = "ex00-orientation"


@pytest.fixture(scope="module")
def graded_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("report") / "workspace"
    workspace.mkdir()
    zip_path, roster = write_sample_class(A, workspace)
    grade_class(A, zip_path, roster_file=roster, workspace=workspace, progress=False)
    return workspace


def _graded_students(workspace: Path) -> list[str]:
    records = load_records(workspace, A)["students"]
    return sorted(s for s, r in records.items() if r["status"] == "graded")


def test_difficulty_is_the_share_of_graded_students_with_full_points(graded_round: Path) -> None:
    report = analyse(graded_round, A)
    students = _graded_students(graded_round)
    assert sorted(report.totals.index) == students
    with Gradebook(gradebook_url(graded_round), COURSE_ID) as gb:
        for stats in report.parts:
            if stats.part.manual:
                continue
            full = sum(gb.find_grade(stats.part.grade_id, stats.part.notebook, A, s).score
                       == stats.part.points for s in students)
            assert stats.difficulty == pytest.approx(full / len(students)), stats.label
    # The sample class mixes right and wrong work: every autograded part separates them.
    assert all(s.discrimination is not None and s.discrimination > 0
               for s in report.parts if not s.part.manual)


def test_a_part_every_student_fails_is_flagged(graded_round: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(graded_round, workspace)
    planted = next(p for p in load_assignment(A).parts if not p.manual)
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        for student in _graded_students(workspace):
            gb.find_grade(planted.grade_id, planted.notebook, A, student).manual_score = 0
        gb.db.commit()
    stats = {s.part.grade_id: s for s in analyse(workspace, A).parts}
    assert stats[planted.grade_id].difficulty == 0
    assert "too hard" in stats[planted.grade_id].flags
    monkeypatch.setenv("ALLIANCE_WORKSPACE", str(workspace))
    assert main(["report", A]) == 0
    printed = capsys.readouterr().out
    assert f"{stats[planted.grade_id].label} (too hard" in printed
    assert (workspace / "reports" / f"{A}-report.html").exists()


def test_failure_counts_are_the_failed_tests_in_the_graded_notebooks(graded_round: Path) -> None:
    report = analyse(graded_round, A)
    authored = {grade_id: {m.shown for m in messages}
                for (_, grade_id), messages in assignment_messages(load_assignment(A).folder)
                .items()}
    errors: dict[str, int] = {}
    for student in _graded_students(graded_round):
        for path in (graded_round / "autograded" / student / A).glob("*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                if grade_id in authored and any(o.get("output_type") == "error"
                                                for o in cell.get("outputs", [])):
                    errors[grade_id] = errors.get(grade_id, 0) + 1
    assert errors, "the sample class has failing work"
    for stats in report.parts:
        if stats.part.manual:
            continue
        assert sum(n for _, n in stats.failures) == errors.get(stats.part.grade_id, 0)
        for message, _ in stats.failures:
            assert (message in authored[stats.part.grade_id]
                    or message.startswith(f"a check in {stats.label} did not pass")
                    or message.endswith("did not pass")), message


def test_the_page_opens_offline_draws_its_chart_and_passes_axe(graded_round: Path,
                                                               tmp_path: Path,
                                                               browser: object) -> None:
    page_path, table, report = write_report(graded_round, A, tmp_path / "out")
    rows = table.read_text().splitlines()
    assert len(rows) == 1 + len(report.parts)
    with serve_site(page_path.parent) as url:
        opened = offline_page(browser, url, viewport={"width": 1280, "height": 900})
        page = opened.page
        page.goto(url + page_path.name, wait_until="load")
        page.wait_for_selector("#distribution svg .mark-rect path", timeout=15_000)
        bars = page.locator("#distribution svg .mark-rect path").count()
        violations = axe_violations(page)
        text = page.inner_text("body")
        page.close()
    assert opened.outside == [] and opened.errors == []
    assert bars > 0
    assert violations == []
    assert f"{len(report.totals)} graded submission(s)" in text
    assert "nothing handed in (2)" in text  # the sample roster's two missing students
