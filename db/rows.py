"""The rows queries return: frozen dataclasses whose fields are the columns selected.

A row class is also its own projection: `columns(CaseRow, "c")` is the select list that
builds it, so a query and the class it fills cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Any, TypeVar

Row = TypeVar("Row")


_WIDTHS: dict[type[Any], int] = {}


def width(cls: type[Any]) -> int:
    """How many columns build `cls` (remembered: it is asked for every row)."""
    found = _WIDTHS.get(cls)
    if found is None:
        found = _WIDTHS[cls] = len(dataclasses.fields(cls))
    return found


def columns(cls: type[Any], alias: str) -> str:
    """`c.id, c.key, …`: the select list for `cls` from the table aliased `alias`."""
    return ", ".join(f'{alias}."{field.name}"' for field in dataclasses.fields(cls))


def build(cls: type[Row], row: sqlite3.Row, offset: int = 0) -> Row:
    """`cls` from the columns of `row` starting at `offset`, in field order."""
    return cls(*tuple(row)[offset : offset + width(cls)])


@dataclass(frozen=True, slots=True)
class ArticleRow:
    title: str
    published_at: str
    publisher: str
    reporter: str | None
    editor: str | None
    responsible_editor: str | None


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class RegionRow:
    id: int
    key: str
    code: str | None
    name: str
    full_name: str
    name_en: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """A category, operation, penalty or metric. `parent_id` is None where a catalog has no tree."""

    id: int
    code: str
    name: str
    name_en: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class PeriodRow:
    id: int
    key: str
    label: str
    label_en: str
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class SpanRow:
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class StatisticRow:
    id: int
    key: str
    metric: str
    value: float
    unit: str
    at_least: int
    normalized_value: float
    normalized_unit: str
    category_id: int
    region_id: int
    operation_id: int | None
    penalty_id: int | None
    period_id: int | None


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    key: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    occurred_year: int | None
    occurred_month: int | None
    occurred_day: int | None
    region_id: int
    category_id: int


@dataclass(frozen=True, slots=True)
class PartyRow:
    id: int
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class FigureRow:
    id: int
    label: str
    label_en: str
    value: float
    unit: str
    at_least: int
    normalized_value: float
    normalized_unit: str


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    id: int
    key: str
    case_id: int
    penalty_id: int
    party_id: int | None
    quantity: float | None
    unit: str | None
    at_least: int
    description: str
    description_en: str


@dataclass(frozen=True, slots=True)
class MeasureRow:
    id: int
    key: str
    description: str
    description_en: str
