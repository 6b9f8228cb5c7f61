"""Cases' parties in both languages, each with the part the article gives it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = Callable[..., Any]


def party(name: str, name_en: str, kind: str, role: str) -> dict[str, str]:
    return {"name": name, "nameEn": name_en, "kind": kind, "role": role}


def test_every_party_has_an_english_name_and_the_role_the_article_states(data: Data) -> None:
    result = data("{ cases { nodes { title parties { name nameEn kind role } } } }")
    assert [(case["title"], case["parties"]) for case in result["cases"]["nodes"]] == [
        (
            "刘某某网上诋毁英烈董存瑞案",
            [
                party("刘某某", "Liu Moumou", "PERSON", "PENALIZED"),
                party("董存瑞", "Dong Cunrui", "PERSON", "MENTIONED"),
            ],
        ),
        (
            "提供侵入、非法控制计算机信息系统程序、工具案",
            [
                party("桑家某", "Sang Jiamou", "PERSON", "SUSPECT"),
                party("桑小某", "Sang Xiaomou", "PERSON", "SUSPECT"),
            ],
        ),
        (
            "黄某某网上售卖黑客软件诈骗案",
            [
                party("黄某某", "Huang Moumou", "PERSON", "SUSPECT"),
                party("多名受害人", "Multiple victims", "GROUP", "VICTIM"),
            ],
        ),
        (
            "信而富贷款公司侵犯公民个人信息案",
            [
                party("信而富贷款公司", "Xin'erfu Loan Company", "ORGANIZATION", "MENTIONED"),
                party("周某", "Zhou Mou", "PERSON", "SUSPECT"),
                party("李某", "Li Mou", "PERSON", "SUSPECT"),
                party("张某", "Zhang Mou", "PERSON", "SUSPECT"),
                party(
                    "周某、李某、张某等10余人",
                    "More than 10 people, among them Zhou Mou, Li Mou and Zhang Mou",
                    "GROUP",
                    "SUSPECT",
                ),
            ],
        ),
        (
            "“净网2018”云南大理首张违反网络安全法罚单",
            [party("云南大理某某有限公司", "Yunnan Dali Moumou Co., Ltd.", "ORGANIZATION", "PENALIZED")],
        ),
        (
            "曲靖查处两起非法搭建服务器案件",
            [
                party(
                    "相关公司及法人",
                    "The relevant companies and legal representatives",
                    "GROUP",
                    "PENALIZED",
                )
            ],
        ),
    ]


def test_an_outcomes_subject_is_the_same_party_with_its_english_name_and_role(data: Data) -> None:
    result = data('{ cases(filter: { text: "大理" }) { nodes { outcomes { subject { name nameEn kind role } } } } }')
    assert result == {
        "cases": {
            "nodes": [
                {
                    "outcomes": [
                        {
                            "subject": party(
                                "云南大理某某有限公司", "Yunnan Dali Moumou Co., Ltd.", "ORGANIZATION", "PENALIZED"
                            )
                        }
                    ]
                }
            ]
        }
    }


def test_the_company_the_case_is_named_after_is_only_mentioned_and_the_english_says_no_more(data: Data) -> None:
    """信而富贷款公司 stands only in the case's name: no English text may give it a part."""
    result = data(
        """{ cases(filter: { text: "信而富" }) { nodes {
             titleEn summaryEn parties { nameEn role } outcomes { descriptionEn subject { nameEn } }
        } } }"""
    )
    (case,) = result["cases"]["nodes"]
    assert {"nameEn": "Xin'erfu Loan Company", "role": "MENTIONED"} in case["parties"]
    assert all(outcome["subject"]["nameEn"] != "Xin'erfu Loan Company" for outcome in case["outcomes"])
    english = " ".join([case["titleEn"], case["summaryEn"], *(o["descriptionEn"] for o in case["outcomes"])])
    # The company is named only inside the name of the case (quoted in the summary, as in the Chinese).
    name = "Xin'erfu Loan Company case of infringing on citizens' personal information"
    assert english.count("Xin'erfu") == english.count(name) == english.count(f'"{name}"') + 1 == 2
