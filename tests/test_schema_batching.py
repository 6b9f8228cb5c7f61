"""However many rows a query touches, it costs one SQL statement per level of nesting at most."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db.catalog import Catalog
from db.connection import open_readonly
from schema.context import Context
from schema.loaders import Loaders
from schema.root import JingwangSchema, schema_for


class Traced:
    """Runs queries over a connection that records every statement it executes."""

    def __init__(self, seeded_db: Path, schema: JingwangSchema) -> None:
        self.schema = schema
        self.connection = open_readonly(seeded_db)
        self.catalog = Catalog.load(self.connection)
        self.statements: list[str] = []
        self.connection.set_trace_callback(self.statements.append)

    def run(self, query: str) -> dict[str, Any]:
        self.statements.clear()
        context = Context(loaders=Loaders(self.connection, self.catalog), request_id="test")
        result = self.schema.execute_sync(query, context_value=context)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data


@pytest.fixture
def traced(seeded_db: Path, executor: str) -> Iterator[Traced]:
    tracer = Traced(seeded_db, schema_for(executor))
    yield tracer
    tracer.connection.close()


def test_regions_cases_outcomes_penalty_over_all_regions(traced: Traced) -> None:
    data = traced.run(
        "{ regions { name cases(first: 100) { totalCount nodes { title outcomes { quantity penalty { name } } } } } }"
    )
    outcomes = [o for r in data["regions"] for c in r["cases"]["nodes"] for o in c["outcomes"]]
    assert len(data["regions"]) == 18
    assert len(outcomes) > 6  # cases counted under every region above them
    depth = 4  # regions → cases → outcomes → penalty
    assert len(traced.statements) <= depth + 1, traced.statements


def test_the_bound_holds_both_ways_and_with_sources(traced: Traced) -> None:
    traced.run(
        """{ penalties { outcomes(first: 100) { nodes { case { region { name } category { name }
              sources { text } parties { name } figures { value sources { text } } } subject { name } } } } }"""
    )
    # outcomes page; their cases; the cases' sources, parties, figures; the figures' sources; subjects
    assert len(traced.statements) <= 7, traced.statements


@pytest.mark.parametrize(("statistic_filter", "count"), [("", 43), ("filter: { headline: true }", 16)])
def test_every_statistic_with_every_relation_costs_two_statements(
    traced: Traced, statistic_filter: str, count: int
) -> None:
    selection = """nodes { metric headline category { name parent { name } } region { name }
              operation { name } penalty { name } period { label } sources { paragraph text } }"""
    data = traced.run(f"{{ statistics(first: 100, {statistic_filter}) {{ {selection} }} }}")
    assert len(data["statistics"]["nodes"]) == count
    assert len(traced.statements) == 2, traced.statements  # the page, then all sources


def test_catalogs_cost_no_statement(traced: Traced) -> None:
    traced.run("{ regions { children { name } parent { name } } categories { children { code } } penalties { name } }")
    assert traced.statements == []
