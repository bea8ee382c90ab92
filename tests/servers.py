"""Real servers for the tests, started on 127.0.0.1 and stopped afterwards.

- :func:`dask_cluster`: a ``dask scheduler`` and ``dask worker`` processes (separate programs,
  as an instructor starts them). Each worker runs in a folder of its own, with the course's
  ``exercises/`` folder hidden from it (an empty RAM disk mounted over it in a mount namespace
  of its own), so a task that needed the course folder would fail there.
- :func:`postgres_server`: a PostgreSQL server from Debian's package, in a temporary folder,
  run as an unprivileged user on a private port.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from autograder.workspace import EXERCISES_DIR

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(check, seconds: float, what: str) -> None:  # noqa: ANN001 (a small predicate)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not start within {seconds:g} s")


@dataclass
class Cluster:
    """A running Dask cluster: its scheduler's address and its worker processes."""

    address: str
    workers: list[subprocess.Popen] = field(default_factory=list)
    scheduler: subprocess.Popen | None = None


def _hidden_course(command: list[str]) -> list[str]:
    """Run ``command`` with exercises/ hidden (root: a mount namespace of its own)."""
    if os.geteuid() != 0:
        return command
    script = 'mount -t tmpfs -o size=1m tmpfs "$0" && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script,
            str(EXERCISES_DIR), *command]


@contextmanager
def dask_cluster(workers: int, folder: Path, *, allowed_failures: int = 1) -> Iterator[Cluster]:
    """A scheduler and ``workers`` single-threaded workers, each taking one sandbox."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(allowed_failures),
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    procs: list[subprocess.Popen] = []

    def start(name: str, command: list[str], cwd: Path) -> subprocess.Popen:
        cwd.mkdir(parents=True, exist_ok=True)
        with open(logs / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(proc)
        return proc

    cluster = Cluster(address)
    try:
        cluster.scheduler = start("scheduler", [str(BIN / "dask"), "scheduler", "--host",
                                                "127.0.0.1", "--port", str(port),
                                                "--no-dashboard"], folder / "scheduler")
        for i in range(workers):
            command = [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                       "--resources", "SANDBOX=1", "--preload", "autograder.grade.dask_worker",
                       "--no-dashboard", "--name", f"w{i}",
                       "--local-directory", str(folder / f"worker{i}")]
            cluster.workers.append(start(f"worker{i}", _hidden_course(command),
                                         folder / f"worker{i}"))
        _wait(lambda: _count(address) >= workers, 120, "the Dask cluster")
        yield cluster
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _count(address: str) -> int:
    try:
        from distributed import Client

        with Client(address, timeout=5) as client:
            return len(client.scheduler_info()["workers"])
    except (OSError, TimeoutError):
        return 0


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found and not shutil.which(name):
        raise RuntimeError("PostgreSQL is not installed: sudo apt-get install postgresql")
    return found[-1] if found else str(shutil.which(name))


@contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server with an empty database; yields its SQLAlchemy URL."""
    # Its own folder right under /tmp: the server's user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="alliance-postgres-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    port = free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        user = pwd.getpwnam("nobody")
        os.chown(folder, user.pw_uid, user.pw_gid)
        os.chown(sockets, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, cwd=folder)

    run(_postgres_bin("initdb"), "-D", str(data), "-U", "grader", "--auth=trust",
        "--no-sync", "-E", "UTF8")
    run(_postgres_bin("pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off", "start")
    try:
        run(_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "grader",
            "alliance")
        yield f"postgresql://grader@127.0.0.1:{port}/alliance"
    finally:
        run(_postgres_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
