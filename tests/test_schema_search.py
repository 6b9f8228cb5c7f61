"""Search over the article's Chinese text: any length, ranked, marked, and never SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from seeds.article import ArticleText

ARTICLE = ArticleText.read()

Data = Callable[..., Any]
Gql = Callable[..., dict[str, Any]]

SEARCH = """query($text: String!, $first: Int, $after: String, $prefix: Boolean! = false) {
  search(text: $text, first: $first, after: $after, prefix: $prefix) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      snippet
      fragments { text highlights { start end } moreBefore moreAfter }
      target {
        __typename
        ... on Paragraph { index text }
        ... on Case { title }
        ... on Statistic { metric value }
        ... on Measure { description }
      }
    }
  }
}"""


def search(data: Data, text: str, **arguments: Any) -> dict[str, Any]:
    result: dict[str, Any] = data(SEARCH, text=text, **arguments)["search"]
    return result


def kinds(result: dict[str, Any]) -> set[str]:
    return {node["target"]["__typename"] for node in result["nodes"]}


def test_one_character_finds_paragraphs_and_statistics(data: Data) -> None:
    result = search(data, "枪", first=100)
    assert result["totalCount"] == len(result["nodes"]) > 5
    assert kinds(result) == {"Paragraph", "Statistic"}
    assert all("<mark>枪</mark>" in node["snippet"] for node in result["nodes"])
    values = {node["target"]["value"] for node in result["nodes"] if node["target"]["__typename"] == "Statistic"}
    assert {239.0, 340.0, 390.0, 31257.0} <= values


def test_two_characters_find_every_paragraph_that_has_them(data: Data) -> None:
    result = search(data, "诈骗", first=100)
    paragraphs = {node["target"]["index"] for node in result["nodes"] if node["target"]["__typename"] == "Paragraph"}
    assert paragraphs == {number for number, text in enumerate(ARTICLE.paragraphs, 1) if "诈骗" in text}
    assert all("<mark>诈骗</mark>" in node["snippet"] for node in result["nodes"])


@pytest.mark.parametrize(
    ("text", "case_title", "paragraph"),
    [
        ("董存瑞", "刘某某网上诋毁英烈董存瑞案", 9),
        ("信而富贷款", "信而富贷款公司侵犯公民个人信息案", 18),
    ],
)
def test_names_find_their_case_and_paragraph(data: Data, text: str, case_title: str, paragraph: int) -> None:
    result = search(data, text)
    targets = [node["target"] for node in result["nodes"]]
    assert {"__typename": "Case", "title": case_title} in targets
    assert any(t.get("index") == paragraph for t in targets)
    assert all(f"<mark>{text}</mark>" in node["snippet"] for node in result["nodes"])


def test_a_latin_token_finds_the_measure_and_its_paragraph(data: Data) -> None:
    result = search(data, "g01")
    assert kinds(result) == {"Measure", "Paragraph"}
    assert all("<mark>G01</mark>" in node["snippet"] for node in result["nodes"])


def test_results_come_in_one_order_the_article_s_paragraphs_first(data: Data) -> None:
    targets = [node["target"] for node in search(data, "赌场")["nodes"]]
    assert [target.get("index", target.get("metric")) for target in targets] == [3, 28, "CASINOS_DESTROYED"]
    kinds = [node["target"]["__typename"] for node in search(data, "诈骗", first=100)["nodes"]]
    order = ["Paragraph", "Case", "Statistic", "Measure"]
    assert kinds == sorted(kinds, key=order.index)
    paragraphs = [n["target"]["index"] for n in search(data, "诈骗", first=100)["nodes"] if "index" in n["target"]]
    assert paragraphs == sorted(paragraphs)


@pytest.mark.parametrize("text", ['"信而富', "诈骗 AND", "NEAR(诈骗)", "枪*", "'; DROP TABLE cases; --"])
def test_query_syntax_is_searched_as_text(gql: Gql, text: str) -> None:
    result = gql(SEARCH, text=text)
    assert "errors" not in result
    assert result["data"]["search"]["totalCount"] >= 0


def test_words_separated_by_spaces_must_all_match(data: Data) -> None:
    both = search(data, "昆明 抓获", first=100)
    assert both["totalCount"] > 0
    assert all("昆明" in n["snippet"].replace("<mark>", "").replace("</mark>", "") for n in both["nodes"])
    assert search(data, "昆明 赌场")["totalCount"] == 0


def test_the_last_latin_word_may_be_a_prefix_while_someone_types(data: Data) -> None:
    police = search(data, "police", first=100)
    assert police["totalCount"] > 0
    assert search(data, "pol", first=100, prefix=True) == police
    assert search(data, "POLI", first=100, prefix=True) == police
    assert search(data, "pol", first=100)["totalCount"] == 0  # off by default: Latin words match whole
    assert search(data, "昆明 pol", first=100, prefix=True)["totalCount"] == search(data, "昆明 police")["totalCount"]


def test_only_the_last_word_is_a_prefix(data: Data) -> None:
    assert search(data, "pol 昆明", prefix=True)["totalCount"] == 0
    assert search(data, "pol kunming", prefix=True)["totalCount"] == 0


def test_search_pages_forwards(data: Data) -> None:
    whole = search(data, "诈骗", first=100)
    first = search(data, "诈骗", first=5)
    second = search(data, "诈骗", first=5, after=first["pageInfo"]["endCursor"])
    assert first["nodes"] + second["nodes"] == whole["nodes"][:10]
    assert first["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("text", ["", "  ", "、。!"])
def test_text_without_words_is_bad_input(gql: Gql, text: str) -> None:
    result = gql(SEARCH, text=text)
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def fragments(data: Data, text: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = search(data, text, first=100)["nodes"]
    return nodes


def test_fragments_are_plain_text_lines_with_the_matches_ranges(data: Data) -> None:
    paragraph, measure = fragments(data, "G01")
    assert measure["fragments"] == [
        {
            "text": "区重点网络运维公司,对所有接入、托管网站部署安装公安部开发的“中小网站安全防护系统”和"
            "“G01政府网站综合防护系统”,进一步督促落实安全责任制度和技术防范措施。",
            "highlights": [{"start": 44, "end": 47}],
            "moreBefore": True,
            "moreAfter": False,
        },
        {
            "text": 'System" and the "G01 Government Website Comprehensive Protection System",',
            "highlights": [{"start": 17, "end": 20}],
            "moreBefore": True,
            "moreAfter": True,
        },
    ]
    (line,) = paragraph["fragments"]
    assert line["text"][44:47] == "G01"
    assert line["text"] in paragraph["target"]["text"]


def latin(character: str) -> bool:
    return character.isascii() and character.isalnum()


@pytest.mark.parametrize("text", ["诈骗", "police", "网络安全责任书", "赌场", "中越中缅", "G01", "昆明 抓获", "2017"])
def test_every_fragment_marks_matches_and_cuts_between_words(data: Data, text: str) -> None:
    words = text.split()
    hits = fragments(data, text)
    assert hits
    for hit in hits:
        assert hit["fragments"]
        for fragment in hit["fragments"]:
            line = fragment["text"]
            marked = [line[r["start"] : r["end"]] for r in fragment["highlights"]]
            assert marked
            assert all(any(m.lower().replace("、", "") == w.lower() for w in words) for m in marked), marked
            assert "\n" not in line and "&" not in line
        if hit["target"]["__typename"] == "Paragraph":  # a cut never falls inside a Latin word or number
            (fragment,) = hit["fragments"]
            whole = hit["target"]["text"]
            start = whole.index(fragment["text"])
            end = start + len(fragment["text"])
            assert start == 0 or not (latin(whole[start - 1]) and latin(whole[start])), fragment
            assert end == len(whole) or not (latin(whole[end - 1]) and latin(whole[end])), fragment
            assert (fragment["moreBefore"], fragment["moreAfter"]) == (start > 0, end < len(whole))


def test_snippets_escape_html(data: Data) -> None:
    snippet = search(data, "网络安全责任书")["nodes"][0]["snippet"]
    assert "《<mark>网络安全责任书</mark>》" in snippet
