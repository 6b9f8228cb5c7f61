"""Limits on what one request may ask for, as the README's "Errors" section lists them.

Depth, aliases, directives and tokens depend on the document alone and are checked while
parsing and validating; cost depends on the variables (`first: $n`), so it is checked just before
execution. Every limit answers one code, QUERY_TOO_COMPLEX: whatever the limit, the fix is the
same (ask for less), and GRAPHQL_VALIDATION_FAILED keeps meaning "not a query of this schema".
Cost is GitHub's node count, an upper bound on the nodes of connections
(https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api).
Plain lists through cycles have no size until they run, so both executors count list items as
they complete them, through their guard (ExecutionLimits): past MAX_LIST_ITEMS the request is
refused as a whole, and past the request's deadline the list's field fails with TIMEOUT.

Every count is linear in the document: each definition is visited once and each fragment
totaled once, then reused at every spread (Strawberry's QueryDepthLimiter walks a fragment
again at each spread, exponential in spreads).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from time import monotonic
from typing import Any

from cachetools import cached
from graphql import (
    BREAK,
    ASTValidationRule,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLSyntaxError,
    MaxIntrospectionDepthRule,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    get_nullable_type,
    is_list_type,
    parse,
    value_from_ast_untyped,
    visit,
)
from graphql.execution import Executor
from graphql.utilities import get_operation_ast
from strawberry.types import ExecutionContext

from schema.errors import TimeLimitExceeded
from schema.execution.admission import SecondSightCache
from schema.execution.guard import ExecutionGuard, Refusal
from schema.nodes import MAX_IDS
from schema.pagination import DEFAULT_PAGE, MAX_PAGE

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_DIRECTIVES = 50
MAX_TOKENS = 1_000
MAX_COST = 10_000
MAX_LIST_ITEMS = 10_000

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"

# Counts stop growing here, so a product of page sizes or of fragment spreads stays a small int.
_CAP = 1_000_000_000


@dataclass
class _Part:
    """What one definition holds by itself, and the fragments it spreads with their weights."""

    own: int = 0
    spreads: list[tuple[str, int]] = field(default_factory=list)


_Join = Callable[[_Part, Mapping[str, int]], int]


def _sum(part: _Part, totals: Mapping[str, int]) -> int:
    total = part.own
    for name, weight in part.spreads:
        total = min(_CAP, total + weight * totals.get(name, 0))
    return total


def _deepest(part: _Part, totals: Mapping[str, int]) -> int:
    return max([part.own, *(depth + totals.get(name, 0) for name, depth in part.spreads)])


def _total(part: _Part, fragments: Mapping[str, _Part], join: _Join, totals: dict[str, int]) -> int:
    """`part` with each spread replaced by its fragment's total, each fragment totaled once.

    Fragments are totaled depth first with an explicit stack, so a long chain of fragments
    cannot exhaust Python's recursion limit; a spread of a fragment still open (a cycle)
    counts 0, and unknown fragments count 0 (validation reports both).
    """
    for root, _ in part.spreads:
        if root in totals or root not in fragments:
            continue
        stack = [(root, iter(fragments[root].spreads))]
        open_ = {root}
        while stack:
            name, children = stack[-1]
            for child, _ in children:
                if child in fragments and child not in totals and child not in open_:
                    open_.add(child)
                    stack.append((child, iter(fragments[child].spreads)))
                    break
            else:
                stack.pop()
                open_.discard(name)
                totals[name] = join(fragments[name], totals)
    return join(part, totals)


class _Parts(Visitor):
    """Shared bookkeeping: one _Part per metric for the definition being visited."""

    metrics: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.operations: list[tuple[OperationDefinitionNode, dict[str, _Part]]] = []
        self.fragments: dict[str, dict[str, _Part]] = {}
        self.current: dict[str, _Part] = {}

    def _start(self) -> dict[str, _Part]:
        self.current = {metric: _Part() for metric in self.metrics}
        return self.current

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        self.operations.append((node, self._start()))

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: Any) -> None:
        parts = self._start()
        self.fragments.setdefault(node.name.value, parts)  # of two with one name (an error), the first counts

    def totals(self, metric: str, join: _Join) -> Callable[[dict[str, _Part]], int]:
        """The metric's total for a definition's parts; fragments are totaled once for all operations."""
        fragments = {name: parts[metric] for name, parts in self.fragments.items()}
        totals: dict[str, int] = {}
        return lambda parts: _total(parts[metric], fragments, join, totals)


class _Shape(_Parts):
    """Depth, aliases and directives of every definition, without the schema."""

    metrics = ("depth", "aliases", "directives")

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = [0]

    def _start(self) -> dict[str, _Part]:
        self.levels = [0]
        return super()._start()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        exempt = self.levels[-1] < 0 or node.name.value.startswith("__")
        level = -1 if exempt else self.levels[-1] + 1
        self.levels.append(level)
        depth = self.current["depth"]
        depth.own = max(depth.own, level)
        if node.alias is not None:
            self.current["aliases"].own += 1

    def leave_field(self, *_: Any) -> None:
        self.levels.pop()

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.current["directives"].own += 1

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        name = node.name.value
        self.current["aliases"].spreads.append((name, 1))
        self.current["directives"].spreads.append((name, 1))
        if self.levels[-1] >= 0:
            self.current["depth"].spreads.append((name, self.levels[-1]))


def _amount(value: int) -> str:
    return f"at least {_CAP}" if value >= _CAP else str(value)


class QueryShapeRule(ASTValidationRule):
    """Reject operations deeper than MAX_DEPTH or with too many aliases or directives."""

    def enter_document(self, node: DocumentNode, *_: Any) -> object:
        shape = _Shape()
        visit(node, shape)
        depth_of = shape.totals("depth", _deepest)
        aliases_of = shape.totals("aliases", _sum)
        directives_of = shape.totals("directives", _sum)
        for operation, parts in shape.operations:
            depth, aliases, directives = depth_of(parts), aliases_of(parts), directives_of(parts)
            if depth > MAX_DEPTH:
                self._report(operation, f"Query depth {depth} exceeds the limit of {MAX_DEPTH}")
            if aliases > MAX_ALIASES:
                self._report(operation, f"Query has {_amount(aliases)} aliases; the limit is {MAX_ALIASES}")
            if directives > MAX_DIRECTIVES:
                self._report(operation, f"Query has {_amount(directives)} directives; the limit is {MAX_DIRECTIVES}")
        return BREAK

    def _report(self, operation: OperationDefinitionNode, message: str) -> None:
        self.report_error(GraphQLError(message, operation, extensions={"code": QUERY_TOO_COMPLEX}))


class _Cost(_Parts):
    """Nodes each definition requests, given the variables; needs the schema for field types."""

    metrics = ("cost",)

    def __init__(self, type_info: TypeInfo, variables: dict[str, Any]) -> None:
        super().__init__()
        self.type_info = type_info
        self.variables = variables
        self.factors: list[int] = [1]

    def _start(self) -> dict[str, _Part]:
        self.factors = [1]
        return super()._start()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        size = _page_size(node, self.type_info.get_field_def(), self.variables)
        if size is None:
            self.factors.append(self.factors[-1])
            return
        nodes = min(_CAP, self.factors[-1] * size)
        self.factors.append(nodes)
        cost = self.current["cost"]
        cost.own = min(_CAP, cost.own + nodes)

    def leave_field(self, *_: Any) -> None:
        self.factors.pop()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.current["cost"].spreads.append((node.name.value, self.factors[-1]))


def _page_size(node: FieldNode, definition: GraphQLField | None, variables: dict[str, Any]) -> int | None:
    """How many items the field asks for if it is a connection or `nodes(ids:)`, else None."""
    if definition is None:
        return None
    arguments = {
        argument.name.value: value_from_ast_untyped(argument.value, variables) for argument in node.arguments or ()
    }
    ids = definition.args.get("ids")
    if ids is not None and is_list_type(get_nullable_type(ids.type)):
        given = arguments.get("ids")
        return min(len(given) if isinstance(given, list) else 1, MAX_IDS)
    named = get_named_type(definition.type)
    if not ({"first", "last"} & definition.args.keys() or named.name.endswith("Connection")):
        return None
    sizes = [
        max(0, min(value, MAX_PAGE))
        for value in (arguments.get("first"), arguments.get("last"))
        if isinstance(value, int) and not isinstance(value, bool)
    ]
    return min(sizes) if sizes else DEFAULT_PAGE


#: The rules validation runs besides graphql-core's and Strawberry's own.
VALIDATION_RULES: tuple[type[ASTValidationRule], ...] = (QueryShapeRule, MaxIntrospectionDepthRule)


class TooManyListItems(Refusal):
    """An answer's lists passed MAX_LIST_ITEMS: the request is refused as a whole, as one over the cost limit is."""

    def __init__(self, found: int, nodes: list[FieldNode]) -> None:
        message = (
            f"Query returns at least {found} list items; the limit is {MAX_LIST_ITEMS}:"
            " ask for less (smaller pages, fewer nested lists)"
        )
        super().__init__(GraphQLError(message, nodes, extensions={"code": QUERY_TOO_COMPLEX}))
        self.found = found


class ExecutionLimits(ExecutionGuard):
    """What both executors check before each list: MAX_LIST_ITEMS per answer, and the context's deadline."""

    def __init__(self, executor: Executor[Any]) -> None:
        self.items_left = MAX_LIST_ITEMS
        # schema.context.Context's; other contexts (tests calling the schema directly) have none
        self.deadline: float | None = getattr(executor.context_value, "deadline", None)

    def listing(self, count: int, nodes: list[FieldNode]) -> None:
        """Once per list, never per item or field: lists are where an answer's size multiplies."""
        self.items_left -= count
        if self.items_left < 0:
            raise TooManyListItems(MAX_LIST_ITEMS - self.items_left, nodes)
        if self.deadline is not None and monotonic() > self.deadline:
            raise TimeLimitExceeded("the request's time limit has passed")


def parse_limited(query: str) -> DocumentNode:
    """The document, or a GraphQLSyntaxError; over MAX_TOKENS tokens is QUERY_TOO_COMPLEX."""
    try:
        return parse(query, max_tokens=MAX_TOKENS)
    except GraphQLSyntaxError as syntax_error:
        if f"more than {MAX_TOKENS} tokens" in syntax_error.message:
            syntax_error.message = f"Query has more than {MAX_TOKENS} tokens; the limit is {MAX_TOKENS}"
            syntax_error.extensions = {**(syntax_error.extensions or {}), "code": QUERY_TOO_COMPLEX}
        raise


def over_cost(context: ExecutionContext) -> tuple[int, GraphQLError | None]:
    """The cost of the operation about to run, and the error refusing it if it is over MAX_COST."""
    cost, operation = _query_cost(context)
    if cost <= MAX_COST:
        return cost, None
    message = f"Query requests up to {_amount(cost)} nodes; the limit is {MAX_COST}"
    return cost, GraphQLError(message, operation, extensions={"code": QUERY_TOO_COMPLEX})


def cost_report(cost: int) -> dict[str, Any]:
    """What every executed answer's `extensions` says of its cost."""
    return {"cost": {"requested": cost, "limit": MAX_COST}}


def _cost_key(context: ExecutionContext) -> tuple[str, str | None, str]:
    variables = json.dumps(context.variables, sort_keys=True, default=str) if context.variables else ""
    return context.query or "", context.operation_name, variables


# The walk with type information costs as much as executing a small query, and its answer
# for one text, operation and variables never changes.
@cached(SecondSightCache(512, seen=2048), key=_cost_key, lock=threading.Lock())
def _query_cost(context: ExecutionContext) -> tuple[int, OperationDefinitionNode | None]:
    """The nodes the operation about to run requests, with the request's variables."""
    document = context.graphql_document
    operation = get_operation_ast(document, context.operation_name) if document else None
    if document is None or operation is None:
        return 0, None
    variables = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    variables.update(context.variables or {})
    cost = _Cost(TypeInfo(context.schema._schema), variables)  # graphql-core's schema; Strawberry has no public name
    visit(document, TypeInfoVisitor(cost.type_info, cost))
    parts = next(parts for node, parts in cost.operations if node is operation)
    return cost.totals("cost", _sum)(parts), operation
