"""One error shape for every failure: a message that says what to fix and a stable `extensions.code`.

The codes are the README's "Errors" list. Validation errors get theirs when a query text is first
prepared (schema.prepared); the HTTP endpoint passes every error through `with_code` last, after
Strawberry's own steps, which masks our faults ("Unexpected error.", with the request id the log holds).
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError

from db.connection import is_interrupted

logger = logging.getLogger("jingwang.errors")

BAD_USER_INPUT = "BAD_USER_INPUT"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL = "INTERNAL_SERVER_ERROR"
TIMEOUT = "TIMEOUT"


class TimeLimitExceeded(Exception):
    """Raised by the executor once the request's deadline has passed, at the next list it completes.

    Its field gets a TIMEOUT error, as one whose SQL statement the deadline interrupted does
    (db.connection.time_limit): the work stops in Python as well as in SQLite.
    """


def bad_user_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": BAD_USER_INPUT})


def tagged_as_invalid(errors: list[GraphQLError]) -> list[GraphQLError]:
    """Validation errors with their code, which nothing else tells apart from bad variables.

    A rule that gave its errors a code of its own (schema.limits: QUERY_TOO_COMPLEX) keeps it.
    """
    for error in errors:
        error.extensions = {"code": VALIDATION_FAILED, **(error.extensions or {})}
    return errors


def with_code(error: GraphQLError, request_id: str) -> GraphQLError:
    """The error as the client sees it: with its code, or masked if it is a fault of ours.

    Errors raised as GraphQLError by resolvers and validation errors already carry a code;
    a syntax error is the client's; errors without a path (variables that do not fit
    their types, an unknown operation name) are bad input. Anything else is a bug: it is
    logged with its traceback and the client gets "Unexpected error." and the request id.
    """
    extensions: dict[str, Any] = dict(error.extensions or {})
    if "code" in extensions:
        return error
    original = error.original_error
    if original is not None and (is_interrupted(original) or isinstance(original, TimeLimitExceeded)):
        message = "The request ran past the time limit and was stopped; ask for less (smaller pages, less nesting)."
        return _replaced(error, message, {"code": TIMEOUT})
    if isinstance(error, GraphQLSyntaxError) or isinstance(original, GraphQLSyntaxError):
        return _recoded(error, PARSE_FAILED)
    if original is None or isinstance(original, GraphQLError):
        return _recoded(error, BAD_USER_INPUT if error.path is None else INTERNAL)
    logger.error("request %s: unexpected error at %s", request_id, error.path, exc_info=original)
    return _replaced(error, "Unexpected error.", {"code": INTERNAL, "requestId": request_id})


def _replaced(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    """The error at the same place with another message, and no trace of the original."""
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def _recoded(error: GraphQLError, code: str) -> GraphQLError:
    error.extensions = {**(error.extensions or {}), "code": code}
    return error
