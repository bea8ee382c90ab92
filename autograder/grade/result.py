"""What grading one submission produced: a typed value, built in one place.

A task returns a :class:`GradeResult`; the coordinator merges it into the gradebook and keeps
its status, reason, notes and incidents in the grading log. ``reason`` is for the instructor;
:func:`student_reason` is what a student's feedback page may say about it.
"""

from __future__ import annotations

import enum
import typing as t
from dataclasses import asdict, dataclass, field


class Status(str, enum.Enum):
    """How grading one submission ended."""

    GRADED = "graded"        # the notebook ran and every part has a score
    REJECTED = "rejected"    # the files handed in cannot be graded as this assignment
    FAILED = "failed"        # grading itself stopped with an error
    TIMED_OUT = "timed out"  # the whole submission ran past its overall time limit

    @classmethod
    def of_record(cls, value: str) -> Status:
        """The status kept in a grading log (older logs wrote "error" for FAILED)."""
        return cls.FAILED if value == "error" else cls(value)


@dataclass
class GradeResult:
    """One submission's outcome: graded notebooks (JSON text) and nbgrader's grade records."""

    assignment: str
    student: str
    status: Status
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    events: list[dict[str, str]] = field(default_factory=list)
    notebooks: dict[str, str] = field(default_factory=dict)
    grades: list[dict[str, t.Any]] = field(default_factory=list)
    comments: list[dict[str, t.Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the submission was graded."""
        return self.status is Status.GRADED

    def as_dict(self) -> dict[str, t.Any]:
        """Plain values, for logs and tests."""
        return {**asdict(self), "status": self.status.value}


@dataclass(frozen=True)
class Incident:
    """How one kind of incident (written by ``SafeExecute``) is told, in the course's words."""

    short: str          # the instructor's status list
    student: str        # a student's page: what their cell did
    in_tests: str = ""  # a student's page: when it stopped a test cell


INCIDENTS = {
    "CellTimeoutError": Incident(
        "ran too long", "did not finish in time (an endless loop?) and was stopped",
        "the tests did not finish in time (an endless loop?)"),
    "KernelDied": Incident(
        "stopped the kernel", "stopped Python (a crash, or too much memory); the cells after "
        "it were run afresh, without what came before",
        "Python stopped while running the tests (a crash, or too much memory)"),
    "OutputLimit": Incident(
        "printed too much", "printed far too much; the extra output was dropped"),
    "TimeLimit": Incident(
        "ran out of time", "was not run: your notebook had used up its time",
        "the tests were not run: the notebook used up its time"),
}


# What a student may read about a submission that was not graded. A rejection's reason is
# written by intake from the file as handed in (before any of the student's code ran); every
# other reason can hold text produced while the student's code ran, so it is never shown.
_FOR_STUDENTS = {
    Status.FAILED: "grading stopped with an error that was not caused by your answers",
    Status.TIMED_OUT: "your notebook ran past the time allowed for the whole assignment",
}


def student_reason(status: Status, reason: str) -> str:
    """The reason a student's feedback page gives for a submission that was not graded."""
    if status is Status.REJECTED:
        return reason
    return _FOR_STUDENTS.get(status, "")
