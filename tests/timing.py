"""Timing one piece of work in a test: that work alone, not a collection of the test run's garbage."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """`work()` and the seconds it took, with the garbage collector paused meanwhile.

    Late in a run the test process holds a few hundred thousand objects (nothing freezes its
    heap), and one full collection of them landing in the timed window can take seconds on a
    busy machine: not the work a bound like "refused within 1 s" is about.
    """
    gc.disable()
    try:
        start = time.perf_counter()
        result = work()
        return result, time.perf_counter() - start
    finally:
        gc.enable()
