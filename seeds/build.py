"""Building the database: read, check, write to a temporary file, verify, move into place.

The file at the target path is replaced in one `os.replace`, after every check has passed,
so a broken fact file or a failed write leaves the previous database byte-identical, and a
server reading it never sees half a build.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import operator
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from db import fts, tables
from seeds.article import ARTICLE_PATH, ArticleText
from seeds.checks import check
from seeds.facts import FACTS_DIR, Facts, load
from seeds.rows import Row, Rows

if TYPE_CHECKING:
    from hashlib import _Hash as Hash

Report = Callable[[str], None]


def _silent(_: str) -> None:
    """Report nothing (the library default; the CLI passes click.echo)."""


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote: rows per table and the content hash ETags derive from."""

    path: Path
    counts: dict[str, int]
    content_hash: str


def build(
    db_path: Path,
    *,
    facts_dir: Path = FACTS_DIR,
    article_path: Path = ARTICLE_PATH,
    report: Report = _silent,
) -> BuildSummary:
    """Build the database at `db_path` from the article and the fact files."""
    report(f"Reading the article {article_path.name}")
    article = ArticleText.read(article_path)
    report(f"Reading fact files in {facts_dir.name}/")
    facts = load(facts_dir)
    report("Checking facts against each other and the article")
    check(facts, article)
    return write(facts, article, db_path, report=report)


def write(
    facts: Facts,
    article: ArticleText,
    db_path: Path,
    *,
    report: Report = _silent,
    progress: Callable[[Iterable[Row], str], Iterable[Row]] | None = None,
) -> BuildSummary:
    """Write checked facts to `db_path` atomically. `progress` may wrap each table's rows."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=db_path.parent, prefix=f".{db_path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            digest = hashlib.sha256()
            counts = _fill(connection, Rows(facts, article), digest, report, progress)
            report("Verifying the database")
            _verify(connection)
            content_hash = digest.hexdigest()
            connection.executemany(
                "INSERT INTO metadata (key, value) VALUES (?, ?)",
                [("content_hash", content_hash), ("schema_version", tables.SCHEMA_VERSION)],
            )
            connection.commit()
        finally:
            connection.close()
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the file from a server's user
        os.replace(temporary, db_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    shown = ("statistics", "cases", "outcomes", "measures", "regions", "paragraphs")
    report(f"Built {db_path}: " + ", ".join(f"{counts[name]} {name}" for name in shown))
    return BuildSummary(path=db_path, counts=counts, content_hash=content_hash)


def _fill(
    connection: sqlite3.Connection,
    rows: Rows,
    digest: Hash,
    report: Report,
    progress: Callable[[Iterable[Row], str], Iterable[Row]] | None,
) -> dict[str, int]:
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    database = sqlite_utils.Database(connection)
    report("Creating tables")
    tables.create_all(database)
    counts: dict[str, int] = {}
    report(f"Writing {len(tables.ALL)} tables")
    with connection:
        for table, table_rows in rows.tables():
            if progress is not None:
                table_rows = progress(table_rows, table.name)
            counts[table.name] = _insert(connection, table, table_rows, digest)
    report("Indexing")
    tables.create_indexes(database)
    fts.build_index(connection)
    tables.count_members(database)
    connection.commit()
    return counts


def _insert(connection: sqlite3.Connection, table: tables.Table, rows: Iterable[Row], digest: Hash) -> int:
    """Insert `rows` with one prepared statement, adding them to `digest`; returns how many.

    sqlite-utils creates the tables and the search index, but its insert_all inspects every
    value for JSON conversion, a large share of a large build (bench/RESULTS.md). The rows
    here are plain values already, in the columns `table` declares.

    The content hash is taken here, of every row as it goes in (marshal's version 2 writes
    values alone, no object references, so equal rows give equal bytes): reading the whole
    file back to hash it took longer than writing it.
    """
    names = list(table.columns)
    statement = (
        f'INSERT INTO "{table.name}" ({", ".join(f"{n!r}" for n in names)}) VALUES ({", ".join("?" * len(names))})'
    )
    digest.update(table.name.encode())
    count = 0
    # Every row has every column (a missing one is a bug); every table has two columns or more.
    row_values = operator.itemgetter(*names)

    def values() -> Iterator[tuple[object, ...]]:
        nonlocal count
        remaining = iter(rows)
        while batch := [row_values(row) for row in itertools.islice(remaining, 5000)]:
            digest.update(marshal.dumps(batch, 2))
            count += len(batch)
            yield from batch

    connection.executemany(statement, values())
    return count


def _verify(connection: sqlite3.Connection) -> None:
    """Fail unless the database is sound."""
    # quick_check is integrity_check without matching every index entry to its row: SQLite
    # built the indexes from these rows moments ago, and the full check is several times slower.
    integrity = connection.execute("PRAGMA quick_check").fetchall()
    if integrity != [("ok",)]:
        raise RuntimeError(f"quick_check failed: {integrity}")
    dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise RuntimeError(f"foreign_key_check failed: {dangling[:5]}")
