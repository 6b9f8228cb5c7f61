"""Batch-shaped reads: one statement for any number of parent ids.

Ids travel as one JSON array parameter (`IN (SELECT value FROM json_each(:ids))`), so the
SQL text is the same however many ids there are and SQLite's statement cache keeps it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from db.rows import build

Row = TypeVar("Row")
Key = TypeVar("Key", int, str)

IDS = "(SELECT value FROM json_each(:ids))"


def id_list(ids: Iterable[int] | Iterable[str]) -> str:
    return json.dumps(list(ids))


def grouped(
    connection: sqlite3.Connection, sql: str, ids: Iterable[int], cls: type[Row], **params: object
) -> dict[int, list[Row]]:
    """Rows of `cls` per parent: `sql` selects the parent id, then the row's columns.

    `sql` orders by parent id, then row id: SQLite then walks the parent's index in the
    order asked for, where ordering by row id alone sorted every wide row in a temporary
    B-tree (half the time of reading 69 outcomes, bench/RESULTS.md).
    """
    result: dict[int, list[Row]] = defaultdict(list)
    for record in connection.execute(sql, {"ids": id_list(ids), **params}):
        result[record[0]].append(build(cls, record, offset=1))
    return dict(result)


def keyed(connection: sqlite3.Connection, sql: str, ids: Iterable[Key], cls: type[Row]) -> dict[Key, Row]:
    """One row of `cls` per key: `sql` selects the key, then the row's columns."""
    return {record[0]: build(cls, record, offset=1) for record in connection.execute(sql, {"ids": id_list(ids)})}


def pairs(connection: sqlite3.Connection, sql: str, ids: Iterable[int]) -> dict[int, list[int]]:
    """Linked ids per parent: `sql` selects (parent id, linked id) in order."""
    result: dict[int, list[int]] = defaultdict(list)
    for parent, linked in connection.execute(sql, {"ids": id_list(ids)}):
        result[parent].append(linked)
    return dict(result)
