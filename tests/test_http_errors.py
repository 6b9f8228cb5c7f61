"""One error shape on every path: a message, a stable code, and nothing internal."""

from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings


def errors(client: TestClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post("/graphql", json=body)
    result: list[dict[str, Any]] = response.json()["errors"]
    return result


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"query": "{ cases { totalCount "}, "GRAPHQL_PARSE_FAILED", "Syntax Error: Expected Name, found <EOF>."),
        (
            {"query": "{ nope }"},
            "GRAPHQL_VALIDATION_FAILED",
            "Cannot query field 'nope' on type 'Query'. Did you mean 'node' or 'nodes'?",
        ),
        (
            {"query": "mutation { cases { totalCount } }"},
            "GRAPHQL_VALIDATION_FAILED",
            "The mutation operation is not supported by the schema.",
        ),
        (
            {"query": "query($n: Int) { cases(first: $n) { totalCount } }", "variables": {"n": "ten"}},
            "BAD_USER_INPUT",
            "Variable '$n' has invalid value: Int cannot represent non-integer value: 'ten'",
        ),
        (
            {"query": "{ cases(first: 1000) { totalCount } }"},
            "BAD_USER_INPUT",
            '"first" must be between 0 and 100, got 1000',
        ),
    ],
    ids=["syntax", "unknown-field", "mutation", "variable-type", "argument-range"],
)
def test_client_mistakes_get_a_message_and_a_code(
    client: TestClient, body: dict[str, Any], code: str, message: str
) -> None:
    assert [(error["message"], error["extensions"]["code"]) for error in errors(client, body)] == [(message, code)]


#: regions → cases → nodes → outcomes → penalty → outcomes → nodes → case → region → cases → totalCount
DEEP = (
    "{ regions { cases { nodes { outcomes { penalty { outcomes { nodes { case { region { cases { totalCount }"
    " } } } } } } } } } }"
)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (DEEP, "Query depth 11 exceeds the limit of 10"),
        ("{ " + " ".join(f"a{n}: __typename" for n in range(16)) + " }", "Query has 16 aliases; the limit is 15"),
        ("{ " + "__typename @skip(if: false) " * 51 + "}", "Query has 51 directives; the limit is 50"),
        ("{ " + "__typename " * 1000 + "}", "Query has more than 1000 tokens; the limit is 1000"),
        ("{ cases(first: 100) { nodes { region { cases(first: 100) { totalCount } } } } }", None),
    ],
    ids=["depth", "aliases", "directives", "tokens", "nodes"],
)
def test_every_query_too_large_answers_query_too_complex(client: TestClient, query: str, message: str | None) -> None:
    (error,) = errors(client, {"query": query})
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
    assert message is None or error["message"] == message


@pytest.fixture
def broken_client(seeded_db: Path, monkeypatch: pytest.MonkeyPatch, executor: str) -> TestClient:
    """An app whose search hits a bug that mentions SQL and a path."""

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError('no such column: "secret" in /srv/jingwang/db/queries/search.py')

    monkeypatch.setattr("db.queries.search.search", fail)
    # On the loop, where the patch is: a query process would run the unpatched search.
    return TestClient(create_app(Settings(db_path=seeded_db, executor=executor, query_processes=0)))


def test_an_unexpected_error_is_masked_logged_and_traceable(
    broken_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with broken_client, caplog.at_level(logging.ERROR, logger="jingwang.errors"):
        responses = [
            broken_client.post("/graphql", json={"query": '{ search(text: "枪") { totalCount } }'}) for _ in range(2)
        ]
    request_ids = [response.headers["X-Request-ID"] for response in responses]
    for response, request_id in zip(responses, request_ids, strict=True):  # the same query: each its own answer
        assert response.json()["errors"] == [
            {
                "message": "Unexpected error.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["search"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            }
        ]
        assert "secret" not in response.text and "Traceback" not in response.text
    for record, request_id in zip(caplog.records, request_ids, strict=True):
        assert request_id in record.getMessage()
        assert record.exc_info is not None
        logged = "".join(traceback.format_exception(*record.exc_info))
        assert re.search(r'schema/root\.py", line \d+, in search\n', logged), logged  # the resolver
        assert "GraphQL field: Query.search" in logged


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    first = client.post("/graphql", json={"query": "{ article { title } }"}).headers["X-Request-ID"]
    second = client.post("/graphql", json={"query": "{ article { title } }"}).headers["X-Request-ID"]
    assert len(first) == 32 and first != second
    chosen = client.post("/graphql", json={"query": "{ __typename }"}, headers={"X-Request-ID": "trace-1234abcd"})
    assert chosen.headers["X-Request-ID"] == "trace-1234abcd"


def test_chinese_comes_as_utf8_not_escapes(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ article { publisher } }"})
    assert response.content.startswith('{"data":{"article":{"publisher":"云南网"}}'.encode())
