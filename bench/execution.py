"""What one query costs inside the process: schema execution and JSON, without HTTP or a load generator.

`bench.run` measures servers under load, where other work on a shared machine moves the figures by
tens of percent between runs. One change to the executor, the loaders or a query is measured here
instead: each query runs the way a server runs it (a fresh `Loaders`, `schema.execute_sync`, the
answer encoded with orjson), many times in rounds, and the median of the rounds' medians is printed
per query, with the answer's size. Run it before and after a change, on the same machine.

Example:

    python -m bench.execution --queries Q2,Q2·article --rounds 7
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import click
import orjson

from bench import environments, queries
from db.catalog import Catalog
from db.connection import open_readonly
from schema.context import Context
from schema.loaders import Loaders
from schema.root import schema


def median_ms(db_path: Path, text: str, rounds: int, runs: int) -> tuple[float, int]:
    """Median over `rounds` of each round's median run, in ms, and the encoded answer's bytes."""
    connection = open_readonly(db_path)
    try:
        catalog = Catalog.load(connection)
        medians = []
        body = b""
        for _ in range(rounds):
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                result = schema.execute_sync(
                    text, context_value=Context(loaders=Loaders(connection, catalog), request_id="bench")
                )
                body = orjson.dumps({"data": result.data})
                times.append(time.perf_counter() - started)
            if result.errors:
                raise click.ClickException(f"{result.errors[0].message}")
            medians.append(statistics.median(times))
        return statistics.median(medians) * 1000, len(body)
    finally:
        connection.close()


@click.command()
@click.option("--queries", "names", default="Q1,Q2·article,Q2,Q2·2,Q4,Q6", show_default=True, help="Which queries.")
@click.option("--rounds", type=click.IntRange(1), default=5, show_default=True, help="Rounds per query.")
@click.option("--runs", type=click.IntRange(1), default=300, show_default=True, help="Runs per round.")
def main(names: str, rounds: int, runs: int) -> None:
    """Print the in-process median time of each benchmark query."""
    by_name = {query.name: query for query in queries.ALL}
    unknown = [name for name in names.split(",") if name not in by_name]
    if unknown:
        raise click.BadParameter(f"unknown {', '.join(unknown)}; choose from {', '.join(by_name)}")
    click.echo(f"{'query':<12} {'db':<8} {'median ms':>10} {'answer bytes':>13}")
    for name in names.split(","):
        query = by_name[name]
        db_path = environments.default_db(query.database)
        ms, size = median_ms(db_path, query.graphql, rounds, runs)
        click.echo(f"{name:<12} {query.database:<8} {ms:>10.3f} {size:>13,}")


if __name__ == "__main__":
    main()
