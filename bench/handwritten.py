"""The practical limit: a plain Starlette endpoint running hand-written SQL for each benchmark query.

It answers POST /graphql with the same JSON jingwang returns for the known query texts of
`bench.queries`, and nothing else: no parsing, no validation, no resolvers, just the few
statements a careful person would write (pages with LIMIT, counts from the index, one batch
per level) and a dict serialized the way jingwang serializes. The gap between this and
jingwang is what the GraphQL layer costs.

Example:

    BENCH_DB=bench/out/article.db uvicorn bench.handwritten:app_from_environment --factory
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench import queries
from db.fts import Query
from db.snippets import snippet

Json = Any
Handler = Callable[[sqlite3.Connection], Json]

CASE = "c.id, c.title, c.occurred_year, c.occurred_month, c.occurred_day"
OUTCOMES = """
    SELECT o.case_id, o.quantity, o.unit, o.at_least, o.description, p.code, p.name
    FROM outcomes o JOIN penalties p ON p.id = o.penalty_id
    WHERE o.case_id IN (SELECT value FROM json_each(?)) ORDER BY o.id
"""


def connect(db_path: Path) -> sqlite3.Connection:
    """Read-only and immutable, as jingwang opens it, but with plain tuples for rows."""
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _iso(year: int | None, month: int | None, day: int | None) -> dict[str, str] | None:
    if year is None:
        return None
    return {"iso": "-".join([f"{year:04d}", *(f"{part:02d}" for part in (month, day) if part is not None)])}


def _cases_with_outcomes(connection: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[Json]:
    """Case nodes (id, title, year, month, day) with their outcomes, fetched in one statement."""
    outcomes: dict[int, list[Json]] = defaultdict(list)
    for case_id, quantity, unit, at_least, description, code, name in connection.execute(
        OUTCOMES, [json.dumps([row[0] for row in rows])]
    ):
        outcomes[case_id].append(
            {
                "quantity": quantity,
                "unit": unit,
                "atLeast": bool(at_least),
                "description": description,
                "penalty": {"code": code, "name": name},
            }
        )
    return [
        {"title": title, "occurredOn": _iso(year, month, day), "outcomes": outcomes.get(case_id, [])}
        for case_id, title, year, month, day in rows
    ]


def regions_cases_outcomes(connection: sqlite3.Connection) -> Json:
    regions = connection.execute(
        "SELECT r.id, r.code, r.name, r.name_en, r.kind, (SELECT COUNT(*) FROM cases c WHERE c.region_id = r.id)"
        " FROM regions r ORDER BY r.id"
    ).fetchall()
    cases = connection.execute(
        f"SELECT c.region_id, {CASE} FROM regions r JOIN cases c"
        " ON c.id IN (SELECT id FROM cases WHERE region_id = r.id ORDER BY id LIMIT 10) ORDER BY c.region_id, c.id"
    ).fetchall()
    nodes = _cases_with_outcomes(connection, [row[1:] for row in cases])
    by_region: dict[int, list[Json]] = defaultdict(list)
    for row, node in zip(cases, nodes, strict=True):
        by_region[row[0]].append(node)
    return {
        "regions": [
            {
                "code": code,
                "name": name,
                "nameEn": name_en,
                "kind": kind,
                "cases": {"totalCount": total, "nodes": by_region.get(region_id, [])},
            }
            for region_id, code, name, name_en, kind, total in regions
        ]
    }


def region_cases(connection: sqlite3.Connection, first: int = 20) -> Json:
    region = connection.execute(
        "SELECT id, name, (SELECT COUNT(*) FROM cases WHERE region_id = regions.id) FROM regions WHERE code = ?",
        ["530100"],
    ).fetchone()
    if region is None:
        return {"region": None}
    region_id, name, total = region
    rows = connection.execute(
        f"SELECT {CASE} FROM cases c WHERE c.region_id = ? ORDER BY c.id LIMIT ?", [region_id, first]
    )
    nodes = _cases_with_outcomes(connection, rows.fetchall())
    return {"region": {"name": name, "cases": {"totalCount": total, "nodes": nodes}}}


STATISTICS_WHERE = "s.region_id = (SELECT id FROM regions WHERE code = :region) AND s.metric = :metric"


def statistics_page(connection: sqlite3.Connection) -> Json:
    params = {"region": "530100", "metric": "SUSPECTS_ARRESTED"}
    (total,) = connection.execute(f"SELECT COUNT(*) FROM statistics s WHERE {STATISTICS_WHERE}", params).fetchone()
    rows = connection.execute(
        "SELECT s.id, s.metric, s.value, s.unit, s.at_least, s.normalized_value, s.normalized_unit,"
        " c.code, c.name, p.label FROM statistics s JOIN categories c ON c.id = s.category_id"
        f" LEFT JOIN periods p ON p.id = s.period_id WHERE {STATISTICS_WHERE} ORDER BY s.id LIMIT 20",
        params,
    ).fetchall()
    sources: dict[int, list[Json]] = defaultdict(list)
    for owner, paragraph, start, end, text in connection.execute(
        'SELECT statistic_id, paragraph, start, "end", text FROM statistic_sources'
        " WHERE statistic_id IN (SELECT value FROM json_each(?)) ORDER BY statistic_id, position",
        [json.dumps([row[0] for row in rows])],
    ):
        sources[owner].append({"paragraph": paragraph, "start": start, "end": end, "text": text})
    nodes = [
        {
            "metric": metric,
            "value": value,
            "unit": unit,
            "atLeast": bool(at_least),
            "normalizedValue": normalized_value,
            "normalizedUnit": normalized_unit,
            "category": {"code": code, "name": name},
            "period": {"label": label} if label is not None else None,
            "sources": sources.get(statistic_id, []),
        }
        for statistic_id, metric, value, unit, at_least, normalized_value, normalized_unit, code, name, label in rows
    ]
    return {"statistics": {"totalCount": total, "nodes": nodes}}


#: What each kind of search target shows: its SELECT by id, and how a row becomes the target's fields.
TARGETS: dict[str, tuple[str, Callable[[tuple[Any, ...]], Json]]] = {
    "Case": ("SELECT id, title FROM cases", lambda row: {"title": row[1]}),
    "Statistic": (
        "SELECT id, metric, value, unit FROM statistics",
        lambda r: {"metric": r[1], "value": r[2], "unit": r[3]},
    ),
    "Measure": ("SELECT id, description FROM measures", lambda row: {"description": row[1]}),
}


def search(connection: sqlite3.Connection, text: str = "诈骗") -> Json:
    query = Query.parse(text)
    hits = connection.execute(
        "SELECT d.target_type, d.target_id, d.body FROM search_documents_fts"
        " JOIN search_documents d ON d.id = search_documents_fts.rowid WHERE search_documents_fts MATCH ?"
        " ORDER BY search_documents_fts.rowid LIMIT 5",
        [query.match_expression()],
    ).fetchall()
    token = query.single_token()
    if token is not None:
        found = connection.execute("SELECT documents FROM search_tokens WHERE col = ? AND term = ?", token).fetchone()
        total = found[0] if found else 0
    else:
        (total,) = connection.execute(
            "SELECT COUNT(*) FROM search_documents_fts WHERE search_documents_fts MATCH ?", [query.match_expression()]
        ).fetchone()
    fields: dict[tuple[str, int], Json] = {("Paragraph", i): {"index": i} for kind, i, _ in hits if kind == "Paragraph"}
    for kind, (select, to_fields) in TARGETS.items():
        ids = [target_id for hit_kind, target_id, _ in hits if hit_kind == kind]
        if ids:
            sql = f"{select} WHERE id IN (SELECT value FROM json_each(?))"
            for row in connection.execute(sql, [json.dumps(ids)]):
                fields[kind, row[0]] = to_fields(row)
    nodes = [
        {"snippet": snippet(body, query), "target": {"__typename": kind, **fields[kind, target_id]}}
        for kind, target_id, body in hits
    ]
    return {"search": {"totalCount": total, "nodes": nodes}}


def statistic_summary(connection: sqlite3.Connection) -> Json:
    rows = connection.execute(
        "SELECT c.code, c.name, r.name, p.label, SUM(s.normalized_value), s.normalized_unit, MAX(s.at_least),"
        " COUNT(*) FROM statistics s JOIN categories c ON c.id = s.category_id JOIN regions r ON r.id = s.region_id"
        f" LEFT JOIN periods p ON p.id = s.period_id WHERE {STATISTICS_WHERE}"
        " GROUP BY s.category_id, s.region_id, s.metric, s.period_id, s.normalized_unit ORDER BY MIN(s.id)",
        {"region": "530100", "metric": "SUSPECTS_ARRESTED"},
    )
    return {
        "statisticSummary": [
            {
                "category": {"code": code, "name": name},
                "region": {"name": region},
                "period": {"label": label} if label is not None else None,
                "value": value,
                "unit": unit,
                "atLeast": bool(at_least),
                "count": count,
            }
            for code, name, region, label, value, unit, at_least, count in rows
        ]
    }


HANDLERS: dict[str, Handler] = {
    queries.Q1.graphql: regions_cases_outcomes,
    queries.Q2.graphql: region_cases,
    queries.Q2_SMALL.graphql: lambda connection: region_cases(connection, first=2),
    queries.Q3.graphql: lambda connection: {"__typename": "Query"},
    queries.Q4.graphql: statistics_page,
    queries.Q5.graphql: search,
    **{query.graphql: functools.partial(search, text=term) for term, query in queries.Q5_TERMS.items()},
    queries.Q6.graphql: statistic_summary,
}


def create_app(db_path: Path) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, sqlite3.Connection]]:
        connection = connect(db_path)
        try:
            yield {"connection": connection}
        finally:
            connection.close()

    async def graphql(request: Request) -> Response:
        body = await request.json()
        handler = HANDLERS.get(body.get("query"))
        if handler is None:
            return JSONResponse({"errors": [{"message": "not one of the benchmark queries"}]}, status_code=400)
        data = handler(request.state.connection)
        content = json.dumps({"data": data}, ensure_ascii=False, separators=(",", ":"))
        return Response(content, media_type="application/json")

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])], lifespan=lifespan)


def app_from_environment() -> Starlette:
    """The app over $BENCH_DB, for `uvicorn --factory` (read when the server starts, not on import)."""
    return create_app(Path(os.environ["BENCH_DB"]))
