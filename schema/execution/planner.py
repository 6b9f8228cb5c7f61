"""The plan of one operation: every selection set collected once, for every type it can meet.

Fields are collected with graphql-core's own `collect_fields`/`collect_subfields` (fragments, type
conditions, @skip/@include, aliases merged in document order), so the plan has exactly the response
keys graphql-core would execute, in its order. The whole operation is planned up front, a field of
an abstract type once per possible object type, so that whether it can run compiled is decided
before anything runs: `Unsupported` means it cannot, and graphql-core's executor runs it.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLUnionType,
    OperationType,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import CollectedFields, GroupedFieldSet, collect_fields, collect_subfields

from schema.execution import values
from schema.execution.compiler import compile_selection
from schema.execution.fields import Completer, FieldPlan, SelectionRunner
from schema.execution.resolvers import Unsupported, plan_resolver

#: Field plans one operation may need before graphql-core's executor runs it instead: planning walks
#: every path of the document ahead of the data, so nested fragment spreads can ask for far more
#: fields than any answer uses. graphql-core's executor walks only the paths the data has.
MAX_FIELD_PLANS = 2_000

_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


def plan_operation(executor: Executor[Any]) -> tuple[SelectionRunner, int]:
    """The planned root selection of the executor's operation and its planned fields, or Unsupported."""
    operation = executor.operation
    if operation.operation is not OperationType.QUERY:
        raise Unsupported(f"{operation.operation.value} operations run on graphql-core's executor")
    root_type = executor.schema.query_type
    if root_type is None:
        raise Unsupported("the schema has no query type")
    collected = collect_fields(
        executor.schema,
        executor.fragments,
        executor.variable_values,
        root_type,
        operation,
        executor.hide_suggestions,
    )
    planner = _Planner(executor)
    run_selection = compile_selection(planner.fields(root_type, _without_defer(collected)))
    return run_selection, planner.planned


def _without_defer(collected: CollectedFields) -> GroupedFieldSet:
    if collected.new_defer_usages:
        raise Unsupported("@defer runs on graphql-core's executor")
    return collected.grouped_field_set


class _Planner:
    def __init__(self, executor: Executor[Any]) -> None:
        self.executor = executor
        self.schema = executor.schema
        self.planned = 0

    def fields(self, parent_type: GraphQLObjectType, grouped: GroupedFieldSet) -> list[FieldPlan]:
        plans: list[FieldPlan] = []
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name in _INTROSPECTION_ROOTS:
                raise Unsupported("introspection runs on graphql-core's executor")
            field_def = self.schema.get_field(parent_type, name)
            if field_def is None:
                continue  # graphql-core skips it too (validation reports unknown fields)
            self.planned += 1
            if self.planned > MAX_FIELD_PLANS:
                raise Unsupported(f"the plan would have more than {MAX_FIELD_PLANS} fields")
            field = FieldPlan(key, details, field_def, parent_type, isinstance(field_def.type, GraphQLNonNull))
            plan_resolver(field, self.executor)
            field.complete = self.completer(field_def.type, field, non_null=False)
            plans.append(field)
        return plans

    def completer(self, type_: GraphQLOutputType, field: FieldPlan, non_null: bool) -> Completer:
        if isinstance(type_, GraphQLNonNull):
            return self.completer(type_.of_type, field, non_null=True)
        if isinstance(type_, GraphQLList):
            item_type = type_.of_type
            item = self.completer(item_type, field, non_null=False)
            return values.listing(item, isinstance(item_type, GraphQLNonNull), field, non_null)
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            own = field.field_def.type
            if (own.of_type if isinstance(own, GraphQLNonNull) else own) is type_:  # not a list's items
                field.passes = values.passes(type_)
            return values.leaf(type_, field, non_null)
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            objects = {
                possible.name: self.object(possible, field, non_null=True)
                for possible in self.schema.get_possible_types(type_)
            }
            return values.abstract(type_, objects, field, non_null)
        return self.object(type_, field, non_null)

    def object(self, type_: GraphQLObjectType, field: FieldPlan, non_null: bool) -> Completer:
        executor = self.executor
        collected = collect_subfields(
            self.schema,
            executor.fragments,
            executor.variable_values,
            executor.operation,
            type_,
            field.details,
            executor.hide_suggestions,
        )
        field.selection = compile_selection(self.fields(type_, _without_defer(collected)))
        return values.object_(type_, field.selection, field, non_null)
