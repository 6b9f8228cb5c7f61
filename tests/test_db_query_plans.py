"""Every filter and relation the API offers reads through an index: no query scans a table.

The statements are caught as the query functions run them, then explained. Without
ANALYZE statistics SQLite plans for large tables, so these plans are the plans of a
200,000-case database too. Allowed scans: the JSON list of ids a batch carries, the CTE
of parents built from it, and the full-text index answering MATCH.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from db.catalog import Catalog
from db.connection import open_readonly
from db.fts import Query
from db.pagination import MemberTotals, Window
from db.queries import cases, measures, search, sources, statistics

ALLOWED_SCANS = re.compile(r"SCAN (json_each VIRTUAL TABLE|asked$|search_documents_fts VIRTUAL TABLE INDEX \d+:=?M)")
PAGE = Window(first=5)
ALL, TREE = cases.CaseScope.ALL, cases.CaseScope.REGION_TREE
Call = Callable[[sqlite3.Connection], Any]
#: Pages read with their totals unknown count them in SQL; with them known (the server's
#: case, db.catalog) an unfiltered page without a cursor reads only the rows.
UNKNOWN: MemberTotals = {}
KNOWN: dict[str, Mapping[int, int]] = {}  # filled by the `traced` fixture before it traces


def known(_connection: sqlite3.Connection) -> MemberTotals:
    return KNOWN


CALLS: dict[str, Call] = {
    "cases": lambda c: cases.case_pages(c, ALL, [0], cases.CaseFilter(), PAGE, UNKNOWN),
    "cases backwards": lambda c: cases.case_pages(c, ALL, [0], cases.CaseFilter(), Window(last=5, before=4), UNKNOWN),
    "Region.cases": lambda c: cases.case_pages(c, TREE, [1, 2], cases.CaseFilter(), PAGE, UNKNOWN),
    "Region.cases exact": lambda c: cases.case_pages(
        c, cases.CaseScope.REGION, [1, 2], cases.CaseFilter(), PAGE, UNKNOWN
    ),
    "Category.cases": lambda c: cases.case_pages(
        c, cases.CaseScope.CATEGORY_TREE, [1, 7], cases.CaseFilter(), PAGE, UNKNOWN
    ),
    "Operation.cases": lambda c: cases.case_pages(c, cases.CaseScope.OPERATION, [2], cases.CaseFilter(), PAGE, UNKNOWN),
    "CaseFilter.region": lambda c: cases.case_pages(c, ALL, [0], cases.CaseFilter(region_id=2), PAGE, UNKNOWN),
    "CaseFilter.category": lambda c: cases.case_pages(c, ALL, [0], cases.CaseFilter(category_id=7), PAGE, UNKNOWN),
    "CaseFilter.operation": lambda c: cases.case_pages(c, ALL, [0], cases.CaseFilter(operation_id=2), PAGE, UNKNOWN),
    "CaseFilter.penalty": lambda c: cases.case_pages(c, ALL, [0], cases.CaseFilter(penalty_id=1), PAGE, UNKNOWN),
    "CaseFilter.occurredFrom": lambda c: cases.case_pages(
        c, ALL, [0], cases.CaseFilter(occurred_from="2018-01-01"), PAGE, UNKNOWN
    ),
    "CaseFilter.occurredTo": lambda c: cases.case_pages(
        c, ALL, [0], cases.CaseFilter(occurred_to="2018-01-01"), PAGE, UNKNOWN
    ),
    "CaseFilter.text": lambda c: cases.case_pages(
        c, ALL, [0], cases.CaseFilter(match=Query.parse("网络诈骗").match_expression()), PAGE, UNKNOWN
    ),
    "CaseFilter on a region's cases": lambda c: cases.case_pages(
        c, TREE, [2], cases.CaseFilter(penalty_id=1), PAGE, UNKNOWN
    ),
    "Penalty.outcomes": lambda c: cases.outcome_pages(c, [1, 2], PAGE, UNKNOWN),
    "statistics": lambda c: statistics.statistic_pages(c, statistics.StatisticFilter(), PAGE, UNKNOWN),
    "StatisticFilter.metric": lambda c: statistics.statistic_pages(
        c, statistics.StatisticFilter(metric="CASES_SOLVED"), PAGE, UNKNOWN
    ),
    "StatisticFilter.region": lambda c: statistics.statistic_pages(
        c, statistics.StatisticFilter(region_id=2), PAGE, UNKNOWN
    ),
    "StatisticFilter.category": lambda c: statistics.statistic_pages(
        c, statistics.StatisticFilter(category_ids=(7, 8, 9, 10)), PAGE, UNKNOWN
    ),
    "StatisticFilter.operation": lambda c: statistics.statistic_pages(
        c, statistics.StatisticFilter(operation_id=3), PAGE, UNKNOWN
    ),
    "StatisticFilter.penalty": lambda c: statistics.statistic_pages(
        c, statistics.StatisticFilter(penalty_id=1), PAGE, UNKNOWN
    ),
    "StatisticFilter.headline true": lambda c: statistics.statistic_pages(
        c, statistics.StatisticFilter(headline=True), PAGE, UNKNOWN
    ),
    "StatisticFilter.headline false": lambda c: statistics.statistic_pages(
        c, statistics.StatisticFilter(headline=False), Window(first=5, after=20), UNKNOWN
    ),
    "cases, totals known": lambda c: cases.case_pages(c, ALL, [0], cases.CaseFilter(), PAGE, known(c)),
    "Region.cases, totals known": lambda c: cases.case_pages(c, TREE, [1, 2], cases.CaseFilter(), PAGE, known(c)),
    "Penalty.outcomes, totals known": lambda c: cases.outcome_pages(c, [1, 2], PAGE, known(c)),
    "statistics, totals known": lambda c: statistics.statistic_pages(c, statistics.StatisticFilter(), PAGE, known(c)),
    "statisticSummary": lambda c: statistics.statistic_groups(
        c, statistics.StatisticFilter(metric="SUSPECTS_ARRESTED"), list(statistics.Dimension)
    ),
    "Region.statistics": lambda c: statistics.statistics_of_regions(c, [1, 2]),
    "Category.statistics": lambda c: statistics.statistics_of_category_trees(c, [1, 7]),
    "Operation.statistics": lambda c: statistics.statistics_of_operations(c, [1, 3]),
    "Region.measures": lambda c: measures.measures_of_regions(c, [1, 2]),
    "Measure.regions": lambda c: measures.regions_of_measures(c, [1, 2]),
    "Region.victimCases": lambda c: cases.cases_with_victims_in(c, [15, 16]),
    "Case.victimPlaces": lambda c: cases.victim_places_of_cases(c, [1, 2]),
    "Case.parties": lambda c: cases.parties_of_cases(c, [1, 2]),
    "Case.figures": lambda c: cases.figures_of_cases(c, [1, 2]),
    "Case.operations": lambda c: cases.operations_of_cases(c, [1, 2]),
    "Case.outcomes": lambda c: cases.outcomes_of_cases(c, [1, 2]),
    "Outcome.case": lambda c: cases.cases_of_outcomes(c, [1, 2]),
    "Outcome.subject": lambda c: cases.subjects_of_outcomes(c, [1, 2]),
    "sources": lambda c: [sources.sources_of(c, owner, [1, 2]) for owner in sources.Owner],
    "search": lambda c: search.search(c, Query.parse("诈骗"), offset=0, limit=5),
    "search, counted by its token": lambda c: search.search(c, Query.parse("诈骗"), offset=0, limit=1),
    "search, counted in FTS5": lambda c: search.search(c, Query.parse("网络诈骗 police"), offset=0, limit=1),
    "search, a prefix completed": lambda c: search.search(c, Query.parse("pol", prefix=True), offset=0, limit=1),
    "node(id:) of rows": lambda c: [
        cases.cases_by_key(c, ["x"]),
        cases.outcomes_by_key(c, ["x"]),
        statistics.statistics_by_key(c, ["x"]),
        measures.measures_by_key(c, ["x"]),
        cases.cases_by_id(c, [1]),
        statistics.statistics_by_id(c, [1]),
        measures.measures_by_id(c, [1]),
    ],
}


@pytest.fixture(scope="module")
def traced(seeded_db: Path) -> Iterator[tuple[sqlite3.Connection, list[str]]]:
    connection = open_readonly(seeded_db)
    KNOWN.update(Catalog.load(connection).member_totals)
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    yield connection, statements
    connection.close()


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_no_query_scans_a_table(traced: tuple[sqlite3.Connection, list[str]], call: Call) -> None:
    connection, statements = traced
    statements.clear()
    call(connection)
    ours = [sql for sql in statements if not sql.startswith("--") and "_fts_" not in sql and "'_fts" not in sql]
    assert ours
    for sql in ours:
        plan = [detail for *_, detail in connection.execute(f"EXPLAIN QUERY PLAN {sql}")]
        scans = [step for step in plan if step.startswith("SCAN") and not ALLOWED_SCANS.match(step)]
        assert scans == [], f"{sql}\n" + "\n".join(plan)


@pytest.mark.parametrize("text", ["诈骗", "枪", "网络诈骗 police", "g0"])
def test_search_pages_are_read_in_rank_order(traced: tuple[sqlite3.Connection, list[str]], text: str) -> None:
    """FTS5 yields matches in rowid order, the documents' rank: a page reads its rows, nothing is sorted."""
    connection, statements = traced
    statements.clear()
    search.search(connection, Query.parse(text, prefix=True), offset=0, limit=5)
    (sql,) = [sql for sql in statements if "ORDER BY search_documents_fts.rowid" in sql]
    plan = [detail for *_, detail in connection.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, f"{sql}\n" + "\n".join(plan)


#: Relations read for many parents at once, whose rows come back grouped by parent.
GROUPED = [
    "Case.outcomes",
    "Case.figures",
    "Case.parties",
    "Region.statistics",
    "Category.statistics",
    "Operation.statistics",
    "Region.measures",
    "Region.victimCases",
]


@pytest.mark.parametrize("name", GROUPED)
def test_batched_lists_are_read_in_index_order(traced: tuple[sqlite3.Connection, list[str]], name: str) -> None:
    """Ordered by parent, then id: no sort of the whole result, at most of one parent's rows."""
    connection, statements = traced
    statements.clear()
    CALLS[name](connection)
    (sql,) = statements
    plan = [detail for *_, detail in connection.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, f"{sql}\n" + "\n".join(plan)
