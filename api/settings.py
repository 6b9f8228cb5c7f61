"""Settings: one typed table that the CLI's options, `--help` and the README all follow.

Each field carries its default and help text (Datasette's settings table). The CLI builds
a Settings from options and environment variables and hands it to `create_app`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = Path("jingwang.db")


def _setting(default: object, help: str, envvar: str | None = None) -> object:
    return field(default=default, metadata={"help": help, "envvar": envvar})


@dataclass(frozen=True)
class Settings:
    db_path: Path = _setting(  # type: ignore[assignment]  # a dataclass field with metadata
        DEFAULT_DB, "SQLite database to serve, built by `jingwang seed`.", envvar="JINGWANG_DB"
    )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by the settings' environment variables (for `uvicorn api.app:app`)."""
        environ = os.environ if environ is None else environ
        values = {
            name: Path(environ[envvar])
            for name in names()
            if (envvar := envvar_for(name)) is not None and envvar in environ
        }
        return cls(**values)


def help_for(name: str) -> str:
    """The help text of a setting, for the CLI option that sets it."""
    return str(Settings.__dataclass_fields__[name].metadata["help"])


def envvar_for(name: str) -> str | None:
    envvar = Settings.__dataclass_fields__[name].metadata["envvar"]
    return str(envvar) if envvar else None


def names() -> list[str]:
    return [f.name for f in dataclasses.fields(Settings)]
