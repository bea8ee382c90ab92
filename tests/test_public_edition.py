"""The public edition: no answers in it, planted leaks refused, and it builds on its own.

The oracle for "no answers" is the test's own: it reads the source notebooks with nbformat,
takes the lines between nbgrader's default delimiters, and searches the exported files for
each with a plain substring search. It shares no code with the leak scanner.
"""

from __future__ import annotations

import html
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from autograder.cli import main
from autograder.release.leaks import LeakError, collect_secrets, scan_files
from autograder.release.public_edition import (
    PUBLIC_FILES,
    check_public_url,
    export_public_edition,
    public_pyproject,
    public_sources,
    public_toc,
    unlink_private_pages,
)
from autograder.release.students import release_all
from tests.conftest import REPO_ROOT, source_notebooks

PUBLIC_URL = "https://github.com/example-org/alliance-lab-public"
REGIONS = {"solution": ("### BEGIN SOLUTION", "### END SOLUTION"),
           "hidden": ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")}
# The oracle skips what carries no answer: short lines, imports, a bare return or raise,
# warning plumbing, and lines nbgrader itself releases (they are in the student notebook).
SHORT = 20
BOILERPLATE = ("import ", "from ", "return ", "raise ", "with warnings.", "warnings.",
               "with np.errstate")


def _secret_and_open_lines(notebook: Path) -> tuple[list[tuple[str, str]], str]:
    """((stripped line, "solution" or "hidden") inside the regions, the text outside them)."""
    secret, public = [], []
    for cell in nbformat.read(notebook, as_version=4).cells:
        kind = None
        answer_cell = cell.metadata.get("nbgrader", {}).get("solution", False)
        delimited = REGIONS["solution"][0] in cell.source
        for line in cell.source.splitlines():
            begins = [k for k, (begin, _) in REGIONS.items() if begin in line]
            if begins:
                kind = begins[0]
            elif kind and REGIONS[kind][1] in line:
                kind = None
            elif kind or (answer_cell and not delimited):
                secret.append((line.strip(), kind or "solution"))
            else:
                public.append(line)
    return secret, "\n".join(public)


def oracle_lines() -> dict[str, tuple[str, str]]:
    """Answer lines worth guarding -> (assignment, "solution" or "hidden")."""
    found, public = {}, []
    for notebook in source_notebooks():
        secret, open_text = _secret_and_open_lines(notebook)
        public.append(open_text)
        for line, kind in secret:
            found.setdefault(line, (notebook.parent.name, kind))
    released = "\n".join(public)
    return {line: origin for line, origin in found.items()
            if len(line) >= SHORT and not line.startswith(BOILERPLATE)
            and line not in released}


def _pick(assignment: str, kind: str) -> str:
    return next(line for line, origin in oracle_lines().items() if origin == (assignment, kind))


def exported_texts(folder: Path) -> dict[str, str]:
    """Every file's text (notebooks: their cells' sources and outputs joined; zips opened)."""
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        data = path.read_bytes()
        name = path.relative_to(folder).as_posix()
        members = [(name, data)]
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                members = [(f"{name}:{m}", zf.read(m)) for m in zf.namelist()]
        for member, raw in members:
            text = raw.decode("utf-8", errors="replace")
            if member.endswith(".ipynb"):
                nb = json.loads(text)
                text += "\n".join("".join(c["source"]) + json.dumps(c.get("outputs", []))
                                  for c in nb["cells"])
            texts[member] = text
    return texts


# ----------------------------------------------------------------- fast: the rules


def test_only_allow_listed_material_is_described_as_public() -> None:
    assert not [p for p in PUBLIC_FILES if p.startswith(("exercises", "tests", "autograder",
                                                         "_grading", "bench", ".github"))]
    assert "book/instructor-guide.md" not in PUBLIC_FILES


def test_a_file_no_entry_names_stays_private(tmp_path: Path) -> None:
    for name in ("chapters/11-new.md", "chapters/.ipynb_checkpoints/11-new-checkpoint.md",
                 "book/new-page.md", "book/instructor-guide.md", "alliance/measures/x.py",
                 "alliance/__pycache__/x.cpython-311.pyc", "alliance/templates/a.html.j2",
                 "notes/answers.md", "exercises/ex01/ex01.ipynb", "tests/mutations.py",
                 ".binder/requirements.txt", ".binder/.secret"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert public_sources(tmp_path) == [".binder/requirements.txt", "alliance/measures/x.py",
                                        "alliance/templates/a.html.j2", "chapters/11-new.md"]


def test_a_model_answer_is_found_in_rendered_html() -> None:
    answer = next(s for s in collect_secrets() if s.origin.startswith("model answer")
                  and len(s.text.split()) > 6)
    words = answer.text.split()
    # As Sphinx renders Markdown: tags between the words, entities for quotes and apostrophes,
    # the source's line kept as one line of the page, spacing changed.
    page = ("<html><body><p>Intro.</p>\n<p><em>" + " ".join(words[:3]) + "</em>   " +
            html.escape(" ".join(words[3:]), quote=True) + "</p>\n</body></html>")
    leaks = scan_files([("chapters/x.html", page.encode())])
    assert [(leak.file, leak.where, leak.secret.assignment) for leak in leaks] == [
        ("chapters/x.html", "line 2", answer.assignment)]
    leaks = scan_files([("site.zip", _zipped("book/x.html", f"<p>{answer.text}</p>"))])
    assert [leak.file for leak in leaks] == ["site.zip:book/x.html"]


def _zipped(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(name, text)
    return buffer.getvalue()


def test_public_toc_and_links_drop_the_instructor_guide() -> None:
    pages = {"book/index", "book/learner-guide", "chapters/00-what-is-the-alliance"}
    toc = yaml.safe_load(public_toc(
        "root: book/index\nparts:\n- caption: Start\n  chapters:\n  - file: book/learner-guide\n"
        "  - file: book/instructor-guide\n- caption: Only private\n  chapters:\n"
        "  - file: book/instructor-guide\n", pages))
    assert toc["parts"] == [{"caption": "Start", "chapters": [{"file": "book/learner-guide"}]}]
    text = unlink_private_pages("See the {doc}`instructor-guide` and {doc}`the guide "
                                "<learner-guide>`, or [how to grade](../book/instructor-guide.md).",
                                "book/index", pages)
    assert "instructor-guide" not in text and "{doc}`the guide <learner-guide>`" in text
    assert "how to grade" in text and "private instructor edition" in text
    with pytest.raises(ValueError, match="chapters/99-secret"):
        unlink_private_pages("{doc}`99-secret`", "chapters/00-what-is-the-alliance", pages)


def test_public_pyproject_has_no_toolchain() -> None:
    text = public_pyproject((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "autograder" not in text and "nbgrader" not in text and "alliance-course" not in text
    assert '"alliance", "alliance.*"' in text


@pytest.mark.parametrize("url", ["http://github.com/a/b", "https://gitlab.com/a/b",
                                 "https://github.com/only-owner", "alliance-lab"])
def test_a_public_url_binder_cannot_use_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="public GitHub repository"):
        check_public_url(url)
    assert check_public_url(PUBLIC_URL + "/") == PUBLIC_URL


def test_leaks_command_names_a_planted_model_answer(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    line, (assignment, _) = next(iter(oracle_lines().items()))
    (tmp_path / "notes.md").write_text(f"# Notes\n\nSomething.\n   {line}\n", encoding="utf-8")
    (tmp_path / "clean.md").write_text("# Nothing to see\n", encoding="utf-8")
    assert main(["leaks", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "notes.md, line 4" in err and assignment in err and "clean.md" not in err
    (tmp_path / "notes.md").unlink()
    assert main(["leaks", str(tmp_path)]) == 0


# ----------------------------------------------------------------- slow: real exports


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("public") / "alliance-lab-public"
    start = time.perf_counter()
    result = export_public_edition(dest, PUBLIC_URL)
    print(f"\nexport: {result.files} files, {result.size / 1e6:.2f} MB, "
          f"{time.perf_counter() - start:.0f} s")
    return dest


@pytest.mark.slow
def test_no_answer_line_is_in_the_edition(edition: Path) -> None:
    lines = oracle_lines()
    assert len(lines) > 100  # the oracle really looks for something
    texts = exported_texts(edition)
    found = [f"{name}: {line} ({origin})" for line, origin in lines.items()
             for name, text in texts.items() if line in text]
    assert not found, "\n".join(found[:20])


@pytest.mark.slow
def test_edition_holds_what_a_learner_needs_and_no_private_file(edition: Path) -> None:
    files = {p.relative_to(edition).as_posix() for p in edition.rglob("*")
             if p.is_file() and ".git" not in p.parts}
    for needed in ("README.md", "Makefile", "_config.yml", "_toc.yml", "pyproject.toml",
                   ".binder/requirements.txt", "book/index.md", "alliance/__init__.py",
                   "datasets/wai_sr_responses.csv"):
        assert needed in files, needed
    assert {f for f in files if f.startswith(("tests/", "autograder/", "_grading/", "bench/",
                                               ".github/", ".ci/"))} == set()
    assert "book/instructor-guide.md" not in files
    config = yaml.safe_load((edition / "_config.yml").read_text())
    assert config["repository"]["url"] == PUBLIC_URL
    toc = (edition / "_toc.yml").read_text()
    assert "instructor-guide" not in toc and "learner-guide" in toc
    assert "git@" not in (edition / "README.md").read_text() and PUBLIC_URL in (
        edition / "README.md").read_text()
    log = subprocess.run(["git", "-C", str(edition), "status", "--porcelain"],
                         capture_output=True, text=True, check=True)
    assert log.stdout == ""  # committed: ready to push


@pytest.mark.slow
def test_released_notebooks_equal_the_release_command(edition: Path, tmp_path: Path) -> None:
    release_all(release_dir=tmp_path, variants=False)  # learners use the class data sets
    expected = {p.relative_to(tmp_path).as_posix(): p for p in tmp_path.glob("*/*")}
    exported = {p.relative_to(edition / "exercises").as_posix(): p
                for p in (edition / "exercises").glob("*/*")}
    assert sorted(exported) == sorted(expected)
    for name, path in expected.items():
        assert exported[name].read_bytes() == path.read_bytes(), name


@pytest.mark.slow
def test_planted_leaks_are_caught_and_nothing_is_written(tmp_path: Path) -> None:
    # A copy of the instructor edition's public files, with answers planted in three places.
    root = tmp_path / "instructor"
    for pattern in (*PUBLIC_FILES, "_config.yml", "_toc.yml", "pyproject.toml"):
        for path in REPO_ROOT.glob(pattern):
            if path.is_file():
                target = root / path.relative_to(REPO_ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    pasted, hidden_line = _pick("ex01-wai-sr", "solution"), _pick("ex02-srs-ors", "hidden")
    chapter = root / "chapters" / "02-bordin.md"
    chapter.write_text(chapter.read_text() + f"\n```python\n{pasted}\n```\n")
    notes = root / "datasets" / "srs_ors_sessions.md"
    notes.write_text(notes.read_text() + f"\nA check we run: `{hidden_line}`\n")
    source = REPO_ROOT / "exercises" / "ex03-haq-reliability" / "ex03-haq-reliability.ipynb"
    shutil.copy(source, root / "book" / "_static" / "answers.ipynb")
    with zipfile.ZipFile(root / "book" / "_static" / "handout.zip", "w") as zf:
        zf.write(REPO_ROOT / "exercises" / "ex05-meta-analysis" / "ex05-meta-analysis.ipynb",
                 "ex05/ex05-meta-analysis.ipynb")

    dest = tmp_path / "public"
    with pytest.raises(LeakError) as refused:
        export_public_edition(dest, PUBLIC_URL, root=root)
    named = {leak.file: leak for leak in refused.value.leaks}
    assert set(named) == {"chapters/02-bordin.md", "datasets/srs_ors_sessions.md",
                          "book/_static/answers.ipynb",
                          "book/_static/handout.zip:ex05/ex05-meta-analysis.ipynb"}
    assert named["chapters/02-bordin.md"].secret.assignment == "ex01-wai-sr"
    assert named["datasets/srs_ors_sessions.md"].secret.assignment == "ex02-srs-ors"
    assert named["datasets/srs_ors_sessions.md"].secret.origin.startswith("hidden test")
    message = str(refused.value)
    assert "\n" not in message and "line" in message and "ex0" in message
    assert not dest.exists()  # nothing was written


@pytest.mark.slow
def test_edition_builds_strictly_on_its_own(edition: Path, tmp_path: Path) -> None:
    """``make book`` in a copy of the edition, with the instructor edition hidden (bubblewrap
    mounts an empty folder over it) and no network; only the Python environment is shared."""
    build = tmp_path / "edition"
    shutil.copytree(edition, build, ignore=shutil.ignore_patterns(".git"))
    venv = Path(sys.prefix)
    command = ["bwrap", "--dev-bind", "/", "/", "--tmpfs", str(REPO_ROOT),
               "--ro-bind", str(venv), str(venv), "--unshare-net", "--die-with-parent",
               "--chdir", str(build), "make", "book", f"PYTHON_ENV={venv}"]
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ALLIANCE_HTML_DIR")}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    print(f"\nmake book in the public edition: {time.perf_counter() - start:.0f} s "
          f"(site in {build / '_build' / 'html'})")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    html = build / "_build" / "html"
    assert (html / "chapters" / "02-bordin.html").is_file()
    assert not (html / "book" / "instructor-guide.html").exists()
    chapter = (html / "chapters" / "02-bordin.html").read_text()
    assert "mybinder.org/v2/gh/example-org/alliance-lab-public" in chapter
    released = sorted(p.name for p in (build / "_build" / "release").iterdir())
    assert released == sorted(p.name for p in (edition / "exercises").iterdir())
    assert main(["leaks", str(html)]) == 0
