"""`python -m bench.fair`: do polite clients still get answers while greedy ones stream heavy queries?

Reproduces issue 15's measurement against `jingwang serve` as shipped (answer cache on): eight
polite connections from 127.0.0.1, each asking the playground's example queries at a fixed rate,
first alone and then while four greedy connections from 127.0.0.2 (Linux routes 127.0.0.0/8 to
loopback) stream a heavy query that is within every limit, each with a fresh operation name so no
cache helps. Greedy clients do not wait the Retry-After they are given: the worst case.

Polite latency is measured from each request's send; a polite connection sends on its schedule or,
if behind, at once, and a request not answered by the end of the phase counts as not done.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from statistics import quantiles
from urllib.parse import urlsplit

import click

from api.graphiql import examples
from bench import environments, servers

HEAVY_FIELD = "regions { children { children { cases(first: 100) { nodes { summary summaryEn } } } } }"


def heavy_query(n: int) -> str:
    """15 aliases of the heavy field, with a fresh operation name."""
    return f"query Greedy{n} {{ " + " ".join(f"a{i}: {HEAVY_FIELD}" for i in range(15)) + " }"


@dataclass
class Tally:
    """What a phase gave the polite clients and told the greedy ones."""

    polite_ms: list[float] = field(default_factory=list)
    polite_scheduled: int = 0
    polite_failed: int = 0
    greedy_ms: list[float] = field(default_factory=list)
    greedy_status: Counter[int] = field(default_factory=Counter)
    greedy_retry_after: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, float | int | dict[str, int]]:
        cuts = quantiles(self.polite_ms, n=100) if len(self.polite_ms) > 1 else [0.0] * 99
        return {
            "polite_p50_ms": round(cuts[49], 2),
            "polite_p99_ms": round(cuts[98], 2),
            "polite_answered": len(self.polite_ms),
            "polite_scheduled": self.polite_scheduled,
            "polite_failed": self.polite_failed,
            "greedy_status": {str(k): v for k, v in sorted(self.greedy_status.items())},
            "greedy_retry_after": dict(self.greedy_retry_after.most_common(5)),
        }


async def post(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, query: str
) -> tuple[int, dict[str, str], bytes]:
    """One POST on a keep-alive connection: status, headers (lower-case), body."""
    body = json.dumps({"query": query}).encode()
    head = f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
    writer.write(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
    await writer.drain()
    return await answer(reader)


async def answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """The next answer on a connection: status, headers (lower-case), body."""
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = dict((k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:] if line))
    content = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(lines[0].split()[1]), headers, content


async def polite(url: str, rate: float, until: float, tally: Tally, offset: int) -> None:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    queries = [example.query for example in examples()]
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port, local_addr=("127.0.0.1", 0))
    start, n = time.monotonic(), 0
    try:
        while True:
            due = start + n / rate
            if due >= until:
                break
            tally.polite_scheduled += 1
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            sent = time.monotonic()
            status, _, content = await post(reader, writer, parts.netloc, queries[(n + offset) % len(queries)])
            if time.monotonic() <= until:
                if status == 200 and b'"errors"' not in content:
                    tally.polite_ms.append((time.monotonic() - sent) * 1000)
                else:
                    tally.polite_failed += 1
            n += 1
    except (OSError, asyncio.IncompleteReadError):
        tally.polite_failed += 1
    finally:
        writer.close()


async def greedy(url: str, until: float, tally: Tally, first: int, step: int) -> None:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port, local_addr=("127.0.0.2", 0))
    n = first
    try:
        while (sent := time.monotonic()) < until:
            status, headers, _ = await post(reader, writer, parts.netloc, heavy_query(n))
            tally.greedy_ms.append((time.monotonic() - sent) * 1000)
            tally.greedy_status[status] += 1
            if "retry-after" in headers:
                tally.greedy_retry_after[headers["retry-after"]] += 1
            n += step
    finally:
        writer.close()


async def polite_phase(url: str, until: float, connections: int, rate: float, tally: Tally) -> None:
    await asyncio.gather(*(polite(url, rate, until, tally, offset) for offset in range(connections)))


def greedy_process(url: str, until: float, connections: int, results: Connection) -> None:
    """The greedy clients, in a process of their own: their answers must not delay the polite clients' clock."""

    async def run() -> Tally:
        tally = Tally()
        await asyncio.gather(*(greedy(url, until, tally, first, connections) for first in range(connections)))
        return tally

    tally = asyncio.run(run())
    results.send((tally.greedy_ms, dict(tally.greedy_status), dict(tally.greedy_retry_after)))


@contextmanager
def greedy_load(url: str, until: float, connections: int, tally: Tally) -> Iterator[None]:
    """`connections` greedy clients in a process of their own until `until`; what they were told goes into `tally`."""
    if not connections:
        yield
        return
    receiving, sending = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=greedy_process, args=(url, until, connections, sending)
    )
    process.start()
    sending.close()  # only the child's end stays open: if it dies unsent, recv raises EOFError, not hangs
    yield
    greedy_ms, status, retry_after = receiving.recv()
    process.join()
    tally.greedy_ms.extend(greedy_ms)
    tally.greedy_status.update(status)
    tally.greedy_retry_after.update(retry_after)


def phase(url: str, seconds: float, *, polite_connections: int, rate: float, greedy_connections: int) -> Tally:
    until = time.monotonic() + seconds
    tally = Tally()
    with greedy_load(url, until, greedy_connections, tally):
        asyncio.run(polite_phase(url, until, polite_connections, rate, tally))
    return tally


def report(alone: Mapping[str, object], attack: Mapping[str, object]) -> list[str]:
    def share(result: Mapping[str, object]) -> float:
        scheduled = int(str(result["polite_scheduled"])) or 1
        return int(str(result["polite_answered"])) / scheduled

    p99_alone, p99_attack = float(str(alone["polite_p99_ms"])), float(str(attack["polite_p99_ms"]))
    ratio = p99_attack / p99_alone if p99_alone else float("inf")
    return [
        f"polite alone:        p50 {alone['polite_p50_ms']} ms, p99 {p99_alone} ms, answered {share(alone):.1%},"
        f" failed {alone['polite_failed']}",
        f"polite under attack: p50 {attack['polite_p50_ms']} ms, p99 {p99_attack} ms, answered {share(attack):.1%},"
        f" failed {attack['polite_failed']}",
        f"p99 under attack / alone: {ratio:.1f}x (target <= 3x); answered target >= 90%, failures 0",
        f"greedy told: statuses {attack['greedy_status']}, Retry-After {attack['greedy_retry_after']}",
    ]


@click.command()
@click.option("--seconds", type=float, default=20.0, show_default=True, help="Seconds of each phase.")
@click.option("--rate", type=float, default=20.0, show_default=True, help="Requests per second per polite connection.")
@click.option("--polite", "polite_connections", type=int, default=8, show_default=True, help="Polite connections.")
@click.option("--greedy", "greedy_connections", type=int, default=4, show_default=True, help="Greedy connections.")
@click.option("--large", is_flag=True, help="Serve the 200,000-case database (bench.synthetic) instead of the article.")
@click.option("--workers", type=click.IntRange(1, 2), default=1, show_default=True, help="Server worker processes.")
@click.option("--fairness", type=click.Choice(["on", "off"]), default="on", show_default=True, help="The setting.")
@click.option("--setting", "extra", multiple=True, help="More server settings as JINGWANG_NAME=value.")
def main(
    seconds: float,
    rate: float,
    polite_connections: int,
    greedy_connections: int,
    large: bool,
    workers: int,
    fairness: str,
    extra: tuple[str, ...],
) -> None:
    """Measure polite clients alone and under attack by greedy ones; print the figures.

    Example:

        python -m bench.fair --seconds 20 --workers 2 --large
    """
    db_path: Path = environments.default_db("large" if large else "article")
    variables = {"JINGWANG_FAIRNESS": fairness, "JINGWANG_ANSWER_CACHE_BYTES": str(64 * 1024 * 1024)}
    variables.update(dict(item.split("=", 1) for item in extra))
    name = "jingwang-2workers" if workers == 2 else "jingwang-cached"
    server = servers.start(name, db_path, settings=variables)
    try:
        phase(
            server.url, 2.0, greedy_connections=0, polite_connections=polite_connections, rate=rate
        )  # warm the answer cache
        alone = phase(
            server.url, seconds, greedy_connections=0, polite_connections=polite_connections, rate=rate
        ).summary()
        attack = phase(
            server.url, seconds, greedy_connections=greedy_connections, polite_connections=polite_connections, rate=rate
        ).summary()
        rss, pss = server.rss_mb(), server.pss_mb()
    finally:
        server.stop()
    setup = f"{db_path.name}, workers {workers}, fairness {fairness}, {' '.join(extra) or 'default settings'}"
    memory = f"server RSS {rss:.0f} MB, PSS {pss:.0f} MB"
    lines = [f"bench.fair: {setup}; {seconds:g} s per phase; {memory}", *report(alone, attack)]
    for line in lines:
        click.echo(line)
    record = {"setup": setup, "alone": alone, "attack": attack, "rss_mb": round(rss), "pss_mb": round(pss)}
    environments.save_record("fair", record)


if __name__ == "__main__":
    main()
