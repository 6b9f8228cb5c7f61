"""HTTP caching of GraphQL answers: the data is immutable per build, so answers are too.

An answer depends only on the database content and the request (query, variables,
operation, media type), so its ETag is a hash of those: equal across replicas serving
copies of one file, computable before running the query (a 304 costs no execution), and
new whenever the database is rebuilt. The same key indexes a bounded in-process cache of
encoded answers.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

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


class AnswerCache:
    """Encoded answers by request key, bounded by total size, least recently used dropped first."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._bytes = 0

    def get(self, key: str) -> Answer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: str, answer: Answer) -> None:
        """Keep `answer` unless it alone would take a sixteenth of the cache (or the cache is off)."""
        if len(answer.body) > self.max_bytes // 16:
            return
        previous = self._answers.pop(key, None)
        if previous is not None:
            self._bytes -= len(previous.body)
        self._answers[key] = answer
        self._bytes += len(answer.body)
        while self._bytes > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)
