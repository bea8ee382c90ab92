"""The review stage's HTML pages, as Jinja2 templates with autoescaping (one environment)."""

from __future__ import annotations

import typing as t
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("autograder.review", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def render(template: str, **values: t.Any) -> str:
    """``template`` (a file in this folder) filled in with ``values``, every value escaped."""
    return _environment().get_template(template).render(**values)
