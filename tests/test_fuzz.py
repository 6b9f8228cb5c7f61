"""Property-based: any query built from the schema, valid or with one mistake, gets a clean answer.

hypothesis-graphql generates the queries from our SDL (tests/fuzzing.py); each is sent through the
whole app. A clean answer is JSON with a status below 500 whose errors all carry a client-side code:
never a masked internal error, a timeout, or a message that leaks how the server works.
`python -m bench.fuzz` runs the same for thousands of examples against a live server.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import Mode, queries
from starlette.testclient import TestClient

from tests.fuzzing import SCALARS, SCHEMA, problems

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "one-mistake"])
def test_generated_queries_get_clean_answers(client: TestClient, mode: Mode) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(query=queries(SCHEMA, mode=mode, custom_scalars=SCALARS))
    def run(query: str) -> None:
        response = client.post("/graphql", json={"query": query})
        assert problems(response.status_code, response.json()) == [], query

    run()
