"""The source article itself."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.rows import ArticleRow
from schema.context import loaders
from schema.types.common import Paragraph


@strawberry.type(description="The news report all data comes from: 云南网, June 19, 2018.")
class Article(relay.Node):
    key: relay.NodeID[str]
    title: str = strawberry.field(description="The headline, as published.")
    published_at: datetime = strawberry.field(
        description="Publication time with its offset: 2018-06-19T09:03:13+08:00."
    )
    publisher: str = strawberry.field(description="Who published it: 云南网.")
    reporter: str | None = strawberry.field(description="The reporter credited: 赵岗.")
    editor: str | None = strawberry.field(description="The editor credited (编辑): 徐婷.")
    responsible_editor: str | None = strawberry.field(description="The editor in charge (责任编辑): 徐婷.")

    @classmethod
    def from_row(cls, row: ArticleRow) -> Article:
        return cls(
            key="1",
            title=row.title,
            published_at=datetime.fromisoformat(row.published_at),
            publisher=row.publisher,
            reporter=row.reporter,
            editor=row.editor,
            responsible_editor=row.responsible_editor,
        )

    @strawberry.field(
        description="The article's non-empty lines in order, numbered from 1 (the title is 1, the dateline 2)."
    )
    def paragraphs(self, info: Info) -> list[Paragraph]:
        return [Paragraph.from_row(row) for row in loaders(info).catalog.paragraphs]
