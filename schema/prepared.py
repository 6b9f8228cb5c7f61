"""A repeated query text kept parsed and validated, its cost limit applied before execution.

Strawberry runs a request through extension hooks (operation, parsing, validation, execution)
and builds a context manager for every hook of every extension on every request. With its
ParserCache and ValidationCache, our validation codes and our limits as four extensions with
five hooks, that machinery and ValidationCache's hashing of the whole document tree to find it
again took 45 of the 295 µs Q1 spent in-process (bench/RESULTS.md, "What each change gained").

This one extension does the same work from its `on_operation` hook. It looks the query text up
among the prepared documents (parsed within the token limit, validated with schema.limits'
rules, validation errors tagged; kept from a text's second request on, see SecondSightCache)
and sets the document and its validation errors on the execution context, which Strawberry then
takes as parsed and validated (it parses only when no document is set and validates only when no
extension has). For a valid document it applies the
cost limit: an operation over it gets its error as the result, and no resolver runs. Every
answer reports the cost in `extensions.cost`. Texts that do not parse are not kept: their
GraphQLSyntaxError is raised again for each request, as Strawberry reports it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cachetools import cached
from graphql import ASTValidationRule, DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from schema.errors import tagged_as_invalid
from schema.execution.admission import SecondSightCache
from schema.limits import VALIDATION_RULES, cost_report, over_cost, parse_limited

#: Query texts kept prepared, least recently used dropped first (the executor keeps as many plans).
MAX_PREPARED = 256
#: Texts asked once that are remembered (by hash) so that a second request keeps them prepared.
SEEN_ONCE = 4 * MAX_PREPARED


@dataclass(frozen=True)
class Prepared:
    document: DocumentNode
    errors: tuple[GraphQLError, ...]


@cached(SecondSightCache(MAX_PREPARED, seen=SEEN_ONCE), lock=threading.Lock())
def prepare(graphql_schema: GraphQLSchema, query: str, rules: tuple[type[ASTValidationRule], ...]) -> Prepared:
    """The query parsed within the token limit and validated with `rules` and schema.limits' own."""
    document = parse_limited(query)
    errors = validate_document(graphql_schema, document, (*rules, *VALIDATION_RULES))
    return Prepared(document, tuple(tagged_as_invalid(errors)))


class PreparedOperations(SchemaExtension):
    """Set the prepared document, its validation errors and, over the cost limit, the result."""

    def __init__(self) -> None:
        super().__init__()
        self.cost: int | None = None

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            graphql_schema = context.schema._schema  # graphql-core's schema; Strawberry has no public name
            prepared = prepare(graphql_schema, context.query, context.validation_rules)
            context.graphql_document = prepared.document
            context.pre_execution_errors = list(prepared.errors)
            if not prepared.errors:
                self.cost, too_complex = over_cost(context)
                if too_complex is not None:
                    # A result set before execution is returned as is; the resolvers never run.
                    context.result = ExecutionResult(data=None, errors=[too_complex])
        yield

    def get_results(self) -> dict[str, Any]:
        return {} if self.cost is None else cost_report(self.cost)
