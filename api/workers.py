"""`jingwang serve --workers N`: N processes, each with its own listening socket on one port.

Not uvicorn's own `--workers`: it shares one socket created without naming TCP as the protocol,
so asyncio never sets TCP_NODELAY and every answer waits for a delayed ACK, and one worker tends
to accept most keep-alive connections (bench/RESULTS.md, "Worker processes"). Here each worker
binds the port itself with SO_REUSEPORT, so the kernel spreads connections evenly, and creates
its socket as TCP, so answers leave at once. The settings reach the workers through the
environment.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn

from api.app import create_app
from api.settings import Settings, to_environment


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port) that other workers may bind too."""
    family, kind, protocol, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    listener = socket.socket(family, kind, protocol)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind(address)
    return listener


def freeze_heap() -> None:
    """Take everything made so far out of the garbage collector's sight, for the life of the process.

    A server calls this once its app is built: the modules, the schema and the app then stay out
    of the full collections that each request's garbage sets off. Collected first, so no garbage
    of the start-up is kept for good. Never from create_app: an app built in a test must not
    freeze the test run's heap.
    """
    gc.collect()
    gc.freeze()


def run_worker(host: str, port: int, log_level: str, access_log: bool) -> None:
    """One worker: its own socket, one uvicorn server, the app built from the environment."""
    app = create_app(Settings.from_environment())
    freeze_heap()
    config = uvicorn.Config(app, log_level=log_level, access_log=access_log)
    uvicorn.Server(config).run(sockets=[listening_socket(host, port)])


def serve(
    settings: Settings, *, host: str, port: int, workers: int, log_level: str = "info", access_log: bool = True
) -> None:
    """Run `workers` worker processes until interrupted, restarting any that dies."""
    os.environ.update(to_environment(settings))
    context = multiprocessing.get_context("spawn")
    stopping = False

    def start() -> BaseProcess:
        process = context.Process(target=run_worker, args=(host, port, log_level, access_log), daemon=False)
        process.start()
        return process

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    processes = [start() for _ in range(workers)]
    try:
        while not stopping:
            time.sleep(0.5)
            processes = [process if process.is_alive() or stopping else start() for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=30)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
