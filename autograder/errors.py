"""Turn the toolchain's expected errors into one plain sentence, not a traceback."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class Outcome:
    """The command's exit status, set by the command or by the error handler."""

    status: int = 0


@contextlib.contextmanager
def friendly_errors() -> Iterator[Outcome]:
    """Print ``error: <message>`` and exit 1 for the errors a user can act on."""
    outcome = Outcome()
    try:
        yield outcome
    except (ValueError, RuntimeError, FileNotFoundError, PermissionError) as err:
        if os.environ.get("ALLIANCE_DEBUG"):
            raise
        print(f"error: {err}", file=sys.stderr)
        outcome.status = 1
    except BrokenPipeError:  # the output was piped into a command that stopped reading
        outcome.status = 0
    except KeyboardInterrupt:
        print("Stopped. What was graded so far is saved; run the same command again to "
              "finish.", file=sys.stderr)
        outcome.status = 130
