"""What a fact file may hold, as frozen dataclasses, and the parser that checks TOML against them.

The dataclasses are the fact files' schema: a field without a default is required, a
`Literal` lists the codes allowed, and a key the dataclass does not name is a mistake
(a typo such as `at_lest` must not pass silently).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, TypeVar

RegionKind = Literal["PROVINCE", "PREFECTURE", "COUNTY", "FOREIGN"]
PartyKind = Literal["PERSON", "ORGANIZATION", "GROUP"]
PartyRole = Literal["SUSPECT", "PENALIZED", "VICTIM", "MENTIONED"]


@dataclass(frozen=True)
class Span:
    """Where the article states a fact: paragraphs[paragraph].text[start:end] == text."""

    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    title: str
    published_at: datetime
    publisher: str
    sources: dict[str, Span]
    lead: tuple[int, ...]
    reporter: str | None = None
    editor: str | None = None
    responsible_editor: str | None = None


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    full_name: str
    name_en: str
    full_name_en: str
    kind: RegionKind
    code: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    referred_to_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogEntry:
    """A category, operation, penalty or metric: a code with Chinese and English names."""

    code: str
    name: str
    name_en: str
    parent: str | None = None


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    label_en: str
    start: date
    end: date


@dataclass(frozen=True)
class Unit:
    normalized: str
    factor: float


@dataclass(frozen=True)
class Statistic:
    id: str
    metric: str
    category: str
    region: str
    value: float
    unit: str
    sources: tuple[Span, ...]
    period: str | None = None
    operation: str | None = None
    penalty: str | None = None
    at_least: bool = False


@dataclass(frozen=True)
class Party:
    name: str
    name_en: str
    kind: PartyKind
    role: PartyRole


@dataclass(frozen=True)
class Figure:
    label: str
    label_en: str
    value: float
    unit: str
    sources: tuple[Span, ...]
    at_least: bool = False


@dataclass(frozen=True)
class Outcome:
    penalty: str
    description: str
    description_en: str
    sources: tuple[Span, ...]
    subject: str | None = None
    quantity: float | None = None
    unit: str | None = None
    at_least: bool = False


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    occurred: str
    region: str
    category: str
    sources: tuple[Span, ...]
    operations: tuple[str, ...] = ()
    victim_places: tuple[str, ...] = ()
    party: tuple[Party, ...] = ()
    figure: tuple[Figure, ...] = ()
    outcome: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class Measure:
    id: str
    regions: tuple[str, ...]
    description: str
    description_en: str
    sources: tuple[Span, ...]


class FieldError(ValueError):
    """A value in a record does not fit its dataclass; `where` names the field."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)


Record = TypeVar("Record")


def parse(cls: type[Record], raw: object, where: str = "") -> Record:
    """Build `cls` from a TOML table, or raise FieldError naming the first bad field."""
    if not isinstance(raw, dict):
        raise FieldError(where, f"expected a table, got {_describe(raw)}")
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]  # cls is a dataclass
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise FieldError(where, f'unknown field "{unknown[0]}"')
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        inner = f"{where}.{name}" if where else name
        if name in raw:
            values[name] = _value(hints[name], raw[name], inner)
        elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            raise FieldError(where, f'missing field "{name}"')
    return cls(**values)


def _value(hint: Any, raw: object, where: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        (present,) = (arg for arg in args if arg is not type(None))
        return _value(present, raw, where)
    if origin is Literal:
        if raw not in args:
            allowed = ", ".join(str(arg) for arg in args)
            raise FieldError(where, f"unknown code {_describe(raw)} (expected one of {allowed})")
        return raw
    if origin is tuple:
        if not isinstance(raw, list):
            raise FieldError(where, f"expected a list, got {_describe(raw)}")
        return tuple(_value(args[0], item, f"{where}[{n}]") for n, item in enumerate(raw, 1))
    if origin is dict:
        if not isinstance(raw, dict):
            raise FieldError(where, f"expected a table, got {_describe(raw)}")
        return {key: _value(args[1], item, f"{where}.{key}") for key, item in raw.items()}
    if dataclasses.is_dataclass(hint):
        return parse(hint, raw, where)  # type: ignore[arg-type]  # narrowed to a dataclass type
    return _scalar(hint, raw, where)


def _scalar(hint: type, raw: object, where: str) -> Any:
    if hint is str:
        if not isinstance(raw, str) or not raw.strip():
            raise FieldError(where, f"expected non-empty text, got {_describe(raw)}")
        return raw
    if hint is bool:
        if not isinstance(raw, bool):
            raise FieldError(where, f"expected true or false, got {_describe(raw)}")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise FieldError(where, f"expected a whole number, got {_describe(raw)}")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise FieldError(where, f"expected a number, got {_describe(raw)}")
        return float(raw)
    if hint is datetime:
        if not isinstance(raw, datetime) or raw.tzinfo is None:
            raise FieldError(where, f"expected a date-time with offset, got {_describe(raw)}")
        return raw
    if hint is date:
        if isinstance(raw, datetime) or not isinstance(raw, date):
            raise FieldError(where, f"expected a date (2018-06-19), got {_describe(raw)}")
        return raw
    raise TypeError(f"records cannot hold {hint!r}")


def _describe(raw: object) -> str:
    if isinstance(raw, str):
        return f'"{raw}"'
    if isinstance(raw, dict):
        return "a table"
    if isinstance(raw, list):
        return "a list"
    return repr(raw)
