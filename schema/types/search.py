"""Search hits: what matched, a marked snippet, and the thing it belongs to."""

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
