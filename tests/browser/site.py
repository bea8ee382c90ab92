"""Helpers for page tests: serve the built site on 127.0.0.1 and drive Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import typing as t
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
# A built site elsewhere (e.g. a second build beside this one) is tested with ALLIANCE_HTML_DIR.
HTML_DIR = Path(os.environ.get("ALLIANCE_HTML_DIR", REPO_ROOT / "_build" / "html"))
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def toc_pages() -> list[str]:
    """Every page in _toc.yml, as a path relative to the site root (e.g. 'book/index.html')."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [entry["file"] for entry in part.get("chapters", [])]
    return [f"{p}.html" for p in pages]


def chapter_pages() -> list[str]:
    """The chapter pages only."""
    return [p for p in toc_pages() if p.startswith("chapters/")]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output readable
        pass


@contextmanager
def serve_site(root: Path = HTML_DIR) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 on a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[t.Any]:
    """Debian's Chromium, headless, for the length of the block (a Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OfflinePage:
    """A page that may load only from ``allowed``; what else it asked for, and its errors."""

    page: t.Any
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def offline_page(browser: t.Any, allowed: str, **context: t.Any) -> OfflinePage:
    """A new page on which every request outside ``allowed`` (a URL prefix) is blocked and
    recorded, as for a reader with no internet; page errors and console errors are recorded."""
    page = browser.new_page(**context)
    opened = OfflinePage(page)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))

    def _route(route: t.Any) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            opened.outside.append(route.request.url)
            route.abort()

    page.route("**/*", _route)
    return opened


def axe_violations(page: t.Any, impacts: tuple[str, ...] = ("minor", "moderate", "serious",
                                                            "critical")) -> list[str]:
    """axe-core's violations of ``impacts`` on the page as it is now (rule id and where)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate("""async () => (await axe.run(document)).violations.map(v => ({
        id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    return [f"{v['id']} ({v['impact']}) at {v['nodes']}" for v in found if v["impact"] in impacts]


# --- Measurements taken inside the page (issue 17: phones, keyboards, screen readers) ---------

MOBILE = {"width": 390, "height": 844}
"""A phone held upright (iPhone 12-15 class): the viewport of the mobile page tests."""
DESKTOP = {"width": 1366, "height": 768}
"""The commonest laptop viewport."""

CONTRAST_JS = """el => {
    // WCAG 2.2 contrast ratio of el's text against the first opaque background behind it.
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const f = v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bg = null;
    for (let n = el; n && !bg; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) { bg = c.slice(0, 3); }
    }
    if (!bg) { bg = rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3); }
    const fg = rgb(getComputedStyle(el).color).slice(0, 3);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
}"""

FOCUS_VISIBLE_JS = """() => {
    // Is the focused element's focus drawn? A visually hidden control (a quiz's radio button)
    // shows it on the nearest visible ancestor, as its label does.
    let el = document.activeElement;
    if (!el || el === document.body) { return false; }
    while (el && el.getBoundingClientRect().width <= 2 && el.parentElement) {
        el = el.parentElement;
    }
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return outline || shadow;
}"""

CHART_FIT_JS = """() => [...document.querySelectorAll('.alliance-chart')].map((chart, i) => {
    // How wide each chart's drawn SVG is against its column, and which text marks it cuts off.
    const svg = chart.querySelector('svg');
    const column = chart.parentElement.getBoundingClientRect();
    const box = svg.getBoundingClientRect();
    const clipped = [...svg.querySelectorAll('text')].filter(t => {
        const r = t.getBoundingClientRect();
        if (!t.textContent.trim() || r.width === 0) { return false; }
        return r.left < box.left - 1 || r.right > box.right + 1
            || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    }).map(t => t.textContent.trim().slice(0, 40));
    return {chart: i + 1, svg: Math.round(box.width), column: Math.round(column.width),
            clipped: clipped};
})"""
