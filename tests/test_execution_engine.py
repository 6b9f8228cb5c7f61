"""The compiled executor on small schemas of its own: resolvers cannot tell it from Strawberry's.

Each test builds a tiny Strawberry schema twice, once on Strawberry's stock executor class and
once on `CompiledExecutor`, runs the same requests on both and compares what the resolvers saw
and what came back; `GuardedExecutor.executions` shows which path ran.
"""

from __future__ import annotations

import copy
import traceback
from dataclasses import dataclass, field
from typing import Any

import pytest
import strawberry
from graphql import FieldNode, GraphQLError, print_ast
from graphql.pyutils import Path
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution.executor import COMPILED, CompiledExecutor, GuardedExecutor
from schema.execution.guard import ExecutionGuard, Refusal

SEEN: list[dict[str, Any]] = []


def typenames(path: Path | None) -> list[str | None]:
    found: list[str | None] = []
    while path is not None:
        found.append(path.typename)
        path = path.prev
    return found[::-1]


def observed(info: strawberry.Info, **arguments: Any) -> dict[str, Any]:
    """Everything Strawberry's docs let a resolver read from `info`, and its arguments as given."""
    raw = info._raw_info
    return {
        "field_name": info.field_name,
        "python_name": info.python_name,
        "path": info.path.as_list(),
        "typenames": typenames(info.path),
        "selected_fields": repr(info.selected_fields),
        "variable_values": info.variable_values,
        "operation": print_ast(info.operation),
        "query": info.query,
        "return_type": info.return_type,
        "schema": info.schema is info.context["schema"],
        "context": info.context["request"],
        "root_value": info.root_value.request,
        "argument_definition": info.get_argument_definition("tags") is not None,
        "raw": (raw.field_name, raw.parent_type.name, str(raw.return_type), sorted(raw.fragments)),
        "is_info": isinstance(info, strawberry.Info),
        "arguments": copy.deepcopy(arguments),
    }


@strawberry.input
class Names:
    names: list[str]
    extra: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class Item:
    id: int

    @strawberry.field
    def tagged(self, info: strawberry.Info, tags: list[str], names: Names | None = None) -> list[str]:
        """Appends to its own arguments, as a careless resolver might."""
        SEEN.append(observed(info, tags=tags, names=names))
        tags.append(f"seen by {self.id}")
        if names is not None:
            names.names.append(f"seen by {self.id}")
        return [*tags, *(names.names if names is not None else [])]

    @strawberry.field
    def plain(self, times: int = 2) -> str:
        return f"{self.id}" * times


@strawberry.type
class Query:
    @strawberry.field
    def items(self, info: strawberry.Info, first: int = 3) -> list[Item]:
        SEEN.append(observed(info, first=first))
        return [Item(id=number) for number in range(first)]


@dataclass
class Root:
    request: int


def schemas(query: type, **options: Any) -> tuple[strawberry.Schema, strawberry.Schema]:
    """The same types on Strawberry's stock executor class and on the compiled one."""
    stock = strawberry.Schema(query=query, execution_context_class=StrawberryGraphQLCoreExecutionContext, **options)
    compiled = strawberry.Schema(query=query, execution_context_class=CompiledExecutor, **options)
    return stock, compiled


def compiled_runs() -> int:
    return GuardedExecutor.executions[COMPILED]


ACCEPTANCE = """
query Tagged($tags: [String!]!, $names: [String!]!) {
  items(first: 2) {
    id
    tagged(tags: $tags, names: {names: $names})
    again: tagged(tags: ["literal"], names: {names: ["given"], extra: ["x"]})
    ...More
  }
}
fragment More on Item { plain(times: 3) noNames: tagged(tags: []) }
"""


def test_resolvers_see_the_same_info_and_arguments_on_both_executors_three_requests_in_a_row() -> None:
    answers: dict[str, list[Any]] = {}
    seen: dict[str, list[dict[str, Any]]] = {}
    for name, schema in zip(("stock", "compiled"), schemas(Query), strict=True):
        SEEN.clear()
        before = compiled_runs()
        answers[name] = []
        for request in range(3):
            result = schema.execute_sync(
                ACCEPTANCE,
                variable_values={"tags": ["a"], "names": ["b"]},
                context_value={"schema": schema, "request": request},
                root_value=Root(request),
            )
            answers[name].append((result.data, result.errors))
        seen[name] = list(SEEN)
        assert compiled_runs() - before == (3 if name == "compiled" else 0)
    assert answers["compiled"] == answers["stock"]
    assert seen["compiled"] == seen["stock"]
    first_item = answers["stock"][2][0]["items"][0]
    assert first_item["tagged"] == ["a", "seen by 0", "b", "seen by 0"]  # no call saw another's appends
    assert first_item["again"] == ["literal", "seen by 0", "given", "seen by 0"]
    assert len(seen["stock"]) == 3 * (1 + 2 * 3)


@strawberry.type
class Failing:
    @strawberry.field
    def broken(self) -> int:
        return resolve_the_broken_field()


def resolve_the_broken_field() -> int:
    raise RuntimeError("the disk is on fire")


@pytest.mark.parametrize("executor_class", [StrawberryGraphQLCoreExecutionContext, CompiledExecutor, GuardedExecutor])
def test_a_failing_resolvers_traceback_names_the_resolver_and_the_field(executor_class: type) -> None:
    schema = strawberry.Schema(query=Failing, execution_context_class=executor_class)
    (error,) = schema.execute_sync("{ broken }").errors or []
    assert error.original_error is not None
    text = "".join(traceback.format_exception(error.original_error))
    assert "in resolve_the_broken_field" in text
    if executor_class is not StrawberryGraphQLCoreExecutionContext:  # ours: the field as well
        assert "GraphQL field: Failing.broken" in text


class Counting(ExecutionGuard):
    """Refuses answers of more than four list items; a list of exactly three fails its field."""

    def __init__(self, executor: Any) -> None:
        self.left = 4

    def listing(self, count: int, nodes: list[FieldNode]) -> None:
        self.left -= count
        if self.left < 0:
            raise Refusal(GraphQLError("too many items", nodes, extensions={"code": "TOO_MANY"}))
        if count == 3:
            raise ValueError("three is not allowed")


@strawberry.type
class Lists:
    @strawberry.field
    def numbers(self, count: int) -> list[int] | None:
        return list(range(count))


def guarded(base: type[GuardedExecutor]) -> type[GuardedExecutor]:
    return type(f"Counting{base.__name__}", (base,), {"guard": Counting})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ a: numbers(count: 2) b: numbers(count: 2) }", {"data": {"a": [0, 1], "b": [0, 1]}}),
        (
            "{ a: numbers(count: 3) }",
            {"data": {"a": None}, "errors": [("three is not allowed", ["a"], None)]},
        ),
        (
            "{ a: numbers(count: 2) b: numbers(count: 5) }",
            {"data": None, "errors": [("too many items", None, "TOO_MANY")]},
        ),
    ],
    ids=["within", "field-error", "refused"],
)
@pytest.mark.parametrize("base", [GuardedExecutor, CompiledExecutor], ids=["graphql-core", "compiled"])
def test_the_guard_sees_every_list_on_both_paths(
    base: type[GuardedExecutor], query: str, expected: dict[str, Any]
) -> None:
    result = strawberry.Schema(query=Lists, execution_context_class=guarded(base)).execute_sync(query)
    answer: dict[str, Any] = {"data": result.data}
    if result.errors:
        answer["errors"] = [(e.message, e.path, (e.extensions or {}).get("code")) for e in result.errors]
    assert answer == expected


class GreetingInfo(strawberry.Info):
    def greeting(self) -> str:
        return f"hello from {self.field_name}"


@dataclass
class NotesInfo(strawberry.Info):
    notes: list[str] = field(default_factory=list)


@strawberry.type
class Greeting:
    @strawberry.field
    def greet(self, info: strawberry.Info) -> str:
        notes = getattr(info, "notes", None)
        said = info.greeting() if isinstance(info, GreetingInfo) else str(notes)
        return f"{type(info).__name__}: {said} at {info.path.as_list()}"


@pytest.mark.parametrize("info_class", [GreetingInfo, NotesInfo])
def test_resolvers_get_the_schemas_own_info_class(info_class: type[strawberry.Info]) -> None:
    config = StrawberryConfig(info_class=info_class)
    answers = []
    before = compiled_runs()
    for schema in schemas(Greeting, config=config):
        result = schema.execute_sync("{ greet again: greet }")
        answers.append((result.data, result.errors))
    assert compiled_runs() - before == 1
    assert answers[0] == answers[1]
    assert answers[0][0] is not None and answers[0][0]["again"].startswith(f"{info_class.__name__}: ")
