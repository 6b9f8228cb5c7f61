"""Keyset pagination of many parents' lists in one statement, in time proportional to the page.

Rows are ordered by id (ids follow article order, see db.tables). A page is asked for as
Relay does: `first`/`last` items between the `after` and `before` ids. Each parent's page is
read by a correlated subquery that walks an index from the cursor and stops after the page
(no OFFSET, no numbering of the whole list), and its counts come from the same index, so a
region with 30,000 cases pages as fast as one with 3. One statement answers every parent at
once, with exact page info, so a connection costs one query per nesting level.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from db.batch import id_list
from db.rows import build, columns, width
from db.tables import list_name

Row = TypeVar("Row")

#: Members of each counted list (db.tables.COUNTED_LISTS) per parent: {"cases.region_id": {2: 3, …}}.
MemberTotals = Mapping[str, Mapping[int, int]]

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


#: The page of a parent with nothing in its list (shared: pages are immutable).
EMPTY_PAGE: Page[Any] = Page()


@dataclass(frozen=True)
class Membership:
    """How the rows of `table` (aliased `c` in conditions) belong to a parent.

    `link` lists (`parent`, `member`) pairs, member being the row's id: a table of its own
    (case_regions) or `table` itself with a foreign key as parent (outcomes.penalty_id).
    Without `parent` there is one parent, 0: the whole table.
    """

    table: str
    link: str
    parent: str | None
    member: str = "id"

    def source(self, where: str) -> str:
        """FROM clause (link aliased `l`, rows `c`); joins the rows only when `where` needs them."""
        if self.link == self.table:
            return f'"{self.table}" AS c'
        if where == "1":
            return f'"{self.link}" AS l'
        return f'"{self.link}" AS l JOIN "{self.table}" AS c ON c.id = l."{self.member}"'

    def column(self, name: str) -> str:
        """`name` of the link, as the FROM clause of `source` aliases it."""
        alias = "c" if self.link == self.table else "l"
        return f'{alias}."{name}"'


def paginate(
    connection: sqlite3.Connection,
    membership: Membership,
    parent_ids: Iterable[int],
    where: str,
    params: Mapping[str, object],
    row_class: type[Row],
    window: Window,
    totals: MemberTotals,
) -> dict[int, Page[Row]]:
    """Each parent's page of `row_class` rows that meet `where`, with its total and page info.

    Per parent: the total, whether any member lies before `after` or after `before` (one
    index probe each), and the page itself, read from the cursor up to one row past the
    page to tell whether more follow. An unfiltered list's totals are `totals` (member_counts,
    read once per process by db.catalog); when the window has no cursor either, nothing lies
    around the page, so only the parents with members are asked for their pages.
    """
    descending = window.last is not None and window.first is None
    size = window.first if window.first is not None else window.last
    assert size is not None  # schema.pagination sets first when neither is given
    asked = parent_ids if membership.parent else [0]
    name = list_name(membership.link, membership.parent)
    counted = totals.get(name) if where == "1" else None
    # (total, any before, any after) per parent: known here, or read by the statement's counting part
    found: dict[int, tuple[int, bool, bool]] = {}
    if counted is not None and window.after is None and window.before is None:
        found = {parent_id: (counted[parent_id], False, False) for parent_id in asked if counted.get(parent_id)}
        if not found:
            return {}
        asked = found
    sql = _statement(membership, where, descending, row_class, not found)  # type: ignore[arg-type]  # classes hash
    arguments = {
        **params,
        "ids": id_list(asked),
        "list": name,
        "after": window.after if window.after is not None else 0,
        "before": window.before if window.before is not None else _NO_BEFORE,
        "limit": size + 1,
    }
    rows: dict[int, list[Row]] = {}
    for record in connection.execute(sql, arguments):
        if record[0] == 0:
            found[record[1]] = (record[2] or 0, bool(record[3]), bool(record[4]))
        else:
            rows.setdefault(record[1], []).append(build(row_class, record, offset=5))
    return {
        parent_id: _page(window, total, before, after, rows.get(parent_id, []))
        for parent_id, (total, before, after) in found.items()
        if total
    }


@functools.lru_cache(maxsize=256)  # a few shapes of page, asked for again and again
def _statement(membership: Membership, where: str, descending: bool, row_class: type[Any], counting: bool) -> str:
    """The SQL of `paginate` for one shape of page; the parents and the window are its parameters.

    Without `counting`, only the pages are read (the totals and page info being known).
    """
    source = membership.source(where)
    member = membership.column(membership.member)
    belongs = f"{membership.column(membership.parent)} = asked.parent" if membership.parent else "1"
    if where == "1":
        total = "(SELECT total FROM member_counts WHERE list = :list AND parent = asked.parent)"
    else:
        total = f"(SELECT COUNT(*) FROM {source} WHERE {belongs} AND {where})"
    counts = f"""
        SELECT 0, asked.parent, {total},
               EXISTS (SELECT 1 FROM {source} WHERE {belongs} AND {member} <= :after AND {where}),
               EXISTS (SELECT 1 FROM {source} WHERE {belongs} AND {member} >= :before AND {where}),
               {", ".join(["NULL"] * width(row_class))}
        FROM parents AS asked
        UNION ALL"""
    return f"""
        WITH parents(parent) AS (SELECT value FROM json_each(:ids)){counts if counting else ""}
        SELECT 1, asked.parent, NULL, NULL, NULL, {columns(row_class, "m")}
        FROM parents AS asked JOIN "{membership.table}" AS m ON m.id IN (
            SELECT {member} FROM {source}
            WHERE {belongs} AND {member} > :after AND {member} < :before AND {where}
            ORDER BY {member} {"DESC" if descending else ""} LIMIT :limit
        )
    """


def _page(window: Window, total: int, any_before: bool, any_after: bool, rows: list[Row]) -> Page[Row]:
    """The page from the rows read past the cursor, and exact info on what lies around it."""
    ordered = sorted(rows, key=lambda row: row.id)  # type: ignore[attr-defined]  # every row class has an id
    if window.first is not None:
        more = len(ordered) > window.first
        page = ordered[: window.first]
        cut = window.last is not None and len(page) > window.last
        if window.last is not None:
            page = page[len(page) - window.last :] if window.last else []
        return Page(rows=page, total=total, has_previous=any_before or cut, has_next=more or any_after)
    assert window.last is not None
    more = len(ordered) > window.last
    page = ordered[len(ordered) - window.last :] if window.last else []
    return Page(rows=page, total=total, has_previous=more or any_before, has_next=any_after)
