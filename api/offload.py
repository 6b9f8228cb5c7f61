"""Where a request runs: on the event loop, or in a worker thread so that it cannot hold the loop.

The decision, and why (figures in bench/RESULTS.md, "Fairness"): a query runs synchronously, so
on the loop a 40 ms query holds every other request, static files included, for 40 ms, whoever
sent them. Running every query in a thread frees the loop but costs each cheap request a thread
hop, which showed in lone-client throughput. So a client's requests run on the loop while they
are cheap, and in a worker thread once its recent requests typically cost more than
`thread_after_ms` (api.fairness measures them). In the thread, the query's SQL releases the GIL
and its Python work gives it up every `sys.getswitchinterval()`, so the loop keeps answering
cheap requests between slices. Each worker thread reads through its own read-only connection,
as Datasette does, because a connection's progress handler (the time limit) is per connection.
The fork-server alternative (heavy queries in worker processes at lower priority) met the same
targets but doubled memory and cost lone-client throughput; threads are simpler.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from anyio import CapacityLimiter

from db.connection import open_readonly

#: Worker threads running queries at once: more only queue on the GIL.
THREADS = 2


class ThreadConnections:
    """One read-only connection to `path` per thread, opened the first time the thread asks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self.limiter = CapacityLimiter(THREADS)

    def connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = open_readonly(self.path)
        return connection
