"""The API's connection cannot change the database, whatever it is asked to run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.connection import DatabaseMissingError, open_readonly


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO paragraphs (number, text) VALUES (99, 'x')",
        "UPDATE statistics SET value = 0",
        "DELETE FROM cases",
        "DROP TABLE cases",
        "CREATE TEMP TABLE scratch (x)",
        "PRAGMA user_version = 7",
    ],
)
def test_every_write_is_refused(seeded_db: Path, statement: str) -> None:
    connection = open_readonly(seeded_db)
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only|attempt to write"):
        connection.execute(statement)
    connection.close()


def test_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissingError, match="not found"):
        open_readonly(tmp_path / "missing.db")
