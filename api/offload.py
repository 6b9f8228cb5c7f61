"""Where a query runs: on the event loop, or in a query process so that it cannot hold the loop.

The decision, and why (figures in bench/RESULTS.md, "Fair use"): a query executes synchronously,
so on the loop a heavy query holds every other request, static files and /healthz included, until
it ends. Worker threads (the previous design) free the loop from the query's SQL but not from its
Python work and the garbage collections it sets off: they hold the interpreter lock the loop
needs, so under attack polite clients' p99 stayed ~10× what it was alone and /healthz took up to
100 ms. A process of its own takes the heavy query off the loop's interpreter altogether; at
niceness +10 it also yields the CPU to the loop whenever both want it. Each query process opens
its own read-only connection (the time limit is a progress handler, which SQLite keeps per
connection) and keeps its own caches, so one-off heavy queries no longer fill the loop's.

A hop to a process costs a cheap request more than the request itself, so a client's requests
run on the loop while they are cheap, and in a query process once its recent requests typically
cost more than `offload_after_ms`, or while it is new (api.fairness measures them). The processes
are forked from a fork server that has imported the schema once (not from the running server,
whose threads make `fork` unsafe), and they stop with the server, or on their own once it is gone.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from api.execution import Call, Database, Executed, execute
from api.lifecycle import freeze_heap, stop_when_orphaned
from api.settings import Settings
from api.transport import TransportError
from db.catalog import Catalog
from db.connection import open_readonly
from schema.errors import INTERNAL
from schema.root import schema_for

#: How much lower than the server's a query process's CPU priority is (nice(1)'s scale).
NICENESS = 10

#: Forked by the fork server with these imported, so that a new query process starts in milliseconds.
_PRELOAD = ["api.offload"]

#: What the query process this module runs in (if it is one) executes with: set once, by `_begin`.
_process: tuple[Settings, Database] | None = None


def _begin(settings: Settings) -> None:
    """Make this process a query process: lower priority, deaf to Ctrl-C, its own connection and schema."""
    global _process
    os.nice(NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its query processes itself
    stop_when_orphaned(lambda: os._exit(1))
    connection = open_readonly(settings.db_path)
    _process = settings, Database(connection=connection, catalog=Catalog.load(connection))
    schema_for(settings.executor)
    freeze_heap()


def _run(call: Call) -> Executed:
    assert _process is not None, "a query process runs calls only once _begin has set it up"
    return execute(*_process, call)


def _ready() -> int:
    """Nothing but proof that a query process has started: its process id."""
    return os.getpid()


class QueryProcesses:
    """`settings.query_processes` processes that execute calls, started and stopped with the app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return ProcessPoolExecutor(
            max_workers=self.settings.query_processes,
            mp_context=context,
            initializer=_begin,
            initargs=(self.settings,),
        )

    def start(self) -> list[int]:
        """Start every process now rather than on the first heavy request; their process ids.

        It blocks until the fork server has imported the schema (about a second): call it from
        a thread, not the loop.
        """
        started = [self._pool.submit(_ready) for _ in range(self.settings.query_processes)]
        return [future.result() for future in started]

    async def run(self, call: Call) -> Executed:
        """`call` executed in a query process; a 503 TransportError if that process died doing it."""
        pool = self._pool
        try:
            return await asyncio.wrap_future(pool.submit(_run, call))
        except BrokenProcessPool:
            if self._pool is pool:  # the first of the calls it broke starts the new processes
                self._pool = self._new_pool()
                pool.shutdown(wait=False)
            raise TransportError(
                503,
                "The process running this query stopped before it answered; it has been replaced. Retry.",
                INTERNAL,
                {"Retry-After": "1"},
            ) from None

    def stop(self) -> None:
        """Stop the processes, once what they run now has finished (the time limit bounds it)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
