"""The GraphQL clients front-end developers bring, pinned in clients/ and driven against the live server.

Apollo Client (with the typed example's own configuration, clients/example/client.ts), urql, relay-compiler,
graphql-codegen and tsc. Each check is a Node.js script in clients/checks/ that prints JSON for a test here
to compare. They need Node.js and npm: skipped locally without them, required in CI (.ci/run installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLInterfaceType, GraphQLUnionType, build_schema

from tests.conftest import Gql

pytestmark = pytest.mark.clients

ROOT = Path(__file__).parents[1]
CLIENTS = ROOT / "clients"
Run = Callable[..., str]


def require_node() -> None:
    """Skip without Node.js or npm, except in CI, where the client tests must run."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"no {' and no '.join(missing)}: CI must install Node.js and npm: see .ci/run", pytrace=False)
    pytest.skip(f"no {' and no '.join(missing)}: install Node.js 20+ and npm to run the client tests")


def installed() -> bool:
    """Whether node_modules holds what clients/package-lock.json pins (npm ci writes its own copy last)."""
    copy = CLIENTS / "node_modules" / ".package-lock.json"
    return copy.exists() and copy.stat().st_mtime >= (CLIENTS / "package-lock.json").stat().st_mtime


@pytest.fixture(scope="module")
def run(live_server: str) -> Run:
    """Run a command in clients/ with JINGWANG_URL set to the live server; its stdout, or fail with its output."""
    require_node()
    env = {**os.environ, "JINGWANG_URL": f"{live_server}/graphql", "NO_COLOR": "1"}

    def run(*command: str, timeout: float = 300) -> str:
        done = subprocess.run(command, cwd=CLIENTS, env=env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            pytest.fail(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}", pytrace=False)
        return done.stdout

    if not installed():
        run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
    return run


@pytest.fixture(scope="module")
def generated(run: Run) -> None:
    """graphql-codegen's typed documents and possible types from the live schema, compiled into dist/."""
    run("npx", "graphql-codegen", "--config", "codegen.ts")
    run("npx", "tsc", "-p", ".")


@pytest.fixture(scope="module")
def node_script(run: Run, live_server: str, generated: None) -> Callable[..., Any]:
    def node_script(script: str, *arguments: str) -> Any:
        return json.loads(run("node", f"checks/{script}", f"{live_server}/graphql", *arguments))

    return node_script


def test_tsc_strict_accepts_the_typed_example_generated_from_the_live_schema(run: Run, generated: None) -> None:
    run("npx", "tsc", "--noEmit", "--strict", "-p", ".")


def test_generated_possible_types_are_the_schemas_interfaces_and_unions(node_script: Callable[..., Any]) -> None:
    schema = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    abstract = [t for t in schema.type_map.values() if isinstance(t, GraphQLInterfaceType | GraphQLUnionType)]
    expected = {t.name: sorted(p.name for p in schema.get_possible_types(t)) for t in abstract}
    assert node_script("apollo.mjs", "possible-types")["possibleTypes"] == expected


def test_apollo_persisted_queries_second_use_is_one_hash_only_get(node_script: Callable[..., Any]) -> None:
    first, second = node_script("apollo.mjs", "persisted-queries")["uses"]
    registered = first["exchange"][1]
    assert first["exchange"] == [
        {
            "method": "GET",
            "sentQuery": False,
            "sentHash": True,
            "status": 200,
            "cacheControl": "private, no-cache, must-revalidate",
            "etag": None,
            "codes": ["PERSISTED_QUERY_NOT_FOUND"],
            "data": False,
        },
        {
            "method": "GET",
            "sentQuery": True,
            "sentHash": True,
            "status": 200,
            "cacheControl": "public, max-age=300",
            "etag": registered["etag"],
            "codes": [],
            "data": True,
        },
    ]
    assert registered["etag"]
    assert second["exchange"] == [{**registered, "sentQuery": False}]
    assert (first["regions"], second["regions"], first["error"], second["error"]) == (3, 3, None, None)


def test_apollo_pages_cases_with_fetch_more_into_one_list(node_script: Callable[..., Any], gql: Gql) -> None:
    everything = gql('{ region(name: "云南") { cases(first: 100) { nodes { title } } } }')
    titles = [case["title"] for case in everything["data"]["region"]["cases"]["nodes"]]
    result = node_script("apollo.mjs", "pagination")
    # Three pages of two by GET, and the query's registration (the first page's hash was unknown).
    assert result == {"titles": titles, "methods": ["GET"] * 4}
    assert len(titles) == 6


def test_apollo_keeps_one_entity_for_a_case_from_region_cases_and_node(node_script: Callable[..., Any]) -> None:
    result = node_script("apollo.mjs", "one-entity")
    assert result["cases"] == [f"Case:{result['id']}"]
    assert result["fields"] == ["__typename", "id", "summary", "title"]


def test_apollo_error_policy_all_keeps_the_data_beside_the_error(node_script: Callable[..., Any]) -> None:
    assert node_script("apollo.mjs", "error-policy") == {
        "data": {"article": {"__typename": "Article", "id": "QXJ0aWNsZTox", "publisher": "云南网"}, "region": None},
        "errors": [{"path": ["region"], "code": "BAD_USER_INPUT"}],
    }


def test_apollo_reads_node_and_search_target_fragments_back_from_its_cache(node_script: Callable[..., Any]) -> None:
    targets = node_script("apollo.mjs", "possible-types")["targets"]
    assert targets, "the search found nothing"
    for target in targets:
        expected = {"index"} if target["__typename"] == "Paragraph" else {"id"}
        assert set(target) - {"__typename"} == expected, target


def test_urql_persisted_exchange_second_use_is_one_hash_only_get(node_script: Callable[..., Any]) -> None:
    first, second = node_script("urql.mjs")["uses"]
    assert [(sent["method"], sent["sentQuery"], sent["status"], sent["codes"]) for sent in first["exchange"]] == [
        ("GET", False, 200, ["PERSISTED_QUERY_NOT_FOUND"]),
        ("GET", True, 200, []),
    ]
    assert second["exchange"] == [{**first["exchange"][1], "sentQuery": False}]
    assert (first["penalties"], second["penalties"], first["error"], second["error"]) == (11, 11, None, None)


def test_relay_compiler_compiles_connections_and_refetchable_fragments(
    run: Run, node_script: Callable[..., Any], gql: Gql
) -> None:
    shutil.rmtree(CLIENTS / "relay" / "__generated__", ignore_errors=True)
    assert "Compilation completed" in run("npx", "relay-compiler")
    result = node_script("relay.mjs")
    everything = gql('{ region(name: "云南") { cases(first: 100) { nodes { title } } } }')
    assert result["errors"] == []
    assert result["titles"] == [case["title"] for case in everything["data"]["region"]["cases"]["nodes"]]
    assert result["targets"], "the search found nothing"
