"""The benchmark's queries as jingwang is asked them: the tests check their answers, bench/ times them.

They live here, not in bench/, because tests must not import bench/ (bench.queries adds how
datasette-graphql is asked the same and maps its answers). Q5 is the playground's search example,
api/examples/04-search.graphql.
"""

from __future__ import annotations

OUTCOME_FIELDS = "quantity unit atLeast description penalty { code name }"
CASE_FIELDS = f"title occurredOn {{ iso }} outcomes {{ {OUTCOME_FIELDS} }}"

#: Q1: all regions → first 10 cases → outcomes, on the article database.
REGIONS_CASES_OUTCOMES = f"""{{
  regions {{
    code name nameEn kind
    cases(first: 10, includeSubregions: false) {{
      totalCount
      nodes {{ {CASE_FIELDS} }}
    }}
  }}
}}"""

#: Q3: the fixed cost of a request.
TYPENAME = "{ __typename }"

#: Q4: a filtered statistics page with sources.
STATISTICS_PAGE = """{
  statistics(filter: { region: "530100", metric: SUSPECTS_ARRESTED }, first: 20) {
    totalCount
    nodes {
      metric value unit atLeast normalizedValue normalizedUnit
      category { code name } period { label } sources { paragraph start end text }
    }
  }
}"""

#: Q6: the chart aggregate.
STATISTIC_SUMMARY = """{
  statisticSummary(groupBy: [CATEGORY], filter: { region: "530100", metric: SUSPECTS_ARRESTED }) {
    category { code name } region { name } period { label } value unit atLeast count
  }
}"""


def region_cases(first: int) -> str:
    """Q2: 昆明's first `first` cases with outcomes."""
    return f"""{{
  region(code: "530100") {{
    name
    cases(first: {first}, includeSubregions: false) {{
      totalCount
      nodes {{ {CASE_FIELDS} }}
    }}
  }}
}}"""


#: Each query by the benchmark's name for it.
BY_NAME = {
    "Q1": REGIONS_CASES_OUTCOMES,
    "Q2": region_cases(20),
    "Q2·2": region_cases(2),
    "Q3": TYPENAME,
    "Q4": STATISTICS_PAGE,
    "Q6": STATISTIC_SUMMARY,
}
