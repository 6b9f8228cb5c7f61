"""What every long-running process of the server does for itself: freeze its heap once built, stop once orphaned."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable


def freeze_heap() -> None:
    """Take everything made so far out of the garbage collector's sight, for the life of the process.

    A process calls this once its app or schema is built: the modules, the schema and the app then
    stay out of the full collections that each request's garbage sets off. Collected first, so no
    garbage of the start-up is kept for good. Never from create_app: an app built in a test must
    not freeze the test run's heap.
    """
    gc.collect()
    gc.freeze()


def stop_when_orphaned(stop: Callable[[], None]) -> None:
    """Call `stop` from a watching thread once this process's parent is gone (killed, or hung up).

    A child in a process group of its own no longer gets the terminal's signals: a worker serving
    connections must notice for itself that no one will stop it.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        stop()

    threading.Thread(target=watch, name="stop-when-orphaned", daemon=True).start()
