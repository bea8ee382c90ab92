"""Make plain ``nbgrader`` commands in this environment use the course's configuration.

nbgrader reads ``nbgrader_config.py`` from the Jupyter config path, which includes
``<sys.prefix>/etc/jupyter``. We write a two-line file there that loads
``autograder/nbgrader_config.py``, so ``nbgrader generate_assignment ex00-orientation`` works from
any folder without copying the course's configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograder.workspace import NBGRADER_CONFIG


def link_nbgrader_config(prefix: Path | None = None) -> Path:
    """Write the environment-wide nbgrader config that loads the course's; return its path."""
    target = Path(prefix or sys.prefix) / "etc" / "jupyter" / "nbgrader_config.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "# Written by Alliance Lab (python -m autograder.config_link): use the course's config.\n"
        f"load_subconfig({str(NBGRADER_CONFIG)!r})  # noqa: F821\n"
    )
    return target


if __name__ == "__main__":
    print(f"nbgrader will use {NBGRADER_CONFIG} (via {link_nbgrader_config()})")
