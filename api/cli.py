"""The `jingwang` command: build the database, serve it, print the schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import uvicorn

import api.workers
from api import settings
from api.app import create_app
from api.settings import Settings
from db.connection import DatabaseOutdatedError, open_readonly
from schema.root import sdl
from seeds.build import build
from seeds.errors import SeedError

F = TypeVar("F", bound=Callable[..., Any])


def setting_option(name: str) -> Callable[[F], F]:
    """The option for one setting, with the default, help and environment variable of its row."""
    default = Settings.__dataclass_fields__[name].default
    kind: Any = click.Path(dir_okay=False, path_type=Path) if isinstance(default, Path) else type(default)
    if isinstance(default, tuple):
        kind, default = str, ",".join(default)
    return click.option(
        settings.option_name(name),
        name,
        type=kind,
        default=default,
        show_default=True,
        envvar=settings.envvar_for(name),
        show_envvar=True,
        help=settings.help_for(name),
    )


def every_setting(command: F) -> F:
    """One option per row of the settings table, in its order."""
    for name in reversed(settings.names()):
        command = setting_option(name)(command)
    return command


def _build(db_path: Path) -> None:
    try:
        build(db_path, report=click.echo)
    except SeedError as error:
        raise click.ClickException(str(error)) from None


@click.group()
@click.version_option(package_name="jingwang")
def cli() -> None:
    """jingwang: the facts of Yunnan's 2018 “净网” (Clean Net) report as a GraphQL API.

    Example:

        jingwang serve
    """


@cli.command()
@setting_option("db_path")
def seed(db_path: Path) -> None:
    """Build the database from the article and the fact files in seeds/.

    The facts are checked first; if any is wrong the command stops with the file,
    record and reason, and an existing database is left as it was.

    Example:

        jingwang seed --db jingwang.db
    """
    _build(db_path)


@cli.command()
@click.option(
    "-h",
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; 127.0.0.1 keeps the server private to this machine, 0.0.0.0 opens it to the network.",
)
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "-w",
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes serving the same read-only database file; about one per CPU core.",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Log a line per request (uvicorn's access log); off saves its cost on busy servers and benchmarks.",
)
@every_setting
def serve(host: str, port: int, workers: int, access_log: bool, **options: Any) -> None:
    """Serve the GraphQL API and the GraphiQL playground at /graphql.

    Builds the database first when the file does not exist yet.

    Example:

        jingwang serve --host 127.0.0.1 --port 8000 --db jingwang.db --workers 2
    """
    chosen = Settings(**{name: settings.parse(name, str(value)) for name, value in options.items()})
    db_path = chosen.db_path
    if not db_path.exists():
        click.echo(f"{db_path} does not exist yet; building it.")
        _build(db_path)
    try:
        open_readonly(db_path).close()
    except (DatabaseOutdatedError, sqlite3.DatabaseError) as error:
        raise click.ClickException(f'{error}. Rebuild it: jingwang seed --db "{db_path}"') from None
    click.echo(f"GraphiQL: http://{host}:{port}/graphql")
    if workers == 1:
        app = create_app(chosen)
        api.workers.freeze_heap()
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)
    else:
        api.workers.serve(chosen, host=host, port=port, workers=workers, access_log=access_log)


@cli.command("export-schema")
def export_schema() -> None:
    """Print the GraphQL schema in SDL (the committed schema.graphql).

    Example:

        jingwang export-schema > schema.graphql
    """
    click.echo(sdl(), nl=False)
