"""A planned field, the state of one run, and graphql-core's field error handling.

The plan holds, per response key, what graphql-core's `execute_field` decides on every call:
which resolver and how it is called (the kinds below), its coerced arguments, how its value is
completed. `schema.execution.compiler` turns each planned selection set into a function that
runs its fields one after another, each to the bottom of its selection before the next
starts, exactly as graphql-core runs them: `schema.loaders` batches relations over the objects
seen so far, so the same order gives the same SQL statements.

Errors follow graphql-core (`field_error` is its `handle_field_error`): an exception in a
resolver or in completion becomes a located GraphQLError (message, locations, path, original
error); a nullable field records it and is null, a non-null field raises it to its parent,
up to the nearest nullable position.

Paths are plain tuples `(parent, key, typename)` while running (a graphql-core `Path` is the
same shape but costs more to build) and become lists or `Path`s only where an error or a
resolver that needs a real `GraphQLResolveInfo` asks for one.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import Any, TypeAlias

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLResolveInfo,
    get_argument_values,
    located_error,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path
from strawberry.relay.utils import to_base64

from schema import limits
from schema.errors import TimeLimitExceeded

RunPath: TypeAlias = "tuple[RunPath, str | int, str | None] | None"
Completer: TypeAlias = "Callable[[Run, Any, RunPath], Any]"
SelectionRunner: TypeAlias = "Callable[[Run, Any, RunPath], dict[str, Any]]"


class ResolverInfo:
    """What our resolvers get as `info`: the request's context, nothing field-specific.

    Every resolver in `schema/` reads only `info.context` (through `schema.context.loaders`).
    A resolver that needs more (the path, the selection) is not one this executor calls
    directly: anything else raises AttributeError saying so.
    """

    __slots__ = ("context", "root_value")

    def __init__(self, context: Any, root_value: Any) -> None:
        self.context = context
        self.root_value = root_value

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"info.{name} is not available to resolvers run by the compiled executor "
            "(schema.execution); only info.context and info.root_value are"
        )


class Run:
    """The state of one execution: its executor, the errors so far, the resolvers' info, its limits."""

    __slots__ = ("arguments", "deadline", "errors", "executor", "info", "items_left")

    def __init__(self, executor: Executor[Any]) -> None:
        self.executor = executor
        self.errors: list[GraphQLError] = []
        self.info = ResolverInfo(executor.context_value, executor.root_value)
        self.arguments: dict[FieldPlan, dict[str, Any]] = {}  # VARIABLES fields' arguments, once per run
        self.items_left = limits.MAX_LIST_ITEMS
        # schema.context.Context's; other contexts (tests calling the schema directly) have none
        self.deadline: float | None = getattr(executor.context_value, "deadline", None)

    def listing(self, count: int, nodes: list[FieldNode]) -> None:
        """Account for a list of `count` items about to be completed, before any of them is.

        Lists are where an answer's size multiplies, so they are where it is bounded (see
        schema.limits) and where the deadline is checked: once per list, never per item or
        field.
        """
        self.items_left -= count
        if self.items_left < 0:
            raise limits.TooManyListItems(limits.MAX_LIST_ITEMS - self.items_left, nodes)
        if self.deadline is not None and monotonic() > self.deadline:
            raise TimeLimitExceeded("the request's time limit has passed")


# How a field gets its value from its parent object (FieldPlan.kind); ints, compared in the hot loop.
ATTRIBUTE = 0  # a Strawberry field without resolver: func(source, name), func being config.default_resolver
METHOD = 1  # a resolver taking (self, info, **arguments): func(source, info, **kwargs)
CALL = 2  # any other synchronous resolver, through a closure: func(source, info, kwargs)
NODE_ID = 3  # relay Node.id of an object of class func: base64 of "TypeName:<attribute name>"
TYPENAME = 4  # __typename: name holds the parent type's name
GENERIC = 5  # graphql-core's way: the field's resolve function with a real GraphQLResolveInfo
VARIABLES = 6  # a resolver whose arguments use variables: func(source, info, kwargs), kwargs from `convert`


class FieldPlan:
    """One response key of a selection set on one object type, planned."""

    __slots__ = (
        "complete",
        "convert",
        "details",
        "field_def",
        "func",
        "key",
        "kind",
        "kwargs",
        "name",
        "nodes",
        "non_null",
        "parent_name",
        "parent_type",
        "passes",
        "selection",
    )

    def __init__(
        self,
        key: str,
        details: list[FieldDetails],
        field_def: GraphQLField,
        parent_type: GraphQLObjectType,
        non_null: bool,
    ) -> None:
        self.key = key
        self.details = details
        self.nodes: list[FieldNode] = [detail.node for detail in details]
        self.field_def = field_def
        self.parent_type = parent_type
        self.parent_name = parent_type.name
        self.non_null = non_null
        self.kind = GENERIC
        self.func: Any = None
        self.name: str = details[0].node.name.value  # the attribute (ATTRIBUTE), id attribute (NODE_ID) or type name
        self.kwargs: dict[str, Any] = {}
        self.convert: Callable[[Executor[Any]], dict[str, Any]] | None = None  # VARIABLES: the run's kwargs
        self.complete: Completer = _unplanned
        self.passes: type | None = None  # values of this class are their own completion (values.passes)
        self.selection: SelectionRunner | None = None  # the compiled selection of an object type's values

    def resolve_other(self, run: Run, source: Any, path: RunPath) -> Any:
        """NODE_ID, VARIABLES and GENERIC fields."""
        if self.kind == VARIABLES:
            arguments = run.arguments.get(self)
            if arguments is None:
                assert self.convert is not None  # set with the kind, by schema.execution.resolvers
                try:
                    arguments = run.arguments[self] = self.convert(run.executor)
                except Exception:  # raised again, located, as graphql-core and Strawberry raise it
                    return self.resolve_generic(run, source, path)
            return self.func(source, run.info, arguments)
        if self.kind == NODE_ID and source.__class__ is self.func:
            node_id = getattr(source, self.name)
            if node_id is not None:  # else Strawberry's Node._id fails its assertion, as below
                return to_base64(self.parent_name, str(node_id))
        return self.resolve_generic(run, source, path)

    def argument_values(self, executor: Executor[Any]) -> dict[str, Any]:
        """The field's coerced arguments, as graphql-core's execute_field computes them."""
        first = self.details[0]
        if not (self.field_def.args or first.node.arguments):
            return {}
        return get_argument_values(
            self.field_def,
            first.node,
            executor.variable_values,
            first.fragment_variable_values,
            executor.hide_suggestions,
        )

    def resolve_generic(self, run: Run, source: Any, path: RunPath) -> Any:
        """Resolve as graphql-core's execute_field does (without middleware, which plans exclude)."""
        executor = run.executor
        info = self.resolve_info(run, path)
        resolve = self.field_def.resolve or executor.field_resolver
        return resolve(source, info, **self.argument_values(executor))

    def resolve_info(self, run: Run, path: RunPath) -> GraphQLResolveInfo[Any]:
        """The GraphQLResolveInfo graphql-core would pass for this field at `path` (or an item below it)."""
        while path is not None and isinstance(path[1], int):
            path = path[0]  # list items share their field's info, as in graphql-core
        graphql_path = graphql_path_of(path)
        assert graphql_path is not None  # a field's path is never the root
        return run.executor.build_resolve_info(self.field_def, self.nodes, self.parent_type, graphql_path)


def _unplanned(run: Run, value: Any, path: RunPath) -> Any:
    raise TypeError("field completed before it was planned")  # pragma: no cover - a bug in planner


def field_error(run: Run, raw_error: Exception, nodes: list[FieldNode], path: RunPath, non_null: bool) -> Any:
    """graphql-core's handle_field_error: raise the located error through a non-null position, else record it.

    Returns the position's value then: None.
    """
    error = located_error(raw_error, nodes, path_list(path))
    if non_null:
        raise error
    run.errors.append(error)
    return None


def path_list(path: RunPath) -> list[str | int]:
    keys: list[str | int] = []
    while path is not None:
        keys.append(path[1])
        path = path[0]
    keys.reverse()
    return keys


def graphql_path_of(path: RunPath) -> Path | None:
    segments: list[tuple[str | int, str | None]] = []
    while path is not None:
        segments.append((path[1], path[2]))
        path = path[0]
    result: Path | None = None
    for key, typename in reversed(segments):
        result = Path(result, key, typename)
    return result
