"""HTTP caching of GraphQL answers: the data is immutable per build, so answers are too.

An answer depends only on the database content and the request, so its ETag is a hash of
those: the same on every replica of one file, known before the query runs (a 304 costs no
execution), new with every rebuild. The same key indexes an in-process cache of answers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from graphql import GraphQLSyntaxError, strip_ignored_characters


@functools.lru_cache(maxsize=1024)
def normalized(query: str) -> str:
    """The query without insignificant whitespace and comments (kept as is if it does not lex)."""
    try:
        return strip_ignored_characters(query)
    except GraphQLSyntaxError:
        return query


def request_key(
    method: str, query: str, variables: dict[str, Any] | None, operation_name: str | None, media_type: str
) -> str:
    """What an answer depends on besides the data: the normalized query and its inputs.

    The method counts too: a mutation sent with GET is refused with 405, with POST it is not.
    """
    material = json.dumps(
        [method, normalized(query), variables or {}, operation_name, media_type], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def etag(content_hash: str, key: str) -> str:
    """A weak validator: the gzip middleware may change the bytes, not the meaning."""
    return 'W/"' + hashlib.sha256(f"{content_hash}:{key}".encode()).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {part.strip() for part in if_none_match.split(",")}
    return "*" in candidates or tag in candidates or tag.removeprefix("W/") in candidates


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    requested: int | None = None  # extensions.cost.requested, what the fairness budget is charged at least


class AnswerCache:
    """Encoded answers by request key, least recently used dropped first beyond `max_bytes` of bodies."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: LRUCache[str, Answer] = LRUCache(maxsize=max_bytes, getsizeof=lambda answer: len(answer.body))
        self._lock = threading.Lock()

    def get(self, key: str) -> Answer | None:
        with self._lock:
            return self._answers.get(key)

    def put(self, key: str, answer: Answer) -> None:
        """Keep `answer` unless it alone would take a sixteenth of the cache (or the cache is off)."""
        if len(answer.body) > self.max_bytes // 16:
            return
        with self._lock:
            self._answers[key] = answer
