"""The benchmark's queries, each as jingwang is asked it and as datasette-graphql can ask it.

datasette-graphql derives its schema from the tables (`cases_list` for the cases pointing at
a region, `penalty_id { … }` for a foreign key), so each query that it can express carries
its spelling there and a function mapping its answer onto jingwang's shape; the run checks
that the mapped answer equals jingwang's before timing anything. Relations are asked for
exactly (`includeSubregions: false`), because datasette-graphql cannot follow our closure
tables; where it cannot express a query at all, `unsupported` says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from api.graphiql import EXAMPLES_DIR, Example
from tests import benchmark_queries as jingwang

Database = Literal["article", "large"]
Json = Any

DATASETTE_OUTCOME_FIELDS = "quantity unit at_least description_ penalty_id { code name }"
DATASETTE_CASE_FIELDS = (
    "title occurred_year occurred_month occurred_day"
    f" outcomes_list(first: 100, sort: id) {{ nodes {{ {DATASETTE_OUTCOME_FIELDS} }} }}"
)


@dataclass(frozen=True)
class Query:
    """One benchmark query: what it measures, where, and how each server is asked it."""

    name: str
    title: str
    database: Database
    graphql: str
    datasette: str | None = None
    from_datasette: Callable[[Json], Json] | None = None
    unsupported: str | None = None


def _iso(year: int | None, month: int | None, day: int | None) -> dict[str, str] | None:
    """jingwang's `occurredOn { iso }` from the three columns datasette returns."""
    if year is None:
        return None
    parts = [f"{year:04d}", *(f"{part:02d}" for part in (month, day) if part is not None)]
    return {"iso": "-".join(parts)}


def _outcome(row: Json) -> Json:
    return {
        "quantity": row["quantity"],
        "unit": row["unit"],
        "atLeast": bool(row["at_least"]),
        "description": row["description_"],
        "penalty": row["penalty_id"],
    }


def _case(row: Json) -> Json:
    return {
        "title": row["title"],
        "occurredOn": _iso(row["occurred_year"], row["occurred_month"], row["occurred_day"]),
        "outcomes": [_outcome(outcome) for outcome in row["outcomes_list"]["nodes"]],
    }


def _cases(connection: Json) -> Json:
    return {"totalCount": connection["totalCount"], "nodes": [_case(row) for row in connection["nodes"]]}


def _q1(data: Json) -> Json:
    return {
        "regions": [
            {
                "code": row["code"],
                "name": row["name"],
                "nameEn": row["name_en"],
                "kind": row["kind"],
                "cases": _cases(row["cases_list"]),
            }
            for row in data["regions"]["nodes"]
        ]
    }


def _q2(data: Json) -> Json:
    (row,) = data["regions"]["nodes"]
    return {"region": {"name": row["name"], "cases": _cases(row["cases_list"])}}


def _q4(data: Json) -> Json:
    return {
        "statistics": {
            "totalCount": data["statistics"]["totalCount"],
            "nodes": [
                {
                    "metric": row["metric"]["code"],
                    "value": row["value"],
                    "unit": row["unit"],
                    "atLeast": bool(row["at_least"]),
                    "normalizedValue": row["normalized_value"],
                    "normalizedUnit": row["normalized_unit"],
                    "category": row["category_id"],
                    "period": row["period_id"],
                    "sources": [
                        {"paragraph": s["paragraph"]["number"], "start": s["start"], "end": s["end"], "text": s["text"]}
                        for s in row["statistic_sources_list"]["nodes"]
                    ],
                }
                for row in data["statistics"]["nodes"]
            ],
        }
    }


def _q2_query(database: Database, first: int = 20) -> Query:
    name = "Q2" if first == 20 else f"Q2·{first}"
    return Query(
        name=name if database == "large" else f"{name}·article",
        title=f"one region's first {first} cases with outcomes",
        database=database,
        graphql=jingwang.region_cases(first),
        datasette=f"""{{
  regions(filter: [{{code: {{eq: "530100"}}}}]) {{
    nodes {{ name cases_list(first: {first}, sort: id) {{ totalCount nodes {{ {DATASETTE_CASE_FIELDS} }} }} }}
  }}
}}""",
        from_datasette=_q2,
    )


Q1 = Query(
    name="Q1",
    title="all regions → first 10 cases → outcomes",
    database="article",
    graphql=jingwang.REGIONS_CASES_OUTCOMES,
    datasette=f"""{{
  regions(first: 1000, sort: id) {{
    nodes {{
      code name name_en kind
      cases_list(first: 10, sort: id) {{ totalCount nodes {{ {DATASETTE_CASE_FIELDS} }} }}
    }}
  }}
}}""",
    from_datasette=_q1,
)

Q3 = Query(
    name="Q3",
    title="{ __typename }",
    database="article",
    graphql=jingwang.TYPENAME,
    datasette="{ __typename }",
    from_datasette=lambda data: data,
)

Q4 = Query(
    name="Q4",
    title="filtered statistics page with sources",
    database="large",
    graphql=jingwang.STATISTICS_PAGE,
    datasette="""{
  statistics(
    where: "region_id = (SELECT id FROM regions WHERE code = '530100')"
    filter: [{metric: {eq: "SUSPECTS_ARRESTED"}}], first: 20, sort: id
  ) {
    totalCount
    nodes {
      metric { code } value unit at_least normalized_value normalized_unit
      category_id { code name } period_id { label }
      statistic_sources_list(first: 100, sort: position) { nodes { paragraph { number } start end text } }
    }
  }
}""",
    from_datasette=_q4,
)

Q5 = Query(
    name="Q5",
    title="search 诈骗, first 5 hits",
    database="large",
    graphql=Example.read(EXAMPLES_DIR / "04-search.graphql").query,  # the playground's search example
    unsupported=(
        "its `search:` quotes each space-separated word, so it cannot ask our index of character pairs"
        " for the phrase 诈骗, and it has no snippets and no order across kinds"
    ),
)


def _q5_query(name: str, term: str) -> Query:
    """Q5 with another term: one row per length of term (issue 16), the same selection."""
    return Query(
        name=name,
        title=f"search {term}, first 5 hits",
        database="large",
        graphql=Q5.graphql.replace('"诈骗"', f'"{term}"'),
        unsupported=Q5.unsupported,
    )


#: Q5's term is two characters; these are one, three, four and eight, and a Latin word in every case.
Q5_TERMS = {
    term: _q5_query(name, term)
    for name, term in [
        ("Q5·1", "枪"),
        ("Q5·3", "董存瑞"),
        ("Q5·4", "网络诈骗"),
        ("Q5·8", "侵犯公民个人信息"),
        ("Q5·en", "police"),
    ]
}

Q6 = Query(
    name="Q6",
    title="statisticSummary chart aggregate",
    database="large",
    graphql=jingwang.STATISTIC_SUMMARY,
    unsupported="it exposes rows of tables and views only: no GROUP BY or SUM",
)

Q2 = _q2_query("large")
#: The same query on the article database: Q2's latency over this one is how much growing the data costs.
Q2_ARTICLE = _q2_query("article")
#: Q2 asking for 2 cases, which 昆明 has on both databases: the same answer size, so the ratio of
#: these two is what 200,000 cases cost by themselves (Q2's own ratio also counts its 10× larger answer).
Q2_SMALL = _q2_query("large", first=2)
Q2_SMALL_ARTICLE = _q2_query("article", first=2)

ALL: tuple[Query, ...] = (Q1, Q2, Q2_ARTICLE, Q2_SMALL, Q2_SMALL_ARTICLE, Q3, Q4, Q5, *Q5_TERMS.values(), Q6)
