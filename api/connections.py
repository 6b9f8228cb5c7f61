"""Connections are a resource too: a cap on open connections per client address, and a receive deadline.

uvicorn times out an idle keep-alive connection, but not a request that is still arriving: a client
that sends half a request head, or a body slower than a byte a minute, holds its connection and a
file descriptor for as long as it likes, and a few thousand of them exhaust the process's descriptors
(slowloris). `guarded_protocol` returns uvicorn's h11 protocol class extended with two limits:

- each client address may hold at most `max_connections` open connections; the one past the cap is
  answered 503 and closed at once, before it costs a request;
- a request's head and body must arrive within `deadline` seconds of the connection opening (for the
  first request) or of its first bytes (for a later one on a kept-alive connection); past that the
  connection is answered 408 and closed.

Why here and not in the app: the app first sees a request once its head is complete, which is exactly
what a slow client withholds. The address is the connecting one (the socket's peer), never a proxy
header: behind a proxy the cap applies to the proxy's connections, and the proxy must carry its own.
The counts live in the class `guarded_protocol` returns, one per server, so they are per process.
h11 is what uvicorn runs here (httptools is not installed); the limits apply to `jingwang serve`.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


def _answer(status: str, text: str, *headers: str) -> bytes:
    """A whole plain-text HTTP/1.1 answer that closes the connection, written before h11 has a request."""
    body = text.encode() + b"\n"
    head = [f"HTTP/1.1 {status}", "content-type: text/plain; charset=utf-8", "connection: close", *headers]
    return ("\r\n".join([*head, f"content-length: {len(body)}", "", ""])).encode() + body


REFUSED = _answer(
    "503 Service Unavailable", "Too many open connections from your address; close some.", "retry-after: 1"
)
TOO_SLOW = _answer("408 Request Timeout", "The request did not arrive in time; send it again, whole.")
#: h11 states in which the client is still sending its request: its head (IDLE) or its body.
RECEIVING = (h11.IDLE, h11.SEND_BODY)


def guarded_protocol(max_connections: int, deadline: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a per-address connection cap and a receive deadline; 0 turns either off.

    Pass the result as `uvicorn.Config(http=...)`; each call has its own counts.
    """
    open_per_address: Counter[str] = Counter()

    class GuardedProtocol(H11Protocol):
        address = ""
        admitted = False
        timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.address = self.client[0] if self.client else ""
            if max_connections and open_per_address[self.address] >= max_connections:
                transport.write(REFUSED)
                transport.close()
                return
            open_per_address[self.address] += 1
            self.admitted = True
            self._start_deadline()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_deadline()
            if self.admitted:
                self.admitted = False
                open_per_address[self.address] -= 1
                if not open_per_address[self.address]:
                    del open_per_address[self.address]
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state in RECEIVING and not self.transport.is_closing():
                if self.timer is None:
                    self._start_deadline()
            else:
                self._stop_deadline()

        def _start_deadline(self) -> None:
            if deadline:
                self.timer = self.loop.call_later(deadline, self._too_slow)

        def _stop_deadline(self) -> None:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None

        def _too_slow(self) -> None:
            self.timer = None
            if self.transport.is_closing():
                return
            if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
                self.transport.write(TOO_SLOW)
            self.transport.close()

    return GuardedProtocol
