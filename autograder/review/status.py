"""``alliance-course status``: who was graded, who failed and why, who is missing or late."""

from __future__ import annotations

from pathlib import Path

from autograder.grade.late import late_summary
from autograder.grade.result import INCIDENTS
from autograder.records import load_records
from autograder.review.report import Row, assignment_rows


def _points(value: float) -> str:
    return f"{value:g}"


def _incidents(row: Row) -> str:
    seen = []
    for event in row.events:
        incident = INCIDENTS.get(event["kind"])
        text = f"{event['cell']} {incident.short if incident else event['kind']}"
        if text not in seen:
            seen.append(text)
    return "; ".join(seen)


def _deadline_lines(workspace: Path, assignment: str, rows: list[Row]) -> list[str]:
    """The due date and late policy last applied, and a warning when grades changed since."""
    applied = load_records(workspace, assignment).get("late_policy")
    if not applied or not applied.get("due"):
        return []
    policy = applied["policy"]
    if policy == "percent":
        policy += (f" ({applied['percent_per_day']:g}% per day or part day, at most "
                   f"{applied['cap']:g}%)")
    grace = f", grace {applied['grace']} minutes" if applied.get("grace") else ""
    lines = [f"Due {applied['due']}; late policy: {policy}{grace}."]
    stale = [r.student for r in rows if r.late and r.late_work and r.raw_score is not None
             and abs(r.late_work.get("raw_score", r.raw_score) - r.raw_score) > 1e-9]
    if stale:
        lines.append(f"Scores changed since the late penalties were computed ({', '.join(stale)}):"
                     f" run: alliance-course late {assignment}")
    return lines


def status_lines(workspace: Path, assignment: str) -> list[str]:
    """The status report as lines of plain text."""
    rows, max_score = assignment_rows(workspace, assignment)
    graded = [r for r in rows if r.state == "graded"]
    failed = [r for r in rows if r.state == "failed"]
    missing = [r for r in rows if r.state == "missing"]
    late = [r for r in rows if r.late]
    waiting = sum(r.awaiting_manual for r in rows)
    if not rows:
        return [f"{assignment}: nothing graded yet. Run: alliance-course grade {assignment} "
                "<folder or zip of submissions>"]
    lines = [
        f"{assignment}: {len(graded)} graded, {len(failed)} could not be graded, "
        f"{len(missing)} missing, {len(late)} late "
        f"(maximum {_points(max_score)} points).",
        f"Written answers awaiting manual grading: {waiting}"
        + (f" (run: alliance-course manual {assignment})" if waiting else "."),
    ]
    lines += _deadline_lines(workspace, assignment, rows)
    width = max(len(r.student) for r in rows)
    if graded:
        lines += ["", "Graded (score / maximum):"]
        for r in graded:
            extra = []
            if r.late or r.late_work.get("extension"):
                extra.append(late_summary(r.late_work, r.penalty) if r.late_work else "late")
            if r.late_work.get("note"):
                extra.append(r.late_work["note"])
            if r.awaiting_manual:
                extra.append(f"{r.awaiting_manual} answer(s) to grade by hand")
            if r.notes:
                extra.append("; ".join(r.notes))
            if incidents := _incidents(r):
                extra.append(incidents)
            note = f"   [{' | '.join(extra)}]" if extra else ""
            before = f" (before penalty {_points(r.raw_score or 0)})" if r.penalty else ""
            lines.append(f"  {r.student:<{width}}  {r.name[:24]:<24}  "
                         f"{_points(r.score or 0):>5} / {_points(max_score)}{before}{note}")
    if failed:
        lines += ["", "Could not be graded (scored 0; the reason):"]
        for r in failed:
            late_note = " (late)" if r.late else ""
            lines.append(f"  {r.student:<{width}}  {r.name[:24]:<24}  "
                         f"{r.reason or 'unknown reason'}{late_note}")
    if missing:
        lines += ["", "Missing (on the roster, nothing handed in):"]
        for r in missing:
            lines.append(f"  {r.student:<{width}}  {r.name}".rstrip())
    unmatched = load_records(workspace, assignment).get("unmatched", [])
    if unmatched:
        lines += ["", "Files that belong to no student on the roster (not graded, not exported):"]
        lines += [f"  {item['file']}: {item['reason']}" for item in unmatched]
    return lines
