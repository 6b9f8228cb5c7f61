"""Full-text search over paragraphs, cases, statistics and measures, ranked by BM25."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from db.fts import Query, snippet

#: Result order among equally ranked hits: the article's own words first.
TARGET_ORDER = "CASE d.target_type WHEN 'Paragraph' THEN 0 WHEN 'Case' THEN 1 WHEN 'Statistic' THEN 2 ELSE 3 END"


@dataclass(frozen=True, slots=True)
class Hit:
    target_type: str
    target_id: int
    snippet: str


@dataclass(frozen=True)
class Hits:
    total: int
    hits: list[Hit]


def search(connection: sqlite3.Connection, query: Query, *, offset: int, limit: int) -> Hits:
    """Hits `offset` to `offset + limit` of the query, best first, each with a <mark>ed snippet."""
    match = {"match": query.match_expression()}
    (total,) = connection.execute(
        "SELECT COUNT(*) FROM search_documents_fts WHERE search_documents_fts MATCH :match", match
    ).fetchone()
    rows = connection.execute(
        "SELECT d.target_type, d.target_id, d.body FROM search_documents_fts"
        " JOIN search_documents d ON d.id = search_documents_fts.rowid"
        " WHERE search_documents_fts MATCH :match"
        f" ORDER BY bm25(search_documents_fts), {TARGET_ORDER}, d.target_id LIMIT :limit OFFSET :offset",
        {**match, "limit": limit, "offset": offset},
    )
    return Hits(total=total, hits=[Hit(kind, target_id, snippet(body, query)) for kind, target_id, body in rows])
