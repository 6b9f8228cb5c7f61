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


def descendants(pid: int) -> list[int]:
    """`pid`'s children, their children, and so on."""
    found, pending = [], children(pid)
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(children(child))
    return found


def query_processes(pid: int) -> list[int]:
    """The query processes (api.offload) among `pid`'s descendants."""
    found = []
    for child in descendants(pid):
        with contextlib.suppress(FileNotFoundError):  # it ended meanwhile
            if b"api.offload" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
    return found
