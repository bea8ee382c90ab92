"""``alliance-course``: the instructor's command line for Alliance Lab."""

from __future__ import annotations

import argparse
import sys
import typing as t
from pathlib import Path

from autograder.release.students import ReleaseError, release_all

if t.TYPE_CHECKING:
    from autograder.grade.late import Applied

EXAMPLES = """\
A grading round, from the LMS download to the LMS upload:
  alliance-course release ex00-orientation
  alliance-course grade ex00-orientation submissions.zip --roster roster.csv
  alliance-course status ex00-orientation
  alliance-course manual ex00-orientation --export
  alliance-course manual ex00-orientation --import manual-grades.csv
  alliance-course feedback ex00-orientation
  alliance-course similarity ex00-orientation
  alliance-course export ex00-orientation --format canvas

One student's own data set (assignments with per-student data):
  alliance-course variant ex01-wai-sr jlee7

The public edition (no solutions, hidden tests or model answers), for students and Binder:
  alliance-course public ../alliance-lab-public --public-url https://github.com/org/repo
"""


def _cmd_release(args: argparse.Namespace) -> int:
    try:
        zips = release_all(args.assignments or None)
    except ReleaseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for archive in zips:
        print(f"released {archive.stem}: {archive.with_suffix('')}/  (LMS upload: {archive})")
    return 0


def _cmd_grade(args: argparse.Namespace) -> int:
    from autograder.grade.executors import start_local_workers
    from autograder.settings import settings

    conf = settings()
    if not (conf.scheduler if args.scheduler is None else args.scheduler):
        start_local_workers()  # their start-up overlaps the imports below
    from autograder.grade.coordinator import grade_class
    from autograder.grade.sandbox import Limits

    limits = Limits(cell_timeout=args.cell_timeout or conf.cell_timeout,
                    submission_timeout=args.time_limit or conf.submission_timeout,
                    memory=args.memory * 1024 * 1024)
    if args.unsafe:
        print("WARNING: --unsafe: students' code runs WITHOUT the sandbox. It can read the "
              "solutions and the gradebook. Use only for code you trust.", file=sys.stderr)
    summary = grade_class(args.assignment, Path(args.submissions), roster_file=args.roster,
                          workers=args.workers, scheduler=args.scheduler, unsafe=args.unsafe,
                          force=args.force, limits=limits, progress=not args.quiet,
                          extensions=args.extensions, late_overrides=args.late_override)
    if summary.unmatched:
        print(f"not graded: {len(summary.unmatched)} file(s) belong to no student on the "
              "roster:", file=sys.stderr)
        for item in summary.unmatched:
            print(f"  {item.file}: {item.reason}", file=sys.stderr)
    print(f"{args.assignment}: graded {len(summary.graded)}, could not grade "
          f"{len(summary.failed)}, unchanged since the last run {len(summary.unchanged)} "
          f"({summary.seconds:.0f} s" + (f", {summary.where}" if summary.where else "") + ").")
    if summary.late is not None and summary.late.due is not None:
        _print_late(args.assignment, summary.late)
    print(f"See who got what, and why some failed: alliance-course status {args.assignment}")
    return 0


def _print_late(assignment: str, applied: Applied) -> None:
    late = [s for s, e in applied.students.items() if e["late"]]
    penalised = [s for s, e in applied.students.items() if e["penalty"]]
    print(f"{assignment}: due {applied.due:%Y-%m-%d %H:%M %Z}; {len(late)} late, "
          f"{len(penalised)} penalised (policy: {applied.policy}).")


def _cmd_late(args: argparse.Namespace) -> int:
    from autograder.grade.late import apply_late_work, policy_text
    from autograder.records import load_records, load_roster
    from autograder.settings import settings
    from autograder.workspace import workspace_dir

    workspace = workspace_dir()
    if not load_records(workspace, args.assignment)["students"]:
        raise ValueError(f"Nothing of {args.assignment} has been graded yet. Run: "
                         f"alliance-course grade {args.assignment} <submissions> first.")
    roster = load_roster(workspace)
    known = {p.student_id for p in roster.people} if roster else None
    applied = apply_late_work(workspace, args.assignment, extensions=args.extensions,
                              overrides=args.late_override, known=known)
    if applied.due is None:
        print(f"{args.assignment} has no due date (c.Grading.due_dates in "
              "nbgrader_config.py), so nothing is late.")
        return 0
    _print_late(args.assignment, applied)
    print(f"Policy: {policy_text(settings(workspace))}. See: alliance-course status "
          f"{args.assignment}")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from autograder.review.status import status_lines
    from autograder.workspace import workspace_dir

    print("\n".join(status_lines(workspace_dir(), args.assignment)))
    return 0


def _cmd_variant(args: argparse.Namespace) -> int:
    from alliance.data.variants import student_files
    from autograder.assignment import load_assignment
    from autograder.settings import settings
    from autograder.variants import VariantError, variant_config
    from autograder.workspace import workspace_dir

    try:
        config = variant_config(load_assignment(args.assignment), settings())
    except (ValueError, VariantError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if not config:
        print(f"error: {args.assignment} has no per-student data (it is not in "
              "Grading.variants): every student has the class data set.", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else workspace_dir() / "variants" / args.assignment
    out.mkdir(parents=True, exist_ok=True)
    for student in args.students:
        for name, data in student_files(config, student).items():
            (out / name).write_bytes(data)
            print(f"{student}: {out / name}")
    return 0


def _cmd_manual(args: argparse.Namespace) -> int:
    from autograder import manual
    from autograder.workspace import workspace_dir

    workspace = workspace_dir()
    if args.formgrader:
        return manual.open_formgrader(workspace)
    if args.import_file:
        count = manual.import_csv(workspace, args.assignment, Path(args.import_file))
        print(f"Imported {count} manual grade(s) into the gradebook.")
        from autograder.grade.late import apply_late_work

        apply_late_work(workspace, args.assignment)  # a late penalty follows the new total
        return 0
    if args.export or args.out:
        html, csv_path = manual.export_answers(workspace, args.assignment,
                                               Path(args.out) if args.out else None)
        print(f"Written answers with the rubric: {html}\nFill in the score and comment "
              f"columns of: {csv_path}\nThen run: alliance-course manual {args.assignment} "
              f"--import {csv_path}")
        return 0
    print(manual.formgrader_help(workspace, args.assignment))
    return 0


def _cmd_feedback(args: argparse.Namespace) -> int:
    from autograder.review.feedback import write_feedback
    from autograder.workspace import workspace_dir

    written = write_feedback(workspace_dir(), args.assignment)
    folder = written[0].parent if written else None
    print(f"Wrote {len(written)} feedback page(s)" + (f" in {folder}" if folder else "."))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from autograder.review.item_analysis import write_report
    from autograder.workspace import workspace_dir

    page, table, report = write_report(workspace_dir(), args.assignment,
                                       Path(args.out) if args.out else None)
    flagged = [f"{s.label} ({', '.join(s.flags)})" for s in report.parts if s.flags]
    print(f"{report.assignment}: {len(report.totals)} graded submission(s); flagged parts: "
          f"{'; '.join(flagged) or 'none'}.\nReport (instructor only): {page}\n"
          f"Per part, for a spreadsheet: {table}")
    return 0


def _cmd_similarity(args: argparse.Namespace) -> int:
    from autograder.review.similarity import DEFAULT_THRESHOLD, write_similarity
    from autograder.workspace import workspace_dir

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    page, table, pairs = write_similarity(workspace_dir(), args.assignment, threshold,
                                          Path(args.out) if args.out else None)
    above = [p for p in pairs if p.score >= threshold]
    print(f"{args.assignment}: {len(above)} pair(s) at or above the threshold "
          f"{threshold:g} (of {len(pairs)} compared). Similarity is a reason to look, not "
          f"proof.\nSide by side (instructor only): {page}\nEvery pair, ranked: {table}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from autograder.export.lms import export_grades
    from autograder.workspace import workspace_dir

    path = export_grades(workspace_dir(), args.assignment, args.format,
                         missing_zero=args.missing_zero,
                         out=Path(args.out) if args.out else None,
                         lms_name=args.lms_name, lms_id=args.lms_id)
    print(f"Grades for {args.format}: {path}")
    return 0


def _cmd_sample_class(args: argparse.Namespace) -> int:
    from autograder.release.sample_class import write_sample_class
    from autograder.workspace import workspace_dir

    zip_path, roster = write_sample_class(args.assignment, workspace_dir())
    print(f"Sample class (fictional students) for {args.assignment}:\n"
          f"  submissions, as Canvas downloads them: {zip_path}\n  roster: {roster}")
    return 0


def _cmd_public(args: argparse.Namespace) -> int:
    from autograder.release.leaks import LeakError
    from autograder.release.public_edition import export_public_edition

    try:
        edition = export_public_edition(Path(args.dest), args.public_url)
    except LeakError as err:
        for leak in err.leaks:
            print(f"leak: {leak.message()}", file=sys.stderr)
        print(f"error: nothing was written to {args.dest}: {len(err.leaks)} file(s) of the "
              "public edition hold answers (listed above). Take the answers out, or the files "
              "out of PUBLIC_FILES.", file=sys.stderr)
        return 1
    print(f"Public edition: {edition.folder} ({edition.files} files, "
          f"{edition.size / 1_000_000:.1f} MB, {len(edition.assignments)} released "
          f"assignments, no solution, hidden test or model answer found; "
          f"{edition.seconds:.0f} s).")
    if edition.commit:
        print(f"Committed as {edition.commit[:12]}. To publish it: git -C {edition.folder} "
              "push <public repository> main")
    return 0


def _cmd_leaks(args: argparse.Namespace) -> int:
    from autograder.release.leaks import collect_secrets, scan_tree

    secrets = collect_secrets()
    leaks = [leak for path in args.paths for leak in scan_tree(Path(path), secrets)]
    for leak in leaks:
        print(f"leak: {leak.message()}", file=sys.stderr)
    if not leaks:
        print(f"No solution, hidden test or model answer in {', '.join(args.paths)} "
              f"({len(secrets)} guarded lines).")
    return 1 if leaks else 0


def _late_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--extensions", type=Path, metavar="FILE.csv",
                        help="extensions: a CSV with student_id, due (the new due date) and "
                             "reason; kept in the workspace for later runs")
    parser.add_argument("--late-override", action="append", default=[],
                        metavar="STUDENT=on-time|late|TIME",
                        help="override one student's lateness (repeatable; kept): on-time, "
                             "late, or when it was handed in, e.g. 'ana=2027-02-02 14:00'")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for ``alliance-course``."""
    parser = argparse.ArgumentParser(
        prog="alliance-course",
        description="Release, grade and return Alliance Lab assignments (built on nbgrader).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    release = sub.add_parser("release", help="student versions of assignments, plus LMS zips")
    release.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                         help="assignment ids (default: every assignment in exercises/)")
    release.set_defaults(func=_cmd_release)

    grade = sub.add_parser("grade", help="grade a class's submissions (folder or LMS zip)")
    grade.add_argument("assignment", metavar="ASSIGNMENT")
    grade.add_argument("submissions", metavar="SUBMISSIONS",
                       help="a folder (<student>/<file>.ipynb or <student>.ipynb) or the zip "
                            "Canvas or Moodle downloads")
    grade.add_argument("--roster", type=Path, help="class list CSV (Canvas or Moodle export, "
                       "or student_id,name,email,...); kept for status and export")
    grade.add_argument("--workers", type=int, default=None,
                       help="processes grading at once on this computer (default: "
                            "c.Grading.workers in nbgrader_config.py, else one per CPU core)")
    grade.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="grade on a Dask cluster, e.g. tcp://grading-head:8786 (default: "
                            "c.Grading.scheduler in nbgrader_config.py; '' for this computer)")
    grade.add_argument("--force", action="store_true",
                       help="regrade everyone, even unchanged submissions")
    grade.add_argument("--unsafe", action="store_true",
                       help="grade without the bubblewrap sandbox (trusted code only)")
    grade.add_argument("--cell-timeout", type=int, default=None, metavar="SECONDS",
                       help="longest a cell may run when the reference solution's time is "
                            "not known (default: c.Grading.cell_timeout, 60)")
    grade.add_argument("--time-limit", type=int, default=None, metavar="SECONDS",
                       help="longest one submission may run in total (default: "
                            "c.Grading.submission_timeout, 300)")
    grade.add_argument("--memory", type=int, default=2048, metavar="MB",
                       help="memory a submission may use (default 2048)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    _late_arguments(grade)
    grade.set_defaults(func=_cmd_grade)

    late = sub.add_parser("late", help="apply the due date, extensions and late policy again "
                          "(after changing them, or grades in formgrader); nothing is regraded")
    late.add_argument("assignment", metavar="ASSIGNMENT")
    _late_arguments(late)
    late.set_defaults(func=_cmd_late)

    status = sub.add_parser("status", help="who was graded, who failed and why, who is missing")
    status.add_argument("assignment", metavar="ASSIGNMENT")
    status.set_defaults(func=_cmd_status)

    variant = sub.add_parser("variant", help="a student's own data set, exactly as their "
                             "notebook makes it (assignments with per-student data)")
    variant.add_argument("assignment", metavar="ASSIGNMENT")
    variant.add_argument("students", metavar="STUDENT", nargs="+",
                         help="student id(s), as on the roster")
    variant.add_argument("--out", metavar="DIR", help="where to write the files (default: "
                         "the grading workspace's variants/ASSIGNMENT folder)")
    variant.set_defaults(func=_cmd_variant)

    manual = sub.add_parser("manual", help="grade the written answers (formgrader or a "
                            "spreadsheet)")
    manual.add_argument("assignment", metavar="ASSIGNMENT")
    manual.add_argument("--export", action="store_true",
                        help="write the answers and rubric (HTML) and a CSV to fill in")
    manual.add_argument("--out", help="folder for --export (default: the workspace)")
    manual.add_argument("--formgrader", action="store_true",
                        help="open nbgrader's formgrader (JupyterLab) on the grading workspace")
    manual.add_argument("--import", dest="import_file", metavar="FILE.csv",
                        help="read the filled-in CSV back into the gradebook")
    manual.set_defaults(func=_cmd_manual)

    feedback = sub.add_parser("feedback", help="one feedback page (HTML) per student")
    feedback.add_argument("assignment", metavar="ASSIGNMENT")
    feedback.set_defaults(func=_cmd_feedback)

    report = sub.add_parser("report", help="what the round shows: scores, difficulty and "
                            "discrimination per part, commonest mistakes (instructor only)")
    report.add_argument("assignment", metavar="ASSIGNMENT")
    report.add_argument("--out", help="folder to write to (default: <workspace>/reports/)")
    report.set_defaults(func=_cmd_report)

    similarity = sub.add_parser("similarity", help="pairs of submissions with unusually "
                                "similar code or written answers, side by side (instructor only)")
    similarity.add_argument("assignment", metavar="ASSIGNMENT")
    similarity.add_argument("--threshold", type=float, default=None, metavar="X",
                            help="list pairs whose code or written score is at least X, "
                                 "between 0 and 1 (default 0.6)")
    similarity.add_argument("--out", help="folder to write to (default: <workspace>/similarity/)")
    similarity.set_defaults(func=_cmd_similarity)

    export = sub.add_parser("export", help="grades as a CSV for Canvas, Moodle or a spreadsheet")
    export.add_argument("assignment", metavar="ASSIGNMENT")
    export.add_argument("--format", choices=["canvas", "moodle", "csv"], default="csv")
    export.add_argument("--missing-zero", action="store_true",
                        help="give 0 to students with no submission (default: empty cell)")
    export.add_argument("--out", help="file to write (default: <workspace>/exports/...)")
    export.add_argument("--lms-name", help="the assignment's name in the LMS gradebook")
    export.add_argument("--lms-id", help="the assignment's id in Canvas (from its web address)")
    export.set_defaults(func=_cmd_export)

    sample = sub.add_parser("sample-class", help="a fictional class's Canvas download, to try "
                            "the grading round on")
    sample.add_argument("assignment", metavar="ASSIGNMENT", nargs="?",
                        default="ex00-orientation")
    sample.set_defaults(func=_cmd_sample_class)

    public = sub.add_parser("public", help="write the public edition (book, library, data, "
                            "released assignments; no solutions) as a git repository")
    public.add_argument("dest", metavar="DEST", help="a new folder, or a clone of the public "
                        "repository (its files are replaced, its history kept)")
    public.add_argument("--public-url", metavar="URL", default=None,
                        help="the public repository, for Binder and the launch buttons, e.g. "
                             "https://github.com/your-org/alliance-lab (default: "
                             "repository.url in _config.yml)")
    public.set_defaults(func=_cmd_public)

    leaks = sub.add_parser("leaks", help="scan files or folders (e.g. a built site) for "
                           "solutions, hidden tests and model answers")
    leaks.add_argument("paths", nargs="+", metavar="PATH")
    leaks.set_defaults(func=_cmd_leaks)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from autograder.errors import friendly_errors

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    with friendly_errors() as outcome:
        outcome.status = args.func(args)
    return outcome.status


if __name__ == "__main__":
    sys.exit(main())
