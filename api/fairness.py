"""Fairness under contention: each client address has a budget of server time, spent by what its requests cost.

A request costs the time its execution held the server (measured: wall time, which on a busy
machine is what the request took from the others, where CPU time would undercount it), or
what `extensions.cost.requested` estimates, whichever is more: the estimate does not count plain
lists, the measurement does not see work a request merely queued. A client's usage is its spending
per second, averaged over the last `window` seconds (an exponential moving average, so no list of
past requests is kept). A client is refused with 429 until its usage decays below again, and
`Retry-After` says when, if its usage is over `ceiling` at any time, or over `share` of the server
while another client is active and it uses more than the active clients' average: the lightest
client is never the one refused, so a greedy client cannot make another's requests fail.
Answers from the answer cache and 304s execute nothing and spend nothing; a throttled client is
refused before its request is even parsed, so refusing it costs the server next to nothing.

What each answer reports follows Shopify's `throttleStatus`: the budget as a bucket of server
milliseconds (`maximumAvailable`) refilled at `restoreRate` per second, and what is left of it.
State is per process, bounded to `MAX_CLIENTS` addresses, least recently seen forgotten first.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache, TTLCache

#: The error code of a refusal, with HTTP 429 and Retry-After.
RATE_LIMITED = "RATE_LIMITED"

#: Addresses whose usage is remembered; beyond this the least recently seen is forgotten.
MAX_CLIENTS = 10_000

#: Another client counts as active if it asked for something within this many seconds.
ACTIVE_SECONDS = 1.0

#: Seconds of estimated cost per node of `extensions.cost.requested`: the cheapest a node can be.
SECONDS_PER_NODE = 2e-6


@dataclass
class Usage:
    """A client's spending per second, decayed to `at`, and the typical cost of one of its requests."""

    rate: float = 0.0
    per_request: float = 0.0
    at: float = 0.0


@dataclass(frozen=True)
class Throttled:
    """A refusal: how long to wait and why."""

    retry_after: int
    message: str


class Budgets:
    """Per-client usage of the server's time and the decisions it leads to."""

    def __init__(
        self,
        *,
        share: float,
        ceiling: float,
        window: float,
        capacity: int = MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.share = share
        self.ceiling = ceiling
        self.window = window
        self.clock = clock
        self._usage: LRUCache[str, Usage] = LRUCache(maxsize=capacity)
        self._active: TTLCache[str, None] = TTLCache(maxsize=capacity, ttl=ACTIVE_SECONDS, timer=clock)
        self._lock = threading.Lock()
        self._total = Usage()  # every client's spending together: averages decay alike, so they add up

    def __len__(self) -> int:
        with self._lock:
            return len(self._usage)

    def _current(self, client: str, now: float) -> Usage:
        usage = self._usage.get(client)
        if usage is None:
            usage = self._usage[client] = Usage(at=now)
        return self._decay(usage, now)

    def _decay(self, usage: Usage, now: float) -> Usage:
        usage.rate *= math.exp(-max(0.0, now - usage.at) / self.window)
        usage.at = now
        return usage

    def _asking(self, client: str, now: float) -> tuple[Usage, float]:
        """Mark `client` active; its usage, and the most it may use now.

        That is its share while others are active, unless it uses less than their average.
        """
        self._active[client] = None
        usage = self._current(client, now)
        active = len(self._active)
        if active < 2 or usage.rate <= self._decay(self._total, now).rate / active:
            return usage, self.ceiling
        return usage, min(self.share, self.ceiling)

    def check(self, client: str) -> Throttled | None:
        """Note that `client` is asking; the refusal if it has used more than it may."""
        now = self.clock()
        with self._lock:
            usage, limit = self._asking(client, now)
            if usage.rate <= limit:
                return None
            wait = self.window * math.log(usage.rate / limit)
        retry_after = max(1, math.ceil(wait))
        reason = "other clients are active" if limit < self.ceiling else "the server is idle"
        return Throttled(
            retry_after,
            f"Rate limited: this address used {usage.rate:.0%} of the server's time over the last"
            f" {self.window:g} s, more than the {limit:.0%} it may use while {reason}; retry in {retry_after} s",
        )

    def spend(self, client: str, seconds: float, requested: int | None) -> float:
        """Charge `client` for a request that took `seconds` and was estimated at `requested` nodes; the charge."""
        charge = max(seconds, (requested or 0) * SECONDS_PER_NODE)
        now = self.clock()
        with self._lock:
            usage = self._current(client, now)
            usage.rate += charge / self.window
            self._decay(self._total, now).rate += charge / self.window
            usage.per_request = charge if usage.per_request == 0 else 0.8 * usage.per_request + 0.2 * charge
        return charge

    def typical_cost(self, client: str) -> float | None:
        """Seconds a request of `client` usually costs; None for a client whose requests have cost nothing yet."""
        with self._lock:
            usage = self._usage.get(client)
            return None if usage is None or usage.per_request == 0 else usage.per_request

    def status(self, client: str) -> dict[str, Any]:
        """Shopify's throttleStatus, in milliseconds of server time."""
        now = self.clock()
        with self._lock:
            usage, limit = self._asking(client, now)
        maximum = limit * self.window * 1000
        return {
            "maximumAvailable": round(maximum, 1),
            "currentlyAvailable": round(max(0.0, maximum - usage.rate * self.window * 1000), 1),
            "restoreRate": round(limit * 1000, 1),
        }
