"""Hand-written operations for tests/test_schema_executor.py: the paths a corpus may miss.

Null propagation through nullable and non-null parents, aliases of one field with different
arguments, fragments on the Node interface and the SearchTarget union, @skip/@include with
variables, operation names, bad variables, and what falls back to graphql-core's executor.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any


def gid(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    compiled: bool = True  # runs from a plan, not graphql-core's executor
    errors: list[str] | None = field(default=None)  # the messages expected, in order, when given
    data_is_null: bool | None = None


TOO_MANY = '"first" must be between 0 and 100, got 500'
EVERY_TYPE = [
    gid("Region", "dali"),
    gid("Category", "FRAUD"),
    gid("Penalty", "ARREST"),
    gid("Operation", "JINGWANG"),
    gid("Article", "1"),
    gid("Case", "qujing-illegal-servers"),
    gid("Outcome", "liu-defames-dong-cunrui/1"),
    gid("Statistic", "drugs-funds-seized"),
    gid("Measure", "kunming-outdoor-screens"),
    gid("Region", "nowhere"),
    gid("Nothing", "at-all"),
]
NODE_FIELDS = """
fragment N on Node { id __typename ...Named }
fragment Named on Node {
  ... on Region { name cases { totalCount nodes { title } } }
  ... on Category { code name }
  ... on Penalty { code outcomes(first: 2) { nodes { description } } }
  ... on Operation { code }
  ... on Article { title publishedAt }
  ... on Case { title occurredOn { iso } }
  ... on Outcome { quantity atLeast }
  ... on Statistic { metric value period { start end } }
  ... on Measure { regions { name } }
}"""
SKIP = """query($skip: Boolean!, $include: Boolean!) {
  regions(kind: FOREIGN) {
    name @skip(if: $skip)
    nameEn @include(if: $include)
    ... on Region @include(if: $include) { code kind }
    ... @skip(if: $skip) { key: fullName }
  }
}"""

CASES = [
    Case("root-non-null-raises", "{ cases(first: 500) { totalCount } }", errors=[TOO_MANY], data_is_null=True),
    Case(
        "non-null-under-nullable-parent",
        '{ region(code: "530800") { name cases(first: 500) { totalCount } } regions(kind: FOREIGN) { name } }',
        errors=[TOO_MANY],
        data_is_null=False,
    ),
    Case(
        "non-null-through-non-null-list-to-root",
        '{ article { title } regions { name cases(after: "bad") { totalCount } } }',
        errors=[
            '"after" is not a cursor from this API: "bad"; page with the cursors this list returned '
            "(edges.cursor, pageInfo.endCursor, pageInfo.startCursor)"
        ],
        data_is_null=True,
    ),
    Case(
        "non-null-through-non-null-parents-to-nullable-node",
        f'{{ node(id: "{gid("Region", "dali")}") {{ ... on Region {{ cases {{ nodes {{ title'
        " region { cases(first: 500) { totalCount } } } } } } article { title } }",
        errors=[TOO_MANY],
        data_is_null=False,
    ),
    Case(
        "errors-in-nullable-list-items",
        "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Region { name cases(first: 500) { totalCount } } } }",
        {"ids": [gid("Region", "dali"), gid("Case", "qujing-illegal-servers"), gid("Region", "kunming")]},
        errors=[TOO_MANY, TOO_MANY],
        data_is_null=False,
    ),
    Case(
        "malformed-ids-are-errors-in-their-slots",
        'query($ids: [ID!]!) { nodes(ids: $ids) { id } node(id: "bm9wZQ==") { id } article { title } }',
        {"ids": [gid("Region", "dali"), "bm9wZQ==", gid("Nothing", "at-all"), "not base64!", gid("Case", "x")]},
        errors=[
            '"bm9wZQ==" is not an ID from this API',
            '"not base64!" is not an ID from this API',
            '"bm9wZQ==" is not an ID from this API',
        ],
        data_is_null=False,
    ),
    Case(
        "nullable-field-errors-and-siblings-go-on",
        '{ a: region(code: "530800", name: "普洱") { name } b: regions(kind: FOREIGN) { name }'
        ' c: region(name: "nowhere") { name } }',
        errors=['give exactly one of "code" and "name"'],
        data_is_null=False,
    ),
    Case(
        "aliases-of-one-field-with-different-arguments",
        '{ a: cases(first: 1) { nodes { title } } b: cases(first: 2, after: "Y3Vyc29yOnYyOkNhc2U6MQ==")'
        " { nodes { title } } f: regions(kind: FOREIGN) { name } p: regions(kind: PREFECTURE) { name }"
        " regions(kind: FOREIGN) { code } regions(kind: FOREIGN) { nameEn } }",
    ),
    Case(
        "fragments-on-the-node-interface",
        "query($ids: [ID!]!) { nodes(ids: $ids) { ...N } }" + NODE_FIELDS,
        {"ids": EVERY_TYPE},
    ),
    Case(
        "fragments-on-the-search-union",
        """{ search(text: "诈骗", first: 50) { totalCount pageInfo { hasNextPage endCursor }
              nodes { snippet target { __typename ...P ... on Case { title region { name } }
                ... on Statistic { metric value } ... on Measure { id } } } } }
           fragment P on Paragraph { index text }""",
    ),
    Case("skip-include-true-false", SKIP, {"skip": True, "include": False}),
    Case("skip-include-false-true", SKIP, {"skip": False, "include": True}),
    Case(
        "operation-name-picks-the-operation",
        "query A { regions(kind: FOREIGN) { name } } query B($c: String) { region(code: $c) { name } }",
        {"c": "530100"},
        operation_name="B",
    ),
    Case(
        "filters-and-enums-from-variables",
        """query($f: CaseFilter, $s: StatisticFilter, $g: [StatisticDimension!]!) {
             cases(filter: $f) { totalCount nodes { title category { code parent { code } } } }
             statistics(filter: $s, last: 3) { nodes { metric value normalizedValue atLeast } }
             statisticSummary(groupBy: $g, filter: $s) { metric value unit count penalty { code } category { name } }
           }""",
        {
            "f": {"region": "昆明市", "penalty": "ARREST", "occurredFrom": "2017-01-01"},
            "s": {"category": "VICE"},
            "g": ["PENALTY", "CATEGORY"],
        },
    ),
    Case(
        "bad-input-object-values",
        "query($f: CaseFilter) { cases(filter: $f) { totalCount } } ",
        {"f": {"region": "nowhere"}},
        errors=['"CaseFilter.region": no region has the code or name "nowhere"'],
    ),
    Case("missing-variable", "query($t: String!) { search(text: $t) { totalCount } }", compiled=False),
    Case("unknown-operation-name", "query A { __typename }", operation_name="B", compiled=False),
    Case("introspection-falls-back", "{ __schema { queryType { name } } __typename }", compiled=False),
    Case("type-introspection-falls-back", '{ __type(name: "Region") { name fields { name } } }', compiled=False),
    Case(
        "typename-everywhere",
        "{ __typename regions(kind: FOREIGN) { __typename t: __typename } cases(first: 1) { __typename"
        " pageInfo { __typename } edges { __typename cursor node { __typename id } } } }",
    ),
    Case(
        "deep-relations-both-ways",
        """{ penalties { code outcomes(first: 100) { totalCount edges { cursor node { key: id case { title
              figures { label value sources { text } } victimPlaces { name victimCases { title } }
              parties { kind } operations { code children { code } parent { code } statistics { metric } } }
              subject { name } } } } } }""",
    ),
]
