"""The chart aggregate: grouped sums that never add different units, periods or nested regions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = Callable[..., Any]

SUMMARY = """query($groupBy: [StatisticDimension!]!, $filter: StatisticFilter) {
  statisticSummary(groupBy: $groupBy, filter: $filter) {
    metric category { code } region { name } operation { code } penalty { code } period { label }
    value unit atLeast count statistics { value }
  }
}"""


def summary(data: Data, group_by: list[str], **statistic_filter: str) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = data(SUMMARY, groupBy=group_by, filter=statistic_filter)["statisticSummary"]
    return groups


def test_arrests_by_category_is_one_bar_per_category_region_and_period(data: Data) -> None:
    groups = summary(data, ["CATEGORY"], metric="SUSPECTS_ARRESTED")
    bars = [(g["category"]["code"], g["region"]["name"], (g["period"] or {}).get("label"), g["value"]) for g in groups]
    assert bars == [
        ("FIREARMS", "云南", "2017年以来", 340.0),
        ("FRAUD", "云南", "2017年以来", 987.0),
        ("PORNOGRAPHY", "云南", "2017年以来", 155.0),
        ("GAMBLING", "云南", "2017年以来", 666.0),
        ("DRUGS", "云南", "2017年以来", 728.0),
        ("HACKING", "云南", "2017年以来", 10.0),
        ("PERSONAL_INFO", "云南", "2017年以来", 99.0),
        ("PERSONAL_INFO", "昆明", "2017年以来", 24.0),
        ("EXAM_CHEATING", "云南", "2017年以来", 16.0),
        ("FRAUD", "云南", None, 1000.0),
    ]
    assert groups[-1]["atLeast"] is True
    assert all(g["unit"] == "count" and g["count"] == 1 for g in groups)


def test_summing_over_categories_keeps_regions_and_periods_apart(data: Data) -> None:
    groups = summary(data, [], metric="SUSPECTS_ARRESTED")
    assert [(g["region"]["name"], (g["period"] or {}).get("label"), g["value"], g["count"]) for g in groups] == [
        ("云南", "2017年以来", 340 + 987 + 155 + 666 + 728 + 10 + 99 + 16, 8),
        ("昆明", "2017年以来", 24.0, 1),
        ("云南", None, 1000.0, 1),
    ]
    assert all(g["category"] is None for g in groups)


def test_money_is_summed_in_cny_and_never_with_counts(data: Data) -> None:
    groups = summary(data, [], category="VICE")
    units = {(g["metric"], g["unit"]) for g in groups}
    assert ("FUNDS_SEIZED", "CNY") in units
    funds = next(g for g in groups if g["metric"] == "FUNDS_SEIZED")
    assert funds["value"] == (9753 + 3365) * 10_000
    assert [s["value"] for s in funds["statistics"]] == [9753.0, 3365.0]


def test_grouping_by_penalty_splits_the_rumor_figures(data: Data) -> None:
    groups = summary(data, ["PENALTY"], category="RUMOR", metric="PERSONS_PENALIZED")
    assert [(g["penalty"]["code"], g["value"]) for g in groups] == [
        ("CRIMINAL_DETENTION", 4.0),
        ("ADMINISTRATIVE_DETENTION", 57.0),
        ("ADMONITION", 88.0),
    ]
    total = summary(data, [], category="RUMOR", metric="PERSONS_PENALIZED")
    assert [(g["penalty"], g["value"], g["count"]) for g in total] == [(None, 149.0, 3)]


def test_grouping_by_operation(data: Data) -> None:
    groups = summary(data, ["OPERATION"], category="FRAUD", metric="CASES_SOLVED")
    assert [((g["operation"] or {}).get("code"), g["value"], g["atLeast"]) for g in groups] == [
        (None, 185.0, False),
        ("QINGYUAN", 10000.0, True),
    ]
