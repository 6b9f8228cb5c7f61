"""The `jingwang` command: build the database, serve it, print the schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import uvicorn

from api.app import create_app
from api.settings import DEFAULT_DB, Settings, envvar_for, help_for
from db.connection import DatabaseOutdatedError, open_readonly
from schema.root import sdl
from seeds.build import build
from seeds.errors import SeedError

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    envvar=envvar_for("db_path"),
    show_envvar=True,
    help=help_for("db_path"),
)


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
@db_option
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
@db_option
def serve(host: str, port: int, db_path: Path) -> None:
    """Serve the GraphQL API and the GraphiQL playground at /graphql.

    Builds the database first when the file does not exist yet.

    Example:

        jingwang serve --host 127.0.0.1 --port 8000 --db jingwang.db
    """
    if not db_path.exists():
        click.echo(f"{db_path} does not exist yet; building it.")
        _build(db_path)
    try:
        open_readonly(db_path).close()
    except (DatabaseOutdatedError, sqlite3.DatabaseError) as error:
        raise click.ClickException(f'{error}. Rebuild it: jingwang seed --db "{db_path}"') from None
    click.echo(f"GraphiQL: http://{host}:{port}/graphql")
    uvicorn.run(create_app(Settings(db_path=db_path)), host=host, port=port, log_level="info")


@cli.command("export-schema")
def export_schema() -> None:
    """Print the GraphQL schema in SDL (the committed schema.graphql).

    Example:

        jingwang export-schema > schema.graphql
    """
    click.echo(sdl(), nl=False)
