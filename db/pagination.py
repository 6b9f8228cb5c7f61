"""Keyset pagination of many parents' lists in one statement.

Rows are ordered by id (ids follow article order, see db.tables). A page is asked for as
Relay does: `first`/`last` items between the `after` and `before` ids. One statement
answers it for every parent at once, with each parent's total and exact page info, so a
connection costs one query per nesting level however many parents it has.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from db.rows import build

Row = TypeVar("Row")

_NO_BEFORE = 2**62


@dataclass(frozen=True)
class Window:
    """Which part of a list to return: Relay's first/last/after/before with ids as cursors."""

    first: int | None = None
    last: int | None = None
    after: int | None = None
    before: int | None = None


@dataclass(frozen=True)
class Page(Generic[Row]):
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    has_previous: bool = False
    has_next: bool = False


def paginate(
    connection: sqlite3.Connection,
    members: str,
    params: Mapping[str, object],
    row_class: type[Row],
    window: Window,
) -> dict[int, Page[Row]]:
    """Pages per parent of the rows `members` selects.

    `members` is a SELECT whose first column is `parent` and whose other columns are
    `row_class`'s fields in order, the first being `id`; it may use named parameters
    from `params`. Parents with no rows are absent from the result.
    """
    sql = f"""
        WITH members AS ({members}),
        counts AS (
            SELECT parent, COUNT(*) AS total,
                   COALESCE(SUM(id <= :after), 0) AS upto_after,
                   COALESCE(SUM(id >= :before), 0) AS from_before
            FROM members GROUP BY parent
        ),
        bounds AS (
            SELECT *, CASE WHEN :first IS NULL THEN inside ELSE MIN(:first, inside) END AS hi
            FROM (SELECT *, total - upto_after - from_before AS inside FROM counts)
        ),
        framed AS (
            SELECT *, CASE WHEN :last IS NULL THEN 0 ELSE MAX(0, hi - :last) END AS lo FROM bounds
        ),
        numbered AS (
            SELECT members.*, ROW_NUMBER() OVER (PARTITION BY parent ORDER BY id) AS rn
            FROM members WHERE id > :after AND id < :before
        )
        SELECT framed.parent, total, upto_after, from_before, inside, lo, hi, numbered.*
        FROM framed LEFT JOIN numbered
          ON numbered.parent = framed.parent AND numbered.rn > framed.lo AND numbered.rn <= framed.hi
        ORDER BY framed.parent, numbered.id
    """  # `members` is built from db.tables names; values are parameters
    arguments = {
        **params,
        "first": window.first,
        "last": window.last,
        "after": window.after if window.after is not None else 0,
        "before": window.before if window.before is not None else _NO_BEFORE,
    }
    pages: dict[int, Page[Row]] = {}
    for record in connection.execute(sql, arguments):
        parent, total, upto_after, from_before, inside, lo, hi = tuple(record)[:7]
        page = pages.get(parent)
        if page is None:
            page = pages[parent] = Page(
                rows=[],
                total=total,
                has_previous=lo > 0 or upto_after > 0,
                has_next=hi < inside or from_before > 0,
            )
        if record["rn"] is not None:
            page.rows.append(build(row_class, record, offset=8))
    return pages
