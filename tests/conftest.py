"""Shared fixtures: one database built from the real seeds, an app over it, and `gql`."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.endpoint import GraphQLEndpoint
from api.settings import Settings
from seeds.build import build
from tests.browser import serve_on_loopback

Gql = Callable[..., dict[str, Any]]


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


@pytest.fixture(scope="session")
def client(seeded_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_path=seeded_db))) as test_client:
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
    """The queries any app executed during the test; an answer from the answer cache executes none.

    Through `client`, `gql` and `data` two identical requests execute once: a test about
    execution asks this how many times its query really ran.
    """
    executed: list[str] = []
    execute = GraphQLEndpoint.execute

    def counted(endpoint: GraphQLEndpoint, *arguments: Any) -> Any:
        executed.append(arguments[3])  # request, database, graphql_request, query, media_type
        return execute(endpoint, *arguments)

    monkeypatch.setattr(GraphQLEndpoint, "execute", counted)
    return executed


@pytest.fixture(scope="session")
def live_server(seeded_db: Path) -> Iterator[str]:
    """The real app over HTTP on a free loopback port, served by uvicorn in a thread."""
    with serve_on_loopback(create_app(Settings(db_path=seeded_db))) as url:
        yield url


@pytest.fixture
def database(seeded_db: Path) -> Iterator[sqlite3.Connection]:
    """A plain read-only connection to the seeded database, for checking what was written."""
    connection = sqlite3.connect(f"{seeded_db.resolve().as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()
