"""A Canvas and a Moodle download with every naming form, graded end to end.

Each download holds named, late, re-uploaded, anonymous (Canvas) and blind-marked (Moodle)
notebooks, online text and website entries, and a file of someone not on the roster. The
expected owner of every file is written out here by hand (the oracle); the tests check that
grading found exactly those students, kept lateness, invented nobody, and that the exports
follow the platforms' import rules.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.export.lms import check_canvas_column, export_grades
from autograder.grade.coordinator import grade_class
from autograder.grade.sandbox import Limits
from autograder.records import load_records
from autograder.release.sample_class import answered
from autograder.review.report import assignment_rows
from autograder.review.status import status_lines

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

A = "ex00-orientation"
LIMITS = Limits(cell_timeout=20, submission_timeout=90)
TEXT = b"<p>I wrote my answers here instead.</p>"
LINK = b'<a href="https://example.org/my-notebook">my notebook</a>'

CANVAS_ROSTER = """Student,ID,SIS User ID,SIS Login ID,Section
    Points Possible,,,,
"Alvarez, Maria",1001,S1001,malvarez,A
"Brownlee, Jo",1002,S1002,jbrownlee,A
"Chen, Wei",1003,S1003,wchen,A
"Okafor, Ada",1004,S1004,aokafor,B
"Petrov, Ivan",1005,S1005,ipetrov,B
"Diallo, Amara",1006,S1006,adiallo,B
"Evans, Finn",1007,S1007,fevans,B
"Silva, Rui",1008,S1008,rsilva,B
"""
# file in the download -> (the roster's SIS login it belongs to, late?)
CANVAS_FILES = {
    "alvarezmaria_1001_5001_ex00-orientation.ipynb": ("malvarez", False, "right"),
    "brownleejo_late_1002_5002_ex00-orientation.ipynb": ("jbrownlee", True, "right"),
    "chenwei_LATE_1003_5003_ex00-orientation-1.ipynb": ("wchen", True, "right"),  # re-upload
    "1004_5004_ex00-orientation.ipynb": ("aokafor", False, "right"),  # anonymous grading
    "late_1005_5005_ex00-orientation.ipynb": ("ipetrov", True, "blank"),  # anonymous, late
    "dialloamara_1006_text.html": ("adiallo", False, TEXT),  # online text entry
    "evansfinn_late_1007_link.html": ("fevans", True, LINK),  # website URL entry, late
    "zhoujun_9999_5999_ex00-orientation.ipynb": (None, False, "right"),  # not on the roster
}

MOODLE_ROSTER = """Identifier,Full name,Email address,Status,Grade,Maximum Grade
Participant 301,María Álvarez,maria.alvarez@example.edu,,,5
Participant 302,Wei Chen,wei.chen@example.edu,,,5
Participant 303,Sam Lee,sam.lee@example.edu,,,5
Participant 304,Ana Ruiz,ana.ruiz@example.edu,,,5
Participant 305,Kofi Mensah,kofi.mensah@example.edu,,,5
Participant 306,Lena Vogt,lena.vogt@example.edu,,,5
Participant 307,Omar Haddad,omar.haddad@example.edu,,,5
"""
MOODLE_FILES = {
    # Moodle 4 "download in folders"
    "María Álvarez_301_assignsubmission_file_/ex00-orientation.ipynb": ("maria.alvarez", "right"),
    "Ana Ruiz_304_assignsubmission_onlinetext_/onlinetext.html": ("ana.ruiz", TEXT),
    "Lena Vogt_306_assignsubmission_file_/ex00-orientation.ipynb": ("lena.vogt", "blank"),
    # the flat names of earlier Moodle versions
    "Wei Chen_302_assignsubmission_file_ex00-orientation.ipynb": ("wei.chen", "right"),
    "Wei Chen_302_assignsubmission_onlinetext_onlinetext.html": ("wei.chen", TEXT),
    "Sam Lee_303_assignsubmission_onlinetext_onlinetext.html": ("sam.lee", TEXT),
    # blind marking: the name is hidden, the participant id is not
    "Participant_305_assignsubmission_file_ex00-orientation.ipynb": ("kofi.mensah", "right"),
    "Zoe Quinn_399_assignsubmission_file_ex00-orientation.ipynb": (None, "right"),
}


def _download(tmp: Path, name: str, files: dict[str, bytes]) -> Path:
    path = tmp / name
    with zipfile.ZipFile(path, "w") as zf:
        for filename, data in files.items():
            zf.writestr(filename, data)
    return path


def _content(kind: bytes | str, work: dict[str, bytes]) -> bytes:
    return kind if isinstance(kind, bytes) else work[kind]


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("lms")
    info = load_assignment(A)
    work = {kind: answered(info, kind)[A] for kind in ("right", "blank")}
    out = {}
    for lms, files, roster in (
            ("canvas", {f: _content(k, work) for f, (_, _, k) in CANVAS_FILES.items()},
             CANVAS_ROSTER),
            ("moodle", {f: _content(k, work) for f, (_, k) in MOODLE_FILES.items()},
             MOODLE_ROSTER)):
        workspace = tmp / lms / "workspace"
        workspace.mkdir(parents=True)
        (tmp / lms / "roster.csv").write_text(roster, encoding="utf-8")
        archive = _download(tmp / lms, "download.zip", files)
        summary = grade_class(A, archive, roster_file=tmp / lms / "roster.csv", workers=2,
                              limits=LIMITS, workspace=workspace, progress=False)
        out[lms] = {"workspace": workspace, "summary": summary,
                    "records": load_records(workspace, A)}
    return out


def test_canvas_files_go_to_their_roster_students(rounds: dict) -> None:
    records = rounds["canvas"]["records"]["students"]
    expected = {owner for owner, _, _ in CANVAS_FILES.values() if owner}
    assert set(records) == expected  # no invented students, nobody lost
    for filename, (owner, late, _) in CANVAS_FILES.items():
        if owner:
            assert records[owner]["late"] is late, filename
    assert records["aokafor"]["status"] == "graded"
    assert records["adiallo"]["status"] == "rejected"
    assert "handed in text in the LMS, not a notebook" == records["adiallo"]["reason"]
    assert "handed in a web link in the LMS, not a notebook" == records["fevans"]["reason"]
    unmatched = rounds["canvas"]["records"]["unmatched"]
    assert [u["file"] for u in unmatched] == ["zhoujun_9999_5999_ex00-orientation.ipynb"]
    assert [u.file for u in rounds["canvas"]["summary"].unmatched] == [unmatched[0]["file"]]


def test_moodle_files_go_to_their_roster_students(rounds: dict) -> None:
    records = rounds["moodle"]["records"]["students"]
    expected = {owner for owner, _ in MOODLE_FILES.values() if owner}
    assert set(records) == expected
    assert records["kofi.mensah"]["status"] == "graded"  # blind marking, matched by id
    assert records["wei.chen"]["status"] == "graded"     # notebook and text: the notebook
    for text_only in ("sam.lee", "ana.ruiz"):
        assert records[text_only]["reason"] == "handed in text in the LMS, not a notebook"
    assert [u["file"] for u in rounds["moodle"]["records"]["unmatched"]] == [
        "Zoe Quinn_399_assignsubmission_file_ex00-orientation.ipynb"]


def test_status_lists_unmatched_files_and_missing_students(rounds: dict) -> None:
    text = "\n".join(status_lines(rounds["moodle"]["workspace"], A))
    assert "belong to no student on the roster" in text and "Zoe Quinn_399" in text
    assert "omar.haddad" in text.split("Missing")[1]  # on the roster, handed in nothing
    rows, _ = assignment_rows(rounds["moodle"]["workspace"], A)
    assert "zoe" not in " ".join(r.student for r in rows).lower()


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_canvas_export_imports_by_canvas_rules(rounds: dict) -> None:
    workspace = rounds["canvas"]["workspace"]
    rows = _csv(export_grades(workspace, A, "canvas", lms_name="Orientation", lms_id="777"))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Orientation (777)"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5] == "5"
    students = rows[2:]
    by_id = {r[1]: r for r in students}
    assert sorted(by_id) == [str(i) for i in range(1001, 1009)]  # only roster students
    assert by_id["1001"][5] == "3" and by_id["1004"][5] == "3"  # right work: the 3 auto pts
    assert by_id["1006"][5] == "0"   # handed in text: graded, zero
    assert by_id["1008"][5] == ""    # handed in nothing: blank, so Canvas leaves it alone
    zero = _csv(export_grades(workspace, A, "canvas", lms_name="Orientation", lms_id="777",
                              missing_zero=True))
    assert {r[1]: r[5] for r in zero[2:]}["1008"] == "0"


@pytest.mark.parametrize("name", ["Final Grade ex00", "Orientation score", "Current Points",
                                  "Section", "ID"])
def test_canvas_column_names_canvas_would_skip_are_refused(rounds: dict, name: str) -> None:
    with pytest.raises(ValueError, match="Canvas would skip"):
        check_canvas_column(name)
    with pytest.raises(ValueError, match="Canvas would skip"):
        export_grades(rounds["canvas"]["workspace"], A, "canvas", lms_name=name)
    check_canvas_column("Orientation: the alliance in one number")


def test_moodle_worksheet_identifies_every_row(rounds: dict) -> None:
    rows = _csv(export_grades(rounds["moodle"]["workspace"], A, "moodle"))
    assert rows[0][:5] == ["Identifier", "Full name", "Email address", "Status", "Grade"]
    ids = [r[0] for r in rows[1:]]
    assert sorted(ids) == [f"Participant {i}" for i in range(301, 308)]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["Participant 305"][4] == "3" and by_id["Participant 303"][4] == "0"
    assert by_id["Participant 307"][4] == "" and by_id["Participant 307"][3] == "No submission"
