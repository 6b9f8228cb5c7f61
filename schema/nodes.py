"""Global IDs: `node(id:)` and `nodes(ids:)` for every type that implements Node.

An ID is Strawberry's relay GlobalID, base64 of "Type:key", where key is the record's slug
from the fact files (or a catalog code), so IDs survive rebuilds. A well-formed ID of nothing
is null, as the Relay specification asks; a malformed one is null with its error, in its own
slot: `nodes(ids:)` answers one slot per ID, as GitHub does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from graphql import GraphQLError
from strawberry import relay

from schema.errors import bad_user_input
from schema.loaders import Loaders
from schema.types import article, case, catalogs, measure, outcome, region, statistic

MAX_IDS = 250

Resolver = Callable[[Loaders, list[str]], dict[str, relay.Node]]


def _catalog(kind: str, make: Callable[..., relay.Node]) -> Resolver:
    def resolve(load: Loaders, keys: list[str]) -> dict[str, relay.Node]:
        entries = load.catalog_entries(kind)
        return {key: make(load.entry(kind, entries.by_code[key])) for key in keys if key in entries.by_code}

    return resolve


def _regions(load: Loaders, keys: list[str]) -> dict[str, relay.Node]:
    ids = load.catalog.region_keys
    return {key: region.Region.from_row(load.region(ids[key])) for key in keys if key in ids}


def _article(load: Loaders, keys: list[str]) -> dict[str, relay.Node]:
    return {key: article.Article.from_row(load.catalog.article) for key in keys if key == "1"}


def _rows(kind: str, make: Callable[..., relay.Node]) -> Resolver:
    def resolve(load: Loaders, keys: list[str]) -> dict[str, relay.Node]:
        return {key: make(row) for key, row in load.by_keys(kind, keys).items()}

    return resolve


RESOLVERS: dict[str, Resolver] = {
    "Article": _article,
    "Region": _regions,
    "Category": _catalog("Category", catalogs.Category.from_row),
    "Operation": _catalog("Operation", catalogs.Operation.from_row),
    "Penalty": _catalog("Penalty", catalogs.Penalty.from_row),
    "Case": _rows("Case", case.Case.from_row),
    "Outcome": _rows("Outcome", outcome.Outcome.from_row),
    "Statistic": _rows("Statistic", statistic.Statistic.from_row),
    "Measure": _rows("Measure", measure.Measure.from_row),
}


def decode(global_id: str) -> relay.GlobalID | GraphQLError:
    try:
        return relay.GlobalID.from_id(global_id)
    except relay.GlobalIDValueError:
        return bad_user_input(f'"{global_id[:60]}" is not an ID from this API')


def resolve_nodes(load: Loaders, global_ids: list[str]) -> list[relay.Node | GraphQLError | None]:
    """The node of each ID, in order: None for an ID of nothing, the error for a malformed one.

    An error returned as a list item is completed by graphql-core (and schema.execution) as
    that item's error: the slot is null and the error's path is ["nodes", i].
    One statement per type at most.
    """
    if len(global_ids) > MAX_IDS:
        raise bad_user_input(f'"ids" may hold at most {MAX_IDS} IDs, got {len(global_ids)}')
    decoded = [decode(global_id) for global_id in global_ids]
    keys_by_type: dict[str, list[str]] = defaultdict(list)
    for gid in decoded:
        if isinstance(gid, relay.GlobalID):
            keys_by_type[gid.type_name].append(gid.node_id)
    found = {
        type_name: RESOLVERS[type_name](load, keys)
        for type_name, keys in keys_by_type.items()
        if type_name in RESOLVERS
    }
    return [gid if isinstance(gid, GraphQLError) else found.get(gid.type_name, {}).get(gid.node_id) for gid in decoded]
