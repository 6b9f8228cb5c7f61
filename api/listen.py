"""The server's socket, bound before anything says the server started, and the URLs to open.

`jingwang serve` binds its port itself and hands the socket to uvicorn, so a busy port is one
line naming the port before any start-up message, and `--port 0` prints the port the system
chose. The socket is created as TCP, so that asyncio sets TCP_NODELAY on its connections.
"""

from __future__ import annotations

import errno
import socket

#: Hosts that mean "every interface": a browser cannot open them, so the URLs use loopback.
EVERY_INTERFACE = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}


class CannotListen(Exception):
    """The host and port cannot be bound; the message says why and what to change."""


def bind(host: str, port: int, *, shared: bool = False) -> socket.socket:
    """A TCP socket bound to (host, port); `shared` lets other workers bind the same port (SO_REUSEPORT)."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )[0]
    except socket.gaierror as error:
        raise CannotListen(
            f'cannot listen on --host "{host}" ({error.strerror}); give an address of this machine '
            "(127.0.0.1 for itself alone, 0.0.0.0 for every interface)"
        ) from None
    listener = socket.socket(family, kind, protocol)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT if shared else socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError as error:
        listener.close()
        raise CannotListen(_reason(host, port, error)) from None
    return listener


def _reason(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else 8000
        return (
            f"port {port} on {host} is already in use (by another program, or another jingwang); "
            f"stop it, or serve on another port: --port {other}, or --port 0 for any free one"
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return (
            f"cannot listen on {host}: it is not an address of this machine; "
            "use --host 127.0.0.1 (this machine alone) or --host 0.0.0.0 (every interface)"
        )
    if error.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (ports below 1024 need root); choose --port 8000 or another"
    return f"cannot listen on {host}:{port} ({error.strerror}); check --host and --port"


def start_lines(host: str, port: int) -> list[str]:
    """What `serve` prints once its port is bound: where to point a browser."""
    lines = []
    local = EVERY_INTERFACE.get(host)
    if local is not None:
        lines.append(f"Listening on every network interface ({host}); other machines use this machine's address.")
    else:
        local = f"[{host}]" if ":" in host else host
    base = f"http://{local}:{port}"
    return [*lines, f"GraphiQL:     {base}/graphql", f"Example page: {base}/"]
