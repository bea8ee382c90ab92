"""Mutation tests: every plausible wrong answer loses points on its own part, and only there.

The wrong answers live in ``tests/mutations.py``. Each is the reference solution with one
answer cell replaced; all of an assignment's mutants are graded as students in the same real
``nbgrader autograde`` run (``tests/exercise_grading.py``).
"""

from __future__ import annotations

import pytest

from tests.exercise_grading import assignments_in_session, graded, prefetch
from tests.mutations import MUTATIONS, Mutation

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow

HONEST = [m for m in MUTATIONS if not m.cheat]
CHEATS = [m for m in MUTATIONS if m.cheat]


@pytest.fixture(scope="module", autouse=True)
def _queue_grading(request: pytest.FixtureRequest) -> None:
    prefetch(assignments_in_session(request.session))


def _scores(mutation: Mutation) -> tuple[dict[str, float], dict[str, float]]:
    result = graded(mutation.assignment)
    got = {gid: result.scores[mutation.student][gid] for gid in result.auto_points}
    return got, result.auto_points


@pytest.mark.parametrize("mutation", HONEST, ids=lambda m: m.id)
def test_wrong_answer_loses_points_on_its_part_only(mutation: Mutation) -> None:
    got, full = _scores(mutation)
    target = f"{mutation.part}-tests"
    assert target in full, f"{mutation.id}: no test cell {target}"
    assert got[target] < full[target], f"{mutation.id} was not caught: it kept {got[target]} points"
    others = {gid: (got[gid], pts) for gid, pts in full.items()
              if gid != target and got[gid] != pts}
    assert not others, f"{mutation.id} also lost points on other parts (got, full): {others}"


@pytest.mark.parametrize("mutation", CHEATS, ids=lambda m: m.id)
def test_answer_borrowed_from_the_course_library_earns_nothing(mutation: Mutation) -> None:
    got, full = _scores(mutation)
    assert got[f"{mutation.part}-tests"] == 0, f"{mutation.id} earned points"


def test_every_autograded_part_has_at_least_two_wrong_answers() -> None:
    import nbformat

    from tests.conftest import assignment_ids
    from tests.exercise_grading import graded_cells, notebook_path

    for assignment in assignment_ids():
        auto, _ = graded_cells(nbformat.read(notebook_path(assignment), as_version=4))
        for gid in auto:
            part = gid.removesuffix("-tests")
            n = sum(1 for m in HONEST if m.assignment == assignment and m.part == part)
            assert n >= 2, f"{assignment} {part} has {n} mutation(s); write at least two"
