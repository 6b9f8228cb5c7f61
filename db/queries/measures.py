"""Measures of governance and the regions that took them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from db.batch import IDS, grouped, keyed, pairs
from db.rows import MeasureRow, columns

MEASURE_COLUMNS = columns(MeasureRow, "m")


def measures_of_regions(connection: sqlite3.Connection, region_ids: Iterable[int]) -> dict[int, list[MeasureRow]]:
    """Each region's own measures (exact region), in article order."""
    sql = (
        f"SELECT r.region_id, {MEASURE_COLUMNS} FROM measure_regions r JOIN measures m ON m.id = r.measure_id"
        f" WHERE r.region_id IN {IDS} ORDER BY r.region_id, m.id"
    )
    return grouped(connection, sql, region_ids, MeasureRow)


def regions_of_measures(connection: sqlite3.Connection, measure_ids: Iterable[int]) -> dict[int, list[int]]:
    sql = f"SELECT measure_id, region_id FROM measure_regions WHERE measure_id IN {IDS} ORDER BY measure_id, position"
    return pairs(connection, sql, measure_ids)


def measures_by_id(connection: sqlite3.Connection, ids: Iterable[int]) -> dict[int, MeasureRow]:
    return keyed(connection, f"SELECT m.id, {MEASURE_COLUMNS} FROM measures m WHERE m.id IN {IDS}", ids, MeasureRow)


def measures_by_key(connection: sqlite3.Connection, keys: Iterable[str]) -> dict[str, MeasureRow]:
    return keyed(connection, f"SELECT m.key, {MEASURE_COLUMNS} FROM measures m WHERE m.key IN {IDS}", keys, MeasureRow)
