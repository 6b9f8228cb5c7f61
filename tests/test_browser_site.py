"""The example page at / in a real Chromium: self-contained, a few requests, each figure a click from its quote.

Each test opens the page as a new visitor would, on the loopback server over the seeded database, with every
request to another host refused. What the page must show is asked of the API itself (the `data` fixture), so
the test checks the page against the data rather than against numbers copied into it.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

from api.app import create_app
from api.settings import Settings
from tests.browser import ROOT, TIMEOUT_MS, Distant, Watch, save_screenshot, serve_on_loopback, watched_page
from tests.browser import browser_fixture as browser_fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Data = Callable[..., Any]

MODULES = sorted(f"/static/site/{path.name}" for path in (ROOT / "api" / "static" / "site").glob("*.js"))
"""The page's script: native ES modules, main.js the one that runs the page."""
FIRST_VIEW = Counter(["/", "/static/site/site.css", *MODULES, "/graphql", "/graphql"])
"""Requests to the server for the whole first view: page, style, each module once, one GraphQL request per view."""
ROUND_TRIPS = 3
"""The first view's requests in a row: the page; its style and modules; the GraphQL requests (and the rest of the
modules, which wait for a connection: HTTP/1.1 gives six to a host). The single-script page of before took 3 too."""
DISTANCE_S = 1.0
"""How late the distant server answers every request: far longer than the page takes to send the next, even on a
busy machine (at 0.3 s, a browser starved of CPU sometimes took longer to run main.js and send its queries)."""
ACCEPT = "application/graphql-response+json, application/json;q=0.9"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
"""Chinese characters and punctuation."""
ARTICLE_TEXT = "#source .article, q, .snippet, #lang-toggle"
"""Where the English page may show Chinese: the article, its quoted words, search snippets (which quote what matched),
and the button that switches to Chinese."""


def number(value: float) -> str:
    """A figure as the page prints it in Chinese, as the article writes it: 987, 84302."""
    return f"{value:.0f}" if value == int(value) else f"{value}"


def graphql_requests(watch: Watch, since: int = 0) -> list[str]:
    return [request for request in watch.served[since:] if urlsplit(request.split(" ", 1)[1]).path == "/graphql"]


def open_site(page: Page, base_url: str) -> tuple[float, float]:
    """Load / and wait until the charts and the province's cases are drawn.

    Returns the ms from navigation to the chart as the page measured it (its performance mark) and as the test
    saw it (which adds the time Playwright takes to notice).
    """
    from playwright.sync_api import expect

    started = time.monotonic()
    response = page.goto(f"{base_url}/", wait_until="commit")
    assert response is not None and response.status == 200
    assert response.headers["content-type"].startswith("text/html")
    expect(page.locator(".chart .bar").first).to_be_visible(timeout=TIMEOUT_MS)
    seen_ms = (time.monotonic() - started) * 1000
    expect(page.locator(".region-cases .case-card").first).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    rendered = page.evaluate("performance.getEntriesByName('jingwang:chart-rendered')[0]?.startTime ?? null")
    assert rendered is not None, "the page did not mark the chart as rendered"
    return float(rendered), seen_ms


def active_quote(page: Page) -> str:
    from playwright.sync_api import expect

    mark = page.locator("#source mark.quote-active")
    expect(mark).to_have_count(1, timeout=TIMEOUT_MS)
    expect(mark).to_be_in_viewport(timeout=TIMEOUT_MS)
    return mark.inner_text()


def test_first_view_takes_a_handful_of_requests(browser: Browser, live_server: str) -> None:
    """A new visitor (a fresh browser context, nothing cached) gets the page, its style and each module once,
    then one GraphQL request per view: the charts from one statisticSummary, not one request per figure.

    How fast the chart is drawn is measured by `python -m bench.page` over many visits (bench/RESULTS.md): a
    timed test here would fail whenever another process holds the shared machine for a moment.
    """
    with watched_page(browser, live_server) as (page, watch):
        rendered_ms, seen_ms = open_site(page, live_server)
        print(f"load: chart drawn {rendered_ms:.0f} ms after navigation ({seen_ms:.0f} ms as the test saw it)")
        print(f"first view: {len(watch.served)} requests")
        assert watch.served[0] == "GET /"
        assert Counter(urlsplit(r.split(" ", 1)[1]).path for r in watch.served) == FIRST_VIEW, watch.served
        graphql = graphql_requests(watch)
        assert len([r for r in graphql if "statisticSummary" in r]) == 1, "the charts come from one request"
        assert len([r for r in graphql if "RegionTree" in r]) == 1, "the tree and the province from one request"
        watch.assert_clean()


@pytest.fixture(scope="module")
def distant_server(seeded_db: Path) -> Iterator[tuple[str, Distant]]:
    """The app answering every request DISTANCE_S late, as from across the world."""
    distant = Distant(create_app(Settings(db_path=seeded_db)), DISTANCE_S)
    with serve_on_loopback(distant) as url:
        yield url, distant


def test_first_view_takes_three_round_trips_like_one_script(
    browser: Browser, distant_server: tuple[str, Distant]
) -> None:
    """The modules are preloaded (none waits for the one importing it) and main.js sends the first view's queries
    before the views' modules have arrived, so a far visitor waits as many round trips as for one script."""
    url, distant = distant_server
    with watched_page(browser, url) as (page, watch):
        distant.exchanges.clear()
        open_site(page, url)
        trips = distant.round_trips()
        print("round trips:", trips)
        assert max(depth for _, depth in trips) == ROUND_TRIPS, trips
        assert Counter(path for path, _ in trips) == FIRST_VIEW
        assert [depth for path, depth in trips if path in ("/", "/static/site/site.css", "/graphql")] == [1, 2, 3, 3]
        watch.assert_clean()


BARE_PAGE = "<!doctype html><meta charset=utf-8><title>bare</title><body></body>"


def test_every_module_but_main_runs_nothing_when_imported_and_its_helpers_work_alone(
    browser: Browser, live_server: str, data: Data
) -> None:
    """A page of the same origin without the app imports each module: nothing is drawn or requested, and the
    helpers answer. English figures come from the API's base unit (normalizedValue), never converted here."""
    fields = "value unit atLeast normalizedValue normalizedUnit"
    losses = data(f"{{ statistics(filter: {{ metric: LOSSES_RECOVERED }}) {{ nodes {{ {fields} }} }} }}")
    drugs = data(f"{{ statistics(filter: {{ metric: DRUGS_SEIZED }}) {{ nodes {{ {fields} }} }} }}")
    gains = data(f'{{ cases(filter: {{ text: "非法获利" }}) {{ nodes {{ figures {{ {fields} }} }} }} }}')
    figures = [
        losses["statistics"]["nodes"][0],
        drugs["statistics"]["nodes"][0],
        gains["cases"]["nodes"][0]["figures"][0],
        # Not the article's: a base value that is not 1万元, to show which of the two English reads.
        {"value": 1, "unit": "万元", "atLeast": False, "normalizedValue": 12345678, "normalizedUnit": "CNY"},
    ]
    names = [module.rsplit("/", 1)[1] for module in MODULES if not module.endswith("/main.js")]

    with watched_page(browser, live_server) as (page, watch):
        page.route(f"{live_server}/bare", lambda route: route.fulfill(content_type="text/html", body=BARE_PAGE))
        page.goto(f"{live_server}/bare")
        exported = page.evaluate(
            """async (names) => {
                const out = {};
                for (const name of names) out[name] = Object.keys(await import(`/static/site/${name}`)).length;
                return out;
            }""",
            names,
        )
        assert all(exported.values()), exported
        assert page.evaluate("document.body.innerHTML") == ""
        assert sorted(watch.served) == sorted(f"GET /static/site/{name}" for name in names), "no query, no style"

        formatted = page.evaluate(
            """async (figures) => {
                const { textFor } = await import('/static/site/text.js');
                const { formatFigure } = await import('/static/site/format.js');
                return figures.map((f) => [formatFigure(textFor('zh'), f), formatFigure(textFor('en'), f)]);
            }""",
            figures,
        )
        assert formatted == [
            ["1638万元", "16.38 million CNY"],
            ["84302千克", "84,302 kg"],
            ["100余万元", "1+ million CNY"],
            ["1万元", "12.35 million CNY"],
        ]

        # Search snippets keep only <mark>, whatever the server sends.
        hostile = (
            '<img src=x onerror="window.owned=1"><mark class=x onclick=alert(1)>诈骗</mark><script>1</script><b>网</b>'
        )
        cleaned = page.evaluate(
            """async (snippet) => {
                const { sanitizeSnippet } = await import('/static/site/dom.js');
                const box = document.createElement('div');
                box.append(sanitizeSnippet(snippet));
                return box.innerHTML;
            }""",
            hostile,
        )
        assert cleaned == "<mark>诈骗</mark>网"
        assert page.evaluate("window.owned") is None
        watch.assert_clean()


def test_charts_show_the_headline_figures_by_metric_region_period_and_unit(
    browser: Browser, live_server: str, data: Data, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    arrested = data(
        """{ statisticSummary(groupBy: [CATEGORY], filter: { metric: SUSPECTS_ARRESTED, headline: true }) {
               category { code } region { code } period { label } value count statistics { unit } } }"""
    )["statisticSummary"]
    solved = data(
        """{ statisticSummary(groupBy: [CATEGORY], filter: { metric: CASES_SOLVED, category: FIREARMS, headline: true })
               { region { code } period { label } value statistics { unit } } }"""
    )["statisticSummary"]

    with watched_page(browser, live_server) as (page, watch):
        open_site(page, live_server)

        # Suspects arrested since 2017, per category: firearms 340, fraud 987 ... exactly the API's groups.
        chart = page.locator('.chart[data-metric="SUSPECTS_ARRESTED"][data-region="530000"][data-period="2017年以来"]')
        expect(chart).to_have_count(1)
        since_2017 = [
            g for g in arrested if g["region"]["code"] == "530000" and (g["period"] or {}).get("label") == "2017年以来"
        ]
        assert {"FIREARMS", "FRAUD"} <= {g["category"]["code"] for g in since_2017}
        expect(chart.locator(".bar")).to_have_count(len(since_2017))
        for group in since_2017:
            assert group["count"] == 1
            value = f"{number(group['value'])}{group['statistics'][0]['unit']}"
            expect(chart.locator(f'.bar[data-category="{group["category"]["code"]}"] .bar-value')).to_have_text(value)
        expect(chart.locator('.bar[data-category="FIREARMS"] .bar-value')).to_have_text("340人")
        expect(chart.locator('.bar[data-category="FRAUD"] .bar-value')).to_have_text("987人")
        expect(chart.locator(".tag-period")).to_contain_text("2017年以来")
        expect(chart.locator(".tag-unit")).to_contain_text("人")
        # Only the headline figures: no chart for those the article gives further down (昆明's, the undated 1000余).
        charts = {(g["region"]["code"], (g["period"] or {}).get("label")) for g in arrested}
        expect(page.locator('.chart[data-metric="SUSPECTS_ARRESTED"]')).to_have_count(len(charts))

        # Figures of one category that differ in what was done are bars of their own, never one sum:
        # the lead's 刑拘4人 and 行政拘留57人 (a sum of 61 is a figure the article does not give).
        page.locator('.metric-button[data-metric="PERSONS_PENALIZED"]').click()
        rumor = page.locator('.chart[data-metric="PERSONS_PENALIZED"] .bar[data-category="RUMOR"]')
        expect(rumor).to_have_count(2)
        expect(rumor.locator(".bar-value")).to_have_text(["57人", "4人"])
        expect(rumor.locator(".bar-label")).to_have_text(["网络谣言 · 行政拘留", "网络谣言 · 刑事拘留"])

        # Another metric from the same answer: no new request.
        before = len(watch.served)
        page.locator('.metric-button[data-metric="CASES_SOLVED"]').click()
        expect(page.locator('.metric-button[data-metric="CASES_SOLVED"]')).to_have_attribute("aria-pressed", "true")
        (firearms,) = solved
        chart = page.locator(f'.chart[data-metric="CASES_SOLVED"][data-region="{firearms["region"]["code"]}"]').filter(
            has=page.locator('.bar[data-category="FIREARMS"]')
        )
        value = f"{number(firearms['value'])}{firearms['statistics'][0]['unit']}"
        expect(chart.locator('.bar[data-category="FIREARMS"] .bar-value')).to_have_text(value)
        assert value == "239起"
        assert len(watch.served) == before

        # Every chart says its period and unit; every view says how its query works and links it to GraphiQL.
        for figure in page.locator(".chart").all():
            expect(figure.locator(".tag-period")).not_to_be_empty()
            expect(figure.locator(".tag-unit")).not_to_be_empty()
        for view in ("figures", "regions", "search", "source"):
            expect(page.locator(f"#{view} .how > span").first).not_to_be_empty()
            expect(page.locator(f"#{view} a.graphiql-link").first).to_have_attribute(
                "href", re.compile(r"^/graphql\?query=")
            )
        page.locator('.metric-button[data-metric="SUSPECTS_ARRESTED"]').click()
        page.evaluate("window.scrollTo(0, 0)")
        save_screenshot(page, tmp_path, "site-load.png")
        watch.assert_clean()


def test_clicking_a_figure_highlights_its_exact_quote_in_the_article(
    browser: Browser, live_server: str, data: Data, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    nodes = data(
        """{ statistics(filter: { category: FRAUD, metric: SUSPECTS_ARRESTED, region: "530000" }) {
               nodes { value period { label } sources { paragraph start end text } } } }"""
    )["statistics"]["nodes"]
    (fraud,) = [n for n in nodes if n["value"] == 987]
    sources = fraud["sources"]
    paragraphs = {
        p["index"]: p["text"] for p in data("{ article { paragraphs { index text } } }")["article"]["paragraphs"]
    }

    with watched_page(browser, live_server) as (page, watch):
        open_site(page, live_server)
        before = len(watch.served)
        chart = page.locator('.chart[data-metric="SUSPECTS_ARRESTED"][data-region="530000"][data-period="2017年以来"]')
        chart.locator('.bar[data-category="FRAUD"]').click()

        assert active_quote(page) == sources[0]["text"]
        first = sources[0]
        expect(page.locator(f"#para-{first['paragraph']} mark.quote-active")).to_have_count(1)
        # The API's offsets are code points; the page's highlight must cut the paragraph exactly there.
        assert paragraphs[first["paragraph"]][first["start"] : first["end"]] == first["text"]
        expect(page.locator(f"#para-{first['paragraph']}")).to_have_text(paragraphs[first["paragraph"]])
        assert sorted(page.locator("#source mark.quote").all_inner_texts()) == sorted(s["text"] for s in sources)
        expect(page.locator("#source .selection")).to_contain_text("987")
        assert len(graphql_requests(watch, before)) == 1, "the article is fetched on the first click, once"
        save_screenshot(page, tmp_path, "site-source.png", full_page=False)

        # Every place the article states the figure can be brought up.
        if len(sources) > 1:
            page.locator("#source .span-button").nth(1).click()
            assert active_quote(page) == sources[1]["text"]
            expect(page.locator(f"#para-{sources[1]['paragraph']} mark.quote-active")).to_have_count(1)

        # A figure stated in three places; the article is not fetched again.
        before = len(watch.served)
        page.locator('.metric-button[data-metric="CASES_SOLVED"]').click()
        page.locator('.chart[data-metric="CASES_SOLVED"] .bar[data-category="FIREARMS"]').click()
        firearms = data(
            """{ statistics(filter: { category: FIREARMS, metric: CASES_SOLVED }) {
                   nodes { sources { text } } } }"""
        )["statistics"]["nodes"][0]["sources"]
        assert active_quote(page) == firearms[0]["text"]
        assert sorted(page.locator("#source mark.quote").all_inner_texts()) == sorted(s["text"] for s in firearms)
        assert len(watch.served) == before
        watch.assert_clean()


def test_drilling_into_regions_shows_their_cases_one_request_each(
    browser: Browser, live_server: str, data: Data, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    kunming = data(
        """{ region(name: "昆明") { fullName statistics { value }
               cases { nodes { title titleEn occurredOn { iso } parties { name }
                               outcomes { penalty { code name } sources { text } } } } } }"""
    )["region"]
    simao = data('{ region(name: "思茅") { cases { nodes { title } } } }')["region"]["cases"]["nodes"]
    japan = data("{ cases { nodes { title victimPlaces { name } } } }")["cases"]["nodes"]
    victims_in_japan = [c["title"] for c in japan if any(p["name"] == "日本" for p in c["victimPlaces"])]

    with watched_page(browser, live_server) as (page, watch):
        open_site(page, live_server)

        before = len(watch.served)
        page.locator('.region-button[data-region="昆明"]').click()
        expect(page.locator(".region-title")).to_contain_text(kunming["fullName"])
        expect(page.locator('.region-button[data-region="昆明"]')).to_have_attribute("aria-current", "true")
        cards = page.locator(".region-cases .case-card")
        expect(cards).to_have_count(len(kunming["cases"]["nodes"]))
        for case in kunming["cases"]["nodes"]:
            card = page.locator(f'.case-card[data-case="{case["title"]}"]')
            expect(card.locator(".case-title")).to_have_text(case["title"])
            expect(card.locator(".case-alt-title")).to_have_text(case["titleEn"])
            expect(card.locator("time")).to_have_text(case["occurredOn"]["iso"])
            for party in case["parties"]:
                expect(card.locator(".chip", has_text=party["name"]).first).to_be_visible()
            for outcome in case["outcomes"]:
                expect(card.locator(f'.outcome-button[data-penalty="{outcome["penalty"]["code"]}"]')).to_contain_text(
                    outcome["penalty"]["name"]
                )
        expect(page.locator(".region-detail .figures-table tbody tr")).to_have_count(len(kunming["statistics"]))
        assert len(graphql_requests(watch, before)) == 1, "one GraphQL request per region, not per case"
        save_screenshot(page, tmp_path, "site-region.png")

        # An outcome is a figure too: its sentence, exactly.
        (with_outcome,) = [c for c in kunming["cases"]["nodes"] if c["outcomes"]]
        outcome = with_outcome["outcomes"][0]
        page.locator(f'.case-card[data-case="{with_outcome["title"]}"] .outcome-button').first.click()
        assert active_quote(page) == outcome["sources"][0]["text"]

        # Down to the district: 普洱 opens, 思茅 has the case.
        before = len(watch.served)
        page.locator('.region-button[data-region="普洱"]').click()
        expect(page.locator('.twisty[aria-expanded="true"]').last).to_be_visible()
        page.locator('.region-button[data-region="思茅"]').click()
        expect(page.locator(".region-cases .case-card")).to_have_count(len(simao))
        expect(page.locator(".region-cases .case-card").first).to_have_attribute("data-case", simao[0]["title"])
        assert len(graphql_requests(watch, before)) == 2

        # A place abroad: the cases whose victims were there.
        page.locator('.region-button[data-region="日本"]').click()
        expect(page.locator(".region-cases .case-card")).to_have_count(len(victims_in_japan))
        assert victims_in_japan
        # The article's list of places ends in 等地: the card says it names some of them.
        expect(page.locator(".region-cases .case-card dt").last).to_have_text("受害人所在地（部分）")
        # Going back asks nothing again.
        before = len(watch.served)
        page.locator('.region-button[data-region="昆明"]').click()
        expect(page.locator(".region-title")).to_contain_text(kunming["fullName"])
        assert len(watch.served) == before
        watch.assert_clean()


def test_search_shows_marked_snippets_and_errors_visibly(
    browser: Browser, live_server: str, data: Data, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    search = data('{ search(text: "诈骗", first: 20) { totalCount nodes { snippet target { __typename } } } }')[
        "search"
    ]

    with watched_page(browser, live_server) as (page, watch):
        open_site(page, live_server)
        before = len(watch.served)
        page.get_by_label("搜索全文").fill("诈骗")
        page.get_by_label("搜索全文").press("Enter")
        hits = page.locator("#search .hit")
        expect(hits).to_have_count(len(search["nodes"]))
        assert len(graphql_requests(watch, before)) == 1
        expect(page.locator("#search .search-count")).to_contain_text(str(search["totalCount"]))
        for hit, node in zip(hits.all(), search["nodes"], strict=True):
            shown = html.unescape(re.sub(r"</?mark>", "", node["snippet"]))
            assert hit.locator(".snippet").text_content() == shown
        assert set(page.locator("#search .snippet mark").all_inner_texts()) == {"诈骗"}
        only_marks = "[...document.querySelectorAll('#search .snippet *')].every(e => e.localName === 'mark')"
        assert page.evaluate(only_marks)

        # A paragraph hit opens the article at the matched words.
        paragraph_hit = next(i for i, n in enumerate(search["nodes"]) if n["target"]["__typename"] == "Paragraph")
        hits.nth(paragraph_hit).click()
        assert active_quote(page) == "诈骗"
        page.locator("#search").scroll_into_view_if_needed()
        save_screenshot(page, tmp_path, "site-search.png", full_page=False)

        # The API refuses a search with no letter, digit or Chinese character: the page says so.
        page.get_by_label("搜索全文").fill("？！")
        page.get_by_label("搜索全文").press("Enter")
        alert = page.locator("#search .view-error")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text("BAD_USER_INPUT")
        expect(alert).to_contain_text('"text" must contain')
        watch.assert_clean()


def test_graphql_errors_are_shown_in_their_view(browser: Browser, live_server: str) -> None:
    from playwright.sync_api import expect

    failure = {"data": None, "errors": [{"message": "boom", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}

    def fail(route: Route) -> None:
        route.fulfill(status=200, content_type="application/graphql-response+json", body=json.dumps(failure))

    with watched_page(browser, live_server) as (page, watch):
        page.route(lambda url: "HeadlineFigures" in url, fail)
        page.goto(f"{live_server}/")
        alert = page.locator("#figures .view-error")
        expect(alert).to_be_visible()
        expect(alert).to_have_attribute("role", "alert")
        expect(alert).to_contain_text("INTERNAL_SERVER_ERROR")
        expect(alert).to_contain_text("boom")
        # The other views do not depend on it.
        expect(page.locator(".region-cases .case-card").first).to_be_visible()
        watch.assert_clean()


def test_switching_language_relabels_everything_and_is_remembered(
    browser: Browser, live_server: str, data: Data, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    labels = data(
        '{ metrics { code nameEn } category(code: FRAUD) { nameEn } region(code: "530000") { fullNameEn }'
        " article { title } }"
    )
    arrested = next(m["nameEn"] for m in labels["metrics"] if m["code"] == "SUSPECTS_ARRESTED")

    with watched_page(browser, live_server) as (page, watch):
        open_site(page, live_server)
        expect(page.locator("h1")).to_contain_text("净网")
        # The footer names the article by its title, in its own words, in either language.
        expect(page.locator(".footer q")).to_have_text(labels["article"]["title"])
        before = len(watch.served)
        toggle = page.locator("#lang-toggle")
        expect(toggle).to_have_text("English")
        toggle.click()

        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_contain_text("Clean Net")
        expect(toggle).to_have_text("中文")
        chart = page.locator('.chart[data-metric="SUSPECTS_ARRESTED"][data-region="530000"][data-period="2017年以来"]')
        expect(chart.locator(".chart-title")).to_have_text(f"{arrested} · Yunnan")
        expect(chart.locator('.bar[data-category="FRAUD"] .bar-label')).to_have_text(labels["category"]["nameEn"])
        expect(chart.locator('.bar[data-category="FRAUD"] .bar-value')).to_have_text("987 people")
        expect(page.locator("#regions-title")).to_have_text("Regions and cases")
        expect(page.locator(".region-title")).to_have_text(labels["region"]["fullNameEn"])
        expect(page.locator(".region-cases .case-card .case-title").first).to_have_attribute("lang", "en")
        expect(page.locator("#search-title")).to_have_text("Search")
        expect(page.locator(".footer")).to_contain_text("The article")
        expect(page.locator(".footer q")).to_have_text(labels["article"]["title"])
        assert len(watch.served) == before, "switching language asks the server nothing"
        assert page.evaluate("localStorage.getItem('jingwang.lang')") == "en"
        save_screenshot(page, tmp_path, "site-english.png")

        page.reload()
        expect(page.locator("h1")).to_contain_text("Clean Net")
        expect(page.locator(".chart .bar").first).to_be_visible()
        page.locator("#lang-toggle").click()
        expect(page.locator("h1")).to_contain_text("净网")
        watch.assert_clean()


def test_every_view_links_its_query_to_graphiql_and_the_query_runs(browser: Browser, live_server: str) -> None:
    with watched_page(browser, live_server) as (page, watch):
        open_site(page, live_server)
        sent = {
            parse_qs(urlsplit(request.split(" ", 1)[1]).query)["query"][0]
            for request in graphql_requests(watch)
            if request.startswith("GET ")
        }
        links = page.locator("a.graphiql-link")
        assert links.count() >= 5
        for link in links.all():
            href = link.get_attribute("href")
            assert href is not None and href.startswith("/graphql?query=")
            params = parse_qs(urlsplit(href).query)
            (query,) = params["query"]
            variables = json.loads(params["variables"][0]) if "variables" in params else None
            # What the link opens is what the page runs, fragments and all, and it runs as it stands.
            if query.startswith(("query HeadlineFigures", "query RegionTree")):
                assert query in sent
            response = page.request.post(
                f"{live_server}/graphql",
                data={"query": query, "variables": variables},
                headers={"Accept": ACCEPT},
            )
            assert response.status == 200, response.text()
            body = response.json()
            assert "errors" not in body, (query, body["errors"])
        watch.assert_clean()


def shown_text(page: Page) -> str:
    """What a reader sees or hears outside the article's own words: visible text, aria-labels and the title."""
    return str(
        page.evaluate(
            """(exempt) => {
                const out = [document.title];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    const parent = node.parentElement;
                    if (!parent.closest(exempt) && parent.checkVisibility()) out.push(node.data);
                }
                for (const element of document.querySelectorAll("[aria-label]")) {
                    const label = element.getAttribute("aria-label");
                    if (!element.closest(exempt) && element.checkVisibility()) out.push(label);
                }
                return out.join("\\n");
            }""",
            ARTICLE_TEXT,
        )
    )


@pytest.fixture(scope="module")
def english_page(browser: Browser, live_server: str) -> str:
    """What a visitor whose browser speaks English sees: the first view, a figure's and an outcome's source, the
    province's cases and those with victims abroad, and a search; again after switching to Chinese and back."""
    from playwright.sync_api import expect

    with watched_page(browser, live_server, locale="en-US") as (page, watch):
        open_site(page, live_server)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        seen = [shown_text(page)]
        page.locator('.chart[data-metric="SUSPECTS_ARRESTED"] .bar[data-category="FRAUD"]').first.click()
        active_quote(page)
        page.locator(".region-cases .outcome-button").filter(has=page.locator("[lang]")).first.click()
        active_quote(page)
        seen.append(shown_text(page))
        page.locator('.region-button[data-region="日本"]').click()
        expect(page.locator(".region-cases .case-card").first).to_be_visible()
        seen.append(shown_text(page))
        page.get_by_label("Search the article and its data").fill("诈骗")
        page.get_by_label("Search the article and its data").press("Enter")
        expect(page.locator("#search .hit").first).to_be_visible()
        page.locator("#search .hit", has_text="Figure").first.click()
        active_quote(page)
        seen.append(shown_text(page))
        page.locator("#lang-toggle").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        page.locator("#lang-toggle").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        seen.append(shown_text(page))
        watch.assert_clean()
    return "\n".join(seen)


def test_the_english_page_shows_periods_and_everything_else_in_english(english_page: str, data: Data) -> None:
    """Period labels are Period.labelEn; apart from the article's words the English page shows no Chinese at all."""
    statistics = data("{ statistics(first: 100) { nodes { period { label labelEn } } } }")["statistics"]["nodes"]
    periods = {(s["period"]["label"], s["period"]["labelEn"]) for s in statistics if s["period"]}
    assert len(periods) >= 2
    for label, label_en in periods:
        assert label not in english_page
        assert label_en in english_page
    rest = english_page
    for name in sorted(party_names(data), key=len, reverse=True):
        rest = rest.replace(name, "")
    assert CJK.findall(rest) == []


def test_the_english_page_shows_no_chinese_party_name(english_page: str, data: Data) -> None:
    shown = [name for name in party_names(data) if name in english_page]
    assert shown == []


def test_the_english_page_says_the_victims_places_are_some_of_many(english_page: str, data: Data) -> None:
    """The article lists victims' places ending in 等地 (and elsewhere): the card says the list is not all."""
    cases = data("{ cases(first: 100) { nodes { summary victimPlaces { nameEn } } } }")["cases"]["nodes"]
    (listed,) = [case for case in cases if case["victimPlaces"]]
    assert "等地" in listed["summary"]
    assert "Victims' places include" in english_page
    assert ", ".join(place["nameEn"] for place in listed["victimPlaces"]) in english_page


def party_names(data: Data) -> set[str]:
    cases = data("{ cases(first: 100) { nodes { parties { name } outcomes { subject { name } } } } }")
    return {
        party["name"]
        for case in cases["cases"]["nodes"]
        for party in [*case["parties"], *(o["subject"] for o in case["outcomes"] if o["subject"])]
    }
