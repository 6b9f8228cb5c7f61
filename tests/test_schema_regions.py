"""Regions and what hangs from them: query in, JSON out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Data = Callable[..., Any]


@pytest.mark.parametrize("argument", ['code: "530100"', 'name: "昆明"', 'name: "昆明市"'])
def test_a_region_is_found_by_code_short_name_or_full_name(data: Data, argument: str) -> None:
    result = data(f"{{ region({argument}) {{ code name fullName nameEn kind parent {{ name }} }} }}")
    assert result == {
        "region": {
            "code": "530100",
            "name": "昆明",
            "fullName": "昆明市",
            "nameEn": "Kunming",
            "kind": "PREFECTURE",
            "parent": {"name": "云南"},
        }
    }


def test_the_articles_other_names_find_their_region(data: Data) -> None:
    result = data('{ a: region(name: "版纳") { code } b: region(name: "大理州") { code } }')
    assert result == {"a": {"code": "532800"}, "b": {"code": "532900"}}


def test_an_unknown_region_is_null_and_a_code_is_not_a_name(data: Data) -> None:
    result = data('{ a: region(name: "广州") { code } b: region(code: "昆明") { code } }')
    assert result == {"a": None, "b": None}


@pytest.mark.parametrize("arguments", ["", 'code: "530100", name: "昆明"'])
def test_region_wants_exactly_one_of_code_and_name(gql: Callable[..., Any], arguments: str) -> None:
    query = f"{{ region{f'({arguments})' if arguments else ''} {{ code }} }}"
    result = gql(query)
    assert result["data"] == {"region": None}
    assert result["errors"][0]["message"] == 'give exactly one of "code" and "name"'
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_regions_by_kind(data: Data) -> None:
    names = {
        kind: [region["name"] for region in data(f"{{ regions(kind: {kind}) {{ name }} }}")["regions"]]
        for kind in ("PROVINCE", "COUNTY", "FOREIGN")
    }
    assert names == {"PROVINCE": ["云南", "台湾"], "COUNTY": ["思茅"], "FOREIGN": ["澳大利亚", "马来西亚", "日本"]}
    prefectures = data("{ regions(kind: PREFECTURE) { code } }")["regions"]
    assert len(prefectures) == 12
    assert all(region["code"].startswith("53") for region in prefectures)


def test_children_and_parent_go_both_ways(data: Data) -> None:
    result = data('{ region(code: "530800") { children { fullName parent { fullName } } } }')
    assert result == {"region": {"children": [{"fullName": "思茅区", "parent": {"fullName": "普洱市"}}]}}


def test_region_cases_include_subregions_unless_asked_not_to(data: Data) -> None:
    query = """query($code: String) {
      region(code: $code) {
        all: cases { totalCount nodes { title region { name } } }
        own: cases(includeSubregions: false) { totalCount nodes { title } }
      }
    }"""
    puer = data(query, code="530800")["region"]
    assert puer["all"] == {
        "totalCount": 1,
        "nodes": [{"title": "信而富贷款公司侵犯公民个人信息案", "region": {"name": "思茅"}}],
    }
    assert puer["own"] == {"totalCount": 0, "nodes": []}
    yunnan = data(query, code="530000")["region"]
    assert yunnan["all"]["totalCount"] == 6
    assert yunnan["own"] == {"totalCount": 1, "nodes": [{"title": "刘某某网上诋毁英烈董存瑞案"}]}


def test_region_to_cases_to_outcomes_to_penalty_and_back(data: Data) -> None:
    result = data(
        """{ region(name: "曲靖") { cases { nodes {
             title occurredOn { year month day iso }
             parties { name kind }
             figures { label labelEn value unit atLeast normalizedValue normalizedUnit }
             outcomes { penalty { code name outcomes { totalCount } } subject { name kind } quantity unit atLeast
                        case { title } sources { paragraph text } }
        } } } }"""
    )
    (case,) = result["region"]["cases"]["nodes"]
    assert case == {
        "title": "曲靖查处两起非法搭建服务器案件",
        "occurredOn": {"year": 2018, "month": 3, "day": None, "iso": "2018-03"},
        "parties": [{"name": "相关公司及法人", "kind": "GROUP"}],
        "figures": [
            {
                "label": "查处案件",
                "labelEn": "Cases investigated and dealt with",
                "value": 2.0,
                "unit": "起",
                "atLeast": False,
                "normalizedValue": 2.0,
                "normalizedUnit": "count",
            }
        ],
        "outcomes": [
            {
                "penalty": {"code": "SEIZURE", "name": "查获", "outcomes": {"totalCount": 1}},
                "subject": None,
                "quantity": 16.0,
                "unit": "台",
                "atLeast": False,
                "case": {"title": "曲靖查处两起非法搭建服务器案件"},
                "sources": [{"paragraph": 32, "text": "查获服务器16台"}],
            },
            {
                "penalty": {"code": "ADMINISTRATIVE_PENALTY", "name": "行政处罚", "outcomes": {"totalCount": 1}},
                "subject": {"name": "相关公司及法人", "kind": "GROUP"},
                "quantity": None,
                "unit": None,
                "atLeast": False,
                "case": {"title": "曲靖查处两起非法搭建服务器案件"},
                "sources": [{"paragraph": 32, "text": "依照有关法律法规,对相关公司及法人给予了行政处罚"}],
            },
        ],
    }


def test_region_statistics_are_exact_and_measures_are_listed(data: Data) -> None:
    kunming = data('{ region(name: "昆明") { statistics { metric value unit } measures { regions { name } } } }')
    assert kunming["region"]["statistics"] == [
        {"metric": "CASES_SOLVED", "value": 17.0, "unit": "起"},
        {"metric": "SUSPECTS_ARRESTED", "value": 24.0, "unit": "名"},
    ]
    assert kunming["region"]["measures"] == [
        {"regions": [{"name": name} for name in ("昆明", "红河", "普洱", "西双版纳", "临沧")]},
        {"regions": [{"name": "昆明"}]},
        {"regions": [{"name": "昆明"}]},
    ]


BORDER_COOPERATION = "昆明、红河、普洱、版纳、临沧等地积极开展中越、中缅边境执法合作,摧毁多个境外诈骗窝点"


def test_the_border_cooperation_is_a_measure_of_its_five_prefectures_alone(data: Data) -> None:
    result = data(
        """{ region(name: "临沧") { fullName code measures {
             regions { name fullName code kind } sources { paragraph start end text }
        } } }"""
    )
    assert result == {
        "region": {
            "fullName": "临沧市",
            "code": "530900",
            "measures": [
                {
                    "regions": [
                        {"name": "昆明", "fullName": "昆明市", "code": "530100", "kind": "PREFECTURE"},
                        {"name": "红河", "fullName": "红河哈尼族彝族自治州", "code": "532500", "kind": "PREFECTURE"},
                        {"name": "普洱", "fullName": "普洱市", "code": "530800", "kind": "PREFECTURE"},
                        {"name": "西双版纳", "fullName": "西双版纳傣族自治州", "code": "532800", "kind": "PREFECTURE"},
                        {"name": "临沧", "fullName": "临沧市", "code": "530900", "kind": "PREFECTURE"},
                    ],
                    "sources": [
                        {
                            "paragraph": 26,
                            "start": 36,
                            "end": 78,
                            "text": BORDER_COOPERATION,
                        }
                    ],
                }
            ],
        }
    }


def test_the_provinces_measures_cite_paragraphs_6_21_and_40(data: Data) -> None:
    result = data('{ region(name: "云南") { measures { sources { paragraph } } } }')
    assert [[s["paragraph"] for s in m["sources"]] for m in result["region"]["measures"]] == [[5, 6], [21], [40]]


def test_the_victims_places_abroad(data: Data) -> None:
    result = data('{ cases(filter: { text: "黄某某" }) { nodes { victimPlaces { name kind code } } } }')
    assert result["cases"]["nodes"][0]["victimPlaces"] == [
        {"name": "澳大利亚", "kind": "FOREIGN", "code": None},
        {"name": "马来西亚", "kind": "FOREIGN", "code": None},
        {"name": "台湾", "kind": "PROVINCE", "code": "710000"},
        {"name": "日本", "kind": "FOREIGN", "code": None},
    ]


def test_victim_places_go_both_ways(data: Data) -> None:
    result = data("{ regions(kind: FOREIGN) { name victimCases { title victimPlaces { name } } } }")
    assert [(r["name"], [c["title"] for c in r["victimCases"]]) for r in result["regions"]] == [
        ("澳大利亚", ["黄某某网上售卖黑客软件诈骗案"]),
        ("马来西亚", ["黄某某网上售卖黑客软件诈骗案"]),
        ("日本", ["黄某某网上售卖黑客软件诈骗案"]),
    ]
    assert data('{ region(name: "昆明") { victimCases { title } } }') == {"region": {"victimCases": []}}
