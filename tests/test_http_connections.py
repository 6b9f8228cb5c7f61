"""Connections as a resource: the per-address cap, the receive deadline, and /healthz, through `jingwang serve`.

The server runs as the installed command with a short deadline and a small cap, so each test takes
about a second. Clients from 127.0.0.2 play the greedy address (Linux routes 127.0.0.0/8 to loopback);
127.0.0.1 is everyone else.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

JINGWANG = Path(sys.executable).with_name("jingwang")
CAP = 8
DEADLINE = 0.5
HALF_SENT = b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: appl"
GREEDY, POLITE = "127.0.0.2", "127.0.0.1"


@contextlib.contextmanager
def serving(seeded_db: Path, *options: str) -> Iterator[int]:
    """`jingwang serve` with `options` on a free port until every worker has started; yields the port."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("JINGWANG_")}
    arguments = ["serve", "--port", "0", "--db", str(seeded_db), "--no-access-log", *options]
    server = subprocess.Popen(
        [str(JINGWANG), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**environment, "PYTHONUNBUFFERED": "1"},
    )
    workers = int(options[options.index("--workers") + 1]) if "--workers" in options else 1
    try:
        assert server.stdout is not None
        output = ""
        while output.count("Application startup complete") < workers:
            line = server.stdout.readline()
            if not line:
                pytest.fail(f"the server stopped:\n{output}")
            output += line
        url = next(line for line in output.splitlines() if line.startswith("GraphiQL:"))
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        time.sleep(0.2)  # a worker logs its start-up just before it listens
        yield port
    finally:
        os.killpg(server.pid, 9)
        server.wait()
        assert server.stdout is not None
        server.stdout.close()


@pytest.fixture(scope="module")
def port(seeded_db: Path) -> Iterator[int]:
    with serving(seeded_db, "--max-connections-per-address", str(CAP), "--receive-timeout", str(DEADLINE)) as chosen:
        yield chosen


def connect(port: int, source: str) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def answer(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection; b"" for a reset."""
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := connection.recv(65536):
            received += chunk
    return received


def get_healthz(port: int, source: str = POLITE) -> tuple[bytes, float]:
    """The status line of GET /healthz and the seconds it took."""
    started = time.perf_counter()
    with connect(port, source) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status = answer(connection).split(b"\r\n", 1)[0]
    return status, time.perf_counter() - started


@pytest.mark.slow
def test_connections_past_the_cap_are_closed_and_other_addresses_are_served(port: int) -> None:
    held = [connect(port, GREEDY) for _ in range(CAP)]
    for connection in held:
        connection.sendall(HALF_SENT)
    try:
        time.sleep(0.1)
        with connect(port, GREEDY) as extra:
            refused = answer(extra)
        assert refused == b"" or refused.startswith(b"HTTP/1.1 503 "), refused
        assert get_healthz(port, POLITE)[0] == b"HTTP/1.1 200 OK"
    finally:
        for connection in held:
            connection.close()


@pytest.mark.slow
def test_many_half_sent_requests_from_one_address_leave_another_served_quickly(port: int) -> None:
    held = []
    try:
        for _ in range(300):
            connection = connect(port, GREEDY)
            with contextlib.suppress(OSError):  # the server may already have closed one past the cap
                connection.sendall(HALF_SENT)
            held.append(connection)
        status, seconds = get_healthz(port, POLITE)
    finally:
        for connection in held:
            connection.close()
    assert status == b"HTTP/1.1 200 OK"
    assert seconds < DEADLINE


@pytest.mark.slow
@pytest.mark.parametrize(
    "sent",
    [b"", HALF_SENT, HALF_SENT + b'ication/json\r\nContent-Length: 50\r\n\r\n{"q'],
    ids=["nothing", "half-a-head", "half-a-body"],
)
def test_a_request_that_does_not_arrive_in_time_is_answered_408_and_closed(port: int, sent: bytes) -> None:
    with connect(port, GREEDY) as connection:
        connection.sendall(sent)
        started = time.perf_counter()
        received = answer(connection)
        waited = time.perf_counter() - started
    assert received.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), received
    assert DEADLINE * 0.8 < waited < DEADLINE + 1


@pytest.mark.slow
def test_a_kept_alive_connection_asking_in_time_outlives_the_deadline(port: int) -> None:
    with connect(port, GREEDY) as connection:
        for _ in range(4):
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            received = b""
            while not received.endswith(b"}") and (chunk := connection.recv(65536)):  # head, body: two writes
                received += chunk
            assert received.startswith(b"HTTP/1.1 200 OK\r\n"), received
            time.sleep(DEADLINE * 0.6)


@pytest.mark.slow
def test_two_workers_apply_the_deadline(seeded_db: Path) -> None:
    with (
        serving(seeded_db, "--workers", "2", "--receive-timeout", str(DEADLINE)) as chosen,
        connect(chosen, GREEDY) as connection,
    ):
        connection.sendall(HALF_SENT)
        assert answer(connection).startswith(b"HTTP/1.1 408 ")


def test_healthz_answers_ok_and_is_never_cached(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json(), response.headers["cache-control"]) == (
        200,
        {"status": "ok"},
        "no-store",
    )


@pytest.mark.slow
def test_healthz_answers_over_http(port: int) -> None:
    with connect(port, POLITE) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head, _, body = answer(connection).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert json.loads(body) == {"status": "ok"}
