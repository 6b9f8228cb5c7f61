"""Arguments shared by many fields, each described once for GraphiQL."""

from __future__ import annotations

import functools
from typing import Annotated, TypeVar

import strawberry

from db import tables
from db.catalog import Catalog
from db.pagination import Window
from schema.pagination import out_of_range, window

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


#: The table whose ids the cursors of each kind of list hold.
_TABLES = {"Case": tables.CASES.name, "Statistic": tables.STATISTICS.name, "Outcome": tables.OUTCOMES.name}


def page_window(
    catalog: Catalog, kind: str, first: int | None, after: str | None, last: int | None, before: str | None
) -> Window:
    """The page of a list of `kind` the arguments ask for, its cursors ids of that kind in this database."""
    found = _window(kind, first, after, last, before)
    if found.after is None and found.before is None:  # most lists: nested ones, first pages
        return found
    largest = catalog.largest_ids[_TABLES[kind]]
    if found.after is not None and not 0 < found.after <= largest:
        raise out_of_range("after", str(after), kind)
    if found.before is not None and not 0 < found.before <= largest:
        raise out_of_range("before", str(before), kind)
    return found


@functools.lru_cache(maxsize=1024)  # the same few arguments come with every nested list, UNSET or not
def _window(kind: str, first: int | None, after: str | None, last: int | None, before: str | None) -> Window:
    return window(kind, given(first), given(after), given(last), given(before))
