"""Intake: LMS download names, folders, rosters, and what counts as one student's work."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from autograder.intake.roster import RosterError, parse_roster
from autograder.intake.submissions import TEXT_ENTRY, IntakeError, read_submissions

A = "ex00-orientation"


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_canvas_names_give_student_late_flag_and_ids(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "submissions.zip", {
        "alvarezmaria_1234_98765_ex00-orientation.ipynb": b"{}",
        "brownlee_late_2345_98766_ex00-orientation-1.ipynb": b"{}",
        "chenwei_LATE_3456_98767_my notes_final.ipynb": b"{}",
    })
    intake = read_submissions(archive, A)
    by_id = {s.student: s for s in intake.submissions}
    assert set(by_id) == {"alvarezmaria", "brownlee", "chenwei"}
    assert not by_id["alvarezmaria"].late and by_id["brownlee"].late and by_id["chenwei"].late
    assert by_id["alvarezmaria"].lms == {"canvas_id": "1234", "canvas_submission_id": "98765"}
    assert list(by_id["brownlee"].files) == ["ex00-orientation-1.ipynb"]
    assert list(by_id["chenwei"].files) == ["my notes_final.ipynb"]
    assert intake.unmatched == []


def test_canvas_roster_maps_user_ids_to_sis_logins(tmp_path: Path) -> None:
    roster = parse_roster(
        "Student,ID,SIS User ID,SIS Login ID,Section\n"
        "    Points Possible,,,,\n"
        '"Alvarez, María",1234,S1,malvarez,501\n'
        '"Chen, Wei",3456,S3,wchen,501\n')
    archive = _zip(tmp_path / "s.zip", {
        "alvarezmaria_1234_98765_ex00-orientation.ipynb": b"{}",
        "zhoujun_9999_98799_ex00-orientation.ipynb": b"{}",
    })
    intake = read_submissions(archive, A, roster)
    assert [s.student for s in intake.submissions] == ["malvarez"]
    assert intake.submissions[0].name == "Alvarez, María"
    # A file nobody on the roster owns never becomes a student; it is listed with the reason.
    assert [u.file for u in intake.unmatched] == ["zhoujun_9999_98799_ex00-orientation.ipynb"]
    assert "9999" in intake.unmatched[0].reason and "roster" in intake.unmatched[0].reason


def test_moodle_folders_and_flat_names(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "moodle.zip", {
        "María Álvarez_301_assignsubmission_file_/ex00-orientation.ipynb": b"{}",
        "Wei Chen_302_assignsubmission_file_ex00-orientation.ipynb": b"{}",
        "Wei Chen_302_assignsubmission_onlinetext_/onlinetext.html": b"<p>hi</p>",
    })
    by_id = {s.student: s for s in read_submissions(archive, A).submissions}
    assert set(by_id) == {"maria-alvarez", "wei-chen"}
    assert by_id["maria-alvarez"].lms == {"moodle_id": "301"}
    assert sorted(by_id["wei-chen"].files) == ["ex00-orientation.ipynb", TEXT_ENTRY]


def test_moodle_roster_matches_participant_ids(tmp_path: Path) -> None:
    roster = parse_roster("Identifier,Full name,Email address\n"
                          "Participant 301,María Álvarez,maria.alvarez@example.edu\n")
    archive = _zip(tmp_path / "moodle.zip", {
        "María Álvarez_301_assignsubmission_file_/ex00-orientation.ipynb": b"{}"})
    intake = read_submissions(archive, A, roster)
    assert intake.submissions[0].student == "maria.alvarez" and intake.unmatched == []


def test_folder_per_student_flat_files_and_nbgrader_layout(tmp_path: Path) -> None:
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / "ex00-orientation.ipynb").write_bytes(b"{}")
    (tmp_path / "ben" / A).mkdir(parents=True)
    (tmp_path / "ben" / A / "ex00-orientation.ipynb").write_bytes(b"{}")
    (tmp_path / "cleo.ipynb").write_bytes(b"{}")
    (tmp_path / ".DS_Store").write_bytes(b"junk")
    subs = read_submissions(tmp_path, A).submissions
    assert {s.student: sorted(s.files) for s in subs} == {
        "ana": ["ex00-orientation.ipynb"], "ben": ["ex00-orientation.ipynb"],
        "cleo": ["cleo.ipynb"]}


def test_a_zipped_class_folder_is_unwrapped(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "class.zip", {"class/ana/hw.ipynb": b"{}",
                                            "class/ben/hw.ipynb": b"{}"})
    subs = read_submissions(archive, A).submissions
    assert [s.student for s in subs] == ["ana", "ben"]


def test_same_canvas_name_different_people_stay_apart(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "s.zip", {"leesam_11_1_a.ipynb": b"{}",
                                        "leesam_22_2_a.ipynb": b"{}"})
    subs = read_submissions(archive, A).submissions
    assert sorted(s.student for s in subs) == ["leesam", "leesam-22"]


def test_fingerprint_changes_only_with_content(tmp_path: Path) -> None:
    one = _zip(tmp_path / "1.zip", {"ana/hw.ipynb": b'{"a": 1}', "ben/hw.ipynb": b"{}"})
    two = _zip(tmp_path / "2.zip", {"ana/hw.ipynb": b'{"a": 2}', "ben/hw.ipynb": b"{}"})
    first = {s.student: s.sha256 for s in read_submissions(one, A).submissions}
    second = {s.student: s.sha256 for s in read_submissions(two, A).submissions}
    assert first["ben"] == second["ben"] and first["ana"] != second["ana"]


def test_unreadable_inputs_are_named(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="no file or folder"):
        read_submissions(tmp_path / "nope.zip", A)
    (tmp_path / "grades.txt").write_text("hello")
    with pytest.raises(IntakeError, match="neither a folder nor a zip"):
        read_submissions(tmp_path / "grades.txt", A)


def test_roster_errors_name_the_line() -> None:
    with pytest.raises(RosterError, match="Line 3"):
        parse_roster("student_id,name\nana,Ana\nana,Ana again\n")
    with pytest.raises(RosterError, match="first line"):
        parse_roster("foo,bar\n1,2\n")
