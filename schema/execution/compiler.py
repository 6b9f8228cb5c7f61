"""Each planned selection set as one Python function, compiled once per plan.

A loop over FieldPlans asks the plan's questions again for every object (which kind of resolver,
which function, which completion); the generated function runs its fields as straight-line code in
response key order, each in its own `try`, so errors are located, recorded or raised to the parent
as graphql-core's execute_field does. Values already in their serialized form (a str for String or
ID, a bool, an int in range, a finite float, None where nullable) skip their completer; an object
of its type's own class (`values.own_class`) runs the type's selection directly, alone or as list
items. Only identifiers and `repr()` literals are written into the source; functions, arguments and
completers are the function's globals under generated names. Why it is kept rather than the plain
loop: bench/RESULTS.md, "The executor for any schema".
"""

from __future__ import annotations

import functools
import keyword
from collections.abc import Sequence
from types import CodeType
from typing import Any

from graphql import GraphQLFloat, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE

from schema.execution import values
from schema.execution.fields import (
    ATTRIBUTE,
    CALL,
    METHOD,
    TYPENAME,
    FieldPlan,
    SelectionRunner,
    field_error,
)

#: Compiled sources kept: compiling is the slow part of planning, and a source recurs for every
#: selection set with the same fields (a fragment spread in many places, a query planned again).
COMPILED_SOURCES = 4096


def compile_selection(fields: Sequence[FieldPlan]) -> SelectionRunner:
    """A function `(run, source, path) -> data` running these planned fields on one object."""
    source = _Source(fields)
    namespace: dict[str, Any] = {"field_error": field_error, **source.globals}
    exec(_compiled(source.text, f"<selection {source.name}>"), namespace)  # see the docstring
    runner: SelectionRunner = namespace["run_selection"]
    return runner


@functools.lru_cache(maxsize=COMPILED_SOURCES)
def _compiled(text: str, filename: str) -> CodeType:
    return compile(text, filename, "exec")


class _Source:
    """The text of one selection's function and the globals it reads."""

    def __init__(self, fields: Sequence[FieldPlan]) -> None:
        self.globals: dict[str, Any] = {}
        self.name = fields[0].parent_name if fields else "(empty)"
        lines = ["def run_selection(run, source, path):"]
        for index, field in enumerate(fields):
            lines.extend(self.field(index, field))
        entries = ", ".join(f"{field.key!r}: v{index}" for index, field in enumerate(fields))
        lines.append(f"    return {{{entries}}}")
        self.text = "\n".join(lines) + "\n"

    def constant(self, kind: str, index: int, value: Any) -> str:
        name = f"{kind}_{index}"
        self.globals[name] = value
        return name

    def field(self, index: int, field: FieldPlan) -> list[str]:
        if field.kind == TYPENAME:
            return [f"    v{index} = {field.name!r}"]
        at = f"(path, {field.key!r}, {field.parent_name!r})"
        nodes = self.constant("NODES", index, field.nodes)
        return [
            "    try:",
            f"        value = {self.resolve(index, field, at)}",
            *self.complete(index, field, at),
            "    except Exception as raw_error:",
            f"        value = field_error(run, raw_error, {nodes}, {at}, {field.non_null})",
            f"    v{index} = value",
        ]

    def resolve(self, index: int, field: FieldPlan, at: str) -> str:
        if field.kind == ATTRIBUTE:
            if field.func is getattr and _is_attribute_name(field.name):
                return f"source.{field.name}"
            return f"{self.constant('RESOLVE', index, field.func)}(source, {field.name!r})"
        if field.info_class is not None:
            info = (
                f"{self.constant('INFO', index, field.info_class)}({self.constant('FIELD', index, field)}, run, {at})"
            )
        else:
            info = "None"
        if field.kind == METHOD:
            method = self.constant("RESOLVE", index, field.func)
            if all(_is_attribute_name(name) for name in field.kwargs):
                arguments = "".join(
                    f", {name}={self.constant(f'ARGUMENT_{index}', position, value)}"
                    for position, (name, value) in enumerate(field.kwargs.items())
                )
                return f"{method}(source, {info}{arguments})"
            return f"{method}(source, {info}, **{self.constant('ARGUMENTS', index, field.kwargs)})"
        if field.kind == CALL:
            call = self.constant("RESOLVE", index, field.func)
            return f"{call}(source, {info}, {self.constant('ARGUMENTS', index, field.kwargs)})"
        return f"{self.constant('FIELD', index, field)}.resolve_other(run, source, {at})"

    def complete(self, index: int, field: FieldPlan, at: str) -> list[str]:
        completer = self.constant("COMPLETE", index, field.complete)
        call = f"value = {completer}(run, value, {at})"
        named = _nullable(field.field_def.type)
        if field.passes is not None:
            done = f"value.__class__ is {self.constant('PASSES', index, field.passes)}"
        elif named is GraphQLInt:
            done = "value.__class__ is int and -2147483648 <= value <= 2147483647"
        elif named is GraphQLFloat:
            done = "value.__class__ is float and value - value == 0.0"  # 0.0 for finite floats, nan otherwise
        elif isinstance(named, GraphQLObjectType) and field.selection is not None:
            return self.object(index, field, named, at, call)
        elif isinstance(named, GraphQLList) and field.selection is not None:
            item = _nullable(named.of_type)
            if isinstance(item, GraphQLObjectType):
                return self.objects(index, field, item, isinstance(named.of_type, GraphQLNonNull), at, call)
            done = ""
        else:
            done = ""
        if not field.non_null:
            done = f"value is None or {done}" if done else "value is None"
        return [f"        if not ({done}):", f"            {call}"] if done else [f"        {call}"]

    def own(self, index: int, type_: GraphQLObjectType, name: str) -> str:
        """The test that `name` holds an instance of the type's own class, not cast (values.own_class)."""
        origin = self.constant("CLASS", index, values.own_class(type_))
        return f"{name}.__class__ is {origin} and getattr({name}, {TYPE_CAST_ATTRIBUTE!r}, None) is None"

    def object(self, index: int, field: FieldPlan, type_: GraphQLObjectType, at: str, call: str) -> list[str]:
        """An object of the type's own class runs its selection; anything else goes to its completer."""
        selection = self.constant("SELECTION", index, field.selection)
        return [
            f"        if {self.own(index, type_, 'value')}:",
            f"            value = {selection}(run, value, {at})",
            "        else:",
            f"            {call}",
        ]

    def objects(
        self, index: int, field: FieldPlan, type_: GraphQLObjectType, item_non_null: bool, at: str, call: str
    ) -> list[str]:
        """A list's objects as values.listing completes them, each with its own path and error handling."""
        selection = self.constant("SELECTION", index, field.selection)
        assert field.selection is not None  # objects() is only planned for fields with a selection
        item = self.constant("ITEM", index, values.object_(type_, field.selection, field, item_non_null))
        nodes = self.constant("NODES", index, field.nodes)
        where = "(here, position, None)"
        return [
            "        if value.__class__ is list:",
            f"            run.listing(len(value), {nodes})",
            f"            here = {at}",
            "            items = []",
            "            for position, element in enumerate(value):",
            "                try:",
            f"                    if {self.own(index, type_, 'element')}:",
            f"                        element = {selection}(run, element, {where})",
            "                    else:",
            f"                        element = {item}(run, element, {where})",
            "                except Exception as raw_error:",
            f"                    element = field_error(run, raw_error, {nodes}, {where}, {item_non_null})",
            "                items.append(element)",
            "            value = items",
            "        else:",
            f"            {call}",
        ]


def _nullable(type_: GraphQLOutputType) -> GraphQLOutputType:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _is_attribute_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)
