"""Every student their own data: variants are reproducible, valid, and graded on the right data.

The fast tests check the data (two students differ; one student's is the same bytes in any
process; every variant passes its schema) and the loader a student runs. The slow ones grade
real classes with ``grade_class`` (sandbox, two workers): the reference solution on 20
students' variants, a student who hard-codes a classmate's numbers (0 on those parts) against
one who hard-codes their own (full marks: the control that proves the copy, not the way it was
written, loses the points), and a student who typed a classmate's id.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from alliance.data import DATASETS_DIR, course_data, load_dataset
from alliance.data.course_data import VARIANT_FILE, variant_digest, variant_name, variant_seed
from alliance.data.variants import student_files, variant_csv
from autograder.assignment import load_assignment
from autograder.grade.coordinator import grade_class
from autograder.release.students import release_assignment
from autograder.review.status import status_lines
from autograder.settings import COURSE_ID, gradebook_url, settings
from autograder.variants import variant_config

VARIANTS = list(settings().variants)
LOADER = Path(course_data.__file__)

# The answer variables of each part whose right values depend on the student's data.
DATA_PARTS: dict[str, dict[str, list[str]]] = {
    "ex01-wai-sr": {"part3": ["wai_scores"]},
    "ex02-srs-ors": {"part2": ["concern_sessions"], "part4": ["ors_outcomes"]},
    "ex04-alliance-outcome": {"part1": ["r_alliance_outcome"]},
    "ex05-meta-analysis": {"part4": ["forest_data"]},
    "ex06-therapist-effects": {"part2": ["between_r", "within_r"],
                               "part3": ["between_slope", "within_slope"]},
}


def _config(assignment: str) -> dict:
    return variant_config(load_assignment(assignment), settings())


def test_the_sample_course_gives_five_data_assignments_their_own_data() -> None:
    assert {"ex01-wai-sr", "ex02-srs-ors", "ex04-alliance-outcome", "ex05-meta-analysis",
            "ex06-therapist-effects"} <= set(VARIANTS)
    for assignment in VARIANTS:
        assert _config(assignment)["files"], assignment


@pytest.mark.parametrize("assignment", VARIANTS)
def test_two_students_get_different_data(assignment: str) -> None:
    config = _config(assignment)
    ana, ben = student_files(config, "ana"), student_files(config, "ben")
    assert len(ana) == len(ben) == len(config["files"])
    for (name_a, data_a), (name_b, data_b) in zip(sorted(ana.items()), sorted(ben.items()),
                                                   strict=True):
        assert name_a != name_b and data_a != data_b


@pytest.mark.parametrize("assignment", VARIANTS)
def test_a_students_data_is_the_same_bytes_in_any_process(assignment: str,
                                                           tmp_path: Path) -> None:
    config = _config(assignment)
    expected = student_files(config, "Ana.Lopez ")  # ids are compared trimmed, any case
    assert expected == student_files(config, "ana.lopez")
    digest = variant_digest(config["key"], config["course"], assignment, "ana.lopez")
    for filename, dataset in config["files"].items():
        for hash_seed in ("1", "4242"):
            run = subprocess.run(
                [sys.executable, "-m", "alliance.data", "--variant", dataset, "--seed",
                 str(variant_seed(digest))], capture_output=True, check=True, cwd=tmp_path,
                env={**os.environ, "PYTHONHASHSEED": hash_seed})
            assert run.stdout == expected[variant_name(filename, digest)]


@pytest.mark.parametrize("dataset", sorted({d for a in VARIANTS
                                            for d in _config(a)["files"].values()}))
def test_every_variant_passes_its_schema(dataset: str, tmp_path: Path) -> None:
    shutil.copy(DATASETS_DIR / f"{dataset}.schema.json", tmp_path)
    class_rows = load_dataset(dataset)
    for seed in range(20):
        (tmp_path / f"{dataset}.csv").write_bytes(variant_csv(dataset, 7919 * seed + 1))
        rows = load_dataset(dataset, tmp_path)  # reads and checks against the schema
        assert list(rows.columns) == list(class_rows.columns)
        assert not rows.equals(class_rows)


def test_a_new_key_gives_new_data() -> None:
    config = _config("ex01-wai-sr")
    assert student_files(config, "ana") != student_files({**config, "key": "next term"}, "ana")


def test_the_loader_makes_the_typed_students_data_and_the_roster_id_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config("ex01-wai-sr")
    (tmp_path / VARIANT_FILE).write_text(json.dumps(config))
    shutil.copy(DATASETS_DIR / "wai_sr_responses.csv", tmp_path)
    code = ("import sys; sys.path.insert(0, '.'); from course_data import data_file; "
            "print(data_file('wai_sr_responses.csv', sys.argv[1]))")
    shutil.copy(LOADER, tmp_path)

    def loaded(typed: str, env: dict[str, str] | None = None) -> bytes:
        run = subprocess.run([sys.executable, "-c", code, typed], cwd=tmp_path, text=True,
                             capture_output=True, check=True, env={**os.environ, **(env or {})})
        return (tmp_path / run.stdout.strip().splitlines()[-1]).read_bytes()

    ana = student_files(config, "ana")
    assert loaded("ana") == next(iter(ana.values()))
    assert loaded("") == (DATASETS_DIR / "wai_sr_responses.csv").read_bytes()
    hub = {"ALLIANCE_STUDENT_ID": "ben"}  # a course JupyterHub says who is logged in
    assert loaded("ana", hub) == next(iter(student_files(config, "ben").values()))
    (tmp_path / VARIANT_FILE).write_text(json.dumps({**config, "student": "cleo"}))
    assert loaded("ana", hub) == next(iter(student_files(config, "cleo").values()))


def test_release_ships_the_loader_and_variant_json(tmp_path: Path) -> None:
    release_assignment("ex01-wai-sr", tmp_path)
    folder = tmp_path / "ex01-wai-sr"
    shipped = json.loads((folder / VARIANT_FILE).read_text())
    assert shipped == _config("ex01-wai-sr") and "student" not in shipped
    assert (folder / "course_data.py").read_bytes() == LOADER.read_bytes()
    release_assignment("ex03-haq-reliability", tmp_path)  # no variants: the class data only
    assert not (tmp_path / "ex03-haq-reliability" / VARIANT_FILE).exists()


# -- grading real classes -------------------------------------------------------------------

def _solution(assignment: str) -> nbformat.NotebookNode:
    info = load_assignment(assignment)
    return nbformat.read(info.folder / f"{info.notebooks[0]}.ipynb", as_version=4)


def _answer_values(assignment: str, student: str) -> dict[str, str]:
    """Python source that rebuilds the data parts' answers as ``student``'s reference solution
    computes them: the numbers a classmate could copy."""
    info = load_assignment(assignment)
    names = [n for part in DATA_PARTS[assignment].values() for n in part]
    with tempfile.TemporaryDirectory() as tmp:
        for path in info.data_files():
            shutil.copy(path, tmp)
        config = {**_config(assignment), "student": student}
        (Path(tmp) / VARIANT_FILE).write_text(json.dumps(config))
        for name, data in student_files(config, student).items():
            (Path(tmp) / name).write_bytes(data)
        nb = _solution(assignment)
        nb.cells.append(nbformat.v4.new_code_cell(
            "import io as _io, json as _json\n"
            "def _literal(value):\n"
            "    if isinstance(value, pd.DataFrame):\n"
            "        return f\"pd.read_json(_io.StringIO({value.to_json(orient='table')!r}), "
            "orient='table')\"\n"
            "    return repr(value)\n"
            f"print(_json.dumps({{n: _literal(globals()[n]) for n in {names!r}}}))"))
        NotebookClient(nb, timeout=120, resources={"metadata": {"path": tmp}}).execute()
        return json.loads(nb.cells[-1].outputs[0]["text"])


def _hard_coded(assignment: str, values: dict[str, str], typed_id: str) -> bytes:
    """The solution with the data parts' answers overwritten by literal numbers (``values``;
    none when empty) and ``typed_id`` as its STUDENT_ID."""
    nb = _solution(assignment)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        part = grade_id.removesuffix("-answer")
        if values and grade_id.endswith("-answer") and part in DATA_PARTS[assignment]:
            cell.source += "\nimport io as _io\n" + "\n".join(
                f"{name} = {values[name]}" for name in DATA_PARTS[assignment][part])
        if cell.cell_type == "code" and 'STUDENT_ID = ""' in cell.source:
            cell.source = cell.source.replace('STUDENT_ID = ""', f'STUDENT_ID = "{typed_id}"')
    return nbformat.writes(nb).encode()


@cache
def _graded(assignment: str) -> tuple[Path, dict[str, dict[str, float]]]:
    """Grade a class of 20 honest students plus the copy cases; return the workspace and each
    student's autograded scores by part."""
    root = Path(tempfile.mkdtemp(prefix=f"variants-{assignment}-"))
    solution = nbformat.writes(_solution(assignment)).encode()
    name = f"{load_assignment(assignment).notebooks[0]}.ipynb"
    students = {f"s{i:02d}": solution for i in range(1, 21)}
    students["copier"] = _hard_coded(assignment, _answer_values(assignment, "s01"), "copier")
    students["control"] = _hard_coded(assignment, _answer_values(assignment, "control"),
                                      "control")
    students["typo"] = _hard_coded(assignment, {}, "s02")  # a friend's id, the right code
    for student, data in students.items():
        (root / "class" / student).mkdir(parents=True)
        (root / "class" / student / name).write_bytes(data)
    workspace = root / "workspace"
    summary = grade_class(assignment, root / "class", workers=2, workspace=workspace,
                          progress=False)
    assert sorted(summary.graded) == sorted(students), summary
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        scores = {sub.student.id: {g.name: g.auto_score for nb in sub.notebooks
                                   for g in nb.grades if g.cell_type == "code"}
                  for sub in gb.assignment_submissions(assignment)}
    return workspace, scores


def _full(assignment: str) -> dict[str, float]:
    return {p.grade_id: p.points for p in load_assignment(assignment).parts if not p.manual}


@pytest.mark.slow
@pytest.mark.parametrize("assignment", VARIANTS)
def test_the_reference_solution_gets_full_marks_on_20_students_data(assignment: str) -> None:
    _, scores = _graded(assignment)
    for student in (f"s{i:02d}" for i in range(1, 21)):
        assert scores[student] == _full(assignment), student


@pytest.mark.slow
@pytest.mark.parametrize("assignment", VARIANTS)
def test_copied_numbers_get_nothing_and_own_numbers_full_marks(assignment: str) -> None:
    _, scores = _graded(assignment)
    full = _full(assignment)
    for part in DATA_PARTS[assignment]:
        assert scores["copier"][f"{part}-tests"] == 0, part
        assert scores["control"][f"{part}-tests"] == full[f"{part}-tests"], part
    untouched = {g for g in full if g.removesuffix("-tests") not in DATA_PARTS[assignment]}
    assert {g: scores["copier"][g] for g in untouched} == {g: full[g] for g in untouched}


@pytest.mark.slow
@pytest.mark.parametrize("assignment", VARIANTS)
def test_a_friends_id_is_graded_on_own_data_and_status_says_so(assignment: str) -> None:
    workspace, scores = _graded(assignment)
    assert scores["typo"] == _full(assignment)
    report = "\n".join(status_lines(workspace, assignment))
    line = next(ln for ln in report.splitlines() if "typo" in ln)
    assert "STUDENT_ID is 's02'" in line and "graded on typo's own data" in line
    assert not [ln for ln in report.splitlines() if "STUDENT_ID" in ln and "typo" not in ln]
