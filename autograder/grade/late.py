"""Deadlines, late work and extensions, kept in nbgrader's own gradebook fields.

- The due date of each assignment lives in the course's configuration
  (``c.Grading.due_dates`` in ``nbgrader_config.py``) and is written into nbgrader's
  ``Assignment.duedate``.
- A student's extension comes from an extensions CSV (``student_id, due, reason``, optionally
  ``assignment`` and ``late``) given once to ``grade --extensions``; it is kept in the workspace
  and written into nbgrader's ``SubmittedAssignment.extension``.
- When the work was handed in: nbgrader's ``timestamp.txt`` or the files' modification times
  for a folder (or a zip) of plain files, written into ``SubmittedAssignment.timestamp``.
  LMS downloads carry no submission time (Canvas writes its zip's entries when the zip is made),
  so for them Canvas's ``late`` marker is what is known.
- The penalty is :class:`CoursePenalty`, an nbgrader ``LateSubmissionPlugin``; its result is
  stored in nbgrader's ``SubmittedNotebook.late_submission_penalty``, which formgrader and
  ``nbgrader export`` subtract from the score.

The instructor may override one student's lateness (``on-time``, ``late`` or the time it was
handed in); overrides are kept in the grading log.
"""

from __future__ import annotations

import csv
import io
import math
import re
import typing as t
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nbgrader.plugins import LateSubmissionPlugin

from autograder.intake.roster import slug
from autograder.records import load_records, save_records
from autograder.settings import Grading, Settings, course_config, settings

DAY = 86400.0
UTC = timezone.utc
OVERRIDES = ("on-time", "late")
EXTENSION_COLUMNS = {
    "student_id": ("student_id", "student id", "student", "username", "login"),
    "due": ("due", "new_due", "new due", "new due date", "due_date", "due date", "until",
            "extended_to"),
    "reason": ("reason", "note", "why"),
    "assignment": ("assignment", "assignment_id"),
    "late": ("late", "late_override", "override"),
}


class ExtensionsError(ValueError):
    """The extensions file cannot be used; the one-line message names the file and the row."""


# -- dates ------------------------------------------------------------------------------------

_WHEN = re.compile(r"^\s*(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
                   r"\s*(?P<zone>Z|UTC|[+-]\d{2}:?\d{2}|[A-Za-z_]+(?:/[A-Za-z_+-]+)*)?\s*$")


def parse_when(text: str, zone: t.Any = None) -> datetime:
    """A date and time such as ``2027-02-01 23:59 America/Chicago``, as an aware datetime.

    ``zone`` (a tzinfo) is used when the text names none; without either, ValueError. A date
    alone means the end of that day (23:59).
    """
    m = _WHEN.match(str(text))
    if not m:
        raise ValueError(f"'{text}' is not a date and time like 2027-02-01 23:59 "
                         "America/Chicago")
    clock = m["time"] or "23:59"
    try:
        naive = datetime.fromisoformat(f"{m['date']} {clock:0>5}")
    except ValueError:
        raise ValueError(f"'{text}' is not a real date and time") from None
    name = m["zone"]
    if name in ("Z", "UTC"):
        tz: t.Any = UTC
    elif name and name[0] in "+-":
        sign = 1 if name[0] == "+" else -1
        digits = name[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    elif name:
        try:
            tz = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{name}' in '{text}' is not a time zone name (use e.g. "
                             "America/Chicago, Europe/London, UTC or -06:00)") from None
    elif zone is not None:
        tz = zone
    else:
        raise ValueError(f"'{text}' names no time zone: add one, e.g. '{text.strip()} "
                         "America/Chicago'")
    return naive.replace(tzinfo=tz)


def due_date(conf: Settings, assignment: str) -> datetime | None:
    """The assignment's due date from ``c.Grading.due_dates``, or None when none is set."""
    text = conf.due_dates.get(assignment)
    if not text:
        return None
    try:
        return parse_when(text)
    except ValueError as err:
        raise ValueError(f"c.Grading.due_dates['{assignment}'] in nbgrader_config.py: "
                         f"{err}.") from None


def _utc_naive(when: datetime | None) -> datetime | None:
    """How nbgrader stores a time: naive, in UTC."""
    return None if when is None else when.astimezone(UTC).replace(tzinfo=None)


def show_when(when: datetime, zone: t.Any) -> str:
    """A time as the instructor wrote the due date: ``2027-02-01 23:59 CST``."""
    local = when.astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


def late_text(seconds: float) -> str:
    """How late, in words: ``45 minutes``, ``25 hours``, ``10 days (240 hours)``."""
    if seconds < 3600:
        minutes = max(1, math.ceil(seconds / 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(seconds / 3600)
    if seconds < 2 * DAY:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{seconds / DAY:.3g} days ({hours} hours)"


# -- the penalty (nbgrader's plugin) ---------------------------------------------------------


def penalty_fraction(seconds_late: float, policy: str, percent_per_day: float,
                     cap_percent: float, grace_minutes: int) -> float:
    """The share of the score a policy takes off work ``seconds_late`` late (0 to 1)."""
    if policy not in ("none", "zero", "percent"):
        raise ValueError(f"The late policy '{policy}' is unknown: use none, zero or percent.")
    if seconds_late <= grace_minutes * 60 or policy == "none":
        return 0.0
    if policy == "zero":
        return 1.0
    days = math.ceil(seconds_late / DAY)  # each day or part of a day
    return min(max(cap_percent, 0.0), days * max(percent_per_day, 0.0), 100.0) / 100


class CoursePenalty(LateSubmissionPlugin):
    """nbgrader's late-penalty plugin, following the course's ``c.Grading`` late policy.

    nbgrader's own plugin offers only 'none' and 'zero'; this one adds a percentage per day or
    part of a day, with a cap, and a grace period. nbgrader calls it once per notebook with
    that notebook's score; the penalty is rounded to hundredths of a point.
    """

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> float | None:
        grading = Grading(config=self.config)
        share = penalty_fraction(total_seconds_late, grading.late_policy,
                                 grading.late_percent_per_day, grading.late_percent_cap,
                                 grading.late_grace_minutes)
        return round(score * share, 2) if share else None


# -- extensions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extension:
    """One student's new due date (and, optionally, the instructor's lateness override)."""

    student: str
    due: datetime
    reason: str = ""
    late: str = ""  # "", "on-time" or "late"


def extensions_path(workspace: Path, assignment: str) -> Path:
    """Where ``grade --extensions`` keeps the assignment's extensions file."""
    return workspace / "extensions" / f"{assignment}.csv"


def parse_extensions(text: str, filename: str, assignment: str, due: datetime | None,
                     known: set[str] | None) -> dict[str, Extension]:
    """Read an extensions CSV; ExtensionsError names the file, the row and the problem.

    ``known`` (the roster's or the class's student ids), when given, must hold every student.
    Rows for another assignment (an ``assignment`` column) are skipped.
    """
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ExtensionsError(f"{filename} is empty: its first row should be "
                              "student_id,due,reason.")
    header = [h.strip().lower().lstrip("\ufeff") for h in rows[0]]
    cols = {name: next((header.index(a) for a in aliases if a in header), None)
            for name, aliases in EXTENSION_COLUMNS.items()}
    missing = [name for name in ("student_id", "due", "reason") if cols[name] is None]
    if missing:
        raise ExtensionsError(f"{filename}, row 1: no column called {' or '.join(missing)} "
                              "(the first row should be student_id,due,reason).")
    if due is None:
        raise ExtensionsError(f"{filename}: {assignment} has no due date, so an extension "
                              "means nothing; set c.Grading.due_dates in nbgrader_config.py "
                              "first.")
    found: dict[str, Extension] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {name: (row[i].strip() if i is not None and i < len(row) else "")
                for name, i in cols.items()}
        where = f"{filename}, row {number}"
        if cell["assignment"] and cell["assignment"] != assignment:
            continue
        if not cell["student_id"]:
            raise ExtensionsError(f"{where}: the student_id is empty.")
        student = slug(cell["student_id"])
        if known is not None and student not in known:
            raise ExtensionsError(f"{where}: '{cell['student_id']}' is not a student of this "
                                  "class (check the roster's student ids).")
        if student in found:
            raise ExtensionsError(f"{where}: {student} already has an extension on an earlier "
                                  "row.")
        try:
            new_due = parse_when(cell["due"], due.tzinfo)
        except ValueError as err:
            raise ExtensionsError(f"{where}: the due date {err}.") from None
        if new_due < due:
            raise ExtensionsError(f"{where}: the new due date {cell['due']} is before the "
                                  f"assignment's own ({show_when(due, due.tzinfo)}).")
        override = cell["late"].lower()
        if override and override not in OVERRIDES:
            raise ExtensionsError(f"{where}: late must be on-time, late or empty, not "
                                  f"'{cell['late']}'.")
        found[student] = Extension(student, new_due, cell["reason"], override)
    return found


def read_extensions(path: Path, assignment: str, due: datetime | None,
                    known: set[str] | None) -> dict[str, Extension]:
    """Read an extensions CSV file (UTF-8, with or without Excel's byte-order mark)."""
    if not path.exists():
        raise ExtensionsError(f"There is no extensions file called {path}.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return parse_extensions(text, path.name, assignment, due, known)


def parse_overrides(items: list[str], due: datetime | None) -> dict[str, str]:
    """``--late-override STUDENT=on-time|late|<time handed in>`` values, checked."""
    found: dict[str, str] = {}
    for item in items:
        student, sep, value = item.partition("=")
        value = value.strip()
        if not sep or not student.strip() or not value:
            raise ValueError(f"--late-override '{item}' should be STUDENT=on-time, "
                             "STUDENT=late or STUDENT='2027-02-02 14:00' (when it was handed "
                             "in).")
        if value.lower() not in OVERRIDES:
            try:
                parse_when(value, due.tzinfo if due else None)
            except ValueError as err:
                raise ValueError(f"--late-override '{item}': {err}.") from None
        found[slug(student)] = value.lower() if value.lower() in OVERRIDES else value
    return found


# -- applying it --------------------------------------------------------------------------------


@dataclass
class Lateness:
    """How late one student's work is, against their own due date, and why we think so."""

    seconds: float = 0.0       # past the due date (with the extension); 0 when on time
    known: bool = True         # False: late by an unknown time (an LMS marker only)
    source: str = ""           # what it rests on: file times, Canvas's marker, the override
    note: str = ""             # for the instructor
    submitted: str = ""        # when it was handed in (ISO), if known


def decide(record: dict[str, t.Any], due: datetime | None, extension: Extension | None,
           override: str, grace_minutes: int) -> Lateness:
    """How late one student's work is: override, else the submission time, else the marker."""
    own_due = extension.due if extension else due
    override = override or (extension.late if extension else "")
    marker = bool(record.get("late"))
    submitted = record.get("submitted_at")
    if override == "on-time":
        return Lateness(0.0, True, "the instructor's override (on time)")
    if override and override != "late" and due is not None:
        submitted, source = parse_when(override, due.tzinfo).isoformat(), \
            "the time the instructor gave"
    else:
        source = record.get("times_from", "") or "file times"
    if own_due is None:
        note = "the LMS marks it late, but the assignment has no due date, so no penalty" \
            if marker or override == "late" else ""
        return Lateness(0.0, True, "no due date", note)
    if submitted:
        seconds = max(0.0, (datetime.fromisoformat(submitted) - own_due).total_seconds())
        if override == "late" and seconds == 0:
            return _unknown("the instructor's override (late)", grace_minutes, _MARKED)
        note = ""
        if marker and seconds == 0:
            note = "the LMS marks it late but its time is on time (an extension?)"
        return Lateness(seconds, True, source, note, submitted)
    if override == "late":
        return _unknown("the instructor's override (late)", grace_minutes, _MARKED)
    if marker and extension is not None:
        return Lateness(0.0, True, "the LMS's late marker", "the LMS marks it late, but "
                        "the download has no submission time and the student has an "
                        "extension: not penalised (use --late-override if it was late)")
    if marker:
        return _unknown("the LMS's late marker", grace_minutes)
    return Lateness(0.0, True, "the LMS's late marker" if record.get("lms") else "")


_NO_TIME = ("the download has no submission time, so it counts as up to one day late; give "
            "the time with --late-override")
_MARKED = "marked late with no time given, so it counts as up to one day late"


def _unknown(source: str, grace_minutes: int, note: str = _NO_TIME) -> Lateness:
    # Late by an unknown time: counted as late by the least a policy penalises (past any grace
    # period, within the first day); the note says how to give the real time.
    return Lateness(grace_minutes * 60 + 1.0, False, source, note)


@dataclass
class Applied:
    """What :func:`apply_late_work` did for one assignment."""

    due: datetime | None
    policy: str
    students: dict[str, dict[str, t.Any]]  # the grading log's "late" entry per student


def apply_late_work(workspace: Path, assignment: str, *, extensions: Path | None = None,
                    overrides: list[str] | None = None, known: set[str] | None = None,
                    conf: Settings | None = None) -> Applied:
    """Write due date, timestamps, extensions and penalties into nbgrader's gradebook.

    ``extensions`` (a CSV) replaces the one kept in the workspace; ``overrides`` are added to
    the ones kept in the grading log. The penalties come from :class:`CoursePenalty` with
    ``conf``'s late policy (default: the course's configuration), on each notebook's current
    score (manual grades included), so run again after grades change (``grade``,
    ``manual --import`` and ``late`` do).
    """
    from nbgrader.api import MissingEntry

    from autograder.grade.gradebook import open_gradebook

    conf = conf or settings(workspace)
    due = due_date(conf, assignment)
    records = load_records(workspace, assignment)
    kept = extensions_path(workspace, assignment)
    if extensions is not None:
        known = known if known is not None else set(records["students"]) or None
        table = read_extensions(extensions, assignment, due, known)
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(extensions.read_bytes())
    elif kept.exists():
        table = read_extensions(kept, assignment, due, None) if due else {}
    else:
        table = {}
    saved = dict(records.get("late_overrides", {}))
    given = parse_overrides(overrides or [], due)
    students = known if known is not None else set(records["students"])
    if stranger := sorted(set(given) - students):
        raise ValueError(f"--late-override: '{stranger[0]}' handed nothing in for {assignment} "
                         "(use the student id that status shows).")
    saved.update(given)
    records["late_overrides"] = saved

    config = course_config(workspace)
    for name, value in (("late_policy", conf.late_policy),
                        ("late_percent_per_day", conf.late_percent_per_day),
                        ("late_percent_cap", conf.late_percent_cap),
                        ("late_grace_minutes", conf.late_grace_minutes)):
        config.Grading[name] = value
    plugin = CoursePenalty(config=config)
    zone = due.tzinfo if due else UTC
    out: dict[str, dict[str, t.Any]] = {}
    with open_gradebook(workspace) as gb:
        try:  # an assignment nbgrader does not know yet is left for grading to register
            gb.find_assignment(assignment)
        except MissingEntry:
            submissions = []
        else:
            gb.update_or_create_assignment(assignment, duedate=_utc_naive(due))
            submissions = gb.assignment_submissions(assignment)
        for sub in submissions:
            student = sub.student.id
            record = records["students"].get(student, {})
            ext = table.get(student)
            late = decide(record, due, ext, saved.get(student, ""), conf.late_grace_minutes)
            stamp = late.submitted or record.get("submitted_at")
            sub.timestamp = _utc_naive(datetime.fromisoformat(stamp)) if stamp else None
            sub.extension = (ext.due - due) if ext and due else None
            penalty = 0.0
            for nb in sub.notebooks:
                nb.late_submission_penalty = None
                if late.seconds > 0:
                    points = plugin.late_submission_penalty(student, nb.score, late.seconds)
                    if points is not None:  # nbgrader's own bounds: 0 to the notebook's score
                        nb.late_submission_penalty = min(max(points, 0.0), nb.score)
                        penalty += nb.late_submission_penalty
            entry = {"seconds": late.seconds if late.known else None,
                     "late": late.seconds > 0 or (due is None and bool(record.get("late"))),
                     "source": late.source, "note": late.note, "penalty": round(penalty, 2),
                     "raw_score": float(sub.score)}
            if ext:
                entry["extension"] = show_when(ext.due, zone)
                entry["extension_reason"] = ext.reason
            out[student] = entry
            if student in records["students"]:
                records["students"][student]["late_work"] = entry
        gb.db.commit()
    records["late_policy"] = {"policy": conf.late_policy, "due": show_when(due, zone)
                              if due else "", "due_utc": str(_utc_naive(due) or ""),
                              "percent_per_day": conf.late_percent_per_day,
                              "cap": conf.late_percent_cap, "grace": conf.late_grace_minutes}
    save_records(workspace, assignment, records)
    return Applied(due, conf.late_policy, out)


def late_summary(entry: dict[str, t.Any], penalty: float) -> str:
    """One student's lateness in a phrase: ``late 25 hours, penalty 0.6 points``."""
    parts = []
    if entry.get("late"):
        seconds = entry.get("seconds")
        parts.append(f"late {late_text(seconds)}" if seconds else "late (time unknown)")
    if penalty:
        parts.append(f"penalty {penalty:g} point{'s' if penalty != 1 else ''}")
    if entry.get("extension"):
        reason = f" ({entry['extension_reason']})" if entry.get("extension_reason") else ""
        parts.append(f"extension until {entry['extension']}{reason}")
    return ", ".join(parts)


def policy_text(conf: Settings) -> str:
    """The late policy in one phrase, for the instructor."""
    grace = f", after a {conf.late_grace_minutes}-minute grace period" \
        if conf.late_grace_minutes else ""
    if conf.late_policy == "zero":
        return f"late work scores 0{grace}"
    if conf.late_policy == "percent":
        return (f"{conf.late_percent_per_day:g}% of the score off per day or part day late, "
                f"at most {conf.late_percent_cap:g}%{grace}")
    return "no penalty for late work"
