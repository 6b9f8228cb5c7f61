"""Cases: pages of them under a parent, filtered, and what hangs off each case."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from db.batch import IDS, grouped, keyed, pairs
from db.pagination import Membership, MemberTotals, Page, Window, paginate
from db.rows import CaseRow, FigureRow, OutcomeRow, PartyRow, columns

CASE_COLUMNS = columns(CaseRow, "c")
OUTCOME_COLUMNS = columns(OutcomeRow, "o")


@dataclass(frozen=True)
class CaseFilter:
    """Conditions a case must meet, all of them. Catalog codes are already resolved to ids."""

    category_id: int | None = None
    region_id: int | None = None
    operation_id: int | None = None
    penalty_id: int | None = None
    occurred_from: str | None = None
    occurred_to: str | None = None
    match: str | None = None

    def where(self) -> tuple[str, dict[str, object]]:
        """SQL conditions on the cases aliased `c`, and their parameters.

        A region or a category takes in the ones below it (case_regions, case_categories).
        """
        conditions = []
        params: dict[str, object] = {}
        if self.category_id is not None:
            conditions.append("c.id IN (SELECT case_id FROM case_categories WHERE category_id = :category)")
            params["category"] = self.category_id
        if self.region_id is not None:
            conditions.append("c.id IN (SELECT case_id FROM case_regions WHERE region_id = :region)")
            params["region"] = self.region_id
        if self.operation_id is not None:
            conditions.append("c.id IN (SELECT case_id FROM case_operations WHERE operation_id = :operation)")
            params["operation"] = self.operation_id
        if self.penalty_id is not None:
            conditions.append("c.id IN (SELECT case_id FROM outcomes WHERE penalty_id = :penalty)")
            params["penalty"] = self.penalty_id
        if self.occurred_from is not None:
            conditions.append("c.occurred_end >= :occurred_from")
            params["occurred_from"] = self.occurred_from
        if self.occurred_to is not None:
            conditions.append("c.occurred_start <= :occurred_to")
            params["occurred_to"] = self.occurred_to
        if self.match is not None:
            conditions.append(
                "c.id IN (SELECT d.target_id FROM search_documents_fts JOIN search_documents d"
                " ON d.id = search_documents_fts.rowid"
                " WHERE search_documents_fts MATCH :match AND d.target_type = 'Case')"
            )
            params["match"] = self.match
        return " AND ".join(conditions) or "1", params


class CaseScope(Enum):
    """Which parent a page of cases hangs from, and how a case belongs to it."""

    ALL = Membership("cases", "cases", None)
    REGION_TREE = Membership("cases", "case_regions", "region_id", "case_id")
    REGION = Membership("cases", "cases", "region_id")
    CATEGORY_TREE = Membership("cases", "case_categories", "category_id", "case_id")
    OPERATION = Membership("cases", "case_operations", "operation_id", "case_id")


def case_pages(
    connection: sqlite3.Connection,
    scope: CaseScope,
    parent_ids: Iterable[int],
    case_filter: CaseFilter,
    window: Window,
    totals: MemberTotals,
) -> dict[int, Page[CaseRow]]:
    """A page of each parent's cases in article order; parents without cases are absent."""
    where, params = case_filter.where()
    return paginate(connection, scope.value, parent_ids, where, params, CaseRow, window, totals)


def cases_by_id(connection: sqlite3.Connection, ids: Iterable[int]) -> dict[int, CaseRow]:
    return keyed(connection, f"SELECT c.id, {CASE_COLUMNS} FROM cases c WHERE c.id IN {IDS}", ids, CaseRow)


def cases_by_key(connection: sqlite3.Connection, keys: Iterable[str]) -> dict[str, CaseRow]:
    return keyed(connection, f"SELECT c.key, {CASE_COLUMNS} FROM cases c WHERE c.key IN {IDS}", keys, CaseRow)


def parties_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[PartyRow]]:
    sql = f"SELECT p.case_id, {columns(PartyRow, 'p')} FROM parties p WHERE p.case_id IN {IDS} ORDER BY p.case_id, p.id"
    return grouped(connection, sql, case_ids, PartyRow)


def subjects_of_outcomes(connection: sqlite3.Connection, outcome_ids: Iterable[int]) -> dict[int, PartyRow]:
    """The party each outcome befell, for the outcomes that name one."""
    sql = (
        f"SELECT o.id, {columns(PartyRow, 'p')} FROM outcomes o JOIN parties p ON p.id = o.party_id WHERE o.id IN {IDS}"
    )
    return keyed(connection, sql, outcome_ids, PartyRow)


def cases_of_outcomes(connection: sqlite3.Connection, outcome_ids: Iterable[int]) -> dict[int, CaseRow]:
    sql = f"SELECT o.id, {CASE_COLUMNS} FROM outcomes o JOIN cases c ON c.id = o.case_id WHERE o.id IN {IDS}"
    return keyed(connection, sql, outcome_ids, CaseRow)


def figures_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[FigureRow]]:
    sql = (
        f"SELECT f.case_id, {columns(FigureRow, 'f')} FROM case_figures f"
        f" WHERE f.case_id IN {IDS} ORDER BY f.case_id, f.id"
    )
    return grouped(connection, sql, case_ids, FigureRow)


def operations_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[int]]:
    sql = f"SELECT case_id, operation_id FROM case_operations WHERE case_id IN {IDS} ORDER BY case_id, position"
    return pairs(connection, sql, case_ids)


def cases_with_victims_in(connection: sqlite3.Connection, region_ids: Iterable[int]) -> dict[int, list[CaseRow]]:
    """Each region's cases whose victims the article places there, in article order."""
    sql = (
        f"SELECT v.region_id, {CASE_COLUMNS} FROM victim_places v JOIN cases c ON c.id = v.case_id"
        f" WHERE v.region_id IN {IDS} ORDER BY v.region_id, c.id"
    )
    return grouped(connection, sql, region_ids, CaseRow)


def victim_places_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[int]]:
    sql = f"SELECT case_id, region_id FROM victim_places WHERE case_id IN {IDS} ORDER BY case_id, position"
    return pairs(connection, sql, case_ids)


def outcomes_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[OutcomeRow]]:
    sql = f"SELECT o.case_id, {OUTCOME_COLUMNS} FROM outcomes o WHERE o.case_id IN {IDS} ORDER BY o.case_id, o.id"
    return grouped(connection, sql, case_ids, OutcomeRow)


def outcome_pages(
    connection: sqlite3.Connection, penalty_ids: Iterable[int], window: Window, totals: MemberTotals
) -> dict[int, Page[OutcomeRow]]:
    """A page of each penalty's outcomes in article order."""
    membership = Membership("outcomes", "outcomes", "penalty_id")
    return paginate(connection, membership, penalty_ids, "1", {}, OutcomeRow, window, totals)


def outcomes_by_key(connection: sqlite3.Connection, keys: Iterable[str]) -> dict[str, OutcomeRow]:
    return keyed(connection, f"SELECT o.key, {OUTCOME_COLUMNS} FROM outcomes o WHERE o.key IN {IDS}", keys, OutcomeRow)
