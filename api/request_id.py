"""A request id for every HTTP request: in the `X-Request-ID` header and in masked errors.

A client reporting "Unexpected error." quotes the id, and the server log line with the
traceback carries the same one. An id the client sends is kept if it looks like one.
"""

from __future__ import annotations

import re
import uuid

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
_NAME = HEADER.lower().encode("ascii")  # ASGI gives header names in lower case
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    """Plain ASGI on the raw header lists: it runs on every request (Starlette's Headers and
    MutableHeaders cost more than the rest of this middleware together)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == _NAME), b"").decode("latin-1")
        request_id = given if _ACCEPTABLE.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        header = (_NAME, request_id.encode("ascii"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        await self.app(scope, receive, send_with_id)


def request_id_of(connection: HTTPConnection) -> str:
    return str(connection.scope.get("state", {}).get("request_id", ""))
