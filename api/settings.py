"""Settings: one typed table that the CLI's options, `--help` and the README all follow.

Each field carries its default, its help text and its environment variable (Datasette's
settings table). The `serve` command makes one option per field from this table and
hands the resulting Settings to `create_app`; nothing reads the environment at import.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schema.execution.executor import COMPILED, GRAPHQL_CORE

DEFAULT_DB = Path("jingwang.db")


def _setting(default: Any, help: str, envvar: str, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"help": help, "envvar": envvar, "choices": choices})


@dataclass(frozen=True)
class Settings:
    db_path: Path = _setting(DEFAULT_DB, "SQLite database to serve, built by `jingwang seed`.", "JINGWANG_DB")
    cors_origins: tuple[str, ...] = _setting(
        ("*",),
        "Origins allowed to call the API from a browser, comma-separated; * for any (the data is public).",
        "JINGWANG_CORS_ORIGINS",
    )
    cache_max_age: int = _setting(
        300, "Seconds browsers and CDNs may reuse a GET response (Cache-Control max-age).", "JINGWANG_CACHE_MAX_AGE"
    )
    time_limit: float = _setting(
        1.0, "Seconds a request may run before its work is stopped and it gets a TIMEOUT error.", "JINGWANG_TIME_LIMIT"
    )
    answer_cache_bytes: int = _setting(
        64 * 1024 * 1024,
        "Bytes of memory for reusing answers to repeated requests (the data never changes); 0 turns it off.",
        "JINGWANG_ANSWER_CACHE_BYTES",
    )
    max_body_bytes: int = _setting(
        65536, "Largest request body accepted; larger ones get 413.", "JINGWANG_MAX_BODY_BYTES"
    )
    max_url_bytes: int = _setting(8192, "Longest request URL accepted; longer ones get 414.", "JINGWANG_MAX_URL_BYTES")
    fairness: str = _setting(
        "on",
        "Share the server among client addresses under contention (429 RATE_LIMITED past a share); off for benchmarks.",
        "JINGWANG_FAIRNESS",
        choices=("on", "off"),
    )
    fair_share: float = _setting(
        0.25,
        "Fraction of the server's time one client address may use while other clients are active.",
        "JINGWANG_FAIR_SHARE",
    )
    fair_ceiling: float = _setting(
        3.0,
        "Server-seconds per second one client address may use even on an idle server. One client's measured"
        " time is at most 1 + --query-processes (the loop and each query process), so the default rarely"
        " throttles a lone client with 2 query processes; raise it with --query-processes.",
        "JINGWANG_FAIR_CEILING",
    )
    fair_window: float = _setting(
        5.0, "Seconds over which a client's use of the server is averaged.", "JINGWANG_FAIR_WINDOW"
    )
    query_processes: int = _setting(
        2,
        "Processes, at lower CPU priority, that run the queries of heavy and new clients so that they cannot hold"
        " the event loop (with fair use on); 0 runs every query on the loop.",
        "JINGWANG_QUERY_PROCESSES",
    )
    offload_after_ms: float = _setting(
        4.0,
        "Requests of a client whose requests typically cost at least this many server milliseconds run in a"
        " query process, off the event loop (with fair use on); 0 sends every request there.",
        "JINGWANG_OFFLOAD_AFTER_MS",
    )
    forwarded_allow_ips: tuple[str, ...] = _setting(
        (),
        "Proxies (addresses or networks, comma-separated; * for any) whose X-Forwarded-For names the client;"
        " none by default, so the client is the connection's address.",
        "JINGWANG_FORWARDED_ALLOW_IPS",
    )
    executor: str = _setting(
        COMPILED,
        "What runs queries: compiled (plans cached per query) or graphql-core (Strawberry's stock executor).",
        "JINGWANG_EXECUTOR",
        choices=(COMPILED, GRAPHQL_CORE),
    )
    max_connections_per_address: int = _setting(
        64,
        "Open connections one client address may hold (the connecting address: behind a proxy, the proxy's); "
        "more are answered 503 and closed; 0 turns the cap off.",
        "JINGWANG_MAX_CONNECTIONS_PER_ADDRESS",
    )
    receive_timeout: float = _setting(
        10.0,
        "Seconds a request's head and body may take to arrive; slower ones get 408 and are closed; 0 turns it off.",
        "JINGWANG_RECEIVE_TIMEOUT",
    )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by the settings' environment variables (for `uvicorn api.app:app`)."""
        environ = os.environ if environ is None else environ
        values = {
            spec.name: parse(spec.name, environ[spec.metadata["envvar"]])
            for spec in dataclasses.fields(cls)
            if spec.metadata["envvar"] in environ
        }
        return cls(**values)


def to_environment(settings: Settings) -> dict[str, str]:
    """The environment variables that make `Settings.from_environment()` give `settings` back."""
    values = {}
    for spec in dataclasses.fields(settings):
        value = getattr(settings, spec.name)
        values[spec.metadata["envvar"]] = ",".join(value) if isinstance(value, tuple) else str(value)
    return values


def parse(name: str, text: str) -> Any:
    """A setting's value from its text form, as the environment or the command line gives it."""
    default: Any = Settings.__dataclass_fields__[name].default
    if isinstance(default, tuple):
        return tuple(part.strip() for part in text.split(",") if part.strip())
    choices = choices_for(name)
    if choices and text not in choices:
        raise ValueError(f"{envvar_for(name)} must be one of {', '.join(choices)}, got {text!r}")
    value = type(default)(text)
    if isinstance(value, int | float) and value < 0:
        raise ValueError(f"{envvar_for(name)} must be 0 or more, got {text!r}")
    return value


def specs() -> list[dataclasses.Field[Any]]:
    return list(dataclasses.fields(Settings))


def names() -> list[str]:
    return [spec.name for spec in specs()]


def help_for(name: str) -> str:
    return str(Settings.__dataclass_fields__[name].metadata["help"])


def choices_for(name: str) -> tuple[str, ...]:
    """The values a setting may take, or () for any value of its type."""
    choices: tuple[str, ...] = Settings.__dataclass_fields__[name].metadata["choices"]
    return choices


def envvar_for(name: str) -> str:
    return str(Settings.__dataclass_fields__[name].metadata["envvar"])


def option_name(name: str) -> str:
    """`--db` for db_path, `--cors-origins` for cors_origins."""
    return "--db" if name == "db_path" else "--" + name.replace("_", "-")
