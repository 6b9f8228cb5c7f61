"""The GraphiQL playground in a real Chromium: it renders, runs queries, and asks nothing of the internet.

The app runs under uvicorn on loopback, as `jingwang serve` runs it; every request the page makes to any other
host is recorded and refused, so a script or style fetched from a CDN fails the test instead of loading.
Screenshots go to pytest's tmp_path and to test-results/ at the repository root, for a person to look at.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Route

pytestmark = pytest.mark.browser

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


@pytest.fixture(scope="module")
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
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
    """What a page did that it should not: requests to other hosts, console errors, uncaught exceptions."""

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.outside_requests == [], "the page requested other hosts (they were refused)"
        assert self.console_errors == [], "the page logged errors to the console"
        assert self.page_errors == [], "the page threw uncaught exceptions"


@contextmanager
def watched_page(browser: Browser, base_url: str) -> Iterator[tuple[Page, Watch]]:
    """A page in a fresh context (no localStorage, so no saved GraphiQL tabs) that only reaches `base_url`."""
    watch = Watch()
    ours = urlsplit(base_url).netloc

    def route(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == ours:
            route.continue_()
        else:
            watch.outside_requests.append(url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.console_errors.append(f"{message.text} at {message.location}")

    def on_page_error(error: Error) -> None:
        watch.page_errors.append(f"{error.name}: {error.message}\n{error.stack}")

    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
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


def open_playground(page: Page, url: str) -> None:
    """Navigate as a person would (the browser sends Accept: text/html) and wait for GraphiQL to render."""
    from playwright.sync_api import expect

    response = page.goto(url, wait_until="load")
    assert response is not None
    assert "text/html" in response.request.headers["accept"]
    assert response.status == 200
    content_type = response.headers["content-type"]
    assert content_type.startswith("text/html"), f"GET {url} answered {content_type}, not the playground page"
    expect(page.locator(".graphiql-container")).to_be_visible(timeout=TIMEOUT_MS)


def run_query(page: Page, operation: str) -> None:
    """Press the run button; the POST it makes must answer with data and no errors."""
    with page.expect_response(
        lambda response: (
            response.request.method == "POST"
            and urlsplit(response.url).path == "/graphql"
            and operation in (response.request.post_data or "")
        ),
        timeout=TIMEOUT_MS,
    ) as answer:
        page.locator(".graphiql-execute-button").click()
    response = answer.value
    assert response.status == 200
    body = response.json()
    assert "errors" not in body, body["errors"]
    assert body["data"], body


def save_screenshot(page: Page, tmp_path: Path, name: str) -> Path:
    """Into tmp_path, then copied to test-results/ where a person can find it after the run."""
    shot = page.screenshot(path=tmp_path / name, full_page=True)
    assert shot, "empty screenshot"
    RESULTS_DIR.mkdir(exist_ok=True)
    kept = RESULTS_DIR / name
    shutil.copyfile(tmp_path / name, kept)
    print(f"screenshot: {kept}")
    return kept


def test_playground_runs_the_default_query_with_nothing_from_outside(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    with watched_page(browser, base_url) as (page, watch):
        open_playground(page, f"{base_url}/graphql")
        # page.html presses the explorer's sidebar button itself once GraphiQL has rendered.
        expect(page.locator(".graphiql-plugin .graphiql-explorer-root")).to_be_visible(timeout=TIMEOUT_MS)
        # The default query is api/examples/01-region-cases-outcomes.graphql.
        expect(page.locator(".graphiql-query-editor")).to_contain_text("RegionCasesOutcomes", timeout=TIMEOUT_MS)

        run_query(page, "RegionCasesOutcomes")

        # Kunming, the first prefecture, and its first case: near the top of the result, so on screen
        # (the result editor only puts the lines in view into the page).
        result = page.locator(".result-window")
        expect(result).to_contain_text('"name": "昆明"', timeout=TIMEOUT_MS)
        expect(result).to_contain_text("提供侵入、非法控制计算机信息系统程序、工具案", timeout=TIMEOUT_MS)
        save_screenshot(page, tmp_path, "graphiql-default-query.png")
        watch.assert_clean()


def test_shared_link_opens_its_query_and_runs_it(browser: Browser, base_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    # Stock Strawberry executes any GET with ?query= and answers JSON, even to a browser that asked for
    # text/html; the endpoint must serve the page to browsers instead (page.html then fills the editor).
    query = "{ article { publisher } }"
    with watched_page(browser, base_url) as (page, watch):
        open_playground(page, f"{base_url}/graphql?query={quote(query, safe='')}")
        expect(page.locator(".graphiql-query-editor")).to_contain_text(query, timeout=TIMEOUT_MS)

        run_query(page, "publisher")

        expect(page.locator(".result-window")).to_contain_text('"publisher": "云南网"', timeout=TIMEOUT_MS)
        save_screenshot(page, tmp_path, "graphiql-shared-link.png")
        watch.assert_clean()
