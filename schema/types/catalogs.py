"""The code lists: crime categories, operations, penalties and metrics, in Chinese and English.

Categories and operations are both code lists arranged as trees, each entry with its cases and
statistics: TreeEntry holds that once, and each type says what differs (its kind, its case scope,
its statistics, its descriptions).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, ClassVar, Self

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.queries.cases import CaseScope
from db.rows import CatalogRow, StatisticRow
from schema.arguments import After, Before, First, Last, page_window
from schema.context import loaders
from schema.enums import CategoryCode, Metric, OperationCode, PenaltyCode
from schema.loaders import Loaders
from schema.pagination import Connection, connection

if TYPE_CHECKING:
    from schema.types.case import Case
    from schema.types.outcome import Outcome
    from schema.types.statistic import Statistic

_NAME = "Chinese name, the article's own term"
_NAME_EN = "English name"


@strawberry.type
class Entry(relay.Node):
    """One entry of a code list; `kind` is its GraphQL type, under which the loaders keep the list."""

    kind: ClassVar[str]
    codes: ClassVar[type[Enum]]

    key: relay.NodeID[str]
    code: Enum
    name: str
    name_en: str
    row_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @classmethod
    @functools.lru_cache(maxsize=4096)  # catalog rows are few and never change: one object each
    def from_row(cls, row: CatalogRow) -> Self:
        return cls(
            key=row.code,
            code=cls.codes(row.code),
            name=row.name,
            name_en=row.name_en,
            row_id=row.id,
            parent_id=row.parent_id,
        )

    @classmethod
    def every(cls, info: Info) -> list[Self]:
        """The whole list, in article order."""
        load = loaders(info)
        return [cls.from_row(row) for row in load.entries(cls.kind, load.catalog_entries(cls.kind).by_id.values())]

    @classmethod
    def with_code(cls, info: Info, code: Enum) -> Self:
        load = loaders(info)
        return cls.from_row(load.entry(cls.kind, load.catalog_entries(cls.kind).by_code[code.name]))


@strawberry.type
class TreeEntry(Entry):
    """An entry of a code list arranged as a tree. Its subclasses declare the fields with these resolvers."""

    scope: ClassVar[CaseScope]
    statistics_of: ClassVar[Callable[[Loaders, int], list[StatisticRow]]]

    def parent_entry(self, info: Info) -> Self | None:
        return self.from_row(loaders(info).entry(self.kind, self.parent_id)) if self.parent_id else None

    def child_entries(self, info: Info) -> list[Self]:
        load = loaders(info)
        children = load.catalog_entries(self.kind).children(self.row_id)
        return [self.from_row(row) for row in load.entries(self.kind, children)]

    def case_page(
        self,
        info: Info,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Annotated[Case, strawberry.lazy("schema.types.case")]]:
        from schema.types.case import NO_FILTER, Case

        load = loaders(info)
        window = page_window(load.catalog, "Case", first, after, last, before)
        return connection(load.case_page(self.kind, self.row_id, self.scope, NO_FILTER, window), Case.from_row, "Case")

    def statistic_list(self, info: Info) -> list[Annotated[Statistic, strawberry.lazy("schema.types.statistic")]]:
        from schema.types.statistic import Statistic

        return [Statistic.from_row(row) for row in type(self).statistics_of(loaders(info), self.row_id)]


@strawberry.type(
    description="An offense category: one of the article's first eight sections, or one of the three "
    "subcategories of VICE (网络黄赌毒)."
)
class Category(TreeEntry):
    kind = "Category"
    codes = CategoryCode
    scope = CaseScope.CATEGORY_TREE
    statistics_of = Loaders.category_statistics

    code: CategoryCode = strawberry.field(description="Its code.")
    name: str = strawberry.field(description=f"{_NAME}: 网络诈骗.")
    name_en: str = strawberry.field(description=f"{_NAME_EN}: Online fraud.")
    parent = strawberry.field(
        resolver=TreeEntry.parent_entry, description="The category it is part of (VICE for GAMBLING); null at the top."
    )
    children = strawberry.field(resolver=TreeEntry.child_entries, description="Its subcategories.")
    cases = strawberry.field(
        resolver=TreeEntry.case_page, description="Cases of this category and its subcategories, in article order."
    )
    statistics = strawberry.field(
        resolver=TreeEntry.statistic_list,
        description="Statistics of this category and its subcategories, in article order.",
    )


@strawberry.type(
    description='A named police operation: the "Clean Net" series (净网), "Clean Net 2018" (净网2018), '
    '"Operation Clear Source" (清源).'
)
class Operation(TreeEntry):
    kind = "Operation"
    codes = OperationCode
    scope = CaseScope.OPERATION
    statistics_of = Loaders.operation_statistics

    code: OperationCode = strawberry.field(description="Its code.")
    name: str = strawberry.field(description=f"{_NAME}: “净网2018”.")
    name_en: str = strawberry.field(description=f'{_NAME_EN}: "Clean Net 2018".')
    parent = strawberry.field(
        resolver=TreeEntry.parent_entry,
        description="The series whose name this operation takes (JINGWANG for JINGWANG_2018): the article names "
        "both but does not state how they relate.",
    )
    children = strawberry.field(
        resolver=TreeEntry.child_entries,
        description="Operations filed under this one because their name takes its name (JINGWANG_2018 under JINGWANG).",
    )
    cases = strawberry.field(
        resolver=TreeEntry.case_page, description="Cases the article ties to exactly this operation, in article order."
    )
    statistics = strawberry.field(
        resolver=TreeEntry.statistic_list,
        description="Statistics the article ties to exactly this operation, in article order.",
    )


@strawberry.type(description="A penalty or measure taken against a person, a company or a thing (抓获, 罚款, 查获).")
class Penalty(Entry):
    kind = "Penalty"
    codes = PenaltyCode

    code: PenaltyCode = strawberry.field(description="Its code.")
    name: str = strawberry.field(description=f"{_NAME}: 行政拘留.")
    name_en: str = strawberry.field(description=f"{_NAME_EN}: Administrative detention.")

    @strawberry.field(description="The case outcomes of this penalty, in article order.")
    def outcomes(
        self,
        info: Info,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Annotated[Outcome, strawberry.lazy("schema.types.outcome")]]:
        from schema.types.outcome import Outcome

        load = loaders(info)
        page = load.outcome_page(self.row_id, page_window(load.catalog, "Outcome", first, after, last, before))
        return connection(page, Outcome.from_row, "Outcome")


@strawberry.type(description="Labels for a metric, for charts and tables.")
class MetricInfo:
    code: Metric = strawberry.field(description="The metric.")
    name: str = strawberry.field(description="Chinese label: 抓获嫌疑人.")
    name_en: str = strawberry.field(description="English label: Suspects arrested.")

    @classmethod
    def from_row(cls, row: CatalogRow) -> MetricInfo:
        return cls(code=Metric(row.code), name=row.name, name_en=row.name_en)
