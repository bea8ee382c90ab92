"""Build benchmark: how much of a full build does a rebuild cost, and how heavy is a chapter?

In one run, on a fresh copy of the repository (so the instructor's own _build is untouched):
a clean full build, a rebuild with nothing changed, and a rebuild after one chapter's text
changed. Prints the three wall times and the two ratios to the full build.
Targets: no-change rebuild <= 15% of the full build; one-chapter rebuild <= 35%.

Page weight (issue 17): after the full build, each chapter is opened in Debian's Chromium as a
reader on a phone would on a first visit (empty cache, every request off 127.0.0.1 blocked,
scrolled to the end so everything the page loads has loaded), and every byte it downloads is
counted, uncompressed. Budget: <= 1.5 MB per chapter; the run fails (exit status 1) over it.
``python bench/build.py --weight-only [HTML_DIR]`` measures an existing build instead.
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
PAGE_BUDGET = 1_500_000  # bytes, uncompressed, for a chapter's first visit


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


def first_visit_weights(html_dir: Path) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """Bytes each chapter page downloads on a first visit on a phone, with its heaviest files."""
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.browser.site import CHROMIUM, CHROMIUM_ARGS, MOBILE, chapter_pages, serve_site

    weights = {}
    with serve_site(html_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in chapter_pages():
            context = browser.new_context(viewport=MOBILE)  # a new context: an empty cache
            page = context.new_page()
            sizes: dict[str, int] = {}
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(url) else route.abort())
            page.on("response", lambda r, seen=sizes: seen.__setitem__(r.url, len(r.body())))
            page.goto(url + path, wait_until="networkidle")
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            heaviest = sorted(((n, u.replace(url, "").split("?")[0]) for u, n in sizes.items()),
                              reverse=True)[:3]
            weights[path] = (sum(sizes.values()), heaviest)
            context.close()
        browser.close()
    return weights


def report_weights(weights: dict[str, tuple[int, list[tuple[int, str]]]]) -> bool:
    """Print each chapter's first-visit weight; True if every one is within the budget."""
    print(f"first visit of a chapter on a phone (budget {PAGE_BUDGET / 1e6:.1f} MB uncompressed):")
    for path, (total, heaviest) in weights.items():
        mark = "ok  " if total <= PAGE_BUDGET else "OVER"
        top = ", ".join(f"{name.rsplit('/', 1)[-1]} {n / 1e3:.0f} kB" for n, name in heaviest)
        print(f"  {mark} {total / 1e6:5.2f} MB  {path:45s} heaviest: {top}")
    within = all(total <= PAGE_BUDGET for total, _ in weights.values())
    print("page-weight budget met" if within else "page-weight budget NOT met")
    return within


def main() -> int:
    """Run the three builds and print times and ratios; measure the chapters' page weight."""
    if "--weight-only" in sys.argv:
        args = [a for a in sys.argv[1:] if a != "--weight-only"]
        html_dir = Path(args[0]) if args else REPO / "_build" / "html"
        return 0 if report_weights(first_visit_weights(html_dir)) else 1
    with tempfile.TemporaryDirectory(prefix="alliance-build-bench-") as tmp:
        book = Path(tmp) / "book"
        copy_repository(book)
        full = timed_build(book)
        weights = first_visit_weights(book / "_build" / "html")
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
    return 0 if report_weights(weights) else 1


if __name__ == "__main__":
    sys.exit(main())
