"""Sphinx extension: an offline, accessible web book.

Jupyter Book 1 always loads sphinx-thebe, which adds its script twice (a console error) and
points at unpkg.com. The book offers live code through launch buttons (Binder, JupyterHub), not
Thebe, so Thebe's scripts and styles are dropped from every page. Bibliography entries get
roles that assistive technology understands.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


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
    """Register the page hook."""
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _fix_bibliography_roles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
