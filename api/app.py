"""The ASGI application: `create_app(settings)`, and `app` for `uvicorn api.app:app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.endpoint import GraphQLEndpoint
from api.execution import Database
from api.graphiql import STATIC_DIR, examples, render_page
from api.offload import QueryProcesses
from api.request_id import HEADER, RequestIdMiddleware
from api.settings import Settings
from api.static import StaticAssets
from api.url_limit import UrlLengthLimit


async def example_page(request: Request) -> Response:
    """The live example page at /: the article's figures as charts, each traced to its sentence."""
    return FileResponse(STATIC_DIR / "site" / "index.html", headers={"Cache-Control": "no-cache"})


async def healthz(request: Request) -> Response:
    """A liveness answer for load balancers and orchestrators: the process runs and its loop is free.

    It touches neither the database nor a cache, so it stays cheap; `no-store`, so no cache between
    the checker and the server answers in the server's place.
    """
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


def create_app(settings: Settings) -> Starlette:
    """The app serving `settings.db_path` with `settings`' limits."""
    chosen = settings

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        database = Database.open(chosen.db_path)
        processes = None
        try:
            if chosen.fairness == "on" and chosen.query_processes > 0:  # fair use says which queries go there
                processes = QueryProcesses(chosen)
                await processes.start()
            yield {"database": database, "query_processes": processes}
        finally:
            if processes is not None:
                await to_thread.run_sync(processes.stop)
            database.connection.close()

    endpoint = GraphQLEndpoint(
        chosen,
        page=render_page(endpoint="/graphql", static_prefix="/static/graphiql"),
        known_queries=[example.query for example in examples()],
    )
    return Starlette(
        routes=[
            Route("/", example_page),
            Route("/healthz", healthz),
            Route("/graphql", endpoint),
            Mount("/static", StaticAssets(), name="static"),
        ],
        middleware=[
            *proxies(chosen),
            Middleware(UrlLengthLimit, max_bytes=chosen.max_url_bytes),
            Middleware(RequestIdMiddleware),
            Middleware(
                CORSMiddleware,
                allow_origins=list(chosen.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept", HEADER],
                expose_headers=[HEADER, "ETag"],
                max_age=86400,
            ),
            Middleware(GZipMiddleware, minimum_size=1000),
        ],
        lifespan=lifespan,
    )


def proxies(settings: Settings) -> list[Middleware]:
    """uvicorn's X-Forwarded-For support, for the trusted proxies only: the client address fairness goes by.

    In the app rather than uvicorn's own option so that it holds under any server (and in tests);
    the CLI turns uvicorn's off, which by default trusts 127.0.0.1.
    """
    if not settings.forwarded_allow_ips:
        return []
    return [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.forwarded_allow_ips))]


class EnvironmentApp:
    """`api.app:app` for any ASGI server (`uvicorn api.app:app`).

    It builds the real app from the settings' environment variables when the server first
    calls it (the lifespan startup), not when Python imports this module.
    """

    def __init__(self) -> None:
        self.app: Starlette | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.app is None:
            self.app = create_app(Settings.from_environment())
        await self.app(scope, receive, send)


app = EnvironmentApp()
