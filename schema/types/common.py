"""Small value types without relations: source spans, dates, periods, parties, paragraphs."""

from __future__ import annotations

from datetime import date

import strawberry

from db.rows import ParagraphRow, PartyRow, PeriodRow, SpanRow
from schema.enums import PartyKind, PartyRole


@strawberry.type(
    description=(
        "An exact quote from the article: paragraphs[paragraph].text[start:end] == text "
        "(0-based code-point offsets, end exclusive)."
    )
)
class SourceSpan:
    paragraph: int = strawberry.field(description="The paragraph's index (Article.paragraphs; the title is 1).")
    start: int = strawberry.field(description="Offset of the quote's first character in the paragraph, from 0.")
    end: int = strawberry.field(description="Offset just after the quote's last character.")
    text: str = strawberry.field(description="The quoted words, exactly as the article has them.")

    @classmethod
    def from_row(cls, row: SpanRow) -> SourceSpan:
        return cls(paragraph=row.paragraph, start=row.start, end=row.end, text=row.text)


@strawberry.type(description="One non-empty line of the article.")
class Paragraph:
    index: int = strawberry.field(description="Its number, from 1: the title is 1, the dateline 2.")
    text: str = strawberry.field(description="The line's text, exactly as published.")

    @classmethod
    def from_row(cls, row: ParagraphRow) -> Paragraph:
        return cls(index=row.number, text=row.text)


@strawberry.type(description="A date known to the year, month or day, as the article gives it.")
class PartialDate:
    year: int = strawberry.field(description="The year.")
    month: int | None = strawberry.field(description="The month (1–12) where the article gives it.")
    day: int | None = strawberry.field(description="The day of the month where the article gives it.")

    @strawberry.field(description="ISO form of the known part: 2018, 2018-05, 2018-05-18")
    def iso(self) -> str:
        parts = [f"{self.year:04d}", *(f"{part:02d}" for part in (self.month, self.day) if part is not None)]
        return "-".join(parts)


@strawberry.type(description="The period a figure covers, as the article states it (2017年以来).")
class Period:
    label: str = strawberry.field(description="The article's words for the period: 2017年以来.")
    label_en: str = strawberry.field(description="The period in English: Since 2017.")
    start: date = strawberry.field(description="Its first day.")
    end: date = strawberry.field(
        description="Its last day: for “since” periods (以来), taken to be the publication date."
    )

    @classmethod
    def from_row(cls, row: PeriodRow) -> Period:
        return cls(
            label=row.label,
            label_en=row.label_en,
            start=date.fromisoformat(row.start),
            end=date.fromisoformat(row.end),
        )


@strawberry.type(description="A person, organization or group a case concerns, named as the article names them.")
class Party:
    name: str = strawberry.field(description="The name as printed: 刘某某, 云南大理某某有限公司.")
    name_en: str = strawberry.field(
        description="The name in English, romanized as the English summaries write it: Liu Moumou."
    )
    kind: PartyKind = strawberry.field(description="Person, organization or group.")
    role: PartyRole = strawberry.field(
        description=(
            "The party's part in the case as the article states it; MENTIONED where it names the party without saying."
        )
    )

    @classmethod
    def from_row(cls, row: PartyRow) -> Party:
        return cls(name=row.name, name_en=row.name_en, kind=PartyKind(row.kind), role=PartyRole(row.role))
