"""An LRU cache that keeps an entry only when its key is asked for a second time (a doorkeeper).

A query text seen once — a client's one-off request, or texts made unique on purpose, as a greedy
client does with a fresh operation name each time — would otherwise fill the caches of parsed
documents, costs and plans with entries nobody reads again. Each is thousands of objects, and every
full garbage collection walks all of them: the pauses grow with the caches and stall every client.
The doorkeeper remembers only the hashes of keys seen once (TinyLFU's doorkeeper, without the
sketch), so a repeated query is cached from its second request and a one-off costs one integer.

Like cachetools' caches it is not thread-safe: callers hold their lock around every access.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from cachetools import LRUCache

K = TypeVar("K")
V = TypeVar("V")


class SecondSightCache(LRUCache[K, V]):
    """`LRUCache(maxsize, getsizeof)` that stores a key's value only if it was stored for before.

    `seen` bounds the hashes remembered of keys stored for, least recently stored for dropped first.
    """

    def __init__(self, maxsize: float, seen: int, getsizeof: Callable[[V], float] | None = None) -> None:
        super().__init__(maxsize, getsizeof)
        self._seen: LRUCache[int, None] = LRUCache(seen)

    def __setitem__(self, key: K, value: V, *arguments: Any) -> None:
        digest = hash(key)
        if digest in self._seen:
            super().__setitem__(key, value, *arguments)
        self._seen[digest] = None  # remembered, or moved to the front: a dropped entry comes back at once

    def clear(self) -> None:
        """Forget the entries and the keys seen once."""
        super().clear()
        self._seen.clear()
