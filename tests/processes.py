"""Finding a process's children in /proc: the servers' worker and query processes, for tests and benchmarks."""

from __future__ import annotations

import contextlib
from pathlib import Path


def children(pid: int) -> list[int]:
    """The child processes of every thread of `pid`: a child started from a thread is listed under that thread."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError):  # the thread ended meanwhile
            found.extend(int(child) for child in (task / "children").read_text().split())
    return found
