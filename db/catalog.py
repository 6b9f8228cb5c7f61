"""The small fixed tables, read once per process: the database never changes while served.

Regions, categories, operations, penalties, metrics, periods, the article itself and the
member counts of the lists hanging from them are a few hundred rows even in the largest
synthetic build, so lookups among them cost no SQL.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from db import tables
from db.pagination import MemberTotals
from db.rows import ArticleRow, CatalogRow, ParagraphRow, PeriodRow, RegionRow, build, columns

Row = TypeVar("Row")


@dataclass(frozen=True)
class Entries:
    """One code list: rows by id in id order, ids by code, and each entry's subtree."""

    by_id: dict[int, CatalogRow]
    by_code: dict[str, int]
    subtree: dict[int, tuple[int, ...]]

    def code(self, code: str) -> CatalogRow:
        return self.by_id[self.by_code[code]]

    def children(self, parent_id: int) -> list[CatalogRow]:
        return [row for row in self.by_id.values() if row.parent_id == parent_id]


@dataclass(frozen=True)
class Catalog:
    content_hash: str
    article: ArticleRow
    paragraphs: tuple[ParagraphRow, ...]
    regions: dict[int, RegionRow]
    region_keys: dict[str, int]
    region_lookup: dict[str, int]
    region_subtree: dict[int, tuple[int, ...]]
    categories: Entries
    operations: Entries
    penalties: Entries
    metrics: Entries
    periods: dict[int, PeriodRow]
    member_totals: MemberTotals
    #: The largest id of each table whose lists are paged by id: a cursor past it is none of ours.
    largest_ids: dict[str, int]

    @classmethod
    def load(cls, connection: sqlite3.Connection) -> Catalog:
        regions = {row.id: row for row in _select(connection, RegionRow, tables.REGIONS.name)}
        lookup = {row.code: row.id for row in regions.values() if row.code}
        lookup.update(connection.execute("SELECT name, region_id FROM region_names").fetchall())
        (content_hash,) = connection.execute("SELECT value FROM metadata WHERE key = 'content_hash'").fetchone()
        return cls(
            content_hash=content_hash,
            article=_select(connection, ArticleRow, tables.ARTICLE.name)[0],
            paragraphs=tuple(_select(connection, ParagraphRow, tables.PARAGRAPHS.name, order="number")),
            regions=regions,
            region_keys={row.key: row.id for row in regions.values()},
            region_lookup=lookup,
            region_subtree=_subtrees(connection, tables.REGION_CLOSURE.name),
            categories=_entries(connection, tables.CATEGORIES.name, tables.CATEGORY_CLOSURE.name),
            operations=_entries(connection, tables.OPERATIONS.name),
            penalties=_entries(connection, tables.PENALTIES.name),
            metrics=_entries(connection, tables.METRICS.name),
            periods={row.id: row for row in _select(connection, PeriodRow, tables.PERIODS.name)},
            member_totals=_member_totals(connection),
            largest_ids={table.name: _largest_id(connection, table.name) for table in tables.PAGED},
        )

    def find_region(self, code_or_name: str) -> RegionRow | None:
        """A region by GB/T 2260 code or any of its names (昆明, 昆明市, 版纳)."""
        region_id = self.region_lookup.get(code_or_name.strip())
        return self.regions[region_id] if region_id is not None else None

    def region_children(self, parent_id: int) -> list[RegionRow]:
        return [row for row in self.regions.values() if row.parent_id == parent_id]


def _select(connection: sqlite3.Connection, cls: type[Row], table: str, order: str = "id") -> list[Row]:
    sql = f'SELECT {columns(cls, "t")} FROM "{table}" AS t ORDER BY {order}'  # names from db.tables
    return [build(cls, row) for row in connection.execute(sql)]


def _largest_id(connection: sqlite3.Connection, table: str) -> int:
    (largest,) = connection.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()  # name from db.tables
    return int(largest)


def _member_totals(connection: sqlite3.Connection) -> MemberTotals:
    totals: dict[str, dict[int, int]] = defaultdict(dict)
    for name, parent, total in connection.execute(f'SELECT list, parent, total FROM "{tables.MEMBER_COUNTS.name}"'):
        totals[name][parent] = total
    return dict(totals)


def _subtrees(connection: sqlite3.Connection, closure: str) -> dict[int, tuple[int, ...]]:
    """Each node's subtree (itself first, then its descendants in id order) from a closure table."""
    subtree: dict[int, list[int]] = defaultdict(list)
    sql = f'SELECT ancestor_id, descendant_id FROM "{closure}" ORDER BY ancestor_id, depth, descendant_id'
    for ancestor, descendant in connection.execute(sql):
        subtree[ancestor].append(descendant)
    return {ancestor: tuple(descendants) for ancestor, descendants in subtree.items()}


def _entries(connection: sqlite3.Connection, table: str, closure: str | None = None) -> Entries:
    rows = {row.id: row for row in _select(connection, CatalogRow, table)}
    subtree: dict[int, tuple[int, ...]] = (
        _subtrees(connection, closure) if closure else {row_id: (row_id,) for row_id in rows}
    )
    return Entries(by_id=rows, by_code={row.code: row.id for row in rows.values()}, subtree=subtree)
