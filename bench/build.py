"""Build benchmark: how much of a full build does a rebuild cost?

In one run, on a fresh copy of the repository (so the instructor's own _build is untouched):
a clean full build, a rebuild with nothing changed, and a rebuild after one chapter's text
changed. Prints the three wall times and the two ratios to the full build.
Targets: no-change rebuild <= 15% of the full build; one-chapter rebuild <= 35%.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
TARGETS = {"unchanged": 0.15, "one_chapter": 0.35}


def copy_repository(dest: Path) -> None:
    """Copy the files git knows about (tracked or new, not ignored) into ``dest``."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listing):
        source = REPO / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)


def timed_build(book: Path) -> float:
    """Build ``book`` strictly, as `make book` does; return the wall time in seconds."""
    start = time.perf_counter()
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"The build failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    return elapsed


def change_chapter_text(book: Path) -> Path:
    """Add a sentence to the prose of the first chapter (its code stays the same)."""
    chapter = sorted((book / "chapters").glob("*.md"))[0]
    text = chapter.read_text()
    marker = "\n## Summary\n"
    chapter.write_text(text.replace(marker, "\nA sentence added by the build benchmark.\n"
                                            + marker, 1))
    return chapter


def main() -> int:
    """Run the three builds and print times and ratios."""
    with tempfile.TemporaryDirectory(prefix="alliance-build-bench-") as tmp:
        book = Path(tmp) / "book"
        copy_repository(book)
        full = timed_build(book)
        unchanged = timed_build(book)
        chapter = change_chapter_text(book)
        one_chapter = timed_build(book)

    ratios = {"unchanged": unchanged / full, "one_chapter": one_chapter / full}
    print(f"clean full build:                 {full:7.1f} s")
    print(f"rebuild, nothing changed:         {unchanged:7.1f} s   "
          f"ratio {ratios['unchanged']:6.1%}  (target <= {TARGETS['unchanged']:.0%})")
    print(f"rebuild, one chapter's text edited: {one_chapter:5.1f} s   "
          f"ratio {ratios['one_chapter']:6.1%}  (target <= {TARGETS['one_chapter']:.0%})"
          f"  [{chapter.name}]")
    met = all(ratios[k] <= TARGETS[k] for k in TARGETS)
    print("targets met" if met else "targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
