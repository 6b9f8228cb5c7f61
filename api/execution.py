"""Executing one request's query to its encoded answer: the same on the event loop and in a query process.

Everything a `Call` carries is plain data, so a call crosses to a query process (api.offload) and
its `Executed` comes back by pickling; the HTTP around it (api.endpoint) stays with the loop.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from graphql import GraphQLError
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from api.caching import Answer
from api.settings import Settings
from api.transport import GRAPHQL_RESPONSE, TransportError
from db.catalog import Catalog
from db.connection import open_readonly, time_limit
from schema.context import Context
from schema.errors import INTERNAL, TIMEOUT, with_code
from schema.loaders import Loaders
from schema.root import schema_for

#: Codes of answers that depend on more than the request, so must not be reused.
_UNCACHEABLE = {INTERNAL, TIMEOUT}


@dataclass(frozen=True)
class Database:
    """An open read-only database and its catalogs, shared by the requests a process runs."""

    connection: sqlite3.Connection
    catalog: Catalog

    @classmethod
    def open(cls, path: Path) -> Database:
        """`path` opened read-only, with its catalogs loaded (the caller closes `connection`)."""
        connection = open_readonly(path)
        try:
            return cls(connection=connection, catalog=Catalog.load(connection))
        except BaseException:
            connection.close()
            raise


@dataclass(frozen=True)
class Call:
    """What executing one request takes besides the database: its method, id, GraphQL and answer type."""

    method: str
    request_id: str
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    media_type: str


@dataclass(frozen=True)
class Executed:
    """The encoded answer, whether it may be reused for the same request, and the seconds it took."""

    answer: Answer
    cacheable: bool
    seconds: float


def encode(body: dict[str, Any]) -> bytes:
    """Compact JSON with Chinese as UTF-8 rather than \\u escapes (a third of the bytes).

    orjson writes the same bytes as `json.dumps(ensure_ascii=False, separators=(",", ":"))`,
    ten times faster: on the nested benchmark query that was 5% of a request.
    """
    return orjson.dumps(body)


def execute(settings: Settings, database: Database, call: Call) -> Executed:
    """Run the call's query against `database` within the time limit; TransportError for what HTTP refuses."""
    started = time.perf_counter()
    allowed = {OperationType.QUERY} if call.method == "GET" else {OperationType.QUERY, OperationType.MUTATION}
    deadline = time.monotonic() + settings.time_limit
    context = Context(
        loaders=Loaders(database.connection, database.catalog), request_id=call.request_id, deadline=deadline
    )
    try:
        with time_limit(database.connection, deadline):
            result = schema_for(settings.executor).execute_sync(
                call.query,
                variable_values=call.variables,
                context_value=context,
                operation_name=call.operation_name,
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
    answer, cacheable = encode_result(result, call, with_budget=settings.fairness == "on")
    return Executed(answer, cacheable, time.perf_counter() - started)


def encode_result(result: ExecutionResult, call: Call, *, with_budget: bool) -> tuple[Answer, bool]:
    """The response body and status for a GraphQL result, per GraphQL over HTTP; whether it may be reused.

    With fair use on, `extensions.cost` is encoded last, so that the endpoint can append what the
    request cost and the client's budget to the (cached) bytes.
    """
    errors = [with_code(error, call.request_id) for error in result.errors or ()]
    # An error raised before execution began (no path, no data) is a request error:
    # the result has no "data" entry, and graphql-response+json clients get 400.
    request_error = result.data is None and bool(errors) and all(error.path is None for error in errors)
    body: dict[str, Any] = {} if request_error else {"data": result.data}
    if errors:
        body["errors"] = [error.formatted for error in errors]
    extensions = dict(result.extensions or {})
    cost = extensions.pop("cost", None)
    if cost is not None or with_budget:
        extensions["cost"] = cost or {}  # last, so that the endpoint's with_cost can append to it
    if extensions:
        body["extensions"] = extensions
    status = 400 if request_error and call.media_type == GRAPHQL_RESPONSE else 200
    codes = {(error.extensions or {}).get("code") for error in errors}
    requested = cost.get("requested") if cost else None
    return Answer(status=status, body=encode(body), requested=requested), not codes & _UNCACHEABLE
