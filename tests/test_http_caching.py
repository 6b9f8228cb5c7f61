"""Caching and transport: ETags and 304s, answer reuse, gzip, CORS and persisted queries."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings

QUERY = "{ statistics(first: 50) { nodes { metric value unit sources { text } } } }"
URL = f"/graphql?query={quote(QUERY)}"


def test_get_answers_carry_an_etag_and_cache_control(client: TestClient) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["etag"].startswith('W/"')
    assert {"Accept", "Accept-Encoding"} <= {part.strip() for part in response.headers["vary"].split(",")}


def test_if_none_match_gets_304_without_a_body(client: TestClient) -> None:
    tag = client.get(URL).headers["etag"]
    response = client.get(URL, headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == tag


def test_the_etag_follows_the_request_not_its_spelling(client: TestClient) -> None:
    spaced = "/graphql?query=" + quote(QUERY.replace(" ", "   \n"))
    assert client.get(spaced).headers["etag"] == client.get(URL).headers["etag"]
    other = "/graphql?query=" + quote(QUERY.replace("50", "49"))
    assert client.get(other).headers["etag"] != client.get(URL).headers["etag"]
    modern = client.get(URL, headers={"Accept": "application/graphql-response+json"}).headers["etag"]
    assert modern != client.get(URL).headers["etag"]


def test_the_etag_is_the_same_for_another_server_on_a_copy_of_the_file(seeded_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "replica.db"
    copy.write_bytes(seeded_db.read_bytes())
    tags = []
    for path in (seeded_db, copy):
        with TestClient(create_app(Settings(db_path=path))) as replica:
            tags.append(replica.get(URL).headers["etag"])
    assert tags[0] == tags[1]


def test_post_answers_are_not_stored_by_http_caches(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY})
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_a_repeated_query_is_answered_from_the_cache_identically(seeded_db: Path, executed_queries: list[str]) -> None:
    with TestClient(create_app(Settings(db_path=seeded_db, fairness="off"))) as cached:  # fairness reports vary
        first = cached.post("/graphql", json={"query": QUERY})
        second = cached.post("/graphql", json={"query": QUERY})
    assert first.content == second.content
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert executed_queries == [QUERY]


def test_large_answers_are_gzipped_when_asked(client: TestClient) -> None:
    response = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert json.loads(response.content)["data"]["statistics"]["nodes"]


def test_cors_allows_any_origin_without_credentials(client: TestClient) -> None:
    preflight = client.options(
        "/graphql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    response = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "X-Request-ID" in response.headers["access-control-expose-headers"]


def test_cors_origins_are_configurable(seeded_db: Path) -> None:
    settings = Settings(db_path=seeded_db, cors_origins=("https://app.example.org",))
    with TestClient(create_app(settings)) as restricted:
        allowed = restricted.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://app.example.org"}
        )
        refused = restricted.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://evil.example"}
        )
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "access-control-allow-origin" not in refused.headers


def persisted(query_hash: str) -> str:
    return json.dumps({"persistedQuery": {"version": 1, "sha256Hash": query_hash}})


def test_persisted_queries_follow_apollos_protocol(client: TestClient) -> None:
    query = "{ regions(kind: COUNTY) { fullName } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    unknown = client.get(f"/graphql?extensions={quote(persisted(digest))}")
    assert unknown.json() == {
        "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    }
    registered = client.get(f"/graphql?query={quote(query)}&extensions={quote(persisted(digest))}")
    assert registered.json()["data"] == {"regions": [{"fullName": "思茅区"}]}
    short = client.get(f"/graphql?extensions={quote(persisted(digest))}")
    assert short.json() == registered.json()
    assert short.headers["etag"] == registered.headers["etag"]


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
@pytest.mark.parametrize(
    ("extension", "expected"),
    [
        (
            {"version": 1, "sha256Hash": "f" * 64},
            {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}},
        ),
        (
            {"version": 2, "sha256Hash": "f" * 64},
            {
                "message": "only version 1 of persisted queries is supported",
                "extensions": {"code": "PERSISTED_QUERY_NOT_SUPPORTED"},
            },
        ),
    ],
    ids=["unknown-hash", "unknown-version"],
)
def test_a_persisted_query_miss_is_answered_as_apollo_server_does(
    client: TestClient, accept: str, extension: dict[str, object], expected: dict[str, object]
) -> None:
    """200 and uncached: a 4xx makes links and proxies treat the hash as refused, not as unknown."""
    extensions = quote(json.dumps({"persistedQuery": extension}))
    response = client.get(f"/graphql?extensions={extensions}", headers={"Accept": accept})
    assert (response.status_code, response.headers["cache-control"]) == (200, "private, no-cache, must-revalidate")
    assert response.headers["content-type"].startswith(accept)
    assert response.json() == {"errors": [expected]}


def test_a_hash_that_does_not_match_its_query_is_refused(client: TestClient) -> None:
    response = client.get(f"/graphql?query={quote('{ __typename }')}&extensions={quote(persisted('0' * 64))}")
    assert response.json()["errors"] == [
        {"message": "provided sha does not match query", "extensions": {"code": "BAD_REQUEST"}}
    ]


def test_the_playgrounds_examples_are_known_by_hash(client: TestClient) -> None:
    example = (Path(__file__).parents[1] / "api" / "examples" / "04-search.graphql").read_text(encoding="utf-8")
    digest = hashlib.sha256(example.encode()).hexdigest()
    response = client.get(f"/graphql?extensions={quote(persisted(digest))}")
    assert response.json()["data"]["search"]["totalCount"] > 0


def test_static_assets_are_cacheable_and_match_their_manifest(client: TestClient) -> None:
    response = client.get("/static/graphiql/graphiql.min.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=86400"
    check = subprocess.run(
        [sys.executable, "scripts/vendor_graphiql.py", "check"],
        cwd=Path(__file__).parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_answer_cache_can_be_turned_off(seeded_db: Path, executed_queries: list[str]) -> None:
    with TestClient(create_app(Settings(db_path=seeded_db, answer_cache_bytes=0, fairness="off"))) as uncached:
        first = uncached.post("/graphql", json={"query": QUERY})
        second = uncached.post("/graphql", json={"query": QUERY})
    assert first.content == second.content
    assert executed_queries == [QUERY, QUERY]
