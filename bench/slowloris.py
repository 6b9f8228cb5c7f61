"""Slowloris: thousands of half-sent requests from one address, and what another address sees meanwhile.

Starts `jingwang serve` as shipped (`servers.start("jingwang-cached")`) over the article database,
opens `--connections` connections from 127.0.0.2 (Linux routes 127.0.0.0/8 to loopback), each sending
half a request head, then asks `{ __typename }` from 127.0.0.1 once a second. It prints how many of
the held connections the server accepted and left open, and the polite address's latency, at each
second up to `--wait` seconds. `--baseline DIR` runs the same against another checkout (a worktree
of main) first, for before and after in one run.

Example:

    git worktree add /tmp/base main
    python -m bench.slowloris --baseline /tmp/base
    python -m bench.slowloris --workers 2
"""

from __future__ import annotations

import contextlib
import json
import resource
import socket
import statistics
import time
import urllib.request
from pathlib import Path

import click

from bench import servers
from bench.environments import ROOT, article_db

HALF_SENT = b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: appl"
GREEDY, POLITE = "127.0.0.2", "127.0.0.1"


def open_held(port: int, count: int) -> list[socket.socket]:
    """`count` connections from GREEDY, each with half a request head sent; those refused at once are dropped."""
    held = []
    for _ in range(count):
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connection.bind((GREEDY, 0))
        try:
            connection.connect(("127.0.0.1", port))
            connection.sendall(HALF_SENT)
        except OSError:
            connection.close()
            continue
        held.append(connection)
    return held


def still_open(held: list[socket.socket]) -> int:
    """How many held connections the server has not closed; those it closed are closed here too.

    The sockets are non-blocking: recv raises BlockingIOError while the connection is open and
    quiet, returns b"" once the server closed it (after any answer, 503 or 408), or raises a reset.
    """
    open_count = 0
    for connection in held:
        if connection.fileno() < 0:
            continue
        try:
            while connection.recv(65536):
                pass
        except BlockingIOError:
            open_count += 1
            continue
        except OSError:
            pass
        connection.close()
    return open_count


def polite_milliseconds(url: str) -> float:
    """One `{ __typename }` from POLITE, on a fresh connection, in milliseconds (inf if it fails)."""
    request = urllib.request.Request(
        url, data=json.dumps({"query": "{ __typename }"}).encode(), headers={"Content-Type": "application/json"}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except OSError:
        return float("inf")
    return (time.perf_counter() - started) * 1000


def measure(label: str, root: Path, db_path: Path, connections: int, wait: int, workers: int) -> None:
    server = servers.start("jingwang-cached" if workers == 1 else "jingwang-2workers", db_path, root=root)
    try:
        port = int(server.url.rsplit(":", 1)[1].split("/")[0])
        alone = [polite_milliseconds(server.url) for _ in range(20)]
        started = time.monotonic()
        held = open_held(port, connections)
        for connection in held:
            connection.setblocking(False)
        opened = time.monotonic() - started
        click.echo(
            f"{label}: polite alone p50 {statistics.median(alone):.1f} ms; "
            f"{len(held)} of {connections} connections opened from {GREEDY} in {opened:.1f} s"
        )
        while (elapsed := time.monotonic() - started) < wait:
            latencies = [polite_milliseconds(server.url) for _ in range(5)]
            click.echo(
                f"  t={elapsed:5.1f} s  still open {still_open(held):5d}  "
                f"polite p50 {statistics.median(latencies):7.1f} ms  max {max(latencies):7.1f} ms"
            )
            time.sleep(max(0.0, 1 - (time.monotonic() - started - elapsed)))
        for connection in held:
            with contextlib.suppress(OSError):
                connection.close()
    finally:
        server.stop()


@click.command()
@click.option("--connections", default=3000, show_default=True, help="Half-sent connections from 127.0.0.2.")
@click.option("--wait", default=14, show_default=True, help="Seconds to watch them after opening.")
@click.option(
    "--workers",
    type=click.Choice(["1", "2"]),
    default="1",
    show_default=True,
    help="1: jingwang serve as shipped; 2: --workers 2 (answer cache off), where each worker has its own cap.",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Another checkout (a worktree of main) measured first, for before and after.",
)
def main(connections: int, wait: int, workers: str, baseline: Path | None) -> None:
    """Measure what half-sent requests from one address hold, and what another address sees meanwhile."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, connections + 1024)), hard))
    db_path = article_db()
    if baseline is not None:
        measure(f"baseline {baseline}", baseline, db_path, connections, wait, int(workers))
    measure("this checkout", ROOT, db_path, connections, wait, int(workers))


if __name__ == "__main__":
    main()
