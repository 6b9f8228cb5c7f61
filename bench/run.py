"""The benchmark in one command: build, start, verify, load, and print one table.

Each database gets its servers started together on loopback; every server's answer to every
query is checked against jingwang's own answer (computed in-process) before anything is
timed, so a server cannot win by answering something else. Then each query is driven on
each server in turn — the others idle — and the figures, the environment and the issue's
targets are printed and kept in bench/out/.

Example:

    python -m bench.run --duration 30 --connections 16
    python -m bench.run --quick --only jingwang,handwritten
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import click

from bench import environments, queries, report, servers, statements
from bench.load import drive, require_wrk
from bench.queries import Query
from bench.report import Measurement
from db.catalog import Catalog
from db.connection import open_readonly
from schema.context import Context
from schema.loaders import Loaders
from schema.root import schema


class Output:
    """Echoes each line and keeps it, so the whole run can be saved as printed."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        click.echo(line)
        self.lines.append(line)


def expected_answer(db_path: Path, query: Query) -> Any:
    """jingwang's answer computed in-process, JSON round-tripped: what every server must return."""
    connection = open_readonly(db_path)
    try:
        context = Context(loaders=Loaders(connection, Catalog.load(connection)), request_id="bench")
        result = schema.execute_sync(query.graphql, context_value=context)
        if result.errors:
            raise click.ClickException(f"{query.name}: jingwang reports {result.errors[0].message}")
        return json.loads(json.dumps(result.data))
    finally:
        connection.close()


def difference(expected: Any, actual: Any, path: str = "data") -> str | None:
    """Where two JSON values first differ, or None when they are equal."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in expected or key not in actual:
                return f"{path}.{key}: present on one side only"
            found = difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: {len(expected)} items expected, got {len(actual)}"
        for n, (a, b) in enumerate(zip(expected, actual, strict=True)):
            found = difference(a, b, f"{path}[{n}]")
            if found:
                return found
        return None
    same = expected == actual and isinstance(expected, bool) == isinstance(actual, bool)  # True == 1 in Python
    return None if same else f"{path}: expected {expected!r}, got {actual!r}"


def verify(server: servers.Server, query: Query, expected: Any) -> None:
    """Fail the run unless `server` answers `query` with jingwang's data (datasette's mapped onto it)."""
    text = query.datasette if server.name == "datasette" else query.graphql
    assert text is not None  # only supported queries are verified
    response = server.post(text)
    if response.get("errors"):
        raise click.ClickException(f"{query.name} on {server.name}: {response['errors'][0]}")
    data = response["data"]
    if server.name == "datasette":
        assert query.from_datasette is not None  # every datasette query has its mapping
        data = query.from_datasette(data)
    found = difference(expected, data)
    if found:
        raise click.ClickException(f"{query.name}: {server.name} answers differently from jingwang: {found}")


def measure(
    server: servers.Server, query: Query, text: str, *, seconds: float, warmup: float, connections: int
) -> Measurement:
    script = environments.OUT / "wrk" / f"{server.name}-{query.name}.lua"
    drive(server.url, text, seconds=warmup, connections=connections, script=script)
    before = server.cpu_seconds()
    load = drive(server.url, text, seconds=seconds, connections=connections, script=script)
    cpu = server.cpu_seconds() - before
    cpu_ms = cpu * 1000 / load.requests if load.requests else None
    return Measurement(query, server.name, load=load, cpu_ms=cpu_ms, rss_mb=server.rss_mb())


def code_version() -> str:
    """The commit measured, and whether the work tree differs from it (read-only git)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=environments.ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain"], cwd=environments.ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {commit}" + (f" plus {len(changed)} uncommitted changes" if changed else "")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def environment_lines(databases: dict[str, Path], settings: str) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("strawberry-graphql", "graphql-core", "starlette", "uvicorn")
    )
    lines = [
        f"jingwang benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores ({cpu}), shared; load average at start {load_average()}",
        f"code: {code_version()}",
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        f"jingwang side: {versions}; datasette side: {', '.join(environments.DATASETTE_REQUIREMENTS)}",
        f"settings: {settings}",
    ]
    for name, path in databases.items():
        connection = open_readonly(path)
        try:
            sizes = [
                f"{connection.execute(f'SELECT COUNT(*) FROM {table}').fetchone()[0]:,} {table}"
                for table in ("regions", "cases", "outcomes", "statistics")
            ]
        finally:
            connection.close()
        lines.append(f"database {name}: {path.name}, {', '.join(sizes)}")
    return lines


def run(
    chosen: Sequence[str], selected: Sequence[Query], databases: dict[str, Path], out: Output, **load: Any
) -> list[Measurement]:
    python = environments.datasette_python() if "datasette" in chosen else None
    measurements: list[Measurement] = []
    for database, db_path in databases.items():
        here = [query for query in selected if query.database == database]
        if not here:
            continue
        counts: dict[tuple[str, str], int] = {}
        for query in here:
            counts[query.name, "jingwang"] = statements.jingwang(db_path, query.graphql)
            counts[query.name, "jingwang-2workers"] = counts[query.name, "jingwang"]
            counts[query.name, "handwritten"] = statements.hand_written(db_path, query.graphql)
        if python is not None:
            supported = [query for query in here if query.datasette]
            found = statements.datasette(python, db_path, [q.datasette or "" for q in supported])
            counts.update({(query.name, "datasette"): n for query, n in zip(supported, found, strict=True)})
        started = {name: servers.start(name, db_path, python) for name in chosen}
        try:
            for query in here:
                expected = expected_answer(db_path, query)
                for server in started.values():
                    if server.name != "datasette" or query.datasette:
                        verify(server, query, expected)
            out(f"Verified: {', '.join(chosen)} answer {', '.join(q.name for q in here)} alike on {db_path.name}")
            for query in here:
                for name, server in started.items():
                    text = query.datasette if name == "datasette" else query.graphql
                    if text is None:
                        measurements.append(Measurement(query, name, unsupported=query.unsupported))
                        continue
                    m = replace(measure(server, query, text, **load), statements=counts.get((query.name, name)))
                    measurements.append(m)
                    click.echo(f"  {query.name:<11} {name:<15} {m.load.rate if m.load else 0:8.1f} req/s")
        finally:
            for server in started.values():
                server.stop()
    return measurements


@click.command()
@click.option("--duration", type=click.IntRange(1), default=30, show_default=True, help="Seconds each timed run lasts.")
@click.option("--connections", type=click.IntRange(1), default=16, show_default=True, help="wrk's open connections.")
@click.option("--warmup", type=click.IntRange(1), default=3, show_default=True, help="Seconds of load before timing.")
@click.option("--only", default=",".join(servers.SERVERS), show_default=True, help="Servers to run, comma-separated.")
@click.option(
    "--queries",
    "names",
    default=",".join(q.name for q in queries.ALL),
    show_default=True,
    help="Queries to run, comma-separated.",
)
@click.option(
    "--regions", type=click.IntRange(18), default=300, show_default=True, help="Regions of the large database."
)
@click.option("--cases", type=click.IntRange(0), default=None, help="Synthetic cases [default: 200000, --quick 20000].")
@click.option("--seed", type=int, default=2018, show_default=True, help="Seed of the large database.")
@click.option("--quick", is_flag=True, help="A smoke test: 5 s runs, 1 s warm-up, a 20,000-case large database.")
def main(
    duration: int,
    connections: int,
    warmup: int,
    only: str,
    names: str,
    regions: int,
    cases: int | None,
    seed: int,
    quick: bool,
) -> None:
    """Benchmark jingwang against a hand-written endpoint and datasette-graphql; print one table.

    Example:

        python -m bench.run --duration 30 --connections 16 --only jingwang,handwritten,datasette
    """
    began = time.monotonic()
    chosen = [name.strip() for name in only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(servers.SERVERS))
    if unknown:
        raise click.BadParameter(
            f"unknown server {unknown[0]!r}; choose from {', '.join(servers.SERVERS)}", param_hint="--only"
        )
    by_name = {query.name: query for query in queries.ALL}
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    missing = sorted(set(wanted) - set(by_name))
    if missing:
        raise click.BadParameter(
            f"unknown query {missing[0]!r}; choose from {', '.join(by_name)}", param_hint="--queries"
        )
    selected = [by_name[name] for name in by_name if name in wanted]
    if quick:
        duration, warmup = 5, 1
    cases = cases if cases is not None else (20_000 if quick else 200_000)
    require_wrk()
    databases: dict[str, Path] = {}
    if any(q.database == "article" for q in selected):
        databases["article"] = environments.article_db()
    if any(q.database == "large" for q in selected):
        databases["large"] = environments.synthetic_db(regions, cases, seed)
    out = Output()
    settings = f"{duration} s per run after {warmup} s warm-up, {connections} connections, servers: {', '.join(chosen)}"
    for line in environment_lines(databases, settings):
        out(line)
    measurements = run(chosen, selected, databases, out, seconds=duration, warmup=warmup, connections=connections)
    out()
    for line in report.table(measurements):
        out(line)
    out()
    for line in [*report.unsupported(measurements), "", report.LEGEND, "", *report.targets(measurements)]:
        out(line)
    out()
    out(f"Whole run: {time.monotonic() - began:.0f} s; load average at the end {load_average()}")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    text = "\n".join(out.lines) + "\n"
    for name in (f"run-{stamp}.txt", "latest.txt"):
        (environments.OUT / name).write_text(text)
    records = json.dumps([m.record() for m in measurements], indent=1, ensure_ascii=False)
    (environments.OUT / f"run-{stamp}.json").write_text(records + "\n")
    click.echo(f"Saved to {(environments.OUT / f'run-{stamp}.txt').relative_to(environments.ROOT)}")


if __name__ == "__main__":
    main()
