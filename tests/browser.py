"""What the real-browser tests share: the app on loopback, a headless Chromium, pages that reach only the app.

The app runs under uvicorn on loopback (`serve_on_loopback`, behind conftest's `live_server`), as `jingwang
serve` runs it; every request a page makes to any other host is recorded and refused, so a script or style
fetched from a CDN fails the test instead of loading. Screenshots go to pytest's tmp_path and to test-results/
at the repository root, for a person to look at.

A test module uses the `browser` fixture by importing it: `from tests.browser import browser_fixture as
browser_fixture` (the redundant alias tells linters the import is meant to be there).
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Route

ROOT = Path(__file__).parents[1]
RESULTS_DIR = ROOT / "test-results"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
"""For each wait in the page; a healthy run needs well under a second for any of them."""


@contextmanager
def serve_on_loopback(app: ASGIApp) -> Iterator[str]:
    """`app` over HTTP on a free loopback port, served by uvicorn in a thread; yields its base URL."""
    # IPPROTO_TCP named, so that asyncio sets TCP_NODELAY on each connection, as it does for uvicorn's own
    # listener: without it a response written in two parts waits about 40 ms for the client's delayed ACK.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    host, port = listener.getsockname()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name="uvicorn", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("uvicorn did not start serving the app (see the log above)", pytrace=False)
            time.sleep(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()  # uvicorn closes it on shutdown; this covers a failed start
    assert not thread.is_alive(), "uvicorn did not shut down within 10 s"


@dataclass
class Exchange:
    """One request as the server saw it: when it arrived and when its answer had gone out."""

    path: str
    arrived: float
    answered: float = float("inf")


class Distant:
    """`app` answering every HTTP request `seconds` late, as from across the world, noting each exchange.

    Meanwhile the browser's connection is taken, so a request that finds all six a host gets busy waits its
    turn, as it would on the internet (Chromium's own latency emulation frees the connection first).
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds
        self.exchanges: list[Exchange] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exchange = Exchange(scope["path"], time.monotonic())
        self.exchanges.append(exchange)

        async def answer(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                exchange.answered = time.monotonic()

        await asyncio.sleep(self.seconds)
        await self.app(scope, receive, answer)

    def round_trips(self) -> list[tuple[str, int]]:
        """How many requests in a row each one waited for: 1 for the page, 2 for what the page asks for, and so on.

        A request that arrived after another's answer had left may have waited for it, for its content or for its
        connection (HTTP/1.1 sends the next request on a connection only after the answer to the last).
        """
        depth: list[int] = []
        for i, exchange in enumerate(self.exchanges):
            before = [depth[j] for j, other in enumerate(self.exchanges[:i]) if other.answered <= exchange.arrived]
            depth.append(1 + max(before, default=0))
        return [(exchange.path, trips) for exchange, trips in zip(self.exchanges, depth, strict=True)]


def require_browser() -> None:
    """Skip without Chromium or Playwright, except in CI, where the browser test must run."""
    missing = [
        what
        for what, present in [
            (f"Chromium at {CHROMIUM}", CHROMIUM.exists()),
            ("the playwright package", importlib.util.find_spec("playwright") is not None),
        ]
        if not present
    ]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"no {' and no '.join(missing)}: CI must install chromium: see .ci/run", pytrace=False)
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium to run the browser test")
    pytest.skip("no playwright package: pip install -e '.[test]' to run the browser test")


@pytest.fixture(name="browser", scope="module")
def browser_fixture() -> Iterator[Browser]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watch:
    """What a page did that it should not: requests to other hosts, console errors, uncaught exceptions.

    `served` lists the requests the app itself received ("GET /path?query"), for tests that count them.
    """

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.outside_requests == [], "the page requested other hosts (they were refused)"
        assert self.console_errors == [], "the page logged errors to the console"
        assert self.page_errors == [], "the page threw uncaught exceptions"


@contextmanager
def watched_page(
    browser: Browser, base_url: str, viewport: tuple[int, int] = (1440, 900), locale: str = "zh-CN"
) -> Iterator[tuple[Page, Watch]]:
    """A page in a fresh context (no localStorage, so no saved GraphiQL tabs) that only reaches `base_url`.

    `locale` is the browser's language (navigator.language), which the example page starts in.
    """
    watch = Watch()
    ours = urlsplit(base_url).netloc

    def route(route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.netloc == ours:
            watch.served.append(f"{route.request.method} {parts.path}{'?' + parts.query if parts.query else ''}")
            route.continue_()
        else:
            watch.outside_requests.append(url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.console_errors.append(f"{message.text} at {message.location}")

    def on_page_error(error: Error) -> None:
        watch.page_errors.append(f"{error.name}: {error.message}\n{error.stack}")

    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale=locale)
    try:
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        try:
            yield page, watch
        except Exception as error:
            # A refused script or a crash usually shows first as a timeout; say what the page did.
            error.add_note(f"what the page did meanwhile: {watch}")
            raise
    finally:
        context.close()


def save_screenshot(page: Page, tmp_path: Path, name: str, *, full_page: bool = True) -> Path:
    """Into tmp_path, then copied to test-results/ where a person can find it after the run."""
    shot = page.screenshot(path=tmp_path / name, full_page=full_page)
    assert shot, "empty screenshot"
    RESULTS_DIR.mkdir(exist_ok=True)
    kept = RESULTS_DIR / name
    shutil.copyfile(tmp_path / name, kept)
    print(f"screenshot: {kept}")
    return kept
