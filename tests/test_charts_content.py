"""Teaching content lives in ``alliance.content``, one module per chapter; charts and widgets
only draw it.

These tests fail if a widget takes content from a chart module again, if the chart and the
widget of a chapter stop sharing one copy of its content, or if a module stops saying which
chapter it serves.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ALLIANCE = Path(__file__).resolve().parents[1] / "alliance"
CONTENT_MODULES = sorted(p.stem for p in (ALLIANCE / "content").glob("ch[0-9][0-9]_*.py"))
# Shared machinery, not a chapter's chart: the renderer serves every chapter.
NOT_A_CHAPTER = {"__init__", "render"}


def _modules(package: str) -> list[str]:
    return sorted(
        p.stem for p in (ALLIANCE / package).glob("*.py") if p.stem not in NOT_A_CHAPTER
    )


@pytest.mark.parametrize("name", CONTENT_MODULES)
def test_content_module_names_its_chapter(name):
    module = importlib.import_module(f"alliance.content.{name}")
    chapter = int(name[2:4])
    assert re.search(rf"\bchapter {chapter}\b", module.__doc__ or ""), name


@pytest.mark.parametrize(
    "name",
    [f"charts.{m}" for m in _modules("charts")] + [f"widgets.{m}" for m in _modules("widgets")],
)
def test_chart_and_widget_modules_name_their_chapter(name):
    module = importlib.import_module(f"alliance.{name}")
    assert re.search(r"\b[Cc]hapter \d+\b", module.__doc__ or ""), name


# Constants of the code, not teaching content, that a widget may share with its chart.
CODE_CONSTANTS = {
    ("alliance.charts.evidence", "ALL"),  # the value meaning "every level" in both dropdowns
    ("alliance.charts.evidence", "MIN_STUDIES"),  # pool_random_effects needs 3 studies
}


@pytest.mark.parametrize("name", _modules("widgets"))
def test_widgets_take_no_content_from_chart_modules(name):
    # A widget may reuse a chart module's functions (the same filter or computation as the web
    # book's chart), but every text, table or setting it shows comes from alliance.content.
    tree = ast.parse((ALLIANCE / "widgets" / f"{name}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("alliance.charts"):
            chart = importlib.import_module(node.module)
            for alias in node.names:
                if (node.module, alias.name) in CODE_CONSTANTS:
                    continue
                assert callable(getattr(chart, alias.name)), (
                    f"alliance.widgets.{name} imports {alias.name} from {node.module}; "
                    f"import it from alliance.content instead"
                )


# (content module, name): the chart and widget modules that show it must hold the very same
# object, so the web book and JupyterLab can never disagree.
SHARED = [
    ("ch01_origins", "TIMELINE_EVENTS", ["charts.timeline"]),
    ("ch01_origins", "TRADITIONS", ["charts.timeline", "widgets.timeline"]),
    ("ch02_bordin", "PROFILE_RULES", ["charts.profile"]),
    ("ch02_bordin", "interpret_profile", ["charts.profile", "widgets.profile"]),
    ("ch03_rogers", "EXAMPLE_RESPONSES", ["charts.conditions", "widgets.conditions"]),
    ("ch03_rogers", "authors_ratings_table", ["charts.conditions"]),
    ("ch04_contracts", "DRAFTS", ["charts.contracts", "widgets.contracts"]),
    ("ch04_contracts", "REQUIREMENTS", ["charts.contracts", "widgets.contracts"]),
    ("ch05_cbt_ruptures", "CARRY", ["charts.ruptures", "widgets.ruptures"]),
]


@pytest.mark.parametrize(("content", "name", "users"), SHARED)
def test_charts_and_widgets_share_one_copy_of_the_content(content, name, users):
    source = getattr(importlib.import_module(f"alliance.content.{content}"), name)
    for user in users:
        assert getattr(importlib.import_module(f"alliance.{user}"), name) is source, user


def test_chart_modules_hold_no_teaching_text():
    # The fictional statements, drafts and rules are long sentences; none is left in charts/.
    samples = [
        "I know I should be over the breakup by now",  # chapter 3's first client statement
        "We will meet for six 50-minute sessions",  # chapter 4's clear draft
        "All three strong: a solid working alliance",  # chapter 2's first rule
        "Friendly, affectionate feelings toward the analyst",  # chapter 1's first event
    ]
    for path in sorted((ALLIANCE / "charts").glob("*.py")) + sorted(
        (ALLIANCE / "widgets").glob("*.py")
    ):
        text = path.read_text(encoding="utf-8")
        for sample in samples:
            assert sample not in text, f"{path.name} still holds content: {sample!r}"
