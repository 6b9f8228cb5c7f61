"""A page is the same whether its list's totals come from memory or are counted in SQL.

The server reads unfiltered totals once (db.catalog) and then, for a page without cursor,
reads only the rows; with totals unknown every page is counted and probed in SQL. Both must
give the same rows, total and page info for every window.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from db.catalog import Catalog
from db.connection import open_readonly
from db.pagination import MemberTotals, Window
from db.queries import cases, statistics

WINDOWS = [
    Window(first=0),
    Window(first=1),
    Window(first=2),
    Window(first=100),
    Window(last=1),
    Window(last=3),
    Window(first=2, last=1),
    Window(first=1, last=0),
    Window(first=2, after=3),
    Window(last=2, before=5),
]
REGIONS = list(range(1, 19))
Read = Callable[[sqlite3.Connection, Window, MemberTotals], Any]

READS: dict[str, Read] = {
    "cases": lambda c, w, t: cases.case_pages(c, cases.CaseScope.ALL, [0], cases.CaseFilter(), w, t),
    "Region.cases": lambda c, w, t: cases.case_pages(c, cases.CaseScope.REGION_TREE, REGIONS, cases.CaseFilter(), w, t),
    "Region.cases exact": lambda c, w, t: cases.case_pages(
        c, cases.CaseScope.REGION, REGIONS, cases.CaseFilter(), w, t
    ),
    "Category.cases": lambda c, w, t: cases.case_pages(
        c, cases.CaseScope.CATEGORY_TREE, range(1, 12), cases.CaseFilter(), w, t
    ),
    "Operation.cases": lambda c, w, t: cases.case_pages(
        c, cases.CaseScope.OPERATION, [1, 2, 3], cases.CaseFilter(), w, t
    ),
    "Penalty.outcomes": lambda c, w, t: cases.outcome_pages(c, range(1, 12), w, t),
    "statistics": lambda c, w, t: statistics.statistic_pages(c, statistics.StatisticFilter(), w, t),
}


@pytest.fixture(scope="module")
def connection(seeded_db: Path) -> Iterator[sqlite3.Connection]:
    opened = open_readonly(seeded_db)
    yield opened
    opened.close()


@pytest.mark.parametrize("window", WINDOWS, ids=repr)
@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_pages_with_totals_known_are_the_pages_counted_in_sql(
    connection: sqlite3.Connection, read: Read, window: Window
) -> None:
    known = Catalog.load(connection).member_totals
    assert read(connection, window, known) == read(connection, window, {})


def test_the_totals_known_are_the_lists_counts(connection: sqlite3.Connection) -> None:
    known = Catalog.load(connection).member_totals
    assert known["cases."] == {0: 6}
    assert sum(known["cases.region_id"].values()) == 6
    assert known["statistics."] == {0: 43}
