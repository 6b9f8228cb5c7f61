"""Freezing a process's heap once it is built: the server's processes and its query processes do it alike."""

from __future__ import annotations

import gc


def freeze_heap() -> None:
    """Take everything made so far out of the garbage collector's sight, for the life of the process.

    A process calls this once its app or schema is built: the modules, the schema and the app then
    stay out of the full collections that each request's garbage sets off. Collected first, so no
    garbage of the start-up is kept for good. Never from create_app: an app built in a test must
    not freeze the test run's heap.
    """
    gc.collect()
    gc.freeze()
