"""The rows queries return: named tuples whose fields are the columns selected.

A row class is also its own projection: `columns(CaseRow, "c")` is the select list that
builds it, so a query and the class it fills cannot drift apart.

Rows are `NamedTuple`s rather than frozen dataclasses because a large answer builds
thousands of them and a frozen dataclass's `__init__` sets each field through
`object.__setattr__`, ten times slower (bench/RESULTS.md, "What each change gained").
They stay immutable, typed and hashable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

Row = TypeVar("Row")


def width(cls: type[Any]) -> int:
    """How many columns build `cls`."""
    return len(cls._fields)


def columns(cls: type[Any], alias: str) -> str:
    """`c.id, c.key, …`: the select list for `cls` from the table aliased `alias`."""
    return ", ".join(f'{alias}."{name}"' for name in cls._fields)


def build(cls: type[Row], record: Sequence[Any], offset: int = 0) -> Row:
    """`cls` from the columns of `record` (a plain tuple) starting at `offset`, in field order."""
    row: Row = cls._make(record[offset : offset + width(cls)])  # type: ignore[attr-defined]  # a NamedTuple
    return row


class ArticleRow(NamedTuple):
    title: str
    published_at: str
    publisher: str
    reporter: str | None
    editor: str | None
    responsible_editor: str | None


class ParagraphRow(NamedTuple):
    number: int
    text: str


class RegionRow(NamedTuple):
    id: int
    key: str
    code: str | None
    name: str
    full_name: str
    name_en: str
    full_name_en: str
    kind: str
    parent_id: int | None


class CatalogRow(NamedTuple):
    """A category, operation, penalty or metric. `parent_id` is None where a catalog has no tree."""

    id: int
    code: str
    name: str
    name_en: str
    parent_id: int | None


class PeriodRow(NamedTuple):
    id: int
    key: str
    label: str
    label_en: str
    start: str
    end: str


class SpanRow(NamedTuple):
    paragraph: int
    start: int
    end: int
    text: str


class StatisticRow(NamedTuple):
    id: int
    key: str
    metric: str
    value: float
    unit: str
    at_least: int
    headline: int
    normalized_value: float
    normalized_unit: str
    category_id: int
    region_id: int
    operation_id: int | None
    penalty_id: int | None
    period_id: int | None


class CaseRow(NamedTuple):
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


class PartyRow(NamedTuple):
    id: int
    name: str
    name_en: str
    kind: str
    role: str


class FigureRow(NamedTuple):
    id: int
    label: str
    label_en: str
    value: float
    unit: str
    at_least: int
    normalized_value: float
    normalized_unit: str


class OutcomeRow(NamedTuple):
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


class MeasureRow(NamedTuple):
    id: int
    key: str
    description: str
    description_en: str
