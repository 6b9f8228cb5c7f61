"""Where jingwang's time goes under load: py-spy samples the server while wrk drives one query.

The table from `bench.run` says how fast; this says why. It starts jingwang with its answer
cache off, loads it with one benchmark query, records the server's stacks with py-spy (a
sampling profiler that attaches to the running process, so the server runs unmodified)
and prints self time by component — graphql-core, Strawberry, our schema, SQLite calls in
db/, the HTTP stack — and the busiest functions. The raw stacks are kept in bench/out/ for
a flame graph (flamegraph.pl, speedscope).

Example:

    pip install py-spy
    python -m bench.profile --query Q1 --duration 20
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import click

from bench import environments, queries, servers
from bench.load import drive

#: Which component a frame's file belongs to, by path prefix as py-spy prints it; first match wins.
COMPONENTS = (
    ("graphql/language/", "graphql-core: parsing"),
    ("graphql/validation/", "graphql-core: validation"),
    ("graphql/", "graphql-core: execution and the rest"),
    ("strawberry/", "Strawberry"),
    ("schema/", "jingwang schema/ (resolvers, types, loaders)"),
    ("db/", "jingwang db/ (SQLite calls, row building)"),
    ("api/", "jingwang api/ (endpoint, caching, transport)"),
    ("json/", "JSON encoding and decoding"),
    ("starlette/", "HTTP: Starlette"),
    ("uvicorn/", "HTTP: uvicorn and h11"),
    ("h11/", "HTTP: uvicorn and h11"),
    ("asyncio/", "asyncio: event loop and socket writes"),
    ("selectors.py", "asyncio: event loop and socket writes"),
)


def component(frame: str) -> str:
    """The component of one py-spy frame, `function (path/file.py:line)`."""
    location = frame.rsplit("(", 1)[-1]
    found = next((name for prefix, name in COMPONENTS if location.startswith(prefix)), None)
    return found or "Python stdlib and the rest (enum, inspect, uuid …)"


#: Calls whose whole subtree is worth knowing (inclusive time): what each stage costs in all.
STAGES = (
    ("whole request in the app (Starlette down)", "Starlette.__call__ (starlette/applications.py"),
    ("GraphQL execution: Schema.execute_sync", "execute_sync (strawberry/schema/schema.py"),
    ("  graphql-core parse (new query texts, schema.prepared)", "parse (graphql/language/parser.py"),
    ("  graphql-core validate (new query texts, schema.prepared)", "validate (graphql/validation/validate.py"),
    ("  our resolvers' SQL and rows (db/)", "(db/"),
    ("  Strawberry extensions' hooks (on_operation)", "ExtensionContextManagerBase.__enter__ (strawberry/"),
    ("answer-cache key: strip_ignored_characters", "strip_ignored_characters (graphql/"),
    ("JSON encoding of the answer", "encode (api/endpoint.py"),
    ("socket writes", "_SelectorSocketTransport.write (asyncio/"),
)


def summarize(raw: str, top: int = 15) -> list[str]:
    """Self time by component and the busiest functions, from py-spy's raw (collapsed) stacks."""
    by_component: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    by_stage: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        innermost = stack.split(";")[-1]
        by_component[component(innermost)] += int(count)
        by_function[innermost.rsplit(":", 1)[0] + ")"] += int(count)
        for name, marker in STAGES:
            if marker in stack:
                by_stage[name] += int(count)
    total = sum(by_component.values()) or 1
    lines = [f"{total} samples; self time by component:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in by_component.most_common()]
    lines += ["", "inclusive time of stages:"]
    lines += [f"  {100 * by_stage[name] / total:5.1f}%  {name}" for name, _ in STAGES]
    lines += ["", f"top {top} functions by self time:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in by_function.most_common(top)]
    return lines


def py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(found).exists():
        raise click.ClickException("py-spy is not installed: pip install py-spy")
    return found


@click.command()
@click.option("--query", "name", default="Q1", show_default=True, help="Benchmark query to load the server with.")
@click.option("--duration", type=click.IntRange(2), default=20, show_default=True, help="Seconds to sample.")
@click.option("--connections", type=click.IntRange(1), default=16, show_default=True, help="wrk's open connections.")
@click.option("--rate", type=click.IntRange(1), default=200, show_default=True, help="Samples per second.")
def main(name: str, duration: int, connections: int, rate: int) -> None:
    """Profile the jingwang server (answer cache off) under one benchmark query's load.

    Example:

        python -m bench.profile --query Q2 --duration 20
    """
    by_name = {query.name: query for query in queries.ALL}
    if name not in by_name:
        raise click.BadParameter(f"choose from {', '.join(by_name)}", param_hint="--query")
    query = by_name[name]
    db_path = environments.default_db(query.database)
    output = environments.OUT / f"profile-{query.name}.txt"
    script = environments.OUT / "wrk" / f"profile-{query.name}.lua"
    server = servers.start("jingwang", db_path)
    try:
        drive(server.url, query.graphql, seconds=3, connections=connections, script=script)
        load = threading.Thread(
            target=drive,
            args=(server.url, query.graphql),
            kwargs={"seconds": duration + 2, "connections": connections, "script": script},
        )
        load.start()
        command = [py_spy(), "record", "--pid", str(server.process.pid), "--duration", str(duration)]
        command += ["--rate", str(rate), "--format", "raw", "--output", str(output)]
        subprocess.run(command, check=True, capture_output=True)
        load.join()
    finally:
        server.stop()
    click.echo(f"{query.name} ({query.title}) on {db_path.name}, raw stacks in {output.relative_to(environments.ROOT)}")
    for line in summarize(output.read_text()):
        click.echo(line)


if __name__ == "__main__":
    main()
