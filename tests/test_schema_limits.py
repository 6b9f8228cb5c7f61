"""Limits on depth, aliases, directives, tokens and cost: rejected before anything runs, and fast.

Every rejection is also timed: the attacks here cost stock Strawberry seconds to minutes of CPU
(its QueryDepthLimiter walks a fragment again at every spread). The bound is generous because
test machines are shared; the real times are milliseconds.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from graphql import FieldNode, get_introspection_query, parse, validate

from db.catalog import Catalog
from db.connection import open_readonly
from schema.context import Context
from schema.limits import ExecutionLimits, QueryShapeRule
from schema.loaders import Loaders
from schema.prepared import prepare
from schema.root import schema, schema_for
from tests.timing import timed

FAST = 1.0  # seconds
ROOT = Path(__file__).parents[1]
COST_LIMIT = {"limit": 10_000}


@dataclass(frozen=True)
class Answer:
    data: Any
    errors: list[tuple[str, str]]
    extensions: dict[str, Any]
    seconds: float


Run = Callable[..., Answer]


@pytest.fixture(scope="module")
def run(seeded_db: Path, executor: str) -> Iterator[Run]:
    """Execute a query on the schema with the limits; return what came back and how long it took."""
    schema = schema_for(executor)
    connection = open_readonly(seeded_db)
    catalog = Catalog.load(connection)

    def execute(query: str, **variables: Any) -> Answer:
        context = Context(loaders=Loaders(connection, catalog), request_id="test")
        prepare.cache_clear()  # timed as a new query text: parsed and validated anew
        result, seconds = timed(lambda: schema.execute_sync(query, variable_values=variables, context_value=context))
        errors = [(error.message, (error.extensions or {}).get("code", "")) for error in result.errors or ()]
        return Answer(result.data, errors, result.extensions or {}, seconds)

    yield execute
    connection.close()


def rejected(answer: Answer, message: str, code: str = "QUERY_TOO_COMPLEX") -> None:
    assert answer.errors == [(message, code)]
    assert answer.data is None
    assert answer.seconds < FAST, answer.seconds


def accepted(answer: Answer) -> None:
    assert answer.errors == []
    assert answer.data is not None
    assert answer.seconds < FAST, answer.seconds


def selection(items: list[str]) -> str:
    return "{ " + " ".join(items) + " }"


def tripled(levels: int, base: str) -> str:
    """Fragments B, C, … each spreading the one before three times; stock walkers visit 3**levels."""
    names = string.ascii_uppercase
    spreads = "".join(f"fragment {names[n]} on Query{{{('...' + names[n - 1]) * 3}}}" for n in range(1, levels + 1))
    return f"query{{...{names[levels]}}}{spreads}fragment A on Query{{ {base} }}"


def doubled(levels: int, base: str) -> str:
    """F1 … Fn, each spreading the one before twice: `fragment F1 on Query { ...F0 ...F0 }`."""
    spreads = "".join(f"fragment F{n} on Query {{ ...F{n - 1} ...F{n - 1} }} " for n in range(1, levels + 1))
    return f"{{ ...F{levels} }} {spreads}fragment F0 on Query {{ {base} }}"


# regions → cases → nodes → outcomes → penalty → outcomes → nodes → case → region → …
DEEP = "{ regions { cases { nodes { outcomes { penalty { outcomes { nodes { case { region { %s } } } } } } } } } }"


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        (DEEP % "name __typename", 10),
        (DEEP % "cases { totalCount }", 11),
        (DEEP % "cases { nodes { title } }", 12),
    ],
    ids=["10", "11", "12"],
)
def test_queries_deeper_than_10_fields_are_rejected(run: Run, query: str, depth: int) -> None:
    answer = run(query)
    if depth <= 10:
        accepted(answer)
    else:
        rejected(answer, f"Query depth {depth} exceeds the limit of 10")


def test_fragments_add_no_depth_of_their_own_but_their_fields_count(run: Run) -> None:
    query = """{ regions { ...R } }
      fragment R on Region { cases { nodes { ... on Case { outcomes { ...O } } } } }
      fragment O on Outcome { penalty { outcomes { nodes { case { region { cases { nodes { title } } } } } } } }"""
    rejected(run(query), "Query depth 12 exceeds the limit of 10")


def test_graphiqls_introspection_query_is_accepted(run: Run) -> None:
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    answer = run(query)
    accepted(answer)
    assert answer.data["__schema"]["queryType"] == {"name": "Query", "kind": "OBJECT"}


def test_15_aliases_pass_and_40_are_rejected(run: Run) -> None:
    aliases = [f"a{n}: __typename" for n in range(40)]
    accepted(run(selection(aliases[:15])))
    rejected(run(selection(aliases)), "Query has 40 aliases; the limit is 15")


def test_an_alias_flood_is_rejected_fast(run: Run) -> None:
    query = selection([f"a{n}: __typename" for n in range(10_000)])
    rejected(run(query), "Query has more than 1000 tokens; the limit is 1000")


def test_50_directives_pass_and_60_are_rejected(run: Run) -> None:
    accepted(run(selection(["__typename @include(if: true)"] * 50)))
    rejected(run(selection(["__typename @include(if: true)"] * 60)), "Query has 60 directives; the limit is 50")


def test_a_directive_flood_is_rejected_fast(run: Run) -> None:
    query = selection(["__typename", *["@include(if: true)"] * 10_000])
    rejected(run(query), "Query has more than 1000 tokens; the limit is 1000")


def test_aliases_and_directives_in_a_fragment_count_at_every_spread(run: Run) -> None:
    query = "{ ...F ...F } fragment F on Query { ...G ...G } fragment G on Query { a: __typename @skip(if: false) }"
    accepted(run(query))  # 4 aliases, 4 directives
    answer = run(query.replace("...G ...G", " ".join(["...G"] * 26)))
    assert answer.errors == [
        ("Query has 52 aliases; the limit is 15", "QUERY_TOO_COMPLEX"),
        ("Query has 52 directives; the limit is 50", "QUERY_TOO_COMPLEX"),
    ]


def test_a_fragment_cycle_is_rejected_fast(run: Run) -> None:
    query = "{ ...A } fragment A on Query { a: __typename ...B } fragment B on Query { b: __typename ...A }"
    answer = run(query)
    assert answer.seconds < FAST
    assert answer.errors == [("Cannot spread fragment 'A' within itself via 'B'.", "GRAPHQL_VALIDATION_FAILED")]


def test_the_limits_walk_ends_on_a_cycle_without_graphql_cores_cycle_rule() -> None:
    document = parse("{ ...A } fragment A on Query { regions { ...A } } fragment B on Query { ...B ...A }")
    errors, seconds = timed(lambda: validate(schema._schema, document, [QueryShapeRule]))
    assert errors == []
    assert seconds < FAST


def test_a_fragment_spread_bomb_is_rejected_fast(run: Run) -> None:
    rejected(run(doubled(20, "a: __typename")), "Query has 1048576 aliases; the limit is 15")


def test_a_bomb_that_breaks_no_limit_is_answered_fast(run: Run) -> None:
    answer = run(doubled(20, "__typename"))
    accepted(answer)
    assert answer.data == {"__typename": "Query"}


def test_the_641_byte_nested_spread_attack_is_rejected_fast(run: Run) -> None:
    query = tripled(18, "a: __typename")
    assert len(query.encode()) == 641
    rejected(run(query), "Query has 387420489 aliases; the limit is 15")


def test_counts_stop_at_a_billion_however_many_spreads(run: Run) -> None:
    rejected(run(tripled(25, "a: __typename")), "Query has at least 1000000000 aliases; the limit is 15")


def test_1000_tokens_pass_and_1001_are_rejected(run: Run) -> None:
    summary = "{ statisticSummary(groupBy: [%s]) { count } }"  # 12 tokens and one per dimension
    accepted(run(summary % " ".join(["CATEGORY"] * 988)))
    rejected(run(summary % " ".join(["CATEGORY"] * 989)), "Query has more than 1000 tokens; the limit is 1000")


def test_a_2_mb_query_is_rejected_fast(run: Run) -> None:
    query = "{ %s }" % ("__typename " * 200_000)
    assert len(query) > 2_000_000
    rejected(run(query), "Query has more than 1000 tokens; the limit is 1000")


COSTLY = "{ regions { cases(first: 100) { nodes { outcomes { penalty { outcomes(first: 100) { totalCount } } } } } } }"


def test_a_query_over_10000_nodes_is_rejected_with_its_cost(run: Run) -> None:
    answer = run(COSTLY)  # 100 cases, and 100 outcomes for each: 100 + 100 * 100
    rejected(answer, "Query requests up to 10100 nodes; the limit is 10000", "QUERY_TOO_COMPLEX")
    assert answer.extensions == {"cost": {"requested": 10_100, **COST_LIMIT}}


VARIABLE = """query($n: Int) {
  regions { cases(first: $n) { nodes { outcomes { penalty { outcomes(first: $n) { totalCount } } } } } }
}"""


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        ("{ cases(first: 2) { totalCount } }", {}, 2),
        ("{ cases { totalCount } }", {}, 20),
        ("{ cases(last: 3) { totalCount } }", {}, 3),
        ("{ regions { name } penalties { name } categories { name } }", {}, 0),
        (VARIABLE, {"n": 3}, 3 + 3 * 3),
        (VARIABLE, {"n": 99}, 99 + 99 * 99),
        (VARIABLE, {}, 20 + 20 * 20),
        (VARIABLE.replace("$n: Int", "$n: Int = 5"), {}, 5 + 5 * 5),
        ('{ nodes(ids: ["UmVnaW9uOmRhbGk=", "UmVnaW9uOmRhbGk="]) { ... on Region { cases { totalCount } } } }', {}, 42),
        (
            """{ regions { cases(first: 10) { nodes { ...P } } } }
               fragment P on Case { outcomes { penalty { outcomes(first: 5) { totalCount } } } }""",
            {},
            10 + 10 * 5,
        ),
    ],
    ids=["first", "default-20", "last", "catalog-lists", "n=3", "n=99", "n-absent", "n-default", "ids", "fragment"],
)
def test_every_answer_reports_its_cost(run: Run, query: str, variables: dict[str, Any], cost: int) -> None:
    answer = run(query, **variables)
    accepted(answer)
    assert answer.extensions == {"cost": {"requested": cost, **COST_LIMIT}}


def test_variables_can_push_a_query_over_the_cost_limit(run: Run) -> None:
    answer = run(VARIABLE, n=100)
    rejected(answer, "Query requests up to 10100 nodes; the limit is 10000", "QUERY_TOO_COMPLEX")


def test_page_sizes_over_100_count_as_100(run: Run) -> None:
    answer = run("{ cases(first: 500) { totalCount } }")
    assert answer.errors == [('"first" must be between 0 and 100, got 500', "BAD_USER_INPUT")]
    assert answer.extensions == {"cost": {"requested": 100, **COST_LIMIT}}


LIST_CYCLE = "{ regions { parent { children { parent { children { parent { children { parent { name } } } } } } } } }"


def refused_for_list_items(answer: Answer, limit: int) -> int:
    """Assert the answer is the list-item refusal; return the items it says were found."""
    ((message, code),) = answer.errors
    found = re.fullmatch(
        rf"Query returns at least (\d+) list items; the limit is {limit}:"
        r" ask for less \(smaller pages, fewer nested lists\)",
        message,
    )
    assert found is not None, message
    assert code == "QUERY_TOO_COMPLEX"
    assert answer.data is None
    assert answer.seconds < FAST, answer.seconds
    return int(found[1])


def test_an_answer_over_10000_list_items_is_refused_as_a_whole(run: Run) -> None:
    answer = run(LIST_CYCLE)  # cost 0: no connection, but each level multiplies the regions
    assert refused_for_list_items(answer, 10_000) > 10_000
    assert answer.extensions == {"cost": {"requested": 0, **COST_LIMIT}}


def test_list_items_count_connection_pages_and_plain_lists_alike(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    query = "{ regions { name } cases(first: 5) { nodes { outcomes { description } } } }"
    data = run(query).data
    items = (
        len(data["regions"])
        + len(data["cases"]["nodes"])
        + sum(len(case["outcomes"]) for case in data["cases"]["nodes"])
    )
    monkeypatch.setattr("schema.limits.MAX_LIST_ITEMS", items)
    assert run(query).data == data
    monkeypatch.setattr("schema.limits.MAX_LIST_ITEMS", items - 1)
    assert refused_for_list_items(run(query), items - 1) == items


def test_the_list_limit_stops_the_work_before_the_list_that_passes_it(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    allowed: list[int] = []
    account = ExecutionLimits.listing

    def recording(self: ExecutionLimits, count: int, nodes: list[FieldNode]) -> None:
        account(self, count, nodes)
        allowed.append(count)

    monkeypatch.setattr(ExecutionLimits, "listing", recording)
    monkeypatch.setattr("schema.limits.MAX_LIST_ITEMS", 100)
    assert refused_for_list_items(run(LIST_CYCLE), 100) > 100
    assert 0 < sum(allowed) <= 100  # lists were completed up to the limit, and none past it


def test_graphql_cores_executor_keeps_the_same_account(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    with_introspection = LIST_CYCLE.replace("{ regions", '{ __type(name: "Query") { name } regions', 1)
    assert refused_for_list_items(run(with_introspection), 10_000) > 10_000  # introspection runs on graphql-core
    monkeypatch.setattr("schema.execution.planner.MAX_FIELD_PLANS", 3)  # too large to compile: graphql-core runs it
    assert refused_for_list_items(run(LIST_CYCLE), 10_000) > 10_000


def test_the_time_limit_stops_the_work_between_lists(
    seeded_db: Path, executor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "{ regions { name } categories { name } penalties { name } }"
    clock = iter([0.0, 0.0, 5.0])  # the deadline, 1.0, passes after the second list
    monkeypatch.setattr("schema.limits.monotonic", lambda: next(clock))
    connection = open_readonly(seeded_db)
    context = Context(loaders=Loaders(connection, Catalog.load(connection)), request_id="test", deadline=1.0)
    result = schema_for(executor).execute_sync(query, context_value=context)
    connection.close()
    assert result.data is None  # penalties is non-null: its error nulls the whole answer
    assert [(error.path, error.original_error.__class__.__name__) for error in result.errors or ()] == [
        (["penalties"], "TimeLimitExceeded")
    ]


EXAMPLES = re.findall(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.DOTALL)
EXAMPLES += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "api" / "examples").glob("*.graphql"))]


@pytest.mark.parametrize("query", EXAMPLES, ids=[f"example-{n}" for n in range(1, len(EXAMPLES) + 1)])
def test_the_documented_examples_stay_within_the_limits(run: Run, query: str) -> None:
    codes = {code for _, code in run(query).errors}
    assert codes <= {"BAD_USER_INPUT"}
