"""Benchmark: ``alliance-course grade`` (sandboxed, parallel) against plain ``nbgrader autograde``.

A synthetic class (at least 60 submissions spread over every assignment that can be released:
right, partly right, wrong and broken notebooks) is graded twice from identical copies, in one
run: by our ``grade`` command (bubblewrap sandbox, a process per core) and by plain sequential
``nbgrader autograde`` in its own course folder. Prints both wall times, submissions per minute,
the ratio, and whether every honest (not broken) submission got the same score both ways.

Both start from a gradebook that already knows the assignments (plain nbgrader's
``generate_assignment``; our ``prepare_assignment``), which is not timed: an instructor does
it once, before the first grading run. Each grading run is a separate command, as in use.

Run with ``make bench`` or ``.venv/bin/python bench/grading.py [--students 60]``.
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

from nbgrader.api import Gradebook  # noqa: E402

from autograder.assignment import load_assignment  # noqa: E402
from autograder.grading import default_workers, prepare_assignment  # noqa: E402
from autograder.nbgrader_run import nbgrader_env, run_nbgrader  # noqa: E402
from autograder.sample_class import answered, released_notebooks  # noqa: E402
from autograder.task import COURSE_ID, quiet_nbgrader  # noqa: E402
from autograder.workspace import assignment_ids, gradebook_url  # noqa: E402

KINDS = ("right", "partial", "wrong", "broken")


def usable_assignments() -> list[str]:
    """Assignments that nbgrader can release (those still being written are left out)."""
    found = []
    for name in assignment_ids():
        try:
            released_notebooks(load_assignment(name))
        except Exception:  # noqa: BLE001
            print(f"(leaving out {name}: it cannot be released yet)")
            continue
        found.append(name)
    return found


def build_class(root: Path, assignments: list[str], total: int) -> dict[str, dict[str, str]]:
    """Write ``<root>/<assignment>/<student>/<notebook>.ipynb``; return student -> kind."""
    per = math.ceil(total / len(assignments))
    kinds: dict[str, dict[str, str]] = {}
    for name in assignments:
        assignment = load_assignment(name)
        released = released_notebooks(assignment)
        cache = {k: answered(assignment, k, released=released) for k in KINDS}
        kinds[name] = {}
        for i in range(per):
            student, kind = f"s{i:03d}", KINDS[i % len(KINDS)]
            folder = root / name / student
            folder.mkdir(parents=True)
            for notebook, data in cache[kind].items():
                (folder / f"{notebook}.ipynb").write_bytes(data)
            kinds[name][student] = kind
    return kinds


def grade_ours(submissions: Path, assignments: list[str], workspace: Path, workers: int) -> float:
    workspace.mkdir(parents=True, exist_ok=True)
    for name in assignments:  # registered before grading, like plain's generate (not timed)
        prepare_assignment(load_assignment(name), workspace)
    env = {**nbgrader_env(workspace), "ALLIANCE_WORKSPACE": str(workspace)}
    started = time.perf_counter()
    for name in assignments:
        subprocess.run([sys.executable, "-m", "autograder", "grade", name,
                        str(submissions / name), "--quiet", "--workers", str(workers)],
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
    with Gradebook(gradebook_url(workspace), COURSE_ID) as gb:
        for student in students:
            sub = gb.find_submission(assignment, student)
            found[student] = sorted((g.notebook.name, g.name, g.auto_score)
                                    for nb in sub.notebooks for g in nb.grades
                                    if g.cell_type == "code")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    quiet_nbgrader()
    assignments = usable_assignments()
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        root = Path(tmp)
        kinds = build_class(root / "class", assignments, args.students)
        count = sum(len(v) for v in kinds.values())
        print(f"Synthetic class: {count} submissions over {', '.join(assignments)} "
              f"({', '.join(KINDS)}); {args.workers} worker(s), {os.cpu_count()} core(s).")
        plain_s = grade_plain(root / "class", assignments, root / "plain")
        ours_s = grade_ours(root / "class", assignments, root / "ours", args.workers)
        agree, compared = True, 0
        for name, students in kinds.items():
            honest = [s for s, k in students.items() if k != "broken"]
            ours, plain = scores(root / "ours", name, honest), scores(root / "plain", name,
                                                                      honest)
            compared += len(honest)
            for student in honest:
                if ours[student] != plain[student]:
                    agree = False
                    print(f"  DISAGREE {name}/{student}: ours {ours[student]} "
                          f"plain {plain[student]}")
    print(f"plain nbgrader autograde (sequential): {plain_s:7.1f} s  "
          f"{count / plain_s * 60:6.1f} submissions/minute")
    print(f"alliance-course grade (sandboxed):     {ours_s:7.1f} s  "
          f"{count / ours_s * 60:6.1f} submissions/minute")
    print(f"speed-up: {plain_s / ours_s:.2f}x   honest scores agree: "
          f"{'yes' if agree else 'NO'} ({compared} honest submissions compared)")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
