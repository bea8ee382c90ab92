"""The class list: who is enrolled, and the ids the LMS knows them by.

Any of these CSV files works as a roster:

- Canvas's gradebook export (Grades > Export): ``Student, ID, SIS User ID, SIS Login ID,
  Section``; the student id used here is the SIS Login ID (else the SIS User ID);
- Moodle's grading worksheet (Assignment > Download grading worksheet): ``Identifier``
  ("Participant 123"), ``Full name``, ``Email address``;
- a plain list with a ``student_id`` column and any of ``name``, ``first_name``,
  ``last_name``, ``email``, ``canvas_id``, ``moodle_id``, ``section``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_ALIASES = {
    "student_id": ("student_id", "student id", "username", "user name", "login"),
    "name": ("name", "full name", "student", "student name"),
    "first_name": ("first_name", "first name", "given name"),
    "last_name": ("last_name", "last name", "surname", "family name"),
    "email": ("email", "email address", "e-mail"),
    "canvas_id": ("canvas_id", "canvas user id", "canvas_user_id", "id"),
    "moodle_id": ("moodle_id", "participant id", "participant_id", "identifier"),
    "sis_user_id": ("sis user id", "sis_user_id"),
    "sis_login_id": ("sis login id", "sis_login_id"),
    "section": ("section",),
}


class RosterError(ValueError):
    """The roster file cannot be used; the message says why, with the line number."""


@dataclass
class Person:
    """One enrolled student."""

    student_id: str
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    canvas_id: str = ""
    moodle_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""


@dataclass
class Roster:
    """Enrolled students, findable by any of their ids."""

    people: list[Person] = field(default_factory=list)

    def by_student_id(self, student_id: str) -> Person | None:
        """The person with this course student id, if enrolled."""
        return next((p for p in self.people if p.student_id == student_id), None)

    def find(self, *, canvas_id: str = "", moodle_id: str = "", name: str = "",
             label: str = "") -> Person | None:
        """Match an LMS id first, then a name, then a folder or file label."""
        for p in self.people:
            if canvas_id and p.canvas_id == canvas_id:
                return p
            if moodle_id and p.moodle_id == moodle_id:
                return p
        keys = {k for k in (fold(name), fold(label)) if k}
        for p in self.people:
            names = {fold(p.name), fold(f"{p.first_name} {p.last_name}"),
                     fold(f"{p.last_name} {p.first_name}"), fold(p.student_id),
                     fold(p.sis_login_id), fold(p.email.split("@")[0])}
            if keys & (names - {""}):
                return p
        return None


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Álvarez, María" -> "alvarezmaria"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def slug(text: str) -> str:
    """A safe student id from a name: "María Álvarez" -> "maria-alvarez"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"[^a-z0-9._-]+", "-", plain).strip("-.")
    return plain or "student"


def _column(header: list[str], field_name: str) -> int | None:
    normalised = [h.strip().lower().lstrip("\ufeff") for h in header]
    for alias in _ALIASES[field_name]:
        if alias in normalised:
            return normalised.index(alias)
    return None


def parse_roster(text: str) -> Roster:
    """Read a roster from CSV text; RosterError names the first bad line."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise RosterError("The roster file is empty.")
    header = rows[0]
    cols = {f: _column(header, f) for f in _ALIASES}
    if not any(cols[f] is not None for f in ("student_id", "sis_login_id", "sis_user_id",
                                              "email", "name", "canvas_id", "moodle_id")):
        raise RosterError("The roster's first line should name its columns, for example "
                          "student_id,name,email (or use Canvas's or Moodle's export as is).")
    roster = Roster()
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {f: (row[i].strip() if i is not None and i < len(row) else "")
                  for f, i in cols.items()}
        if values["name"].lower() == "points possible":
            continue  # Canvas's second line
        if values["moodle_id"]:
            values["moodle_id"] = re.sub(r"\D", "", values["moodle_id"])
        student_id = (values["student_id"] or values["sis_login_id"] or values["sis_user_id"]
                      or values["email"].split("@")[0])
        if not student_id and (values["name"] or values["first_name"]):
            student_id = slug(values["name"] or f"{values['first_name']} {values['last_name']}")
        if not student_id:
            raise RosterError(f"Line {number} of the roster has no student id, name or email.")
        student_id = slug(student_id)
        if student_id in seen:
            raise RosterError(f"Line {number} of the roster repeats the student id "
                              f"'{student_id}'.")
        seen.add(student_id)
        values.pop("student_id")
        roster.people.append(Person(student_id=student_id, **values))
    return roster


def read_roster(path: Path) -> Roster:
    """Read a roster CSV file (UTF-8, with or without Excel's byte-order mark)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252")
    return parse_roster(text)
