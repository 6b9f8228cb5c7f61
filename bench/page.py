"""How fast the example page at / draws its first chart, over many new visitors, in headless Chromium.

Issue 7 asks that the page load in under a second on the loopback server. A timed unit test of that
fails whenever another process holds the shared cores for a moment, so the suite checks what the page
does (tests/test_browser_site.py: its requests, charts, quotes) and this measures how fast: it starts
jingwang as shipped on the article database, opens / in a fresh browser context per visit (nothing
cached), and reads the page's own performance mark `jingwang:chart-rendered` (navigation to the first
chart drawn). It prints the median, 90th percentile and slowest of the visits, the first visit's
(nothing yet cached in the server's static files or answers), and how many stayed within the budget;
it exits 1 when the median does not.

With `--distance-ms N` the app runs in this process and answers every request N ms late, as to a visitor
far away whose browser's six connections to the host stay busy meanwhile; it also prints how many round
trips in a row the first view took (tests.browser.Distant), which is what a far visitor waits for.

Example:

    apt-get install -y chromium && pip install -e '.[test]'
    python -m bench.page --visits 30
    python -m bench.page --visits 10 --distance-ms 200
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from api.app import create_app
from api.settings import Settings
from bench import environments, servers
from tests.browser import Distant, serve_on_loopback

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
BUDGET_MS = 1000.0
MARK = "performance.getEntriesByName('jingwang:chart-rendered')[0]?.startTime ?? null"


def visit(browser: Browser, url: str) -> tuple[float, int]:
    """One new visitor: ms from navigation to the first chart, and the requests the page made."""
    requests: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url, wait_until="commit")
        page.locator(".chart .bar").first.wait_for(state="visible", timeout=10_000)
        page.wait_for_load_state("networkidle")
        rendered = page.evaluate(MARK)
        if rendered is None:
            raise click.ClickException("the page did not mark its chart as rendered")
        return float(rendered), len(requests)
    finally:
        context.close()


@contextmanager
def serving(distance_ms: float) -> Iterator[tuple[str, Distant | None]]:
    """The page's URL: jingwang as shipped in its own process, or in this one answering `distance_ms` late."""
    if not distance_ms:
        server = servers.start("jingwang-cached", environments.article_db())
        try:
            yield server.url.removesuffix("/graphql") + "/", None
        finally:
            server.stop()
        return
    distant = Distant(create_app(Settings(db_path=environments.article_db())), distance_ms / 1000)
    with serve_on_loopback(distant) as url:
        yield url + "/", distant


@click.command()
@click.option(
    "--visits", type=click.IntRange(1), default=30, show_default=True, help="New visitors, one after another."
)
@click.option(
    "--distance-ms",
    type=click.FloatRange(0),
    default=0,
    show_default=True,
    help="Answer every request this late, as to a far visitor (0: jingwang as shipped, in its own process).",
)
def main(visits: int, distance_ms: float) -> None:
    """Load / in headless Chromium `--visits` times and print how long the first chart took."""
    if not CHROMIUM.exists():
        raise click.ClickException(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    results: list[tuple[float, int]] = []
    round_trips: set[int] = set()
    with serving(distance_ms) as (page_url, distant), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            started = time.monotonic()
            for _ in range(visits):
                if distant:
                    distant.exchanges.clear()
                results.append(visit(browser, page_url))
                if distant:
                    round_trips.add(max(depth for _, depth in distant.round_trips()))
            elapsed = time.monotonic() - started
        finally:
            browser.close()
    times = sorted(ms for ms, _ in results)
    median = statistics.median(times)
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    within = sum(ms < BUDGET_MS for ms in times)
    where = f"every answer {distance_ms:.0f} ms late" if distance_ms else "jingwang as shipped"
    click.echo(f"{visits} new visitors to / over {elapsed:.0f} s ({where}, article database, loopback)")
    click.echo(f"first chart drawn: median {median:.0f} ms, p90 {p90:.0f} ms, slowest {times[-1]:.0f} ms")
    click.echo(f"first visit {results[0][0]:.0f} ms; {within}/{visits} within {BUDGET_MS:.0f} ms")
    click.echo(f"requests per visit: {sorted({count for _, count in results})}")
    if distant:
        click.echo(f"round trips in a row, per visit: {sorted(round_trips)}")
    if median >= BUDGET_MS and not distance_ms:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
