"""The public contract holds, the schema documents itself, and schema.graphql is its copy."""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path

import pytest
from graphql import (
    DangerousChangeType,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

from schema import enums
from schema.root import schema, sdl

ROOT = Path(__file__).parents[1]
#: The contract as promised to users; tests/contract.graphql is our copy of it.
SHARED_CONTRACT = ROOT.parent / "shared" / "contract.graphql"
CONTRACT = Path(__file__).parent / "contract.graphql"
LIVE = schema._schema


@pytest.mark.skipif(
    not SHARED_CONTRACT.exists(),
    reason="no ../shared/contract.graphql beside this checkout to compare tests/contract.graphql with "
    "(the shared directory is outside the repository: README, Development)",
)
def test_our_copy_of_the_contract_is_current() -> None:
    assert CONTRACT.read_text(encoding="utf-8") == SHARED_CONTRACT.read_text(encoding="utf-8")


#: Changes graphql-core calls dangerous that only add, as the contract allows ("it may add more"): an
#: optional argument (`search(prefix:)`), whose default keeps every query written against the contract
#: answering as before, and an enum value (`Metric.ILLEGAL_INFO_REMOVED`), which no query or filter
#: written against the contract asks for.
ADDITIONS = {DangerousChangeType.OPTIONAL_ARG_ADDED, DangerousChangeType.VALUE_ADDED_TO_ENUM}


def test_nothing_in_the_contract_is_broken_or_changed() -> None:
    contract = build_schema(CONTRACT.read_text(encoding="utf-8"))
    assert find_breaking_changes(contract, LIVE) == []
    assert [change for change in find_dangerous_changes(contract, LIVE) if change.type not in ADDITIONS] == []


def test_the_committed_sdl_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == sdl(), "schema.graphql is stale: run `jingwang export-schema > schema.graphql`"


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    missing = []
    for name, graphql_type in LIVE.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for argument_name, argument in getattr(field, "args", {}).items():
                    if not argument.description:
                        missing.append(f"{name}.{field_name}({argument_name})")
        if isinstance(graphql_type, GraphQLEnumType):
            values = graphql_type.values.items()
            missing += [f"{name}.{value}" for value, definition in values if not definition.description]
        if isinstance(graphql_type, GraphQLUnionType) and not graphql_type.description:
            missing.append(name)
    assert missing == []


@pytest.mark.parametrize(
    ("table", "enum"),
    [
        ("categories", enums.CategoryCode),
        ("operations", enums.OperationCode),
        ("penalties", enums.PenaltyCode),
        ("metrics", enums.Metric),
    ],
)
def test_every_catalog_code_is_an_enum_value_and_back(
    database: sqlite3.Connection, table: str, enum: type[Enum]
) -> None:
    codes = [code for (code,) in database.execute(f'SELECT code FROM "{table}" ORDER BY id')]
    assert sorted(codes) == sorted(member.name for member in enum)


@pytest.mark.parametrize(
    ("table", "enum"),
    [("regions", enums.RegionKind), ("parties", enums.PartyKind)],
)
def test_every_kind_in_the_database_is_an_enum_value(
    database: sqlite3.Connection, table: str, enum: type[Enum]
) -> None:
    kinds = {kind for (kind,) in database.execute(f'SELECT DISTINCT kind FROM "{table}"')}
    assert kinds <= {member.name for member in enum}


def test_catalog_entries_are_bilingual(database: sqlite3.Connection) -> None:
    for table in ("categories", "operations", "penalties", "metrics", "regions"):
        for name, name_en in database.execute(f'SELECT name, name_en FROM "{table}"'):
            assert any("\u4e00" <= char <= "\u9fff" for char in name), name
            assert name_en.isascii() and name_en.strip(), name_en
