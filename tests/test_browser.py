"""The GraphiQL playground in a real Chromium: it renders, runs queries, and asks nothing of the internet.

The app runs under uvicorn on loopback, as `jingwang serve` runs it; every request the page makes to any other
host is recorded and refused, so a script or style fetched from a CDN fails the test instead of loading.
Screenshots go to pytest's tmp_path and to test-results/ at the repository root, for a person to look at.
The browser, the watched page and the screenshots are shared with the example page's test: see tests/browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest

from api.graphiql import examples
from tests.browser import TIMEOUT_MS, save_screenshot, watched_page
from tests.browser import browser_fixture as browser_fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOP = (1280, 800)
EXAMPLE_TABS = ["RegionCasesOutcomes", "HeadlineFigures", "OneRegion", "Search", "ArrestsByCategory", "NodeLookup"]
EXPLORER_BUTTON = '.graphiql-sidebar button[aria-label="Show GraphiQL Explorer"]'


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


def wait_for_operation(page: Page, name: str) -> None:
    """Until GraphiQL has read the operation's name: running earlier sends the previous tab's name.

    It reads the name 100 ms after the editor changes, then saves the query (graphiql-react 4.1.2,
    src/editor/query-editor.ts, handleChange).
    """
    page.wait_for_function("name => (localStorage.getItem('graphiql:query') || '').includes('query ' + name)", arg=name)


def tab_titles(page: Page, active_title: str) -> list[str]:
    """The titles of the open tabs, once the tab titled `active_title` is active, in view, and saved."""
    from playwright.sync_api import expect

    active = page.locator(".graphiql-tab-active")
    expect(active.locator("button").first).to_have_text(active_title, timeout=TIMEOUT_MS)
    expect(active).to_be_in_viewport(ratio=0.9, timeout=TIMEOUT_MS)
    titles = page.locator(".graphiql-tab").all_inner_texts()
    # GraphiQL saves its tabs to localStorage half a second after a change; a person takes longer to click on.
    page.wait_for_function(
        """([count, title]) => {
            const saved = JSON.parse(localStorage.getItem('graphiql:tabState')) || {tabs: []};
            return saved.tabs.length === count && (saved.tabs[saved.activeTabIndex] || {}).title === title;
        }""",
        arg=[len(titles), active_title],
        timeout=TIMEOUT_MS,
    )
    return titles


def test_at_1280_by_800_the_query_editor_has_room_and_nothing_is_focused(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    with watched_page(browser, base_url, viewport=LAPTOP) as (page, watch):
        open_playground(page, f"{base_url}/graphql")
        expect(page.locator(".graphiql-query-editor")).to_contain_text("RegionCasesOutcomes", timeout=TIMEOUT_MS)
        box = page.locator(".graphiql-query-editor").bounding_box()
        assert box is not None
        assert box["width"] >= 400, f"the query editor is {box['width']} px wide"
        # The explorer opens when asked for: open on load it took the editor's width and focused its first input.
        expect(page.locator(".graphiql-explorer-root")).to_have_count(0)
        assert page.evaluate("document.activeElement.tagName") == "BODY"
        save_screenshot(page, tmp_path, "graphiql-1280x800.png", full_page=False)
        watch.assert_clean()


def test_every_example_tab_runs_with_the_explorer_open_and_no_console_error(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    titles = EXAMPLE_TABS
    with watched_page(browser, base_url, viewport=LAPTOP) as (page, watch):
        open_playground(page, f"{base_url}/graphql")
        page.locator(EXPLORER_BUTTON).click()
        expect(page.locator(".graphiql-explorer-root")).to_be_visible(timeout=TIMEOUT_MS)
        assert page.locator(".graphiql-tab").all_inner_texts() == titles
        for index, title in enumerate(titles):
            page.locator(".graphiql-tab").nth(index).get_by_role("button", name=title).click()
            expect(page.locator(".graphiql-tab-active button").first).to_have_text(title, timeout=TIMEOUT_MS)
            wait_for_operation(page, title)
            run_query(page, title)
            if title == "ArrestsByCategory":
                # graphiql-explorer cannot show a list argument ("arg mismatch" in the console); one value it can.
                expect(page.locator(".graphiql-explorer-root")).to_contain_text("groupBy*:", timeout=TIMEOUT_MS)
                save_screenshot(page, tmp_path, "graphiql-explorer-groupby.png", full_page=False)
            assert watch.console_errors == [], f"tab {title}"
        watch.assert_clean()


def test_the_served_page_carries_no_developer_comments(browser: Browser, base_url: str) -> None:
    with watched_page(browser, base_url) as (page, watch):
        response = page.goto(f"{base_url}/graphql", wait_until="load")
        assert response is not None
        html = response.text()
        assert "<!--" not in html
        assert re.findall(r"^[ \t]*//.*$", html, re.MULTILINE) == []
        # Each example once (as JSON in the page's script): no second copy in a comment or a default query.
        for example in examples():
            assert html.count(json.dumps(example.query, ensure_ascii=False)) == 1, example.title
        watch.assert_clean()


def test_the_examples_menu_opens_an_example_in_its_own_tab_once(browser: Browser, base_url: str) -> None:
    from playwright.sync_api import expect

    with watched_page(browser, base_url, viewport=LAPTOP) as (page, watch):
        open_playground(page, f"{base_url}/graphql")
        assert page.locator("select").count() == 0, "a native select"
        menu = page.locator('.graphiql-toolbar button[aria-label^="Examples"]')
        menu.click()
        items = page.get_by_role("menuitem")
        assert items.all_inner_texts() == [example.title for example in examples()]
        items.nth(3).click()
        assert tab_titles(page, "Search") == EXAMPLE_TABS
        # Closed, it opens again in a new tab with its query.
        page.locator(".graphiql-tab-active").get_by_role("button", name="Close Tab").click()
        tab_titles(page, "OneRegion")
        menu.click()
        page.get_by_role("menuitem").nth(3).click()
        assert tab_titles(page, "Search") == [title for title in EXAMPLE_TABS if title != "Search"] + ["Search"]
        expect(page.locator(".graphiql-query-editor")).to_contain_text("query Search", timeout=TIMEOUT_MS)
        wait_for_operation(page, "Search")
        run_query(page, "Search")
        watch.assert_clean()


def test_links_into_the_playground_reuse_open_tabs_and_show_the_active_one(browser: Browser, base_url: str) -> None:
    """As the example page's "open in GraphiQL" links are followed, one after another, in one browser."""
    by_id = 'query RegionByName($name: String = "昆明") { region(name: $name) { fullName } }'
    variables = json.dumps({"name": "普洱"}, indent=2, ensure_ascii=False)
    plain = "{ article { title } }"
    search = next(example.query for example in examples() if "query Search" in example.query)
    # A first visit opens the examples, the linked one first; later links reuse the tab with the same query
    # and variables, whatever tab was active before.
    first = ["Search", *(title for title in EXAMPLE_TABS if title != "Search")]
    visits = [
        (f"query={quote(search)}", first, "Search"),
        (f"query={quote(plain)}", [*first, "<untitled>"], "<untitled>"),
        (f"query={quote(by_id)}&variables={quote(variables)}", [*first, "<untitled>", "RegionByName"], "RegionByName"),
        (f"query={quote(plain)}", [*first, "<untitled>", "RegionByName"], "<untitled>"),
        (f"query={quote(by_id)}&variables={quote(variables)}", [*first, "<untitled>", "RegionByName"], "RegionByName"),
        ("", [*first, "<untitled>", "RegionByName"], "RegionByName"),
    ]
    # More tabs than the strip shows at 1280 px: the new one, appended at the end, is scrolled into view.
    more = [f"Link{number}" for number in range(3)]
    visits += [
        (
            f"query={quote(f'query {name} {{ __typename }}')}",
            [*first, "<untitled>", "RegionByName", *more[: i + 1]],
            name,
        )
        for i, name in enumerate(more)
    ]
    visits.append(("", [*first, "<untitled>", "RegionByName", *more], more[-1]))
    with watched_page(browser, base_url, viewport=LAPTOP) as (page, watch):
        for link, titles, active in visits:
            open_playground(page, f"{base_url}/graphql?{link}")
            assert tab_titles(page, active) == titles, link
        watch.assert_clean()
