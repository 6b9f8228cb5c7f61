"""What every resolver gets as `info.context`: the request's loaders, its id and its deadline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from schema.loaders import Loaders


@dataclass
class Context:
    loaders: Loaders
    request_id: str
    #: The `time.monotonic()` after which the executor stops the request's work (None: no limit).
    deadline: float | None = None


def loaders(info: Info[Any, Any]) -> Loaders:
    context: Context = info.context
    return context.loaders
