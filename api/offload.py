"""Where a request runs: on the event loop, or in a worker thread so that it cannot hold the loop.

The decision, and why (figures in bench/RESULTS.md, "Fair use"): a query executes synchronously,
so on the loop a heavy query holds every other request, static files included, until it ends.
Every query in a thread frees the loop but costs each cheap request a thread hop. So a client's
requests run on the loop while they are cheap, and in a worker thread once its recent requests
typically cost more than `thread_after_ms` or while it is new (api.fairness measures them). In the
thread, the query's SQL releases the GIL and its Python work gives it up every
`sys.getswitchinterval()`, so the loop keeps answering between slices. Each worker thread reads
through its own read-only connection, as Datasette does, because the time limit is a progress
handler, which SQLite keeps per connection. Worker processes at lower priority (an earlier
attempt) isolate heavy queries further, their caches included, but cost memory and lone-client
throughput; threads are the simpler choice while fair use refuses greedy clients anyway.
What still stalls the loop under attack is the heavy queries' Python work and garbage collections
holding the GIL in the threads (RESULTS.md, "/healthz while heavy requests run"): only a process
of its own would take that off.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from db.connection import open_readonly

#: Worker threads running queries at once: more only queue on the GIL.
THREADS = 2


class ThreadConnections:
    """One read-only connection to `path` per thread, opened the first time the thread asks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = open_readonly(self.path)
        return connection
