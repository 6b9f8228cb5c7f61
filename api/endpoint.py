"""The /graphql endpoint: GraphiQL for browsers, GraphQL over HTTP for everyone else.

Strawberry executes; this module does the HTTP around it (api.transport reads requests,
api.persisted resolves hashes, api.caching validates and stores answers), because the
stock view answers `application/graphql-response+json` clients as if they had asked for
`application/json` and turns malformed bodies into 500s.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Any

import orjson
from anyio import CapacityLimiter, to_thread
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from api.caching import Answer, AnswerCache, etag, matches, request_key
from api.fairness import RATE_LIMITED, Budgets, Throttled
from api.offload import THREADS, ThreadConnections
from api.persisted import PersistedQueries, PersistedQueryError
from api.request_id import request_id_of
from api.settings import Settings
from api.transport import GRAPHQL_RESPONSE, JSON, GraphQLRequest, TransportError, read_request, response_media_type
from db.catalog import Catalog
from db.connection import time_limit
from schema.context import Context
from schema.errors import INTERNAL, TIMEOUT, with_code
from schema.loaders import Loaders
from schema.root import schema_for

#: Codes of answers that depend on more than the request, so must not be reused.
_UNCACHEABLE = {INTERNAL, TIMEOUT}

#: Persisted-query answers that ask the client to send its query, and how they may be cached.
_SEND_THE_QUERY = {"PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED"}
_PERSISTED_MISS_CACHING = "private, no-cache, must-revalidate"


@dataclass(frozen=True)
class Database:
    """The open read-only database and its catalogs, shared by all requests of a process."""

    connection: sqlite3.Connection
    catalog: Catalog


def encode(body: dict[str, Any]) -> bytes:
    """Compact JSON with Chinese as UTF-8 rather than \\u escapes (a third of the bytes).

    orjson writes the same bytes as `json.dumps(ensure_ascii=False, separators=(",", ":"))`,
    ten times faster: on the nested benchmark query that was 5% of a request.
    """
    return orjson.dumps(body)


class GraphQLEndpoint:
    """An ASGI app answering GET and POST at /graphql."""

    def __init__(self, settings: Settings, page: str, known_queries: list[str]) -> None:
        self.settings = settings
        self.page = page
        self.persisted = PersistedQueries(known=known_queries)
        self.answers = AnswerCache(max_bytes=settings.answer_cache_bytes)
        self.schema = schema_for(settings.executor)
        self.budgets = (
            None
            if settings.fairness == "off"
            else Budgets(share=settings.fair_share, ceiling=settings.fair_ceiling, window=settings.fair_window)
        )
        self.threads = ThreadConnections(settings.db_path)
        self.limiter: CapacityLimiter | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.respond(request)
        await response(scope, receive, send)

    async def respond(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            error = TransportError(405, f"{request.method} is not allowed; use GET or POST", "METHOD_NOT_ALLOWED")
            error.headers["Allow"] = "GET, POST"
            return self.refusal(error)
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(self.page, headers={"Cache-Control": "no-cache"})
        try:
            media_type = response_media_type(request.headers.get("accept"))
            graphql_request = await read_request(request, max_body_bytes=self.settings.max_body_bytes)
        except TransportError as error:
            return self.refusal(error)
        client = request.client.host if request.client else "unknown"
        if self.budgets is not None:
            # Before anything that costs: a throttled client's requests are refused for the price of reading them.
            throttled = self.budgets.check(client)
            if throttled is not None:
                return self.throttled(throttled, client, media_type)
        try:
            resolved = self.persisted.resolve(graphql_request)
        except PersistedQueryError as error:
            return self.persisted_refusal(error, media_type)
        if resolved.query is None:
            return self.refusal(TransportError(400, 'the request has no "query"', "BAD_REQUEST"), media_type)

        database: Database = request.state.database
        key = request_key(
            request.method, resolved.query, graphql_request.variables, graphql_request.operation_name, media_type
        )
        tag = etag(database.catalog.content_hash, key)
        caching = self.caching_headers(request, tag)
        if request.method == "GET" and matches(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers=caching)
        answer = self.answers.get(key)
        spent = 0.0
        if answer is None:
            try:
                answer, cacheable, spent = await self.run(
                    client, request, database, graphql_request, resolved.query, media_type
                )
            except TransportError as error:
                return self.refusal(error, media_type)
            if cacheable:
                self.answers.put(key, answer)
                if resolved.register is not None:
                    self.persisted.remember(resolved.register, resolved.query)
            else:
                caching = {"Cache-Control": "no-store"}
        body = answer.body if self.budgets is None else self.with_cost(answer.body, spent, client)
        return Response(body, status_code=answer.status, media_type=media_type, headers=caching)

    async def run(
        self,
        client: str,
        request: Request,
        database: Database,
        graphql_request: GraphQLRequest,
        query: str,
        media_type: str,
    ) -> tuple[Answer, bool, float]:
        """Execute on the loop or in a worker thread (api.offload says why); the answer and what it cost."""
        budgets = self.budgets
        if budgets is None:
            return (*self.execute(request, database, graphql_request, query, media_type), 0.0)
        typical = budgets.typical_cost(client)
        if typical is not None and typical * 1000 < self.settings.thread_after_ms:
            started = time.perf_counter()
            answer, cacheable = self.execute(request, database, graphql_request, query, media_type)
            seconds = time.perf_counter() - started
        else:
            if self.limiter is None:
                self.limiter = CapacityLimiter(THREADS)
            answer, cacheable, seconds = await to_thread.run_sync(
                self.execute_in_thread, request, database, graphql_request, query, media_type, limiter=self.limiter
            )
        return answer, cacheable, budgets.spend(client, seconds, answer.requested)

    def execute_in_thread(
        self, request: Request, database: Database, graphql_request: GraphQLRequest, query: str, media_type: str
    ) -> tuple[Answer, bool, float]:
        """`execute` through this thread's own connection; also the seconds it took, its wait for a thread aside."""
        started = time.perf_counter()
        own = Database(connection=self.threads.connection(), catalog=database.catalog)
        answer, cacheable = self.execute(request, own, graphql_request, query, media_type)
        return answer, cacheable, time.perf_counter() - started

    def with_cost(self, body: bytes, spent: float, client: str) -> bytes:
        """`body` with what this request cost and what `client` has left, at the end of `extensions.cost`.

        The answer is encoded with `extensions.cost` last (see `answer`), so this appends to the
        cached bytes rather than decoding and encoding them again.
        """
        assert self.budgets is not None
        report = {"serverMs": round(spent * 1000, 2), "throttleStatus": self.budgets.status(client)}
        fields = encode(report)[1:-1]
        head = body[:-3]
        return head + (b"" if head.endswith(b"{") else b",") + fields + b"}}}"

    def throttled(self, throttled: Throttled, client: str, media_type: str) -> Response:
        """429 with Retry-After, and the budget left, for a client over its share."""
        assert self.budgets is not None
        error = {
            "message": throttled.message,
            "extensions": {"code": RATE_LIMITED, "retryAfter": throttled.retry_after},
        }
        cost = {"serverMs": 0.0, "throttleStatus": self.budgets.status(client)}
        return Response(
            encode({"errors": [error], "extensions": {"cost": cost}}),
            status_code=429,
            media_type=media_type,
            headers={"Cache-Control": "no-store", "Retry-After": str(throttled.retry_after)},
        )

    def execute(
        self, request: Request, database: Database, graphql_request: GraphQLRequest, query: str, media_type: str
    ) -> tuple[Answer, bool]:
        """Run the query; the encoded answer, and whether it may be reused for the same request."""
        allowed = {OperationType.QUERY} if request.method == "GET" else {OperationType.QUERY, OperationType.MUTATION}
        request_id = request_id_of(request)
        deadline = time.monotonic() + self.settings.time_limit
        context = Context(
            loaders=Loaders(database.connection, database.catalog), request_id=request_id, deadline=deadline
        )
        try:
            with time_limit(database.connection, deadline):
                result = self.schema.execute_sync(
                    query,
                    variable_values=graphql_request.variables,
                    context_value=context,
                    operation_name=graphql_request.operation_name,
                    allowed_operation_types=allowed,
                )
        except MissingQueryError:
            raise TransportError(400, 'the request has no "query"', "BAD_REQUEST") from None
        except InvalidOperationTypeError as error:
            raise TransportError(
                405,
                f"{error.operation_type.value} operations are not allowed over GET; use POST",
                "METHOD_NOT_ALLOWED",
                {"Allow": "POST"},
            ) from None
        except CannotGetOperationTypeError as error:
            result = ExecutionResult(data=None, errors=[GraphQLError(error.as_http_error_reason())])
        return self.answer(result, request_id, media_type)

    def answer(self, result: ExecutionResult, request_id: str, media_type: str) -> tuple[Answer, bool]:
        """The response body and status for a GraphQL result, per GraphQL over HTTP."""
        errors = [with_code(error, request_id) for error in result.errors or ()]
        # An error raised before execution began (no path, no data) is a request error:
        # the result has no "data" entry, and graphql-response+json clients get 400.
        request_error = result.data is None and bool(errors) and all(error.path is None for error in errors)
        body: dict[str, Any] = {} if request_error else {"data": result.data}
        if errors:
            body["errors"] = [error.formatted for error in errors]
        extensions = dict(result.extensions or {})
        cost = extensions.pop("cost", None)
        if cost is not None or self.budgets is not None:
            extensions["cost"] = cost or {}  # last, so that with_cost can append to it
        if extensions:
            body["extensions"] = extensions
        status = 400 if request_error and media_type == GRAPHQL_RESPONSE else 200
        codes = {(error.extensions or {}).get("code") for error in errors}
        requested = cost.get("requested") if cost else None
        return Answer(status=status, body=encode(body), requested=requested), not codes & _UNCACHEABLE

    def caching_headers(self, request: Request, tag: str) -> dict[str, str]:
        if request.method != "GET":
            return {"Cache-Control": "no-store", "Vary": "Accept"}
        return {
            "Cache-Control": f"public, max-age={self.settings.cache_max_age}",
            "ETag": tag,
            "Vary": "Accept",
        }

    def persisted_refusal(self, error: PersistedQueryError, media_type: str) -> Response:
        """A hash the client should follow with its query: 200 and uncached, as Apollo Server answers.

        Clients' persisted-query links are written against Apollo Server (packages/server/src/
        internalErrorClasses.ts); 200 keeps proxies and error handlers from masking the body.
        """
        if error.code in _SEND_THE_QUERY:
            refused = TransportError(200, error.message, error.code, {"Cache-Control": _PERSISTED_MISS_CACHING})
        else:
            refused = TransportError(400 if media_type == GRAPHQL_RESPONSE else 200, error.message, error.code)
        return self.refusal(refused, media_type)

    def refusal(self, error: TransportError, media_type: str = JSON) -> Response:
        return Response(
            encode(error.body()),
            status_code=error.status,
            media_type=media_type,
            headers={"Cache-Control": "no-store", **error.headers},
        )
