"""Every assignment, graded with real nbgrader: the solution earns full marks, the blank zero."""

from __future__ import annotations

import pytest

from tests.conftest import assignment_ids
from tests.exercise_grading import BLANK, SOLUTION, assignments_in_session, graded, prefetch

# Grades, builds or executes for real: the full suite (make test), not the fast tier.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _queue_grading(request: pytest.FixtureRequest) -> None:
    prefetch(assignments_in_session(request.session))


@pytest.mark.parametrize("assignment", assignment_ids())
def test_reference_solution_earns_every_autograded_point(assignment: str) -> None:
    result = graded(assignment)
    assert result.auto_points, f"{assignment} has no autograded test cell"
    got = {gid: result.scores[SOLUTION][gid] for gid in result.auto_points}
    assert got == result.auto_points, (
        f"{assignment}: the solution lost points:\n{result.log[-3000:]}")


@pytest.mark.parametrize("assignment", assignment_ids())
def test_released_blank_earns_nothing(assignment: str) -> None:
    result = graded(assignment)
    assert result.manual_points, f"{assignment} has no manually graded answer"
    lost = {gid: s for gid, s in result.scores[BLANK].items() if s != 0}
    assert not lost, f"{assignment}: the blank notebook earned points in {lost}"
    assert result.total(BLANK) == 0
