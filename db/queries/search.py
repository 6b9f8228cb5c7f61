"""Full-text search over paragraphs, cases, statistics and measures, in the order ranked at build time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db.fts import Query


@dataclass(frozen=True, slots=True)
class Hit:
    target_type: str
    target_id: int
    body: str


@dataclass(frozen=True)
class Hits:
    total: int
    hits: list[Hit]


def search(connection: sqlite3.Connection, query: Query, *, offset: int, limit: int) -> Hits:
    """Hits `offset` to `offset + limit` of the query, best first, and how many there are in all.

    The index's rowids are the documents' ranks (db.tables.SEARCH_DOCUMENTS), and FTS5 yields
    matches in rowid order: a page reads its rows and stops, where ranking by BM25 scored and
    sorted every match to keep five.
    """
    typed = query.typed_prefix()
    if typed is not None:
        words = completions(connection, typed)
        if not words:
            return Hits(total=0, hits=[])
        if len(words) == 1:  # one word begins so: search for it, whose count is kept
            query = query.completed(words[0])
    match = query.match_expression()
    rows = connection.execute(
        "SELECT d.target_type, d.target_id, d.body FROM search_documents_fts"
        " JOIN search_documents d ON d.id = search_documents_fts.rowid"
        " WHERE search_documents_fts MATCH :match ORDER BY search_documents_fts.rowid LIMIT :limit OFFSET :offset",
        {"match": match, "limit": limit, "offset": offset},
    ).fetchall()
    hits = [Hit(*row) for row in rows]
    if 0 < len(hits) < limit:  # the page ends before `limit`: it holds the last match
        return Hits(total=offset + len(hits), hits=hits)
    return Hits(total=count(connection, query), hits=hits)


def completions(connection: sqlite3.Connection, prefix: str) -> list[str]:
    """Up to two words of the index that begin with `prefix` (ASCII, lowercase)."""
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rows = connection.execute(
        "SELECT term FROM search_tokens WHERE col = 'words' AND term >= ? AND term < ? LIMIT 2", [prefix, following]
    )
    return [term for (term,) in rows]


def count(connection: sqlite3.Connection, query: Query) -> int:
    """How many documents match: one row of search_tokens for a one-token search, else counted in FTS5.

    Counting walks every match; a one-token search (枪, 诈骗, police) is most of what users
    type and has the most matches, and its count was kept when the index was built.
    """
    token = query.single_token()
    if token is not None:
        found = connection.execute("SELECT documents FROM search_tokens WHERE col = ? AND term = ?", token).fetchone()
        return int(found[0]) if found else 0
    (total,) = connection.execute(
        "SELECT COUNT(*) FROM search_documents_fts WHERE search_documents_fts MATCH ?", [query.match_expression()]
    ).fetchone()
    return int(total)
