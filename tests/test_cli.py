"""The instructor's command line: its commands and options, and plain errors."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.cli import build_parser


def _course(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "autograder", *args],
                          capture_output=True, text=True, check=False)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_step_of_the_round_is_a_command_with_its_own_handler() -> None:
    commands = _subcommands(build_parser())
    assert set(commands) == {"release", "grade", "status", "manual", "feedback", "export",
                             "sample-class", "public", "leaks", "similarity", "late", "report",
                             "variant"}
    handlers = {name: sub.get_default("func") for name, sub in commands.items()}
    assert all(callable(h) for h in handlers.values())
    assert len(set(handlers.values())) == len(handlers)  # each runs its own step


@pytest.mark.parametrize(("argv", "expected"), [
    (["grade", "ex00", "class.zip", "--scheduler", "tcp://head:8786"],
     {"scheduler": "tcp://head:8786", "workers": None, "assignment": "ex00"}),
    (["grade", "ex00", "class.zip", "--workers", "4", "--roster", "r.csv"],
     {"workers": 4, "scheduler": None}),
    (["export", "ex00", "--format", "canvas", "--lms-name", "Orientation", "--lms-id", "7"],
     {"format": "canvas", "lms_name": "Orientation", "lms_id": "7", "missing_zero": False}),
    (["manual", "ex00", "--import", "grades.csv"], {"import_file": "grades.csv"}),
    (["public", "../public", "--public-url", "https://github.com/org/course"],
     {"dest": "../public", "public_url": "https://github.com/org/course"}),
    (["leaks", "_build/html", "extra.zip"], {"paths": ["_build/html", "extra.zip"]}),
    (["similarity", "ex00", "--threshold", "0.45", "--out", "/tmp/sim"],
     {"assignment": "ex00", "threshold": 0.45, "out": "/tmp/sim"}),
    (["similarity", "ex00"], {"threshold": None, "out": None}),
    (["report", "ex00", "--out", "/tmp/r"], {"assignment": "ex00", "out": "/tmp/r"}),
    (["grade", "ex00", "class.zip", "--extensions", "ext.csv", "--late-override", "ana=on-time",
      "--late-override", "ben=2027-02-02 14:00"],
     {"extensions": Path("ext.csv"), "late_override": ["ana=on-time", "ben=2027-02-02 14:00"]}),
    (["late", "ex00", "--late-override", "ana=late"], {"late_override": ["ana=late"],
                                                        "extensions": None}),
    (["variant", "ex01", "jlee7", "kim2", "--out", "/tmp/v"],
     {"assignment": "ex01", "students": ["jlee7", "kim2"], "out": "/tmp/v"}),
])
def test_options_reach_the_commands(argv: list[str], expected: dict) -> None:
    args = build_parser().parse_args(argv)
    assert {k: getattr(args, k) for k in expected} == expected


def test_help_runs_and_a_bad_option_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert _course("--help").returncode == 0
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["grade", "ex00", "class.zip", "--workers", "many"])
    assert stop.value.code == 2 and "--workers" in capsys.readouterr().err


def test_unknown_assignment_is_named_in_one_line() -> None:
    result = _course("release", "ex99-nothing")
    assert result.returncode == 1
    assert "ex99-nothing" in result.stderr and "ex00-orientation" in result.stderr
