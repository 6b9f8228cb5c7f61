"""Completing a resolved value for its GraphQL type, as graphql-core's complete_value does.

Each factory returns a closure for one field's type, built once per plan: a leaf serializes
(String/ID/Boolean/Int/Float values of the exact Python type pass through after the checks
graphql-core's coercers make; anything else goes through the type's own
`coerce_output_value`, and Strawberry enum members are mapped to their names once per
member), a list completes its items with their own error handling, an object runs its
planned fields, an abstract type finds its runtime object type. Null checks, exceptions
returned as values, `is_type_of` and the error messages are graphql-core's.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLAbstractType,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLString,
)
from graphql.execution import Executor
from graphql.execution.executor import invalid_return_type_error
from graphql.pyutils import Undefined, is_iterable
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE

from schema.execution.fields import Completer, FieldPlan, Run, RunPath, SelectionRunner, field_error

_MIN_INT, _MAX_INT = -(2**31), 2**31 - 1
_NO_INFO: Any = None  # what Strawberry's generated is_type_of gets: it never reads its info


class _NoClass:
    """The class no value has: object types without a known class of their own check every value."""


_NO_CLASS: type = _NoClass


def passes(type_: GraphQLLeafType) -> type | None:
    """The Python class whose values are their own serialization for this leaf type, if any."""
    if type_ is GraphQLString or type_ is GraphQLID:
        return str
    return bool if type_ is GraphQLBoolean else None


def null_message(field: FieldPlan) -> str:
    return f"Cannot return null for non-nullable field {field.parent_type}.{field.nodes[0].name.value}."


def leaf(type_: GraphQLLeafType, field: FieldPlan, non_null: bool) -> Completer:
    """Serialize a scalar or enum value, or raise the error graphql-core would."""
    message = null_message(field)

    def slow(value: Any) -> Any:
        if isinstance(value, Exception):
            raise value
        if value is None or value is Undefined:
            if non_null:
                raise TypeError(message)
            return None
        return Executor.complete_leaf_value(type_, value)

    same = passes(type_)
    if same is not None:

        def complete_builtin(run: Run, value: Any, path: RunPath) -> Any:
            return value if value.__class__ is same else slow(value)

        return complete_builtin
    if type_ is GraphQLInt:

        def complete_int(run: Run, value: Any, path: RunPath) -> Any:
            return value if value.__class__ is int and _MIN_INT <= value <= _MAX_INT else slow(value)

        return complete_int
    if type_ is GraphQLFloat:

        def complete_float(run: Run, value: Any, path: RunPath) -> Any:
            # value - value is 0.0 for every finite float, nan for inf and nan (which coercion rejects)
            return value if value.__class__ is float and value - value == 0.0 else slow(value)

        return complete_float
    members: Any = getattr(type_, "wrapped_cls", None) if isinstance(type_, GraphQLEnumType) else None
    if members is not None:
        names: dict[Any, Any] = {}

        def complete_enum(run: Run, value: Any, path: RunPath) -> Any:
            if value.__class__ is members:
                name = names.get(value._name_)  # the member's name: a str hashes faster than an Enum member
                if name is None:
                    name = names[value._name_] = slow(value)  # Strawberry's CustomGraphQLEnumType, once per member
                return name
            return slow(value)

        return complete_enum

    def complete_leaf(run: Run, value: Any, path: RunPath) -> Any:
        return slow(value)

    return complete_leaf


def listing(item: Completer, item_non_null: bool, field: FieldPlan, non_null: bool) -> Completer:
    """Complete every item, each with its own path and error handling, in order."""
    message = null_message(field)
    not_iterable = (
        f"Expected Iterable, but did not find one for field '{field.parent_type}.{field.nodes[0].name.value}'."
    )
    nodes = field.nodes

    def complete_list(run: Run, value: Any, path: RunPath) -> Any:
        if value.__class__ is not list:
            if isinstance(value, Exception):
                raise value
            if value is None or value is Undefined:
                if non_null:
                    raise TypeError(message)
                return None
            if not is_iterable(value):
                raise GraphQLError(not_iterable)
            value = list(value)
        run.listing(len(value), nodes)
        completed: list[Any] = []
        append = completed.append
        for index, element in enumerate(value):
            item_path = (path, index, None)
            try:
                append(item(run, element, item_path))
            except Exception as raw_error:  # as graphql-core's complete_list_item_value
                append(field_error(run, raw_error, nodes, item_path, item_non_null))
        return completed

    return complete_list


def own_class(type_: GraphQLObjectType) -> type:
    """The class whose instances (not cast) Strawberry's generated is_type_of accepts first.

    The class no value has for types with an is_type_of of their own, generic types and
    exceptions: their values are always checked.
    """
    found = type_.extensions.get("strawberry-definition")
    if (
        isinstance(found, StrawberryObjectDefinition)
        and found.is_type_of is None
        and not found.is_graphql_generic
        and not issubclass(found.origin, Exception)
    ):
        return found.origin
    return _NO_CLASS


def object_(type_: GraphQLObjectType, run_selection: SelectionRunner, field: FieldPlan, non_null: bool) -> Completer:
    """Check the value is of the type (`is_type_of`), then run the type's planned fields on it."""
    message = null_message(field)
    is_type_of = type_.is_type_of
    found = type_.extensions.get("strawberry-definition")
    definition = found if isinstance(found, StrawberryObjectDefinition) else None
    # Strawberry's generated is_type_of ignores its info; a type's own is_type_of gets a real one.
    needs_info = definition is None or definition.is_type_of is not None
    origin = own_class(type_)

    def complete_object(run: Run, value: Any, path: RunPath) -> Any:
        if value.__class__ is origin and getattr(value, TYPE_CAST_ATTRIBUTE, None) is None:
            return run_selection(run, value, path)  # what Strawberry's is_type_of accepts first
        if value is None or value is Undefined:
            if non_null:
                raise TypeError(message)
            return None
        if is_type_of is None:
            if isinstance(value, Exception):
                raise value
        elif not is_type_of(value, field.resolve_info(run, path) if needs_info else _NO_INFO):
            if isinstance(value, Exception):
                raise value
            raise invalid_return_type_error(type_, value, field.details)
        return run_selection(run, value, path)

    return complete_object


def abstract(type_: GraphQLAbstractType, objects: dict[str, Completer], field: FieldPlan, non_null: bool) -> Completer:
    """Find the runtime object type as graphql-core does (the type's resolve_type, then its checks).

    The answer is remembered per Python class where Strawberry's resolve_type could not answer
    differently for another object of that class: a non-generic Strawberry type, resolved to
    its own name, on an object not given another type with `strawberry.cast`.
    """
    message = null_message(field)
    by_class: dict[type, Completer] = {}

    def runtime_object(run: Run, value: Any, path: RunPath) -> Completer:
        if isinstance(value, Exception):
            raise value
        executor = run.executor
        info = field.resolve_info(run, path)
        resolve_type = type_.resolve_type or executor.type_resolver
        name = resolve_type(value, info, type_)
        runtime_type = executor.ensure_valid_runtime_type(name, type_, field.details, info, value)
        complete = objects[runtime_type.name]
        definition = getattr(value.__class__, "__strawberry_definition__", None)
        if (
            isinstance(definition, StrawberryObjectDefinition)
            and not definition.is_graphql_generic
            and definition.name == name
            and getattr(value, TYPE_CAST_ATTRIBUTE, None) is None
        ):
            by_class[value.__class__] = complete
        return complete

    def complete_abstract(run: Run, value: Any, path: RunPath) -> Any:
        if value is None or value is Undefined:
            if non_null:
                raise TypeError(message)
            return None
        complete = by_class.get(value.__class__)
        if complete is None or getattr(value, TYPE_CAST_ATTRIBUTE, None) is not None:
            complete = runtime_object(run, value, path)
        return complete(run, value, path)

    return complete_abstract
