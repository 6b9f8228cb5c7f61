"""Search on the large database, one request at a time: p50 per term, CPU per request, exact counts.

Issue 16's table: the terms users type, from one Chinese character to eight, a name, Latin
words, each asked as the playground's search example asks 诈骗 (Q5: `first: 5`, snippets and
targets), with the answer cache off and one connection (wrk -c1), so that p50 is the time a
request takes rather than its wait behind others. Before anything is timed, every term's
`totalCount` is checked against a brute-force scan of every document (tests/search_oracle.py).

`--baseline DIR` also starts the server of another checkout (a worktree of an older commit)
over its own database; the two are driven in turn, term by term, in every round, so both see
the same machine.

Example:

    python -m bench.search --rounds 3
    python -m bench.search --baseline /tmp/base --baseline-db /tmp/base/bench/out/synthetic-r300-c200000-s2018.db
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import click

from bench import environments, queries, servers
from bench.load import drive, require_wrk
from bench.run import load_average
from db.connection import open_readonly
from tests.search_oracle import Oracle

#: Issue 16's terms: 1, 2, 4 and 8 Chinese characters, two place names, a name, two Latin words.
TERMS = ("枪", "诈骗", "网络诈骗", "侵犯公民个人信息", "昆明", "董存瑞", "police", "fraud")
#: Issue 16's target for every term, answer cache off, one request at a time.
TARGET_MS = 15.0
FIXED = "{ __typename }"


def search_query(term: str) -> str:
    """Q5 with another term: the same selection, so only the term differs."""
    return queries.Q5.graphql.replace('"诈骗"', json.dumps(term, ensure_ascii=False))


@dataclass
class Figures:
    """One server's p50 and CPU per request for each text, over the rounds."""

    p50: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def add(self, text: str, p50: float, cpu: float) -> None:
        self.p50.setdefault(text, []).append(p50)
        self.cpu.setdefault(text, []).append(cpu)


def spread(values: Sequence[float]) -> str:
    """Median, and the range when there is more than one value."""
    middle = f"{statistics.median(values):.2f}"
    return middle if len(values) == 1 else f"{middle} ({min(values):.2f}–{max(values):.2f})"


def check_counts(server: servers.Server, oracle: Oracle) -> dict[str, int]:
    """Each term's number of matching documents; fails unless `server`'s totalCount is that number."""
    expected = {}
    for term in TERMS:
        expected[term] = len(oracle.matches(term))
        for _ in range(5):  # a search over its time limit on a busy machine is asked again
            answer = server.post(search_query(term))
            if [error["extensions"]["code"] for error in answer.get("errors", [])] != ["TIMEOUT"]:
                break
        if answer.get("errors"):
            raise click.ClickException(f"{server.name} on {term}: {answer['errors'][0]}")
        total = answer["data"]["search"]["totalCount"]
        if total != expected[term]:
            scan = expected[term]
            raise click.ClickException(f"{term}: {server.log.stem} counts {total}, a scan of every document {scan}")
    return expected


@click.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database to search [default: the benchmark's 200,000-case database].",
)
@click.option(
    "--baseline",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Another checkout whose server runs beside this one.",
)
@click.option(
    "--baseline-db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The database the baseline serves [default: --db].",
)
@click.option("--duration", type=click.IntRange(1), default=5, show_default=True, help="Seconds per measurement.")
@click.option("--rounds", type=click.IntRange(1), default=3, show_default=True, help="Measurements per term, server.")
def main(db_path: Path | None, baseline: Path | None, baseline_db: Path | None, duration: int, rounds: int) -> None:
    """Time each of issue 16's search terms one request at a time, after checking every count.

    Example:

        python -m bench.search --rounds 3
    """
    require_wrk()
    began = time.monotonic()
    db_path = db_path or environments.default_db("large")
    lines: list[str] = []

    def out(line: str = "") -> None:
        click.echo(line)
        lines.append(line)

    out(f"jingwang search benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average {load_average()}")
    out(f"database {db_path.name}; {rounds} rounds of {duration} s per term, one connection, answer cache off")
    connection = open_readonly(db_path)
    try:
        oracle = Oracle(connection.execute("SELECT id, body FROM search_documents"))
    finally:
        connection.close()
    started = {"this": servers.start("jingwang", db_path)}
    if baseline is not None:
        started["baseline"] = servers.start("jingwang", baseline_db or db_path, root=baseline)
    figures = {name: Figures() for name in started}
    try:
        for name, server in started.items():
            expected = check_counts(server, oracle)
            scanned = len(oracle.documents)
            out(f"Checked: {name} ({server.log.stem}) counts every term as a scan of {scanned:,} documents")
        for _ in range(rounds):
            for text in [FIXED, *(search_query(term) for term in TERMS)]:
                for name, server in started.items():
                    script = environments.OUT / "wrk" / f"search-{name}.lua"
                    before = server.cpu_seconds()
                    load = drive(server.url, text, seconds=duration, connections=1, script=script)
                    cpu = (server.cpu_seconds() - before) * 1000 / max(load.requests, 1)
                    figures[name].add(text, load.p50_ms, cpu)
    finally:
        for server in started.values():
            server.stop()
    out()
    header = f"{'term':<16}{'matches':>9}" + "".join(f"{name + ' p50 ms':>26}{'CPU ms/req':>22}" for name in started)
    out(header)
    for term, text in [(FIXED, FIXED), *((term, search_query(term)) for term in TERMS)]:
        row = f"{term:<16}{expected.get(term, 0) if term != FIXED else '':>9}"
        for name in started:
            row += f"{spread(figures[name].p50[text]):>26}{spread(figures[name].cpu[text]):>22}"
        out(row)
    out()
    worst = max(statistics.median(figures["this"].p50[search_query(term)]) for term in TERMS)
    verdict = "met" if worst <= TARGET_MS else "NOT met"
    out(f"Every term at most {TARGET_MS:.0f} ms p50 (median of the rounds): slowest {worst:.2f} ms — {verdict}")
    out(f"Whole run: {time.monotonic() - began:.0f} s; load average at the end {load_average()}")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (environments.OUT / f"search-{stamp}.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
