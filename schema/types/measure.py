"""Governance measures and the regions that took them."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.rows import MeasureRow
from schema.context import loaders
from schema.types.common import SourceSpan
from schema.types.region import Region


@strawberry.type(description="A governance measure the article reports, by region.")
class Measure(relay.Node):
    key: relay.NodeID[str]
    description: str = strawberry.field(
        description="What was done, in Chinese, in the article's words, trimmed (sources holds the exact quotes)."
    )
    description_en: str = strawberry.field(description="What was done, in English.")
    row_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: MeasureRow) -> Measure:
        return cls(key=row.key, description=row.description, description_en=row.description_en, row_id=row.id)

    @strawberry.field(description="Regions the article names as taking the measure.")
    def regions(self, info: Info) -> list[Region]:
        load = loaders(info)
        return [Region.from_row(row) for row in load.regions(load.measure_regions(self.row_id))]

    @strawberry.field(description="Where the article reports it.")
    def sources(self, info: Info) -> list[SourceSpan]:
        return [SourceSpan.from_row(row) for row in loaders(info).sources("Measure", self.row_id)]
