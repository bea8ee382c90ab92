"""The public edition: what a student may see, exported from this (private) instructor edition.

``alliance-course public DEST`` (``make public DEST=dir``) writes a ready-to-push git repository
holding the web book's sources, the chapters, the ``alliance`` library, the data sets,
``.binder/``, a learner-facing README and the *released* assignments (made by nbgrader's own
``generate_assignment``, as ``alliance-course release`` makes them) in place of their sources.

What goes in is an allow-list, :data:`PUBLIC_FILES`: a file that no pattern matches stays
private, so a new file is private until someone decides otherwise. A few files are written for
the public edition rather than copied (:data:`GENERATED`). Everything is first put together in a
temporary folder and scanned for secrets (:mod:`autograder.release.leaks`); a single hit stops
the export before anything is written to ``DEST``.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import string
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path

import nbformat
import yaml

from autograder.release.leaks import Secret, check_tree, collect_secrets
from autograder.release.students import release_all
from autograder.workspace import REPO_ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the shape check below is skipped
    tomllib = None  # type: ignore[assignment]

TEMPLATES = Path(__file__).resolve().parent / "templates"

# The allow-list: glob patterns relative to the repository's root. Hidden files and caches
# (a name starting with "." or "__pycache__") are never exported, whatever the pattern.
PUBLIC_FILES = (
    "chapters/*.md",              # the chapters (MyST Markdown notebooks), executed at build
    "book/index.md",              # the landing page
    "book/learner-guide.md",      # how to read, run and do an assignment (for students)
    "book/datasets.md",           # the data sets' page
    "book/glossary.md",           # key terms
    "book/references.md",         # the bibliography page
    "book/references.bib",        # every source cited
    "book/_static/**/*",          # the site's css, logo, scripts and vendored Vega
    "book/_templates/*.html",     # the theme's page templates
    "book/_ext/*.py",             # the book's Sphinx extensions (offline site, MathML, weight)
    "alliance/**/*",              # the course library the chapters import, with its templates
    "datasets/*.csv",             # the simulated data
    "datasets/*.md",              # its datasheets and README
    "datasets/*.schema.json",     # its schemas
    ".binder/requirements.txt",   # Binder's environment: the course itself (`-e .`)
    ".binder/runtime.txt",        # Binder's Python version
    "LICENSES/*.txt",             # CC BY 4.0 (text) and BSD-3-Clause (code)
)
# Not in the list, so private: exercises/ (sources with solutions and hidden tests), tests/
# (mutation suites, instructor-only tests), autograder/, bench/, _grading/ (gradebooks and
# submissions), .github/, .ci/, book/instructor-guide.md, README.md (the instructor's).

# Pages of the book that stay private, and what a public page says instead of linking to them.
PRIVATE_PAGES = {
    "book/instructor-guide": "instructor guide (part of the course's private instructor "
                             "edition, which this edition's README explains)",
}

# Dependencies of the instructor's toolchain only (grading, gradebook, similarity), left out
# of the public pyproject.toml.
PRIVATE_DEPENDENCIES = ("nbgrader", "distributed", "psycopg", "copydetect", "scikit-learn")
# pyproject.toml tables about the toolchain and its tests, which the public edition has not.
PRIVATE_TABLES = ("project.scripts", "project.optional-dependencies", "tool.pytest.ini_options")

PUBLIC_URL = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_DOC_ROLE = re.compile(r"\{doc\}`(?:(?P<title>[^`<]*?)\s*<(?P<target>[^`>]+)>|"
                       r"(?P<bare>[^`<>]+))`")
_MD_LINK = re.compile(r"\[(?P<title>[^\]]+)\]\((?P<target>[^)\s#]+?)\.md(?:#[^)\s]*)?\)")


@dataclass(frozen=True)
class Edition:
    """What an export wrote."""

    folder: Path
    files: int
    size: int            # bytes
    assignments: list[str]
    seconds: float
    commit: str | None   # the public repository's new commit, if git made one


def default_public_url(root: Path = REPO_ROOT) -> str:
    """The repository address in the instructor edition's ``_config.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return str(config.get("repository", {}).get("url", ""))


def check_public_url(url: str) -> str:
    """``url`` without a trailing slash, if it is a GitHub repository address Binder can use."""
    url = url.strip().removesuffix("/").removesuffix(".git")
    if not PUBLIC_URL.match(url):
        raise ValueError(
            f"--public-url must be the public GitHub repository's address, like "
            f"https://github.com/your-org/alliance-lab (Binder builds public GitHub "
            f"repositories); got '{url}'.")
    return url


def public_sources(root: Path = REPO_ROOT) -> list[str]:
    """The allow-listed files of the instructor edition, as sorted relative paths."""
    chosen: set[str] = set()
    for pattern in PUBLIC_FILES:
        # A pattern may name a dot-folder itself (.binder/...); only what a wildcard matched
        # is checked for hidden names.
        named = len(list(takewhile(lambda part: not any(c in part for c in "*?["),
                                   pattern.split("/"))))
        for path in root.glob(pattern):
            relative = path.relative_to(root)
            hidden = any(p.startswith(".") or p == "__pycache__"
                         for p in relative.parts[named:])
            if path.is_file() and not hidden:
                chosen.add(relative.as_posix())
    return sorted(chosen)


# ----------------------------------------------------------------- files written for the edition


def public_config(text: str, public_url: str) -> str:
    """``_config.yml`` with the repository (launch buttons, edit links) set to ``public_url``."""
    block = re.search(r"^repository:\n((?:[ \t]+.*\n)+)", text, re.M)
    if not block or not re.search(r"^[ \t]+url:", block.group(1), re.M):
        raise ValueError("_config.yml has no repository.url to point at the public repository.")
    body = re.sub(r"^([ \t]+url:).*$", rf"\1 {public_url}", block.group(1), count=1, flags=re.M)
    out = text[:block.start(1)] + body + text[block.end(1):]
    out = out.replace("# Jupyter Book 1 configuration for Alliance Lab.",
                      "# Jupyter Book 1 configuration for Alliance Lab (public edition).", 1)
    assert yaml.safe_load(out)["repository"]["url"] == public_url
    return out


def public_toc(text: str, pages: set[str]) -> str:
    """``_toc.yml`` without the pages the public edition does not have."""
    toc = yaml.safe_load(text)

    def keep(entries: list[dict]) -> list[dict]:
        kept = []
        for entry in entries:
            if "file" in entry and entry["file"] not in pages:
                continue
            for key in ("chapters", "sections"):
                if key in entry:
                    entry[key] = keep(entry[key])
            kept.append(entry)
        return kept

    if toc.get("root") not in pages:
        raise ValueError(f"The book's root page {toc.get('root')} is not in the public edition.")
    for key in ("parts", "chapters"):
        if key in toc:
            toc[key] = keep(toc[key])
    if "parts" in toc:
        toc["parts"] = [p for p in toc["parts"] if p.get("chapters")]
    header = ("# The book's order (public edition: written by `alliance-course public` from the "
              "instructor\n# edition's _toc.yml, without its private pages).\n")
    return header + yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)


def unlink_private_pages(text: str, page: str, pages: set[str]) -> str:
    """A page's Markdown with links to private pages turned into plain text."""
    folder = posixpath.dirname(page)

    def target_page(target: str) -> str:
        target = target.split("#")[0].removesuffix(".md")
        joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        return posixpath.normpath(joined)

    def replace(match: re.Match[str], title: str | None, target: str) -> str:
        name = target_page(target)
        if name in pages:
            return match.group(0)
        if title:
            return title
        if name in PRIVATE_PAGES:
            return PRIVATE_PAGES[name]
        raise ValueError(f"{page}.md links to {name}, which is not in the public edition: add "
                         f"it to PUBLIC_FILES or to PRIVATE_PAGES in {Path(__file__).name}.")

    text = _DOC_ROLE.sub(lambda m: replace(m, m.group("title"),
                                           m.group("target") or m.group("bare")), text)
    return _MD_LINK.sub(lambda m: replace(m, m.group("title"), m.group("target")), text)


def public_pyproject(text: str) -> str:
    """``pyproject.toml`` for the course library alone: no toolchain package, command or deps."""
    deps = "|".join(re.escape(d) for d in PRIVATE_DEPENDENCIES)
    tables = re.split(r"(?m)^(?=\[)", text)
    kept = []
    for table in tables:
        name = table.split("]")[0].strip("[ \n") if table.startswith("[") else ""
        if name in PRIVATE_TABLES:
            continue
        lines = [re.sub(r',?\s*"autograder(?:\.\*)?"', "", line)
                 .replace("(the alliance and autograder packages)", "(the alliance package)")
                 for line in table.splitlines()
                 if not re.match(rf'^\s*"(?:{deps})\b', line)
                 and not re.match(r'^\s*"autograder[\w.]*"\s*=', line)]
        body = [ln for ln in lines[1:] if ln.strip() and not ln.lstrip().startswith("#")]
        if name and not body:
            continue  # a table left empty
        kept.append("\n".join(lines).rstrip("\n") + "\n")
    out = "\n".join(kept).lstrip("\n")
    dependencies = " ".join(tomllib.loads(out)["project"]["dependencies"]) if tomllib else ""
    if "autograder" in out or any(d in dependencies for d in PRIVATE_DEPENDENCIES):
        raise ValueError("pyproject.toml changed shape: the public edition's copy still names "
                         "the grading toolchain. Update public_pyproject().")
    return out


def assignment_list(exercises: Path) -> str:
    """A Markdown list of the released assignments with their titles."""
    items = []
    for folder in sorted(p for p in exercises.iterdir() if p.is_dir()):
        for notebook in sorted(folder.glob("*.ipynb")):
            cells = nbformat.read(notebook, as_version=4).cells
            heading = next((ln.lstrip("# ").strip() for c in cells if c.cell_type == "markdown"
                            for ln in c.source.splitlines() if ln.startswith("# ")), folder.name)
            items.append(f"- `exercises/{folder.name}/{notebook.name}`: {heading}")
    return "\n".join(items)


def _readme(stage: Path, public_url: str) -> str:
    owner_repo = public_url.removeprefix("https://github.com/")
    return string.Template((TEMPLATES / "README.md").read_text(encoding="utf-8")).substitute(
        public_url=public_url, assignments=assignment_list(stage / "exercises"),
        binder_url=f"https://mybinder.org/v2/gh/{owner_repo}/HEAD")


# File in the edition -> how it is written (from the instructor edition's root, the staging
# folder and the public URL).
GENERATED: dict[str, Callable[[Path, Path, str], str]] = {
    "README.md": lambda root, stage, url: _readme(stage, url),
    "_config.yml": lambda root, stage, url: public_config(
        (root / "_config.yml").read_text(encoding="utf-8"), url),
    "_toc.yml": lambda root, stage, url: public_toc(
        (root / "_toc.yml").read_text(encoding="utf-8"), _pages(stage)),
    "pyproject.toml": lambda root, stage, url: public_pyproject(
        (root / "pyproject.toml").read_text(encoding="utf-8")),
    "Makefile": lambda root, stage, url: (TEMPLATES / "Makefile").read_text(encoding="utf-8"),
    ".gitignore": lambda root, stage, url: (TEMPLATES / "gitignore").read_text(encoding="utf-8"),
}


def _pages(stage: Path) -> set[str]:
    return {p.relative_to(stage).with_suffix("").as_posix()
            for folder in ("book", "chapters") for p in (stage / folder).glob("*.md")}


# ----------------------------------------------------------------- the export


def stage_edition(stage: Path, public_url: str, root: Path = REPO_ROOT,
                  secrets: list[Secret] | None = None) -> list[str]:
    """Put the public edition together in ``stage``; return the assignments released.

    The copied files are scanned at once, so a leak in them stops the export before nbgrader
    spends a minute releasing; the whole edition is scanned again at the end.
    """
    for relative in public_sources(root):
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((root / relative).read_bytes())  # symlinks become their files
    check_tree(stage, secrets)
    pages = _pages(stage)
    for page in sorted(pages):
        path = stage / f"{page}.md"
        path.write_text(unlink_private_pages(path.read_text(encoding="utf-8"), page, pages),
                        encoding="utf-8")
    # The student versions, by nbgrader, exactly as `alliance-course release` writes them, but
    # without per-student data: a self-paced learner has no student id, and the key that
    # seeds a class's data sets stays with its instructor.
    released = stage / "_release"
    zips = release_all(release_dir=released, variants=False)
    assignments = [z.stem for z in zips]
    for name in assignments:
        shutil.copytree(released / name, stage / "exercises" / name)
    shutil.rmtree(released)
    for relative, write in GENERATED.items():
        (stage / relative).write_text(write(root, stage, public_url), encoding="utf-8")
    return assignments


def _prepare_destination(dest: Path, root: Path) -> None:
    dest = dest.resolve()
    if dest == root or root.is_relative_to(dest) or (
            dest.is_relative_to(root) and not dest.is_relative_to(root / "_build")):
        raise ValueError(f"Write the public edition outside this repository (or under _build/), "
                         f"not to {dest}.")
    if dest.exists() and not dest.is_dir():
        raise ValueError(f"{dest} is a file; name a folder for the public edition.")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / ".git").exists():
        raise ValueError(f"{dest} is not empty. Name a new folder, or a clone of the public "
                         "repository (its files are then replaced, its history kept).")


def _git(dest: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(dest), *args], capture_output=True, text=True,
                          check=False)


def _commit(dest: Path, root: Path) -> str | None:
    """Commit the edition in ``dest`` (a new repository if need be); return the commit id."""
    if shutil.which("git") is None:
        return None
    if not (dest / ".git").exists() and _git(dest, "init", "-q", "-b", "main").returncode:
        _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    if not _git(dest, "status", "--porcelain").stdout.strip():
        return _git(dest, "rev-parse", "HEAD").stdout.strip() or None
    source = _git(root, "rev-parse", "--short", "HEAD").stdout.strip() or "unknown"
    identity = [] if _git(dest, "config", "user.email").stdout.strip() else [
        "-c", "user.name=Alliance Lab export",
        "-c", "user.email=alliance-lab@users.noreply.github.com"]
    result = _git(dest, *identity, "commit", "-q", "-m",
                  f"Public edition of Alliance Lab (instructor edition {source})")
    if result.returncode:
        raise RuntimeError(f"git could not commit the public edition in {dest}: "
                           f"{result.stderr.strip()}")
    return _git(dest, "rev-parse", "HEAD").stdout.strip()


def export_public_edition(dest: Path, public_url: str | None = None,
                          root: Path = REPO_ROOT) -> Edition:
    """Write the public edition to ``dest`` as a git repository; refuse if anything leaks.

    ``root`` is the instructor edition whose allow-listed files are copied; the assignments
    are always released from ``exercises/`` as nbgrader is configured, and the secrets read
    from there and from the mutation suite.
    """
    start = time.perf_counter()
    url = check_public_url(public_url or default_public_url(root))
    _prepare_destination(dest, root)
    with tempfile.TemporaryDirectory(prefix="alliance-public-") as tmp:
        stage = Path(tmp) / "edition"
        stage.mkdir()
        secrets = collect_secrets()
        assignments = stage_edition(stage, url, root, secrets)
        check_tree(stage, secrets)  # raises LeakError, naming the file, line and assignment
        dest.mkdir(parents=True, exist_ok=True)
        for old in dest.iterdir():  # a clone of the public repository: replace, keep history
            if old.name != ".git":
                shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
        files = sorted(p for p in stage.rglob("*") if p.is_file())
        for path in files:
            target = dest / path.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        size = sum(p.stat().st_size for p in files)
    commit = _commit(dest, root)
    return Edition(dest, len(files), size, assignments, time.perf_counter() - start, commit)
