"""A planned field, the state of one run, and graphql-core's field error handling.

The plan holds, per response key, what graphql-core's `execute_field` decides on every call:
which resolver and how it is called (the kinds below), its coerced arguments, how its value is
completed; schema.execution.compiler turns each planned selection set into a function. Fields
run one after another, each to the bottom of its selection before the next starts, as
graphql-core runs them, so loaders that batch over the objects seen so far issue the same
statements on both executors.

Errors follow graphql-core (`field_error` is its `handle_field_error`). Paths are plain tuples
`(parent, key, typename)` while running, the shape of graphql-core's `Path`, and become lists or
`Path`s only where an error or an `info` asks for one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeAlias
from uuid import UUID

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
from strawberry.types.field import StrawberryField
from strawberry.types.unset import UnsetType

from schema.execution.guard import ExecutionGuard

if TYPE_CHECKING:
    from schema.execution.info import InfoMaker

RunPath: TypeAlias = "tuple[RunPath, str | int, str | None] | None"
Completer: TypeAlias = "Callable[[Run, Any, RunPath], Any]"
SelectionRunner: TypeAlias = "Callable[[Run, Any, RunPath], dict[str, Any]]"


class Run:
    """The state of one execution: its executor, the errors so far, arguments converted once, its guard."""

    __slots__ = ("arguments", "errors", "executor", "listing")

    def __init__(self, executor: Executor[Any], guard: ExecutionGuard) -> None:
        self.executor = executor
        self.errors: list[GraphQLError] = []
        self.arguments: dict[FieldPlan, dict[str, Any]] = {}  # CONVERTED fields' immutable arguments
        self.listing = guard.listing  # called before a list's items are completed (schema.execution.guard)


# How a field gets its value from its parent object (FieldPlan.kind); ints, compared in the hot loop.
ATTRIBUTE = 0  # a Strawberry field without resolver: func(source, name), func being config.default_resolver
METHOD = 1  # a resolver taking (self, info, **arguments): func(source, info, **kwargs)
CALL = 2  # any other synchronous resolver, through a closure: func(source, info or None, kwargs)
NODE_ID = 3  # relay Node.id of an object of class func: base64 of "TypeName:<attribute name>"
TYPENAME = 4  # __typename: name holds the parent type's name
GENERIC = 5  # graphql-core's way: the field's resolve function with a real GraphQLResolveInfo
CONVERTED = 6  # arguments that use variables or are mutable: func(source, info or None, kwargs from `convert`)


class FieldPlan:
    """One response key of a selection set on one object type, planned."""

    __slots__ = (
        "complete",
        "convert",
        "details",
        "field_def",
        "func",
        "info_class",
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
        "strawberry_field",
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
        self.kwargs: dict[str, Any] = {}  # METHOD and CALL: immutable values, shared by every call
        self.convert: Callable[[Executor[Any]], dict[str, Any]] | None = None  # CONVERTED: a call's kwargs
        # What makes the resolver's `info` (schema.execution.info), None if it takes none.
        self.info_class: InfoMaker | None = None
        self.strawberry_field: StrawberryField | None = None
        self.complete: Completer = _unplanned
        self.passes: type | None = None  # values of this class are their own completion (values.passes)
        self.selection: SelectionRunner | None = None  # the planned selection of an object type's values

    def __repr__(self) -> str:
        return f"<FieldPlan {self.parent_name}.{self.nodes[0].name.value}>"

    def resolve_other(self, run: Run, source: Any, path: RunPath) -> Any:
        """NODE_ID, CONVERTED and GENERIC fields."""
        if self.kind == CONVERTED:
            arguments = run.arguments.get(self)
            if arguments is None:
                assert self.convert is not None  # set with the kind, by schema.execution.resolvers
                try:
                    arguments = self.convert(run.executor)
                except Exception:  # raised again, located, as graphql-core and Strawberry raise it
                    return self.resolve_generic(run, source, path)
                if shareable(arguments):
                    run.arguments[self] = arguments  # else converted again for the next call
            info_class = self.info_class
            return self.func(source, None if info_class is None else info_class(self, run, path), arguments)
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
    name_field(raw_error, nodes, path)
    error = located_error(raw_error, nodes, path_list(path))
    if non_null:
        raise error
    run.errors.append(error)
    return None


def name_field(raw_error: Exception, nodes: list[FieldNode], path: RunPath | Path) -> None:
    """Note the GraphQL field (Type.field) on an unexpected exception, so that its logged traceback names it."""
    if isinstance(raw_error, GraphQLError):
        return
    while path is not None and isinstance(path[1], int):
        path = path[0]
    note = f"GraphQL field: {path[2] if path is not None else '?'}.{nodes[0].name.value}"
    if note not in getattr(raw_error, "__notes__", ()):
        raw_error.add_note(note)


def shareable(kwargs: dict[str, Any]) -> bool:
    """Whether converted arguments can be handed to more than one call: no resolver can change them."""
    return all(immutable(value) for value in kwargs.values())


_ATOMS = (str, int, float, complex, bytes, Enum, date, time, timedelta, Decimal, UUID, UnsetType)


def immutable(value: Any) -> bool:
    """Whether a converted argument value can be shared by calls: no resolver can change it."""
    if value is None or isinstance(value, _ATOMS):
        return True
    if isinstance(value, tuple | frozenset):
        return all(immutable(item) for item in value)
    params = getattr(value, "__dataclass_params__", None)
    return (
        params is not None
        and params.frozen
        and all(immutable(getattr(value, field.name)) for field in dataclasses.fields(value))
    )


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
