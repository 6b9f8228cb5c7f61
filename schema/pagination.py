"""Relay connections: the generic Connection and Edge types, cursors, and argument checks.

Strawberry's ListConnection has no `totalCount` or `nodes` and pages Python lists; these
types carry both and are filled from db.pagination's keyset pages, one statement per level.
Cursors are opaque to clients; inside they name the kind of item listed and the row's id,
which is its article order (a search's cursors hold ranks), so a cursor of one list given to
a list of something else is an error, not a silent jump.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from typing import Any, Generic, Protocol, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry import relay

from db.pagination import Page, Window
from schema.errors import bad_user_input


class Keyed(Protocol):
    @property
    def id(self) -> int: ...


Node = TypeVar("Node")
Row = TypeVar("Row", bound=Keyed)

DEFAULT_PAGE = 20
MAX_PAGE = 100
_CURSOR_PREFIX = "cursor:v2:"
#: The kind of a search's cursors, which are ranks among its hits.
SEARCH_HIT = "SearchHit"
_FIX = "page with the cursors this list returned (edges.cursor, pageInfo.endCursor, pageInfo.startCursor)"


@strawberry.type(description="One item of a connection and the cursor that points at it.")
class Edge(Generic[Node]):
    cursor: str = strawberry.field(description="Opaque; pass it as `after` or `before` to page from this item.")
    node: Node = strawberry.field(description="The item.")


@strawberry.type(
    description=(
        "A page of a list, Relay style: `first`/`after` pages forwards, `last`/`before` backwards, "
        "20 items by default and at most 100."
    )
)
class Connection(Generic[Node]):
    total_count: int = strawberry.field(description="How many items the whole list holds, across all pages.")
    page_info: relay.PageInfo = strawberry.field(
        description="Whether there are more items, and the cursors to reach them."
    )
    edges: list[Edge[Node]] = strawberry.field(description="The items of this page with their cursors.")
    nodes: list[Node] = strawberry.field(description="The items of this page, for clients that need no cursors.")


def encode_cursor(kind: str, position: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{kind}:{position}".encode()).decode()


def decode_cursor(cursor: str, argument: str, kind: str) -> int:
    """The position in a list of `kind` that the cursor points at."""
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    found, _, position = text.removeprefix(_CURSOR_PREFIX).rpartition(":")
    if not (text.startswith(_CURSOR_PREFIX) and found and position.isdigit()):
        raise bad_user_input(f'"{argument}" is not a cursor from this API: "{cursor[:40]}"; {_FIX}')
    if found != kind:
        raise bad_user_input(f'"{argument}" is a cursor of a list of {found}, and this list holds {kind}; {_FIX}')
    return int(position)


def out_of_range(argument: str, cursor: str, kind: str) -> GraphQLError:
    return bad_user_input(f'"{argument}" points at no {kind} of this API: "{cursor[:40]}"; {_FIX}')


def check_page_size(argument: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_PAGE:
        raise bad_user_input(f'"{argument}" must be between 0 and {MAX_PAGE}, got {value}')


def window(
    kind: str, first: int | None, after: str | None, last: int | None = None, before: str | None = None
) -> Window:
    """The page of a list of `kind` the arguments ask for; 20 from the start when they ask for none."""
    check_page_size("first", first)
    check_page_size("last", last)
    if first is not None and last is not None:
        # As GitHub's API: the Relay specification "strongly discourages" both, for confusing results.
        raise bad_user_input(
            'passing both "first" and "last" is not supported: use "first" (with "after") to page forwards '
            'or "last" (with "before") to page backwards'
        )
    if first is None and last is None:
        first = DEFAULT_PAGE
    return Window(
        first=first,
        last=last,
        after=decode_cursor(after, "after", kind) if after is not None else None,
        before=decode_cursor(before, "before", kind) if before is not None else None,
    )


def connection(page: Page[Row], to_node: Callable[[Row], Node], kind: str) -> Connection[Node]:
    """The Connection of a page of rows of `kind`, each made a node by `to_node`; cursors hold row ids."""
    if not page.total:
        return _EMPTY  # most parents of a nested list have nothing in it: one shared answer for them
    edges = [Edge(cursor=encode_cursor(kind, row.id), node=to_node(row)) for row in page.rows]
    return _connection(page.total, page.has_previous, page.has_next, edges)


def offset_window(first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, limit) for lists ranked by relevance, whose cursors are positions in the ranking."""
    check_page_size("first", first)
    offset = decode_cursor(after, "after", SEARCH_HIT) + 1 if after is not None else 0
    return offset, DEFAULT_PAGE if first is None else first


def ranked(total: int, offset: int, items: Iterable[Node], after: str | None) -> Connection[Node]:
    """The Connection of items at ranks offset, offset + 1, … of `total`; `after` must be among them."""
    if offset > total:
        assert after is not None  # offset is 0 without it
        raise bad_user_input(f'"after" points past the last of the {total} hits of this search: "{after[:40]}"; {_FIX}')
    edges = [Edge(cursor=encode_cursor(SEARCH_HIT, offset + n), node=item) for n, item in enumerate(items)]
    return _connection(total, offset > 0, offset + len(edges) < total, edges)


def _connection(total: int, has_previous: bool, has_next: bool, edges: list[Edge[Node]]) -> Connection[Node]:
    return Connection(
        total_count=total,
        page_info=relay.PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
        nodes=[edge.node for edge in edges],
    )


#: The connection of an empty list. Resolvers and the executor only read connections, so one serves all.
_EMPTY: Connection[Any] = _connection(0, False, False, [])
