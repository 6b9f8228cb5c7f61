"""The `jingwang` command: build the database, serve it, print the schema.

Commands import what they run (uvicorn, the app, the schema, the seeds) when they run: `--help`
answers at once, and a Ctrl-C during those imports ends quietly like one at any other moment.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from api import settings
from api.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

#: The shell's exit status for a command ended by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


def setting_option(name: str, help: str | None = None) -> Callable[[F], F]:
    """The option for one setting, with the default, help and environment variable of its row."""
    default = Settings.__dataclass_fields__[name].default
    kind: Any = click.Path(path_type=Path) if isinstance(default, Path) else type(default)
    if isinstance(default, tuple):
        kind, default = str, ",".join(default)
    if settings.choices_for(name):
        kind = click.Choice(settings.choices_for(name))
    elif kind is int:  # every number in the table is a size, a count or a time: none is negative
        kind = click.IntRange(min=0)
    elif kind is float:
        kind = click.FloatRange(min=0)
    return click.option(
        settings.option_name(name),
        name,
        type=kind,
        default=default,
        show_default=True,
        envvar=settings.envvar_for(name),
        show_envvar=True,
        help=help or settings.help_for(name),
    )


def every_setting(command: F) -> F:
    """One option per row of the settings table, in its order."""
    for name in reversed(settings.names()):
        command = setting_option(name)(command)
    return command


def _database_file(db_path: Path) -> Path:
    if db_path.is_dir():
        raise click.ClickException(
            f"--db {db_path} is a directory; give the database file's path, e.g. --db {db_path / 'jingwang.db'}"
        )
    return db_path


def _build(db_path: Path) -> None:
    from seeds.build import build
    from seeds.errors import SeedError

    try:
        build(_database_file(db_path), report=click.echo)
    except SeedError as error:
        raise click.ClickException(str(error)) from None
    except (OSError, sqlite3.OperationalError) as error:
        raise click.ClickException(
            f"cannot write the database {db_path} ({_reason(error, db_path)}); "
            "give --db a path in a directory you can write to"
        ) from None


def _reason(error: OSError | sqlite3.OperationalError, db_path: Path) -> str:
    """Why writing `db_path` failed; an error about any other file is not the path's, and is raised again."""
    if isinstance(error, sqlite3.OperationalError) or error.filename is None:
        return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    where = Path(error.filename)
    if where in db_path.parents:  # a directory on the way could not be made
        return (
            f"{where} is a file, not a directory"
            if isinstance(error, FileExistsError)
            else f"{where}: {error.strerror}"
        )
    if where.parent == db_path.parent:  # the file itself or the temporary file beside it
        return str(error.strerror)
    raise error


class Commands(click.Group):
    """The command group: Ctrl-C ends any command quietly, with the shell's status for it."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            ctx.exit(INTERRUPTED)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jingwang")
def cli() -> None:
    """jingwang: the facts of Yunnan's 2018 “净网” (Clean Net) report as a GraphQL API.

    Example:

        jingwang serve
    """


@cli.command()
@setting_option("db_path", help="SQLite database file to build; replaced in one step once every fact checks out.")
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
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; 127.0.0.1 keeps the server private to this machine, 0.0.0.0 opens it to the network.",
)
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on; 0 for any free port (the one chosen is printed).",
)
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
    """Serve the GraphQL API and the GraphiQL playground at /graphql, and the example page at /.

    Builds the database first when the file does not exist yet.

    Example:

        jingwang serve --host 127.0.0.1 --port 8000 --db jingwang.db --workers 2
    """
    from api import listen
    from db.connection import DatabaseOutdatedError, open_readonly

    chosen = Settings(**{name: settings.parse(name, str(value)) for name, value in options.items()})
    db_path = _database_file(chosen.db_path)
    if not db_path.exists():
        click.echo(f"{db_path} does not exist yet; building it.")
        _build(db_path)
    try:
        open_readonly(db_path).close()
    except (DatabaseOutdatedError, sqlite3.DatabaseError) as error:
        raise click.ClickException(f'{error}. Rebuild it: jingwang seed --db "{db_path}"') from None
    try:
        listener = listen.bind(host, port)
    except listen.CannotListen as error:
        raise click.ClickException(str(error)) from None
    port = listener.getsockname()[1]  # the one the system chose for --port 0
    listener.listen()  # from now on a browser's connection waits for the app rather than being refused
    for line in listen.start_lines(host, port):
        click.echo(line)
    import api.workers

    if workers == 1:
        server = api.workers.server(chosen, host=host, port=port, log_level="info", access_log=access_log)
        server.run(sockets=[listener])
    else:
        listener.close()  # each worker binds the port itself, shared (SO_REUSEPORT)
        api.workers.serve(chosen, host=host, port=port, workers=workers, access_log=access_log)


@cli.command("export-schema")
def export_schema() -> None:
    """Print the GraphQL schema in SDL (the committed schema.graphql).

    Example:

        jingwang export-schema > schema.graphql
    """
    from schema.root import sdl

    click.echo(sdl(), nl=False)
