"""datasette with datasette-graphql, as the benchmark serves and measures it, in its own virtualenv.

datasette-graphql needs graphql-core < 3.3 and Strawberry needs ≥ 3.3, so this module runs
only under bench/out/datasette-venv (`bench.environments` makes it). It raises the limits
that would otherwise fail requests under load: datasette's 1 s SQL time limit and the
plugin's own 1 s per request and 100 table queries per request.

Examples:

    BENCH_DB=bench/out/article.db bench/out/datasette-venv/bin/python -m uvicorn \\
        bench.datasette_app:app_from_environment --factory
    echo '["{ __typename }"]' | bench/out/datasette-venv/bin/python -m bench.datasette_app bench/out/article.db
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import types
from pathlib import Path
from typing import Any

from bench.sqltrace import StatementCounter

#: A minute for anything: the benchmark measures speed, and a request failed by a limit measures nothing.
SETTINGS = {"sql_time_limit_ms": 60_000}
PLUGIN_CONFIG = {"time_limit_ms": 60_000, "num_queries_limit": 100_000}


def create(db_path: Path) -> Any:
    """A Datasette serving `db_path` immutable (as jingwang does: no locks, no journal)."""
    from datasette.app import Datasette  # type: ignore[import-not-found]  # only in the datasette venv

    metadata = {"plugins": {"datasette-graphql": PLUGIN_CONFIG}}
    return Datasette(immutables=[str(db_path)], settings=SETTINGS, metadata=metadata)


def app_from_environment() -> Any:
    """The ASGI app over $BENCH_DB, for `uvicorn --factory`."""
    return create(Path(os.environ["BENCH_DB"])).app()


async def count_statements(db_path: Path, texts: list[str]) -> list[int]:
    """SQL statements datasette runs on the database for each query, after one warm-up request."""
    from datasette import hookimpl  # type: ignore[import-not-found]  # only in the datasette venv
    from datasette.plugins import pm  # type: ignore[import-not-found]  # only in the datasette venv

    counter = StatementCounter()

    @hookimpl  # type: ignore[untyped-decorator]  # datasette is untyped
    def prepare_connection(conn: Any, database: str) -> None:
        if database == db_path.stem:
            conn.set_trace_callback(counter)

    plugin = types.ModuleType("bench_statement_counter")  # datasette lists plugins by module name
    plugin.prepare_connection = prepare_connection  # type: ignore[attr-defined]  # a plugin module's hook
    pm.register(plugin, name="bench-statement-counter")
    datasette = create(db_path)
    await datasette.invoke_startup()
    counts = []
    for text in texts:
        await datasette.client.post("/graphql", json={"query": text})
        counter.reset()
        response = await datasette.client.post("/graphql", json={"query": text})
        if response.status_code != 200:
            raise RuntimeError(f"datasette answered {response.status_code}: {response.text[:300]}")
        counts.append(counter.count)
    return counts


if __name__ == "__main__":
    print(json.dumps(asyncio.run(count_statements(Path(sys.argv[1]), json.loads(sys.stdin.read())))))
