"""A repeated query text is kept parsed and validated; the answers stay those of a first request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLError
from strawberry.schema.schema import validate_document

from db.catalog import Catalog
from db.connection import open_readonly
from schema import prepared
from schema.context import Context
from schema.loaders import Loaders
from schema.root import schema

Answer = tuple[Any, list[tuple[str, Any]], dict[str, Any]]


@pytest.fixture
def ask(seeded_db: Path) -> Iterator[Any]:
    connection = open_readonly(seeded_db)
    catalog = Catalog.load(connection)

    def execute(query: str) -> Answer:
        context = Context(loaders=Loaders(connection, catalog), request_id="test")
        result = schema.execute_sync(query, context_value=context)
        errors = [(error.message, (error.extensions or {}).get("code")) for error in result.errors or ()]
        return result.data, errors, result.extensions or {}

    prepared.prepare.cache_clear()
    yield execute
    connection.close()


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The query texts validated, as the extension validates them."""
    seen: list[str] = []
    validate = validate_document

    def counted(*arguments: Any) -> list[GraphQLError]:
        seen.append(arguments[1].loc.source.body)
        return validate(*arguments)

    monkeypatch.setattr(prepared, "validate_document", counted)
    return seen


QUERIES = {
    "valid": "{ article { publisher } }",
    "unknown field": "{ article { publisherr } }",
    "too deep": "{ regions { parent { parent { parent { parent { parent { parent { parent { parent { parent "
    "{ name } } } } } } } } } } }",
    "too complex": "{ cases(first: 100) { nodes { region { cases(first: 100) { nodes { title } } } } } }",
}


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_a_repeated_query_is_validated_twice_then_kept_and_answered_alike(
    ask: Any, validations: list[str], query: str
) -> None:
    first = ask(query)
    assert [ask(query) for _ in range(3)] == [first] * 3
    assert validations == [query, query]  # the first request's document is not kept; the second's is


def test_queries_asked_once_leave_nothing_behind(ask: Any, validations: list[str]) -> None:
    texts = [f"query Once{number} {{ article {{ publisher }} }}" for number in range(20)]
    for text in texts:
        ask(text)
    assert len(prepared.prepare.cache) == 0
    ask(texts[-1])
    ask(texts[-1])
    assert len(prepared.prepare.cache) == 1
    assert validations == [*texts, texts[-1]]


def test_limits_and_validation_errors_keep_their_codes_when_repeated(ask: Any) -> None:
    for _ in range(2):
        assert ask(QUERIES["unknown field"])[1] == [
            (
                "Cannot query field 'publisherr' on type 'Article'. Did you mean 'publisher' or 'publishedAt'?",
                "GRAPHQL_VALIDATION_FAILED",
            )
        ]
        assert ask(QUERIES["too deep"])[1] == [("Query depth 11 exceeds the limit of 10", "QUERY_TOO_COMPLEX")]
        assert ask(QUERIES["too complex"])[1:] == (
            [("Query requests up to 10100 nodes; the limit is 10000", "QUERY_TOO_COMPLEX")],
            {"cost": {"requested": 10_100, "limit": 10_000}},
        )


def test_a_text_that_does_not_parse_is_reported_each_time(ask: Any) -> None:
    for _ in range(2):
        data, errors, extensions = ask("{ article { publisher }")
        assert (data, extensions) == (None, {})
        assert errors == [("Syntax Error: Expected Name, found <EOF>.", None)]
