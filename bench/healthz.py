"""`python -m bench.healthz`: does GET /healthz still answer fast while heavy requests run?

Issue 15's target: while one heavy request runs, /healthz answers in under 20 ms. Starts `jingwang
serve` as shipped, probes /healthz from 127.0.0.1 `--probes` times, `--interval-ms` apart, first
alone (the baseline of the same run), then while greedy connections from 127.0.0.2 stream issue 15's
heavy query back to back in a process of their own (bench.fair's greedy clients).

Each probe is timed from its send to the full answer, two ways side by side: on one keep-alive
connection, and on a new connection per probe with connecting included, as many load balancers
check; the server accepts a new connection on the same event loop, so a busy loop shows there too.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass, field
from statistics import mean, quantiles
from urllib.parse import urlsplit

import click

from api.settings import Settings
from bench import environments, fair, servers

POLITE = "127.0.0.1"
#: Seconds the greedy clients stream before probing starts, and after the last probe is due.
SETTLE, TAIL = 1.0, 1.0


@dataclass
class Probes:
    """What one way of probing saw: answer times in ms, and failures (not 200, or the socket failed)."""

    ms: list[float] = field(default_factory=list)
    failed: int = 0

    def summary(self) -> dict[str, float]:
        cuts = quantiles(self.ms, n=100) if len(self.ms) > 1 else [max(self.ms, default=0.0)] * 99
        return {
            "p50_ms": round(cuts[49], 2),
            "p90_ms": round(cuts[89], 2),
            "p99_ms": round(cuts[98], 2),
            "max_ms": round(max(self.ms, default=0.0), 2),
            "answered": len(self.ms),
            "failed": self.failed,
        }


def request(host: str, *, close: bool) -> bytes:
    closing = "Connection: close\r\n" if close else ""
    return f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n{closing}\r\n".encode()


async def keep_alive(host: str, port: int, schedule: list[float], probes: Probes) -> None:
    """A probe at each time in `schedule` (at once if behind), all on one connection.

    If the server closes the connection, that probe and the rest count as failed.
    """
    reader, writer = await asyncio.open_connection(host, port, local_addr=(POLITE, 0))
    try:
        for done, due in enumerate(schedule):
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            sent = time.perf_counter()
            try:
                writer.write(request(f"{host}:{port}", close=False))
                await writer.drain()
                status, _, _ = await fair.answer(reader)
            except (OSError, asyncio.IncompleteReadError):
                probes.failed += len(schedule) - done
                return
            if status == 200:
                probes.ms.append((time.perf_counter() - sent) * 1000)
            else:
                probes.failed += 1
    finally:
        writer.close()


async def new_connections(host: str, port: int, schedule: list[float], probes: Probes) -> None:
    """A probe at each time in `schedule` (at once if behind), each on a connection of its own."""
    for due in schedule:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        sent = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=(POLITE, 0))
            try:
                writer.write(request(f"{host}:{port}", close=True))
                await writer.drain()
                status, _, _ = await fair.answer(reader)
            finally:
                writer.close()
        except (OSError, asyncio.IncompleteReadError):
            probes.failed += 1
            continue
        if status == 200:
            probes.ms.append((time.perf_counter() - sent) * 1000)
        else:
            probes.failed += 1


async def probe(url: str, start: float, count: int, interval: float) -> tuple[Probes, Probes]:
    """Both ways at once, `interval` apart each, the new-connection probes half an interval after the others."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    schedule = [start + i * interval for i in range(count)]
    reused, fresh = Probes(), Probes()
    await asyncio.gather(
        keep_alive(parts.hostname, parts.port, schedule, reused),
        new_connections(parts.hostname, parts.port, [due + interval / 2 for due in schedule], fresh),
    )
    return reused, fresh


@dataclass
class Phase:
    """One phase's figures: the probes both ways, and what the greedy clients were answered."""

    keep_alive: dict[str, float]
    new_connection: dict[str, float]
    heavy_answered: int = 0
    heavy_mean_ms: float = 0.0
    heavy_status: dict[str, int] = field(default_factory=dict)
    heavy_retry_after: dict[str, int] = field(default_factory=dict)


def phase(url: str, count: int, interval: float, greedy_connections: int) -> Phase:
    start = time.monotonic() + (SETTLE if greedy_connections else 0.0)
    until = start + count * interval + TAIL
    heavy = fair.Tally()
    with fair.greedy_load(url, until, greedy_connections, heavy):
        reused, fresh = asyncio.run(probe(url, start, count, interval))
        if greedy_connections and time.monotonic() > until:
            click.echo("warning: probing outlasted the heavy load; the last probes ran beside none")
    return Phase(
        reused.summary(),
        fresh.summary(),
        len(heavy.greedy_ms),
        round(mean(heavy.greedy_ms), 1) if heavy.greedy_ms else 0.0,
        {str(k): v for k, v in sorted(heavy.greedy_status.items())},
        dict(heavy.greedy_retry_after.most_common(5)),
    )


def report(alone: Phase, beside: Phase) -> list[str]:
    lines, verdicts = [], []
    for label, before, after in (
        ("keep-alive", alone.keep_alive, beside.keep_alive),
        ("new connection", alone.new_connection, beside.new_connection),
    ):
        for when, figures in (("alone", before), ("beside heavy", after)):
            lines.append(
                f"/healthz {when + ',':<13} {label:<15} p50 {figures['p50_ms']:6.1f}  p90 {figures['p90_ms']:6.1f}"
                f"  p99 {figures['p99_ms']:6.1f}  max {figures['max_ms']:6.1f} ms"
                f"  (answered {figures['answered']:g}, failed {figures['failed']:g})"
            )
        ratio = after["p99_ms"] / before["p99_ms"] if before["p99_ms"] else float("inf")
        met = "met" if after["p99_ms"] < 20 else "NOT met"
        verdicts.append(f"{label} p99 {after['p99_ms']:.1f} ms = {ratio:.1f}x alone: {met}")
    return [
        *lines,
        "target /healthz < 20 ms beside heavy: " + "; ".join(verdicts),
        f"heavy: {beside.heavy_answered} answered, mean {beside.heavy_mean_ms} ms; statuses {beside.heavy_status},"
        f" Retry-After {beside.heavy_retry_after or 'none'}",
    ]


@click.command()
@click.option("--probes", type=click.IntRange(2), default=200, show_default=True, help="Probes of each phase.")
@click.option("--interval-ms", type=float, default=50.0, show_default=True, help="Milliseconds between probes.")
@click.option(
    "--greedy-connections", type=click.IntRange(1), default=1, show_default=True, help="Heavy-query connections."
)
@click.option("--large", is_flag=True, help="Serve the 200,000-case database (bench.synthetic) instead of the article.")
@click.option("--workers", type=click.IntRange(1, 2), default=1, show_default=True, help="Server worker processes.")
@click.option("--setting", "extra", multiple=True, help="Server settings as JINGWANG_NAME=value.")
def main(
    probes: int, interval_ms: float, greedy_connections: int, large: bool, workers: int, extra: tuple[str, ...]
) -> None:
    """Probe /healthz alone and beside heavy requests; print the figures.

    Example:

        python -m bench.healthz --large --workers 2
    """
    db_path = environments.default_db("large" if large else "article")
    # jingwang-2workers turns the answer cache off; put it back as shipped.
    variables = {"JINGWANG_ANSWER_CACHE_BYTES": str(Settings().answer_cache_bytes)}
    variables.update(dict(item.split("=", 1) for item in extra))
    server = servers.start("jingwang-2workers" if workers == 2 else "jingwang-cached", db_path, settings=variables)
    try:
        phase(server.url, 10, 0.01, 0)  # the server's and the prober's first requests, not counted
        alone = phase(server.url, probes, interval_ms / 1000, 0)
        rss_alone, pss_alone = server.rss_mb(), server.pss_mb()
        beside = phase(server.url, probes, interval_ms / 1000, greedy_connections)
        rss_beside, pss_beside = server.rss_mb(), server.pss_mb()
    finally:
        server.stop()
    setup = f"{db_path.name}, workers {workers}, {' '.join(extra) or 'default settings'}"
    lines = [
        f"bench.healthz: {setup}; {probes} probes {interval_ms:g} ms apart each way;"
        f" {greedy_connections} greedy connection(s) from 127.0.0.2",
        *report(alone, beside),
        f"server RSS: {rss_alone:.0f} MB after alone, {rss_beside:.0f} MB beside heavy;"
        f" PSS {pss_alone:.0f} and {pss_beside:.0f} MB",
    ]
    for text in lines:
        click.echo(text)
    record = {
        "setup": setup,
        "alone": asdict(alone),
        "beside_heavy": asdict(beside),
        "rss_mb": [round(rss_alone), round(rss_beside)],
        "pss_mb": [round(pss_alone), round(pss_beside)],
    }
    environments.save_record("healthz", record)


if __name__ == "__main__":
    main()
