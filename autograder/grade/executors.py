"""Where grading tasks run: this computer's processes, or a Dask cluster.

Both are ``concurrent.futures`` executors, and the coordinator (:mod:`autograder.grade.coordinator`)
uses them the same way: it submits ``grade_submission(task, bundle)`` once per student and
merges each result as it arrives. Only two things differ, and they live here:

- the assignment's bundle (source notebooks, data, template gradebook) goes to a Dask cluster
  once, with ``Client.scatter(..., broadcast=True)``; a local pool gets it with each task;
- a worker that dies: a local pool breaks (every unfinished task fails with
  ``BrokenProcessPool``) and is started again for one more try of those tasks; Dask moves the
  work to another worker on its own, and gives up (``KilledWorker``) once a task has killed
  ``distributed.scheduler.allowed-failures`` workers. A task that *raises* is retried once on
  a cluster (``retries=1``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import typing as t
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass


class ExecutorError(RuntimeError):
    """The cluster cannot be used; the message names it and says why."""


def default_workers() -> int:
    """One grading process per available CPU core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Runner:
    """An executor to submit tasks to, and how to hand it the assignment's bundle."""

    executor: Executor
    where: str
    share: t.Callable[[t.Any], t.Any] = lambda bundle: bundle
    restart: t.Callable[[int], Executor] | None = None  # a fresh local pool after a crash


def worker_lost(err: BaseException) -> bool:
    """True when a task failed because its worker process died (not because it raised)."""
    if isinstance(err, BrokenProcessPool):
        return True
    return type(err).__name__ == "KilledWorker"


# What every grading task imports (nbgrader's converter, nbconvert, the sandboxed kernel
# manager, and the simulations that make per-student data): about two seconds of a processor
# for each new Python. The fork server imports them once and every worker it forks starts with
# them loaded.
WORKER_MODULES = ["autograder.grade.task", "autograder.grade.execute", "nbgrader.converters",
                  "nbgrader.preprocessors", "nbconvert.preprocessors", "nbgrader.api",
                  "alliance.data.variants"]


def _pool_context() -> multiprocessing.context.BaseContext:
    # A fork server, not a plain fork: a fork of this process while one of its threads holds
    # a lock (the progress bar, a crashed pool's manager) can leave the new worker stuck for
    # ever; the server is a fresh Python that forks each worker from a clean state.
    if sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_MODULES)
    return context


def start_local_workers() -> None:
    """Start the local pool's fork server now, so its imports run while the coordinator's do.

    Optional: the pool starts it anyway on its first task, only later.
    """
    if sys.platform == "linux":
        from multiprocessing import forkserver

        _pool_context()
        forkserver.ensure_running()


@contextmanager
def local_runner(workers: int) -> Iterator[Runner]:
    """A pool of ``workers`` processes on this computer."""
    context = _pool_context()

    pools: list[ProcessPoolExecutor] = []

    def start(size: int = workers) -> Executor:
        pools.append(ProcessPoolExecutor(max_workers=size, mp_context=context))
        return pools[-1]

    try:
        yield Runner(executor=start(), where=f"{workers} process(es) on this computer",
                     restart=start)
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_runner(address: str, connect_timeout: float = 10) -> Iterator[Runner]:
    """The Dask cluster whose scheduler listens at ``address`` (``tcp://host:8786``)."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover (distributed is a dependency of the course)
        raise ExecutorError("grading on a cluster needs Dask: pip install distributed") from None
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ExecutorError(f"cannot reach the Dask scheduler at {address} ({err}); "
                            "is it running, and is the address right?") from None
    try:
        workers = client.scheduler_info().get("workers", {})
        if not workers:
            client.wait_for_workers(1, timeout=connect_timeout)
            workers = client.scheduler_info().get("workers", {})
        # Workers started with --resources SANDBOX=1 take one submission at a time each.
        sandboxes = all("SANDBOX" in w.get("resources", {}) for w in workers.values())
        options: dict[str, t.Any] = {"retries": 1, "pure": False}
        if sandboxes:
            options["resources"] = {"SANDBOX": 1}
        runner = Runner(executor=client.get_executor(**options),
                        where=f"the Dask cluster at {address} ({len(workers)} worker(s))",
                        share=lambda bundle: client.scatter(bundle, broadcast=True))
        yield runner
    except TimeoutError:
        raise ExecutorError(f"the Dask scheduler at {address} has no workers; start some "
                            f"with: dask worker {address} --nthreads 1 --resources SANDBOX=1 "
                            "--preload autograder.grade.dask_worker") from None
    finally:
        client.close()
