"""The allow-list of test messages: only words the test's author wrote are ever shown."""

from __future__ import annotations

from autograder.grade.result import Status, student_reason
from autograder.review.authored import cell_messages, match
from autograder.review.feedback import AuthoredCell, cell_checks

SOURCE = '''assert x > 0, "x should be positive: did you square it?"
assert x == 4, f"x should be 4 for the example; yours gave {x}."
assert y, f"{y}"
### BEGIN HIDDEN TESTS
for case, want in [(1, 2), (3, 6)]:
    assert double(case) == want, f"double({case}) should be {want}; got {double(case)}."
    raise AssertionError("the hidden check for negative numbers failed")
### END HIDDEN TESTS
'''


def _error(evalue: str, ename: str = "AssertionError") -> list[dict]:
    return [{"output_type": "error", "ename": ename, "evalue": evalue,
             "traceback": ["Cell In[3], line 1", "FRAME assert secret == 1"]}]


def test_the_messages_are_the_authors_words_with_values_left_out() -> None:
    found = {m.shown: m.hidden for m in cell_messages(SOURCE)}
    assert found == {
        "x should be positive: did you square it?": False,
        "x should be 4 for the example; yours gave ….": False,
        "double(…) should be …; got ….": True,
        "the hidden check for negative numbers failed": True,
    }  # f"{y}" has no words of its own, so it is not a message the author wrote


def test_a_run_time_message_is_shown_only_as_the_author_wrote_it() -> None:
    messages = cell_messages(SOURCE)
    hit = match(messages, "x should be 4 for the example; yours gave SECRET-PAYLOAD.")
    assert hit is not None and hit.shown == "x should be 4 for the example; yours gave …."
    assert match(messages, "x should be 4 for the example") is None  # not the whole shape
    assert match(messages, "assert double(3) == 6") is None


def test_a_failing_cell_reports_only_course_text() -> None:
    cell = AuthoredCell("Part 2", tuple(cell_messages(SOURCE)), has_hidden=True)
    hidden = cell_checks(_error("double(3) should be 6; got 5."), cell)
    assert [(c.label, c.passed, c.message) for c in hidden] == [
        ("Visible tests", True, ""),
        ("Hidden tests", False, "double(…) should be …; got ….")]
    forged = cell_checks(_error("assert secret == 1  # copied from the hidden test"), cell)
    assert [(c.label, c.passed, c.message) for c in forged] == [
        ("Tests", False, "a check in Part 2 did not pass")]
    named = cell_checks(_error("name 'double' is not defined", "NameError"), cell)
    assert "not defined" not in named[0].message and "Part 2" in named[0].message
    shaped = cell_checks(_error("", "E" + "61737365727420" * 8), cell)
    assert shaped[0].message == "a check in Part 2 did not pass"


def test_students_see_a_rejection_but_not_text_made_while_their_code_ran() -> None:
    assert student_reason(Status.REJECTED, "'hw.ipynb' is empty") == "'hw.ipynb' is empty"
    leaked = "grading stopped with an error: assert secret == 1 | sandbox said: ..."
    for status in (Status.FAILED, Status.TIMED_OUT):
        assert "secret" not in student_reason(status, leaked)
        assert student_reason(status, leaked)
