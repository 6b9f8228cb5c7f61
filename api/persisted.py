"""Automatic persisted queries (Apollo's protocol): a query's sha256 instead of its text.

A client first sends only the hash; if the server does not know it, the answer is the
error PERSISTED_QUERY_NOT_FOUND and the client sends hash and text together, which the
server checks and remembers. GET URLs then stay short and cacheable by CDNs. The example
queries the playground shows are known from the start.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from cachetools import LRUCache

from api.transport import GraphQLRequest

_SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueryError(Exception):
    """The persisted-query part of a request cannot be honored; `code` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Resolved:
    """The query to run, and the hash to remember it under once it has run (if any)."""

    query: str | None
    register: str | None = None


class PersistedQueries:
    """Queries by hash, least recently used dropped first beyond `capacity`."""

    def __init__(self, known: Iterable[str] = (), capacity: int = 1000) -> None:
        self._queries: LRUCache[str, str] = LRUCache(maxsize=capacity)
        self._queries.update((sha256_of(query), query) for query in known)
        self._lock = threading.Lock()

    def resolve(self, request: GraphQLRequest) -> Resolved:
        persisted = (request.extensions or {}).get("persistedQuery")
        if persisted is None:
            return Resolved(request.query)
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise PersistedQueryError(
                "only version 1 of persisted queries is supported", "PERSISTED_QUERY_NOT_SUPPORTED"
            )
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise PersistedQueryError('"sha256Hash" must be 64 lowercase hex digits', "BAD_REQUEST")
        if request.query is not None:
            if sha256_of(request.query) != digest:
                raise PersistedQueryError("provided sha does not match query", "BAD_REQUEST")
            return Resolved(request.query, register=digest)
        with self._lock:
            query = self._queries.get(digest)
        if query is None:
            raise PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
        return Resolved(query)

    def remember(self, digest: str, query: str) -> None:
        with self._lock:
            self._queries[digest] = query
