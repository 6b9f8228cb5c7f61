"""Refuse over-long URLs (414) before anything reads them.

GET requests carry the whole query in the URL; past a few kilobytes that is an attack or
a mistake, and a persisted-query hash (api.persisted) keeps legitimate URLs short.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send


class UrlLengthLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
            if length > self.max_bytes:
                body = json.dumps(
                    {
                        "errors": [
                            {
                                "message": f"the URL is longer than {self.max_bytes} bytes; POST the query instead",
                                "extensions": {"code": "URI_TOO_LONG"},
                            }
                        ]
                    }
                ).encode()
                headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 414, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
