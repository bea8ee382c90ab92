"""Helpers for page tests: serve the built site on 127.0.0.1 and drive Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
