"""Preload for the Dask workers that grade: the ``--preload`` of ``dask worker``.

Dask imports this module while it sets a worker up, before the worker starts its periodic jobs:

- it switches off the worker's statistical profiler, which samples every task thread's stack a
  hundred times a second for a dashboard that grading does not use (measured: about a tenth of
  a grading task's time in the grader process);
- it imports what every grading task needs (``WORKER_MODULES``) once, at start, so the first
  submission a worker takes does not wait for them, as the local pool's fork server does.
"""

from __future__ import annotations

import importlib

import dask

from autograder.grade.executors import WORKER_MODULES

dask.config.set({"distributed.worker.profile.enabled": False})
for _module in WORKER_MODULES:
    importlib.import_module(_module)
