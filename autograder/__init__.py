"""Alliance Lab's instructor toolchain, built on nbgrader; the folders read as the round it runs.

- ``release/``: student versions of the assignments (and a sample class to practise on);
- ``intake/``: a class's submissions (folder or LMS download) and its roster;
- ``grade/``: sandboxed grading tasks on a local pool or a Dask cluster, one gradebook;
- ``review/``: status, manual grading of written answers, feedback pages for students;
- ``export/``: grades in the LMS's import format.

Shared by every stage: ``settings`` (read from ``nbgrader_config.py``, the one configuration),
``workspace`` (where files live), ``assignment`` and ``markers`` (what a source assignment
holds), ``records`` (the grading log), and ``cli`` (the ``alliance-course`` command).
"""

import sys

# Every process of the toolchain starts faster without one optional import: jsonschema (via
# nbformat) imports ``rfc3987_syntax`` if it is installed, which builds a grammar for 2 to 4
# seconds, only to check "iri" strings, which notebooks do not use. Here, so that grading
# workers (local or on a Dask cluster), which import this package first, skip it too.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
