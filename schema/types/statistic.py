"""Statistics: the aggregate figures the article reports, each with every place it states them."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.rows import StatisticRow
from schema.context import loaders
from schema.enums import Metric
from schema.types.catalogs import Category, Operation, Penalty
from schema.types.common import Period, SourceSpan
from schema.types.region import Region


@strawberry.type(
    description=(
        "An aggregate figure the article reports for a region, and for a period where it states one: "
        "cases solved, suspects arrested, items seized, money recovered. Numbers about one example "
        "case belong to that case (Case.figures, Outcome.quantity), not here."
    )
)
class Statistic(relay.Node):
    key: relay.NodeID[str]
    metric: Metric = strawberry.field(description="What the figure counts or measures.")
    value: float = strawberry.field(
        description="The figure as the article states it, in the article's unit: 1638 with unit 万元."
    )
    unit: str = strawberry.field(description="The article's unit: 起, 人, 万元, 千克.")
    at_least: bool = strawberry.field(description="True where the article gives a lower bound (1000余, 上万).")
    headline: bool = strawberry.field(
        description=(
            "True where the article states the figure in its title or lead (paragraphs 1, 3 and 4): "
            "its headline figures."
        )
    )
    normalized_value: float = strawberry.field(
        description="The figure in a base unit: 16380000 CNY; kg for mass; count for everything counted."
    )
    normalized_unit: str = strawberry.field(description="The base unit: CNY, kg or count.")
    row_id: strawberry.Private[int]
    category_id: strawberry.Private[int]
    region_id: strawberry.Private[int]
    operation_id: strawberry.Private[int | None]
    penalty_id: strawberry.Private[int | None]
    period_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: StatisticRow) -> Statistic:
        return cls(
            key=row.key,
            metric=Metric(row.metric),
            value=row.value,
            unit=row.unit,
            at_least=bool(row.at_least),
            headline=bool(row.headline),
            normalized_value=row.normalized_value,
            normalized_unit=row.normalized_unit,
            row_id=row.id,
            category_id=row.category_id,
            region_id=row.region_id,
            operation_id=row.operation_id,
            penalty_id=row.penalty_id,
            period_id=row.period_id,
        )

    @strawberry.field(description="The offense category it belongs to.")
    def category(self, info: Info) -> Category:
        return Category.from_row(loaders(info).entry("Category", self.category_id))

    @strawberry.field(description="The region it is given for: exactly this region, not the ones below.")
    def region(self, info: Info) -> Region:
        return Region.from_row(loaders(info).region(self.region_id))

    @strawberry.field(description="The operation the article credits it to, where it names one.")
    def operation(self, info: Info) -> Operation | None:
        if self.operation_id is None:
            return None
        return Operation.from_row(loaders(info).entry("Operation", self.operation_id))

    @strawberry.field(
        description="Set only for arrests, detentions and admonitions (抓获, 刑事拘留, 行政拘留, 教育训诫); null for "
        "other figures about people (cheaters caught, people identified, people dissuaded): filter those by metric."
    )
    def penalty(self, info: Info) -> Penalty | None:
        if self.penalty_id is None:
            return None
        return Penalty.from_row(loaders(info).entry("Penalty", self.penalty_id))

    @strawberry.field(
        description=(
            "The period the figure covers (2017年以来: 2017-01-01 to the publication date); "
            "null where the article states none."
        )
    )
    def period(self, info: Info) -> Period | None:
        if self.period_id is None:
            return None
        return Period.from_row(loaders(info).catalog.periods[self.period_id])

    @strawberry.field(
        description=(
            "Every place the article states this figure; a figure stated twice is one statistic with two sources."
        )
    )
    def sources(self, info: Info) -> list[SourceSpan]:
        return [SourceSpan.from_row(row) for row in loaders(info).sources("Statistic", self.row_id)]
