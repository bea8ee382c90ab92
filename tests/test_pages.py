"""The web book in a real browser (Debian's Chromium), with every request off 127.0.0.1 blocked.

Every page in the TOC loads cleanly; every chart draws and every bound control changes it;
every self-check answers a click; search, glossary and citation links work; axe-core finds no
serious or critical accessibility violations; charts and images have text alternatives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.site import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    HTML_DIR,
    REPO_ROOT,
    chapter_pages,
    serve_site,
    toc_pages,
)

ARTIFACTS = REPO_ROOT / "test-artifacts"
CHART_DRAWN = """() => [...document.querySelectorAll('.alliance-chart')]
    .every(el => el.querySelector('svg') !== null)"""


@dataclass
class Visit:
    """A page opened in the browser, with what went wrong while loading it."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    assert (HTML_DIR / "index.html").exists(), "The book is not built: run 'make book' first."
    with serve_site() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser: Browser, site_url: str,
          request: pytest.FixtureRequest) -> Iterator[Callable[[str], Visit]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened: list[Visit] = []

    def _open(path: str) -> Visit:
        page = context.new_page()
        record = Visit(page)
        page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
        page.on("pageerror", lambda e: record.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: record.failed_requests.append(r.url))

        def _route(route):  # the reader has no internet: nothing may leave 127.0.0.1
            if route.request.url.startswith(site_url) or route.request.url.startswith("data:"):
                route.continue_()
            else:
                record.outside_requests.append(route.request.url)
                route.abort()

        page.route("**/*", _route)
        response = page.goto(urljoin(site_url, path), wait_until="load")
        assert response is not None and response.ok, f"{path} did not load"
        page.wait_for_function(CHART_DRAWN, timeout=15_000)
        opened.append(record)
        return record

    yield _open
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for i, record in enumerate(opened):
            record.page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("path", toc_pages())
def test_page_loads_offline_without_errors(visit: Callable[[str], Visit], path: str) -> None:
    record = visit(path)
    record.page.wait_for_load_state("networkidle")
    assert record.outside_requests == [], f"{path} asked the internet for {record.outside_requests}"
    assert record.failed_requests == [], f"{path}: failed requests {record.failed_requests}"
    assert record.console_errors == [], f"{path}: console errors {record.console_errors}"


def _svg(page: Page, chart_index: int) -> str:
    return page.locator(".alliance-chart").nth(chart_index).locator("svg").first.inner_html()


def _move(control, kind: str) -> None:
    """Change one bound input the way a reader would."""
    if kind == "range":
        control.evaluate("""el => {
            const lo = Number(el.min), hi = Number(el.max), v = Number(el.value);
            el.value = String(v - lo > (hi - lo) / 2 ? lo : hi);
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true}));
        }""")
    elif kind == "select":
        options = control.locator("option").all()
        current = control.input_value()
        other = next(o.get_attribute("value") for o in options
                     if o.get_attribute("value") != current)
        control.select_option(other)
    elif kind == "checkbox":
        control.click()
    elif kind == "radio":
        control.click()
    else:
        control.fill("1")
        control.dispatch_event("change")


def _controls(page: Page, chart_index: int) -> list[tuple[object, str]]:
    chart = page.locator(".alliance-chart").nth(chart_index)
    found = []
    for control in chart.locator(".vega-bindings input, .vega-bindings select").all():
        tag = control.evaluate("el => el.tagName.toLowerCase()")
        kind = "select" if tag == "select" else (control.get_attribute("type") or "text")
        if kind == "radio" and control.is_checked():
            continue  # clicking the chosen radio button changes nothing
        found.append((control, kind))
    return found


@pytest.mark.parametrize("path", chapter_pages())
def test_every_chart_draws_and_every_control_changes_it(
    visit: Callable[[str], Visit], path: str
) -> None:
    page = visit(path).page
    charts = page.locator(".alliance-chart").count()
    assert charts >= 1, f"{path} has no interactive chart"
    for i in range(charts):
        assert _svg(page, i), f"{path}: chart {i + 1} drew nothing"
        controls = _controls(page, i)
        for control, kind in controls:
            before = _svg(page, i)
            _move(control, kind)
            page.wait_for_timeout(150)
            after = _svg(page, i)
            assert after != before, (
                f"{path}: moving a {kind} control of chart {i + 1} did not change the chart"
            )
    assert any(_controls(page, i) for i in range(charts)) or page.locator(
        ".alliance-chart .vega-bindings").count(), f"{path}: no chart has a bound control"


@pytest.mark.parametrize("path", chapter_pages())
def test_every_self_check_question_gives_feedback(
    visit: Callable[[str], Visit], path: str
) -> None:
    page = visit(path).page
    questions = page.locator(".Quiz")
    assert 4 <= questions.count() <= 6, f"{path}: self-check has {questions.count()} questions"
    for i in range(questions.count()):
        question = questions.nth(i)
        question.scroll_into_view_if_needed()
        # Answer correctly, as a reader who knows the material would, and expect to be told so:
        # this catches a broken key as well as a question that gives no feedback at all.
        if question.locator(".MCButton").count():
            question.locator(".MCButton[data-correct='true']").first.click()
        else:
            box = question.locator("input.Input-text")
            answers = json.loads(box.get_attribute("data-answers") or "[]")
            right = next(a for a in answers if a.get("correct"))
            value = right["value"] if right["type"] == "value" else sum(right["range"]) / 2
            box.fill(f"{value:g}")
            box.press("Enter")
        feedback = question.locator(".Feedback")
        feedback.first.wait_for(timeout=3_000)
        assert feedback.first.inner_text().strip(), f"{path}: question {i + 1} gave no feedback"
        assert "correct" in (feedback.first.get_attribute("class") or "").split(), (
            f"{path}: question {i + 1} marks its own right answer wrong"
        )


def test_search_finds_a_term_from_a_chapter(visit: Callable[[str], Visit]) -> None:
    page = visit("search.html?q=rapport").page
    results = page.locator("ul.search li")
    results.first.wait_for(timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.locator("ul.search li a").all()]
    assert any("chapters/00-what-is-the-alliance" in (h or "") for h in hrefs), hrefs


@pytest.mark.parametrize("path", chapter_pages())
def test_glossary_and_citation_links_resolve(visit: Callable[[str], Visit], path: str) -> None:
    page = visit(path).page
    terms = page.locator("a.reference.internal:has(span.xref.std-term)")
    citations = page.locator("span.cite a, a.reference.internal[href*='#id']")
    assert terms.count() >= 3, f"{path} links fewer than 3 key terms to the glossary"
    assert citations.count() >= 1, f"{path} has no citation links"
    targets = {a.get_attribute("href") for a in terms.all() + citations.all()}
    by_page: dict[str, set[str]] = {}
    for href in filter(None, targets):
        url, fragment = urldefrag(urljoin(page.url, href))
        assert fragment, f"{path}: link {href} names no place on its page"
        by_page.setdefault(url, set()).add(fragment)
    other = page.context.new_page()
    for url, fragments in by_page.items():
        other.goto(url)
        ids = set(other.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
        missing = sorted(fragments - ids)
        assert missing == [], f"{path}: links to {url} point to nothing: {missing}"
    other.close()


@pytest.mark.parametrize("path", toc_pages())
def test_no_serious_accessibility_violations(visit: Callable[[str], Visit], path: str) -> None:
    page = visit(path).page
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{path}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in serious)


@pytest.mark.parametrize("path", toc_pages())
def test_charts_and_images_have_text_alternatives(
    visit: Callable[[str], Visit], path: str
) -> None:
    page = visit(path).page
    for chart in page.locator(".alliance-chart").all():
        label = chart.get_attribute("aria-label") or ""
        assert len(label) > 20, f"{path}: a chart has no real text description ({label!r})"
    for image in page.locator("main img").all():
        alt = image.get_attribute("alt")
        assert alt is not None and (alt.strip() or image.get_attribute("role") == "presentation"), (
            f"{path}: image {image.get_attribute('src')} has no alt text"
        )


def test_each_chapter_downloads_as_a_notebook() -> None:
    for path in chapter_pages():
        notebook = HTML_DIR / "_sources" / Path(path).with_suffix(".ipynb")
        assert notebook.exists(), f"{path} has no .ipynb download"
