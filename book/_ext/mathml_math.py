"""Sphinx extension: mathematics as MathML written at build time, instead of MathJax in the page.

MathJax is a 1.2 MB script that a chapter with one formula had to download before the formula
showed. Browsers draw MathML themselves (Chromium since version 109, Firefox and Safari for
longer), and screen readers read it, so the book converts each formula once, at build, with
docutils' own LaTeX-to-MathML converter. Select it with ``html_math_renderer = "mathml"``.

A formula the converter does not understand fails the build with a warning that names it, so an
author sees it at once instead of a reader seeing raw LaTeX.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.utils.math import latex2mathml
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _mathml(translator: Any, node: nodes.Element, latex: str, block: bool) -> str:
    try:
        return latex2mathml.tex2mathml(latex, as_block=block)
    except SyntaxError as error:
        logger.warning("cannot write this formula as MathML (%s): %s", error, latex,
                       location=node)
        return f"<code>{translator.encode(latex)}</code>"


def visit_math(translator: Any, node: nodes.math) -> None:
    """Inline formula: ``$...$``."""
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate"))
    translator.body.append(_mathml(translator, node, node.astext(), block=False))
    translator.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(translator: Any, node: nodes.math_block) -> None:
    """Display formula: ``$$...$$`` or the ``math`` directive."""
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate"))
    for part in (p for p in node.astext().split("\n\n") if p.strip()):
        translator.body.append(_mathml(translator, node, part, block=True))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``mathml`` renderer."""
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
