"""The compiled executor answers exactly as graphql-core's: same data, same errors, same SQL.

Every operation runs twice over the seeded database, each time with fresh loaders: once with
Strawberry's own executor class (graphql-core's algorithm) and once with the compiled one.
Data must be equal as Python values including key order and int/float (compared by repr),
errors equal in order, message, locations, path, extensions and original error, and the SQL
statements the same, in the same order — the loaders batch over the objects seen so far, so
equal statements mean the compiled executor visits objects in graphql-core's order.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, cast

import pytest
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    MiddlewareManager,
    OperationDefinitionNode,
    build_schema,
    execute,
    parse,
    validate,
)
from graphql.execution import Executor
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import queries
from starlette.testclient import TestClient
from strawberry.execution import optimized_is_awaitable

from api.app import create_app
from api.settings import Settings
from db.catalog import Catalog
from db.connection import open_readonly
from schema import nodes as schema_nodes
from schema import pagination, root
from schema.context import Context
from schema.execution.executor import COMPILED, GRAPHQL_CORE, CompiledExecutor, GuardedExecutor, PlanCache
from schema.execution.fields import SelectionRunner
from schema.loaders import Loaders
from schema.root import EXECUTORS, CompiledQueries, GraphQLCoreQueries, schema, schema_for, sdl
from schema.types import case, catalogs, common, region
from tests.benchmark_queries import BY_NAME as BENCHMARK_QUERIES
from tests.executor_cases import CASES, Case
from tests.fuzzing import SCALARS

ROOT = Path(__file__).parents[1]
GRAPHQL_SCHEMA = schema._schema  # graphql-core's schema; Strawberry has no public name for it


class Spy(CompiledQueries):
    """The compiled executor, noting whether each execution ran from a plan or fell back."""

    compiled: ClassVar[list[bool]] = []

    def plan(self) -> SelectionRunner | None:
        run_selection = super().plan()
        Spy.compiled.append(run_selection is not None)
        return run_selection


class Executions:
    """Runs operations over one read-only connection, recording the statements of each."""

    def __init__(self, seeded_db: Path) -> None:
        self.connection = open_readonly(seeded_db)
        self.catalog = Catalog.load(self.connection)
        self.statements: list[str] = []
        self.connection.set_trace_callback(self.statements.append)

    def run(
        self,
        executor_class: type[Executor[Any]],
        document: DocumentNode,
        variables: dict[str, Any] | None,
        name: str | None,
    ) -> tuple[ExecutionResult, list[str]]:
        """As Strawberry's execute_sync calls graphql-core, with a fresh context."""
        self.statements.clear()
        result = execute(
            GRAPHQL_SCHEMA,
            document,
            context_value=Context(loaders=Loaders(self.connection, self.catalog), request_id="test"),
            variable_values=variables,
            operation_name=name,
            middleware=MiddlewareManager(),
            is_awaitable=cast(Any, optimized_is_awaitable),  # a TypeGuard in graphql-core's signature
            executor_class=executor_class,
            is_async_iterable=cast(Any, lambda _value: False),  # as Strawberry's execute_sync passes
        )
        assert isinstance(result, ExecutionResult)
        # FTS5 reads its shadow tables ("SELECT k, v FROM 'main'.'…_config'", "PRAGMA 'main'.data_version")
        # when SQLite's caches say so, whichever executor runs first
        return result, [sql for sql in self.statements if "'main'." not in sql]

    def compare(
        self, document: DocumentNode | str, variables: dict[str, Any] | None = None, name: str | None = None
    ) -> ExecutionResult:
        """Assert both executors agree; return the result."""
        document = parse(document) if isinstance(document, str) else document
        expected, expected_sql = self.run(GraphQLCoreQueries, document, variables, name)
        actual, actual_sql = self.run(Spy, document, variables, name)
        assert repr(actual.data) == repr(expected.data)
        assert described(actual.errors) == described(expected.errors)
        assert actual_sql == expected_sql
        return actual


def described(errors: list[GraphQLError] | None) -> list[tuple[Any, ...]]:
    original = [error.original_error for error in errors or ()]
    return [
        (error.formatted, type(cause).__name__, str(cause) if cause is not None else None)
        for error, cause in zip(errors or (), original, strict=True)
    ]


@pytest.fixture(scope="module")
def executions(seeded_db: Path) -> Iterator[Executions]:
    runner = Executions(seeded_db)
    yield runner
    runner.connection.close()


def _operations(text: str) -> DocumentNode | None:
    try:
        document = parse(text)
    except GraphQLError:
        return None
    has_operation = any(isinstance(definition, OperationDefinitionNode) for definition in document.definitions)
    return document if has_operation and not validate(GRAPHQL_SCHEMA, document) else None


def corpus() -> list[tuple[str, str]]:
    """(where, query) for every valid operation the repository writes down, each once."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name in ("executor_cases.py", Path(__file__).name):
            continue  # run by their own tests
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.setdefault(node.value, f"{path.name}:{node.lineno}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for number, block in enumerate(re.findall(r"```graphql\n(.*?)```", readme, flags=re.DOTALL), 1):
        found.setdefault(block, f"README-{number}")
    for path in sorted((ROOT / "api" / "examples").glob("*.graphql")):
        found.setdefault(path.read_text(encoding="utf-8"), path.name)
    for name, query in BENCHMARK_QUERIES.items():
        found.setdefault(query, f"bench-{name}")
    return [(where, text) for text, where in found.items() if _operations(text) is not None]


CORPUS = corpus()


def test_the_corpus_covers_the_repository() -> None:
    places = {where.split(":")[0] for where, _ in CORPUS}
    assert {"README-1", "bench-Q1", "test_schema_regions.py", "01-region-cases-outcomes.graphql"} <= places
    assert len(CORPUS) >= 70, len(CORPUS)


@pytest.mark.parametrize(("where", "query"), CORPUS, ids=[where for where, _ in CORPUS])
def test_written_down_operations_answer_alike(executions: Executions, where: str, query: str) -> None:
    executions.compare(query)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hand_written_cases_answer_alike(executions: Executions, case: Case) -> None:
    Spy.compiled.clear()
    result = executions.compare(case.query, case.variables, case.operation_name)
    assert Spy.compiled == ([True] if case.compiled else [False] if Spy.compiled else [])
    if case.errors is not None:
        assert [error.message for error in result.errors or ()] == case.errors
    if case.data_is_null is not None:
        assert (result.data is None) is case.data_is_null


def test_nearly_every_written_down_operation_runs_compiled(executions: Executions) -> None:
    fell_back = []
    for where, query in CORPUS:
        Spy.compiled.clear()
        executions.run(Spy, parse(query), None, None)
        if Spy.compiled != [True]:
            fell_back.append(where)
    assert len(fell_back) <= 8, fell_back


#: Root fields whose arguments a generator rarely gets wrong, so the data is mostly there.
CATALOG_ROOTS = ["article", "regions", "categories", "operations", "penalties", "metrics"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("roots", "examples"), [(None, 300), (CATALOG_ROOTS, 150)], ids=["every-root-field", "catalog-roots"]
)
def test_generated_queries_answer_alike(executions: Executions, roots: list[str] | None, examples: int) -> None:
    Spy.compiled.clear()

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(query=queries(build_schema(sdl()), fields=roots, custom_scalars=SCALARS))
    def run(query: str) -> None:
        executions.compare(query)

    run()
    assert len(Spy.compiled) >= examples // 2 and all(Spy.compiled)


NOTHING: Any = None  # a value of the wrong type, where mypy would refuse it


def _raise(*_args: Any) -> Any:
    raise RuntimeError("the disk is on fire")


def _party(name: Any = None, kind: Any = None) -> Callable[[Any], common.Party]:
    def make(row: Any) -> common.Party:
        party = common.Party.from_row(row)
        return replace(party, name=party.name if name is None else name, kind=kind or party.kind)

    return make


def _figure(value: Any) -> Callable[[Any], case.CaseFigure]:
    return lambda row: replace(case.CaseFigure.from_row(row), value=value)


def _tuple(items: list[Any]) -> Any:
    return tuple(items)


def _tupled(mp: pytest.MonkeyPatch) -> None:
    make = pagination._connection
    mp.setattr(pagination, "_connection", lambda *args: replace(page := make(*args), nodes=_tuple(page.nodes)))


class SubRegion(region.Region):
    """A plain subclass: Strawberry resolves it as a Region, its id the way graphql-core does (GENERIC)."""


def _sub_regions(mp: pytest.MonkeyPatch) -> None:
    make = region.Region.from_row.__func__  # type: ignore[attr-defined]  # the classmethod's function
    mp.setattr(region.Region, "from_row", classmethod(lambda cls, row: make(SubRegion, row)))


PARTIES = "{ cases { nodes { title parties { name kind } } } regions(kind: FOREIGN) { name } }"
FIGURES = "{ cases { nodes { title figures { label value } } } }"
PENALTIES = (
    "{ statistics(first: 100) { nodes { metric penalty { name } } } cases { nodes { outcomes { penalty { name } } } } }"
)
Patch = Callable[[pytest.MonkeyPatch], None]
INJECTED: list[tuple[str, Patch, str]] = [
    ("loader-raises", lambda mp: mp.setattr(Loaders, "parties", _raise), PARTIES),
    ("list-is-not-iterable", lambda mp: mp.setattr(Loaders, "parties", lambda *_: 5), PARTIES),
    (
        "list-is-a-tuple",
        lambda mp: mp.setattr(Loaders, "regions", lambda self, ids: tuple(self.catalog.regions[i] for i in ids)),
        PARTIES,
    ),
    ("non-null-string-is-null", lambda mp: mp.setattr(common.Party, "from_row", _party(name="")), PARTIES),
    (
        "string-is-an-exception",
        lambda mp: mp.setattr(common.Party, "from_row", _party(name=ValueError("bad"))),
        PARTIES,
    ),
    ("string-is-a-number", lambda mp: mp.setattr(common.Party, "from_row", _party(name=12.5)), PARTIES),
    ("enum-is-a-string", lambda mp: mp.setattr(common.Party, "from_row", _party(kind="BOGUS")), PARTIES),
    ("float-is-text", lambda mp: mp.setattr(case.CaseFigure, "from_row", _figure("many")), FIGURES),
    ("float-is-infinite", lambda mp: mp.setattr(case.CaseFigure, "from_row", _figure(float("inf"))), FIGURES),
    ("float-is-an-int", lambda mp: mp.setattr(case.CaseFigure, "from_row", _figure(7)), FIGURES),
    ("float-is-a-bool", lambda mp: mp.setattr(case.CaseFigure, "from_row", _figure(True)), FIGURES),
    ("object-of-no-type", lambda mp: mp.setattr(catalogs.Penalty, "from_row", lambda row: object()), PENALTIES),
    (
        "objects-of-a-subclass",
        _sub_regions,
        '{ regions { id name parent { id } } node(id: "UmVnaW9uOmRhbGk=") { id ... on Region { name } } }',
    ),
    (
        "union-member-of-no-type",
        lambda mp: mp.setitem(root._TARGETS, "Paragraph", lambda row: object()),
        '{ search(text: "诈骗") { nodes { target { __typename } } } }',
    ),
    (
        "interface-object-of-no-type",
        lambda mp: mp.setitem(schema_nodes.RESOLVERS, "Region", lambda load, keys: dict.fromkeys(keys, object())),
        'query($ids: [ID!]!) { nodes(ids: $ids) { id } node(id: "UmVnaW9uOmRhbGk=") { __typename } }',
    ),
]


@pytest.mark.parametrize(("patch", "query"), [(p, q) for _, p, q in INJECTED], ids=[n for n, _, _ in INJECTED])
def test_faults_answer_alike(executions: Executions, monkeypatch: pytest.MonkeyPatch, patch: Patch, query: str) -> None:
    patch(monkeypatch)
    ids = {"ids": ["UmVnaW9uOmRhbGk=", "UmVnaW9uOmt1bm1pbmc="]} if "$ids" in query else None
    executions.compare(query, ids)


def plans_built(executions: Executions, monkeypatch: pytest.MonkeyPatch, query: str, runs: list[dict[str, Any]]) -> int:
    """How many plans a new plan cache built running `query` with each run's variables, each compared."""
    monkeypatch.setattr(Spy, "plans", PlanCache())
    document = parse(query)
    for variables in runs:
        executions.compare(document, variables)
    return Spy.plans.built


def test_a_plan_is_built_twice_per_document_and_variables_then_kept(
    executions: Executions, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "query($s: Boolean!) { regions(kind: FOREIGN) { name @skip(if: $s) nameEn } }"
    runs = [{"s": True}, {"s": False}] * 3
    assert plans_built(executions, monkeypatch, query, runs) == 4  # each planned twice, then kept (SecondSightCache)


def test_a_plan_serves_every_value_of_the_variables_its_arguments_use(
    executions: Executions, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = (
        "query($n: Int, $code: String, $f: CaseFilter) { region(code: $code) { name "
        "cases(first: $n, filter: $f) { totalCount nodes { title } pageInfo { hasNextPage } } } }"
    )
    runs: list[dict[str, Any]] = [
        {"n": 1, "code": "530000"},
        {"n": 3, "code": "530000", "f": {"category": "FRAUD"}},
        {"n": 500, "code": "530000"},  # refused by the resolver, as graphql-core's executor refuses it
        {"n": 2, "code": "530100", "f": {"category": "NO_SUCH"}},
        {"code": "nowhere"},
    ]
    assert plans_built(executions, monkeypatch, query, runs) == 2  # planned on the first two runs, then kept


def test_a_plan_is_built_again_for_the_variables_of_directives_in_fragments(
    executions: Executions, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = (
        "query($s: Boolean!, $n: Int) { ...F } "
        "fragment F on Query { regions(kind: FOREIGN) { name @skip(if: $s) cases(first: $n) { totalCount } } }"
    )
    runs = [{"s": skip, "n": first} for first in (1, 2, 3) for skip in (True, False)]
    assert plans_built(executions, monkeypatch, query, runs) == 4  # two values of $s, each planned twice


def test_the_plan_cache_drops_old_plans_to_stay_within_its_fields(
    executions: Executions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Spy, "plans", PlanCache(max_fields=20))
    nested = parse(BENCHMARK_QUERIES["Q1"])  # 19 planned fields
    small = parse("{ regions(kind: FOREIGN) { name nameEn } }")  # 3
    built = Spy.plans.built
    # Each is kept from its second plan on; 19 + 3 > 20: keeping one drops the other.
    steps = ((nested, 1), (nested, 2), (nested, 2), (small, 3), (small, 4), (nested, 5), (nested, 5))
    for document, plans_built in steps:
        executions.compare(document)
        assert Spy.plans.built == built + plans_built


def test_the_plan_cache_keeps_at_most_its_count_of_small_plans(
    executions: Executions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Spy, "plans", PlanCache(max_fields=1000, max_plans=2))  # each weighs at least 500
    a, b, c = (parse(f"{{ regions(kind: FOREIGN) {{ {field} }} }}") for field in ("name", "nameEn", "code"))
    built = Spy.plans.built
    # Each is kept from its second plan on; a third kept plan drops the least recently used.
    steps = ((a, 1), (a, 2), (b, 3), (b, 4), (a, 4), (c, 5), (c, 6), (a, 6), (b, 7), (b, 7))
    for document, plans_built in steps:
        executions.compare(document)
        assert Spy.plans.built == built + plans_built


def test_the_schema_runs_queries_compiled_and_the_sql_bound_holds(seeded_db: Path) -> None:
    connection = open_readonly(seeded_db)
    context = Context(loaders=Loaders(connection, Catalog.load(connection)), request_id="test")
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    assert schema.execution_context_class is CompiledQueries
    result = schema.execute_sync(BENCHMARK_QUERIES["Q1"], context_value=context)
    connection.close()
    assert result.errors is None
    assert len(statements) == 2, statements  # the case pages of all regions; the outcomes of all cases


@pytest.fixture(scope="module")
def apps(seeded_db: Path) -> Iterator[dict[str, TestClient]]:
    """The app on each executor, its answer cache off so that every request executes.

    The time limit is far off: how far a busy machine gets within a second is not what is compared.
    """
    with ExitStack() as stack:
        yield {
            name: stack.enter_context(
                TestClient(
                    create_app(
                        Settings(db_path=seeded_db, executor=name, answer_cache_bytes=0, time_limit=60, fairness="off")
                    )
                )
            )
            for name in EXECUTORS
        }


def test_both_executors_answer_byte_for_byte_over_http(apps: dict[str, TestClient]) -> None:
    requests: list[dict[str, Any]] = [{"query": query} for _, query in CORPUS]
    requests += [
        {"query": case.query, "variables": case.variables, "operationName": case.operation_name} for case in CASES
    ]
    for body in requests:
        answers = [app.post("/graphql", json=body, headers={"X-Request-ID": "same"}) for app in apps.values()]
        assert [answer.content for answer in answers[1:]] == [answers[0].content] * (len(answers) - 1), body


def test_the_graphql_core_executor_takes_the_stock_path(apps: dict[str, TestClient]) -> None:
    runs = GuardedExecutor.executions
    for name, compiled in ((GRAPHQL_CORE, 0), (COMPILED, 1)):
        before = dict(runs)
        response = apps[name].post("/graphql", json={"query": BENCHMARK_QUERIES["Q1"]})
        assert response.status_code == 200 and "errors" not in response.json()
        assert (runs[COMPILED] - before.get(COMPILED, 0), runs[GRAPHQL_CORE] - before.get(GRAPHQL_CORE, 0)) == (
            compiled,
            1 - compiled,
        )
    assert not issubclass(schema_for(GRAPHQL_CORE).execution_context_class, CompiledExecutor)
