"""Search hits: what matched, as a marked snippet or plain-text fragments, and the thing it belongs to."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db import snippets
from db.fts import Query
from schema.types.case import Case
from schema.types.common import Paragraph
from schema.types.measure import Measure
from schema.types.statistic import Statistic

SearchTarget = Annotated[
    Paragraph | Case | Statistic | Measure,
    strawberry.union("SearchTarget", description="Something search can find: a paragraph, case, statistic or measure."),
]


@strawberry.type(
    description="A range of a fragment's text: text[start:end] (0-based code-point offsets, end exclusive)."
)
class TextRange:
    start: int = strawberry.field(description="Offset of the range's first character, from 0.")
    end: int = strawberry.field(description="Offset just after its last character.")


@strawberry.type(
    description=(
        "One line of a hit's text around what matched, as plain text with the matches' ranges: "
        "render it without parsing HTML."
    )
)
class SearchFragment:
    text: str = strawberry.field(
        description=(
            "The line, or about 80 characters of it around its first match: plain text, not HTML-escaped, "
            "cut between words, never inside a Latin word or number."
        )
    )
    highlights: list[TextRange] = strawberry.field(
        description="Where the search matched in `text`, in order and not overlapping; empty only where "
        "the match cannot be located in the text (an accent the search ignored)."
    )
    more_before: bool = strawberry.field(description="True when the line goes on before `text` (show … there).")
    more_after: bool = strawberry.field(description="True when the line goes on after `text`.")

    @classmethod
    def from_fragment(cls, fragment: snippets.Fragment) -> SearchFragment:
        return cls(
            text=fragment.text,
            highlights=[TextRange(start=start, end=end) for start, end in fragment.highlights],
            more_before=fragment.more_before,
            more_after=fragment.more_after,
        )


@strawberry.type(description="One search result.")
class SearchHit:
    target: SearchTarget = strawberry.field(description="The paragraph, case, statistic or measure that matched.")
    body: strawberry.Private[str]
    query: strawberry.Private[Query]

    @strawberry.field(
        description="The matched text with the match wrapped in <mark></mark> (HTML-escaped, … where text is cut)."
    )
    def snippet(self) -> str:
        return snippets.snippet(self.body, self.query)

    @strawberry.field(
        description=(
            "Each line of the matched text that has a match, in order (a paragraph is one line; a case's "
            "title, summary, parties and English title and summary are one each): plain text and ranges."
        )
    )
    def fragments(self) -> list[SearchFragment]:
        return [SearchFragment.from_fragment(fragment) for fragment in snippets.fragments(self.body, self.query)]
