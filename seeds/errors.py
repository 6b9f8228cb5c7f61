"""The one error a seed stops with: which file, which record, what is wrong."""

from __future__ import annotations

from pathlib import Path


class SeedError(Exception):
    """A fact file is wrong; the build stops before the database is touched.

    Like Starlette's HTTPException it keeps its parts as fields, so tests and tools can
    read them, and its message is one sentence a curator can act on.
    """

    def __init__(self, path: Path | str, record: str | None, reason: str) -> None:
        super().__init__(path, record, reason)
        self.path = display_path(path) if isinstance(path, Path) else path
        self.record = record
        self.reason = reason

    def __str__(self) -> str:
        where = f"{self.path}: {self.record}" if self.record else self.path
        return f"{where}: {self.reason} (database unchanged)"


def display_path(path: Path) -> str:
    """The path as a curator would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
