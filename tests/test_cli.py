"""The `jingwang` command: seed, serve, export-schema, with exact output and exit codes.

Most cases run in-process with click's CliRunner; Ctrl-C runs the installed command in a
process of its own and sends SIGINT to its process group, as a terminal does.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from starlette.testclient import TestClient

from api import settings, workers
from api.app import create_app
from api.cli import cli
from api.settings import Settings
from db import tables
from schema.root import sdl
from tests.ports import free_port
from tests.processes import children, query_processes

JINGWANG = Path(sys.executable).with_name("jingwang")


def invoke(*arguments: str, **kwargs: Any) -> Any:
    return CliRunner().invoke(cli, list(arguments), catch_exceptions=False, prog_name="jingwang", **kwargs)


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


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[uvicorn.Config, list[Any]]]:
    """uvicorn servers `serve` would run, with the addresses of their sockets, instead of running them."""
    started: list[tuple[uvicorn.Config, list[Any]]] = []

    def run(server: uvicorn.Server, sockets: list[socket.socket]) -> None:
        started.append((server.config, [listener.getsockname() for listener in sockets]))
        for listener in sockets:
            listener.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    return started


def test_serve_builds_a_missing_database_then_runs_uvicorn(
    tmp_path: Path, servers: list[tuple[uvicorn.Config, list[Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    servers_running_at_freeze: list[int] = []
    monkeypatch.setattr("api.workers.freeze_heap", lambda: servers_running_at_freeze.append(len(servers)))
    database = tmp_path / "new.db"
    result = invoke("serve", "--port", "0", "--db", str(database))
    assert result.exit_code == 0
    assert result.output.startswith(f"{database} does not exist yet; building it.\n")
    assert database.exists()
    ((config, (address,)),) = servers
    port = config.port
    assert port != 0 and address == ("127.0.0.1", port)
    assert (config.host, config.log_level, config.access_log) == ("127.0.0.1", "info", True)
    assert result.output.endswith(
        f"GraphiQL:     http://127.0.0.1:{port}/graphql\nExample page: http://127.0.0.1:{port}/\n"
    )
    # The app's heap is frozen once built, by the server; not by create_app, which tests call too.
    assert servers_running_at_freeze == [0]


def test_an_app_started_outside_jingwang_serve_leaves_the_heap_alone(seeded_db: Path) -> None:
    frozen = gc.get_freeze_count()
    with TestClient(create_app(Settings(db_path=seeded_db))) as client:
        assert client.post("/graphql", json={"query": "{ __typename }"}).status_code == 200
    assert gc.get_freeze_count() == frozen


@pytest.mark.parametrize(
    ("host", "browser", "loopback"),
    [("0.0.0.0", "127.0.0.1", "127.0.0.1"), ("::", "[::1]", "::1")],
    ids=["ipv4", "ipv6"],
)
def test_serve_on_every_interface_prints_an_address_a_browser_opens(
    seeded_db: Path, servers: list[tuple[uvicorn.Config, list[Any]]], host: str, browser: str, loopback: str
) -> None:
    try:
        socket.create_server((loopback, 0), family=socket.AF_INET6 if ":" in host else socket.AF_INET).close()
    except OSError:
        pytest.skip(f"this machine cannot listen on {loopback}")
    result = invoke("serve", "--host", host, "--port", "0", "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    ((config, _),) = servers
    assert result.output == (
        f"Listening on every network interface ({host}); other machines use this machine's address.\n"
        f"GraphiQL:     http://{browser}:{config.port}/graphql\n"
        f"Example page: http://{browser}:{config.port}/\n"
    )


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


@pytest.mark.parametrize("count", ["1", "2"])
def test_serve_on_a_busy_port_says_so_and_suggests_another_before_anything_else(
    seeded_db: Path, busy_port: int, count: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uvicorn.Server, "run", lambda *_: pytest.fail("uvicorn started on a busy port"))
    monkeypatch.setattr(workers, "serve", lambda *_, **__: pytest.fail("workers started on a busy port"))
    result = invoke("serve", "--port", str(busy_port), "--workers", count, "--db", str(seeded_db))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: port {busy_port} on 127.0.0.1 is already in use (by another program, or another jingwang); "
        f"stop it, or serve on another port: --port {busy_port + 1}, or --port 0 for any free one\n"
    )


def test_serve_on_an_address_of_no_interface_says_which_hosts_work(seeded_db: Path) -> None:
    result = invoke("serve", "--host", "192.0.2.1", "--port", "0", "--db", str(seeded_db))  # TEST-NET-1
    assert result.exit_code == 1
    assert result.output == (
        "Error: cannot listen on 192.0.2.1: it is not an address of this machine; "
        "use --host 127.0.0.1 (this machine alone) or --host 0.0.0.0 (every interface)\n"
    )


@pytest.mark.parametrize("command", ["seed", "serve"])
@pytest.mark.parametrize(
    ("database", "reason"),
    [
        ("/proc/x/y.db", "/proc/x: No such file or directory"),
        ("{tmp}/a-file/y.db", "{tmp}/a-file is a file, not a directory"),
    ],
    ids=["impossible", "under-a-file"],
)
def test_an_unwritable_database_path_is_one_line_saying_what_to_give(
    tmp_path: Path, command: str, database: str, reason: str
) -> None:
    (tmp_path / "a-file").write_text("")
    database, reason = database.format(tmp=tmp_path), reason.format(tmp=tmp_path)
    result = invoke(command, "--db", database)  # an exception would fail the test: CliRunner re-raises it
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: cannot write the database {database} ({reason}); give --db a path in a directory you can write to"
    )
    assert result.output.count("Error") == 1


@pytest.mark.parametrize("command", ["seed", "serve"])
def test_a_directory_as_database_path_is_one_line_saying_what_to_give(tmp_path: Path, command: str) -> None:
    result = invoke(command, "--db", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --db {tmp_path} is a directory; give the database file's path, e.g. --db {tmp_path}/jingwang.db\n"
    )


@pytest.mark.parametrize(
    "command", [[], ["seed"], ["serve"], ["export-schema"]], ids=["jingwang", "seed", "serve", "export-schema"]
)
def test_dash_h_is_help_on_every_command(command: list[str]) -> None:
    result = invoke(*command, "-h")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: jingwang {' '.join(command)}".rstrip() + " [OPTIONS]")
    assert re.search(r"^  -h, --help +Show this message and exit\.$", result.output, flags=re.MULTILINE)


def test_seed_help_describes_the_database_it_builds() -> None:
    help_text = " ".join(invoke("seed", "--help").output.split())
    assert "--db PATH SQLite database file to build; replaced in one step once every fact checks out." in help_text


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
    arguments = ["--workers", "2", "--port", "0", "--db", str(seeded_db), "--time-limit", "2.5", "--no-access-log"]
    result = invoke("serve", *arguments)
    assert result.exit_code == 0
    ((chosen, options),) = calls
    assert chosen == Settings(db_path=seeded_db, time_limit=2.5)
    assert options == {"host": "127.0.0.1", "port": options["port"], "workers": 2, "access_log": False}
    assert options["port"] != 0 and f"http://127.0.0.1:{options['port']}/graphql" in result.output


@pytest.mark.slow
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


class Command:
    """The installed `jingwang` in a process group of its own, as a terminal starts it; output read as it comes."""

    def __init__(self, *arguments: str) -> None:
        environment = {name: value for name, value in os.environ.items() if not name.startswith("JINGWANG_")}
        self.process = subprocess.Popen(
            [str(JINGWANG), *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            # A terminal's foreground job takes Ctrl-C; a runner may have started this one ignoring SIGINT.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            env={**environment, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"},
        )
        self.lines: list[str] = []
        self.arrived = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.arrived:
                self.lines.append(line)
                self.arrived.notify_all()

    @property
    def output(self) -> str:
        with self.arrived:
            return "".join(self.lines)

    def wait_for(self, text: str, times: int = 1) -> str:
        """The output so far, once `text` has appeared `times` times."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: "".join(self.lines).count(text) >= times, timeout=120):
                pytest.fail(f"no {text!r} in:\n{''.join(self.lines)}")
            return "".join(self.lines)

    def interrupt(self) -> int:
        """Ctrl-C: SIGINT to the process group; the exit status.

        A command still running 60 s later is aborted, and the test fails with where it was stuck
        (PYTHONFAULTHANDLER prints every thread's stack on SIGABRT).
        """
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGABRT)
            self.process.wait(timeout=30)
            self.reader.join(timeout=10)
            pytest.fail(f"still running 60 s after Ctrl-C; its output and stacks:\n{self.output}")

    def children(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        """Kill what is left: the command and its workers, which run in process groups of their own."""
        if self.process.poll() is None:
            workers = self.children()
            os.killpg(self.process.pid, signal.SIGKILL)
            for pid in workers:
                with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                    os.kill(pid, signal.SIGKILL)
            self.process.wait()
        self.reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def command() -> Iterator[type[Command]]:
    started: list[Command] = []

    class Started(Command):
        def __init__(self, *arguments: str) -> None:
            super().__init__(*arguments)
            started.append(self)

    yield Started
    for each in started:
        each.stop()


def quiet(output: str) -> bool:
    return not any(noise in output for noise in ("Traceback", "KeyboardInterrupt", "Aborted"))


@pytest.mark.slow  # the installed command in a subprocess, for seconds
@pytest.mark.parametrize("count", [1, 2], ids=["one-worker", "two-workers"])
def test_ctrl_c_stops_the_server_quietly(seeded_db: Path, command: type[Command], count: int) -> None:
    server = command("serve", "--port", "0", "--workers", str(count), "--db", str(seeded_db))
    output = server.wait_for("Application startup complete", times=count)
    url = next(line.split()[-1] for line in output.splitlines() if line.startswith("GraphiQL:"))
    request = urllib.request.Request(url, data=b'{"query": "{ article { publisher } }"}')
    request.add_header("Content-Type", "application/json")
    for _ in range(100):  # a worker logs its start-up just before it listens
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                assert json.loads(response.read())["data"] == {"article": {"publisher": "云南网"}}
                break
        except urllib.error.URLError as error:
            assert isinstance(error.reason, ConnectionRefusedError), error
            time.sleep(0.1)
    else:
        pytest.fail(f"nothing answered at {url}")
    assert server.interrupt() == 130
    assert server.output.count("Finished server process") == count
    assert quiet(server.output), server.output


@pytest.mark.slow  # the installed command in a subprocess, for seconds
def test_ctrl_c_while_building_the_database_ends_quietly_and_leaves_no_file(
    tmp_path: Path, command: type[Command]
) -> None:
    database = tmp_path / "new.db"
    server = command("serve", "--port", "0", "--db", str(database))
    server.wait_for("building it.")
    assert server.interrupt() == 130
    assert quiet(server.output), server.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # the installed command in a subprocess, for seconds
def test_ctrl_c_while_workers_start_ends_quietly(seeded_db: Path, command: type[Command]) -> None:
    server = command("serve", "--port", "0", "--workers", "2", "--db", str(seeded_db))
    server.wait_for("Example page:")  # the workers are starting: importing, opening the database
    assert server.interrupt() == 130
    assert quiet(server.output), server.output


def running(pid: int) -> bool:
    """Whether the process runs (a zombie, ended but not yet reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def still_running_after_30_s(pids: list[int]) -> list[int]:
    """Those of `pids` still running once all have stopped or 30 s have passed; they are killed then."""
    deadline = time.monotonic() + 30
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in pids if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.slow  # the installed command in a subprocess, for seconds
def test_workers_stop_when_serve_is_killed(seeded_db: Path, command: type[Command]) -> None:
    server = command("serve", "--port", "0", "--workers", "2", "--db", str(seeded_db))
    server.wait_for("Application startup complete", times=2)
    workers = server.children()
    assert len(workers) == 2
    os.kill(server.process.pid, signal.SIGKILL)  # no chance to stop them: they notice they are orphaned
    assert still_running_after_30_s(workers) == [], server.output


@pytest.mark.parametrize(
    ("option", "value"),
    [("--receive-timeout", "-1"), ("--max-connections-per-address", "-3"), ("--time-limit", "-0.5")],
)
def test_a_negative_number_for_a_setting_is_one_line_naming_the_range(option: str, value: str) -> None:
    result = invoke("serve", option, value, "--port", "0")
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output
    assert "is not in the range x>=0" in result.output
    assert "Traceback" not in result.output


def test_a_negative_number_in_the_environment_is_refused_by_name() -> None:
    from api.settings import Settings

    with pytest.raises(ValueError, match="JINGWANG_RECEIVE_TIMEOUT must be 0 or more"):
        Settings.from_environment({"JINGWANG_RECEIVE_TIMEOUT": "-1"})


def niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


@pytest.mark.slow  # the installed command in a subprocess, for seconds
def test_query_processes_run_at_lower_priority_and_stop_when_the_server_is_killed(
    seeded_db: Path, command: type[Command]
) -> None:
    server = command("serve", "--port", "0", "--db", str(seeded_db))
    server.wait_for("Application startup complete")
    started = query_processes(server.process.pid)
    assert len(started) == 2  # the default --query-processes
    assert {niceness(pid) for pid in started} == {niceness(server.process.pid) + 10}
    os.kill(server.process.pid, signal.SIGKILL)  # no chance to stop them: their socket to it closes
    assert still_running_after_30_s(started) == [], server.output
