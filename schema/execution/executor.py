"""The executor classes a Strawberry schema runs with: Strawberry's own with a guard, and the compiled one.

Both plug in through `strawberry.Schema(execution_context_class=...)`, which Strawberry hands to
graphql-core's `execute` after its own pipeline (parsing, validation, extensions); graphql-core
calls `build()` (operation, variables, so those errors stay its own) and `execute_operation()`,
the method overridden here. `GuardedExecutor` is Strawberry's class plus the application's
`guard` (schema.execution.guard); `CompiledExecutor` runs queries from a plan cached per operation
and hands everything else to `GuardedExecutor`'s code: mutations, subscriptions, introspection,
@defer/@stream, asynchronous resolvers, plans over planner.MAX_FIELD_PLANS fields, and execution
with middleware, an abort signal, hooks, or error propagation disabled.
`executions` counts which path ran each operation.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any, ClassVar

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

from schema.execution.admission import SecondSightCache
from schema.execution.fields import Run, SelectionRunner, name_field
from schema.execution.guard import ExecutionGuard, Refusal
from schema.execution.planner import plan_operation
from schema.execution.resolvers import Unsupported

#: Plans kept when they are small: each weighs at least PLAN_CACHE_FIELDS / PLAN_CACHE_SIZE fields.
PLAN_CACHE_SIZE = 256
#: Planned fields kept in all, the plan cache's weight (a plan's memory grows with its fields).
PLAN_CACHE_FIELDS = 50_000

COMPILED = "compiled"
GRAPHQL_CORE = "graphql-core"


class PlanCache:
    """Plans by (schema, operation node, the values of its directives' variables); None means "fall back".

    The operation node is the prepared document's (one per query text), so its identity is a
    key; each entry holds the node so that the identity cannot be reused. Arguments that use
    variables are converted per run, so one plan serves a client paging with `after: $cursor`.
    Weighed by planned fields, each plan at least a PLAN_CACHE_SIZE-th of the cache, and kept from
    a key's second plan on (SecondSightCache): a one-off operation leaves nothing behind.
    """

    def __init__(self, max_fields: int = PLAN_CACHE_FIELDS, max_plans: int = PLAN_CACHE_SIZE) -> None:
        self.built = 0
        self._least = max_fields // max_plans
        self._plans: SecondSightCache[Hashable, tuple[object, object, SelectionRunner | None, int]] = SecondSightCache(
            max_fields, seen=4 * max_plans, getsizeof=lambda entry: max(entry[3], self._least)
        )
        self._plans_lock = threading.Lock()
        # The variables each operation's directives read, by operation node (held, so its id stays its own).
        self._directive_variables: SecondSightCache[int, tuple[OperationDefinitionNode, tuple[str, ...]]] = (
            SecondSightCache(max_plans, seen=4 * max_plans)
        )
        self._directive_variables_lock = threading.Lock()

    def plan(self, executor: CompiledExecutor) -> SelectionRunner | None:
        key = self.key(executor)
        if key is not None:
            with self._plans_lock:
                entry = self._plans.get(key)
            if entry is not None and entry[0] is executor.operation and entry[1] is executor.schema:
                return entry[2]
        plan: SelectionRunner | None
        try:
            plan, fields = plan_operation(executor)
        except (Unsupported, GraphQLError, RecursionError):
            plan, fields = None, 0  # graphql-core's executor runs it, and reports any error exactly as it would
        with self._plans_lock:
            self.built += 1
            if key is not None and max(fields, self._least) <= self._plans.maxsize:  # else used once, not kept
                self._plans[key] = (executor.operation, executor.schema, plan, fields)
        return plan

    def clear(self) -> None:
        with self._plans_lock:
            self._plans.clear()
        with self._directive_variables_lock:
            self._directive_variables.clear()

    def key(self, executor: CompiledExecutor) -> Hashable | None:
        """The cache key, or None when a variable's value cannot be hashed (then nothing is cached)."""
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
        """The variables that decide @skip/@include in the operation and the fragments it may spread."""
        operation = executor.operation
        with self._directive_variables_lock:
            found = self._directive_variables.get(id(operation))
        if found is not None and found[0] is operation:
            return found[1]
        reader = _DirectiveVariables()
        visit(operation, reader)
        for fragment in executor.fragments.values():
            visit(fragment.definition, reader)
        names = tuple(sorted(reader.names))
        with self._directive_variables_lock:
            self._directive_variables[id(operation)] = (operation, names)
        return names


class GuardedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor with the class's `guard` over every list, and the fields named in tracebacks."""

    #: Made once per execution; the application's one hook (schema.execution.guard).
    guard: ClassVar[type[ExecutionGuard]] = ExecutionGuard
    #: Operations executed, by the path that ran them: "compiled" or "graphql-core".
    executions: ClassVar[Counter[str]] = Counter()
    _executions_lock: ClassVar[threading.Lock] = threading.Lock()
    checks: ExecutionGuard  # this execution's guard

    def execute_operation(
        self, serially: bool | None = None
    ) -> AwaitableOrValue[ExecutionResult | ExperimentalIncrementalExecutionResults]:
        self.checks = self.guard(self)
        try:
            return self.run_operation(serially)
        except Refusal as refusal:
            return ExecutionResult(None, [refusal.error])

    def run_operation(
        self, serially: bool | None
    ) -> AwaitableOrValue[ExecutionResult | ExperimentalIncrementalExecutionResults]:
        self.count(GRAPHQL_CORE)
        return super().execute_operation(serially)

    @classmethod
    def count(cls, path: str) -> None:
        with cls._executions_lock:
            cls.executions[path] += 1

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        """graphql-core's list completion, after the guard's check."""
        listed = items if isinstance(items, list) else list(items)
        self.checks.listing(len(listed), [details.node for details in field_details_list])
        return super().complete_iterable_value(item_type, field_details_list, info, path, listed, position_context)

    def handle_field_error(
        self, raw_error: Exception, return_type: GraphQLOutputType, field_details_list: FieldDetailsList, path: Path
    ) -> None:
        name_field(raw_error, [details.node for details in field_details_list], path)
        super().handle_field_error(raw_error, return_type, field_details_list, path)


class CompiledExecutor(GuardedExecutor):
    """Runs queries from a cached plan where it can (see the module docstring)."""

    plans: ClassVar[PlanCache] = PlanCache()

    def run_operation(
        self, serially: bool | None
    ) -> AwaitableOrValue[ExecutionResult | ExperimentalIncrementalExecutionResults]:
        run_selection = self.plan() if serially is None else None
        if run_selection is None:
            return super().run_operation(serially)
        self.count(COMPILED)
        run = Run(self, self.checks)
        try:
            data: dict[str, Any] | None = run_selection(run, self.root_value, None)
        except GraphQLError as error:  # a non-null root field failed: no data, as in graphql-core
            run.errors.append(error)
            data = None
        return ExecutionResult(data, run.errors or None)

    def plan(self) -> SelectionRunner | None:
        """The planned root selection this execution runs, or None where graphql-core's executor runs it."""
        middleware = self.middleware_manager
        plain = (
            (middleware is None or not middleware.middlewares)
            and self.abort_signal is None
            and self.hooks is None
            and self.error_propagation
        )
        return self.plans.plan(self) if plain else None


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
