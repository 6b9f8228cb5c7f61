"""The code lists: crime categories, operations, penalties and metrics, in Chinese and English."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from db.queries.cases import CaseScope
from db.rows import CatalogRow
from schema.arguments import After, Before, First, Last, page_window
from schema.context import loaders
from schema.enums import CategoryCode, Metric, OperationCode, PenaltyCode
from schema.pagination import Connection, connection
from schema.types import case, outcome, statistic

if TYPE_CHECKING:
    from schema.types.case import Case
    from schema.types.outcome import Outcome
    from schema.types.statistic import Statistic

_NAME = "Chinese name, the article's own term"
_NAME_EN = "English name"


@strawberry.type(description="A crime category: one section of the article. VICE (网络黄赌毒) has three subcategories.")
class Category(relay.Node):
    key: relay.NodeID[str]
    code: CategoryCode = strawberry.field(description="Its code.")
    name: str = strawberry.field(description=f"{_NAME}: 网络诈骗.")
    name_en: str = strawberry.field(description=f"{_NAME_EN}: Online fraud.")
    row_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @classmethod
    @functools.lru_cache(maxsize=4096)  # catalog rows are few and never change: one object each
    def from_row(cls, row: CatalogRow) -> Category:
        return cls(
            key=row.code,
            code=CategoryCode(row.code),
            name=row.name,
            name_en=row.name_en,
            row_id=row.id,
            parent_id=row.parent_id,
        )

    @strawberry.field(description="The category it is part of (VICE for GAMBLING); null at the top.")
    def parent(self, info: Info) -> Category | None:
        return Category.from_row(loaders(info).entry("Category", self.parent_id)) if self.parent_id else None

    @strawberry.field(description="Its subcategories.")
    def children(self, info: Info) -> list[Category]:
        load = loaders(info)
        return [
            Category.from_row(row) for row in load.entries("Category", load.catalog.categories.children(self.row_id))
        ]

    @strawberry.field(description="Cases of this category and its subcategories, in article order.")
    def cases(
        self,
        info: Info,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Annotated[Case, strawberry.lazy("schema.types.case")]]:
        load = loaders(info)
        window = page_window(load.catalog, "Case", first, after, last, before)
        page = load.case_page("Category", self.row_id, CaseScope.CATEGORY_TREE, case.NO_FILTER, window)
        return connection(page, case.Case.from_row, "Case")

    @strawberry.field(description="Statistics of this category and its subcategories, in article order.")
    def statistics(self, info: Info) -> list[Annotated[Statistic, strawberry.lazy("schema.types.statistic")]]:
        return [statistic.Statistic.from_row(row) for row in loaders(info).category_statistics(self.row_id)]


@strawberry.type(description="A named police operation: the Clean Net series (净网), its 2018 round, Qingyuan (清源).")
class Operation(relay.Node):
    key: relay.NodeID[str]
    code: OperationCode = strawberry.field(description="Its code.")
    name: str = strawberry.field(description=f"{_NAME}: “净网2018”.")
    name_en: str = strawberry.field(description=f"{_NAME_EN}: Clean Net 2018.")
    row_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]

    @classmethod
    @functools.lru_cache(maxsize=4096)  # catalog rows are few and never change: one object each
    def from_row(cls, row: CatalogRow) -> Operation:
        return cls(
            key=row.code,
            code=OperationCode(row.code),
            name=row.name,
            name_en=row.name_en,
            row_id=row.id,
            parent_id=row.parent_id,
        )

    @strawberry.field(description="The series this operation is a round of (JINGWANG for JINGWANG_2018).")
    def parent(self, info: Info) -> Operation | None:
        return Operation.from_row(loaders(info).entry("Operation", self.parent_id)) if self.parent_id else None

    @strawberry.field(description="The rounds of this series.")
    def children(self, info: Info) -> list[Operation]:
        load = loaders(info)
        return [
            Operation.from_row(row) for row in load.entries("Operation", load.catalog.operations.children(self.row_id))
        ]

    @strawberry.field(description="Cases the article ties to exactly this operation, in article order.")
    def cases(
        self,
        info: Info,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Annotated[Case, strawberry.lazy("schema.types.case")]]:
        load = loaders(info)
        window = page_window(load.catalog, "Case", first, after, last, before)
        page = load.case_page("Operation", self.row_id, CaseScope.OPERATION, case.NO_FILTER, window)
        return connection(page, case.Case.from_row, "Case")

    @strawberry.field(description="Statistics the article ties to exactly this operation, in article order.")
    def statistics(self, info: Info) -> list[Annotated[Statistic, strawberry.lazy("schema.types.statistic")]]:
        return [statistic.Statistic.from_row(row) for row in loaders(info).operation_statistics(self.row_id)]


@strawberry.type(description="A penalty or measure taken against a person, a company or a thing (抓获, 罚款, 查获).")
class Penalty(relay.Node):
    key: relay.NodeID[str]
    code: PenaltyCode = strawberry.field(description="Its code.")
    name: str = strawberry.field(description=f"{_NAME}: 行政拘留.")
    name_en: str = strawberry.field(description=f"{_NAME_EN}: Administrative detention.")
    row_id: strawberry.Private[int]

    @classmethod
    @functools.lru_cache(maxsize=4096)  # catalog rows are few and never change: one object each
    def from_row(cls, row: CatalogRow) -> Penalty:
        return cls(key=row.code, code=PenaltyCode(row.code), name=row.name, name_en=row.name_en, row_id=row.id)

    @strawberry.field(description="The case outcomes of this penalty, in article order.")
    def outcomes(
        self,
        info: Info,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Annotated[Outcome, strawberry.lazy("schema.types.outcome")]]:
        load = loaders(info)
        page = load.outcome_page(self.row_id, page_window(load.catalog, "Outcome", first, after, last, before))
        return connection(page, outcome.Outcome.from_row, "Outcome")


@strawberry.type(description="Labels for a metric, for charts and tables.")
class MetricInfo:
    code: Metric = strawberry.field(description="The metric.")
    name: str = strawberry.field(description="Chinese label: 抓获犯罪嫌疑人.")
    name_en: str = strawberry.field(description="English label: Suspects arrested.")

    @classmethod
    def from_row(cls, row: CatalogRow) -> MetricInfo:
        return cls(code=Metric(row.code), name=row.name, name_en=row.name_en)
