"""Example cases: what happened, where, to whom, and what the police did about it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.queries.cases import CaseFilter as CaseQuery
from db.rows import CaseRow, FigureRow
from schema.context import loaders
from schema.types.catalogs import Category, Operation
from schema.types.common import PartialDate, Party, SourceSpan
from schema.types.outcome import Outcome

if TYPE_CHECKING:
    from schema.types.region import Region

#: The filter that lets every case through.
NO_FILTER = CaseQuery()


@strawberry.type(
    description=(
        "A number the article gives about a case that is not an outcome: "
        "illegal gains, provinces and municipalities with victims, cases."
    )
)
class CaseFigure:
    label: str = strawberry.field(description="What the number counts, in Chinese: 非法获利.")
    label_en: str = strawberry.field(description="What the number counts, in English: Illegal gains.")
    value: float = strawberry.field(description="The number as stated, in `unit`: 100 for 100余万元.")
    unit: str | None = strawberry.field(description="The unit as stated: 万元, 省市.")
    at_least: bool = strawberry.field(description="True where the article gives a lower bound (100余).")
    normalized_value: float = strawberry.field(description="The number in a base unit: 1000000 for 100万元.")
    normalized_unit: str = strawberry.field(description="CNY for money, kg for mass, count for things counted.")
    row_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: FigureRow) -> CaseFigure:
        return cls(
            label=row.label,
            label_en=row.label_en,
            value=row.value,
            unit=row.unit,
            at_least=bool(row.at_least),
            normalized_value=row.normalized_value,
            normalized_unit=row.normalized_unit,
            row_id=row.id,
        )

    @strawberry.field(description="Where the article states the number.")
    def sources(self, info: Info) -> list[SourceSpan]:
        return [SourceSpan.from_row(row) for row in loaders(info).sources("CaseFigure", self.row_id)]


@strawberry.type(description="An example case the article reports, with its parties, outcomes and sources.")
class Case(relay.Node):
    key: relay.NodeID[str]
    title: str = strawberry.field(
        description="Chinese title: the article's name for the case where it gives one; otherwise a short title "
        "written for this API."
    )
    title_en: str = strawberry.field(description="English title.")
    summary: str = strawberry.field(
        description="What happened, in Chinese, in the article's words, trimmed (sources holds the exact quotes)."
    )
    summary_en: str = strawberry.field(description="What happened, in English.")
    occurred_on: PartialDate | None = strawberry.field(
        description="When it happened, to the year, month or day the article gives (for a case on two days, "
        "their month)."
    )
    row_id: strawberry.Private[int]
    region_id: strawberry.Private[int]
    category_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: CaseRow) -> Case:
        occurred = (
            PartialDate(year=row.occurred_year, month=row.occurred_month, day=row.occurred_day)
            if row.occurred_year is not None
            else None
        )
        return cls(
            key=row.key,
            title=row.title,
            title_en=row.title_en,
            summary=row.summary,
            summary_en=row.summary_en,
            occurred_on=occurred,
            row_id=row.id,
            region_id=row.region_id,
            category_id=row.category_id,
        )

    @strawberry.field(
        description=(
            "The case's region: the place the article names for what was done (思茅区, where the arrests were "
            "made), else the region whose police handled it (昆明), else Yunnan."
        )
    )
    def region(self, info: Info) -> Annotated[Region, strawberry.lazy("schema.types.region")]:
        from schema.types.region import Region

        return Region.from_row(loaders(info).region(self.region_id))

    @strawberry.field(description="The offense category of the section that reports it.")
    def category(self, info: Info) -> Category:
        return Category.from_row(loaders(info).entry("Category", self.category_id))

    @strawberry.field(description="Operations the article ties the case to.")
    def operations(self, info: Info) -> list[Operation]:
        load = loaders(info)
        return [Operation.from_row(load.entry("Operation", i)) for i in load.case_operations(self.row_id)]

    @strawberry.field(description="People, companies and groups the case concerns, as the article names them.")
    def parties(self, info: Info) -> list[Party]:
        return [Party.from_row(row) for row in loaders(info).parties(self.row_id)]

    @strawberry.field(
        description=(
            "Numbers the article gives about this case that are not outcomes: "
            "illegal gains of 100余万元, victims in 21 provinces and municipalities."
        )
    )
    def figures(self, info: Info) -> list[CaseFigure]:
        return [CaseFigure.from_row(row) for row in loaders(info).figures(self.row_id)]

    @strawberry.field(description="What was done, to whom, in article order.")
    def outcomes(self, info: Info) -> list[Outcome]:
        return [Outcome.from_row(row) for row in loaders(info).outcomes(self.row_id)]

    @strawberry.field(
        description=(
            "Places where the article puts the case's victims (澳大利亚, 日本), beyond the count in figures; "
            "where it ends the list with 等地 (and elsewhere), the list may be incomplete."
        )
    )
    def victim_places(self, info: Info) -> list[Annotated[Region, strawberry.lazy("schema.types.region")]]:
        from schema.types.region import Region

        load = loaders(info)
        return [Region.from_row(row) for row in load.regions(load.victim_places(self.row_id))]

    @strawberry.field(description="Where the article reports the case.")
    def sources(self, info: Info) -> list[SourceSpan]:
        return [SourceSpan.from_row(row) for row in loaders(info).sources("Case", self.row_id)]
