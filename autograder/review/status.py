"""``alliance-course status``: who was graded, who failed and why, who is missing or late."""

from __future__ import annotations

from pathlib import Path

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
    width = max(len(r.student) for r in rows)
    if graded:
        lines += ["", "Graded (score / maximum):"]
        for r in graded:
            extra = []
            if r.late:
                extra.append("late")
            if r.awaiting_manual:
                extra.append(f"{r.awaiting_manual} answer(s) to grade by hand")
            if r.notes:
                extra.append("; ".join(r.notes))
            if incidents := _incidents(r):
                extra.append(incidents)
            note = f"   [{' | '.join(extra)}]" if extra else ""
            lines.append(f"  {r.student:<{width}}  {r.name[:24]:<24}  "
                         f"{_points(r.score or 0):>5} / {_points(max_score)}{note}")
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
