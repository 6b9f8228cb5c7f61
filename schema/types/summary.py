"""Grouped sums of statistics for charts, never adding figures that do not add up."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from db.queries.statistics import Dimension, GroupRow
from schema.context import loaders
from schema.enums import Metric, StatisticDimension
from schema.types.catalogs import Category, Operation, Penalty
from schema.types.common import Period
from schema.types.region import Region
from schema.types.statistic import Statistic

#: Groups are always split by these, whatever the client asks: adding a city's figure to its
#: province's counts it twice, and figures of different metrics or periods do not add up.
ALWAYS_SPLIT = (StatisticDimension.METRIC, StatisticDimension.REGION, StatisticDimension.PERIOD)

DIMENSIONS = {
    StatisticDimension.CATEGORY: Dimension.CATEGORY,
    StatisticDimension.REGION: Dimension.REGION,
    StatisticDimension.METRIC: Dimension.METRIC,
    StatisticDimension.OPERATION: Dimension.OPERATION,
    StatisticDimension.PENALTY: Dimension.PENALTY,
    StatisticDimension.PERIOD: Dimension.PERIOD,
}


@strawberry.type(
    description=(
        "One bar of a chart: the sum of the statistics that share the group's dimensions. Groups are always "
        "split by metric, region, period and unit, so a sum never mixes units, periods or nested regions."
    )
)
class StatisticGroup:
    metric: Metric = strawberry.field(description="The metric all its statistics share.")
    value: float = strawberry.field(description="The sum of the statistics' normalized values.")
    unit: str = strawberry.field(description="The normalized unit of the sum: CNY, kg or count.")
    at_least: bool = strawberry.field(description="True where any figure in the sum is a lower bound.")
    count: int = strawberry.field(description="How many statistics the sum adds up.")
    row: strawberry.Private[GroupRow]

    @classmethod
    def from_row(cls, row: GroupRow) -> StatisticGroup:
        assert row.metric is not None  # groups are always split by metric
        return cls(
            metric=Metric(row.metric),
            value=row.value,
            unit=row.normalized_unit,
            at_least=row.at_least,
            count=len(row.statistic_ids),
            row=row,
        )

    @strawberry.field(description="The category, when grouped by CATEGORY.")
    def category(self, info: Info) -> Category | None:
        category_id = self.row.category_id
        return Category.from_row(loaders(info).entry("Category", category_id)) if category_id else None

    @strawberry.field(description="The region all its statistics share.")
    def region(self, info: Info) -> Region:
        assert self.row.region_id is not None  # groups are always split by region
        return Region.from_row(loaders(info).region(self.row.region_id))

    @strawberry.field(description="The operation, when grouped by OPERATION (null for figures credited to none).")
    def operation(self, info: Info) -> Operation | None:
        operation_id = self.row.operation_id
        return Operation.from_row(loaders(info).entry("Operation", operation_id)) if operation_id else None

    @strawberry.field(
        description="The penalty, when grouped by PENALTY (null for figures that count no people to whom "
        "one thing was done)."
    )
    def penalty(self, info: Info) -> Penalty | None:
        penalty_id = self.row.penalty_id
        return Penalty.from_row(loaders(info).entry("Penalty", penalty_id)) if penalty_id else None

    @strawberry.field(description="The period all its statistics share; null for figures the article gives no period.")
    def period(self, info: Info) -> Period | None:
        period_id = self.row.period_id
        return Period.from_row(loaders(info).catalog.periods[period_id]) if period_id else None

    @strawberry.field(description="The statistics in the sum, in article order, with their sources.")
    def statistics(self, info: Info) -> list[Statistic]:
        return [Statistic.from_row(row) for row in loaders(info).statistics_by_id(self.row.statistic_ids)]


def dimensions(group_by: list[StatisticDimension]) -> list[Dimension]:
    return [DIMENSIONS[d] for d in StatisticDimension if d in group_by or d in ALWAYS_SPLIT]
