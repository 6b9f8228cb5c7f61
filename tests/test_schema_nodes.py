"""Global IDs: every Node type round-trips through node(id:) and nodes(ids:)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

Data = Callable[..., Any]
Gql = Callable[..., dict[str, Any]]

#: A query returning ids of every Node type, and the field naming each object.
EVERY_NODE = """{
  article { id title }
  regions { id name }
  categories { id name }
  operations { id name }
  penalties { id name }
  cases(first: 100) { nodes { id name: title outcomes { id name: description } } }
  statistics(first: 100) { nodes { id name: unit } }
  region(name: "昆明") { measures { id name: description } }
}"""


def objects(value: Any) -> list[dict[str, Any]]:
    """Every {id, name…} object in a response, depth first."""
    found = []
    if isinstance(value, dict):
        if "id" in value:
            found.append(value)
        for child in value.values():
            found += objects(child)
    elif isinstance(value, list):
        for item in value:
            found += objects(item)
    return found


@pytest.fixture(scope="module")
def every_node(data: Data) -> list[dict[str, Any]]:
    return objects(data(EVERY_NODE))


def test_every_node_type_has_objects(every_node: list[dict[str, Any]]) -> None:
    types = {base64.b64decode(node["id"]).decode().split(":")[0] for node in every_node}
    assert types == {"Article", "Region", "Category", "Operation", "Penalty", "Case", "Outcome", "Statistic", "Measure"}


def test_node_returns_the_object_of_every_id(data: Data, every_node: list[dict[str, Any]]) -> None:
    for node in every_node:
        result = data("query($id: ID!) { node(id: $id) { __typename id } }", id=node["id"])
        assert result["node"]["id"] == node["id"]


def test_nodes_returns_them_all_in_order(data: Data, every_node: list[dict[str, Any]]) -> None:
    ids = [node["id"] for node in every_node]
    result = data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", ids=ids)
    assert [node["id"] for node in result["nodes"]] == ids


def test_ids_are_stable_slugs() -> None:
    assert base64.b64decode("Q2FzZTpxdWppbmctaWxsZWdhbC1zZXJ2ZXJz") == b"Case:qujing-illegal-servers"


def test_a_well_formed_id_of_nothing_is_null(data: Data) -> None:
    missing = [base64.b64encode(text.encode()).decode() for text in ("Case:no-such-case", "Region:atlantis", "Nope:1")]
    query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } node(id: "Q2F0ZWdvcnk6Tk9QRQ==") { id } }'
    result = data(query, ids=missing)
    assert result == {"nodes": [None, None, None], "node": None}


@pytest.mark.parametrize("bad_id", ["not base64!", "bm8gY29sb24="])
def test_a_malformed_id_is_bad_user_input(gql: Gql, bad_id: str) -> None:
    result = gql("query($id: ID!) { node(id: $id) { id } }", id=bad_id)
    assert result["data"] == {"node": None}
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert result["errors"][0]["message"] == f'"{bad_id}" is not an ID from this API'


def test_a_malformed_id_in_nodes_is_null_in_its_slot_and_the_rest_stands(gql: Gql) -> None:
    dali = "UmVnaW9uOmRhbGk="
    result = gql(f'{{ nodes(ids: ["{dali}", "bm9wZQ==", "{dali}"]) {{ id }} article {{ publisher }} }}')
    assert result["data"] == {"nodes": [{"id": dali}, None, {"id": dali}], "article": {"publisher": "云南网"}}
    assert result["errors"] == [
        {
            "message": '"bm9wZQ==" is not an ID from this API',
            "locations": [{"line": 1, "column": 3}],
            "path": ["nodes", 1],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]


def test_a_malformed_id_in_node_is_null_beside_the_other_root_fields(gql: Gql) -> None:
    result = gql('{ article { publisher } node(id: "bm9wZQ==") { id } regions(kind: FOREIGN) { code } }')
    assert result["data"] == {"article": {"publisher": "云南网"}, "node": None, "regions": [{"code": None}] * 3}
    assert [(error["path"], error["extensions"]) for error in result["errors"]] == [
        (["node"], {"code": "BAD_USER_INPUT"})
    ]


def test_at_most_250_ids(gql: Gql) -> None:
    ids = [base64.b64encode(f"Case:{n}".encode()).decode() for n in range(251)]
    result = gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", ids=ids)
    assert result["errors"][0]["message"] == '"ids" may hold at most 250 IDs, got 251'
    assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
