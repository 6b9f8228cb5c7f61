"""Cases: pages of them under a parent, filtered, and what hangs off each case."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from db.batch import IDS, grouped, id_list, keyed, pairs
from db.pagination import Page, Window, paginate
from db.rows import CaseRow, FigureRow, OutcomeRow, PartyRow, columns

CASE_COLUMNS = columns(CaseRow, "c")
OUTCOME_COLUMNS = columns(OutcomeRow, "o")


@dataclass(frozen=True)
class CaseFilter:
    """Conditions a case must meet, all of them. Catalog codes are already resolved to ids."""

    category_ids: tuple[int, ...] | None = None
    region_ids: tuple[int, ...] | None = None
    operation_id: int | None = None
    penalty_id: int | None = None
    occurred_from: str | None = None
    occurred_to: str | None = None
    match: str | None = None

    def where(self) -> tuple[str, dict[str, object]]:
        """SQL conditions on the cases aliased `c`, and their parameters."""
        conditions = ["1"]
        params: dict[str, object] = {}
        if self.category_ids is not None:
            conditions.append("c.category_id IN (SELECT value FROM json_each(:categories))")
            params["categories"] = id_list(self.category_ids)
        if self.region_ids is not None:
            conditions.append("c.region_id IN (SELECT value FROM json_each(:regions))")
            params["regions"] = id_list(self.region_ids)
        if self.operation_id is not None:
            conditions.append(
                "EXISTS (SELECT 1 FROM case_operations f WHERE f.case_id = c.id AND f.operation_id = :operation)"
            )
            params["operation"] = self.operation_id
        if self.penalty_id is not None:
            conditions.append("EXISTS (SELECT 1 FROM outcomes f WHERE f.case_id = c.id AND f.penalty_id = :penalty)")
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
        return " AND ".join(conditions), params


class CaseScope(Enum):
    """Which parent a page of cases hangs from, and how a case belongs to it."""

    ALL = "SELECT 0 AS parent, {columns} FROM cases c WHERE {where}"
    REGION_TREE = (
        "SELECT r.ancestor_id AS parent, {columns} FROM region_closure r"
        f" JOIN cases c ON c.region_id = r.descendant_id WHERE r.ancestor_id IN {IDS} AND {{where}}"
    )
    REGION = f"SELECT c.region_id AS parent, {{columns}} FROM cases c WHERE c.region_id IN {IDS} AND {{where}}"
    CATEGORY_TREE = (
        "SELECT k.ancestor_id AS parent, {columns} FROM category_closure k"
        f" JOIN cases c ON c.category_id = k.descendant_id WHERE k.ancestor_id IN {IDS} AND {{where}}"
    )
    OPERATION = (
        "SELECT o.operation_id AS parent, {columns} FROM case_operations o"
        f" JOIN cases c ON c.id = o.case_id WHERE o.operation_id IN {IDS} AND {{where}}"
    )


def case_pages(
    connection: sqlite3.Connection,
    scope: CaseScope,
    parent_ids: Iterable[int],
    case_filter: CaseFilter,
    window: Window,
) -> dict[int, Page[CaseRow]]:
    """A page of each parent's cases in article order; parents without cases are absent."""
    where, params = case_filter.where()
    members = scope.value.format(columns=CASE_COLUMNS, where=where)
    return paginate(connection, members, {**params, "ids": id_list(parent_ids)}, CaseRow, window)


def cases_by_id(connection: sqlite3.Connection, ids: Iterable[int]) -> dict[int, CaseRow]:
    return keyed(connection, f"SELECT c.id, {CASE_COLUMNS} FROM cases c WHERE c.id IN {IDS}", ids, CaseRow)


def cases_by_key(connection: sqlite3.Connection, keys: Iterable[str]) -> dict[str, CaseRow]:
    return keyed(connection, f"SELECT c.key, {CASE_COLUMNS} FROM cases c WHERE c.key IN {IDS}", keys, CaseRow)


def parties_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[PartyRow]]:
    sql = f"SELECT p.case_id, {columns(PartyRow, 'p')} FROM parties p WHERE p.case_id IN {IDS} ORDER BY p.id"
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
    sql = f"SELECT f.case_id, {columns(FigureRow, 'f')} FROM case_figures f WHERE f.case_id IN {IDS} ORDER BY f.id"
    return grouped(connection, sql, case_ids, FigureRow)


def operations_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[int]]:
    sql = f"SELECT case_id, operation_id FROM case_operations WHERE case_id IN {IDS} ORDER BY case_id, position"
    return pairs(connection, sql, case_ids)


def cases_with_victims_in(connection: sqlite3.Connection, region_ids: Iterable[int]) -> dict[int, list[CaseRow]]:
    """Each region's cases whose victims the article places there, in article order."""
    sql = (
        f"SELECT v.region_id, {CASE_COLUMNS} FROM victim_places v JOIN cases c ON c.id = v.case_id"
        f" WHERE v.region_id IN {IDS} ORDER BY c.id"
    )
    return grouped(connection, sql, region_ids, CaseRow)


def victim_places_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[int]]:
    sql = f"SELECT case_id, region_id FROM victim_places WHERE case_id IN {IDS} ORDER BY case_id, position"
    return pairs(connection, sql, case_ids)


def outcomes_of_cases(connection: sqlite3.Connection, case_ids: Iterable[int]) -> dict[int, list[OutcomeRow]]:
    sql = f"SELECT o.case_id, {OUTCOME_COLUMNS} FROM outcomes o WHERE o.case_id IN {IDS} ORDER BY o.id"
    return grouped(connection, sql, case_ids, OutcomeRow)


def outcome_pages(
    connection: sqlite3.Connection, penalty_ids: Iterable[int], window: Window
) -> dict[int, Page[OutcomeRow]]:
    """A page of each penalty's outcomes in article order."""
    members = f"SELECT o.penalty_id AS parent, {OUTCOME_COLUMNS} FROM outcomes o WHERE o.penalty_id IN {IDS}"
    return paginate(connection, members, {"ids": id_list(penalty_ids)}, OutcomeRow, window)


def outcomes_by_id(connection: sqlite3.Connection, ids: Iterable[int]) -> dict[int, OutcomeRow]:
    return keyed(connection, f"SELECT o.id, {OUTCOME_COLUMNS} FROM outcomes o WHERE o.id IN {IDS}", ids, OutcomeRow)


def outcomes_by_key(connection: sqlite3.Connection, keys: Iterable[str]) -> dict[str, OutcomeRow]:
    return keyed(connection, f"SELECT o.key, {OUTCOME_COLUMNS} FROM outcomes o WHERE o.key IN {IDS}", keys, OutcomeRow)
