"""Opening the built database so that nothing done through the connection can change it."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db.tables import SCHEMA_VERSION


class DatabaseMissingError(FileNotFoundError):
    """The database file does not exist (yet): build it with `jingwang seed`."""


class DatabaseOutdatedError(ValueError):
    """The file was built for another layout of the tables: rebuild it with `jingwang seed`."""


def open_readonly(path: str | Path, *, check_same_thread: bool = False) -> sqlite3.Connection:
    """Open `path` read-only and immutable, with rows as plain tuples (db.rows names them).

    `mode=ro` makes SQLite refuse every write and `immutable=1` tells it the file cannot
    change under it, so it takes no locks and keeps no journal (Datasette's choice for
    published data). `query_only` refuses writes even to temporary tables.
    """
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise DatabaseMissingError(f"database {path} not found")
    uri = f"{resolved.as_uri()}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=check_same_thread)
    connection.execute("PRAGMA query_only = 1")
    try:
        (version,) = connection.execute("SELECT value FROM metadata WHERE key = 'schema_version'").fetchone()
    except (sqlite3.DatabaseError, TypeError):
        version = None
    if version != SCHEMA_VERSION:
        connection.close()
        raise DatabaseOutdatedError(f"database {path} was not built by this version of jingwang")
    return connection


@contextmanager
def time_limit(connection: sqlite3.Connection, deadline: float) -> Iterator[None]:
    """Stop every statement `connection` runs after `deadline` (a `time.monotonic()`): it fails with "interrupted".

    SQLite calls the handler every thousand virtual-machine steps, so even one long
    statement stops on time, and every statement after the deadline stops at once. The
    executor stops the request's Python work at the same deadline (schema.context).
    """
    connection.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        yield
    finally:
        connection.set_progress_handler(None, 0)


def is_interrupted(error: BaseException) -> bool:
    """True for the error a statement stopped by `time_limit` fails with."""
    return isinstance(error, sqlite3.OperationalError) and str(error) == "interrupted"
