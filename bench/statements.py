"""SQL statements per request, counted in-process on a traced connection, once per query.

The servers run untraced (a trace callback costs time); this runs each query the way a
server would — jingwang through the schema with a fresh `Loaders`, the hand-written
endpoint through its handler, datasette through its own client in its own virtualenv —
and counts what reaches SQLite.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bench import handwritten
from bench.environments import ROOT
from bench.sqltrace import StatementCounter
from db.catalog import Catalog
from db.connection import open_readonly
from schema.context import Context
from schema.loaders import Loaders
from schema.root import schema


def jingwang(db_path: Path, query: str) -> int:
    """Statements of one request, after a first request has warmed the schema's caches."""
    connection = open_readonly(db_path)
    try:
        catalog = Catalog.load(connection)
        counter = StatementCounter()
        for _ in range(2):
            counter.reset()
            connection.set_trace_callback(counter)
            result = schema.execute_sync(
                query, context_value=Context(loaders=Loaders(connection, catalog), request_id="bench")
            )
            connection.set_trace_callback(None)
            if result.errors:
                raise RuntimeError(f"jingwang: {result.errors[0].message}")
        return counter.count
    finally:
        connection.close()


def hand_written(db_path: Path, query: str) -> int:
    connection = handwritten.connect(db_path)
    try:
        counter = StatementCounter()
        connection.set_trace_callback(counter)
        handwritten.HANDLERS[query](connection)
        return counter.count
    finally:
        connection.close()


def datasette(python: Path, db_path: Path, texts: list[str]) -> list[int]:
    """Counts for several queries from one datasette process (its startup costs a second)."""
    result = subprocess.run(
        [str(python), "-m", "bench.datasette_app", str(db_path)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"counting datasette's statements failed:\n{result.stderr[-2000:]}")
    counts: list[int] = json.loads(result.stdout)
    return counts
