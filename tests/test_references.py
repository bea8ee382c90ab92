"""The bibliography is clean: unique keys, complete entries, every entry cited somewhere."""

from __future__ import annotations

import re
from collections import Counter

from pybtex.database import parse_file

from tests.conftest import REPO_ROOT

BIB = REPO_ROOT / "book" / "references.bib"
KEY = re.compile(r"^@\w+\{([^,]+),", re.MULTILINE)


def _cited_keys() -> set[str]:
    keys: set[str] = set()
    for page in [*(REPO_ROOT / "chapters").glob("*.md"), *(REPO_ROOT / "book").glob("*.md")]:
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", page.read_text()):
            keys.update(k.strip() for k in group.split(","))
    return keys


def test_every_key_is_unique() -> None:
    counts = Counter(KEY.findall(BIB.read_text()))
    assert [k for k, n in counts.items() if n > 1] == []


def test_every_entry_has_what_an_apa_reference_needs() -> None:
    for key, entry in parse_file(BIB).entries.items():
        assert entry.persons.get("author") or entry.persons.get("editor"), f"{key}: no author"
        assert entry.fields.get("year"), f"{key}: no year"
        assert entry.fields.get("title"), f"{key}: no title"
        source = ("journal", "publisher", "booktitle", "institution", "school", "howpublished")
        assert any(entry.fields.get(f) for f in source), f"{key}: no journal or publisher"


def test_every_entry_is_cited_and_every_citation_exists() -> None:
    entries = set(parse_file(BIB).entries.keys())
    cited = _cited_keys()
    assert sorted(cited - entries) == [], "cited but missing from references.bib"
    assert sorted(entries - cited) == [], "in references.bib but never cited"
