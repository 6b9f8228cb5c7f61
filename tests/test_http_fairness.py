"""Fair use: a client over its share while others are active gets 429 RATE_LIMITED; one alone is served.

A share of a billionth and a minute's window make every decision deterministic: any executed
request puts its client over the share, and nothing decays within a test.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.testclient import TestClient

from api.app import create_app
from api.fairness import Budgets
from api.settings import Settings
from tests.browser import serve_on_loopback
from tests.processes import query_processes

TINY = 1e-9
_fresh = count()


def fresh_query() -> dict[str, str]:
    """A query no cache has seen, so that it executes and is charged."""
    return {"query": f"query Q{next(_fresh)} {{ regions {{ code }} }}"}


@contextmanager
def clients(settings: Settings, *addresses: str) -> Iterator[list[TestClient]]:
    """One app, and a client of it from each of `addresses`."""
    app = create_app(settings)
    with ExitStack() as stack:
        yield [stack.enter_context(TestClient(app, client=(address, 50000))) for address in addresses]


def strict(seeded_db: Path, **overrides: Any) -> Settings:
    """Settings under which every executed request puts its client over its share (one query process will do)."""
    return Settings(db_path=seeded_db, fair_share=TINY, fair_window=60.0, query_processes=1, **overrides)


def test_a_client_over_its_share_while_another_is_active_gets_429_and_the_other_is_served(seeded_db: Path) -> None:
    with clients(strict(seeded_db), "10.0.0.1", "10.0.0.2") as (greedy, polite):
        assert {greedy.post("/graphql", json=fresh_query()).status_code for _ in range(5)} == {200}
        assert polite.post("/graphql", json={"query": "{ __typename }"}).status_code == 200
        refused = greedy.post("/graphql", json=fresh_query())
        served = polite.post("/graphql", json={"query": "query Polite { __typename }"})
    body = refused.json()
    [error] = body["errors"]
    assert (refused.status_code, error["extensions"]["code"]) == (429, "RATE_LIMITED")
    assert refused.headers["retry-after"] == str(error["extensions"]["retryAfter"])
    assert int(refused.headers["retry-after"]) >= 1
    assert "while other clients are active" in error["message"]
    assert f"retry in {refused.headers['retry-after']} s" in error["message"]
    assert refused.headers["cache-control"] == "no-store"
    assert served.status_code == 200
    assert "errors" not in served.json()


def test_a_lone_client_below_the_ceiling_is_never_throttled(seeded_db: Path) -> None:
    with clients(strict(seeded_db), "10.0.0.1") as (alone,):
        statuses = {alone.post("/graphql", json=fresh_query()).status_code for _ in range(20)}
    assert statuses == {200}


def test_a_lone_client_over_the_ceiling_is_throttled(seeded_db: Path) -> None:
    with clients(strict(seeded_db, fair_ceiling=TINY), "10.0.0.1") as (alone,):
        assert alone.post("/graphql", json=fresh_query()).status_code == 200
        refused = alone.post("/graphql", json=fresh_query())
    assert refused.status_code == 429
    assert "while the server is idle" in refused.json()["errors"][0]["message"]


def test_every_answer_reports_its_cost_and_the_budget_left(seeded_db: Path) -> None:
    query = fresh_query()
    with clients(Settings(db_path=seeded_db, fair_window=60.0), "10.0.0.1") as (client,):
        executed = client.post("/graphql", json=query).json()["extensions"]["cost"]
        cached = client.post("/graphql", json=query).json()["extensions"]["cost"]
    assert executed["serverMs"] > 0
    assert cached["serverMs"] == 0
    status = executed["throttleStatus"]
    assert set(status) == {"maximumAvailable", "currentlyAvailable", "restoreRate"}
    assert 0 < status["currentlyAvailable"] < status["maximumAvailable"] == 60.0 * status["restoreRate"]
    assert executed["requested"] == cached["requested"]


def test_forwarded_for_names_the_client_only_from_a_trusted_proxy(seeded_db: Path) -> None:
    settings = strict(seeded_db, forwarded_allow_ips=("10.0.0.9",))

    def third_answer(proxy: str) -> int:
        with clients(settings, proxy) as (client,):
            for forwarded in ("1.1.1.1",) * 5 + ("2.2.2.2",):
                client.post("/graphql", json=fresh_query(), headers={"X-Forwarded-For": forwarded})
            return client.post("/graphql", json=fresh_query(), headers={"X-Forwarded-For": "1.1.1.1"}).status_code

    assert third_answer("10.0.0.9") == 429  # two clients behind the proxy: 1.1.1.1 is over its share
    assert third_answer("10.0.0.8") == 200  # an untrusted address: one client, alone


def test_fairness_off_throttles_no_one_and_reports_no_budget(seeded_db: Path) -> None:
    with clients(strict(seeded_db, fairness="off"), "10.0.0.1", "10.0.0.2") as (first, second):
        answers = [client.post("/graphql", json=fresh_query()) for client in (first, second, first, second)]
    assert [answer.status_code for answer in answers] == [200] * 4
    assert answers[-1].json()["extensions"]["cost"] == {"requested": 0, "limit": 10000}


def test_per_client_state_is_bounded() -> None:
    budgets = Budgets(share=0.5, ceiling=1.0, window=1.0, capacity=100)
    for n in range(1000):
        budgets.check(f"10.{n // 256}.{n % 256}.1")
        budgets.spend(f"10.{n // 256}.{n % 256}.1", 0.001, None)
    assert len(budgets) == 100


def test_queries_in_query_processes_answer_as_on_the_event_loop(seeded_db: Path, executed_queries: list[str]) -> None:
    query = {"query": "{ regions { code name cases(first: 3) { nodes { summary } } } }"}
    answers = []
    for processes in (1, 0):  # every request in a query process; every request on the loop
        settings = Settings(db_path=seeded_db, answer_cache_bytes=0, offload_after_ms=0, query_processes=processes)
        with clients(settings, "10.0.0.1") as (client,):
            answers.append([client.post("/graphql", json=query).json()["data"] for _ in range(3)])
        if processes:
            assert executed_queries == []  # none ran on the loop
    assert answers[0] == answers[1]
    assert answers[0][0]["regions"]
    assert len(executed_queries) == 3


def query_process_ids() -> list[int]:
    """The query processes this test process started."""
    return query_processes(os.getpid())


def test_a_query_process_that_dies_fails_only_its_own_request_and_is_replaced(seeded_db: Path) -> None:
    settings = Settings(db_path=seeded_db, offload_after_ms=0, query_processes=2)
    with clients(settings, "10.0.0.1") as (client,):
        [killed, _] = query_process_ids()
        os.kill(killed, signal.SIGKILL)
        # The processes take calls in turn: the dead one gets one of the next two.
        answers = [client.post("/graphql", json=fresh_query()) for _ in range(6)]
        assert killed not in query_process_ids() and len(query_process_ids()) == 2
    assert query_process_ids() == []  # stopped with the app
    statuses = [answer.status_code for answer in answers]
    assert sorted(statuses[:2]) == [200, 503] and statuses[2:] == [200] * 4
    lost = answers[statuses.index(503)]
    assert lost.headers["retry-after"] == "1"
    [error] = lost.json()["errors"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "retry" in error["message"]
    assert all("errors" not in answer.json() for answer in answers if answer.status_code == 200)


def test_a_refusal_in_a_query_process_answers_as_on_the_event_loop(seeded_db: Path) -> None:
    answers = []
    for processes in (1, 0):
        settings = Settings(db_path=seeded_db, offload_after_ms=0, query_processes=processes)
        with clients(settings, "10.0.0.1") as (client,):
            answer = client.post("/graphql", json={"query": ""})
            answers.append((answer.status_code, answer.json()["errors"]))
            assert client.post("/graphql", json=fresh_query()).status_code == 200  # the process is free again
    assert (
        answers[0]
        == answers[1]
        == (400, [{"message": 'the request has no "query"', "extensions": {"code": "BAD_REQUEST"}}])
    )


def test_when_no_query_process_can_start_again_queries_run_on_the_event_loop(seeded_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "served.db"
    copy.write_bytes(seeded_db.read_bytes())
    with clients(Settings(db_path=copy, offload_after_ms=0, query_processes=1), "10.0.0.1") as (client,):
        copy.unlink()  # the server keeps its open connection; a new process cannot open the file
        [process] = query_process_ids()
        os.kill(process, signal.SIGKILL)
        lost = client.post("/graphql", json=fresh_query())
        after = [client.post("/graphql", json=fresh_query()) for _ in range(3)]
        assert query_process_ids() == []
    assert lost.status_code == 503
    assert [answer.status_code for answer in after] == [200] * 3
    assert all(answer.json()["data"]["regions"] for answer in after)


def test_a_client_with_a_backlog_of_heavy_queries_delays_another_by_one_call_at_most(seeded_db: Path) -> None:
    field = "regions { children { cases(first: 100) { nodes { summary summaryEn } } } }"
    heavy = " ".join(f"a{i}: {field}" for i in range(15))
    finished: list[str] = []

    def ask(url: str, address: str, name: str, query: str) -> None:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, source_address=(address, 0))
        body = json.dumps({"query": query})
        connection.request("POST", "/graphql", body, {"Content-Type": "application/json"})
        assert connection.getresponse().status == 200
        connection.close()
        finished.append(name)

    settings = Settings(db_path=seeded_db, offload_after_ms=0, query_processes=1, fair_share=1.0, answer_cache_bytes=0)
    with serve_on_loopback(create_app(settings)) as url, ThreadPoolExecutor(13) as threads:
        backlog = [
            threads.submit(ask, url, "127.0.0.2", f"greedy{n}", f"query Greedy{n} {{ {heavy} }}") for n in range(12)
        ]
        time.sleep(0.05)  # the backlog is waiting for the one process
        finished.append("polite asks")
        threads.submit(ask, url, "127.0.0.1", "polite", "query Polite { regions { code } }").result()
        for each in backlog:
            each.result()
    waited_for = finished.index("polite") - finished.index("polite asks") - 1
    # The call running and one more; allow two that finish while the polite request is on its way in.
    # First come, first served, it would wait for the whole backlog: 7 calls or more.
    assert waited_for <= 4, finished
    assert len(finished) - finished.index("polite") - 1 >= 4, finished  # there was a backlog to wait for
