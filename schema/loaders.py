"""Per-request data access, batched: one SQL statement per relation and level, whatever the rows.

graphql-core resolves a list's items one after another, each to the bottom of its
sub-selection, so a loader cannot wait to collect keys the way an async DataLoader does.
Instead every row a loader returns is remembered by kind, and the first time a relation is
asked of one object it is fetched for every object of that kind seen so far — the object's
siblings, cousins and all. Asking all regions for their cases, and those cases for their
outcomes, costs one statement per level. (Synchronous batch resolution measured faster than
Strawberry's async DataLoader here, as issue 3 notes.)
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from db.catalog import Catalog, Entries
from db.fts import Query
from db.pagination import EMPTY_PAGE, Page, Window
from db.queries import cases, measures, search, sources, statistics
from db.rows import CaseRow, CatalogRow, FigureRow, MeasureRow, OutcomeRow, PartyRow, RegionRow, SpanRow, StatisticRow

Value = TypeVar("Value")

#: The kind that stands for the root Query object, whose only id is 0.
ROOT = "Query"

#: The Catalog field holding each code list, by GraphQL type.
CATALOG_FIELDS = {"Category": "categories", "Operation": "operations", "Penalty": "penalties", "Metric": "metrics"}

SOURCE_OWNERS = {
    "Statistic": sources.Owner.STATISTIC,
    "Case": sources.Owner.CASE,
    "CaseFigure": sources.Owner.CASE_FIGURE,
    "Outcome": sources.Owner.OUTCOME,
    "Measure": sources.Owner.MEASURE,
}


class Loaders:
    """All reads of one request. Resolvers call these methods and never see SQL."""

    def __init__(self, connection: sqlite3.Connection, catalog: Catalog) -> None:
        self.connection = connection
        self.catalog = catalog
        self._seen: dict[str, dict[int, None]] = defaultdict(dict)
        self._loaded: dict[Hashable, dict[int, Any]] = {}

    # -- the mechanism -----------------------------------------------------------------

    def saw(self, kind: str, ids: Iterable[int]) -> None:
        """Remember objects of `kind` handed to the client, so relations batch over them."""
        self._seen[kind].update(dict.fromkeys(ids))

    def _batch(
        self,
        kind: str,
        object_id: int,
        relation: Hashable,
        fetch: Callable[[list[int]], Mapping[int, Value]],
        default: Value,
    ) -> Value:
        loaded = self._loaded.get(relation)
        if loaded is None:
            loaded = self._loaded[relation] = {}
        if object_id not in loaded:
            self._seen[kind][object_id] = None
            pending = [seen for seen in self._seen[kind] if seen not in loaded]
            found = fetch(pending)
            for pending_id in pending:
                loaded[pending_id] = found.get(pending_id, default)
        value: Value = loaded[object_id]
        return value

    def _rows(self, kind: str, rows: Iterable[Any]) -> None:
        self.saw(kind, (row.id for row in rows))

    def _listed(self, kind: str, lists: Mapping[int, list[Value]]) -> Mapping[int, list[Value]]:
        for rows in lists.values():
            self._rows(kind, rows)
        return lists

    def _paged(self, kind: str, pages: Mapping[int, Page[Value]]) -> Mapping[int, Page[Value]]:
        for page in pages.values():
            self._rows(kind, page.rows)
        return pages

    def _one(self, kind: str, row: Value) -> Value:
        self._seen[kind][row.id] = None  # type: ignore[attr-defined]  # every row class has an id
        return row

    # -- catalogs: in memory, remembered so their relations batch ------------------------

    def region(self, region_id: int) -> RegionRow:
        return self._one("Region", self.catalog.regions[region_id])

    def regions(self, region_ids: Iterable[int]) -> list[RegionRow]:
        rows = [self.catalog.regions[region_id] for region_id in region_ids]
        self._rows("Region", rows)
        return rows

    def entry(self, kind: str, entry_id: int) -> CatalogRow:
        return self._one(kind, self.catalog_entries(kind).by_id[entry_id])

    def entries(self, kind: str, rows: Iterable[CatalogRow]) -> list[CatalogRow]:
        listed = list(rows)
        self._rows(kind, listed)
        return listed

    def catalog_entries(self, kind: str) -> Entries:
        entries: Entries = getattr(self.catalog, CATALOG_FIELDS[kind])
        return entries

    # -- cases -------------------------------------------------------------------------

    def case_page(
        self, kind: str, parent_id: int, scope: cases.CaseScope, case_filter: cases.CaseFilter, window: Window
    ) -> Page[CaseRow]:
        return self._batch(
            kind,
            parent_id,
            ("cases", scope, case_filter, window),
            lambda ids: self._paged(
                "Case", cases.case_pages(self.connection, scope, ids, case_filter, window, self.catalog.member_totals)
            ),
            EMPTY_PAGE,
        )

    def outcome_case(self, outcome_id: int) -> CaseRow:
        row: CaseRow | None = self._batch(
            "Outcome",
            outcome_id,
            "case",
            lambda ids: self._keyed("Case", cases.cases_of_outcomes(self.connection, ids)),
            None,
        )
        assert row is not None  # every outcome belongs to a case (a foreign key)
        return row

    def outcome_subject(self, outcome_id: int) -> PartyRow | None:
        return self._batch(
            "Outcome", outcome_id, "subject", lambda ids: cases.subjects_of_outcomes(self.connection, ids), None
        )

    def parties(self, case_id: int) -> list[PartyRow]:
        return self._batch("Case", case_id, "parties", lambda ids: cases.parties_of_cases(self.connection, ids), [])

    def figures(self, case_id: int) -> list[FigureRow]:
        return self._batch(
            "Case",
            case_id,
            "figures",
            lambda ids: self._listed("CaseFigure", cases.figures_of_cases(self.connection, ids)),
            [],
        )

    def case_operations(self, case_id: int) -> list[int]:
        return self._batch(
            "Case", case_id, "operations", lambda ids: cases.operations_of_cases(self.connection, ids), []
        )

    def victim_places(self, case_id: int) -> list[int]:
        return self._batch(
            "Case", case_id, "victim_places", lambda ids: cases.victim_places_of_cases(self.connection, ids), []
        )

    def victim_cases(self, region_id: int) -> list[CaseRow]:
        return self._batch(
            "Region",
            region_id,
            "victim_cases",
            lambda ids: self._listed("Case", cases.cases_with_victims_in(self.connection, ids)),
            [],
        )

    def outcomes(self, case_id: int) -> list[OutcomeRow]:
        return self._batch(
            "Case",
            case_id,
            "outcomes",
            lambda ids: self._listed("Outcome", cases.outcomes_of_cases(self.connection, ids)),
            [],
        )

    def outcome_page(self, penalty_id: int, window: Window) -> Page[OutcomeRow]:
        return self._batch(
            "Penalty",
            penalty_id,
            ("outcomes", window),
            lambda ids: self._paged(
                "Outcome", cases.outcome_pages(self.connection, ids, window, self.catalog.member_totals)
            ),
            EMPTY_PAGE,
        )

    # -- statistics --------------------------------------------------------------------

    def statistic_page(self, statistic_filter: statistics.StatisticFilter, window: Window) -> Page[StatisticRow]:
        page = statistics.statistic_pages(self.connection, statistic_filter, window, self.catalog.member_totals)
        self._rows("Statistic", page.rows)
        return page

    def region_statistics(self, region_id: int) -> list[StatisticRow]:
        return self._batch(
            "Region",
            region_id,
            "statistics",
            lambda ids: self._listed("Statistic", statistics.statistics_of_regions(self.connection, ids)),
            [],
        )

    def category_statistics(self, category_id: int) -> list[StatisticRow]:
        return self._batch(
            "Category",
            category_id,
            "statistics",
            lambda ids: self._listed("Statistic", statistics.statistics_of_category_trees(self.connection, ids)),
            [],
        )

    def operation_statistics(self, operation_id: int) -> list[StatisticRow]:
        return self._batch(
            "Operation",
            operation_id,
            "statistics",
            lambda ids: self._listed("Statistic", statistics.statistics_of_operations(self.connection, ids)),
            [],
        )

    def statistics_by_id(self, statistic_ids: Iterable[int]) -> list[StatisticRow]:
        wanted = list(statistic_ids)
        found = statistics.statistics_by_id(self.connection, wanted)
        rows = [found[statistic_id] for statistic_id in wanted]
        self._rows("Statistic", rows)
        return rows

    def statistic_groups(
        self, statistic_filter: statistics.StatisticFilter, dimensions: Iterable[statistics.Dimension]
    ) -> list[statistics.GroupRow]:
        return statistics.statistic_groups(self.connection, statistic_filter, dimensions)

    # -- measures, sources, search -----------------------------------------------------

    def region_measures(self, region_id: int) -> list[MeasureRow]:
        return self._batch(
            "Region",
            region_id,
            "measures",
            lambda ids: self._listed("Measure", measures.measures_of_regions(self.connection, ids)),
            [],
        )

    def measure_regions(self, measure_id: int) -> list[int]:
        return self._batch(
            "Measure", measure_id, "regions", lambda ids: measures.regions_of_measures(self.connection, ids), []
        )

    def sources(self, kind: str, owner_id: int) -> list[SpanRow]:
        """The source spans of a Statistic, Case, CaseFigure, Outcome or Measure."""
        owner = SOURCE_OWNERS[kind]
        return self._batch(
            kind, owner_id, ("sources", owner), lambda ids: sources.sources_of(self.connection, owner, ids), []
        )

    def search(self, query: Query, *, offset: int, limit: int) -> tuple[int, list[tuple[search.Hit, Any]]]:
        """The total and one page of hits, each with its target's row (one statement per kind)."""
        hits = search.search(self.connection, query, offset=offset, limit=limit)
        fetchers: dict[str, Callable[[sqlite3.Connection, list[int]], Mapping[int, Any]]] = {
            "Case": cases.cases_by_id,
            "Statistic": statistics.statistics_by_id,
            "Measure": measures.measures_by_id,
        }
        targets: dict[str, Mapping[int, Any]] = {
            "Paragraph": {row.number: row for row in self.catalog.paragraphs},
        }
        for kind, fetch in fetchers.items():
            ids = [hit.target_id for hit in hits.hits if hit.target_type == kind]
            if ids:
                targets[kind] = self._keyed(kind, fetch(self.connection, ids))
        return hits.total, [(hit, targets[hit.target_type][hit.target_id]) for hit in hits.hits]

    # -- global ids --------------------------------------------------------------------

    def by_keys(self, kind: str, keys: list[str]) -> dict[str, Any]:
        """Rows of `kind` by their stable keys, for node(id:) and nodes(ids:)."""
        fetch: dict[str, Callable[[sqlite3.Connection, list[str]], dict[str, Any]]] = {
            "Case": cases.cases_by_key,
            "Outcome": cases.outcomes_by_key,
            "Statistic": statistics.statistics_by_key,
            "Measure": measures.measures_by_key,
        }
        found = fetch[kind](self.connection, keys)
        self._rows(kind, found.values())
        return found

    def _keyed(self, kind: str, rows: Mapping[int, Value]) -> Mapping[int, Value]:
        self._rows(kind, rows.values())
        return rows
