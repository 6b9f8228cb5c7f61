"""The Query type and the schema built from it, once per executor.

The schema lives here rather than in `schema/__init__.py`, so that importing one type
module (in a test, in a tool) does not build the whole schema as a side effect.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, Info

from db.queries.cases import CaseScope
from db.queries.statistics import StatisticFilter as StatisticQuery
from schema.arguments import After, Before, First, Last, given, page_window
from schema.context import loaders
from schema.enums import CategoryCode, OperationCode, RegionKind, StatisticDimension
from schema.errors import bad_user_input
from schema.execution.executor import COMPILED, GRAPHQL_CORE, CompiledExecutor, GuardedExecutor
from schema.filters import CaseFilter, StatisticFilter, search_query
from schema.limits import ExecutionLimits
from schema.loaders import ROOT
from schema.nodes import resolve_nodes
from schema.pagination import Connection, connection, offset_window, ranked
from schema.prepared import PreparedOperations
from schema.scalars import SCALARS
from schema.types.article import Article
from schema.types.case import NO_FILTER, Case
from schema.types.catalogs import Category, MetricInfo, Operation, Penalty
from schema.types.common import Paragraph
from schema.types.measure import Measure
from schema.types.region import Region
from schema.types.search import SearchHit
from schema.types.statistic import Statistic
from schema.types.summary import StatisticGroup, dimensions

_TARGETS: dict[str, Callable[[Any], Paragraph | Case | Statistic | Measure]] = {
    "Paragraph": Paragraph.from_row,
    "Case": Case.from_row,
    "Statistic": Statistic.from_row,
    "Measure": Measure.from_row,
}


@strawberry.type(description="Everything the article says, as data: start from regions, cases, statistics or search.")
class Query:
    @strawberry.field(description="The object with this global ID, or null if there is none.")
    def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID from any `id` field.")],
    ) -> relay.Node | None:
        found = resolve_nodes(loaders(info), [id])[0]
        if isinstance(found, GraphQLError):
            raise found
        return found

    @strawberry.field(
        description=(
            "The objects with these global IDs, in order (at most 250): null for an ID of nothing, "
            "and null with an error at its index for a malformed ID."
        ),
        graphql_type=list[relay.Node | None],
    )
    def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs from `id` fields.")],
    ) -> list[relay.Node | GraphQLError | None]:
        return resolve_nodes(loaders(info), list(ids))

    @strawberry.field(description="The source article the data was extracted from.")
    def article(self, info: Info) -> Article:
        return Article.from_row(loaders(info).catalog.article)

    @strawberry.field(description="Regions mentioned by the article; kind filters by level.")
    def regions(
        self,
        info: Info,
        kind: Annotated[
            RegionKind | None, strawberry.argument(description="Only regions of this level.")
        ] = strawberry.UNSET,
    ) -> list[Region]:
        load = loaders(info)
        wanted = given(kind)
        rows = [row.id for row in load.catalog.regions.values() if wanted is None or row.kind == wanted.name]
        return [Region.from_row(row) for row in load.regions(rows)]

    @strawberry.field(
        description=(
            'One region by its administrative division code (e.g. "530100") or its name, short or full '
            '("昆明" / "昆明市"). Give exactly one of the two; an unknown region is null.'
        )
    )
    def region(
        self,
        info: Info,
        code: Annotated[str | None, strawberry.argument(description="GB/T 2260 code: 530100.")] = strawberry.UNSET,
        name: Annotated[
            str | None, strawberry.argument(description="Short or full name: 昆明 or 昆明市.")
        ] = strawberry.UNSET,
    ) -> Region | None:
        code, name = given(code), given(name)
        if (code is None) == (name is None):
            raise bad_user_input('give exactly one of "code" and "name"')
        load = loaders(info)
        row = load.catalog.find_region(code if code is not None else name or "")
        if row is None or (code is not None and row.code != code.strip()):
            return None
        return Region.from_row(load.region(row.id))

    @strawberry.field(
        description="The offense categories, in article order: one per section of the first eight, and VICE's three."
    )
    def categories(self, info: Info) -> list[Category]:
        return Category.every(info)

    @strawberry.field(description="One category by its code.")
    def category(
        self, info: Info, code: Annotated[CategoryCode, strawberry.argument(description="The category's code.")]
    ) -> Category | None:
        return Category.with_code(info, code)

    @strawberry.field(description="The police operations the article names.")
    def operations(self, info: Info) -> list[Operation]:
        return Operation.every(info)

    @strawberry.field(description="One operation by its code.")
    def operation(
        self, info: Info, code: Annotated[OperationCode, strawberry.argument(description="The operation's code.")]
    ) -> Operation | None:
        return Operation.with_code(info, code)

    @strawberry.field(
        description="The penalties and other actions that case outcomes and statistics are filed under, plus the kinds "
        "of action in the article's list of 416 actions against internet enterprises, networked organizations "
        "and key websites (约谈整改、警告、罚款、停机整顿、停止联网等)."
    )
    def penalties(self, info: Info) -> list[Penalty]:
        return Penalty.every(info)

    @strawberry.field(description="Chinese and English labels of every metric, for charts.")
    def metrics(self, info: Info) -> list[MetricInfo]:
        return [MetricInfo.from_row(row) for row in loaders(info).catalog.metrics.by_id.values()]

    @strawberry.field(description="Example cases in article order, filtered.")
    def cases(
        self,
        info: Info,
        case_filter: Annotated[
            CaseFilter | None, strawberry.argument(name="filter", description="Only cases meeting these conditions.")
        ] = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Case]:
        load = loaders(info)
        query = case_filter.to_query(load.catalog) if case_filter else NO_FILTER
        window = page_window(load.catalog, "Case", first, after, last, before)
        page = load.case_page(ROOT, 0, CaseScope.ALL, query, window)
        return connection(page, Case.from_row, "Case")

    @strawberry.field(description="Aggregate figures in article order, filtered.")
    def statistics(
        self,
        info: Info,
        statistic_filter: Annotated[
            StatisticFilter | None,
            strawberry.argument(name="filter", description="Only statistics meeting these conditions."),
        ] = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        last: Last = strawberry.UNSET,
        before: Before = strawberry.UNSET,
    ) -> Connection[Statistic]:
        load = loaders(info)
        query = statistic_filter.to_query(load.catalog) if statistic_filter else StatisticQuery()
        page = load.statistic_page(query, page_window(load.catalog, "Statistic", first, after, last, before))
        return connection(page, Statistic.from_row, "Statistic")

    @strawberry.field(
        description=(
            "Statistics summed into groups for a bar chart, in one request. Groups are always split by metric, "
            "region, period and unit, so no sum mixes metrics, units, periods or nested regions; groupBy splits them "
            "further."
        )
    )
    def statistic_summary(
        self,
        info: Info,
        group_by: Annotated[
            list[StatisticDimension],
            strawberry.argument(description="Dimensions to keep apart besides metric, region, period and unit."),
        ],
        statistic_filter: Annotated[
            StatisticFilter | None,
            strawberry.argument(name="filter", description="Only statistics meeting these conditions."),
        ] = strawberry.UNSET,
    ) -> list[StatisticGroup]:
        load = loaders(info)
        query = statistic_filter.to_query(load.catalog) if statistic_filter else StatisticQuery()
        return [StatisticGroup.from_row(row) for row in load.statistic_groups(query, dimensions(group_by))]

    @strawberry.field(
        description=(
            "Full-text search over paragraphs, cases, statistics and measures; works for Chinese text of any "
            "length, one character included. Results come in one fixed order: the article's paragraphs in "
            "article order, then cases, statistics and measures, each in their own order."
        )
    )
    def search(
        self,
        info: Info,
        text: Annotated[
            str,
            strawberry.argument(
                description=(
                    "What to look for: 枪, 诈骗, G01. Words separated by spaces or punctuation must all match; "
                    "Chinese characters match in order with only punctuation or spaces between them (中越中缅 "
                    "finds 中越、中缅), Latin words match whole, in any case."
                )
            ),
        ],
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
        prefix: Annotated[
            bool,
            strawberry.argument(
                description=(
                    "Let the last word of `text`, when it is Latin, match any word it begins (pol finds police): "
                    "for a search box that shows results while someone types."
                )
            ),
        ] = False,
    ) -> Connection[SearchHit]:
        query = search_query(text, "text", prefix=prefix)
        offset, limit = offset_window(given(first), given(after))
        total, hits = loaders(info).search(query, offset=offset, limit=limit)
        nodes = [SearchHit(target=_TARGETS[hit.target_type](row), body=hit.body, query=query) for hit, row in hits]
        return ranked(total, offset, nodes, given(after))


class JingwangSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log nothing here: `schema.errors.with_code` logs the unexpected errors with the request
        id, and expected ones (bad input) are the client's business, not the operator's."""


class CompiledQueries(CompiledExecutor):
    """Queries from a plan cached per document (schema/execution/), within our limits."""

    guard = ExecutionLimits


class GraphQLCoreQueries(GuardedExecutor):
    """Every query on Strawberry's stock executor, within our limits."""

    guard = ExecutionLimits


#: The executors `jingwang serve --executor` chooses from: graphql-core's rules the engine out.
EXECUTORS: dict[str, type[GuardedExecutor]] = {COMPILED: CompiledQueries, GRAPHQL_CORE: GraphQLCoreQueries}


@functools.cache
def schema_for(executor: str) -> JingwangSchema:
    """The schema running every query on `executor`, built once per choice."""
    return JingwangSchema(
        query=Query,
        # Parsed, validated and cost-checked once per query text (schema/prepared.py).
        extensions=[PreparedOperations],
        execution_context_class=EXECUTORS[executor],
        config=StrawberryConfig(scalar_map=SCALARS),
    )


schema = schema_for(COMPILED)


def sdl() -> str:
    """The schema in SDL, as committed in schema.graphql."""
    return schema.as_str() + "\n"
