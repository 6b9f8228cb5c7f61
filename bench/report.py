"""The table a run prints: one line per query and server, and the issue's targets checked against it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bench.load import Load
from bench.queries import Q1, Q2, Q2_ARTICLE, Q2_SMALL, Q2_SMALL_ARTICLE, Q5, Q5_TERMS, Query

#: Q5's CPU per request, answer cache off, in issue 16 (one token per Chinese character, BM25).
Q5_CPU_BEFORE = 54.0

COLUMNS = (
    ("query", 11, "<"),
    ("db", 7, "<"),
    ("server", 15, "<"),
    ("req/s", 8, ">"),
    ("p50 ms", 8, ">"),
    ("p99 ms", 8, ">"),
    ("CPU ms/req", 10, ">"),
    ("SQL/req", 7, ">"),
    ("RSS MB", 6, ">"),
    ("errors", 6, ">"),
    ("×hand", 7, ">"),
    ("×datasette", 10, ">"),
)

LEGEND = """\
req/s       completed requests per second over the timed run (wrk, keep-alive, one thread)
p50/p99 ms  median and 99th-percentile latency as wrk saw it, queueing behind the other connections included
CPU ms/req  server processes' user+system CPU (all threads and workers, /proc/<pid>/stat) during the run ÷ requests
SQL/req     statements one request issues, counted in-process on a traced connection (FTS5's internal reads left out);
            n/a for jingwang-cached, whose answers after the warm-up come from memory (not traced)
RSS MB      server resident memory after the run
errors      non-2xx answers, socket errors and timeouts during the run (should be 0)
jingwang    jingwang with its answer cache off (JINGWANG_ANSWER_CACHE_BYTES=0): every request executes the query
jingwang-cached  jingwang as shipped: repeated requests are answered from its in-process answer cache
jingwang-2workers  jingwang with its answer cache off in two worker processes (`jingwang serve --workers 2`);
            wrk shares the machine's two cores with them
×hand       this server's req/s ÷ the hand-written endpoint's for the same query
×datasette  this server's req/s ÷ datasette-graphql's for the same query"""


@dataclass(frozen=True)
class Measurement:
    query: Query
    server: str
    load: Load | None = None
    cpu_ms: float | None = None
    statements: int | None = None
    rss_mb: float | None = None
    unsupported: str | None = None

    def record(self) -> dict[str, object]:
        """The measurement as plain JSON values, for bench/out/run-*.json."""
        load = self.load
        return {
            "query": self.query.name,
            "database": self.query.database,
            "server": self.server,
            "requests_per_second": load.rate if load else None,
            "p50_ms": load.p50_ms if load else None,
            "p99_ms": load.p99_ms if load else None,
            "cpu_ms_per_request": self.cpu_ms,
            "statements_per_request": self.statements,
            "rss_mb": self.rss_mb,
            "errors": load.errors if load else None,
            "unsupported": self.unsupported,
        }


def _number(value: float | None, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def _ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "—"
    return f"{value / base:.2f}×" if value / base >= 0.01 else f"{value / base:.4f}×"


def table(measurements: Sequence[Measurement]) -> list[str]:
    """The lines of the results table, rows in query order then server order."""
    rates = {(m.query.name, m.server): m.load.rate for m in measurements if m.load is not None}
    lines = ["  ".join(f"{title:{align}{width}}" for title, width, align in COLUMNS)]
    lines.append("  ".join("-" * width for _, width, _ in COLUMNS))
    for m in measurements:
        rate = m.load.rate if m.load else None
        if m.load is None:
            cells = [m.query.name, m.query.database, m.server, "n/a", "", "", "", "", "", "", "", ""]
        else:
            cells = [
                m.query.name,
                m.query.database,
                m.server,
                _number(rate),
                _number(m.load.p50_ms, 2),
                _number(m.load.p99_ms, 2),
                _number(m.cpu_ms, 2),
                str(m.statements) if m.statements is not None else "n/a",
                _number(m.rss_mb, 0),
                str(m.load.errors),
                _ratio(rate, rates.get((m.query.name, "handwritten"))),
                _ratio(rate, rates.get((m.query.name, "datasette"))),
            ]
        lines.append(
            "  ".join(f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, COLUMNS, strict=True))
        )
    return lines


def unsupported(measurements: Iterable[Measurement]) -> list[str]:
    return [f"{m.query.name} on {m.server}: n/a, {m.unsupported}" for m in measurements if m.unsupported]


def targets(measurements: Sequence[Measurement]) -> list[str]:
    """The issue's targets that this run's figures decide, each with the figures it was decided on."""
    found = {(m.query.name, m.server): m for m in measurements}

    def check(label: str, value: float | None, passes: Callable[[float], bool], goal: str) -> str:
        if value is None:
            return f"  {label}: not measured in this run ({goal})"
        return f"  {label}: {value:.2f} — {'met' if passes(value) else 'NOT met'} ({goal})"

    def info(label: str, value: float | None, why: str) -> str:
        return f"  {label}: {'not measured in this run' if value is None else f'{value:.2f}'} ({why})"

    def rate(query: Query, server: str) -> float | None:
        m = found.get((query.name, server))
        return m.load.rate if m and m.load else None

    def p50(query: Query, server: str = "jingwang") -> float | None:
        m = found.get((query.name, server))
        return m.load.p50_ms if m and m.load else None

    def cpu(query: Query, server: str = "jingwang") -> float | None:
        m = found.get((query.name, server))
        return m.cpu_ms if m else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    # region → cases → outcomes → penalty
    deepest = {query.name: 4 for query in (Q1, Q2, Q2_ARTICLE, Q2_SMALL, Q2_SMALL_ARTICLE)}
    statement_lines = [
        f"  {m.query.name}: jingwang issues {m.statements} statements; nesting depth + 1 = {deepest[m.query.name] + 1}"
        f" — {'met' if m.statements <= deepest[m.query.name] + 1 else 'NOT met'}"
        for m in measurements
        if m.server == "jingwang" and m.statements is not None and m.query.name in deepest
    ]
    return [
        "Targets of issue 6 that this run measures:",
        check(
            "Q1 jingwang ÷ hand-written req/s",
            ratio(rate(Q1, "jingwang"), rate(Q1, "handwritten")),
            lambda v: v >= 0.33,
            "≥ 0.33 without a response cache",
        ),
        check(
            "Q1 jingwang-cached ÷ hand-written req/s",
            ratio(rate(Q1, "jingwang-cached"), rate(Q1, "handwritten")),
            lambda v: v >= 0.9,
            "≥ 0.9 with the response cache",
        ),
        check(
            "Q1 jingwang --workers 2 ÷ one worker req/s",
            ratio(rate(Q1, "jingwang-2workers"), rate(Q1, "jingwang")),
            lambda v: v >= 1.6,
            "≥ 1.6",
        ),
        check(
            "Q1 jingwang ÷ datasette req/s",
            ratio(rate(Q1, "jingwang"), rate(Q1, "datasette")),
            lambda v: v >= 100,
            "≥ 100",
        ),
        check(
            "Q2 p50 as shipped (jingwang-cached), large ÷ article database",
            ratio(p50(Q2, "jingwang-cached"), p50(Q2_ARTICLE, "jingwang-cached")),
            lambda v: v <= 1.5,
            "≤ 1.5",
        ),
        info(
            "Q2 p50 with the answer cache off (jingwang), large ÷ article database",
            ratio(p50(Q2), p50(Q2_ARTICLE)),
            "20 cases in its answer on the large database, 2 on the article's; compare the hand-written growth below",
        ),
        info(
            "Q2 p50 of the hand-written endpoint, large ÷ article database",
            ratio(p50(Q2, "handwritten"), p50(Q2_ARTICLE, "handwritten")),
            "the same SQL with no GraphQL: what the larger answer costs by itself",
        ),
        check(
            "Q2·2 (the same 2-case answer on both) p50 with the answer cache off, large ÷ article database",
            ratio(p50(Q2_SMALL), p50(Q2_SMALL_ARTICLE)),
            lambda v: v <= 1.5,
            "≤ 1.5",
        ),
        *statement_lines,
        "Targets of issue 16 that this run measures:",
        check(
            "Q5 jingwang CPU ms per request",
            cpu(Q5),
            lambda v: v <= Q5_CPU_BEFORE / 10,
            f"≤ {Q5_CPU_BEFORE / 10:.1f}: 10× lower than the {Q5_CPU_BEFORE:.0f} ms before pairs and a static rank",
        ),
        *(
            info(f"{query.name} ({query.title}) jingwang CPU ms per request", cpu(query), "one row per term length")
            for query in Q5_TERMS.values()
        ),
        check(
            "jingwang RSS MB after its load on the large database",
            max(
                (m.rss_mb for m in measurements if m.server == "jingwang" and m.query.database == "large" and m.rss_mb),
                default=None,
            ),
            lambda v: v < 150,
            "< 150 MB; the issue asks after 60 s of load, this is after every large-database query's run",
        ),
    ]
