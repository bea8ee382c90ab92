"""Sphinx extension: an offline, accessible web book.

Jupyter Book 1 always loads sphinx-thebe, which adds its script twice (a console error) and
points at unpkg.com. The book offers live code through launch buttons (Binder, JupyterHub), not
Thebe, so Thebe's scripts and styles are dropped from every page. Bibliography entries get
roles that assistive technology understands. A JupyterHub launch button is offered only for a
real hub: a placeholder address (example.edu, a reserved test name, localhost) is dropped with
a warning, which fails the strict build until an instructor sets their hub or leaves it empty.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)
# Names reserved for examples and tests (RFC 2606, RFC 6761), and the usual "example" hosts.
_PLACEHOLDER_TLDS = {"example", "test", "invalid", "localhost"}


def is_placeholder_host(url: str) -> bool:
    """True when ``url`` names no real server: an example, test or local host, or no host."""
    host = (urlparse(url).hostname or "").lower()
    labels = host.split(".")
    return (not host or labels[-1] in _PLACEHOLDER_TLDS or "example" in labels
            or host in {"127.0.0.1", "::1"})


def _drop_placeholder_hub(app: Sphinx, config: Config) -> None:
    launch = (config.html_theme_options or {}).get("launch_buttons") or {}
    url = str(launch.get("jupyterhub_url") or "").strip()
    if url and is_placeholder_host(url):
        logger.warning("launch_buttons.jupyterhub_url is a placeholder (%s): the JupyterHub "
                       "button is left out. Set it to your hub's address or leave it empty.", url)
        launch["jupyterhub_url"] = ""


def _is_thebe(asset: Any) -> bool:
    name = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in name.lower() or "THEBE" in body


def _drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def _fix_bibliography_roles(app: Sphinx, pagename: str, templatename: str,
                            context: dict[str, Any], doctree: Any) -> None:
    # docutils marks bibliography entries with the deprecated DPUB role doc-biblioentry inside
    # a role="list"; assistive technology (and axe) expect list items there.
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the hooks."""
    app.connect("config-inited", _drop_placeholder_hub)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _fix_bibliography_roles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
