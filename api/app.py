"""The ASGI application: `create_app(settings)`, and `app` for `uvicorn api.app:app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from api.endpoint import Database, GraphQLEndpoint
from api.graphiql import STATIC_DIR, render_page
from api.request_id import RequestIdMiddleware
from api.settings import Settings
from db.catalog import Catalog
from db.connection import open_readonly


def create_app(settings: Settings | None = None) -> Starlette:
    """The app serving `settings.db_path`; without settings, defaults and environment at startup."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        chosen = settings if settings is not None else Settings.from_environment()
        connection = open_readonly(chosen.db_path)
        try:
            yield {"database": Database(connection=connection, catalog=Catalog.load(connection))}
        finally:
            connection.close()

    endpoint = GraphQLEndpoint(page=render_page(endpoint="/graphql", static_prefix="/static/graphiql"))
    return Starlette(
        routes=[
            Route("/graphql", endpoint),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=[Middleware(RequestIdMiddleware)],
        lifespan=lifespan,
    )


app = create_app()
