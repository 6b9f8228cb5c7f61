"""Search finds exactly the documents a brute-force scan finds, and exactly what the per-character index found.

Every document's text is scanned for every word of the search (tests/search_oracle.py), and the
index must return the same documents and count them the same, for every Chinese character and
pair in the article, Latin words, mixed words, punctuation and FTS5's syntax typed as text. Then
the same on generated documents and searches, where the index built by the seed is also compared
with the index it replaced (one token per Chinese character, ranked by BM25), built beside it.
"""

from __future__ import annotations

import re
import sqlite3
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import fts, tables
from db.connection import open_readonly
from db.queries import search
from tests.search_oracle import HAN, WORD, Oracle

EVERYTHING = 1_000_000


@dataclass(frozen=True)
class Index:
    """A database's search, and its documents' ids by target (the oracle's keys)."""

    connection: sqlite3.Connection
    ids: dict[tuple[str, int], int]

    @classmethod
    def of(cls, connection: sqlite3.Connection) -> Index:
        rows = connection.execute("SELECT id, target_type, target_id FROM search_documents")
        return cls(connection, {(kind, target): number for number, kind, target in rows})

    def found(self, text: str, *, prefix: bool = False) -> tuple[list[int], int, int]:
        """(documents in result order, the total with every hit on the page, the total counted for a page of one)."""
        query = fts.Query.parse(text, prefix=prefix)
        everything = search.search(self.connection, query, offset=0, limit=EVERYTHING)
        return (
            [self.ids[hit.target_type, hit.target_id] for hit in everything.hits],
            everything.total,
            search.search(self.connection, query, offset=0, limit=1).total,
        )


@pytest.fixture(scope="module")
def article(seeded_db: Path) -> Iterator[tuple[Index, Oracle]]:
    connection = open_readonly(seeded_db)
    yield Index.of(connection), Oracle(connection.execute("SELECT id, body FROM search_documents"))
    connection.close()


def assert_exact(index: Index, oracle: Oracle, text: str, *, prefix: bool = False) -> None:
    expected = oracle.matches(text, prefix=prefix)
    assert index.found(text, prefix=prefix) == (expected, len(expected), len(expected)), text


def article_terms(oracle: Oracle) -> list[str]:
    """Every Chinese character and every pair of neighbouring ones in the article's documents, once."""
    characters = sorted(set(re.findall(f"[{HAN}]", "".join(oracle.documents.values()))))
    pairs = sorted(set(re.findall(f"(?=([{HAN}]\x00[{HAN}]))", "".join(oracle.documents.values()))))
    return characters + [pair.replace("\x00", "") for pair in pairs]


@pytest.mark.slow
def test_every_character_and_pair_of_the_article_finds_what_a_scan_finds(
    article: tuple[Index, Oracle],
) -> None:
    index, oracle = article
    terms = article_terms(oracle)
    assert len(terms) > 2000
    for term in terms:
        assert_exact(index, oracle, term)


@pytest.mark.parametrize(
    "text",
    [
        "网络诈骗",
        "侵犯公民个人信息",
        "董存瑞",
        "信而富贷款",
        "中越中缅",  # the article writes 中越、中缅: punctuation between characters is skipped
        "越中",
        "昆明 抓获",
        "昆明,抓获",
        "昆明 赌场",
        "police",
        "POLICE fraud",
        "G01",
        "g01政府",
        "G01政",
        "政府G01",
        "网站安全防护系统 G01",
        "2017年",
        "a中",
        "NEAR(诈骗 AND 网络)",
        '"信而富',
        "诈骗*",
        "^诈骗",
        "-诈骗",
        "诈骗 OR 枪",
        "诈骗 NOT 枪",
        "{words}: 枪",
        "chars:枪",
        "'; DROP TABLE cases; --",
        "police 枪",
        "枪 police 诈骗",
    ],
)
def test_words_phrases_and_query_syntax_find_what_a_scan_finds(article: tuple[Index, Oracle], text: str) -> None:
    index, oracle = article
    assert_exact(index, oracle, text)


@pytest.mark.parametrize("text", ["pol", "POLIC", "g0", "网络 pol", "诈骗 f", "the", "昆明p", "police"])
def test_the_last_latin_word_as_a_prefix_finds_what_a_scan_finds(article: tuple[Index, Oracle], text: str) -> None:
    index, oracle = article
    assert_exact(index, oracle, text, prefix=True)


# -- generated documents ---------------------------------------------------------------

#: Few distinct characters, so that generated searches often occur in generated documents.
CHINESE = "中越缅国公安网络诈骗枪昆明"
LATIN = "abAB01éÉ"
PUNCTUATION = " 、,。.!?\n\t\"'*^-:(){}《》·"
#: Characters where Python's Unicode tables and SQLite's disagree: unicode61 keeps the emoji, the
#: private-use character and the combining accent inside words, and splits on the star.
UNUSUAL = "🌧\ue000\u0301★\u3000"
SEARCHES = st.text(st.sampled_from(CHINESE + LATIN + PUNCTUATION), min_size=1, max_size=8).filter(WORD.search)


def indexed(bodies: list[str]) -> Index:
    """An in-memory database holding `bodies` as search documents, indexed as the seed indexes them."""
    connection = sqlite3.connect(":memory:")
    database = sqlite_utils.Database(connection)
    for table in (tables.SEARCH_DOCUMENTS, tables.SEARCH_TOKENS):
        database[table.name].create(table.columns, pk=table.pk)  # type: ignore[union-attr]  # a Table
    connection.executemany(
        "INSERT INTO search_documents (id, target_type, target_id, body) VALUES (?, 'Paragraph', ?, ?)",
        [(n, n, body) for n, body in enumerate(bodies, 1)],
    )
    fts.build_index(connection)
    return Index.of(connection)


def per_character(connection: sqlite3.Connection, text: str) -> list[int]:
    """The documents today's index before this one found: one token per Chinese character."""
    han = re.compile(f"[{HAN}]+")
    if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'old'").fetchone():
        connection.execute(f"CREATE VIRTUAL TABLE old USING fts5(tokens, tokenize='{tables.FTS_TOKENIZER}')")
        connection.executemany(
            "INSERT INTO old (rowid, tokens) VALUES (?, ?)",
            [
                (number, han.sub(lambda run: " " + " ".join(run.group()) + " ", body))
                for number, body in connection.execute("SELECT id, body FROM search_documents")
            ],
        )
    words = [han.sub(lambda run: " " + " ".join(run.group()) + " ", word).split() for word in WORD.findall(text)]
    match = " AND ".join('"' + " ".join(word) + '"' for word in words)
    return sorted(number for (number,) in connection.execute("SELECT rowid FROM old WHERE old MATCH ?", [match]))


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bodies=st.lists(st.text(st.sampled_from(CHINESE + LATIN + PUNCTUATION), max_size=40), min_size=1, max_size=12),
    texts=st.lists(SEARCHES, min_size=1, max_size=6),
    prefix=st.booleans(),
)
def test_generated_searches_find_what_a_scan_finds(bodies: list[str], texts: list[str], prefix: bool) -> None:
    index = indexed(bodies)
    oracle = Oracle(enumerate(bodies, 1))
    for text in texts:
        assert_exact(index, oracle, text, prefix=prefix)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bodies=st.lists(
        st.text(st.sampled_from(CHINESE + LATIN + PUNCTUATION + UNUSUAL), max_size=40), min_size=1, max_size=12
    ),
    texts=st.lists(SEARCHES, min_size=1, max_size=6),
)
def test_generated_searches_find_what_the_per_character_index_found(bodies: list[str], texts: list[str]) -> None:
    index = indexed(bodies)
    for text in texts:
        assert index.found(text)[0] == per_character(index.connection, text), text


def test_latin_letters_and_digits_alone_are_words(article: tuple[Index, Oracle]) -> None:
    index, oracle = article
    for text in [*string.ascii_lowercase, *string.digits]:
        assert_exact(index, oracle, text)
