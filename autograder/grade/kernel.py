"""A Jupyter kernel manager that starts the kernel inside the bubblewrap sandbox.

The kernel talks to the grader over Unix sockets (``transport="ipc"``) in a private folder that
is bound into the sandbox, so cutting the sandbox off the network does not cut it off the
grader. While the kernel starts, that folder belongs to the kernel's user so it can create its
sockets; once the kernel is ready it is handed back to root, so student code cannot write there.
Interrupts are sent as messages: a signal to ``bwrap`` would not reach the kernel inside.
"""

from __future__ import annotations

import math
import os
import time
import typing as t
from pathlib import Path

import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Dict, Float, Int, Unicode

from autograder.grade.sandbox import Limits, privileged, sandbox_command

# Any single message larger than this from the kernel is dropped by ZeroMQ (and the cell that
# produced it fails): a 100 MB print must not be held in the grader's memory.
MAX_MESSAGE_BYTES = 32 * 1024 * 1024
TIMEOUT = "/usr/bin/timeout"  # coreutils: kills the kernel when the notebook's time is up
DEADLINE_GRACE = 5


class SandboxedKernelManager(AsyncKernelManager):
    """Start the kernel under bubblewrap as an unprivileged user, with resource limits."""

    conn_dir = Unicode(help="Private folder for the kernel's sockets and connection file").tag(
        config=True)
    data_dir = Unicode("", help="Folder of data files copied into the kernel's home").tag(
        config=True)
    sandbox_uid = Int(65534, help="User id the kernel runs as").tag(config=True)
    limits = Dict(help="Resource limits (see autograder.grade.sandbox.Limits)").tag(config=True)
    sandboxed = Bool(True, help="False only with --unsafe: no bubblewrap").tag(config=True)
    deadline = Float(0.0, help="Wall-clock time (time.time()) after which the kernel is "
                     "killed; 0: no deadline").tag(config=True)

    def __init__(self, **kwargs: t.Any) -> None:
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.ip = str(Path(self.conn_dir) / "k")
        self.connection_file = str(Path(self.conn_dir) / "kernel.json")

    def _context_default(self) -> zmq.asyncio.Context:
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        self._created_context = True
        return context

    @property
    def kernel_spec(self) -> t.Any:
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return spec

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        inner = super().format_kernel_cmd(extra_arguments)
        if self.deadline:
            # Computed at each start, so a restarted kernel gets only the time that is left.
            left = max(1, math.ceil(self.deadline - time.time()) + DEADLINE_GRACE)
            inner = [TIMEOUT, "-s", "KILL", f"{left}s", *inner]
        if not self.sandboxed:
            return inner
        limits = Limits(**self.limits) if self.limits else Limits()
        return sandbox_command(inner, conn_dir=self.conn_dir, data_dir=self.data_dir or None,
                               uid=self.sandbox_uid, limits=limits)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: t.Any) -> None:
        self.open_conn_dir()
        # Never the folder holding the graded notebook (it contains the hidden tests). In the
        # sandbox the kernel's own folder is set by bubblewrap; unsafe, it is the data copy.
        kw["cwd"] = self.conn_dir if self.sandboxed else (self.data_dir or self.conn_dir)
        await super()._async_launch_kernel(kernel_cmd, **kw)

    def open_conn_dir(self) -> None:
        """Let the kernel's user create its sockets (before a start or restart)."""
        if not self.sandboxed:
            return
        os.chmod(self.connection_file, 0o644)
        for stale in Path(self.conn_dir).glob("k-*"):
            stale.unlink(missing_ok=True)
        if privileged():
            os.chown(self.conn_dir, self.sandbox_uid, self.sandbox_uid)
        os.chmod(self.conn_dir, 0o700)

    def close_conn_dir(self) -> None:
        """Take the socket folder back once the kernel is listening: nothing more is written."""
        if not self.sandboxed or not privileged():
            return
        os.chown(self.conn_dir, 0, 0)
        os.chmod(self.conn_dir, 0o755)
