"""Statistics: filtered pages, the lists under a region, category or operation, and sums."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from db.batch import IDS, grouped, id_list, keyed
from db.pagination import EMPTY_PAGE, Membership, MemberTotals, Page, Window, paginate
from db.rows import StatisticRow, columns

STATISTIC_COLUMNS = columns(StatisticRow, "s")


@dataclass(frozen=True)
class StatisticFilter:
    """Conditions a statistic must meet, all of them; the region is exact, the category a subtree."""

    category_ids: tuple[int, ...] | None = None
    region_id: int | None = None
    metric: str | None = None
    operation_id: int | None = None
    penalty_id: int | None = None
    period_id: int | None = None
    headline: bool | None = None

    def where(self, alias: str = "c") -> tuple[str, dict[str, object]]:
        """SQL conditions on the statistics aliased `alias`, and their parameters."""
        conditions = ["1"]
        params: dict[str, object] = {}
        if self.category_ids is not None:
            conditions.append(f"{alias}.category_id IN (SELECT value FROM json_each(:categories))")
            params["categories"] = id_list(self.category_ids)
        for column, value in (
            ("region_id", self.region_id),
            ("metric", self.metric),
            ("operation_id", self.operation_id),
            ("penalty_id", self.penalty_id),
            ("period_id", self.period_id),
            ("headline", None if self.headline is None else int(self.headline)),
        ):
            if value is not None:
                conditions.append(f"{alias}.{column} = :{column}")
                params[column] = value
        return " AND ".join(conditions), params


def statistic_pages(
    connection: sqlite3.Connection, statistic_filter: StatisticFilter, window: Window, totals: MemberTotals
) -> Page[StatisticRow]:
    """One page of all statistics that pass the filter, in article order."""
    where, params = statistic_filter.where()
    everything = Membership("statistics", "statistics", None)
    return paginate(connection, everything, [0], where, params, StatisticRow, window, totals).get(0, EMPTY_PAGE)


def statistics_of_regions(connection: sqlite3.Connection, region_ids: Iterable[int]) -> dict[int, list[StatisticRow]]:
    sql = (
        f"SELECT s.region_id, {STATISTIC_COLUMNS} FROM statistics s"
        f" WHERE s.region_id IN {IDS} ORDER BY s.region_id, s.id"
    )
    return grouped(connection, sql, region_ids, StatisticRow)


def statistics_of_category_trees(
    connection: sqlite3.Connection, category_ids: Iterable[int]
) -> dict[int, list[StatisticRow]]:
    """Each category's statistics with those of its subcategories (VICE: PORNOGRAPHY, …)."""
    sql = (
        f"SELECT k.ancestor_id, {STATISTIC_COLUMNS} FROM category_closure k"
        f" JOIN statistics s ON s.category_id = k.descendant_id"
        f" WHERE k.ancestor_id IN {IDS} ORDER BY k.ancestor_id, s.id"
    )
    return grouped(connection, sql, category_ids, StatisticRow)


def statistics_of_operations(
    connection: sqlite3.Connection, operation_ids: Iterable[int]
) -> dict[int, list[StatisticRow]]:
    sql = (
        f"SELECT s.operation_id, {STATISTIC_COLUMNS} FROM statistics s"
        f" WHERE s.operation_id IN {IDS} ORDER BY s.operation_id, s.id"
    )
    return grouped(connection, sql, operation_ids, StatisticRow)


def statistics_by_id(connection: sqlite3.Connection, ids: Iterable[int]) -> dict[int, StatisticRow]:
    sql = f"SELECT s.id, {STATISTIC_COLUMNS} FROM statistics s WHERE s.id IN {IDS}"
    return keyed(connection, sql, ids, StatisticRow)


def statistics_by_key(connection: sqlite3.Connection, keys: Iterable[str]) -> dict[str, StatisticRow]:
    sql = f"SELECT s.key, {STATISTIC_COLUMNS} FROM statistics s WHERE s.key IN {IDS}"
    return keyed(connection, sql, keys, StatisticRow)


class Dimension(Enum):
    """A column statistics can be grouped by."""

    CATEGORY = "category_id"
    REGION = "region_id"
    METRIC = "metric"
    OPERATION = "operation_id"
    PENALTY = "penalty_id"
    PERIOD = "period_id"


@dataclass(frozen=True)
class GroupRow:
    """One group: the dimensions it is split by (None where summed over) and its sum."""

    category_id: int | None
    region_id: int | None
    metric: str | None
    operation_id: int | None
    penalty_id: int | None
    period_id: int | None
    normalized_unit: str
    value: float
    at_least: bool
    statistic_ids: tuple[int, ...]


def statistic_groups(
    connection: sqlite3.Connection, statistic_filter: StatisticFilter, dimensions: Iterable[Dimension]
) -> list[GroupRow]:
    """Sums of normalized values per group, in the article order of each group's first figure.

    Groups are always split by normalized unit as well, so no sum mixes CNY with counts.
    """
    chosen = set(dimensions)
    where, params = statistic_filter.where("s")
    selected = ", ".join(f"s.{d.value}" if d in chosen else "NULL" for d in Dimension)
    group_by = ", ".join([*(f"s.{d.value}" for d in Dimension if d in chosen), "s.normalized_unit"])
    sql = (
        f"SELECT {selected}, s.normalized_unit, SUM(s.normalized_value), MAX(s.at_least), group_concat(s.id)"
        f" FROM statistics s WHERE {where} GROUP BY {group_by} ORDER BY MIN(s.id)"
    )
    return [
        GroupRow(
            category_id=record[0],
            region_id=record[1],
            metric=record[2],
            operation_id=record[3],
            penalty_id=record[4],
            period_id=record[5],
            normalized_unit=record[6],
            value=record[7],
            at_least=bool(record[8]),
            statistic_ids=tuple(sorted(int(part) for part in record[9].split(","))),
        )
        for record in connection.execute(sql, params)
    ]
