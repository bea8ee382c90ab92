"""Read a class's submissions from a folder or an LMS download zip, without changing them.

Recognised layouts (checked in this order, per file):

- Moodle "Download all submissions": ``<Full Name>_<participant id>_assignsubmission_file_/
  <file>`` (folders), or ``<Full Name>_<participant id>_assignsubmission_file_<file>`` (flat);
- Canvas "Download Submissions": ``<name>[_late]_<user id>_<submission id>_<file>``, where
  ``<name>`` is the student's last and first name run together in lower case, ``_late`` (or
  ``_LATE``) marks a late submission, and Canvas renames a re-uploaded file ``<file>-1``,
  ``<file>-2``;
- a folder per student: ``<student>/<file>`` (also nbgrader's ``<student>/<assignment>/<file>``);
- flat files named by student: ``<student>.ipynb``.

Files are read into memory (at most ``MAX_FILE_BYTES`` each); nothing is extracted or written.

When the work was handed in (:attr:`Submission.submitted_at`) is read for plain layouts only:
nbgrader's ``timestamp.txt`` if the student's folder has one, else the newest file's
modification time (a zip entry's time is read in this computer's time zone, as ``unzip`` does).
An LMS download's file times are not submission times (Canvas stamps its zip's entries when it
makes the zip), so for those the LMS's ``late`` marker is what is known.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.intake.roster import Roster, slug

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 20000

_MOODLE_DIR = re.compile(
    r"^(?P<name>.+)_(?P<pid>\d+)_assignsubmission_(?P<kind>file|onlinetext|[a-z]+)_?$")
_MOODLE_FLAT = re.compile(
    r"^(?P<name>.+)_(?P<pid>\d+)_assignsubmission_(?P<kind>file|onlinetext)_(?P<file>.+)$")
# Canvas, anonymous grading: <user id>_<attachment id>_<file>, "late_" in front when late.
_CANVAS_ANONYMOUS = re.compile(r"^(?P<late>late_)?(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>.+)$", re.I)
_CANVAS = re.compile(r"^(?P<slug>.+?)(?P<late>_late)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>.+)$",
                     re.I)
# Canvas's online text and website URL entries: <name>[_late]_<user id>_text.html / _link.html
# (<user id>_text.html, with "late_" in front when late, under anonymous grading).
_CANVAS_ENTRY = re.compile(
    r"^(?:(?P<late1>late_)?|(?P<slug>[^_]+?)(?P<late2>_late)?_)(?P<uid>\d+)_(?P<kind>text|link)"
    r"\.html?$", re.I)
# What a student handed in that is not a file, kept under these names for the grading task.
TEXT_ENTRY, LINK_ENTRY = "online text entry.html", "website link entry.html"
_IGNORED = ("__MACOSX", ".DS_Store", "Thumbs.db", ".ipynb_checkpoints")


class IntakeError(ValueError):
    """The submissions cannot be read at all; the message says why."""


@dataclass
class Submission:
    """Everything one student handed in for one assignment."""

    student: str
    name: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    late: bool = False
    lms: dict[str, str] = field(default_factory=dict)
    submitted_at: str = ""  # ISO time with its zone; "" when unknown (LMS downloads)
    times_from: str = ""    # what submitted_at rests on

    @property
    def sha256(self) -> str:
        """A fingerprint of the files handed in (names and contents)."""
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()


@dataclass
class _Entry:
    path: PurePosixPath
    data: bytes
    mtime: float | None = None  # seconds since the epoch


def _entries_from_folder(folder: Path) -> Iterator[_Entry]:
    for count, path in enumerate(sorted(folder.rglob("*"))):
        if count > MAX_FILES:
            raise IntakeError(f"{folder} holds more than {MAX_FILES} files: is it the right one?")
        rel = PurePosixPath(path.relative_to(folder).as_posix())
        if path.is_file() and not _ignored(rel):
            info = path.stat()
            if info.st_size > MAX_FILE_BYTES:
                yield _Entry(rel, b"", info.st_mtime)  # too big for a notebook: empty
                continue
            yield _Entry(rel, path.read_bytes(), info.st_mtime)


def _entries_from_zip(archive: Path) -> Iterator[_Entry]:
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as err:
        raise IntakeError(f"{archive.name} is not a readable zip file ({err}).") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_FILES:
            raise IntakeError(f"{archive.name} holds more than {MAX_FILES} files.")
        names = [PurePosixPath(i.filename) for i in infos]
        strip = _common_top_folder(names)
        for info, name in zip(infos, names, strict=True):
            rel = PurePosixPath(*name.parts[1:]) if strip else name
            if _ignored(rel) or ".." in rel.parts:
                continue
            data = zf.read(info) if info.file_size <= MAX_FILE_BYTES else b""
            yield _Entry(rel, data, _zip_time(info))


def _zip_time(info: zipfile.ZipInfo) -> float | None:
    try:  # zip times have no zone: local time, as unzip restores them
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return None


def _common_top_folder(names: list[PurePosixPath]) -> bool:
    """True when every entry sits in one folder that wraps a whole class (not a student)."""
    tops = {n.parts[0] for n in names if len(n.parts) > 1}
    if len(tops) != 1 or any(len(n.parts) == 1 for n in names):
        return False
    inner = [PurePosixPath(*n.parts[1:]) for n in names]
    return any(len(n.parts) > 1 or _CANVAS.match(n.name) or _MOODLE_FLAT.match(n.name)
               for n in inner) and not _MOODLE_DIR.match(next(iter(tops)))


def _ignored(rel: PurePosixPath) -> bool:
    return any(part in _IGNORED or part.startswith(".") for part in rel.parts)


def _nested_zip(entry: _Entry) -> list[_Entry]:
    """A student who zipped their notebook: take the files inside (one level only)."""
    try:
        with zipfile.ZipFile(io.BytesIO(entry.data)) as inner:
            return [_Entry(PurePosixPath(PurePosixPath(i.filename).name), inner.read(i))
                    for i in inner.infolist()
                    if not i.is_dir() and i.file_size <= MAX_FILE_BYTES
                    and not _ignored(PurePosixPath(i.filename))]
    except (zipfile.BadZipFile, OSError):
        return [entry]


@dataclass
class _Found:
    key: str
    label: str
    file: str
    late: bool = False
    lms: dict[str, str] = field(default_factory=dict)
    anonymous: bool = False  # named by LMS id only: never matched or named by a label


@dataclass
class Unmatched:
    """A file that belongs to nobody on the roster: never graded, listed with the reason."""

    file: str
    reason: str


@dataclass
class Intake:
    """What a class handed in: one submission per student, and the files nobody owns."""

    submissions: list[Submission]
    unmatched: list[Unmatched] = field(default_factory=list)


def _canvas(m: re.Match[str], file: str, late: bool, anonymous: bool) -> _Found:
    lms = {"canvas_id": m["uid"]}
    if "sid" in m.groupdict():
        lms["canvas_submission_id"] = m["sid"]
    label = f"canvas-{m['uid']}" if anonymous else m["slug"]
    return _Found(f"canvas:{m['uid']}", label, file, late=late, lms=lms, anonymous=anonymous)


def _classify(entry: _Entry, assignment: str) -> _Found:
    parts = entry.path.parts
    name = parts[0]
    if len(parts) >= 2 and (m := _MOODLE_DIR.match(name)):
        file = TEXT_ENTRY if m["kind"] == "onlinetext" else "/".join(parts[1:])
        return _Found(f"moodle:{m['pid']}", m["name"], file, lms={"moodle_id": m["pid"]})
    if len(parts) == 1 and (m := _MOODLE_FLAT.match(name)):
        file = TEXT_ENTRY if m["kind"] == "onlinetext" else m["file"]
        return _Found(f"moodle:{m['pid']}", m["name"], file, lms={"moodle_id": m["pid"]})
    if len(parts) == 1 and (m := _CANVAS_ENTRY.match(name)):
        file = TEXT_ENTRY if m["kind"].lower() == "text" else LINK_ENTRY
        return _canvas(m, file, bool(m["late1"] or m["late2"]), anonymous=not m["slug"])
    if len(parts) == 1 and (m := _CANVAS_ANONYMOUS.match(name)):
        return _canvas(m, m["file"], bool(m["late"]), anonymous=True)
    if len(parts) == 1 and (m := _CANVAS.match(name)):
        return _canvas(m, m["file"], bool(m["late"]), anonymous=False)
    if len(parts) >= 2:
        rest = parts[2:] if len(parts) >= 3 and parts[1] == assignment else parts[1:]
        return _Found(f"folder:{name}", name, "/".join(rest))
    stem = PurePosixPath(name).stem
    return _Found(f"file:{stem}", stem, name)


def read_submissions(source: Path, assignment: str, roster: Roster | None = None) -> Intake:
    """Read every student's files from ``source`` (folder or zip), without changing them.

    With a roster, a file is someone's only when the roster names its owner (by LMS id, else
    by name); every other file is listed in ``Intake.unmatched`` with the reason.
    """
    if not source.exists():
        raise IntakeError(f"There is no file or folder called {source}.")
    if source.is_dir():
        entries = list(_entries_from_folder(source))
    elif zipfile.is_zipfile(source):
        entries = list(_entries_from_zip(source))
    else:
        raise IntakeError(f"{source.name} is neither a folder nor a zip file. Give the folder of "
                          "submissions or the zip file your LMS downloaded.")
    if not entries:
        raise IntakeError(f"{source.name} contains no files.")

    owners: dict[str, Submission | None] = {}  # LMS key -> its owner's submission
    grouped: dict[str, Submission] = {}         # student id -> submission
    intake = Intake(submissions=[])
    used_ids: dict[str, str] = {}
    for entry in entries:
        found = _classify(entry, assignment)
        if found.key not in owners:
            owner = _new_submission(found, roster, used_ids)
            owners[found.key] = grouped.setdefault(owner.student, owner) if owner else None
        sub = owners[found.key]
        if sub is None:
            intake.unmatched.append(Unmatched(str(entry.path), _why_unmatched(found)))
            continue
        sub.late = sub.late or found.late
        if found.key.split(":", 1)[0] in ("folder", "file"):
            _note_time(sub, entry)
        files = _nested_zip(entry) if found.file.lower().endswith(".zip") else [entry]
        for item in files:
            name = found.file if item is entry else item.path.name
            name = name.replace("/", "_") or "unnamed"
            while name in sub.files:
                name = "copy-" + name
            sub.files[name] = item.data
    intake.submissions = sorted(grouped.values(), key=lambda s: s.student)
    return intake


def _note_time(sub: Submission, entry: _Entry) -> None:
    """Keep the submission's time: nbgrader's timestamp.txt, else its newest file's time."""
    if entry.path.name == "timestamp.txt":
        from dateutil import parser as dateparser

        try:
            when = dateparser.parse(entry.data.decode("utf-8", "replace").strip())
        except (ValueError, OverflowError):
            return
        if when.tzinfo is None:  # nbgrader writes UTC
            when = when.replace(tzinfo=datetime.timezone.utc)
        sub.submitted_at, sub.times_from = when.isoformat(), "nbgrader's timestamp.txt"
    elif entry.mtime is not None and sub.times_from != "nbgrader's timestamp.txt":
        when = datetime.datetime.fromtimestamp(entry.mtime, datetime.timezone.utc)
        if not sub.submitted_at or when.isoformat() > sub.submitted_at:
            sub.submitted_at, sub.times_from = when.isoformat(), "the files' times"


def _why_unmatched(found: _Found) -> str:
    kind, ident = found.key.split(":", 1)
    if kind == "canvas":
        return (f"Canvas user id {ident}" + ("" if found.anonymous else f" ('{found.label}')")
                + " is not in the roster's ID column, and no roster name matches")
    if kind == "moodle":
        return (f"Moodle participant {ident} ('{found.label}') is not in the roster's "
                "Identifier column, and no roster name matches")
    return f"'{found.label}' matches no student id, name or email in the roster"


def _new_submission(found: _Found, roster: Roster | None,
                    used_ids: dict[str, str]) -> Submission | None:
    """The submission of the file's owner; None when a roster is given and names nobody."""
    if roster is not None:
        person = roster.find(canvas_id=found.lms.get("canvas_id", ""),
                             moodle_id=found.lms.get("moodle_id", ""),
                             name="" if found.anonymous or not found.key.startswith("moodle")
                             else found.label,
                             label="" if found.anonymous else found.label)
        if person is None:
            return None
        name = person.name or f"{person.first_name} {person.last_name}".strip()
        return Submission(student=person.student_id, name=name, lms=dict(found.lms))
    student = slug(found.label)
    owner = used_ids.get(student)
    if owner is not None and owner != found.key:
        student = slug(f"{student}-{found.key.split(':', 1)[1]}")
    used_ids[student] = found.key
    return Submission(student=student, name="" if found.anonymous else found.label,
                      lms=dict(found.lms))
