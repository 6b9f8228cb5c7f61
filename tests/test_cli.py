"""The `jingwang` command: seed, serve, export-schema, with exact output and exit codes."""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api import settings, workers
from api.cli import cli
from api.settings import Settings
from bench.servers import free_port
from db import tables
from schema.root import sdl


def invoke(*arguments: str, **kwargs: Any) -> Any:
    return CliRunner().invoke(cli, list(arguments), catch_exceptions=False, **kwargs)


def test_help_lists_the_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("seed", "serve", "export-schema"):
        assert f"  {command} " in result.output


def test_seed_builds_the_database_and_reports_each_stage(tmp_path: Path) -> None:
    database = tmp_path / "x.db"
    result = invoke("seed", "--db", str(database))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Reading the article 000_b888b7dc651c1069.txt",
        "Reading fact files in facts/",
        "Checking facts against each other and the article",
        "Creating tables",
        f"Writing {len(tables.ALL)} tables",
        "Indexing",
        "Verifying the database",
        f"Built {database}: 43 statistics, 6 cases, 6 outcomes, 11 measures, 18 regions, 41 paragraphs",
    ]
    assert database.exists()


def test_seed_reads_the_database_path_from_the_environment(tmp_path: Path) -> None:
    result = invoke("seed", env={"JINGWANG_DB": str(tmp_path / "env.db")})
    assert result.exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_serve_builds_a_missing_database_then_runs_uvicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    database = tmp_path / "new.db"
    result = invoke("serve", "--port", "8123", "--db", str(database))
    assert result.exit_code == 0
    assert result.output.startswith(f"{database} does not exist yet; building it.\n")
    assert result.output.endswith("GraphiQL: http://127.0.0.1:8123/graphql\n")
    assert database.exists()
    assert calls == [{"host": "127.0.0.1", "port": 8123, "log_level": "info", "access_log": True}]


def test_serve_rejects_a_port_out_of_range() -> None:
    result = invoke("serve", "--port", "70000")
    assert result.exit_code == 2
    assert "70000 is not in the range 0<=x<=65535" in result.output


def test_serve_help_explains_the_host_default() -> None:
    help_text = " ".join(invoke("serve", "--help").output.split())
    assert "127.0.0.1 keeps the server private to this machine" in help_text
    assert "[env var: JINGWANG_DB; default: jingwang.db]" in help_text


def test_export_schema_prints_the_sdl() -> None:
    result = invoke("export-schema")
    assert result.exit_code == 0
    assert result.output == sdl()


def test_serve_refuses_a_database_of_another_version(tmp_path: Path) -> None:
    stale = tmp_path / "stale.db"
    connection = sqlite3.connect(stale)
    connection.execute("CREATE TABLE metadata (key TEXT, value TEXT)")
    connection.execute("INSERT INTO metadata VALUES ('schema_version', 'old')")
    connection.commit()
    connection.close()
    result = invoke("serve", "--db", str(stale))
    assert result.exit_code == 1
    assert result.output == (
        f'Error: database {stale} was not built by this version of jingwang. Rebuild it: jingwang seed --db "{stale}"\n'
    )


def test_serve_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite")
    result = invoke("serve", "--db", str(junk))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert result.output.endswith(f'Rebuild it: jingwang seed --db "{junk}"\n')


def test_serve_with_workers_runs_them_with_the_settings(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Settings, dict[str, Any]]] = []
    monkeypatch.setattr("api.workers.serve", lambda chosen, **options: calls.append((chosen, options)))
    result = invoke("serve", "--workers", "2", "--db", str(seeded_db), "--time-limit", "2.5", "--no-access-log")
    assert result.exit_code == 0
    options = {"host": "127.0.0.1", "port": 8000, "workers": 2, "access_log": False}
    assert calls == [(Settings(db_path=seeded_db, time_limit=2.5), options)]


def test_workers_share_a_port_and_answer(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two real worker processes behind one port, started and stopped as `serve --workers 2` does."""
    for name in settings.names():
        monkeypatch.delenv(settings.envvar_for(name), raising=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}/graphql"

    def ask() -> object:
        request = urllib.request.Request(
            url,
            data=json.dumps({"query": "{ article { publisher } }"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())["data"]

    def stop_when_serving() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                answers.extend(ask() for _ in range(20))
                break
            except OSError:
                time.sleep(0.2)
        signal.raise_signal(signal.SIGTERM)

    answers: list[object] = []
    watcher = threading.Thread(target=stop_when_serving)
    watcher.start()
    workers.serve(Settings(db_path=seeded_db), host="127.0.0.1", port=port, workers=2, log_level="warning")
    watcher.join()
    assert answers == [{"article": {"publisher": "云南网"}}] * 20


def test_api_app_reads_the_environment_when_it_starts(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from api.app import EnvironmentApp

    monkeypatch.setenv("JINGWANG_DB", str(seeded_db))
    with TestClient(EnvironmentApp()) as client:
        response = client.post("/graphql", json={"query": "{ article { publisher } }"})
    assert response.json()["data"] == {"article": {"publisher": "云南网"}}
