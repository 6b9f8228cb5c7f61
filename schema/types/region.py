"""Regions: Yunnan, its prefectures, a district, and the places of one case's victims."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.queries.cases import CaseScope
from db.rows import RegionRow
from schema.arguments import After, Before, First, Last, page_window
from schema.context import loaders
from schema.enums import RegionKind
from schema.filters import CaseFilter
from schema.pagination import Connection, connection
from schema.types.case import NO_FILTER, Case

if TYPE_CHECKING:
    from schema.types.measure import Measure
    from schema.types.statistic import Statistic


@strawberry.type(
    description=(
        "A region the article names: Yunnan, the 12 of its prefecture-level divisions the article names, "
        "the district 思茅区, or a place of one case's victims (台湾, 日本)."
    )
)
class Region(relay.Node):
    key: relay.NodeID[str]
    code: str | None = strawberry.field(description="GB/T 2260 administrative division code; null outside China.")
    name: str = strawberry.field(description="Short Chinese name: 昆明, 西双版纳.")
    full_name: str = strawberry.field(description="Full Chinese name: 昆明市, 西双版纳傣族自治州.")
    name_en: str = strawberry.field(description="Short English name: Kunming, Xishuangbanna.")
    full_name_en: str = strawberry.field(
        description="Full English name: Kunming City, Xishuangbanna Dai Autonomous Prefecture."
    )
    kind: RegionKind = strawberry.field(
        description="Its administrative level as GB/T 2260 files it, or FOREIGN; the article itself names "
        "台湾 only among victims' places, with no level."
    )
    row_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @classmethod
    @functools.lru_cache(maxsize=4096)  # catalog rows are few and never change: one object each
    def from_row(cls, row: RegionRow) -> Region:
        return cls(
            key=row.key,
            code=row.code,
            name=row.name,
            full_name=row.full_name,
            name_en=row.name_en,
            full_name_en=row.full_name_en,
            kind=RegionKind(row.kind),
            row_id=row.id,
            parent_id=row.parent_id,
        )

    @strawberry.field(description="The region it belongs to (普洱 for 思茅区); null for a province or a place abroad.")
    def parent(self, info: Info) -> Region | None:
        return Region.from_row(loaders(info).region(self.parent_id)) if self.parent_id is not None else None

    @strawberry.field(description="The regions directly below it that the article names.")
    def children(self, info: Info) -> list[Region]:
        catalog = loaders(info).catalog
        return [
            Region.from_row(row) for row in loaders(info).regions(r.id for r in catalog.region_children(self.row_id))
        ]

    @strawberry.field(
        description="Cases in this region and, unless includeSubregions is false, in the regions below it."
    )
    def cases(
        self,
        info: Info,
        case_filter: Annotated[
            CaseFilter | None, strawberry.argument(name="filter", description="Only cases meeting these conditions.")
        ] = strawberry.UNSET,
        include_subregions: Annotated[
            bool | None, strawberry.argument(description="Count cases of the regions below (default true).")
        ] = True,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Case]:
        load = loaders(info)
        query = case_filter.to_query(load.catalog) if case_filter else NO_FILTER
        scope = CaseScope.REGION if include_subregions is False else CaseScope.REGION_TREE
        window = page_window(load.catalog, "Case", first, after, last, before)
        page = load.case_page("Region", self.row_id, scope, query, window)
        return connection(page, Case.from_row, "Case")

    @strawberry.field(description="Cases whose victims the article places here (the reverse of Case.victimPlaces).")
    def victim_cases(self, info: Info) -> list[Case]:
        return [Case.from_row(row) for row in loaders(info).victim_cases(self.row_id)]

    @strawberry.field(description="Statistics the article gives for exactly this region, in article order.")
    def statistics(self, info: Info) -> list[Annotated[Statistic, strawberry.lazy("schema.types.statistic")]]:
        from schema.types.statistic import Statistic

        return [Statistic.from_row(row) for row in loaders(info).region_statistics(self.row_id)]

    @strawberry.field(description="Governance measures this region took, in article order.")
    def measures(self, info: Info) -> list[Annotated[Measure, strawberry.lazy("schema.types.measure")]]:
        from schema.types.measure import Measure

        return [Measure.from_row(row) for row in loaders(info).region_measures(self.row_id)]
