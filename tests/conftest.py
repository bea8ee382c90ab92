"""Shared fixtures: where things are, a Dask cluster for the session, page-test reports."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.workspace import EXERCISES_DIR, REPO_ROOT, assignment_ids
from tests.servers import Cluster, dask_cluster

CHAPTERS_DIR = REPO_ROOT / "chapters"
# A built site elsewhere (e.g. a second build beside this one) is tested with ALLIANCE_HTML_DIR.
HTML_DIR = Path(os.environ.get("ALLIANCE_HTML_DIR", REPO_ROOT / "_build" / "html"))


def chapter_files() -> list[Path]:
    """Every chapter notebook (MyST Markdown), in reading order."""
    return sorted(CHAPTERS_DIR.glob("*.md"))


def source_notebooks() -> list[Path]:
    """Every nbgrader source notebook in exercises/."""
    return sorted(EXERCISES_DIR.glob("*/*.ipynb"))


__all__ = ["CHAPTERS_DIR", "HTML_DIR", "REPO_ROOT", "assignment_ids", "chapter_files",
           "source_notebooks"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """Let fixtures see whether their test failed (page tests save screenshots then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A real Dask cluster (a scheduler and two workers) on 127.0.0.1, for the whole session."""
    with dask_cluster(2, tmp_path_factory.mktemp("dask")) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, one for the whole session: Playwright's synchronous API allows only
    one instance per thread, so every page test shares this one (a Playwright ``Browser``)."""
    from tests.browser.site import chromium

    with chromium() as launched:
        yield launched
