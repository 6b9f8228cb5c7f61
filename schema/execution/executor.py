"""The executor class the schema runs every operation with: a cached plan where it can, graphql-core where not.

It plugs in through `strawberry.Schema(execution_context_class=...)`, Strawberry's public
hook: Strawberry hands the class to graphql-core's `execute(..., executor_class=...)` on every
path (execute_sync, execute), after its own pipeline — the extension's hook (schema.prepared
sets the parsed and validated document, and may answer before execution) — and before error
processing.
graphql-core then calls `build()`, which selects the operation and coerces the variables
(so those errors stay graphql-core's), and `execute_operation()`, the one method overridden
here. Replacing `Schema._get_execute_function` instead would mean a private method and
re-implementing build. The class extends Strawberry's own executor class, so what falls back
runs exactly as without this module.

Plans (schema.execution.planner) are kept in a bounded LRU keyed by the operation's AST node
(by identity, the entry holding the node so the identity cannot be reused: schema.prepared
returns the same document for the same query text) and by the values of the variables its
directives read, which decide @skip/@include; arguments that use variables are converted once
per run, so one plan serves a client paging with `after: $cursor`. What falls back,
decided once per plan: mutations and subscriptions, introspection (`__schema`, `__type`),
@defer/@stream, asynchronous resolvers, plans over planner.MAX_FIELD_PLANS fields; and per
call, execution with middleware (extensions implementing `resolve`), an abort signal, hooks, or
error propagation disabled.

Every list either executor completes is accounted for before its items are (`Run.listing`, and
`complete_iterable_value` on graphql-core's path): past schema.limits' MAX_LIST_ITEMS the whole
execution stops with one QUERY_TOO_COMPLEX error and no data, and past the context's deadline
the list's field fails with a TIMEOUT error, as its SQL would. Plain lists nested through cycles
are what the cost limit, counting only connections, cannot see. The deadline is checked where
lists start, so work between two lists runs on (the fields of one object, a plan of at most
MAX_FIELD_PLANS fields).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Any

from graphql import (
    ExecutionResult,
    GraphQLError,
    GraphQLOutputType,
    GraphQLResolveInfo,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.execution import ExperimentalIncrementalExecutionResults
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution.fields import Run, SelectionRunner
from schema.execution.planner import plan_operation
from schema.execution.resolvers import Unsupported
from schema.limits import TooManyListItems

#: Plans kept, as many as the prepared documents of schema.prepared.
PLAN_CACHE_SIZE = 256
#: Planned fields kept in all: a plan holds about 1.5 kB per field (a query of nested fragments
#: planned 5,585 fields in 8.4 MB; Q1 plans 19; the planner stops at MAX_FIELD_PLANS), so this
#: bounds the cache near 75 MB however many plans. The plan in use is always kept.
PLAN_CACHE_FIELDS = 50_000


class PlanCache:
    """Plans by (operation node, variables), least recently used first out; None means "fall back".

    Bounded by count and by the fields planned in all, so that large plans cannot fill memory.
    """

    def __init__(self, maxsize: int, max_fields: int = PLAN_CACHE_FIELDS) -> None:
        self.maxsize = maxsize
        self.max_fields = max_fields
        self.built = 0
        self._plans: OrderedDict[Hashable, tuple[object, object, SelectionRunner | None, int]] = OrderedDict()
        self._fields = 0
        # The variables each operation's directives read, by operation node (held, so its id stays its own).
        self._directive_variables: OrderedDict[int, tuple[OperationDefinitionNode, tuple[str, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def plan(self, executor: CompiledExecutor) -> SelectionRunner | None:
        key = self.key(executor)
        if key is not None:
            with self._lock:
                entry = self._plans.get(key)
                if entry is not None and entry[0] is executor.operation and entry[1] is executor.schema:
                    self._plans.move_to_end(key)
                    return entry[2]
        plan: SelectionRunner | None
        try:
            plan, fields = plan_operation(executor)
        except (Unsupported, GraphQLError, RecursionError):
            plan, fields = None, 0  # graphql-core's executor runs it, and reports any error exactly as it would
        self.built += 1
        if key is not None:
            with self._lock:
                previous = self._plans.pop(key, None)
                self._fields += fields - (previous[3] if previous is not None else 0)
                self._plans[key] = (executor.operation, executor.schema, plan, fields)
                while len(self._plans) > self.maxsize or (self._fields > self.max_fields and len(self._plans) > 1):
                    self._fields -= self._plans.popitem(last=False)[1][3]
        return plan

    def clear(self) -> None:
        with self._lock:
            self._plans.clear()
            self._fields = 0
            self._directive_variables.clear()

    def key(self, executor: CompiledExecutor) -> Hashable | None:
        """The cache key, or None when a variable's value cannot be hashed (then nothing is cached).

        Only the variables that directives read (@skip/@include) decide what a plan holds; fields
        whose arguments use variables convert them once per run (schema.execution.resolvers).
        """
        coerced = executor.variable_values.coerced
        try:
            names = self.directive_variables(executor) if coerced else ()
            variables = tuple((name, _frozen(coerced[name])) for name in names if name in coerced)
            key = (id(executor.schema), id(executor.operation), variables)
            hash(key)
        except TypeError:
            return None
        return key

    def directive_variables(self, executor: CompiledExecutor) -> tuple[str, ...]:
        operation = executor.operation
        with self._lock:
            found = self._directive_variables.get(id(operation))
        if found is not None and found[0] is operation:
            return found[1]
        reader = _DirectiveVariables()
        visit(operation, reader)
        for fragment in executor.fragments.values():
            visit(fragment.definition, reader)
        names = tuple(sorted(reader.names))
        with self._lock:
            self._directive_variables[id(operation)] = (operation, names)
            while len(self._directive_variables) > self.maxsize:
                self._directive_variables.popitem(last=False)
        return names


class _DirectiveVariables(Visitor):
    """The names of the variables inside directives' arguments."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.depth = 0

    def enter_directive(self, *_: Any) -> None:
        self.depth += 1

    def leave_directive(self, *_: Any) -> None:
        self.depth -= 1

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        if self.depth:
            self.names.add(node.name.value)


def _frozen(value: Any) -> Hashable:
    """A hashable image of a coerced variable value that tells 1, 1.0 and True apart."""
    if isinstance(value, dict):
        return (dict, tuple((name, _frozen(item)) for name, item in value.items()))
    if isinstance(value, list | tuple):
        return (list, tuple(_frozen(item) for item in value))
    return (value.__class__, value)


class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, running queries from a cached plan (see the module docstring)."""

    plans = PlanCache(PLAN_CACHE_SIZE)
    run: Run  # this execution's state and limits, set by execute_operation

    def execute_operation(
        self, serially: bool | None = None
    ) -> AwaitableOrValue[ExecutionResult | ExperimentalIncrementalExecutionResults]:
        self.run = run = Run(self)  # the limits' accounts, kept by graphql-core's path too (below)
        try:
            run_selection = self.plan() if serially is None else None
            if run_selection is None:
                return super().execute_operation(serially)
            try:
                data: dict[str, Any] | None = run_selection(run, self.root_value, None)
            except GraphQLError as error:  # a non-null root field failed: no data, as in graphql-core
                run.errors.append(error)
                data = None
        except TooManyListItems as refusal:  # the answer would pass the limit: refused as a whole
            return ExecutionResult(None, [refusal.error()])
        return ExecutionResult(data, run.errors or None)

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        """graphql-core's list completion, after the same accounting as a planned list's (`Run.listing`)."""
        listed = items if isinstance(items, list) else list(items)
        self.run.listing(len(listed), [details.node for details in field_details_list])
        return super().complete_iterable_value(item_type, field_details_list, info, path, listed, position_context)

    def plan(self) -> SelectionRunner | None:
        """The compiled root selection this execution runs, or None where graphql-core's executor runs it."""
        middleware = self.middleware_manager
        plain = (
            (middleware is None or not middleware.middlewares)
            and self.abort_signal is None
            and self.hooks is None
            and self.error_propagation
        )
        return self.plans.plan(self) if plain else None
