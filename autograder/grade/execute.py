"""nbgrader's Execute step, made safe: sandboxed kernel, time and output limits, and recovery.

What happens when student code misbehaves, cell by cell:

- it runs longer than the per-cell limit: nbclient interrupts it and the cell fails with
  ``CellTimeoutError``; if the kernel does not answer within a few seconds it is restarted;
- it kills the kernel (a crash, ``os._exit``, the CPU limit): the cell fails with
  ``KernelDied`` and the kernel is restarted. Plain nbgrader stops there and every later test
  fails (nbgrader issue #427); here the earlier cells are quietly run again in the new kernel
  (skipping any that misbehaved), so later parts are graded on their own merits;
- it prints more than the output limit: the rest of its output is dropped, with a note;
- the whole notebook has used up its time: the remaining cells are not run and fail with
  ``TimeLimit``.

Each of these is also written as one JSON line to ``events_file`` for the grading report.
"""

from __future__ import annotations

import json
import time
import typing as t
from collections import defaultdict
from queue import Empty

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Enum, Int, Unicode

from autograder.grade.kernel import SandboxedKernelManager
from autograder.grade.sandbox import Limits

RESPONSIVE_WAIT = 5


def _message_size(msg: dict[str, t.Any]) -> int:
    content = msg.get("content", {})
    if "text" in content:
        return len(content["text"])
    if "data" in content:
        return sum(len(str(v)) for v in content["data"].values())
    if "traceback" in content:
        return sum(len(line) for line in content["traceback"])
    return 0


class SafeExecute(Execute):
    """nbgrader's Execute with a sandboxed kernel, limits and dead-kernel recovery."""

    conn_dir = Unicode(help="Private folder for the kernel's sockets").tag(config=True)
    data_dir = Unicode("", help="Folder of the assignment's data files").tag(config=True)
    sandbox_uid = Int(65534).tag(config=True)
    sandboxed = Bool(True).tag(config=True)
    limits = Dict(help="Resource limits (see autograder.grade.sandbox.Limits)").tag(config=True)
    events_file = Unicode("", help="Where to append one JSON line per incident").tag(config=True)
    cell_limits = Dict(help="Seconds a graded cell may run, by grade_id (sized from the "
                       "reference solution); other cells get limits.cell_timeout").tag(
        config=True)
    kernel_log = Unicode("", help="Where the kernel's own stdout/stderr go").tag(config=True)
    # The sandbox is thrown away with its kernel. A graceful shutdown would only wait for the
    # student's own exit hooks to run (about 0.4 s a notebook, for nothing we keep).
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate").tag(config=True)

    def create_kernel_manager(self) -> SandboxedKernelManager:
        # Every kernel (the first and any restart) is killed in the sandbox when the
        # notebook's time is up, whatever thread or process this runs in.
        self.km = SandboxedKernelManager(
            kernel_name="python3", conn_dir=self.conn_dir, data_dir=self.data_dir,
            sandbox_uid=self.sandbox_uid, limits=self.limits, sandboxed=self.sandboxed,
            deadline=time.time() + self._remaining())
        return self.km

    @property
    def _limits(self) -> Limits:
        return Limits(**self.limits) if self.limits else Limits()

    # -- the notebook -----------------------------------------------------------------------

    def preprocess(self, nb: NotebookNode, resources: t.Any = None,
                   km: t.Any = None) -> tuple[NotebookNode, t.Any]:
        self._started = time.monotonic()
        self._bad: set[int] = set()
        self._cell_bytes: dict[int, int] = defaultdict(int)
        self._total_bytes = 0
        self._cut: set[int] = set()
        self._log_file: t.IO[bytes] | None = None
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self._log_file is not None:
                self._log_file.close()

    async def async_start_new_kernel(self, **kwargs: t.Any) -> None:
        if self.kernel_log:
            # Kept open across restarts (the kernel manager reuses it), closed in preprocess.
            self._log_file = open(self.kernel_log, "ab")  # noqa: SIM115
            kwargs.update(stdout=self._log_file, stderr=self._log_file)
        await super().async_start_new_kernel(**kwargs)

    async def async_start_new_kernel_client(self) -> t.Any:
        kc = await super().async_start_new_kernel_client()
        self.km.close_conn_dir()
        return kc

    # nbclient binds the synchronous names to its own coroutines: rebind them to ours.
    start_new_kernel = run_sync(async_start_new_kernel)
    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def _cell_limit(self, cell: NotebookNode) -> int:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        return int(self.cell_limits.get(grade_id, self._limits.cell_timeout))

    def _remaining(self) -> float:
        return self._limits.submission_timeout - (time.monotonic() - self._started)

    def preprocess_cell(self, cell: NotebookNode, resources: t.Any,
                        index: int) -> tuple[NotebookNode, t.Any]:
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        remaining = self._remaining()
        if remaining <= 1:
            self._fail(cell, index, "TimeLimit",
                       f"Not run: the notebook used up its {self._limits.submission_timeout} "
                       "seconds before reaching this cell.")
            return cell, resources
        self.timeout = int(max(1, min(self._cell_limit(cell), remaining)))
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._fail(cell, index, "KernelDied",
                       "The kernel stopped while running this cell (it crashed, exited, or ran "
                       "out of memory or time); the cells after it ran in a fresh kernel.")
            self._recover(index)
        except CellTimeoutError:
            self._fail(cell, index, "CellTimeoutError",
                       f"This cell did not finish within {self.timeout} seconds, or its output "
                       "was too large to keep.")
            if not self._responsive():
                self._recover(index)
        else:
            if any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
                self._bad.add(index)
                self._event(cell, index, "CellTimeoutError",
                            f"did not finish within {self.timeout} seconds")
                if not self._responsive():
                    self._recover(index)
        return cell, resources

    # -- output limits ----------------------------------------------------------------------

    def output(self, outs: list[NotebookNode], msg: dict[str, t.Any], display_id: str | None,
               cell_index: int) -> NotebookNode | None:
        limits = self._limits
        budget = min(limits.output_per_cell - self._cell_bytes[cell_index],
                     limits.output_total - self._total_bytes)
        size = _message_size(msg)
        if cell_index in self._cut:
            return None
        if size > budget:
            self._cut.add(cell_index)
            if msg["msg_type"] == "stream" and budget > 0:
                kept = {**msg, "content": {**msg["content"],
                                           "text": msg["content"]["text"][:budget]}}
                super().output(outs, kept, display_id, cell_index)
            megabytes = limits.output_per_cell / 1024 / 1024
            outs.append(new_output("stream", name="stderr", text=(
                f"\n[Output cut: this cell printed more than {megabytes:g} MB; "
                "the rest was not kept.]\n")))
            self._event(self.nb.cells[cell_index], cell_index, "OutputLimit",
                        "printed too much output; the rest was dropped")
            return None
        self._cell_bytes[cell_index] += size
        self._total_bytes += size
        return super().output(outs, msg, display_id, cell_index)

    # -- incidents and recovery -------------------------------------------------------------

    def _fail(self, cell: NotebookNode, index: int, ename: str, message: str) -> None:
        self._bad.add(index)
        outputs = [o for o in cell.get("outputs", []) if o.get("ename") != ename]
        outputs.append(new_output("error", ename=ename, evalue=message,
                                  traceback=[f"{ename}: {message}"]))
        cell.outputs = outputs
        self._event(cell, index, ename, message)

    def _event(self, cell: NotebookNode, index: int, kind: str, message: str) -> None:
        if not self.events_file:
            return
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        record = {"cell": grade_id or f"cell {index + 1}", "kind": kind, "message": message}
        with open(self.events_file, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")

    def _responsive(self) -> bool:
        return run_sync(self._async_quiet)("pass", RESPONSIVE_WAIT) == "ok"

    async def _async_quiet(self, source: str, timeout: float) -> str:
        """Run ``source`` without recording it; return "ok", "timeout" or "dead"."""
        assert self.kc is not None and self.km is not None
        msg_id = self.kc.execute(source, silent=True, store_history=False,
                                 allow_stdin=False, stop_on_error=False)
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await self.kc.shell_channel.get_msg(timeout=min(left, 1.0))
            except Empty:
                if not await self.km.is_alive():
                    return "dead"
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return "ok"
        return "timeout"

    def _recover(self, index: int) -> None:
        """Restart the kernel and quietly re-run the good cells before ``index``."""
        run_sync(self._async_recover)(index)

    async def _async_recover(self, index: int) -> None:
        assert self.km is not None and self.kc is not None
        while self._remaining() > 1:
            self.km.open_conn_dir()
            await self.km.restart_kernel(now=True)
            await self.kc.wait_for_ready(timeout=self.startup_timeout)
            self.km.close_conn_dir()
            for j, earlier in enumerate(self.nb.cells[:index]):
                if earlier.cell_type != "code" or j in self._bad or not earlier.source.strip():
                    continue
                budget = min(self._cell_limit(earlier), self._remaining())
                if budget <= 1:
                    return
                if await self._async_quiet(earlier.source, budget) != "ok":
                    self._bad.add(j)
                    break  # that cell misbehaves again: restart without it
            else:
                return
