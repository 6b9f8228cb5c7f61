"""Counting the SQL statements a request issues, the way tests/test_schema_batching.py does.

`sqlite3.Connection.set_trace_callback` also reports the statements SQLite runs on its own
behalf: FTS5 reading its shadow tables (`'main'.'search_documents_fts_idx'`) and nested
statements, which it prefixes with `--`. Those are not the application's doing and are
left out, so a search counts as the two statements the code wrote. Stdlib only: the
datasette side imports this too, from its own virtualenv.
"""

from __future__ import annotations

import threading


def issued(sql: str) -> bool:
    """True for a statement the application itself executed."""
    return not sql.startswith("--") and "'main'." not in sql


class StatementCounter:
    """A trace callback counting issued statements; thread-safe, as datasette runs SQL in threads."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, sql: str) -> None:
        if issued(sql):
            with self._lock:
                self.count += 1

    def reset(self) -> None:
        with self._lock:
            self.count = 0
