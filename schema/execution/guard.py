"""The one hook an application has into execution, honoured by both executor classes.

An executor class's `guard` is made once per execution; its `listing` is called before the items
of every list are completed, on the compiled path and graphql-core's alike, because lists are
where an answer's size multiplies. What it raises decides what happens: an Exception fails the
list's field, as a resolver's exception would; a `Refusal` ends the whole execution with its
error and no data.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError
from graphql.execution import Executor


class Refusal(BaseException):
    """Raised by a guard to refuse the whole execution: the result is this error and no data.

    A BaseException, so that no field's error handling (which catches Exception, as graphql-core's
    does) turns it into one null field among others.
    """

    def __init__(self, error: GraphQLError) -> None:
        super().__init__(error)
        self.error = error


class ExecutionGuard:
    """Checks nothing: the guard of an executor class that sets none."""

    def __init__(self, executor: Executor[Any]) -> None:
        """Made for each execution; `executor.context_value` is the request's context."""

    def listing(self, count: int, nodes: list[FieldNode]) -> None:
        """A list of `count` items, asked for by `nodes`, is about to be completed."""
