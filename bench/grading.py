"""Benchmark: grading a class three ways, printed as ratios against plain ``nbgrader autograde``.

One synthetic class: ``--students`` students, each handing in each of ``--assignments``
(right, partly right, wrong and broken notebooks in turn), graded from identical copies, in one
run, one grading command per assignment as in a real round:

1. plain sequential ``nbgrader autograde`` in its own course folder (the baseline);
2. ``alliance-course grade`` on this computer's process pool (``--workers 2``);
3. ``alliance-course grade`` on a Dask cluster (``dask scheduler`` and two ``dask worker``
   processes with ``--nthreads 1``, all on this computer).

Then a second class in which one student in ten has an endless loop, graded by (1) and (2).
Printed: wall times, submissions per minute (per worker too), the ratios, whether every honest
submission scored the same three ways, and how many workers grade 5,000 submissions in an hour.

Every grading run starts from a gradebook that already knows the assignments (plain's
``generate_assignment``; our ``prepare_reference``, which also times the reference solution to
size each cell's limit), which is not timed: it is done once per version of an assignment,
before the first grading run. Each grading run is a separate command, as in use.

Run with ``make bench`` or ``.venv/bin/python bench/grading.py [--students 24]
[--assignments ex01-wai-sr ex04-alliance-outcome ex06-therapist-effects]``. Each command has a
fixed start-up cost (imports, the sandbox check, starting workers) that a class of a handful of
students cannot hide; ``--students 5`` shows it.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.assignment import load_assignment  # noqa: E402
from autograder.grade.coordinator import prepare_reference  # noqa: E402
from autograder.grade.gradebook import open_gradebook  # noqa: E402
from autograder.grade.task import quiet_nbgrader  # noqa: E402
from autograder.release.nbgrader_commands import nbgrader_env, run_nbgrader  # noqa: E402
from autograder.release.sample_class import answered, released_notebooks  # noqa: E402
from autograder.workspace import assignment_ids  # noqa: E402
from tests.servers import dask_cluster  # noqa: E402

KINDS = ("right", "partial", "wrong", "broken")
DEFAULT_ASSIGNMENTS = ["ex01-wai-sr", "ex04-alliance-outcome", "ex06-therapist-effects"]
LOOPING = ("right", "partial", "wrong", "right", "partial", "wrong", "right", "partial", "wrong",
           "loop")  # one student in ten loops forever


def usable_assignments(names: list[str]) -> list[str]:
    """Those of ``names`` that nbgrader can release (one still being written is left out)."""
    found = []
    for name in names:
        try:
            released_notebooks(load_assignment(name))
        except Exception:  # noqa: BLE001
            print(f"(leaving out {name}: it cannot be released yet)")
            continue
        found.append(name)
    return found


def build_class(root: Path, assignments: list[str], per: int,
                mix: tuple[str, ...] = KINDS) -> dict[str, dict[str, str]]:
    """Write ``<root>/<assignment>/<student>/<notebook>.ipynb`` for ``per`` students; return
    assignment -> student -> kind."""
    kinds: dict[str, dict[str, str]] = {}
    for name in assignments:
        assignment = load_assignment(name)
        released = released_notebooks(assignment)
        cache = {k: answered(assignment, k, released=released) for k in set(mix)}
        kinds[name] = {}
        for i in range(per):
            # Kinds cycle over the whole class, so one in ten is a looper with any class size.
            counted = sum(len(v) for v in kinds.values())
            student, kind = f"s{i:03d}", mix[counted % len(mix)]
            folder = root / name / student
            folder.mkdir(parents=True)
            for notebook, data in cache[kind].items():
                (folder / f"{notebook}.ipynb").write_bytes(data)
            kinds[name][student] = kind
    return kinds


def grade_ours(submissions: Path, assignments: list[str], workspace: Path, workers: int,
               scheduler: str = "") -> float:
    workspace.mkdir(parents=True, exist_ok=True)
    for name in assignments:  # prepared before grading, like plain's generate (not timed)
        prepare_reference(load_assignment(name), workspace)
    env = {**nbgrader_env(workspace), "ALLIANCE_WORKSPACE": str(workspace)}
    where = ["--scheduler", scheduler] if scheduler else ["--scheduler", "", "--workers",
                                                          str(workers)]
    started = time.perf_counter()
    for name in assignments:
        subprocess.run([sys.executable, "-m", "autograder", "grade", name,
                        str(submissions / name), "--quiet", *where],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def grade_plain(submissions: Path, assignments: list[str], course: Path) -> float:
    for name in assignments:  # the assignment is in the gradebook before grading (not timed)
        result = run_nbgrader(["generate_assignment", name, "--force",
                               f"--CourseDirectory.release_directory={course / 'release'}"],
                              course)
        assert result.returncode == 0, result.stderr[-2000:]
        for student_dir in (submissions / name).iterdir():
            target = course / "submitted" / student_dir.name / name
            target.mkdir(parents=True)
            for nb in student_dir.iterdir():
                (target / nb.name).write_bytes(nb.read_bytes())
    started = time.perf_counter()
    for name in assignments:
        # Broken notebooks make nbgrader exit non-zero after grading everyone else.
        run_nbgrader(["autograde", name, "--force"], course)
    return time.perf_counter() - started


def scores(workspace: Path, assignment: str, students: list[str]) -> dict[str, list]:
    found = {}
    with open_gradebook(workspace) as gb:
        for student in students:
            sub = gb.find_submission(assignment, student)
            found[student] = sorted((g.notebook.name, g.name, g.auto_score)
                                    for nb in sub.notebooks for g in nb.grades
                                    if g.cell_type == "code")
    return found


def _agree(kinds: dict[str, dict[str, str]], runs: dict[str, Path]) -> tuple[bool, int]:
    agree, compared = True, 0
    for name, students in kinds.items():
        honest = [s for s, k in students.items() if k not in ("broken", "loop")]
        found = {label: scores(folder, name, honest) for label, folder in runs.items()}
        compared += len(honest)
        for student in honest:
            seen = {label: f[student] for label, f in found.items()}
            if len({repr(v) for v in seen.values()}) > 1:
                agree = False
                print(f"  DISAGREE {name}/{student}: {seen}")
    return agree, compared


def _line(label: str, seconds: float, count: int, workers: int = 1) -> None:
    rate = count / seconds * 60
    print(f"{label:<44} {seconds:7.1f} s  {rate:6.1f} submissions/minute"
          f"  ({rate / workers:5.1f} per worker)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=24,
                        help="students in the class; each hands in every assignment")
    parser.add_argument("--assignments", nargs="+", default=DEFAULT_ASSIGNMENTS,
                        help="assignments graded (default: one of each kind of work: scoring, "
                             "a chart, a multilevel model)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-loops", action="store_true",
                        help="leave out the second class (one student in ten loops forever), "
                             "whose plain nbgrader run alone takes over ten minutes")
    args = parser.parse_args()
    quiet_nbgrader()
    unknown = sorted(set(args.assignments) - set(assignment_ids()))
    if unknown:
        parser.error(f"no such assignment: {', '.join(unknown)}")
    assignments = usable_assignments(args.assignments)
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        root = Path(tmp)
        kinds = build_class(root / "class", assignments, args.students)
        count = sum(len(v) for v in kinds.values())
        print(f"Class: {args.students} students x {len(assignments)} assignments = {count} "
              f"submissions ({', '.join(assignments)}; {', '.join(KINDS)} in turn); "
              f"{args.workers} worker(s), {os.cpu_count()} core(s).")
        plain_s = grade_plain(root / "class", assignments, root / "plain")
        local_s = grade_ours(root / "class", assignments, root / "local", args.workers)
        with dask_cluster(args.workers, root / "dask") as cluster:
            dask_s = grade_ours(root / "class", assignments, root / "dask-ws", args.workers,
                                cluster.address)
        agree, compared = _agree(kinds, {"plain": root / "plain", "local": root / "local",
                                         "dask": root / "dask-ws"})
        _line("plain nbgrader autograde (sequential)", plain_s, count)
        _line(f"alliance-course grade, local pool ({args.workers})", local_s, count,
              args.workers)
        _line(f"alliance-course grade, Dask ({args.workers} workers)", dask_s, count,
              args.workers)
        print(f"ratios: local/plain {plain_s / local_s:.2f}x   dask/plain {plain_s / dask_s:.2f}x"
              f"   dask/local throughput {local_s / dask_s:.2f}x   honest scores agree: "
              f"{'yes' if agree else 'NO'} ({compared} honest submissions, three ways)")
        per_worker = count / dask_s * 60 / args.workers
        print(f"capacity: {per_worker:.1f} submissions per minute per worker, so 5,000 "
              f"submissions in one hour need about {math.ceil(5000 / 60 / per_worker)} "
              "workers (one core each)")
        if args.skip_loops:
            return 0 if agree else 1

        loops = build_class(root / "loops", assignments, args.students, LOOPING)
        n_loops = sum(len(v) for v in loops.values())
        plain_l = grade_plain(root / "loops", assignments, root / "plain-loops")
        local_l = grade_ours(root / "loops", assignments, root / "local-loops", args.workers)
        _line("one in ten loops: plain nbgrader (sequential)", plain_l, n_loops)
        _line(f"one in ten loops: local pool ({args.workers})", local_l, n_loops, args.workers)
        print(f"ratio with endless loops: local/plain {plain_l / local_l:.2f}x")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
