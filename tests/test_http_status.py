"""GraphQL over HTTP: methods, media types and malformed requests, each with its status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY = "{ article { publisher } }"


def body_of(response: Any) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(response.content)
    return result


def codes(response: Any) -> list[str]:
    return [error["extensions"]["code"] for error in body_of(response)["errors"]]


def test_post_json_answers_json(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert body_of(response)["data"] == {"article": {"publisher": "云南网"}}
    assert body_of(response)["extensions"] == {"cost": {"requested": 0, "limit": 10000}}


def test_get_answers_queries(client: TestClient) -> None:
    response = client.get(f"/graphql?query={quote(QUERY)}")
    assert (response.status_code, body_of(response)["data"]) == (200, {"article": {"publisher": "云南网"}})


def test_get_with_variables_and_operation_name(client: TestClient) -> None:
    query = "query A($code: String) { region(code: $code) { name } } query B { __typename }"
    response = client.get(
        f"/graphql?query={quote(query)}&variables={quote(json.dumps({'code': '530100'}))}&operationName=A"
    )
    assert body_of(response)["data"] == {"region": {"name": "昆明"}}


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
    ],
)
def test_the_answer_comes_in_the_accepted_media_type(client: TestClient, accept: str, media_type: str) -> None:
    response = client.post("/graphql", json={"query": QUERY}, headers={"Accept": accept})
    assert response.headers["content-type"] == media_type


def test_an_unacceptable_media_type_is_406(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY}, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert codes(response) == ["NOT_ACCEPTABLE"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ article { ", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ cases(first: 100) { nodes { region { cases(first: 100) { totalCount } } } } }", "QUERY_TOO_COMPLEX"),
        (
            "{ regions { parent { children { parent { children { parent { children { name } } } } } } } }",
            "QUERY_TOO_COMPLEX",
        ),
    ],
    ids=["parse", "validation", "cost", "list-items"],
)
def test_request_errors_have_no_data_and_are_400_for_graphql_response_json(
    client: TestClient, query: str, code: str
) -> None:
    modern = client.post("/graphql", json={"query": query}, headers={"Accept": GRAPHQL_RESPONSE})
    legacy = client.post("/graphql", json={"query": query}, headers={"Accept": "application/json"})
    assert (modern.status_code, legacy.status_code) == (400, 200)
    for response in (modern, legacy):
        assert "data" not in body_of(response)
        assert codes(response) == [code]


def test_a_variable_of_the_wrong_type_is_a_request_error(client: TestClient) -> None:
    query = "query($n: Int) { cases(first: $n) { totalCount } }"
    response = client.post(
        "/graphql", json={"query": query, "variables": {"n": "x"}}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_an_unknown_operation_name_is_a_request_error(client: TestClient) -> None:
    response = client.post(
        "/graphql", json={"query": "query A { __typename }", "operationName": "B"}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert body_of(response) == {
        "errors": [{"message": 'Unknown operation named "B".', "extensions": {"code": "BAD_USER_INPUT"}}]
    }


def test_field_errors_keep_data_and_200(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        json={"query": '{ article { title } region(code: "x", name: "y") { name } }'},
        headers={"Accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 200
    assert body_of(response)["data"]["region"] is None
    assert body_of(response)["data"]["article"]["title"].startswith("云南净网")


def test_mutations_are_refused_over_get_with_405(client: TestClient) -> None:
    response = client.get(f"/graphql?query={quote('mutation { x }')}")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert codes(response) == ["METHOD_NOT_ALLOWED"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(client: TestClient, method: str) -> None:
    response = client.request(method, "/graphql", json={"query": QUERY})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("content", "content_type", "status", "message"),
    [
        (b"null", "application/json", 400, "the body must be a JSON object with a query"),
        (b"42", "application/json", 400, "the body must be a JSON object with a query"),
        (b'"query"', "application/json", 400, "the body must be a JSON object with a query"),
        (b"[]", "application/json", 400, "batched operations are not supported: send one operation per request"),
        (
            b'[{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
            "application/json",
            400,
            "batched operations are not supported: send one operation per request",
        ),
        (b"{nope", "application/json", 400, "the body is not valid UTF-8 JSON"),
        (b"\xff\xfe{}", "application/json", 400, "the body is not valid UTF-8 JSON"),
        (b"[" * 30_000 + b"]" * 30_000, "application/json", 400, "the body nests deeper than 32 levels"),
        (b'{"query": 1}', "application/json", 400, '"query" must be a string'),
        (b'{"query": "{ __typename }", "variables": []}', "application/json", 400, '"variables" must be an object'),
        (b'{"query": "{ __typename }", "extra": 1}', "application/json", 400, 'unknown request parameter "extra"'),
        (b"{}", "application/json", 400, 'the request has no "query"'),
        (b"{ __typename }", "application/graphql", 415, "a POST body must be application/json"),
        (b'{"query": "{ __typename }"}', "", 415, "a POST body must be application/json, got no content type"),
    ],
    ids=[
        "null",
        "number",
        "string",
        "empty-batch",
        "batch",
        "invalid-json",
        "not-utf8",
        "deep-nesting",
        "query-not-string",
        "variables-not-object",
        "unknown-parameter",
        "no-query",
        "graphql-body",
        "no-content-type",
    ],
)
def test_malformed_requests_get_a_4xx_in_graphql_shape(
    client: TestClient, content: bytes, content_type: str, status: int, message: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/graphql", content=content, headers=headers)
    assert response.status_code == status
    (error,) = body_of(response)["errors"]
    assert error["message"].startswith(message)
    assert "extensions" in error


def test_deeply_nested_variables_are_refused(client: TestClient) -> None:
    variables = '{"ids": ' + "[" * 5000 + "]" * 5000 + "}"
    content = b'{"query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": ' + variables.encode() + b"}"
    response = client.post("/graphql", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 400


def test_a_body_over_64_kb_is_413(client: TestClient) -> None:
    query = "{ __typename }" + " " * 70_000
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]


def test_a_url_over_8_kb_is_414(client: TestClient) -> None:
    response = client.get("/graphql?query=" + quote("{ __typename }" + " " * 9000))
    assert response.status_code == 414
    assert codes(response) == ["URI_TOO_LONG"]


def test_browsers_get_the_playground(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/static/graphiql/graphiql.min.js" in response.text
    assert "https://" not in response.text and "http://" not in response.text.replace("http://www.w3.org", "")


def test_the_time_limit_stops_the_work_with_a_timeout_error(seeded_db: Path, executed_queries: list[str]) -> None:
    # On the event loop, where executed_queries counts executions.
    with TestClient(create_app(Settings(db_path=seeded_db, time_limit=0.0, query_processes=0))) as slow:
        heavy = {"query": '{ search(text: "网", first: 100) { totalCount nodes { snippet } } }'}
        response = slow.post("/graphql", json=heavy)
        assert codes(response) == ["TIMEOUT"]
        assert response.headers["cache-control"] == "no-store"
        again = slow.post("/graphql", json=heavy)
        assert codes(again) == ["TIMEOUT"]
    assert len(executed_queries) == 2  # a timeout is not kept as the answer: the next request runs again


@pytest.mark.parametrize("query_processes", [0, 1], ids=["on the loop", "in a query process"])
def test_the_time_limit_stops_work_that_runs_no_sql(seeded_db: Path, query_processes: int) -> None:
    settings = Settings(db_path=seeded_db, time_limit=0.0, query_processes=query_processes, offload_after_ms=0)
    with TestClient(create_app(settings)) as slow:
        in_memory = {"query": "{ regions { children { parent { children { name } } } } }"}  # catalogs: no SQL
        response = slow.post("/graphql", json=in_memory)
        assert codes(response) == ["TIMEOUT"]
        assert response.json()["data"] is None
        assert response.headers["cache-control"] == "no-store"


def test_a_mutation_sent_with_post_first_is_still_refused_over_get(client: TestClient) -> None:
    query = "mutation { first }"
    assert client.post("/graphql", json={"query": query}).status_code == 200
    assert client.get(f"/graphql?query={quote(query)}").status_code == 405
