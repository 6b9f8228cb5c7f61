"""Full-text search over Chinese and Latin text with SQLite's FTS5: what the index stores, how a search asks.

FTS5's unicode61 tokenizer reads a run of Chinese characters as one token and its trigram
tokenizer finds nothing shorter than three characters, so the segmenting is ours. The index's
one column, `words`, holds each Chinese character as the pair it forms with the next one
(punctuation and spaces between them skipped, as unicode61 skips them), or alone where a Latin
word, a number or the end follows; Latin words and numbers stay whole, for unicode61. So 诈骗 is
one token and 网络诈骗 the phrase "网络 络诈 诈骗": a term reads one posting list per pair, where
one per character read every document with 网 or 络. Every occurrence of a character starts
exactly one token, so one character alone is the prefix query "枪" *, which FTS5's
one-character prefix index answers with one list.

User text never reaches FTS5's query syntax: terms are runs of letters and digits, each
quoted, so `"`, `*`, `AND` or `NEAR(` are searched as text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from db import tables

# CJK ideographs (basic, extension A, compatibility): unicode61 keeps each as it is.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{HAN}]")
# A search word: letters and digits (everything else separates words).
_WORD = re.compile(r"[^\W_]+")
# A word's tokens: each Chinese character alone, the letters and digits between them whole.
_TOKEN = re.compile(f"[{HAN}]|[^{HAN}]+")
# Neither ASCII nor Chinese: where a document may hold what Python and unicode61 see differently.
_UNUSUAL = re.compile(f"[^\\x00-\\x7f{HAN}]")
# What `words` holds at each Chinese character: it and the next one, or it alone where something
# else follows; and between them everything else, as written, for unicode61.
_PIECE = re.compile(f"(?=([{HAN}][{HAN}]?|[^{HAN}]+))(?:[{HAN}]|[^{HAN}]+)")
# A letter or digit that is not Chinese: Latin tokens end where one of these does not follow.
_LATIN_CHAR = f"[^\\W_{HAN}]"


def build_index(connection: sqlite3.Connection) -> None:
    """Index every search document (search_documents written), then count each token's documents."""
    documents = tables.SEARCH_DOCUMENTS.name
    used = {c for (body,) in connection.execute(f"SELECT body FROM {documents}") for c in _UNUSUAL.findall(body)}
    segmenter = Segmenter(unicode61_separators(connection, {*map(chr, range(128)), *used}))
    index = tables.SEARCH_DOCUMENTS_FTS
    connection.execute(tables.SEARCH_INDEX_SQL)
    # Written once and merged once ('optimize'): no merging while rows go in
    # (https://sqlite.org/fts5.html#the_automerge_configuration_option), and a buffer of 256 MB
    # ('hashsize', https://sqlite.org/src/file/ext/fts5/fts5_config.c) holds the large benchmark
    # database's whole index, written as one segment.
    connection.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('automerge', 0)")
    connection.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('hashsize', ?)", [256 << 20])
    connection.executemany(
        f"INSERT INTO {index} (rowid, words) VALUES (?, ?)",
        ((number, segmenter.words(body)) for number, body in connection.execute(f"SELECT id, body FROM {documents}")),
    )
    connection.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")
    connection.execute(f"CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, {index}, 'col')")
    tokens = tables.SEARCH_TOKENS.name
    connection.execute(f"INSERT INTO {tokens} (col, term, documents) SELECT col, term, doc FROM temp.vocabulary")
    connection.execute("DROP TABLE temp.vocabulary")
    connection.executemany(
        f"INSERT INTO {tokens} (col, term, documents) VALUES ('chars', ?, ?)", list(character_counts(connection))
    )


def character_counts(
    connection: sqlite3.Connection, index: str = tables.SEARCH_DOCUMENTS_FTS, tokens: str = tables.SEARCH_TOKENS.name
) -> Iterator[tuple[str, int]]:
    """(character, documents holding it) for every Chinese character of the index.

    A character is the first of the one `words` token its every occurrence starts, so FTS5's
    one-character prefix index lists its documents; each list is walked once, here.
    """
    firsts = connection.execute(f"SELECT DISTINCT substr(term, 1, 1) FROM {tokens}")
    for character in sorted(first for (first,) in firsts if _HAN_CHAR.match(first)):
        match = f'"{character}" *'
        yield character, connection.execute(f"SELECT COUNT(*) FROM {index}(?)", [match]).fetchone()[0]


def unicode61_separators(connection: sqlite3.Connection, characters: Iterable[str]) -> str:
    """Those of `characters` that take no place among unicode61's tokens, asked of SQLite itself.

    Chinese characters with only these between them are neighbours in a phrase. Python's
    Unicode tables are newer than SQLite's: Python calls 🌧 or U+E000 punctuation where
    unicode61 makes them words, so a pair may span only what SQLite itself skips (separators,
    and marks it folds away).
    """
    connection.execute(f"CREATE VIRTUAL TABLE temp.probe USING fts5(x, tokenize='{tables.FTS_TOKENIZER}')")
    try:
        connection.executemany(
            "INSERT INTO temp.probe (rowid, x) VALUES (?, ?)", ((ord(c), f"中 {c} 国") for c in set(characters))
        )
        skipped = connection.execute("SELECT rowid FROM temp.probe WHERE probe MATCH '\"中 国\"'")
        return "".join(sorted(chr(code) for (code,) in skipped))
    finally:
        connection.execute("DROP TABLE temp.probe")


@dataclass(frozen=True)
class Segmenter:
    """Turns a document's text into what column `words` indexes.

    `separators` are the characters of the documents that unicode61 gives no place (see
    `unicode61_separators`): a pair spans only them.
    """

    separators: str

    @cached_property
    def _gaps(self) -> re.Pattern[str]:
        """Separators between two Chinese characters: dropped, they make the two neighbours."""
        return re.compile(f"(?<=[{HAN}])[{re.escape(self.separators)}]+(?=[{HAN}])" if self.separators else "(?!)")

    def words(self, text: str) -> str:
        return " ".join(_PIECE.findall(self._gaps.sub("", text)))


@dataclass(frozen=True)
class Query:
    """A user's search text, parsed once: its words, each a tuple of tokens.

    A token is one Chinese character or a run of other letters and digits (G01). With
    `prefix`, the last word's last token, when Latin, matches any word it begins (pol: police).
    """

    text: str
    terms: tuple[tuple[str, ...], ...]
    prefix: bool = False

    @classmethod
    def parse(cls, text: str, *, prefix: bool = False) -> Query:
        terms = tuple(tuple(_TOKEN.findall(word)) for word in _WORD.findall(text))
        return cls(text=text, terms=terms, prefix=prefix and bool(terms) and not _is_han(terms[-1][-1]))

    @property
    def is_empty(self) -> bool:
        """True when the text has no letter or digit to search for (only punctuation)."""
        return not self.terms

    def match_expression(self) -> str:
        """The FTS5 MATCH expression: one phrase per word, all required."""
        last = len(self.terms) - 1
        return " AND ".join(_phrase(term, continues=self.prefix and n == last) for n, term in enumerate(self.terms))

    def typed_prefix(self) -> str | None:
        """The last word's beginning as `words` stores it, when it is a prefix and ASCII (else None)."""
        last = self.terms[-1][-1] if self.prefix else ""
        return last.lower() if last.isascii() and last else None

    def completed(self, token: str) -> Query:
        """This search with its prefix replaced by the one word of the index that begins with it."""
        *earlier, last = self.terms
        return Query(text=self.text, terms=(*earlier, (*last[:-1], token)))

    def single_token(self) -> tuple[str, str] | None:
        """(column, token) when the whole search is one token whose document count the index keeps.

        Only tokens whose stored form is known here: Chinese, or ASCII (unicode61 lowercases it).
        """
        if len(self.terms) != 1 or self.prefix:
            return None
        term = self.terms[0]
        if len(term) == 1 and _is_han(term[0]):
            return "chars", term[0]
        if len(term) == 1 and term[0].isascii():
            return "words", term[0].lower()
        if len(term) == 2 and all(map(_is_han, term)):
            return "words", term[0] + term[1]
        return None

    def pattern(self) -> re.Pattern[str]:
        """A regex finding what the index matched in the original text, for snippets.

        A word's tokens may stand apart in the text by anything that is not a token
        character (中越、中缅 matches 中越中缅), and Latin tokens match whole words only
        (a prefix the whole word it begins).
        """
        if self.is_empty:
            return re.compile(re.escape(self.text), re.IGNORECASE)
        alternatives = []
        for n, term in enumerate(self.terms):
            body = r"[\W_]*".join(re.escape(token) for token in term)
            first, last = term[0], term[-1]
            before = "" if _is_han(first) else f"(?<!{_LATIN_CHAR})"
            if _is_han(last):
                after = ""
            elif self.prefix and n == len(self.terms) - 1:
                after = f"{_LATIN_CHAR}*"
            else:
                after = f"(?!{_LATIN_CHAR})"
            alternatives.append(before + body + after)
        # Longer alternatives first, so a term is never cut short by a shorter one.
        alternatives.sort(key=len, reverse=True)
        return re.compile("|".join(alternatives), re.IGNORECASE)


def _is_han(token: str) -> bool:
    return _HAN_CHAR.fullmatch(token) is not None


def _phrase(term: tuple[str, ...], *, continues: bool) -> str:
    """One word as an FTS5 phrase.

    A run of Chinese characters becomes its pairs; when a Latin token follows it in the word,
    also its last character alone, as the document's `words` has it there. A character that
    ends the word alone (枪, G01政) is a prefix: the document has it paired or alone.
    Tokens are letters and digits only, so quoting needs no escapes.
    """
    tokens: list[str] = []
    run: list[str] = []
    for token in (*term, ""):
        if token and _is_han(token):
            run.append(token)
            continue
        tokens.extend(a + b for a, b in zip(run, run[1:], strict=False))
        if run and (token or len(run) == 1):
            tokens.append(run[-1])
            continues = continues or not token
        run = []
        if token:
            tokens.append(token)
    return f'"{" ".join(tokens)}"' + (" *" if continues else "")
