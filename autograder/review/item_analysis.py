"""``alliance-course report``: what a grading round tells the instructor (instructor only).

From the gradebook, the graded notebooks and the grading log of one assignment:

- the score distribution (autograded, written and total points), with mean and median;
- per graded part, classical item analysis: **difficulty**, the proportion of graded students
  with full points on the part (for a written part scored in steps, the mean proportion of its
  points), and **discrimination**, the corrected item-total correlation (the part's points
  against the total of every *other* part; with a pass/fail part this Pearson correlation is
  the point-biserial). A part is flagged when nearly everyone or nearly no one earns it, or
  when students who do well elsewhere do worse on it;
- per autograded part, the failure messages the course wrote, with how many students hit each
  (an assertion message that names the misconception it catches groups the commonest
  mistakes);
- incidents: submissions that could not be graded, cells that timed out or crashed, and
  students on the roster who handed nothing in.

The page carries student ids (it is for the instructor, like the gradebook) and is written
into the grading workspace, which git ignores.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from autograder.assignment import Assignment, Part, load_assignment
from autograder.grade.gradebook import open_gradebook
from autograder.grade.result import INCIDENTS
from autograder.records import load_records, write_atomic
from autograder.review.feedback import authored_cells, cell_checks, part_label
from autograder.review.report import assignment_rows
from autograder.review.templates import render
from autograder.workspace import REPO_ROOT

# Rules of thumb of classical test theory, used here to draw attention, not to judge a part.
TOO_EASY = 0.90      # difficulty above this: nearly everyone earns the part
TOO_HARD = 0.20      # difficulty below this: nearly no one does
WEAK = 0.20          # discrimination below this separates strong from weak work poorly
MIN_STUDENTS = 5     # fewer graded students than this: no correlations are computed
VENDOR = REPO_ROOT / "book" / "_static" / "vendor"


@dataclass
class PartStats:
    """Item analysis of one graded part."""

    part: Part
    label: str
    scored: int                    # graded students whose answer to it has a score
    difficulty: float | None
    discrimination: float | None
    flags: list[str] = field(default_factory=list)
    failures: list[tuple[str, int]] = field(default_factory=list)  # (message, students)


@dataclass
class RoundReport:
    """Everything the report page and CSV show for one assignment."""

    assignment: str
    max_score: float
    totals: pd.DataFrame            # one row per graded student: auto, manual, total
    parts: list[PartStats]
    awaiting_manual: int
    incidents: list[tuple[str, str]]  # (student, what happened)
    missing: list[str]


def part_scores(workspace: Path, assignment: Assignment) -> tuple[pd.DataFrame, int]:
    """Points per graded student (rows) and part (columns, by grade_id); NaN where a written
    answer awaits its grader. Also returns how many answers await one.

    Submissions that could not be graded are left out (they are incidents, not scores).
    """
    records = load_records(workspace, assignment.name)["students"]
    rows: dict[str, dict[str, float]] = {}
    waiting = 0
    with open_gradebook(workspace) as gb:
        for sub in gb.assignment_submissions(assignment.name):
            if records.get(sub.student.id, {}).get("status", "graded") != "graded":
                continue
            scores: dict[str, float] = {}
            for nb in sub.notebooks:
                for grade in nb.grades:
                    if grade.needs_manual_grade:
                        waiting += 1
                        scores[grade.name] = math.nan
                    else:
                        scores[grade.name] = float(grade.score)
            rows[sub.student.id] = scores
    columns = [p.grade_id for p in assignment.parts]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns).sort_index(), waiting


def _difficulty(scores: pd.Series, part: Part) -> float | None:
    # None until every answer is scored: the first answers scored are not a fair sample.
    if scores.empty or scores.isna().any() or part.points <= 0:
        return None
    if part.manual:
        return float((scores / part.points).mean())
    return float((scores >= part.points - 1e-9).mean())


def _discrimination(scores: pd.DataFrame, grade_id: str) -> float | None:
    # Only parts scored for every student take part, on either side of the correlation.
    complete = scores.loc[:, scores.notna().all()]
    if grade_id not in complete or complete.shape[1] < 2 or len(complete) < MIN_STUDENTS:
        return None
    item = complete[grade_id]
    rest = complete.drop(columns=grade_id).sum(axis=1)
    if item.std() == 0 or rest.std() == 0:
        return None  # everyone scored the same: there is nothing to correlate
    return float(item.corr(rest))


def _flags(difficulty: float | None, discrimination: float | None) -> list[str]:
    flags = []
    if difficulty is not None and difficulty > TOO_EASY:
        flags.append("too easy")
    if difficulty is not None and difficulty < TOO_HARD:
        flags.append("too hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination")
    elif discrimination is not None and discrimination < WEAK:
        flags.append("weak discrimination")
    return flags


def failure_counts(workspace: Path, assignment: Assignment,
                   students: list[str]) -> dict[str, Counter[str]]:
    """For each autograded part (grade_id): how many students failed with each message.

    The messages are the course's own (the authored message a failure fits, else our
    sentence), exactly as feedback pages show them, so the counts group the same mistakes.
    """
    tests = authored_cells(assignment)
    counts: dict[str, Counter[str]] = {p.grade_id: Counter() for p in assignment.parts
                                       if not p.manual}
    for student in students:
        folder = workspace / "autograded" / student / assignment.name
        for path in sorted(folder.glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                test = tests.get((path.stem, grade_id))
                if test is None or grade_id not in counts:
                    continue
                for check in cell_checks(cell.get("outputs", []), test):
                    if check.passed is False:
                        counts[grade_id][check.message or f"{check.label} did not pass"] += 1
    return counts


def _incidents(workspace: Path, assignment: str) -> list[tuple[str, str]]:
    found = []
    for student, record in sorted(load_records(workspace, assignment)["students"].items()):
        if record.get("status") not in (None, "graded"):
            found.append((student, f"not graded: {record.get('reason', '')}"))
        for event in record.get("events", []):
            incident = INCIDENTS.get(str(event.get("kind", "")))
            what = incident.short if incident else str(event.get("kind", ""))
            found.append((student, f"{event.get('cell', 'a cell')}: {what}"))
    return found


def analyse(workspace: Path, assignment_name: str) -> RoundReport:
    """The item analysis of ``assignment_name``'s graded round in ``workspace``."""
    assignment = load_assignment(assignment_name)
    scores, waiting = part_scores(workspace, assignment)
    if scores.empty:
        raise ValueError(f"Nothing of {assignment.name} has been graded yet. Run: "
                         f"alliance-course grade {assignment.name} <submissions> first.")
    auto = [p.grade_id for p in assignment.parts if not p.manual]
    manual = [p.grade_id for p in assignment.parts if p.manual]
    # A student's written and total points are known once every written answer is scored.
    written = scores[manual].sum(axis=1).where(scores[manual].notna().all(axis=1))
    totals = pd.DataFrame({"auto": scores[auto].sum(axis=1), "manual": written})
    totals["total"] = totals["auto"] + totals["manual"]
    failures = failure_counts(workspace, assignment, list(scores.index))
    parts = []
    for part in assignment.parts:
        difficulty = _difficulty(scores[part.grade_id], part)
        discrimination = _discrimination(scores, part.grade_id)
        parts.append(PartStats(
            part, part_label(part.grade_id), int(scores[part.grade_id].notna().sum()),
            difficulty, discrimination, _flags(difficulty, discrimination),
            failures.get(part.grade_id, Counter()).most_common()))
    rows, _ = assignment_rows(workspace, assignment.name)
    return RoundReport(assignment.name, assignment.max_score, totals, parts, waiting,
                       _incidents(workspace, assignment.name),
                       [r.student for r in rows if r.state == "missing"])


# -- writing it ---------------------------------------------------------------------------


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{value:.{digits}f}"


def _summary(values: pd.Series) -> dict[str, str]:
    known = [float(v) for v in values.dropna()]
    return {"n": str(len(known)), "mean": _number(statistics.fmean(known)) if known else "–",
            "median": _number(statistics.median(known)) if known else "–"}


def _histogram_spec(totals: pd.DataFrame, max_score: float) -> dict:
    """A Vega-Lite layered histogram of the three scores (students per band of points)."""
    long = totals.reset_index(names="student").melt(
        id_vars="student", value_vars=["auto", "manual", "total"], var_name="score",
        value_name="points")
    names = {"auto": "Autograded", "manual": "Written", "total": "Total"}
    values = [{"score": names[r.score], "points": float(r.points)}
              for r in long.itertuples() if not math.isnan(r.points)]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": "Histogram of students' autograded, written and total points.",
        "data": {"values": values},
        "facet": {"row": {"field": "score", "type": "nominal", "title": None,
                          "sort": list(names.values())}},
        "spec": {
            "width": 420, "height": 90,
            "mark": {"type": "bar", "color": "#2f5d8a"},
            "encoding": {
                "x": {"field": "points", "type": "quantitative", "bin": {"maxbins": 20},
                      "title": "Points", "scale": {"domain": [0, max_score]}},
                "y": {"aggregate": "count", "type": "quantitative", "title": "Students"},
            },
        },
    }


def _inline(text: str) -> str:
    """``text`` made safe inside a <script> element: nothing in it can close the element."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _script(name: str) -> str:
    # Inlined, so the page opens from a file or an email with no outside requests.
    return _inline((VENDOR / name).read_text(encoding="utf-8"))


def page_html(report: RoundReport) -> str:
    """The report as one self-contained HTML page."""
    parts = [{
        "label": s.label, "grade_id": s.part.grade_id, "points": f"{s.part.points:g}",
        "kind": "written" if s.part.manual else "autograded",
        "scored": f"{s.scored} of {len(report.totals)}",
        "difficulty": _number(s.difficulty), "discrimination": _number(s.discrimination),
        "flags": ", ".join(s.flags), "failures": s.failures,
    } for s in report.parts]
    spec = _inline(json.dumps(_histogram_spec(report.totals, report.max_score)))
    return render(
        "item_analysis.html.j2", assignment=report.assignment, students=len(report.totals),
        max_score=f"{report.max_score:g}", awaiting=report.awaiting_manual,
        summaries={name: _summary(report.totals[col]) for name, col in
                   (("Autograded", "auto"), ("Written", "manual"), ("Total", "total"))},
        parts=parts, flagged=[p for p in parts if p["flags"]], incidents=report.incidents,
        missing=report.missing, spec=spec, vega=_script("vega.min.js"),
        vega_lite=_script("vega-lite.min.js"),
        thresholds={"easy": TOO_EASY, "hard": TOO_HARD, "weak": WEAK, "n": MIN_STUDENTS})


def parts_csv(report: RoundReport) -> str:
    """One row per part: points, difficulty, discrimination, flags, commonest failure."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["part", "grade_id", "kind", "points", "scored", "graded", "difficulty",
                     "discrimination", "flags", "commonest_failure", "students_with_it"])
    for s in report.parts:
        first = s.failures[0] if s.failures else ("", 0)
        writer.writerow([s.label, s.part.grade_id, "written" if s.part.manual else "autograded",
                         f"{s.part.points:g}", s.scored, len(report.totals),
                         _number(s.difficulty, 3),
                         _number(s.discrimination, 3), "; ".join(s.flags), first[0],
                         first[1] or ""])
    return out.getvalue()


def write_report(workspace: Path, assignment_name: str,
                 out: Path | None = None) -> tuple[Path, Path, RoundReport]:
    """Write ``<assignment>-report.html`` and ``<assignment>-parts.csv``; return both paths."""
    report = analyse(workspace, assignment_name)
    folder = out or workspace / "reports"
    page = folder / f"{report.assignment}-report.html"
    table = folder / f"{report.assignment}-parts.csv"
    write_atomic(page, page_html(report))
    write_atomic(table, parts_csv(report))
    return page, table, report
