"""Shared fixtures: one database built from the real seeds, an app over it on each executor, and `gql`."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

import api.endpoint
from api.app import create_app
from api.execution import Call, Database, Executed, execute
from api.settings import Settings
from schema.root import EXECUTORS
from seeds.build import build
from tests.browser import serve_on_loopback

Gql = Callable[..., dict[str, Any]]


#: The versions the whole suite has passed on. The compiled executor (schema/execution/) reads
#: graphql-core's and Strawberry's internals, so any other version must pass the suite first.
TESTED_VERSIONS = {
    "graphql-core": ("3.3.0", "3.3.1", "3.3.2"),
    "strawberry-graphql": ("0.330.0", "0.338.0", "0.341.2"),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--executor",
        choices=(*EXECUTORS, "both"),
        default="both",
        help="executor the app runs queries on in the API tests: compiled, graphql-core or both (default)",
    )
    parser.addoption(
        "--untested-versions",
        action="store_true",
        help="run on graphql-core or Strawberry versions not in tests/conftest.py's TESTED_VERSIONS",
    )


def pytest_configure(config: pytest.Config) -> None:
    unseen = [f"{name} {version(name)}" for name, seen in TESTED_VERSIONS.items() if version(name) not in seen]
    if unseen and not config.getoption("untested_versions"):
        raise pytest.UsageError(
            f"{' and '.join(unseen)} not tested: the executor relies on their internals. Run the suite with"
            " --untested-versions and, if it passes, add the version to TESTED_VERSIONS in tests/conftest.py"
            " and widen the bound in pyproject.toml"
        )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses the app (through `executor`) runs once per executor chosen."""
    if "executor" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("executor")
        metafunc.parametrize("executor", list(EXECUTORS) if chosen == "both" else [chosen], scope="session")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The database built once from the real seeds; it must be byte-identical afterwards."""
    path = tmp_path_factory.mktemp("seeded") / "jingwang.db"
    build(path)
    before = sha256_of(path)
    yield path
    assert sha256_of(path) == before, "the test suite changed the database file"


#: The shared apps compare whole answers, so they leave out what fairness adds to each (its
#: time varies); tests/test_http_fairness.py builds its own apps with fairness on.
@pytest.fixture(scope="session")
def client(seeded_db: Path, executor: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_path=seeded_db, executor=executor, fairness="off"))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def gql(client: TestClient) -> Gql:
    """POST a query; return the whole JSON response (data and errors)."""

    def run(query: str, **variables: Any) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    return run


@pytest.fixture(scope="session")
def data(gql: Gql) -> Callable[..., Any]:
    """POST a query that must succeed; return its data."""

    def run(query: str, **variables: Any) -> Any:
        result = gql(query, **variables)
        assert "errors" not in result, result["errors"]
        return result["data"]

    return run


@pytest.fixture
def executed_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries any app executed on its event loop during the test; an answer from the answer cache executes none.

    Through `client`, `gql` and `data` two identical requests execute once: a test about
    execution asks this how many times its query really ran.
    """
    executed: list[str] = []

    def counted(settings: Settings, database: Database, call: Call) -> Executed:
        executed.append(call.query)
        return execute(settings, database, call)

    monkeypatch.setattr(api.endpoint, "execute", counted)
    return executed


@pytest.fixture(scope="session")
def live_server(seeded_db: Path, executor: str) -> Iterator[str]:
    """The real app over HTTP on a free loopback port, served by uvicorn in a thread."""
    with serve_on_loopback(create_app(Settings(db_path=seeded_db, executor=executor, fairness="off"))) as url:
        yield url


@pytest.fixture
def database(seeded_db: Path) -> Iterator[sqlite3.Connection]:
    """A plain read-only connection to the seeded database, for checking what was written."""
    connection = sqlite3.connect(f"{seeded_db.resolve().as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()
