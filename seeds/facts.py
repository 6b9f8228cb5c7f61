"""Reading the fact files: TOML in, typed records out, each error naming file and record."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from seeds import records
from seeds.errors import SeedError

FACTS_DIR = Path(__file__).parent / "facts"

Record = TypeVar("Record")


@dataclass(frozen=True)
class Facts:
    """Everything the curated files say, as read; `seeds.checks` decides whether it holds."""

    directory: Path
    article: records.Article
    regions: tuple[records.Region, ...]
    categories: tuple[records.CatalogEntry, ...]
    operations: tuple[records.CatalogEntry, ...]
    penalties: tuple[records.CatalogEntry, ...]
    metrics: tuple[records.CatalogEntry, ...]
    periods: tuple[records.Period, ...]
    units: dict[str, records.Unit]
    statistics: tuple[records.Statistic, ...]
    cases: tuple[records.Case, ...]
    measures: tuple[records.Measure, ...]


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise SeedError(path, None, "file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SeedError(path, None, f"not valid TOML: {error}") from None


#: The file each kind of record is read from.
FILES = {
    "article": "article.toml",
    "region": "regions.toml",
    "category": "categories.toml",
    "operation": "operations.toml",
    "penalty": "penalties.toml",
    "metric": "metrics.toml",
    "period": "periods.toml",
    "unit": "units.toml",
    "statistic": "statistics.toml",
    "case": "cases.toml",
    "measure": "measures.toml",
}


def record_label(kind: str, number: int, key: object) -> str:
    """`record 3 (case "xinerfu-personal-info")`: the record's place and, if it has one, its key."""
    return f'record {number} ({kind} "{key}")' if isinstance(key, str) else f"record {number} ({kind})"


def _key(raw: object) -> object:
    return raw.get("id", raw.get("code")) if isinstance(raw, dict) else None


def read_list(directory: Path, kind: str, cls: type[Record]) -> tuple[Record, ...]:
    """The `[[kind]]` records of the kind's file, each parsed into `cls`."""
    path = directory / FILES[kind]
    document = read_toml(path)
    unknown = sorted(set(document) - {kind})
    if unknown:
        raise SeedError(path, None, f'unknown table "{unknown[0]}" (expected [[{kind}]])')
    raws = document.get(kind, [])
    if not isinstance(raws, list):
        raise SeedError(path, None, f"expected [[{kind}]] records")
    parsed = []
    for number, raw in enumerate(raws, 1):
        try:
            parsed.append(records.parse(cls, raw))
        except records.FieldError as error:
            raise SeedError(path, record_label(kind, number, _key(raw)), str(error)) from None
    return tuple(parsed)


def read_units(path: Path) -> dict[str, records.Unit]:
    document = read_toml(path)
    units = document.get("unit")
    if set(document) != {"unit"} or not isinstance(units, dict):
        raise SeedError(path, None, 'expected only [unit."…"] tables')
    parsed = {}
    for number, (name, raw) in enumerate(units.items(), 1):
        try:
            parsed[name] = records.parse(records.Unit, raw)
        except records.FieldError as error:
            raise SeedError(path, record_label("unit", number, name), str(error)) from None
    return parsed


def read_article(path: Path) -> records.Article:
    try:
        return records.parse(records.Article, read_toml(path))
    except records.FieldError as error:
        raise SeedError(path, None, str(error)) from None


def load(facts_dir: Path = FACTS_DIR) -> Facts:
    """Read every fact file in `facts_dir`."""
    return Facts(
        directory=facts_dir,
        article=read_article(facts_dir / FILES["article"]),
        regions=read_list(facts_dir, "region", records.Region),
        categories=read_list(facts_dir, "category", records.CatalogEntry),
        operations=read_list(facts_dir, "operation", records.CatalogEntry),
        penalties=read_list(facts_dir, "penalty", records.CatalogEntry),
        metrics=read_list(facts_dir, "metric", records.CatalogEntry),
        periods=read_list(facts_dir, "period", records.Period),
        units=read_units(facts_dir / FILES["unit"]),
        statistics=read_list(facts_dir, "statistic", records.Statistic),
        cases=read_list(facts_dir, "case", records.Case),
        measures=read_list(facts_dir, "measure", records.Measure),
    )
