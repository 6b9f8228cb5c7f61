"""Relay connections: pages forwards and backwards, exact page info, bad arguments refused."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

Data = Callable[..., Any]
Gql = Callable[..., dict[str, Any]]

PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  statistics(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
    nodes { id }
  }
}"""


def page(data: Data, **arguments: Any) -> dict[str, Any]:
    result: dict[str, Any] = data(PAGE, **arguments)["statistics"]
    assert [edge["node"] for edge in result["edges"]] == result["nodes"]
    return result


@pytest.fixture(scope="module")
def all_ids(data: Data) -> list[str]:
    return [node["id"] for node in page(data, first=100)["nodes"]]


def ids(result: dict[str, Any]) -> list[str]:
    return [node["id"] for node in result["nodes"]]


def test_the_default_page_is_the_first_20(data: Data, all_ids: list[str]) -> None:
    result = page(data)
    assert len(all_ids) == 43
    assert result["totalCount"] == 43
    assert ids(result) == all_ids[:20]
    info = result["pageInfo"]
    assert (info["hasNextPage"], info["hasPreviousPage"]) == (True, False)
    assert info["startCursor"] == result["edges"][0]["cursor"]
    assert info["endCursor"] == result["edges"][-1]["cursor"]


def test_paging_forwards_visits_every_item_once_in_order(data: Data, all_ids: list[str]) -> None:
    seen: list[str] = []
    after = None
    while True:
        result = page(data, first=10, after=after)
        seen += ids(result)
        if not result["pageInfo"]["hasNextPage"]:
            break
        after = result["pageInfo"]["endCursor"]
    assert seen == all_ids
    assert result["pageInfo"]["hasPreviousPage"] is True


def test_paging_backwards_visits_every_item_once_in_order(data: Data, all_ids: list[str]) -> None:
    seen: list[str] = []
    before = None
    while True:
        result = page(data, last=10, before=before)
        seen = ids(result) + seen
        if not result["pageInfo"]["hasPreviousPage"]:
            break
        before = result["pageInfo"]["startCursor"]
    assert seen == all_ids
    assert len(ids(result)) == 3


def test_the_last_page(data: Data, all_ids: list[str]) -> None:
    result = page(data, last=5)
    assert ids(result) == all_ids[-5:]
    assert (result["pageInfo"]["hasNextPage"], result["pageInfo"]["hasPreviousPage"]) == (False, True)


def test_an_empty_page_keeps_the_total_and_has_no_cursors(data: Data, all_ids: list[str]) -> None:
    result = page(data, first=0)
    assert result["totalCount"] == 43
    assert result["nodes"] == [] and result["edges"] == []
    assert result["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }
    end = page(data, first=100)["pageInfo"]["endCursor"]
    past_the_end = page(data, first=10, after=end)
    assert past_the_end["nodes"] == []
    assert (past_the_end["pageInfo"]["hasNextPage"], past_the_end["pageInfo"]["hasPreviousPage"]) == (False, True)


def test_after_and_before_together_bound_a_window(data: Data, all_ids: list[str]) -> None:
    edges = page(data, first=100)["edges"]
    result = page(data, after=edges[4]["cursor"], before=edges[10]["cursor"], first=100)
    assert ids(result) == all_ids[5:10]
    assert (result["pageInfo"]["hasNextPage"], result["pageInfo"]["hasPreviousPage"]) == (True, True)
    assert ids(page(data, after=edges[4]["cursor"], before=edges[10]["cursor"], last=2)) == all_ids[8:10]


def test_an_items_cursor_is_the_same_in_every_page_that_holds_it(data: Data) -> None:
    every = page(data, first=100)["edges"]
    for first, start in [(7, 0), (5, 3), (10, 30)]:  # different requests: each executed, none from the cache
        after = every[start - 1]["cursor"] if start else None
        assert page(data, first=first, after=after)["edges"] == every[start : start + first]
    assert page(data, last=4)["edges"] == every[-4:]


def cursor(text: str) -> str:
    """A cursor made by hand, as a client might forge or mangle one."""
    return base64.b64encode(text.encode()).decode()


FIX = "page with the cursors this list returned (edges.cursor, pageInfo.endCursor, pageInfo.startCursor)"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"first": 101}, '"first" must be between 0 and 100, got 101'),
        ({"first": -1}, '"first" must be between 0 and 100, got -1'),
        ({"last": 500}, '"last" must be between 0 and 100, got 500'),
        (
            {"first": 2, "last": 1},
            'passing both "first" and "last" is not supported: use "first" (with "after") to page forwards '
            'or "last" (with "before") to page backwards',
        ),
        ({"after": "nonsense"}, f'"after" is not a cursor from this API: "nonsense"; {FIX}'),
        ({"before": "Y3Vyc29yOnYxOng="}, f'"before" is not a cursor from this API: "Y3Vyc29yOnYxOng="; {FIX}'),
        (
            {"after": cursor("cursor:v2:Statistic:44")},
            f'"after" points at no Statistic of this API: "{cursor("cursor:v2:Statistic:44")}"; {FIX}',
        ),
        (
            {"before": cursor("cursor:v2:Statistic:0")},
            f'"before" points at no Statistic of this API: "{cursor("cursor:v2:Statistic:0")}"; {FIX}',
        ),
    ],
    ids=[
        "first-over-100",
        "first-negative",
        "last-over-100",
        "first-and-last",
        "after-garbage",
        "before-not-a-number",
        "after-past-the-last-id",
        "before-id-zero",
    ],
)
def test_bad_page_arguments_are_rejected_with_bad_user_input(gql: Gql, arguments: dict[str, Any], message: str) -> None:
    result = gql(PAGE, **arguments)
    assert result["data"] is None
    assert [(error["message"], error["extensions"]) for error in result["errors"]] == [
        (message, {"code": "BAD_USER_INPUT"})
    ]


def test_first_and_last_together_are_refused_with_what_to_use(gql: Gql) -> None:
    assert gql("{ cases(first: 2, last: 1) { totalCount } }") == {
        "data": None,
        "errors": [
            {
                "message": 'passing both "first" and "last" is not supported: use "first" (with "after") to page '
                'forwards or "last" (with "before") to page backwards',
                "locations": [{"line": 1, "column": 3}],
                "path": ["cases"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
        "extensions": {"cost": {"requested": 1, "limit": 10000}},
    }


def test_a_cursor_of_one_list_is_refused_by_a_list_of_another_kind(data: Data, gql: Gql) -> None:
    case_cursor = data("{ cases(first: 1) { pageInfo { endCursor } } }")["cases"]["pageInfo"]["endCursor"]
    result = gql("query($after: String) { statistics(after: $after) { totalCount } }", after=case_cursor)
    assert [(error["message"], error["path"]) for error in result["errors"]] == [
        (f'"after" is a cursor of a list of Case, and this list holds Statistic; {FIX}', ["statistics"])
    ]
    nested = data('{ region(name: "云南") { cases(first: 1) { pageInfo { endCursor } } } }')
    assert nested["region"]["cases"]["pageInfo"]["endCursor"] == case_cursor  # one kind, one cursor, any list


def test_a_search_cursor_past_its_hits_is_refused(data: Data, gql: Gql) -> None:
    query = 'query($after: String) { search(text: "G01", after: $after) { totalCount nodes { snippet } } }'
    end = data('{ search(text: "G01") { pageInfo { endCursor } } }')["search"]["pageInfo"]["endCursor"]
    assert data(query, after=end)["search"] == {"totalCount": 2, "nodes": []}
    past = cursor("cursor:v2:SearchHit:2")
    assert [error["message"] for error in gql(query, after=past)["errors"]] == [
        f'"after" points past the last of the 2 hits of this search: "{past}"; {FIX}'
    ]


def test_nested_connections_page_per_parent(data: Data) -> None:
    regions = data(
        "{ regions(kind: PROVINCE) { name cases(first: 2) { totalCount pageInfo { hasNextPage } nodes { title } } } }"
    )
    yunnan = regions["regions"][0]["cases"]
    assert yunnan["totalCount"] == 6
    assert yunnan["pageInfo"]["hasNextPage"] is True
    assert len(yunnan["nodes"]) == 2
    assert regions["regions"][1]["cases"] == {"totalCount": 0, "pageInfo": {"hasNextPage": False}, "nodes": []}
