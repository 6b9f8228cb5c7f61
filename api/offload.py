"""Where a query runs: on the event loop, or in a query process so that it cannot hold the loop.

On the loop a heavy query holds every other request, /healthz included, until it ends; in a
worker thread its Python work and garbage collections still hold the interpreter lock the loop
needs. So a client's queries run on the loop while they are cheap, and in a query process (niceness
+10, its own interpreter) once its recent requests typically cost at least `offload_after_ms`, or
while it is new (api.fairness measures them). bench/RESULTS.md ("Heavy queries in query processes")
has the figures, and why not threads or `concurrent.futures.ProcessPoolExecutor`.

Each query process is `python -m api.offload FD`: its settings from the environment, as api.workers'
processes; its own read-only connection (the time limit is a progress handler, which SQLite keeps
per connection) and caches; a process group of its own (Ctrl-C is the server's to handle). It
answers one call at a time over a socket pair and exits when the socket closes, so it stops with
the server, killed or not. A free process goes to the waiting clients in turn, so one client's
backlog of heavy queries delays another client's by the call running and one more at most.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import Connection

from anyio import to_thread

from api.execution import Call, Database, Executed, execute
from api.lifecycle import freeze_heap
from api.settings import Settings, to_environment
from api.transport import TransportError
from schema.errors import INTERNAL
from schema.root import schema_for

#: How much lower than the server's a query process's CPU priority is (nice(1)'s scale).
NICENESS = 10

#: Seconds a query process may take to start (import, open the database, build the schema).
START_SECONDS = 60.0

#: Seconds a query process may take to finish its call and exit once the server stops.
STOP_SECONDS = 5.0

logger = logging.getLogger("jingwang.offload")


class ProcessLost(TransportError):
    """The query process died running the call: 503, retry; `seconds` it ran, which its client is charged."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            503,
            "The process running this query stopped before it answered; retry.",
            INTERNAL,
            {"Retry-After": "1"},
        )
        self.seconds = seconds


def _outcome_unread(asked: asyncio.Future[Executed]) -> None:
    """Take the outcome of a call whose request was cancelled, so that asyncio does not report it unread."""
    if not asked.cancelled():
        asked.exception()


class QueryProcess:
    """One running query process and the server's end of the socket to it."""

    def __init__(self, settings: Settings) -> None:
        self.socket, theirs = socket.socketpair()
        with theirs:
            try:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "api.offload", str(theirs.fileno())],
                    pass_fds=[theirs.fileno()],
                    env={**os.environ, **to_environment(settings)},
                    process_group=0,
                )
            except OSError:
                self.socket.close()
                raise
        self.connection = Connection(os.dup(self.socket.fileno()))
        self._stopping = threading.Lock()

    def wait_started(self) -> None:
        """Wait (in a thread) for the process to say it is ready; EOFError if it died starting, TimeoutError."""
        if not self.connection.poll(START_SECONDS):
            raise TimeoutError(f"query process {self.process.pid} did not start within {START_SECONDS:g} s")
        self.connection.recv()

    def ask(self, call: Call) -> Executed:
        """`call` executed by the process, waiting for it (so: in a thread); what it raised there is raised here.

        EOFError or OSError if the process died.
        """
        self.connection.send(call)
        outcome: Executed | BaseException = self.connection.recv()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def stop(self) -> None:
        """Close the socket, so that the process exits after its current call; kill it after STOP_SECONDS.

        Shut down first: that wakes a thread still waiting for an answer, where closing would not.
        Stopping twice (the server stopping as a dead process is replaced) does nothing more.
        """
        with self._stopping:
            if not self.connection.closed:
                with contextlib.suppress(OSError):  # the process has gone already
                    self.socket.shutdown(socket.SHUT_RDWR)
                self.connection.close()
                self.socket.close()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class QueryProcesses:
    """`settings.query_processes` query processes, started and stopped with the app, handed out in turn."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._all: list[QueryProcess] = []
        self._idle: deque[QueryProcess] = deque()  # used in turn, so a dead one is found at its next call
        self._waiting: dict[str, deque[asyncio.Future[QueryProcess | None]]] = {}  # by client, in turn
        self._stopping = False

    async def start(self) -> None:
        """Start every process and wait until each has its database and schema (about a second, together)."""
        self._all = [QueryProcess(self.settings) for _ in range(self.settings.query_processes)]
        for process in self._all:
            try:
                await to_thread.run_sync(process.wait_started)
            except (EOFError, OSError) as error:
                raise RuntimeError(
                    f"a query process could not start (its error is above; {error!r}); "
                    "--query-processes 0 runs every query on the event loop"
                ) from None
        self._idle = deque(self._all)

    async def run(self, client: str, call: Call) -> Executed | None:
        """`call` executed in a query process; None if none is left (none could be restarted): run it here.

        ProcessLost if the process died running it. The call runs to its end even if the request is
        cancelled, so that no process is handed a call while it owes an answer.
        """
        process = await self._acquire(client)
        if process is None:
            return None
        asked = asyncio.ensure_future(self._ask(process, call))
        try:
            return await asyncio.shield(asked)
        except asyncio.CancelledError:
            asked.add_done_callback(_outcome_unread)
            raise

    async def _ask(self, process: QueryProcess, call: Call) -> Executed:
        """The call's outcome; on the process's death, the process replaced (its request waits for that)."""
        started = time.perf_counter()
        died = False
        try:
            return await to_thread.run_sync(process.ask, call)
        except (EOFError, OSError):
            died = True
            seconds = time.perf_counter() - started
            await self._replace(process)
            raise ProcessLost(seconds) from None
        finally:
            if not died:  # answered, or refused, or failed there: the process is free again
                self._release(process)

    async def _replace(self, dead: QueryProcess) -> None:
        """Put a started process in `dead`'s place, or drop the place if none starts (or the server stops)."""
        fresh = None if self._stopping else await to_thread.run_sync(self._replacement, dead)
        if fresh is not None and self._stopping:
            await to_thread.run_sync(fresh.stop)
            fresh = None
        if fresh is None:
            self._all.remove(dead)
        else:
            self._all[self._all.index(dead)] = fresh
        self._release(fresh)

    def _replacement(self, dead: QueryProcess) -> QueryProcess | None:
        """A started process in place of `dead`, or None (logged) if a new one does not start."""
        fresh: QueryProcess | None = None
        try:
            dead.stop()
            status = dead.process.returncode
            logger.error("query process %d stopped (exit status %s); starting another", dead.process.pid, status)
            fresh = QueryProcess(self.settings)
            fresh.wait_started()
        except Exception:
            logger.exception("a new query process did not start: one query process fewer")
            if fresh is not None:
                fresh.stop()
            return None
        return fresh

    async def _acquire(self, client: str) -> QueryProcess | None:
        """An idle process, once it is `client`'s turn; None if no process is left."""
        if not self._all:
            return None
        if self._idle and not self._waiting:
            return self._idle.popleft()
        turn: asyncio.Future[QueryProcess | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(turn)
        try:
            return await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self._release(turn.result())  # handed over just as the request was cancelled
            else:
                queue = self._waiting.get(client)
                if queue is not None and turn in queue:
                    queue.remove(turn)
                    if not queue:
                        del self._waiting[client]
            raise

    def _release(self, process: QueryProcess | None) -> None:
        """Hand `process` to the first waiting client, then move that client behind the others."""
        if process is None:
            if not self._all:  # the last one is gone: everyone waiting runs on the loop
                for queue in self._waiting.values():
                    for turn in queue:
                        if not turn.done():
                            turn.set_result(None)
                self._waiting.clear()
            return
        while self._waiting:
            client = next(iter(self._waiting))
            queue = self._waiting.pop(client)
            turn = queue.popleft()
            if queue:
                self._waiting[client] = queue
            if not turn.done():
                turn.set_result(process)
                return
        self._idle.append(process)

    def stop(self) -> None:
        """Stop every process; a call still running is answered 503 (the server drains requests first)."""
        self._stopping = True
        for process in list(self._all):
            process.stop()


def serve(connection: Connection) -> None:
    """The query process: say it is ready, then answer calls from `connection` until it closes."""
    os.nice(NICENESS)
    settings = Settings.from_environment()
    database = Database.open(settings.db_path)
    schema_for(settings.executor)
    freeze_heap()
    connection.send(None)
    while True:
        try:
            call: Call = connection.recv()
        except (EOFError, OSError):
            return
        outcome: Executed | BaseException
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
        del outcome  # an answer may be megabytes: not kept while idle


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
