"""The leak scan: is any solution, hidden test or model answer in the files about to go public?

The *secrets* are read from the instructor edition itself, every time:

- every line inside a solution region of every source notebook in ``exercises/`` (code cells and
  manually graded written answers alike: a written answer's solution region is its model answer
  and rubric), and the whole source of a solution cell that has no delimiters, since nbgrader
  replaces such a cell entirely;
- every line inside a hidden-test region of every test cell;
- every line of the wrong-answer (mutation) suite, ``tests/mutations.py``.

The delimiters are nbgrader's, as configured (:mod:`autograder.markers`), so the scan and
``nbgrader generate_assignment`` always agree on what is secret.

**How lines are compared.** Both sides are *normalised*: runs of whitespace become one space and
the ends are trimmed; every quote mark (``'``, ``"``, typographic quotes) becomes ``"``; escaped
quotes (``\\"``) lose their backslash; ``*`` and backticks are dropped, so a Markdown model answer
is still recognised once rendered as HTML. A secret matches anywhere inside a line of a scanned
file (a pasted line may be indented, commented or wrapped in HTML).

**Which lines are not worth guarding.** Boilerplate would make the scan fire on every page, so a
secret line is ignored when, after normalising, it

1. is shorter than :data:`MIN_LENGTH` characters (``else:``, ``pass``, ``return x``, ``)``);
2. is an import (``import numpy as np``, ``from scipy import stats``);
3. is pure syntax: a statement keyword alone or with one name or one literal, such as
   ``return result``, ``raise AssertionError(``, ``return "no reliable change"``, ``try:``
   (:data:`PURE_SYNTAX`);
4. is warning plumbing, written alike in any numerical code: ``with
   warnings.catch_warnings():``, ``warnings.simplefilter("ignore")``, ``with
   np.errstate(...):`` (:data:`WARNING_PLUMBING`);
5. is public anyway: it appears (whole or inside a longer line) outside the secret regions of
   some source notebook, so nbgrader releases it (a function's ``def`` line and docstring, a
   visible test, an instruction that shows the first line of the answer).

**What is scanned.** Every file under the given folders: text files line by line; notebooks
(``.ipynb``) cell by cell, sources and outputs; HTML with its tags removed and entities decoded;
JSON strings decoded; zip archives member by member (nested zips too). Binary files (images,
fonts) hold no text to scan.
"""

from __future__ import annotations

import html
import importlib.util
import io
import json
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.markers import delimiters
from autograder.workspace import EXERCISES_DIR, REPO_ROOT

MIN_LENGTH = 12
MUTATION_SUITE = REPO_ROOT / "tests" / "mutations.py"

# Statement keywords alone, or with one name or one literal (a call may open or be empty):
# `return result`, `raise AssertionError(`, `return "no reliable change"` say nothing about an
# answer.
PURE_SYNTAX = re.compile(
    r"^(?:return|yield|raise|pass|break|continue|else|elif|try|finally|except|global|nonlocal|"
    r"del|assert|lambda)\b(?: (?:[A-Za-z_][\w.]*|\"[^\"]*\"|-?[\d.]+))?(?:\(\)?)?:?$")
# Plumbing that silences numerical warnings, written the same way in any numerical code.
WARNING_PLUMBING = re.compile(
    r"^(?:with (?:warnings\.catch_warnings|np\.errstate|numpy\.errstate)\(.*\):|"
    r"(?:warnings|np|numpy)\.(?:simplefilter|filterwarnings|seterr)\(.*\))$")
IMPORT = re.compile(r"^(?:import [\w., ]+(?: as \w+)?|from [\w.]+ import [\w., ()*]+"
                    r"(?: as \w+)?)$")

_QUOTES = str.maketrans({"'": '"', "\u2018": '"', "\u2019": '"', "\u201c": '"', "\u201d": '"',
                         "*": None, "`": None})
_TAG = re.compile(r"<[^>]*>", re.S)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".xml", ".svg"}


class LeakError(ValueError):
    """Secret course material was found in files about to be published."""

    def __init__(self, leaks: list[Leak]) -> None:
        self.leaks = leaks
        more = f" (and {len(leaks) - 1} more file(s))" if len(leaks) > 1 else ""
        super().__init__(f"{leaks[0].message()}{more}")


@dataclass(frozen=True)
class Secret:
    """One guarded line and where it comes from."""

    text: str          # the normalised line
    assignment: str    # e.g. "ex01-wai-sr"
    origin: str        # e.g. "solution in part1-answer", "mutation ex01-part1-rounded"


@dataclass(frozen=True)
class Leak:
    """A secret line found in a file."""

    file: str          # path relative to the scanned folder; "archive.zip:member" for zips
    where: str         # "line 12", "cell 4, line 2", "cell 4 output, line 1"
    secret: Secret

    def message(self) -> str:
        """One line naming the file, the line and the assignment."""
        shown = self.secret.text if len(self.secret.text) <= 60 else \
            self.secret.text[:57] + "..."
        return (f"{self.file}, {self.where}: holds a line of {self.secret.assignment} "
                f"({self.secret.origin}): {shown}")


def normalise(line: str) -> str:
    """The form in which lines are compared: one space for any whitespace, one quote mark."""
    line = line.replace('\\"', '"').replace("\\'", '"')
    return " ".join(line.translate(_QUOTES).split())


def is_trivial(line: str) -> bool:
    """True for a normalised line too generic to guard (see the module's rules 1-3)."""
    return len(line) < MIN_LENGTH or any(
        rule.match(line) for rule in (IMPORT, PURE_SYNTAX, WARNING_PLUMBING))


# ----------------------------------------------------------------- the secrets


def _regions(source: str, kind: str) -> tuple[list[str], list[str]]:
    """(lines inside ``kind`` regions, lines outside them), marker lines in neither."""
    begin, end = delimiters()[kind]
    inside: list[str] = []
    outside: list[str] = []
    depth = False
    for line in source.splitlines():
        if not depth and begin in line:
            depth = True
        elif depth and end in line:
            depth = False
        else:
            (inside if depth else outside).append(line)
    return inside, outside


def _notebook_lines(notebook: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """((secret line, origin) pairs, public lines) of one source notebook."""
    nb = nbformat.read(notebook, as_version=4)
    secret: list[tuple[str, str]] = []
    public: list[str] = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id", "an ungraded cell")
        if meta.get("solution"):
            inside, outside = _regions(cell.source, "solution")
            if not any(delimiters()["solution"][0] in ln for ln in cell.source.splitlines()):
                inside, outside = cell.source.splitlines(), []  # nbgrader replaces it all
            kind = "model answer" if cell.cell_type == "markdown" else "solution"
        elif meta.get("grade") and cell.cell_type == "code":
            inside, outside = _regions(cell.source, "hidden")
            kind = "hidden test"
        else:
            inside, outside = [], cell.source.splitlines()
        secret += [(line, f"{kind} in {grade_id}") for line in inside]
        public += outside
    return secret, public


def _mutation_lines(suite: Path) -> list[tuple[str, str, str]]:
    """(line, assignment, origin) for every line of every wrong answer in the mutation suite."""
    if not suite.is_file():
        return []
    spec = importlib.util.spec_from_file_location("_alliance_mutation_suite", suite)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return [(line, m.assignment, f"mutation {m.id}")
            for m in module.MUTATIONS for line in m.source.splitlines()]


def collect_secrets(exercises: Path = EXERCISES_DIR,
                    mutation_suite: Path = MUTATION_SUITE) -> list[Secret]:
    """Every guarded line of every assignment in ``exercises`` and of the mutation suite."""
    found: list[tuple[str, str, str]] = []
    public: set[str] = set()
    for notebook in sorted(exercises.glob("*/*.ipynb")):
        secret, open_lines = _notebook_lines(notebook)
        found += [(line, notebook.parent.name, origin) for line, origin in secret]
        public.update(normalise(line) for line in open_lines)
    found += _mutation_lines(mutation_suite)
    released = "\n".join(sorted(public))  # one text, so "inside a public line" is one search
    secrets: dict[str, Secret] = {}
    for line, assignment, origin in found:
        text = normalise(line)
        if text and not is_trivial(text) and text not in secrets and text not in released:
            secrets[text] = Secret(text, assignment, origin)
    return list(secrets.values())


# ----------------------------------------------------------------- the matcher


class Matcher:
    """Finds any of many secret lines inside a line of text, in one regular-expression pass.

    The secrets are compiled into a trie-shaped pattern, so each scanned line costs one search
    however many secrets there are.
    """

    def __init__(self, secrets: Iterable[Secret]) -> None:
        self.secrets = {s.text: s for s in secrets}
        trie: dict = {}
        for text in self.secrets:
            node = trie
            for char in text:
                node = node.setdefault(char, {})
            node[""] = {}
        self._pattern = re.compile(_trie_regex(trie)) if self.secrets else None

    def find(self, line: str) -> Secret | None:
        """The first secret inside ``line`` (normalised here), or None."""
        if self._pattern is None:
            return None
        match = self._pattern.search(normalise(line))
        return self.secrets[match.group()] if match else None


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_regex(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Where a shorter secret ends, the longer ones are optional continuations.
    return "(?:" + body + ")?" if ends else body


# ----------------------------------------------------------------- the scan


def _strip_tags(text: str) -> str:
    """HTML as its visible text, keeping the line numbers of the source."""
    return html.unescape(_TAG.sub(lambda m: "\n" * m.group().count("\n"), text))


def _lines(text: str, where: str = "line") -> Iterator[tuple[str, str]]:
    for number, line in enumerate(text.splitlines(), 1):
        yield f"{where} {number}", line


def _strings(value: object) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            yield "".join(value)  # notebooks store multi-line text as a list of lines
        else:
            for item in value:
                yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _text_lines(value: str) -> Iterator[str]:
    yield from value.splitlines()
    if "<" in value or "&" in value:  # HTML output: its visible text too
        yield from _strip_tags(value).splitlines()


def _notebook_units(data: object) -> Iterator[tuple[str, str]]:
    if not isinstance(data, dict):
        yield from (("in the notebook", ln) for s in _strings(data) for ln in _text_lines(s))
        return
    for number, cell in enumerate(data.get("cells", []), 1):
        if not isinstance(cell, dict):
            continue
        for part, label in (("source", f"cell {number}"), ("outputs", f"cell {number} output"),
                            ("attachments", f"cell {number} attachment")):
            for text in _strings(cell.get(part, "")):
                for i, line in enumerate(_text_lines(text), 1):
                    yield f"{label}, line {i}", line
    for text in _strings(data.get("metadata", {})):
        yield from (("notebook metadata", ln) for ln in _text_lines(text))


def _units(name: str, data: bytes) -> Iterator[tuple[str, str, str]]:
    """(file, where, line) for every line of text in a file's bytes (zips opened)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".zip" or (data[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(data))):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    if not member.is_dir():
                        yield from _units(f"{name}:{member.filename}",
                                          archive.read(member))
            return
        except zipfile.BadZipFile:
            pass  # not really a zip: scanned as bytes below
    if b"\x00" in data[:8192]:
        return  # binary (image, font): no text to guard
    text = data.decode("utf-8", errors="replace")
    if suffix in (".ipynb", ".json"):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if parsed is not None:
            units = _notebook_units(parsed) if suffix == ".ipynb" else (
                (f"string {i}", ln) for i, s in enumerate(_strings(parsed), 1)
                for ln in _text_lines(s))
            for where, line in units:
                yield name, where, line
    if suffix in _HTML_SUFFIXES:
        text = _strip_tags(text)
    for where, line in _lines(text):
        yield name, where, line


def scan_files(files: Iterable[tuple[str, bytes]],
               secrets: list[Secret] | None = None) -> list[Leak]:
    """The first leak in each of the ``(name, bytes)`` files that holds one (zip members count
    as files of their own)."""
    matcher = Matcher(collect_secrets() if secrets is None else secrets)
    leaks: list[Leak] = []
    leaking: set[str] = set()
    for name, data in files:
        for file, where, line in _units(name, data):
            if file in leaking:
                continue
            secret = matcher.find(line)
            if secret:
                leaking.add(file)
                leaks.append(Leak(file, where, secret))
    return leaks


def files_under(root: Path) -> Iterator[tuple[str, bytes]]:
    """``(path relative to root, bytes)`` for every file under ``root`` (or ``root`` itself)."""
    if root.is_file():
        yield root.name, root.read_bytes()
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            yield path.relative_to(root).as_posix(), path.read_bytes()


def scan_tree(root: Path, secrets: list[Secret] | None = None) -> list[Leak]:
    """Leaks in every file under ``root`` (a folder or one file)."""
    if not root.exists():
        raise FileNotFoundError(f"There is nothing to scan at {root}.")
    return scan_files(files_under(root), secrets)


def check_tree(root: Path, secrets: list[Secret] | None = None) -> None:
    """Raise :class:`LeakError`, naming the first leak, if ``root`` holds any secret."""
    leaks = scan_tree(root, secrets)
    if leaks:
        raise LeakError(leaks)
