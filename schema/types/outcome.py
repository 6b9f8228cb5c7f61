"""Outcomes: what was done to whom in a case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.rows import OutcomeRow
from schema.context import loaders
from schema.types.catalogs import Penalty
from schema.types.common import Party, SourceSpan

if TYPE_CHECKING:
    from schema.types.case import Case


@strawberry.type(
    description=(
        "What was done to whom in a case: an arrest, a detention, a fine, a seizure "
        "(quantity and unit where the article gives them)."
    )
)
class Outcome(relay.Node):
    key: relay.NodeID[str]
    quantity: float | None = strawberry.field(
        description="How many, where the article says: 10 for 10余人, 16 for 16台."
    )
    unit: str | None = strawberry.field(description="The unit of the quantity as stated: 人, 台.")
    at_least: bool = strawberry.field(description="True where the quantity is a lower bound (10余人).")
    description: str = strawberry.field(description="What was done, in the article's words.")
    description_en: str = strawberry.field(description="What was done, in English.")
    row_id: strawberry.Private[int]
    penalty_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: OutcomeRow) -> Outcome:
        return cls(
            key=row.key,
            quantity=row.quantity,
            unit=row.unit,
            at_least=bool(row.at_least),
            description=row.description,
            description_en=row.description_en,
            row_id=row.id,
            penalty_id=row.penalty_id,
        )

    @strawberry.field(name="case", description="The case this is an outcome of.")
    def case_(self, info: Info) -> Annotated[Case, strawberry.lazy("schema.types.case")]:
        from schema.types.case import Case

        return Case.from_row(loaders(info).outcome_case(self.row_id))

    @strawberry.field(description="The kind of penalty or measure.")
    def penalty(self, info: Info) -> Penalty:
        return Penalty.from_row(loaders(info).entry("Penalty", self.penalty_id))

    @strawberry.field(description="To whom it was done, where the article says (null for a seizure of things).")
    def subject(self, info: Info) -> Party | None:
        row = loaders(info).outcome_subject(self.row_id)
        return Party.from_row(row) if row is not None else None

    @strawberry.field(description="Where the article states it.")
    def sources(self, info: Info) -> list[SourceSpan]:
        return [SourceSpan.from_row(row) for row in loaders(info).sources("Outcome", self.row_id)]
