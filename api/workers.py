"""`jingwang serve --workers N`: N processes, each with its own listening socket on one port.

Why not uvicorn's own `--workers`: it shares one socket that it creates without naming TCP as
the protocol, so asyncio never sets TCP_NODELAY on the connections and every answer waits for
a delayed ACK; and one worker tends to accept most keep-alive connections. Here each worker
binds the port itself with SO_REUSEPORT (api.listen), so the kernel spreads connections
evenly, and creates its socket as TCP, so answers leave at once (bench/RESULTS.md, "Worker processes").

Workers run in a process group of their own, so the terminal's Ctrl-C reaches this process
alone, which stops them in order (SIGTERM, uvicorn's graceful shutdown): none is interrupted
half-started, and none prints a KeyboardInterrupt traceback. The settings reach the workers
through the environment (api.app.EnvironmentApp).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from types import FrameType
from typing import Any

import uvicorn

from api.app import create_app
from api.connections import guarded_protocol
from api.lifecycle import freeze_heap
from api.listen import bind
from api.settings import Settings, to_environment


def server(settings: Settings, **options: Any) -> uvicorn.Server:
    """The uvicorn server of one process: the app built and the heap frozen, the connection limits on.

    uvicorn's own proxy headers are off (it trusts 127.0.0.1 by default): the app reads them from
    the trusted proxies alone (api.app.proxies). `options` go to uvicorn.Config.
    """
    app = create_app(settings)
    freeze_heap()
    http = guarded_protocol(settings.max_connections_per_address, settings.receive_timeout)
    return uvicorn.Server(uvicorn.Config(app, http=http, proxy_headers=False, **options))


def run_worker(host: str, port: int, log_level: str, access_log: bool) -> None:
    """One worker: its own socket, one uvicorn server, the app built from the environment.

    It stops when its parent is gone (killed, or hung up with its terminal): the terminal's
    signals no longer reach a process group of its own.
    """
    worker = server(Settings.from_environment(), log_level=log_level, access_log=access_log)

    parent = os.getppid()

    def stop_when_orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        worker.should_exit = True

    threading.Thread(target=stop_when_orphaned, daemon=True).start()
    worker.run(sockets=[bind(host, port, shared=True)])


def serve(
    settings: Settings, *, host: str, port: int, workers: int, log_level: str = "info", access_log: bool = True
) -> None:
    """Run `workers` worker processes until SIGINT or SIGTERM, restarting any that dies.

    Stopped by SIGINT (Ctrl-C), it raises KeyboardInterrupt once the workers have stopped, as
    a single uvicorn server does.
    """
    environment = {**os.environ, **to_environment(settings)}
    command = [sys.executable, "-m", "api.workers", host, str(port), log_level, "1" if access_log else ""]
    stopped_by: list[int] = []

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(command, env=environment, process_group=0)

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped_by.append(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    processes = [start() for _ in range(workers)]
    try:
        while not stopped_by:
            time.sleep(0.5)
            processes = [process if process.poll() is None or stopped_by else start() for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if signal.SIGINT in stopped_by:
        raise KeyboardInterrupt


if __name__ == "__main__":
    run_worker(sys.argv[1], int(sys.argv[2]), sys.argv[3], bool(sys.argv[4]))
