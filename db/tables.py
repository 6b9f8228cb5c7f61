"""The database layout: every table, its keys, its indexes and the full-text index.

The seed builds the file from these definitions and the queries read it, so this module is
the one place where a table is defined. Ids number each table's rows in article order (a
record's first source; catalogs in file order), so ORDER BY id is the order users see and
every index on a foreign key already yields it. `key` is the stable slug global IDs are made
of, so a rebuild never changes what clients hold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlite_utils

#: FTS5 tokenizer of the search index: unicode61 splits Latin words and numbers, lowercased and
#: without accents; Chinese text reaches it already segmented into pairs (db.fts).
FTS_TOKENIZER = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Table:
    """One table as sqlite-utils creates it."""

    name: str
    columns: dict[str, type]
    pk: str | tuple[str, ...] = "id"
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    nullable: tuple[str, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def not_null(self) -> set[str]:
        return set(self.columns) - set(self.nullable)


def _catalog(name: str) -> Table:
    """A code list with Chinese and English names; `parent_id` makes it a tree where one is."""
    return Table(
        name,
        {"id": int, "code": str, "name": str, "name_en": str, "parent_id": int},
        foreign_keys=(("parent_id", name, "id"),),
        nullable=("parent_id",),
        unique=(("code",),),
        indexes=(("parent_id",),),
    )


def _sources(owner: str, owner_table: str) -> Table:
    """Source spans of one kind of record: which words of which paragraph state it."""
    owner_id = f"{owner}_id"
    return Table(
        f"{owner}_sources",
        {
            owner_id: int,
            "position": int,
            "paragraph": int,
            "start": int,
            "end": int,
            "text": str,
        },
        pk=(owner_id, "position"),
        foreign_keys=((owner_id, owner_table, "id"), ("paragraph", "paragraphs", "number")),
        indexes=(("paragraph",),),
    )


def _closure(name: str, of: str) -> Table:
    """Every (ancestor, descendant) pair of a tree, itself included at depth 0."""
    return Table(
        name,
        {"ancestor_id": int, "descendant_id": int, "depth": int},
        pk=("ancestor_id", "descendant_id"),
        foreign_keys=(("ancestor_id", of, "id"), ("descendant_id", of, "id")),
        indexes=(("descendant_id", "ancestor_id"),),
    )


PARAGRAPHS = Table("paragraphs", {"number": int, "text": str}, pk="number")

ARTICLE = Table(
    "article",
    {
        "id": int,
        "title": str,
        "published_at": str,
        "publisher": str,
        "reporter": str,
        "editor": str,
        "responsible_editor": str,
        "sha256": str,
    },
    nullable=("editor", "reporter", "responsible_editor"),
)

ARTICLE_SOURCES = Table(
    "article_sources",
    {"field": str, "paragraph": int, "start": int, "end": int, "text": str},
    pk="field",
    foreign_keys=(("paragraph", "paragraphs", "number"),),
    indexes=(("paragraph",),),
)

PERIODS = Table(
    "periods",
    {"id": int, "key": str, "label": str, "label_en": str, "start": str, "end": str},
    unique=(("key",),),
)

REGIONS = Table(
    "regions",
    {
        "id": int,
        "key": str,
        "code": str,
        "name": str,
        "full_name": str,
        "name_en": str,
        "full_name_en": str,
        "kind": str,
        "parent_id": int,
    },
    foreign_keys=(("parent_id", "regions", "id"),),
    nullable=("code", "parent_id"),
    unique=(("key",), ("code",)),
    indexes=(("parent_id",), ("kind",)),
)

#: Every name a region answers to (short, full, the article's aliases), for lookups by name.
REGION_NAMES = Table(
    "region_names",
    {"name": str, "region_id": int},
    pk="name",
    foreign_keys=(("region_id", "regions", "id"),),
    indexes=(("region_id",),),
)

REGION_CLOSURE = _closure("region_closure", "regions")
CATEGORIES = _catalog("categories")
CATEGORY_CLOSURE = _closure("category_closure", "categories")
OPERATIONS = _catalog("operations")
PENALTIES = _catalog("penalties")
METRICS = _catalog("metrics")

STATISTICS = Table(
    "statistics",
    {
        "id": int,
        "key": str,
        "metric": str,
        "value": float,
        "unit": str,
        "at_least": int,
        "headline": int,
        "normalized_value": float,
        "normalized_unit": str,
        "category_id": int,
        "region_id": int,
        "operation_id": int,
        "penalty_id": int,
        "period_id": int,
    },
    foreign_keys=(
        ("metric", "metrics", "code"),
        ("category_id", "categories", "id"),
        ("region_id", "regions", "id"),
        ("operation_id", "operations", "id"),
        ("penalty_id", "penalties", "id"),
        ("period_id", "periods", "id"),
    ),
    nullable=("operation_id", "penalty_id", "period_id"),
    unique=(("key",),),
    indexes=(
        ("metric",),
        ("category_id",),
        ("region_id",),
        ("operation_id",),
        ("penalty_id",),
        ("period_id",),
        ("headline",),
    ),
)

CASES = Table(
    "cases",
    {
        "id": int,
        "key": str,
        "title": str,
        "title_en": str,
        "summary": str,
        "summary_en": str,
        "occurred_year": int,
        "occurred_month": int,
        "occurred_day": int,
        "occurred_start": str,
        "occurred_end": str,
        "region_id": int,
        "category_id": int,
    },
    foreign_keys=(("region_id", "regions", "id"), ("category_id", "categories", "id")),
    nullable=("occurred_day", "occurred_end", "occurred_month", "occurred_start", "occurred_year"),
    unique=(("key",),),
    indexes=(("region_id",), ("category_id",), ("occurred_start",), ("occurred_end",)),
)

#: Each case under every region that contains it (its own, its prefecture's, its province's),
#: so one index range lists a region's cases, subregions included, in article order.
CASE_REGIONS = Table(
    "case_regions",
    {"region_id": int, "case_id": int},
    pk=("region_id", "case_id"),
    foreign_keys=(("region_id", "regions", "id"), ("case_id", "cases", "id")),
    indexes=(("case_id",),),
)

#: Each case under its category and the categories above it (VICE for a gambling case).
CASE_CATEGORIES = Table(
    "case_categories",
    {"category_id": int, "case_id": int},
    pk=("category_id", "case_id"),
    foreign_keys=(("category_id", "categories", "id"), ("case_id", "cases", "id")),
    indexes=(("case_id",),),
)

CASE_OPERATIONS = Table(
    "case_operations",
    {"case_id": int, "operation_id": int, "position": int},
    pk=("case_id", "operation_id"),
    foreign_keys=(("case_id", "cases", "id"), ("operation_id", "operations", "id")),
    unique=(("operation_id", "case_id"),),
)

#: Places named as home to a case's victims (the 黄某某 case's 澳大利亚, 马来西亚, 台湾, 日本).
VICTIM_PLACES = Table(
    "victim_places",
    {"case_id": int, "region_id": int, "position": int},
    pk=("case_id", "region_id"),
    foreign_keys=(("case_id", "cases", "id"), ("region_id", "regions", "id")),
    indexes=(("region_id", "case_id"),),
)

PARTIES = Table(
    "parties",
    {"id": int, "case_id": int, "name": str, "name_en": str, "kind": str, "role": str},
    foreign_keys=(("case_id", "cases", "id"),),
    unique=(("case_id", "name"),),
)

CASE_FIGURES = Table(
    "case_figures",
    {
        "id": int,
        "case_id": int,
        "label": str,
        "label_en": str,
        "value": float,
        "unit": str,
        "at_least": int,
        "normalized_value": float,
        "normalized_unit": str,
    },
    foreign_keys=(("case_id", "cases", "id"),),
    indexes=(("case_id",),),
)

OUTCOMES = Table(
    "outcomes",
    {
        "id": int,
        "key": str,
        "case_id": int,
        "penalty_id": int,
        "party_id": int,
        "quantity": float,
        "unit": str,
        "at_least": int,
        "description": str,
        "description_en": str,
    },
    foreign_keys=(
        ("case_id", "cases", "id"),
        ("penalty_id", "penalties", "id"),
        ("party_id", "parties", "id"),
    ),
    nullable=("party_id", "quantity", "unit"),
    unique=(("key",),),
    indexes=(("case_id",), ("penalty_id",), ("party_id",)),
)

MEASURES = Table(
    "measures",
    {"id": int, "key": str, "description": str, "description_en": str},
    unique=(("key",),),
)

MEASURE_REGIONS = Table(
    "measure_regions",
    {"measure_id": int, "region_id": int, "position": int},
    pk=("measure_id", "region_id"),
    foreign_keys=(("measure_id", "measures", "id"), ("region_id", "regions", "id")),
    indexes=(("region_id", "measure_id"),),
)

STATISTIC_SOURCES = _sources("statistic", "statistics")
CASE_SOURCES = _sources("case", "cases")
CASE_FIGURE_SOURCES = _sources("case_figure", "case_figures")
OUTCOME_SOURCES = _sources("outcome", "outcomes")
MEASURE_SOURCES = _sources("measure", "measures")

#: One row per searchable thing; `body` is what the index is built from and snippets are cut
#: from. The id is the document's rank, fixed when the database is built: the article's
#: paragraphs in article order, then cases, statistics and measures, each in id order. Search
#: results come out in it (db.queries.search), read and not sorted.
SEARCH_DOCUMENTS = Table(
    "search_documents",
    {
        "id": int,
        "target_type": str,
        "target_id": int,
        "body": str,
    },
    unique=(("target_type", "target_id"),),
)
#: The full-text index of search_documents.body, rowid = id, segmented by db.fts: Latin words
#: and Chinese character pairs, with a one-character prefix index for one character alone (枪).
#: Contentless, since the bodies are in search_documents, and without column sizes, which only
#: BM25 reads.
SEARCH_DOCUMENTS_FTS = "search_documents_fts"
SEARCH_INDEX_SQL = (
    f"CREATE VIRTUAL TABLE {SEARCH_DOCUMENTS_FTS} USING fts5("
    f"words, content='', columnsize=0, prefix='1', tokenize='{FTS_TOKENIZER}')"
)
#: How many documents hold each token of the index (col 'words', FTS5's fts5vocab 'col' table,
#: kept) and each Chinese character (col 'chars'): the totalCount of a one-token search (枪,
#: 诈骗, police) is one row, not a walk.
SEARCH_TOKENS = Table(
    "search_tokens",
    {"col": str, "term": str, "documents": int},
    pk=("col", "term"),
)

#: The size of every list the API pages through, per parent, counted once when the database is
#: built: an unfiltered connection's totalCount then reads one row instead of counting 30,000.
#: `list` names the list as "table.parent_column" ("cases." for all cases).
MEMBER_COUNTS = Table(
    "member_counts",
    {"list": str, "parent": int, "total": int},
    pk=("list", "parent"),
)

#: The tables whose lists are paged by id (db.pagination), in keyset order.
PAGED = (CASES, STATISTICS, OUTCOMES)

#: The lists counted into MEMBER_COUNTS: (table listing the members, column holding the parent).
COUNTED_LISTS: tuple[tuple[str, str | None], ...] = (
    ("cases", None),
    ("cases", "region_id"),
    ("case_regions", "region_id"),
    ("case_categories", "category_id"),
    ("case_operations", "operation_id"),
    ("outcomes", "penalty_id"),
    ("statistics", None),
)


def list_name(link: str, parent: str | None) -> str:
    return f"{link}.{parent or ''}"


#: Facts about the build itself: the content hash that HTTP ETags derive from, counts.
METADATA = Table("metadata", {"key": str, "value": str}, pk="key")

#: In creation order: every table after the tables it refers to.
ALL: tuple[Table, ...] = (
    PARAGRAPHS,
    ARTICLE,
    ARTICLE_SOURCES,
    PERIODS,
    REGIONS,
    REGION_NAMES,
    REGION_CLOSURE,
    CATEGORIES,
    CATEGORY_CLOSURE,
    OPERATIONS,
    PENALTIES,
    METRICS,
    STATISTICS,
    STATISTIC_SOURCES,
    CASES,
    CASE_SOURCES,
    CASE_REGIONS,
    CASE_CATEGORIES,
    CASE_OPERATIONS,
    VICTIM_PLACES,
    PARTIES,
    CASE_FIGURES,
    CASE_FIGURE_SOURCES,
    OUTCOMES,
    OUTCOME_SOURCES,
    MEASURES,
    MEASURE_REGIONS,
    MEASURE_SOURCES,
    SEARCH_DOCUMENTS,
    SEARCH_TOKENS,
    MEMBER_COUNTS,
    METADATA,
)


#: Changes whenever a table definition does, so a server never reads a database whose layout
#: its queries do not know: the build stores it, `db.connection.open_readonly` checks it.
SCHEMA_VERSION = hashlib.sha256(repr((ALL, SEARCH_INDEX_SQL)).encode()).hexdigest()[:16]


def create_all(database: sqlite_utils.Database) -> None:
    """Create every table in an empty database, as STRICT tables, with its unique keys.

    Unique keys come first because foreign keys may point at them (statistics.metric at
    metrics.code); the other indexes come after the rows, see `create_indexes`.
    """
    for table in ALL:
        database[table.name].create(  # type: ignore[union-attr]  # a name gives a Table here
            table.columns,
            pk=table.pk,
            foreign_keys=list(table.foreign_keys),
            not_null=table.not_null,
            strict=True,
        )
        for columns in table.unique:
            database.table(table.name).create_index(list(columns), unique=True)


def create_indexes(database: sqlite_utils.Database) -> None:
    """Index the filled tables: building an index once is faster than keeping it up row by row."""
    for table in ALL:
        for columns in table.indexes:
            database.table(table.name).create_index(list(columns))


def count_members(database: sqlite_utils.Database) -> None:
    """Fill MEMBER_COUNTS once every list's table is written."""
    for link, parent in COUNTED_LISTS:
        grouped = f'"{parent}", COUNT(*) FROM "{link}" GROUP BY "{parent}"' if parent else f'0, COUNT(*) FROM "{link}"'
        database.execute(
            f"INSERT INTO member_counts (list, parent, total) SELECT ?, {grouped}", [list_name(link, parent)]
        )
