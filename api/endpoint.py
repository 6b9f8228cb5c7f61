"""The GraphQL endpoint: Strawberry's ASGI view, given our context and our GraphiQL page."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.types import ExecutionResult

from api.request_id import request_id_of
from db.catalog import Catalog
from schema.context import Context
from schema.errors import with_code
from schema.loaders import Loaders
from schema.root import schema


@dataclass(frozen=True)
class Database:
    """The open read-only database and its catalogs, shared by all requests of a process."""

    connection: sqlite3.Connection
    catalog: Catalog


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, page: str) -> None:
        super().__init__(schema)
        self.page = page

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        database: Database = request.state.database
        return Context(
            loaders=Loaders(database.connection, database.catalog),
            request_id=request_id_of(request),
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self.page)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            request_id = request_id_of(request)
            result.errors = [with_code(error, request_id) for error in result.errors]
        return process_result(result)

    def encode_json(self, data: object) -> str:
        """Chinese text as UTF-8 rather than \\u escapes: a third of the bytes."""
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
