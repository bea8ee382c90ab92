"""``alliance-course``: the instructor's command line for Alliance Lab."""

from __future__ import annotations

import argparse
import sys

from autograder.release import ReleaseError, release_all

# Commands a later part of the toolchain fills in; until then they say so plainly.
_NOT_YET = {
    "grade": "grade a class's submissions (a folder or an LMS download zip)",
    "status": "show who was graded, who failed and why, who is missing or late",
    "manual": "grade the written answers (formgrader or a spreadsheet)",
    "feedback": "write one feedback page per student",
    "export": "export grades for Canvas, Moodle or as CSV",
}


def _cmd_release(args: argparse.Namespace) -> int:
    try:
        zips = release_all(args.assignments or None)
    except ReleaseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for archive in zips:
        print(f"released {archive.stem}: {archive.with_suffix('')}/  (LMS upload: {archive})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for ``alliance-course``."""
    parser = argparse.ArgumentParser(
        prog="alliance-course",
        description="Release, grade and return Alliance Lab assignments (built on nbgrader).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    release = sub.add_parser("release", help="student versions of assignments, plus LMS zips")
    release.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                         help="assignment ids (default: every assignment in exercises/)")
    release.set_defaults(func=_cmd_release)
    for name, summary in _NOT_YET.items():
        stub = sub.add_parser(name, help=f"{summary} (not yet available)")
        stub.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        stub.set_defaults(func=lambda a, n=name: _not_yet(n))
    return parser


def _not_yet(name: str) -> int:
    print(f"'alliance-course {name}' is not yet available in this version of the course.",
          file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
