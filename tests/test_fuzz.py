"""Property-based: any query built from the schema, valid or with one mistake, gets a clean answer.

hypothesis-graphql generates the queries from our SDL; each is sent through the whole app.
A clean answer is JSON with a status below 500 whose errors all carry a client-side code:
never a masked internal error, a timeout, or a message that leaks how the server works.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import build_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, nodes, queries
from starlette.testclient import TestClient

from schema.root import sdl

SCHEMA = build_schema(sdl())
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "Date": st.dates().map(lambda day: nodes.String(day.isoformat())),
    "DateTime": st.datetimes().map(lambda moment: nodes.String(moment.isoformat())),
}
CLIENT_CODES = {
    "BAD_USER_INPUT",
    "GRAPHQL_VALIDATION_FAILED",
    "GRAPHQL_PARSE_FAILED",
    "NOT_FOUND",
    "QUERY_TOO_COMPLEX",
}
LEAKS = ("Traceback", 'File "', "sqlite", "Error:", "Exception", "no such column", "/work/")


def check_answer(response: Any) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    for error in body.get("errors", []):
        assert error["extensions"]["code"] in CLIENT_CODES, error
        assert not any(leak in error["message"] for leak in LEAKS), error


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "one-mistake"])
def test_generated_queries_get_clean_answers(client: TestClient, mode: Mode) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(query=queries(SCHEMA, mode=mode, custom_scalars=SCALARS))
    def run(query: str) -> None:
        check_answer(client.post("/graphql", json={"query": query}))

    run()
