"""Where a query runs: on the event loop, or in a query process so that it cannot hold the loop.

Why processes (figures in bench/RESULTS.md, "Fair use"): a query executes synchronously, so on the
loop a heavy query holds every other request, /healthz and static files included, until it ends.
Worker threads (the previous design) took its SQL off the loop but not its Python work and the
garbage collections it sets off, which hold the interpreter lock the loop needs: polite clients'
p99 under attack stayed ~10× what it was alone, and /healthz took up to 100 ms. A process of its
own, at niceness +10, takes the query off the loop's interpreter and yields the CPU to the loop.

A hop to a process costs a cheap request more than the request itself, so a client's requests run
on the loop while they are cheap, and in a query process once its recent requests typically cost
more than `offload_after_ms`, or while it is new (api.fairness measures them).

Why not `concurrent.futures.ProcessPoolExecutor` (tried first): one process that dies breaks the
whole pool, failing the calls running in the others; its fork server and processes outlive a server
killed with SIGKILL; and each process re-runs the server's `__main__`, so a launcher script without
an `if __name__ == "__main__"` guard fails to start. Here each query process is `python -m
api.offload FD`, with its settings in the environment (as api.workers' processes), its own read-only
connection (the time limit is a progress handler, which SQLite keeps per connection) and caches, in
a process group of its own (the terminal's Ctrl-C is the server's to handle). It answers one call at
a time over a socket pair, and exits when the socket closes: the server stopped, or died.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection

from anyio import to_thread

from api.execution import Call, Database, Executed, execute
from api.lifecycle import freeze_heap
from api.settings import Settings, to_environment
from api.transport import TransportError
from db.catalog import Catalog
from db.connection import open_readonly
from schema.errors import INTERNAL
from schema.root import schema_for

#: How much lower than the server's a query process's CPU priority is (nice(1)'s scale).
NICENESS = 10

#: Seconds a query process may take to finish its call and exit once the server stops.
STOP_SECONDS = 5.0

logger = logging.getLogger("jingwang.offload")


class QueryProcess:
    """One running query process and the server's end of the socket to it."""

    def __init__(self, settings: Settings) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "api.offload", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                env={**os.environ, **to_environment(settings)},
                process_group=0,
            )
        self.connection = Connection(ours.detach())

    def ask(self, call: Call | None) -> Executed | None:
        """`call`'s outcome, waiting for it (so: from a thread); None asked, None answered once the process is up.

        EOFError or OSError if the process died; what the call raised there is raised here.
        """
        self.connection.send(call)
        outcome: Executed | BaseException | None = self.connection.recv()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def stop(self) -> None:
        """Close the socket, so that the process exits after its current call; kill it if it does not."""
        self.connection.close()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class QueryProcesses:
    """`settings.query_processes` query processes, each running one call at a time, started and stopped with the app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._idle: asyncio.Queue[QueryProcess] = asyncio.Queue()
        self._all: list[QueryProcess] = []

    async def start(self) -> None:
        """Start every process and wait until each has its database and schema (about a second, together)."""
        self._all = [QueryProcess(self.settings) for _ in range(self.settings.query_processes)]
        for process in self._all:
            await to_thread.run_sync(process.ask, None)
            self._idle.put_nowait(process)

    async def run(self, call: Call) -> Executed:
        """`call` executed in the next free query process; a 503 TransportError if that process died doing it.

        The wait for the answer cannot be cancelled, so that no process is handed a second call
        while it still owes an answer to the first.
        """
        process = await self._idle.get()
        try:
            executed = await to_thread.run_sync(process.ask, call)
        except (EOFError, OSError):
            process = await to_thread.run_sync(self._replace, process)
            raise TransportError(
                503,
                "The process running this query stopped before it answered; it has been replaced. Retry.",
                INTERNAL,
                {"Retry-After": "1"},
            ) from None
        finally:
            self._idle.put_nowait(process)
        assert executed is not None
        return executed

    def _replace(self, dead: QueryProcess) -> QueryProcess:
        """A new process in place of `dead`; its first call waits for it to start."""
        logger.error(
            "query process %d stopped (exit status %s); starting another", dead.process.pid, dead.process.poll()
        )
        dead.stop()
        fresh = QueryProcess(self.settings)
        self._all[self._all.index(dead)] = fresh
        return fresh

    def stop(self) -> None:
        """Stop every process, each once its current call has ended (the time limit bounds it)."""
        for process in self._all:
            process.stop()


def serve(connection: Connection) -> None:
    """The query process: answer calls from `connection` until it closes."""
    os.nice(NICENESS)
    settings = Settings.from_environment()
    database_connection = open_readonly(settings.db_path)
    database = Database(connection=database_connection, catalog=Catalog.load(database_connection))
    schema_for(settings.executor)
    freeze_heap()
    while True:
        try:
            call: Call | None = connection.recv()
        except (EOFError, OSError):
            return
        outcome: Executed | BaseException | None = None
        if call is not None:
            try:
                outcome = execute(settings, database, call)
            except TransportError as refused:
                outcome = refused
            except Exception as error:  # a bug: logged here with its traceback, a 500 from the server
                logger.exception("request %s: unexpected error in a query process", call.request_id)
                outcome = RuntimeError(f"unexpected error in a query process: {error!r}")
        try:
            connection.send(outcome)
        except OSError:
            return


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
