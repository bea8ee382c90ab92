"""Feedback pages never show a hidden test or a solution, whatever the student's code does.

Two kinds of proof:

- for every assignment, a small class (right, partly right, wrong, blank, and a student who
  hands in the instructor's own source notebook: the run shared with the agreement tests,
  :mod:`tests.class_grading`) is graded and every page is searched for any line of a hidden
  test, a solution region or a rubric;
- a class of exfiltrating students, each carrying ex00's hidden tests out through a different
  channel (encoded, compressed, reversed, split over cells, forged tracebacks, patched hooks,
  the ``__str__`` of their own objects, printed output, exception class names). For each one
  the test first decodes the hidden test from the instructor's graded notebook (so the channel
  really carried it), then shows that the student's page carries none of it.

The hidden lines are found here by plain text search of the source notebook (the oracle), not
by the toolchain's own code.
"""

from __future__ import annotations

import base64
import codecs
import html
import json
import re
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.assignment import load_assignment
from autograder.grade.coordinator import grade_class
from autograder.grade.sandbox import Limits
from autograder.release.sample_class import answered
from autograder.review.feedback import write_feedback
from autograder.settings import COURSE_ID, gradebook_url
from autograder.workspace import EXERCISES_DIR, assignment_ids
from tests.class_grading import graded_class

# Grades for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

LIMITS = Limits(cell_timeout=20, submission_timeout=90)
A = "ex00-orientation"


def _between(source: str, begin: str, end: str) -> list[str]:
    blocks = re.findall(rf"{re.escape(begin)}[^\n]*\n(.*?){re.escape(end)}", source, re.S)
    return [ln.strip() for block in blocks for ln in block.splitlines()]


def _secrets(assignment: str) -> set[str]:
    """Every substantial line of the hidden tests, solutions and rubrics of an assignment."""
    lines: set[str] = set()
    for path in (EXERCISES_DIR / assignment).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for begin, end in (("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
                               ("BEGIN SOLUTION", "END SOLUTION")):
                lines.update(ln for ln in _between(cell.source, begin, end) if len(ln) >= 16)
    return lines


def _page_text(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text()))


@pytest.mark.parametrize("assignment", assignment_ids())
def test_feedback_never_shows_hidden_tests_or_solutions(assignment: str,
                                                        tmp_path: Path) -> None:
    run = graded_class(assignment)
    workspace = tmp_path / "workspace"  # a copy: the shared run stays as grade left it
    shutil.copytree(run.workspace, workspace)
    info = load_assignment(assignment)
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:  # a grader's comments too
        for sub in gb.assignment_submissions(assignment):
            for part in info.manual_parts:
                grade = gb.find_grade(part.grade_id, part.notebook, assignment, sub.student.id)
                grade.manual_score = part.points / 2
                comment = gb.find_comment(part.grade_id, part.notebook, assignment,
                                          sub.student.id)
                comment.manual_comment = "See the rubric in class."
        gb.db.commit()
    pages = write_feedback(workspace, assignment)
    assert len(pages) == len(run.summary.graded) == 5
    secrets = _secrets(assignment)
    assert secrets, "every assignment has solutions"
    for page in pages:
        text = _page_text(page)
        leaked = sorted(line for line in secrets if line in text)
        assert not leaked, f"{page.name} shows: {leaked[:3]}"
        assert "Traceback" not in text and "BEGIN HIDDEN" not in text
        assert "<script" not in page.read_text() and "http" not in text


# -- exfiltration ---------------------------------------------------------------------------
# Each attack replaces ex00's Part 2 answer (``besd``, which the tests call). When the running
# cell holds hidden tests, it takes the cell's source from IPython and pushes it out.

_GRAB = '''
def _src():
    cell = get_ipython().user_ns["In"][-1]
    return cell if "HIDDEN" in cell else ""
'''
_OK = "    return (0.5 + r / 2, 0.5 - r / 2)\n"

ATTACKS: dict[str, tuple[str, Callable[[str], str]]] = {
    # name: (answer cell source, decoder of whatever text the channel carried)
    "base64-assertion": (_GRAB + '''
import base64
def besd(r):
    if _src():
        raise AssertionError("B64" + base64.b64encode(_src().encode()).decode() + "B64")
''' + _OK, lambda t: "".join(base64.b64decode(m).decode(errors="ignore")
                             for m in re.findall(r"B64([A-Za-z0-9+/=]{40,})B64", t))),
    "zlib-base85-valueerror": (_GRAB + '''
import base64, zlib
def besd(r):
    if _src():
        raise ValueError("Z85" + base64.b85encode(zlib.compress(_src().encode())).decode() + "Z85")
''' + _OK, lambda t: "".join(_try(lambda m=m: zlib.decompress(base64.b85decode(m)).decode())
                             for m in re.findall(r"Z85(.{20,}?)Z85", t))),
    "reversed-rot13": (_GRAB + '''
import codecs
def besd(r):
    if _src():
        raise AssertionError(codecs.encode(_src()[::-1], "rot13"))
''' + _OK, lambda t: codecs.decode(t, "rot13")[::-1]),
    # The f-string message "besd(0.2) should be (0.6, 0.4); yours gave {result}." is the
    # author's: the student's object fits it, and its __str__ carries the hidden test in hex.
    "authored-fstring-str": (_GRAB + '''
class _Loud(tuple):
    def __str__(self):
        return "HEX" + _src().encode().hex() + "HEX"
    __repr__ = __format__ = lambda self, *a: self.__str__()
def besd(r):
    if _src():
        return _Loud((0.1, 0.9))
''' + _OK, lambda t: "".join(_try(lambda m=m: bytes.fromhex(m).decode())
                             for m in re.findall(r"HEX([0-9a-f]{40,})HEX", t))),
    # Spread over several messages: each call of besd raises the next slice of the source;
    # a custom handler replaces the test's own error by all the slices collected so far.
    "split-custom-handler": (_GRAB + '''
_parts = []
def _handler(shell, etype, value, tb, tb_offset=None):
    shell.showtraceback((AssertionError, AssertionError("|".join(_parts)), tb))
get_ipython().set_custom_exc((BaseException,), _handler)
def besd(r):
    if _src():
        s = _src()
        _parts.extend(s[i:i + 30] for i in range(0, len(s), 30))
        raise AssertionError("x")
''' + _OK, lambda t: t.replace("|", "")),
    # A forged traceback: IPython's formatter is patched to print the source as "frames".
    "forged-traceback": (_GRAB + '''
import IPython.core.ultratb as _tb
_orig = _tb.AutoFormattedTB.structured_traceback
def _forged(self, *a, **k):
    src = get_ipython().user_ns["In"][-1]
    return ["Cell In[3], line 9"] + ["FRAME " + ln for ln in src.splitlines()]
_tb.AutoFormattedTB.structured_traceback = _forged
_tb.VerboseTB.structured_traceback = _forged
def besd(r):
    if _src():
        raise AssertionError("besd(0.2) should be (0.6, 0.4); yours gave FORGED.")
''' + _OK, lambda t: "\n".join(m.strip() for m in re.findall(r"FRAME ([^\n\\\\\"]*)", t))),
    # Printed output and a display hook: the test cell's outputs carry the source.
    "stdout-and-display": (_GRAB + '''
import sys
from IPython.display import display
def besd(r):
    if _src():
        print("OUT" + _src())
        display({"text/plain": "DISP" + _src()}, raw=True)
        raise AssertionError("x")
''' + _OK, lambda t: t),
    # The exception's class name (ename) is the payload, hex-encoded.
    "exception-class-name": (_GRAB + '''
def besd(r):
    if _src():
        hidden = _src()[_src().index("HIDDEN"):]
        raise type("E" + hidden.encode().hex(), (Exception,), {})("")
''' + _OK, lambda t: "".join(_try(lambda m=m: bytes.fromhex(m).decode(errors="ignore"))
                             for m in re.findall(r"E([0-9a-f]{40,})", t))),
    # The error message names a hidden-test line through sys.excepthook and a SystemExit.
    "excepthook-systemexit": (_GRAB + '''
import sys
def besd(r):
    if _src():
        sys.excepthook = lambda *a: print(_src())
        raise SystemExit(_src())
''' + _OK, lambda t: t),
}


def _try(decode: Callable[[], str]) -> str:
    try:
        return decode()
    except Exception:  # noqa: BLE001 (a fragment that does not decode carries nothing)
        return ""


def _recovered(decoded: str, secrets: set[str]) -> set[str]:
    flat = re.sub(r"\\n|\s+", "", decoded)
    return {s for s in secrets if re.sub(r"\s+", "", s) in flat}


@pytest.fixture(scope="module")
def exfiltrators(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("exfiltration")
    info = load_assignment(A)
    right = nbformat.reads(answered(info, "right")[A].decode(), as_version=4)
    for name, (source, _) in ATTACKS.items():
        nb = nbformat.from_dict(right)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "part2-answer":
                cell.source = source
        (tmp / "class" / name).mkdir(parents=True)
        nbformat.write(nb, tmp / "class" / name / f"{A}.ipynb")
    honest = {"honest-hidden": ("part2-answer", 'def besd(r):\n    if r == 0.2:\n'
                                "        return (0.6, 0.4)\n    return (0.5, 0.5)\n"),
              "honest-visible": ("part1-answer", 'pooled_r = "0.278"\n')}
    for name, (grade_id, source) in honest.items():
        nb = nbformat.from_dict(right)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                cell.source = source
        (tmp / "class" / name).mkdir(parents=True)
        nbformat.write(nb, tmp / "class" / name / f"{A}.ipynb")
    workspace = tmp / "workspace"
    workspace.mkdir()
    grade_class(A, tmp / "class", workers=2, limits=LIMITS, workspace=workspace,
                progress=False)
    pages = {p.stem: p for p in write_feedback(workspace, A)}
    # What the kernel produced (outputs only: the test cells' own sources are not evidence).
    graded = {s: json.dumps([c.get("outputs", []) for c in nbformat.read(
        workspace / "autograded" / s / A / f"{A}.ipynb", as_version=4).cells]) for s in pages}
    return {"pages": pages, "graded": graded, "secrets": _secrets(A)}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_exfiltration_attempt_carries_nothing_into_feedback(exfiltrators: dict,
                                                               attack: str) -> None:
    decode = ATTACKS[attack][1]
    secrets = exfiltrators["secrets"]
    # The instructor's graded notebook (JSON, as nbgrader keeps it) shows the channel worked.
    carried = _recovered(decode(exfiltrators["graded"][attack].replace("\\n", "\n")), secrets)
    assert carried, f"{attack} did not manage to carry the hidden tests out of the kernel"
    page = exfiltrators["pages"][attack].read_text()
    text = _page_text(exfiltrators["pages"][attack])
    assert not _recovered(decode(text), secrets), f"{attack}: {text}"
    assert not _recovered(decode(page), secrets), f"{attack}: the page's HTML carries it"
    assert not [line for line in secrets if line in text]
    assert "Part 2" in text or "besd" in text  # the page still says which part failed
    assert "Total:" in text


def test_honest_students_see_the_hints_they_earned(exfiltrators: dict) -> None:
    hidden = _page_text(exfiltrators["pages"]["honest-hidden"])
    # The hidden test's own words; the values it computed at run time are shown as "…".
    assert "Hidden tests did not pass: besd(…) should be …; got …." in hidden
    assert "Visible tests passed" in hidden
    visible = _page_text(exfiltrators["pages"]["honest-visible"])
    assert ("Visible tests did not pass: pooled_r should be a decimal number such as 0.5, not "
            "text or a list.") in visible
    assert "Hidden tests not run: a visible check failed first" in visible
    right = _page_text(exfiltrators["pages"]["authored-fstring-str"])
    assert "Visible tests did not pass: besd(0.2) should be (0.6, 0.4); yours gave …." in right
