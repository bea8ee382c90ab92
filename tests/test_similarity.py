"""``alliance-course similarity`` on a graded class: a disguised copy stands out, honest work
and the starter code do not, and the page stands alone in a real browser.

One class of ex01-wai-sr is graded once for the module (sandbox, two workers): 40 honest
students, namely 36 built from seven different correct implementations per part and seven
wordings per written point (``tests/similarity_class.py`` says how they differ), the sample
class's partial, wrong and blank students, and a student who handed in the starter code with
only the written answer; and one student who copied honest student 21's code with every name
changed and the helper functions reordered.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.grade.coordinator import GradeSummary, grade_class
from autograder.release.sample_class import answered, released_notebooks
from autograder.review.similarity import (
    DEFAULT_THRESHOLD,
    Pair,
    Work,
    check_threshold,
    compare,
    remove_starter,
    starter_cells,
    write_similarity,
)
from autograder.workspace import REPO_ROOT
from tests import similarity_class as sc

ASSIGNMENT = "ex01-wai-sr"
HONEST = [f"honest{s:02d}" for s in range(36)]
SAMPLE = {"partial": 0, "wrong": 1, "blank": 2}  # sample-class kinds (seeds: different answers)
STUBS = "stubs"  # the released code cells untouched, a written answer of their own
STARTER_ONLY = ("blank", STUBS)
COPIER, ORIGINAL = "copier", f"honest{sc.ORIGINAL:02d}"


@dataclass(frozen=True)
class Round:
    """The graded class, and what ``similarity`` wrote for it with the default threshold."""

    workspace: Path
    summary: GradeSummary
    html: Path
    rows: list[dict[str, str]]
    pairs: list[Pair]


def _name(student: str) -> str:
    return f"Fictional {student.capitalize()}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Round:
    root = tmp_path_factory.mktemp("similarity")
    info = load_assignment(ASSIGNMENT)
    released = released_notebooks(info)[ASSIGNMENT]
    hand_in = {f"honest{s:02d}": sc.fill(released, sc.honest_answers(s)) for s in range(36)}
    hand_in[STUBS] = sc.fill(released, {"part4-interpretation": sc.written(40)})
    for kind, seed in SAMPLE.items():
        hand_in[kind] = answered(info, kind, seed=seed, released={ASSIGNMENT: released})[
            ASSIGNMENT]
    hand_in[COPIER] = sc.fill(released, sc.copier_answers())
    for student, data in hand_in.items():
        (root / "class" / student).mkdir(parents=True)
        (root / "class" / student / f"{ASSIGNMENT}.ipynb").write_bytes(data)
    roster = root / "roster.csv"
    roster.write_text("student_id,name\n" + "".join(f"{s},{_name(s)}\n" for s in hand_in),
                      encoding="utf-8")
    workspace = root / "workspace"
    workspace.mkdir()
    summary = grade_class(ASSIGNMENT, root / "class", roster_file=roster, workers=2,
                          workspace=workspace, progress=False)
    html, table, pairs = write_similarity(workspace, ASSIGNMENT)
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    return Round(workspace, summary, html, rows, pairs)


def _students(row: dict[str, str]) -> set[str]:
    return {row["student_a"], row["student_b"]}


@pytest.mark.slow
def test_the_class_was_graded_and_every_honest_student_compared(graded: Round) -> None:
    assert sorted(graded.summary.graded) == sorted([*HONEST, *SAMPLE, STUBS, COPIER])
    compared = set().union(*(_students(r) for r in graded.rows))
    assert compared == set(HONEST) | {"partial", "wrong", STUBS, COPIER}  # "blank" wrote nothing


@pytest.mark.slow
def test_a_renamed_and_reordered_copy_ranks_above_every_honest_pair(graded: Round) -> None:
    top = graded.rows[0]
    assert _students(top) == {ORIGINAL, COPIER} and top["rank"] == "1"
    copy_score = float(top["code_score"])
    honest = [p for p in graded.pairs if COPIER not in (p.a.student, p.b.student)]
    assert copy_score >= DEFAULT_THRESHOLD and top["above_threshold"] == "yes"
    assert copy_score > max(p.score for p in honest)
    # The CSV names the students from the roster and the three copied parts.
    assert {top["name_a"], top["name_b"]} == {_name(ORIGINAL), _name(COPIER)}
    assert all(f"part{n}-answer" in top["matched_parts"] for n in (1, 2, 3))
    # The page shows the copied helper, highlighted, on both sides.
    page = graded.html.read_text(encoding="utf-8")
    section = page.split('id="pair-1"', 1)[1].split("</section>", 1)[0]
    assert "<mark>" in section and "def add_items(answers, items):" in section
    assert "def sum_of(vals, which):" in section


@pytest.mark.slow
def test_starter_code_alone_never_counts(graded: Round) -> None:
    for row in graded.rows:  # students who handed in only the starter code have no code score
        if _students(row) & set(STARTER_ONLY):
            assert row["code_score"] == "" and "-answer" not in row["matched_parts"], row
    page = graded.html.read_text(encoding="utf-8")
    assert "Fictional Blank (blank): nothing beyond the starter code" in page
    # No highlighted passage holds a line of the starter code, though every submission has it.
    marked = [m.split("</mark>", 1)[0] for m in page.split("<mark>")[1:]]
    starter = [line.strip() for cell in starter_cells(load_assignment(ASSIGNMENT)).values()
               for line in cell.source.splitlines() if line.strip()]
    assert marked and not [s for s in starter if any(s in m for m in marked)]


@pytest.mark.slow
def test_forty_honest_variants_give_no_pair_above_the_default_threshold(graded: Round) -> None:
    flagged = [r for r in graded.rows if r["above_threshold"] == "yes"]
    assert [_students(r) for r in flagged] == [{ORIGINAL, COPIER}]
    honest_pairs = [p for p in graded.pairs if COPIER not in (p.a.student, p.b.student)]
    assert len({p.a.student for p in honest_pairs} | {p.b.student for p in honest_pairs}) == 39
    assert max(p.score for p in honest_pairs) < DEFAULT_THRESHOLD
    # Honest students who wrote the same implementation of one part do share code: the score
    # sees it (so the test is not passing on an empty comparison), but it stays under the line.
    assert max(p.code or 0 for p in honest_pairs) > 0.25


@pytest.mark.slow
def test_the_threshold_is_the_instructors(graded: Round, tmp_path: Path) -> None:
    env = {**os.environ, "ALLIANCE_WORKSPACE": str(graded.workspace)}
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "similarity", ASSIGNMENT, "--threshold", "0.4",
         "--out", str(tmp_path)], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / f"{ASSIGNMENT}-similarity.csv").read_text(encoding="utf-8"))))
    expected = sum(1 for p in graded.pairs if p.score >= 0.4)
    assert sum(r["above_threshold"] == "yes" for r in rows) == expected > 1
    assert f"{expected} pair(s) at or above the threshold 0.4" in result.stdout
    assert "not proof" in result.stdout


@pytest.mark.slow
def test_the_page_stands_alone_in_a_browser(graded: Round, browser: object) -> None:
    from tests.browser.site import axe_violations, offline_page, serve_site

    with serve_site(graded.html.parent) as url:
        opened = offline_page(browser, url)
        page = opened.page
        response = page.goto(url + graded.html.name, wait_until="load")
        assert response is not None and response.ok
        assert opened.outside == [] and opened.errors == []
        assert page.locator("#not-proof").inner_text().startswith(
            "Similarity is a reason to look, not proof.")
        assert page.locator("#pair-1 mark").count() > 0
        # The two sides sit next to each other on a laptop screen.
        boxes = [page.locator("#pair-1 .side > div").nth(i).bounding_box() for i in (0, 1)]
        assert boxes[0] and boxes[1] and boxes[0]["x"] < boxes[1]["x"]
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1
        assert axe_violations(page, ("serious", "critical")) == []
        page.close()


# --- no grading needed -----------------------------------------------------------------------

def test_starter_lines_are_removed_wherever_the_student_kept_them() -> None:
    starter = ('def besd(r):\n    """Return the BESD success rates."""\n'
               "    # YOUR CODE HERE\n    raise NotImplementedError()")
    mine = ('def besd(r):\n  """Return the BESD success rates."""\n'
            "  if abs(r) > 1:\n      raise ValueError(r)\n  return (0.5 + r / 2, 0.5 - r / 2)")
    assert remove_starter(mine, starter) == ("  if abs(r) > 1:\n      raise ValueError(r)\n"
                                             "  return (0.5 + r / 2, 0.5 - r / 2)")
    assert remove_starter(starter, starter) == ""


def test_code_too_short_to_judge_gets_no_score() -> None:
    works = [Work(s, code={"part1-answer": "pooled_r = 0.278"}) for s in ("a", "b")]
    assert compare(works, {}) == []  # identical, but a one-line answer is no evidence


def test_starter_code_handed_back_unchanged_is_no_match() -> None:
    starter = ('wai = pd.read_csv("wai_sr_responses.csv")\n# YOUR CODE HERE\n'
               "raise NotImplementedError()\nwai_scores.head()")
    twins = [Work(s, code={"part3-answer": "  " + starter.replace("\n", "\n  ")}) for s in "ab"]
    assert compare(twins, {"part3-answer": starter}) == []  # re-indented: still the starter
    assert compare(twins, {})[0].code == 1.0  # what the same two would score without it


@pytest.mark.parametrize("bad", [0, -0.1, 1.5])
def test_a_threshold_outside_0_to_1_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        check_threshold(bad)


def test_the_page_is_never_written_into_the_repository(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="inside the course repository"):
        write_similarity(tmp_path, ASSIGNMENT, out=REPO_ROOT / "book")
