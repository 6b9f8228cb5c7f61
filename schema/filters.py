"""The filter inputs, and their translation into db filters with codes resolved to ids."""

from __future__ import annotations

import strawberry

from db.catalog import Catalog
from db.fts import Query
from db.queries.cases import CaseFilter as CaseQuery
from db.queries.statistics import StatisticFilter as StatisticQuery
from schema.arguments import given
from schema.enums import CategoryCode, Metric, OperationCode, PenaltyCode
from schema.errors import bad_user_input
from schema.scalars import DateBound

_REGION = "A region's GB/T 2260 code (530100) or name, short or full (昆明 / 昆明市)"


@strawberry.input(description="Conditions on cases; all given conditions must hold (AND).")
class CaseFilter:
    category: CategoryCode | None = strawberry.field(
        default=strawberry.UNSET, description="Cases of this category or its subcategories (VICE includes DRUGS)."
    )
    region: str | None = strawberry.field(
        default=strawberry.UNSET, description=f"{_REGION}: cases in it or in the regions below it."
    )
    operation: OperationCode | None = strawberry.field(
        default=strawberry.UNSET, description="Cases the article ties to this operation."
    )
    penalty: PenaltyCode | None = strawberry.field(
        default=strawberry.UNSET, description="Cases with at least one outcome of this penalty."
    )
    occurred_from: DateBound | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Cases that may have happened on or after this day, or the first day of this month or year "
            "(2018-05: from 2018-05-01). A case dated 2018-05 counts as all of May."
        ),
    )
    occurred_to: DateBound | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Cases that may have happened on or before this day, or the last day of this month or year "
            "(2018-05: through 2018-05-31)."
        ),
    )
    text: str | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Words in the case's Chinese or English title or summary, or its parties' Chinese names (董存瑞, fraud)."
        ),
    )

    def to_query(self, catalog: Catalog) -> CaseQuery:
        category, region, text = given(self.category), given(self.region), given(self.text)
        operation, penalty = given(self.operation), given(self.penalty)
        occurred_from, occurred_to = given(self.occurred_from), given(self.occurred_to)
        return CaseQuery(
            category_id=catalog.categories.code(category.name).id if category else None,
            region_id=region_id(catalog, region, "CaseFilter.region") if region is not None else None,
            operation_id=catalog.operations.code(operation.name).id if operation else None,
            penalty_id=catalog.penalties.code(penalty.name).id if penalty else None,
            occurred_from=occurred_from.first.isoformat() if occurred_from else None,
            occurred_to=occurred_to.last.isoformat() if occurred_to else None,
            match=search_query(text, "CaseFilter.text").match_expression() if text is not None else None,
        )


@strawberry.input(description="Conditions on statistics; all given conditions must hold (AND).")
class StatisticFilter:
    category: CategoryCode | None = strawberry.field(
        default=strawberry.UNSET, description="Statistics of this category or its subcategories."
    )
    region: str | None = strawberry.field(
        default=strawberry.UNSET,
        description=f"{_REGION}: statistics of exactly this region (a province figure is not a city figure).",
    )
    metric: Metric | None = strawberry.field(default=strawberry.UNSET, description="Statistics of this metric.")
    operation: OperationCode | None = strawberry.field(
        default=strawberry.UNSET, description="Statistics the article ties to this operation."
    )
    penalty: PenaltyCode | None = strawberry.field(
        default=strawberry.UNSET,
        description="Statistics counting people to whom this was done (抓获, 刑拘4人); see Statistic.penalty.",
    )
    headline: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="true: only the headline figures (Statistic.headline); false: only the others.",
    )

    def to_query(self, catalog: Catalog) -> StatisticQuery:
        category, region, metric = given(self.category), given(self.region), given(self.metric)
        operation, penalty = given(self.operation), given(self.penalty)
        return StatisticQuery(
            category_ids=catalog.categories.subtree[catalog.categories.code(category.name).id] if category else None,
            region_id=region_id(catalog, region, "StatisticFilter.region") if region is not None else None,
            metric=metric.name if metric else None,
            operation_id=catalog.operations.code(operation.name).id if operation else None,
            penalty_id=catalog.penalties.code(penalty.name).id if penalty else None,
            headline=given(self.headline),
        )


def region_id(catalog: Catalog, code_or_name: str, argument: str) -> int:
    region = catalog.find_region(code_or_name)
    if region is None:
        raise bad_user_input(f'"{argument}": no region has the code or name "{code_or_name[:40]}"')
    return region.id


def search_query(text: str, argument: str, *, prefix: bool = False) -> Query:
    query = Query.parse(text, prefix=prefix)
    if query.is_empty:
        raise bad_user_input(f'"{argument}" must contain a letter, digit or Chinese character, got "{text[:40]}"')
    return query
