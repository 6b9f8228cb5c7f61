"""Every field of CaseFilter and StatisticFilter, alone and combined with AND."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Data = Callable[..., Any]
Gql = Callable[..., dict[str, Any]]

CASES = "query($filter: CaseFilter) { cases(filter: $filter) { totalCount nodes { id: title } } }"
STATISTICS = """query($filter: StatisticFilter) {
  statistics(filter: $filter, first: 100) { totalCount nodes { metric value } }
}"""

LIU = "刘某某网上诋毁英烈董存瑞案"
SANG = "提供侵入、非法控制计算机信息系统程序、工具案"
HUANG = "黄某某网上售卖黑客软件诈骗案"
XINERFU = "信而富贷款公司侵犯公民个人信息案"
DALI = "“净网2018”云南大理首张违反网络安全法罚单"
QUJING = "曲靖查处两起非法搭建服务器案件"


@pytest.mark.parametrize(
    ("case_filter", "titles"),
    [
        ({}, [SANG, XINERFU, LIU, HUANG, DALI, QUJING]),
        ({"category": "HACKING"}, [SANG, HUANG]),
        ({"category": "VICE"}, []),
        ({"region": "530100"}, [SANG, HUANG]),
        ({"region": "普洱"}, [XINERFU]),
        ({"region": "思茅区"}, [XINERFU]),
        ({"region": "云南省"}, [SANG, XINERFU, LIU, HUANG, DALI, QUJING]),
        ({"operation": "JINGWANG_2018"}, [DALI]),
        ({"penalty": "ARREST"}, [XINERFU, HUANG]),
        ({"penalty": "FINE"}, [DALI]),
        ({"occurredFrom": "2018-03-10"}, [LIU, HUANG, DALI, QUJING]),
        ({"occurredTo": "2017-12-31"}, [SANG, XINERFU]),
        ({"occurredFrom": "2018-05-18", "occurredTo": "2018-05-18"}, [LIU, DALI]),
        ({"occurredFrom": "2018-05"}, [LIU, DALI]),
        ({"occurredTo": "2018-05"}, [SANG, XINERFU, LIU, HUANG, DALI, QUJING]),
        ({"occurredTo": "2018-02"}, [SANG, XINERFU]),
        ({"occurredFrom": "2018"}, [LIU, HUANG, DALI, QUJING]),
        ({"occurredTo": "2017"}, [SANG, XINERFU]),
        ({"occurredFrom": "2017-07", "occurredTo": "2017-09"}, [SANG]),
        ({"text": "董存瑞"}, [LIU]),
        ({"text": "Dong Cunrui"}, [LIU]),
        ({"text": "servers"}, [QUJING]),
        ({"text": "某某"}, [LIU, HUANG, DALI]),
        ({"category": "SERVICE_PROVIDERS", "penalty": "FINE"}, [DALI]),
        ({"region": "昆明", "penalty": "ARREST"}, [HUANG]),
        ({"region": "昆明", "category": "RUMOR"}, []),
    ],
    ids=lambda value: str(value) if isinstance(value, dict) else "",
)
def test_case_filters(data: Data, case_filter: dict[str, str], titles: list[str]) -> None:
    result = data(CASES, filter=case_filter)["cases"]
    assert sorted(node["id"] for node in result["nodes"]) == sorted(titles)
    assert result["totalCount"] == len(titles)


def test_cases_come_in_article_order(data: Data) -> None:
    titles = [node["id"] for node in data(CASES)["cases"]["nodes"]]
    assert titles == [LIU, SANG, HUANG, XINERFU, DALI, QUJING]


def keys(data: Data, statistic_filter: dict[str, str]) -> list[tuple[str, float]]:
    return [
        (node["metric"], node["value"]) for node in data(STATISTICS, filter=statistic_filter)["statistics"]["nodes"]
    ]


def test_statistic_region_is_exact(data: Data) -> None:
    assert keys(data, {"region": "昆明"}) == [("CASES_SOLVED", 17.0), ("SUSPECTS_ARRESTED", 24.0)]
    assert len(keys(data, {"region": "530000"})) == 41


def test_statistic_category_includes_subcategories(data: Data) -> None:
    vice = keys(data, {"category": "VICE"})
    assert len(vice) == 11
    assert keys(data, {"category": "GAMBLING"}) == [
        ("CASES_SOLVED", 129.0),
        ("SUSPECTS_ARRESTED", 666.0),
        ("CASINOS_DESTROYED", 67.0),
        ("FUNDS_SEIZED", 9753.0),
    ]


@pytest.mark.parametrize(
    ("statistic_filter", "expected"),
    [
        ({"metric": "CASES_SOLVED", "category": "FRAUD"}, [("CASES_SOLVED", 185.0), ("CASES_SOLVED", 10000.0)]),
        ({"operation": "QINGYUAN"}, [("SUSPECTS_ARRESTED", 1000.0), ("CASES_SOLVED", 10000.0)]),
        ({"operation": "JINGWANG"}, [("CASES_SOLVED", 239.0)]),
        (
            {"penalty": "CRIMINAL_DETENTION"},
            [("PERSONS_PENALIZED", 4.0)],
        ),
        ({"penalty": "ADMONITION", "category": "RUMOR"}, [("PERSONS_PENALIZED", 88.0)]),
        ({"metric": "FIREARMS_SEIZED", "region": "昆明"}, []),
    ],
    ids=lambda value: str(value) if isinstance(value, dict) else "",
)
def test_statistic_filters_combine_with_and(
    data: Data, statistic_filter: dict[str, str], expected: list[tuple[str, float]]
) -> None:
    assert keys(data, statistic_filter) == expected


def test_information_cleaned_up_is_called_harmful_only_where_its_quote_says_so(data: Data) -> None:
    """清理整治涉枪涉爆违法信息807条 says 违法信息: its metric and label leave out 有害 (harmful)."""
    query = """query($metric: Metric) { metrics { code nameEn }
      statistics(filter: { metric: $metric }) { nodes { value sources { text } } } }"""
    harmful = data(query, metric="HARMFUL_INFO_REMOVED")
    illegal = data(query, metric="ILLEGAL_INFO_REMOVED")
    labels = {m["code"]: m["nameEn"] for m in harmful["metrics"]}
    assert labels["HARMFUL_INFO_REMOVED"] == "Items of illegal and harmful information cleaned up"
    assert labels["ILLEGAL_INFO_REMOVED"] == "Items of illegal information cleaned up"
    assert [(n["value"], [s["text"] for s in n["sources"]]) for n in harmful["statistics"]["nodes"]] == [
        (3140.0, ["清理整治“黄赌毒”各类违法有害信息3140条"]),
        (5875.0, ["共清理各类违法有害信息5875条"]),
    ]
    assert [(n["value"], [s["text"] for s in n["sources"]]) for n in illegal["statistics"]["nodes"]] == [
        (807.0, ["清理整治涉枪涉爆违法信息807条"])
    ]


#: The figures of the title and lead (paragraphs 1, 3 and 4), in article order.
HEADLINE = [
    ("CASES_SOLVED", 239.0),
    ("SUSPECTS_ARRESTED", 340.0),
    ("FIREARMS_SEIZED", 390.0),
    ("DENS_DESTROYED", 68.0),
    ("SUSPECTS_ARRESTED", 987.0),
    ("CASES_SOLVED", 37.0),
    ("SUSPECTS_ARRESTED", 155.0),
    ("CASES_SOLVED", 129.0),
    ("SUSPECTS_ARRESTED", 666.0),
    ("CASINOS_DESTROYED", 67.0),
    ("CASES_SOLVED", 455.0),
    ("SUSPECTS_ARRESTED", 728.0),
    ("DRUGS_SEIZED", 84302.0),
    ("PERSONS_IDENTIFIED", 227.0),
    ("PERSONS_PENALIZED", 4.0),
    ("PERSONS_PENALIZED", 57.0),
]
LEAD = {1, 3, 4}
SOURCED = """query($filter: StatisticFilter) {
  statistics(filter: $filter, first: 100) { totalCount nodes { metric value headline sources { paragraph } } }
}"""


def test_headline_is_true_exactly_for_the_figures_the_title_or_lead_states(data: Data) -> None:
    nodes = data(SOURCED)["statistics"]["nodes"]
    assert [n["headline"] for n in nodes] == [bool(LEAD & {s["paragraph"] for s in n["sources"]}) for n in nodes]
    assert [(n["metric"], n["value"]) for n in nodes if n["headline"]] == HEADLINE


def test_the_headline_filter_splits_the_statistics_by_their_sources(data: Data) -> None:
    everything = data(SOURCED)["statistics"]["nodes"]
    headline = data(SOURCED, filter={"headline": True})["statistics"]
    others = data(SOURCED, filter={"headline": False})["statistics"]
    assert headline["nodes"] == [n for n in everything if LEAD & {s["paragraph"] for s in n["sources"]}]
    assert others["nodes"] == [n for n in everything if not LEAD & {s["paragraph"] for s in n["sources"]}]
    assert (headline["totalCount"], others["totalCount"]) == (16, 27)
    assert data(SOURCED, filter={"headline": None})["statistics"]["nodes"] == everything


@pytest.mark.parametrize(
    ("statistic_filter", "expected"),
    [
        ({"headline": True}, HEADLINE),
        ({"headline": True, "category": "VICE"}, HEADLINE[5:13]),
        (
            {"headline": False, "category": "VICE"},
            [("HARMFUL_INFO_REMOVED", 3140.0), ("FUNDS_SEIZED", 9753.0), ("FUNDS_SEIZED", 3365.0)],
        ),
        ({"headline": True, "metric": "CASES_SOLVED"}, [("CASES_SOLVED", v) for v in (239.0, 37.0, 129.0, 455.0)]),
        ({"headline": True, "penalty": "CRIMINAL_DETENTION"}, [("PERSONS_PENALIZED", 4.0)]),
        ({"headline": False, "penalty": "ADMONITION"}, [("PERSONS_PENALIZED", 88.0)]),
        ({"headline": True, "operation": "JINGWANG"}, [("CASES_SOLVED", 239.0)]),
        ({"headline": True, "operation": "QINGYUAN"}, []),
        ({"headline": False, "region": "昆明"}, [("CASES_SOLVED", 17.0), ("SUSPECTS_ARRESTED", 24.0)]),
        ({"headline": True, "region": "昆明"}, []),
    ],
    ids=lambda value: str(value) if isinstance(value, dict) else "",
)
def test_the_headline_filter_combines_with_the_others_by_and(
    data: Data, statistic_filter: dict[str, Any], expected: list[tuple[str, float]]
) -> None:
    assert keys(data, statistic_filter) == expected


@pytest.mark.parametrize(("headline", "total"), [(True, 16), (False, 27)])
def test_headline_pages_visit_every_figure_once_with_exact_page_info(data: Data, headline: bool, total: int) -> None:
    query = """query($filter: StatisticFilter, $after: String, $before: String, $last: Int, $first: Int) {
      statistics(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } nodes { metric value }
      }
    }"""
    expected = [(n["metric"], n["value"]) for n in data(SOURCED, filter={"headline": headline})["statistics"]["nodes"]]
    seen: list[tuple[str, float]] = []
    after = None
    while True:
        page = data(query, filter={"headline": headline}, first=5, after=after)["statistics"]
        assert page["totalCount"] == total
        assert page["pageInfo"]["hasPreviousPage"] == bool(seen)
        seen += [(n["metric"], n["value"]) for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected and len(seen) == total
    last = data(query, filter={"headline": headline}, last=3, before=page["pageInfo"]["startCursor"])["statistics"]
    start = (total - 1) // 5 * 5
    assert [(n["metric"], n["value"]) for n in last["nodes"]] == expected[start - 3 : start]


def test_the_chart_summary_takes_the_headline_filter(data: Data) -> None:
    query = """{ statisticSummary(groupBy: [], filter: { headline: true, metric: CASES_SOLVED }) {
      value count statistics { headline }
    } }"""
    (group,) = data(query)["statisticSummary"]
    assert (group["value"], group["count"]) == (239.0 + 37.0 + 129.0 + 455.0, 4)
    assert {s["headline"] for s in group["statistics"]} == {True}


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (CASES, {"filter": {"region": "广州"}}, '"CaseFilter.region": no region has the code or name "广州"'),
        (
            STATISTICS,
            {"filter": {"region": "999999"}},
            '"StatisticFilter.region": no region has the code or name "999999"',
        ),
        (
            CASES,
            {"filter": {"text": "“”"}},
            '"CaseFilter.text" must contain a letter, digit or Chinese character, got "“”"',
        ),
    ],
    ids=["unknown-case-region", "unknown-statistic-region", "text-without-words"],
)
def test_bad_filter_values_are_rejected(gql: Gql, query: str, variables: dict[str, Any], message: str) -> None:
    result = gql(query, **variables)
    assert result["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in result["errors"]] == [(message, "BAD_USER_INPUT")]


DATE = 'Date must be "YYYY-MM-DD", "YYYY-MM" or "YYYY" (2018-05-18, 2018-05, 2018)'


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        ('"May 2018"', f'{DATE}; got "May 2018"'),
        ('"2018-5"', f'{DATE}; got "2018-5"'),
        ('"2018-13"', f'{DATE}; got "2018-13", month must be in 1..12'),
        ('"2018-02-30"', f'{DATE}; got "2018-02-30", day is out of range for month'),
        ("2018", f"{DATE}, as a string; got 2018"),
    ],
    ids=["words", "one-digit-month", "month-13", "february-30", "a-number"],
)
def test_a_date_filter_says_what_it_accepts_where_it_was_given(gql: Gql, literal: str, message: str) -> None:
    assert gql(f"{{ cases(filter: {{ occurredFrom: {literal} }}) {{ totalCount }} }}") == {
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 33}],
                "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
            }
        ]
    }


def test_a_date_variable_says_what_it_accepts_and_which_field_had_it(gql: Gql) -> None:
    result = gql(CASES, filter={"occurredTo": "18-05-2018"})
    assert [(error["message"], error["extensions"]["code"]) for error in result["errors"]] == [
        (f"Variable '$filter' has invalid value at .occurredTo: {DATE}; got \"18-05-2018\"", "BAD_USER_INPUT")
    ]
