"""How each planned field gets its value: Strawberry's resolver call, decided once per plan.

For a field without extensions or exception handlers, Strawberry's per-call layer
(schema_converter.from_resolver) amounts to: no resolver, `config.default_resolver(source,
python_name)`; a resolver, `wrapped_func(<self>, **converted arguments, info=..., root=...)`, the
arguments being graphql-core's `get_argument_values` through Strawberry's `convert_arguments`;
relay `Node.id`, base64 of "TypeName:id". The plan makes that call directly, with the schema's
own Info class (schema.execution.info). Arguments are converted once per plan when their values
are immutable; when they use variables, once per run; when a resolver could change them (lists,
input objects), once per call, so that no call sees another's changes. Anything else (field
extensions, exception handlers, arguments that fail to coerce, a Node overriding resolve_id)
runs GENERIC: Strawberry's own resolver with graphql-core's GraphQLResolveInfo.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, cast

from graphql import ListValueNode, ObjectValueNode, ValueNode, VariableNode
from graphql.execution import Executor
from strawberry import relay
from strawberry.types.arguments import convert_arguments
from strawberry.types.base import StrawberryObjectDefinition, get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.fields.resolver import StrawberryResolver

from schema.execution.fields import ATTRIBUTE, CALL, CONVERTED, METHOD, NODE_ID, TYPENAME, FieldPlan, shareable
from schema.execution.info import info_maker

DEFINITION = "strawberry-definition"  # GraphQLCoreConverter.DEFINITION_BACKREF


class Unsupported(Exception):
    """The operation needs something only graphql-core's executor does; it runs there instead."""


def _node_id_function() -> object:
    for field in get_object_definition(relay.Node, strict=True).fields:
        if field.python_name == "_id" and field.base_resolver is not None:
            return field.base_resolver._unbound_wrapped_func
    raise ImportError("strawberry.relay.Node has no _id field; the compiled executor needs updating")


_NODE_ID = _node_id_function()


def plan_resolver(field: FieldPlan, executor: Executor[Any]) -> None:
    """Set the field's kind and what it calls; leave it GENERIC where that is the only exact way."""
    if field.name == "__typename":
        field.kind, field.name = TYPENAME, field.parent_name
        return
    definition = field.field_def.extensions.get(DEFINITION)
    if not isinstance(definition, StrawberryField):
        raise Unsupported(f"{field.parent_name}.{field.name} is not a Strawberry field")
    if definition.is_async or definition.is_subscription:
        raise Unsupported(f"{field.parent_name}.{field.name} is resolved asynchronously")
    strawberry_schema = getattr(executor.schema, "_strawberry_schema", None)
    if strawberry_schema is None:
        raise Unsupported("the schema was not built by Strawberry")
    if strawberry_schema.exception_handlers or definition.extensions:
        return
    resolver = definition.base_resolver
    if resolver is None:
        field.kind, field.func, field.name = ATTRIBUTE, definition.default_resolver, definition.python_name
        return
    if not callable(resolver.wrapped_func):
        return
    if resolver._unbound_wrapped_func is _NODE_ID:
        _plan_node_id(field)
        return
    field.strawberry_field = definition
    if resolver.info_parameter is not None:
        field.info_class = info_maker(strawberry_schema.config.info_class)
    method = _is_method(resolver)
    if not _uses_variables(field):
        try:
            kwargs = _arguments(field, definition, strawberry_schema, executor)
        except Exception:  # raised again, located, when the field runs GENERIC
            field.strawberry_field = field.info_class = None
            return
        if shareable(kwargs):
            field.kind, field.kwargs = (METHOD, kwargs) if method else (CALL, kwargs)
            field.func = resolver.wrapped_func if method else _caller(resolver)
            return
    field.kind, field.func = CONVERTED, _method_caller(resolver) if method else _caller(resolver)
    field.convert = functools.partial(_arguments, field, definition, strawberry_schema)


def _uses_variables(field: FieldPlan) -> bool:
    """Whether the field's arguments name a variable, so that they can differ from run to run."""
    pending: list[ValueNode] = [argument.value for argument in field.details[0].node.arguments or ()]
    while pending:
        value = pending.pop()
        if isinstance(value, VariableNode):
            return True
        if isinstance(value, ListValueNode):
            pending.extend(value.values)
        elif isinstance(value, ObjectValueNode):
            pending.extend(item.value for item in value.fields)
    return False


def _plan_node_id(field: FieldPlan) -> None:
    definition = field.parent_type.extensions.get(DEFINITION)
    if not isinstance(definition, StrawberryObjectDefinition):
        return
    origin = definition.origin
    node = relay.Node
    if (
        issubclass(origin, node)
        and origin.resolve_id.__func__ is node.resolve_id.__func__  # type: ignore[attr-defined] # classmethods
        and origin.resolve_typename.__func__ is node.resolve_typename.__func__  # type: ignore[attr-defined]
    ):
        field.kind, field.func, field.name = NODE_ID, origin, origin.resolve_id_attr()


def _arguments(
    field: FieldPlan, definition: StrawberryField, strawberry_schema: Any, executor: Executor[Any]
) -> dict[str, Any]:
    """The resolver's keyword arguments, as Strawberry's get_arguments makes them."""
    converted: dict[str, Any] = convert_arguments(
        field.argument_values(executor),
        definition.arguments,
        scalar_registry=strawberry_schema.schema_converter.scalar_registry,
        config=strawberry_schema.config,
        info=None,
    )
    return converted


def _is_method(resolver: StrawberryResolver[Any]) -> bool:
    """Whether the resolver is `def f(self, info, <arguments>)`, callable as f(source, info, **kwargs)."""
    parameters = list(resolver.signature.parameters.values())
    self_parameter, info_parameter = resolver.self_parameter, resolver.info_parameter
    return (
        resolver.root_parameter is None
        and resolver.parent_parameter is None
        and self_parameter is not None
        and info_parameter is not None
        and len(parameters) >= 2
        and parameters[0].name == self_parameter.name
        and parameters[1].name == info_parameter.name
        and parameters[1].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    )


def _method_caller(resolver: StrawberryResolver[Any]) -> Callable[[Any, Any, dict[str, Any]], Any]:
    """`def f(self, info, <arguments>)` called as (source, info, kwargs) -> value."""
    method = cast("Callable[..., Any]", resolver.wrapped_func)  # callable: plan_resolver checked

    def call(source: Any, info: Any, kwargs: dict[str, Any]) -> Any:
        return method(source, info, **kwargs)

    return call


def _caller(resolver: StrawberryResolver[Any]) -> Callable[[Any, Any, dict[str, Any]], Any]:
    """Any other resolver, called as Strawberry's get_arguments would: (source, info, kwargs) -> value."""
    function = cast("Callable[..., Any]", resolver.wrapped_func)  # callable: plan_resolver checked
    takes_self = resolver.self_parameter is not None
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None
    source_names = [p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p is not None]

    def call(source: Any, info: Any, kwargs: dict[str, Any]) -> Any:
        arguments = dict(kwargs)
        for name in source_names:
            arguments[name] = source
        if info_name is not None:  # the plan makes an info only for resolvers that take one
            arguments[info_name] = info
        return function(source, **arguments) if takes_self else function(**arguments)

    return call
