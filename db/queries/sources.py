"""Source spans: where the article states each statistic, case, figure, outcome or measure."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from enum import Enum

from db import tables
from db.batch import IDS, grouped
from db.rows import SpanRow, columns


class Owner(Enum):
    """What a span is the source of: the sources table and its owner column."""

    STATISTIC = tables.STATISTIC_SOURCES
    CASE = tables.CASE_SOURCES
    CASE_FIGURE = tables.CASE_FIGURE_SOURCES
    OUTCOME = tables.OUTCOME_SOURCES
    MEASURE = tables.MEASURE_SOURCES


def sources_of(connection: sqlite3.Connection, owner: Owner, owner_ids: Iterable[int]) -> dict[int, list[SpanRow]]:
    """Each owner's spans in the order its record lists them."""
    table = owner.value
    owner_column = table.pk[0]
    sql = (
        f'SELECT x."{owner_column}", {columns(SpanRow, "x")} FROM "{table.name}" x'
        f' WHERE x."{owner_column}" IN {IDS} ORDER BY x."{owner_column}", x.position'
    )
    return grouped(connection, sql, owner_ids, SpanRow)
