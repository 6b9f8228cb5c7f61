"""Starting each server on loopback in its own process, and reading what it costs from /proc.

All run under uvicorn with the asyncio loop, the h11 parser and no access log, so the servers
differ only in the application: what is compared is jingwang, the hand-written endpoint and
datasette-graphql, not two HTTP stacks or a log line per request. jingwang runs as shipped,
`jingwang serve --no-access-log` (with `--workers 2` for jingwang-2workers): uvicorn's defaults
pick asyncio and h11 when uvloop and httptools are not installed, and jingwang does not install
them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.environments import OUT, ROOT
from tests.ports import free_port
from tests.processes import descendants

#: jingwang runs three ways: with its answer cache off (every request executes the query), as
#: shipped, and with the cache off in two worker processes (`jingwang serve --workers 2`).
SERVERS = ("jingwang", "jingwang-cached", "jingwang-2workers", "handwritten", "datasette")
UVICORN = ["-m", "uvicorn", "--host", "127.0.0.1", "--loop", "asyncio", "--http", "h11", "--no-access-log"]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def processes(self) -> list[int]:
        """The server's process and its worker processes, if any."""
        return [self.process.pid, *descendants(self.process.pid)]

    def cpu_seconds(self) -> float:
        """User plus system time of the server's processes, all threads included (/proc/<pid>/stat)."""
        total = 0
        for pid in self.processes():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15
        return total / CLOCK_TICKS

    def rss_mb(self) -> float:
        """Resident memory of the server's processes together (a page two processes share counts twice)."""
        return self._sum_kb(Path("status"), "VmRSS:") / 1024

    def pss_mb(self) -> float:
        """Proportional set size of the server's processes together: each shared page divided among its sharers.

        What a server of several processes (workers, query processes) takes from the machine, where
        the sum of their RSS counts the pages they share once per process.
        """
        return self._sum_kb(Path("smaps_rollup"), "Pss:") / 1024

    def _sum_kb(self, file: Path, field: str) -> float:
        total = 0
        for pid in self.processes():
            for line in (Path(f"/proc/{pid}") / file).read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
        return total

    def post(self, query: str) -> Any:
        """The parsed JSON answer to one query; an HTTP error status raises, with the body."""
        request = urllib.request.Request(
            self.url, data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{self.name} answered {error.code}: {error.read()[:500]!r}") from None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def command(name: str, db_path: Path, datasette_python: Path | None) -> tuple[list[str], dict[str, str]]:
    """The command line starting `name` over `db_path`, and the environment variables it needs."""
    jingwang = [str(Path(sys.executable).parent / "jingwang"), "serve", "--host", "127.0.0.1", "--no-access-log"]
    uncached = {"JINGWANG_DB": str(db_path), "JINGWANG_ANSWER_CACHE_BYTES": "0"}
    if name == "jingwang":
        return jingwang, uncached
    if name == "jingwang-2workers":
        return [*jingwang, "--workers", "2"], uncached
    if name == "jingwang-cached":
        return jingwang, {"JINGWANG_DB": str(db_path)}
    if name == "handwritten":
        return [sys.executable, *UVICORN, "--factory", "bench.handwritten:app_from_environment"], {
            "BENCH_DB": str(db_path)
        }
    if name == "datasette" and datasette_python is not None:
        argv = [str(datasette_python), *UVICORN, "--factory", "bench.datasette_app:app_from_environment"]
        return argv, {"BENCH_DB": str(db_path)}
    raise ValueError(f"unknown server {name!r}")


def start(
    name: str,
    db_path: Path,
    datasette_python: Path | None = None,
    *,
    root: Path = ROOT,
    settings: dict[str, str] | None = None,
) -> Server:
    """Start `name` over `db_path` and wait until it answers `{ __typename }`.

    `root` is the checkout whose code the server runs: another one (a baseline commit's
    worktree) lets a benchmark compare two versions in the same run. `settings` are
    environment variables that override the server's own (`JINGWANG_FAIRNESS`, say).
    """
    argv, variables = command(name, db_path, datasette_python)
    variables = {**variables, **(settings or {})}
    port = free_port()
    log = OUT / "logs" / f"{name}-{db_path.stem}{'' if root == ROOT else '-' + root.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, **variables, "PYTHONPATH": str(root)}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*argv, "--port", str(port)], cwd=root, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    server = Server(name, process, f"http://127.0.0.1:{port}/graphql", log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}; see {log}")
        try:
            server.post("{ __typename }")
            return server
        except (OSError, RuntimeError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not answer within 120 s; see {log}")
