"""Arguments shared by many fields, each described once for GraphiQL."""

from __future__ import annotations

import functools
from typing import Annotated, TypeVar

import strawberry

from db.pagination import Window
from schema.pagination import window

T = TypeVar("T")

First = Annotated[
    int | None,
    strawberry.argument(description="Return the first n items after `after` (0–100; 20 if neither first nor last)."),
]
After = Annotated[str | None, strawberry.argument(description="Start after the item with this cursor.")]
Last = Annotated[int | None, strawberry.argument(description="Return the last n items before `before` (0–100).")]
Before = Annotated[str | None, strawberry.argument(description="End before the item with this cursor.")]


def given(value: T | None) -> T | None:
    """None for an argument the client left out (Strawberry's UNSET), else the value."""
    return None if value is strawberry.UNSET else value


@functools.lru_cache(maxsize=1024)  # the same few arguments come with every nested list, UNSET or not
def page_window(first: int | None, after: str | None, last: int | None, before: str | None) -> Window:
    return window(given(first), given(after), given(last), given(before))
