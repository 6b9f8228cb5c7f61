"""The GraphiQL playground in a real Chromium: it renders, runs queries, and asks nothing of the internet.

The app runs under uvicorn on loopback, as `jingwang serve` runs it; every request the page makes to any other
host is recorded and refused, so a script or style fetched from a CDN fails the test instead of loading.
Screenshots go to pytest's tmp_path and to test-results/ at the repository root, for a person to look at.
The browser, the watched page and the screenshots are shared with the example page's test: see tests/browser.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest

from tests.browser import TIMEOUT_MS, save_screenshot, watched_page
from tests.browser import browser_fixture as browser_fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def base_url(live_server: str) -> str:
    return live_server


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
