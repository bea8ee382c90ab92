"""The bubblewrap sandbox that student code runs in, and the limits it runs under.

Only the *kernel* (the process that runs students' code) is sandboxed; nbgrader itself runs
outside. Inside the sandbox the kernel sees:

- the operating system's programs and libraries and the course's Python, read-only;
- its working folder ``/home/student``, a small private RAM disk holding a copy of the
  assignment's data files (never the notebooks, solutions, tests or gradebook);
- a small private ``/tmp``; no network (``--unshare-net``); its own process tree
  (``--unshare-pid``); and the folder of Unix sockets it talks to the grader through.

It runs as an unprivileged user (each task gets its own user id, so the process limit binds:
``RLIMIT_NPROC`` is not enforced for root), with limits on memory (``RLIMIT_AS``), processes,
file size, open files and CPU time. Nothing it writes outlives the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

HOME = "/home/student"
UID_CHECK = 199999  # the user id of the start-up check
DATA = "/srv/data"
INSTALL_HINT = (
    "Grading runs students' code inside a sandbox made with bubblewrap, which is not installed. "
    "Install it with:  sudo apt-get install bubblewrap  (or grade without a sandbox, at your "
    "own risk, with --unsafe)."
)

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Times in seconds, sizes in bytes."""

    cell_timeout: int = 60
    submission_timeout: int = 300
    memory: int = 2048 * _MB
    processes: int = 64
    file_size: int = 64 * _MB
    open_files: int = 256
    scratch: int = 256 * _MB
    output_per_cell: int = 1 * _MB
    output_total: int = 5 * _MB

    def as_dict(self) -> dict[str, int]:
        """Plain values (for task descriptions and JSON)."""
        return asdict(self)


def bwrap_path() -> str | None:
    """Return the path of ``bwrap``, or None when bubblewrap is not installed."""
    return shutil.which("bwrap")


def privileged() -> bool:
    """True when grading runs as root (the kernel then switches to its own user id)."""
    return os.geteuid() == 0


def python_roots() -> list[str]:
    """Folders the kernel's Python needs to read: this environment and its base install."""
    roots = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix),
             os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}
    return sorted(r for r in roots if r and not r.startswith(("/usr", "/etc")) and r != "/")


def _parents(path: str) -> list[str]:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        target = Path("/") / name
        if target.is_symlink():
            args += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            args += ["--ro-bind", str(target), str(target)]
    return args


def sandbox_command(inner: list[str], *, conn_dir: str, data_dir: str | None, uid: int,
                    limits: Limits) -> list[str]:
    """Wrap ``inner`` (the kernel's command line) so it runs inside the sandbox.

    ``conn_dir`` (the kernel's Unix sockets and connection file) is bound at the same path
    inside; ``data_dir`` (the assignment's data files) is bound read-only and copied into the
    kernel's working folder before the kernel starts.
    """
    bwrap = bwrap_path() or "bwrap"
    args = [bwrap, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--hostname", "sandbox", *_system_binds()]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(16 * _MB), "--tmpfs", "/dev/shm",
             "--perms", "1777", "--size", str(64 * _MB), "--tmpfs", "/tmp",
             "--perms", "0755", "--dir", "/home",
             "--perms", "1777", "--size", str(limits.scratch), "--tmpfs", HOME]
    # Binds come after the RAM disks (a later mount on /tmp would hide them), each with its
    # parent folders made traversable (bubblewrap would otherwise create them private).
    made: set[str] = {"/usr", "/etc", "/tmp", "/home", HOME}
    for root in [*python_roots(), conn_dir]:
        for parent in _parents(root):
            if parent not in made:
                made.add(parent)
                args += ["--perms", "0755", "--dir", parent]
        made.add(root)
    for root in python_roots():
        args += ["--ro-bind", root, root]
    args += ["--bind", conn_dir, conn_dir]
    if data_dir:
        args += ["--perms", "0755", "--dir", str(Path(DATA).parent), "--ro-bind", data_dir, DATA]
    args += ["--chdir", HOME, "--clearenv", *_env_args()]
    cpu = limits.submission_timeout + 30
    if not privileged():
        # Not root: a user namespace of its own. There the process limit counts only the
        # sandbox's processes, so it binds without changing user.
        args[1:1] = ["--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL"]
    args += ["/usr/bin/prlimit", f"--as={limits.memory}", f"--nproc={limits.processes}",
             f"--fsize={limits.file_size}", f"--nofile={limits.open_files}",
             f"--cpu={cpu}", "--core=0", "--"]
    if privileged():
        # Root: RLIMIT_NPROC is not enforced for root (nor for root mapped into a user
        # namespace), so the kernel runs as a real unprivileged user id of its own.
        args += ["/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                 "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]
    if data_dir:
        # Writable copies of the data files, owned by the kernel's user, in its own folder.
        args += ["/bin/sh", "-c", 'cp -R "$0"/. . 2>/dev/null; exec "$@"', DATA]
    return args + inner


def sandbox_problem(limits: Limits | None = None) -> str | None:
    """Try the sandbox once (a program that does nothing); return what went wrong, or None."""
    with tempfile.TemporaryDirectory(prefix="alliance-check-") as conn:
        command = sandbox_command(["/bin/true"], conn_dir=conn, data_dir=None,
                                  uid=UID_CHECK, limits=limits or Limits())
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=30,
                                    check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            return str(err)
    if result.returncode == 0:
        return None
    return (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]


def _env_args() -> list[str]:
    env = {
        "PATH": os.pathsep.join([os.path.join(sys.prefix, "bin"), "/usr/bin", "/bin"]),
        "HOME": HOME, "USER": "student", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "TMPDIR": "/tmp", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib",
        "IPYTHONDIR": "/tmp/ipython", "JUPYTER_RUNTIME_DIR": "/tmp/jupyter",
        "JUPYTER_DATA_DIR": "/tmp/jupyter", "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2",
        "NBGRADER_EXECUTION": "autograde",
    }
    args: list[str] = []
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args
