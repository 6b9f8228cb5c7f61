"""The /graphql endpoint: GraphiQL for browsers, GraphQL over HTTP for everyone else.

Strawberry executes (api.execution, on the loop or in a query process as api.offload decides); this
module does the HTTP around it (api.transport reads requests, api.persisted resolves hashes,
api.caching validates and stores answers, api.fairness keeps the budgets), because the
stock view answers `application/graphql-response+json` clients as if they had asked for
`application/json` and turns malformed bodies into 500s.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send

from api.caching import Answer, AnswerCache, etag, matches, request_key
from api.execution import Call, Database, Executed, encode, execute
from api.fairness import RATE_LIMITED, Budgets, Throttled
from api.offload import ProcessLost, QueryProcesses
from api.persisted import PersistedQueries, PersistedQueryError
from api.request_id import request_id_of
from api.settings import Settings
from api.transport import GRAPHQL_RESPONSE, JSON, GraphQLRequest, TransportError, read_request, response_media_type
from schema.root import schema_for

#: Persisted-query answers that ask the client to send its query, and how they may be cached.
_SEND_THE_QUERY = {"PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED"}
_PERSISTED_MISS_CACHING = "private, no-cache, must-revalidate"


class GraphQLEndpoint:
    """An ASGI app answering GET and POST at /graphql."""

    def __init__(self, settings: Settings, page: str, known_queries: list[str]) -> None:
        self.settings = settings
        self.page = page
        self.persisted = PersistedQueries(known=known_queries)
        self.answers = AnswerCache(max_bytes=settings.answer_cache_bytes)
        schema_for(settings.executor)  # built now, so that it is in the heap a server process freezes
        self.budgets = (
            None
            if settings.fairness == "off"
            else Budgets(share=settings.fair_share, ceiling=settings.fair_ceiling, window=settings.fair_window)
        )

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
        """Execute on the loop or in a query process (api.offload says why); the answer and what it was charged."""
        call = Call(
            method=request.method,
            request_id=request_id_of(request),
            query=query,
            variables=graphql_request.variables,
            operation_name=graphql_request.operation_name,
            media_type=media_type,
        )
        budgets = self.budgets
        processes: QueryProcesses | None = request.state.query_processes
        typical = None if budgets is None else budgets.typical_cost(client)
        executed: Executed | None = None
        if processes is not None and (typical is None or typical * 1000 >= self.settings.offload_after_ms):
            try:
                executed = await processes.run(client, call)
            except ProcessLost as lost:
                if budgets is not None:  # a call that kills its process is not free to repeat
                    budgets.spend(client, lost.seconds, None)
                raise
        if executed is None:
            executed = execute(self.settings, database, call)
        if budgets is None:
            return executed.answer, executed.cacheable, 0.0
        return executed.answer, executed.cacheable, budgets.spend(client, executed.seconds, executed.answer.requested)

    def with_cost(self, body: bytes, spent: float, client: str) -> bytes:
        """`body` with what this request cost and what `client` has left, at the end of `extensions.cost`.

        The answer is encoded with `extensions.cost` last (api.execution.encode_result), so this appends to the
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
