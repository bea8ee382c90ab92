"""Sphinx extension: keep a chapter's first visit under the page-weight budget (issue 17).

A reader on a phone pays for every byte a chapter pulls in. The theme ships its icons three
ways (a 1.5 MB icon script, full web fonts, and source maps), and every page loads assets some
pages never use. This extension, with ``book/_templates/layout.html``:

- publishes no source maps (``*.map``) and strips the comments that point at them;
- replaces the icon script (dropped by the layout template) with the theme's own CSS icons,
  drawn from Font Awesome web fonts cut down (fontTools) to the glyphs the site uses;
- loads sphinx-design's stylesheet and script only on pages that use a sphinx-design element;
- leaves out the saved ipywidgets state (up to 80 kB a chapter): the book loads no widget
  manager (``nb_ipywidgets_js`` is empty), so nothing could read it;
- drops the theme stylesheet's rules for icons no page uses (about 75 kB of ``.fa-*``), and
  every rule whose selectors all name a class that no page and no script uses (unused parts
  of Bootstrap, about 100 kB), the way PurgeCSS does; classes that Bootstrap's scripts build
  at run time (``bs-*``, ``show``, ``fade``, ...) are always kept.

``bench/build.py`` measures the result in Chromium: a chapter's first visit must stay within
1.5 MB uncompressed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Font Awesome 6 Free's font files (icons CC BY 4.0, fonts SIL OFL 1.1).
_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
_ICON_RULE = re.compile(r"([^{}]+)\{content:\"\\([0-9a-f]{4,5})\"\}")
_ANY_ICON_CODE = re.compile(r"\"\\((?:f|e)[0-9a-f]{3,4})\"")
_CLASS_ATTR = re.compile(r"class=\"([^\"]*\bfa-[^\"]*)\"")
_SOURCE_MAP_COMMENT = re.compile(
    r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _drop_unused_design_assets(app: Sphinx, pagename: str, templatename: str,
                               context: dict[str, Any], doctree: Any) -> None:
    if 'class="sd-' in context.get("body", ""):
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key]
                            if "sphinx-design" not in str(getattr(asset, "filename", ""))
                            and "design-tabs" not in str(getattr(asset, "filename", ""))]


def _drop_widget_state(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: Any) -> None:
    if "script_files" in context:
        context["script_files"] = [
            asset for asset in context["script_files"]
            if getattr(asset, "attributes", {}).get("type") != _WIDGET_STATE
        ]


def _icon_classes_in_pages(outdir: Path) -> set[str]:
    used: set[str] = set()
    for page in outdir.rglob("*.html"):
        for classes in _CLASS_ATTR.findall(page.read_text(encoding="utf-8", errors="ignore")):
            used.update(c for c in classes.split() if c.startswith("fa-"))
    return used


def _trim_icon_rules(outdir: Path, used: set[str]) -> None:
    """Remove ``.fa-NAME:before{content:...}`` rules for icons that no page uses."""
    sheet = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if not sheet.exists():
        return

    def keep(match: re.Match[str]) -> str:
        names = re.findall(r"\.(fa-[a-z0-9-]+):(?::)?(?:before|after)", match.group(1))
        selectors = [sel for sel in match.group(1).split(",") if sel.strip()]
        icon_only = names and len(names) == len(selectors)
        return match.group(0) if not icon_only or used.intersection(names) else ""

    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(_ICON_RULE.sub(keep, text), encoding="utf-8")


# Classes that scripts may add at run time without spelling them out in full.
_KEEP_PREFIXES = ("bs-", "show", "fade", "collaps", "active", "disabled", "tooltip", "popover",
                  "dropdown", "modal", "was-", "is-", "pst-", "sbt-", "theme-", "scrolled", "hide")


def _used_class_tokens(outdir: Path) -> set[str]:
    """Every class in the built pages, and every word that a script of the site contains."""
    used: set[str] = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="ignore")
        for classes in re.findall(r'class="([^"]*)"', text):
            used.update(classes.split())
    for script in (outdir / "_static").rglob("*.js"):
        used.update(re.findall(r"[A-Za-z][\w-]*", script.read_text(encoding="utf-8",
                                                                     errors="ignore")))
    return used


def _purge_unused_rules(outdir: Path) -> None:
    sheet = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if not sheet.exists():
        return
    used = _used_class_tokens(outdir)

    def dead(selector: str) -> bool:
        return any(name not in used and not name.startswith(_KEEP_PREFIXES)
                   for name in re.findall(r"\.(-?[A-Za-z_][\w-]*)", selector))

    def keep(match: re.Match[str]) -> str:
        selectors = match.group(1)
        if "(" in selectors or selectors.lstrip().startswith("@"):
            return match.group(0)  # :not(a, b) and the like: leave them alone
        parts = [sel for sel in selectors.split(",") if sel.strip()]
        return "" if parts and all(dead(sel) for sel in parts) else match.group(0)

    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(re.sub(r"([^{}]+)\{([^{}]*)\}", keep, text), encoding="utf-8")


def _codepoints_in_use(outdir: Path) -> set[int]:
    """Icon glyphs the built site can show: icon classes in its pages, icons named in its CSS."""
    styles = outdir / "_static" / "styles"
    by_class: dict[str, int] = {}
    in_css: set[int] = set()
    for sheet in styles.glob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        for selectors, code in _ICON_RULE.findall(text):
            for selector in selectors.split(","):
                match = re.fullmatch(r"\s*\.(fa-[a-z0-9-]+):(?::)?(?:before|after)\s*", selector)
                if match:
                    by_class[match.group(1)] = int(code, 16)
        # Icons the theme puts in CSS itself (admonition titles, the collapsed contents arrow).
        without_icon_rules = _ICON_RULE.sub(
            lambda m: "" if m.group(1).lstrip().startswith((".fa-", ".fa ")) else m.group(0), text)
        in_css.update(int(code, 16) for code in _ANY_ICON_CODE.findall(without_icon_rules))
    return in_css | {by_class[c] for c in _icon_classes_in_pages(outdir) if c in by_class}


def _subset_icon_fonts(outdir: Path) -> None:
    webfonts = outdir / "_static" / "vendor" / "fontawesome" / "webfonts"
    target = outdir / "_static" / "icons"
    try:
        from fontTools import subset
    except ImportError:  # then the full fonts stay: heavier pages, but every icon still shows
        logger.info("page_weight: fontTools is not installed; icon fonts are not cut down")
        return
    codepoints = _codepoints_in_use(outdir) | set(range(0x20, 0x7F))  # and plain ASCII
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for stem in _FONTS:
        source = webfonts / f"{stem}.ttf"
        if not source.exists():
            continue
        options = subset.Options()
        options.flavor = "woff"  # zlib; WOFF2 would need the brotli module
        options.layout_features = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        subset.save_font(font, str(target / f"{stem}.woff"), options)
        written.append(stem)
    # Point the theme's own @font-face rules at the cut-down fonts. (A second @font-face for the
    # same family would not do: the browser falls back to the first, full font for any
    # character the cut-down one lacks, even a space.)
    sheet = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    text = sheet.read_text(encoding="utf-8")
    for stem in written:
        text = re.sub(
            rf"url\(\.\./vendor/fontawesome/webfonts/{stem}\.woff2\) format\(\"woff2\"\),"
            rf"url\(\.\./vendor/fontawesome/webfonts/{stem}\.ttf\) format\(\"truetype\"\)",
            f'url(../icons/{stem}.woff) format("woff")', text)
    sheet.write_text(text, encoding="utf-8")
    for heavy in webfonts.glob("*"):
        heavy.unlink()


def _drop_source_maps(outdir: Path) -> None:
    static = outdir / "_static"
    for source_map in static.rglob("*.map"):
        source_map.unlink()
    for asset in [*static.rglob("*.js"), *static.rglob("*.css")]:
        text = asset.read_text(encoding="utf-8", errors="ignore")
        stripped = _SOURCE_MAP_COMMENT.sub("", text)
        if stripped != text:
            asset.write_text(stripped, encoding="utf-8")


def _finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    _drop_source_maps(outdir)
    _subset_icon_fonts(outdir)
    _trim_icon_rules(outdir, _icon_classes_in_pages(outdir))
    _purge_unused_rules(outdir)
    # The icon script is no longer loaded by any page (see book/_templates/layout.html).
    for script in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        script.unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the hooks."""
    app.connect("html-page-context", _drop_unused_design_assets, priority=900)
    app.connect("html-page-context", _drop_widget_state, priority=900)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
