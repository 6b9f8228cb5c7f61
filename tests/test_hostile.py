"""Hostile requests against the real server: each is refused fast, small and clean, and the server lives on.

Every case must be answered within 2 s with a 4xx status or a GraphQL error, in under 100 KB, with no
internal detail, and right after it the server must still run a query that reads the database.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx2
import pytest

from tests.timing import timed

POST = "POST"
GET = "GET"
#: Numbers the liveness query's operation apart: the answer cache would answer a repeated one unexecuted.
FRESH = itertools.count(1)


def nested(depth: int) -> str:
    query = "name"
    for level in range(depth):
        query = (
            f"cases(first: 1) {{ nodes {{ region {{ {query} }} }} }}"
            if level % 2
            else f'region(code: "530100") {{ {query} }}'
        )
    return "{ " + query + " }"


def fragment_bomb(levels: int, fanout: int) -> str:
    fragments = ["fragment F0 on Query { a: __typename }"]
    fragments += [
        f"fragment F{n} on Query {{ {' '.join(f'...F{n - 1}' for _ in range(fanout))} }}" for n in range(1, levels)
    ]
    return f"{{ ...F{levels - 1} }} " + " ".join(fragments)


INTROSPECTION_BOMB = (
    "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }"
)

#: (id, method, body or URL suffix, headers)
CASES: list[tuple[str, str, Any, dict[str, str]]] = [
    ("deep-nesting", POST, {"query": nested(40)}, {}),
    ("alias-flood", POST, {"query": "{ " + " ".join(f"a{n}: __typename" for n in range(10_000)) + " }"}, {}),
    ("directive-flood", POST, {"query": "{ __typename " + "@include(if: true) " * 10_000 + "}"}, {}),
    ("fragment-cycle", POST, {"query": "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"}, {}),
    ("fragment-bomb", POST, {"query": fragment_bomb(18, 3)}, {}),
    ("fragment-doubling", POST, {"query": fragment_bomb(30, 2)}, {}),
    ("introspection-bomb", POST, {"query": INTROSPECTION_BOMB}, {}),
    (
        "cost-bomb",
        POST,
        {
            "query": "{ regions { cases(first: 100) { nodes { outcomes { penalty { outcomes(first: 100) { totalCount }"
            " } } } } } }"
        },
        {},
    ),
    (
        "list-cycle",  # plain lists through a cycle: no connection, cost 0, 5 MB of answer before the list limit
        POST,
        {"query": "{ regions { parent { children { parent { children { parent { children { name } } } } } } } }"},
        {},
    ),
    (
        "list-cycle-with-introspection",  # introspection runs on graphql-core's executor, under the same limit
        POST,
        {
            "query": '{ __type(name: "Query") { name } regions { parent { children { parent { children { parent {'
            " children { name } } } } } } } }"
        },
        {},
    ),
    ("huge-query", POST, {"query": "{ __typename }" + " " * 2_000_000}, {}),
    ("huge-variables", POST, {"query": "{ __typename }", "variables": {"x": "y" * 5_000_000}}, {}),
    (
        "deep-variables",
        POST,
        '{"query": "query($v: [ID!]) { nodes(ids: $v) { id } }", "variables": {"v": '
        + "[" * 20_000
        + "]" * 20_000
        + "}}",
        {},
    ),
    ("batch", POST, [{"query": "{ __typename }"}] * 1000, {}),
    ("null-body", POST, "null", {}),
    ("number-body", POST, "12345", {}),
    ("string-body", POST, '"{ __typename }"', {}),
    ("invalid-json", POST, "{ this is not json", {}),
    ("not-utf8", POST, b"\xff\xfe\xfd{", {}),
    ("form-body", POST, "query=%7B__typename%7D", {"Content-Type": "application/x-www-form-urlencoded"}),
    ("text-body", POST, "{ __typename }", {"Content-Type": "text/plain"}),
    ("mutation-over-get", GET, "?query=" + quote("mutation { __typename }"), {}),
    ("unknown-operation", POST, {"query": "query A { __typename }", "operationName": "Nope"}, {}),
    (
        "wrong-variable-type",
        POST,
        {"query": "query($n: Int) { cases(first: $n) { totalCount } }", "variables": {"n": {"a": 1}}},
        {},
    ),
    ("huge-url", GET, "?query=" + "%20" * 10_000 + quote("{ __typename }"), {}),
    ("garbage-query", POST, {"query": "\x00\x01\x02 }}}{{{ ((( \\u0000"}, {}),
    ("first-overflow", POST, {"query": "{ cases(first: 2147483647) { totalCount } }"}, {}),
    ("int-overflow", POST, {"query": "{ cases(first: 99999999999999999999) { totalCount } }"}, {}),
    ("cursor-garbage", POST, {"query": '{ cases(after: "////////") { totalCount } }'}, {}),
    (
        "nodes-flood",
        POST,
        {"query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": {"ids": ["x"] * 100_000}},
        {},
    ),
]


@pytest.fixture(scope="module")
def http(live_server: str) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=live_server, timeout=10) as client:
        yield client


def send(http: httpx2.Client, method: str, payload: Any, headers: dict[str, str]) -> httpx2.Response:
    if method == GET:
        return http.get("/graphql" + payload, headers=headers)
    if isinstance(payload, bytes | str):
        content = payload.encode() if isinstance(payload, str) else payload
        return http.post("/graphql", content=content, headers={"Content-Type": "application/json", **headers})
    return http.post("/graphql", content=json.dumps(payload), headers={"Content-Type": "application/json", **headers})


@pytest.mark.parametrize(
    ("method", "payload", "headers"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_hostile_request_is_refused_fast_small_and_clean(
    http: httpx2.Client, executed_queries: list[str], method: str, payload: Any, headers: dict[str, str]
) -> None:
    response, elapsed = timed(lambda: send(http, method, payload, headers))
    assert elapsed < 2.0, f"answered in {elapsed:.2f} s"
    assert len(response.content) < 100_000
    body = response.json()
    assert 400 <= response.status_code < 500 or body.get("errors"), (response.status_code, body)
    for error in body.get("errors", []):
        assert error["extensions"]["code"] not in ("INTERNAL_SERVER_ERROR", "TIMEOUT"), error
        assert "Traceback" not in error["message"] and "sqlite" not in error["message"].lower()
    alive = f"query Alive{next(FRESH)} {{ cases(first: 1) {{ totalCount }} }}"
    assert http.post("/graphql", json={"query": alive}).json() == {
        "data": {"cases": {"totalCount": 6}},
        "extensions": {"cost": {"requested": 1, "limit": 10000}},
    }
    assert executed_queries[-1:] == [alive]
