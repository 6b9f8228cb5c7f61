"""A long property-based run against a live `jingwang serve`: any generated query gets a clean answer.

The same generator and checks as tests/test_fuzz.py (tests/fuzzing.py, which the test suite runs
for a bounded number of examples), for as many as you like and over real HTTP.

Example:

    python -m bench.fuzz --examples 5000
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import click
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import Mode, queries

from bench.environments import OUT, ROOT
from bench.soak import wait_until_serving
from seeds.build import build
from tests.fuzzing import SCALARS, SCHEMA, problems
from tests.ports import free_port


def post(url: str, query: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def fuzz(url: str, mode: Mode, examples: int, tally: Counter[str]) -> None:
    """Send `examples` generated queries of `mode` to `url`, counting clean and failed answers."""

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(query=queries(SCHEMA, mode=mode, custom_scalars=SCALARS))
    def send(query: str) -> None:
        status, body = post(url, query)
        found = problems(status, body)
        tally[f"{mode.name.lower()} {'clean' if not found else 'FAILED'}"] += 1
        if found:
            click.echo(f"FAILED {found}: {query[:300]}")

    send()


@click.command()
@click.option("--examples", type=click.IntRange(1), default=2000, show_default=True, help="Queries per mode.")
@click.option("--url", default=None, help="A running server's /graphql; default: start `jingwang serve`.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=OUT / "fuzz.db")
def main(examples: int, url: str | None, db_path: Path) -> None:
    """Send generated queries, valid and with one mistake, and check every answer."""
    server = None
    with tempfile.TemporaryDirectory() as scratch:
        if url is None:
            if not db_path.exists():
                build(db_path)
            port = free_port()
            url = f"http://127.0.0.1:{port}/graphql"
            jingwang = Path(sys.executable).parent / "jingwang"
            with (Path(scratch) / "serve.log").open("wb") as log:
                server = subprocess.Popen(
                    [str(jingwang), "serve", "--port", str(port), "--db", str(db_path)],
                    cwd=ROOT,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            wait_until_serving(url, server)
        try:
            tally: Counter[str] = Counter()
            for mode in (Mode.POSITIVE, Mode.NEGATIVE):
                fuzz(str(url), mode, examples, tally)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    for outcome, count in sorted(tally.items()):
        click.echo(f"{outcome:<20}{count}")
    if any("FAILED" in outcome for outcome in tally):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
