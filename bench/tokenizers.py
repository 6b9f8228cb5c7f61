"""How to index Chinese for search, measured: the layouts considered for the search index, side by side.

Each layout is built in a scratch database from the same search documents, then asked issue 16's
terms. For each term it prints the documents that match, what one page of five costs in the
static order (rowid) and ranked by BM25, and what the count costs walking the matches or reading
one row of a token table. The layouts:

- per-char: one token per Chinese character, as shipped before (a term is a phrase of characters);
- pairs+prefix1: what db.fts ships: pairs of neighbouring characters, with FTS5's one-character
  prefix index answering one character (枪*);
- pairs+chars: pairs, and a second column holding each character of a document once;
- pairs: pairs only, one character as a prefix query merged at query time;
- trigram: SQLite's trigram tokenizer on the text as written (nothing under three characters).

Example:

    python -m bench.tokenizers --db bench/out/synthetic-r300-c200000-s2018.db
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from bench import environments
from db import fts
from db.connection import open_readonly
from db.tables import FTS_TOKENIZER

TERMS = ("枪", "诈骗", "网络诈骗", "侵犯公民个人信息", "昆明", "董存瑞", "police", "fraud")
_RUN = re.compile(f"[{fts.HAN}]+")
_HAN_CHAR = re.compile(f"[{fts.HAN}]")


def per_character(text: str) -> str:
    """The text as the index before pairs stored it: a space on each side of every Chinese character."""
    return _RUN.sub(lambda run: " " + " ".join(run.group()) + " ", text)


@dataclass(frozen=True)
class Layout:
    name: str
    options: str
    columns: tuple[str, ...]
    rows: Callable[[fts.Segmenter, str], tuple[str, ...]]
    match: Callable[[str], str]
    #: (column, token) of a one-token term, whose count a token table keeps; None where it has none.
    token: Callable[[str], tuple[str, str] | None] = lambda term: None


def _pairs_match(term: str) -> str:
    return fts.Query.parse(term).match_expression()


LAYOUTS = (
    Layout(
        "per-char",
        ", content=''",
        ("tokens",),
        lambda _, body: (per_character(body),),
        lambda term: '"' + " ".join(per_character(term).split()) + '"',
        lambda term: ("tokens", term.lower()) if len(per_character(term).split()) == 1 else None,
    ),
    Layout(
        "pairs+prefix1",
        ", content='', columnsize=0, prefix='1'",
        ("words",),
        lambda segmenter, body: (segmenter.words(body),),
        lambda term: fts.Query.parse(term).match_expression(),
        lambda term: fts.Query.parse(term).single_token(),
    ),
    Layout(
        "pairs+chars",
        ", content='', columnsize=0",
        ("words", "chars"),
        lambda segmenter, body: (segmenter.words(body), " ".join(dict.fromkeys(_HAN_CHAR.findall(body)))),
        lambda term: f'{{chars}} : "{term}"' if _HAN_CHAR.fullmatch(term) else f"{{words}} : {_pairs_match(term)}",
        lambda term: ("chars", term) if _HAN_CHAR.fullmatch(term) else fts.Query.parse(term).single_token(),
    ),
    Layout("pairs", ", content='', columnsize=0", ("words",), lambda s, body: (s.words(body),), _pairs_match),
    Layout(
        "trigram",
        ", content='', columnsize=0",
        ("text",),
        lambda _, body: (body,),
        lambda term: '"' + term + '"',
    ),
)


def timed(scratch: sqlite3.Connection, sql: str, parameters: list[str], repeat: int) -> tuple[list[Any], float]:
    """(rows, median ms) of `sql`."""
    times, rows = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = scratch.execute(sql, parameters).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return rows, statistics.median(times)


def build(scratch: sqlite3.Connection, layout: Layout, bodies: list[tuple[int, str]], segmenter: fts.Segmenter) -> str:
    """Create and fill `layout`'s table; what it took."""
    tokenizer = "trigram" if layout.name == "trigram" else FTS_TOKENIZER
    table = layout.name.replace("+", "_").replace("-", "_")
    started = time.perf_counter()
    scratch.execute(
        f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(layout.columns)}, tokenize='{tokenizer}'{layout.options})"
    )

    def rows() -> Iterator[tuple[object, ...]]:
        for number, body in bodies:
            yield number, *layout.rows(segmenter, body)

    for option, value in (("automerge", 0), ("hashsize", 256 << 20)):  # as db.fts.build_index writes
        scratch.execute(f"INSERT INTO {table} ({table}, rank) VALUES (?, ?)", [option, value])
    scratch.executemany(
        f"INSERT INTO {table} (rowid, {', '.join(layout.columns)}) VALUES (?{', ?' * len(layout.columns)})", rows()
    )
    scratch.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    scratch.commit()
    seconds = time.perf_counter() - started
    scratch.execute(f"CREATE VIRTUAL TABLE temp.{table}_vocabulary USING fts5vocab(main, {table}, 'col')")
    scratch.execute(f"CREATE TABLE {table}_tokens (col TEXT, term TEXT, documents INT, PRIMARY KEY (col, term))")
    scratch.execute(f"INSERT INTO {table}_tokens SELECT col, term, doc FROM temp.{table}_vocabulary")
    if layout.name == "pairs+prefix1":  # as db.fts.build_index counts characters
        counted = time.perf_counter()
        characters = list(fts.character_counts(scratch, table, f"{table}_tokens"))
        scratch.executemany(f"INSERT INTO {table}_tokens VALUES ('chars', ?, ?)", characters)
        seconds += time.perf_counter() - counted
    scratch.commit()
    shadows = [f"{table}_{shadow}" for shadow in ("data", "idx", "docsize", "content", "config")]
    (size,) = scratch.execute(
        f"SELECT SUM(pgsize) FROM dbstat WHERE name IN ({', '.join('?' * len(shadows))})", shadows
    ).fetchone()
    (tokens,) = scratch.execute(
        "SELECT SUM(pgsize) FROM dbstat WHERE name IN (?, ?)", [f"{table}_tokens", f"sqlite_autoindex_{table}_tokens_1"]
    ).fetchone()
    return f"{layout.name}: built in {seconds:.1f} s, {size / 1e6:.1f} MB, its token counts {tokens / 1e6:.1f} MB"


@click.command()
@click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="A built database."
)
@click.option("--repeat", type=click.IntRange(1), default=5, show_default=True)
def main(db_path: Path | None, repeat: int) -> None:
    """Build every layout over the same documents and time issue 16's terms on each."""
    db_path = db_path or environments.default_db("large")
    source = open_readonly(db_path)
    bodies = source.execute("SELECT id, body FROM search_documents ORDER BY id").fetchall()
    source.close()
    path = environments.OUT / "tokenizers-scratch.db"
    path.unlink(missing_ok=True)
    scratch = sqlite3.connect(path)
    scratch.execute("PRAGMA journal_mode = OFF")
    used = {c for _, body in bodies for c in set(body) if not _HAN_CHAR.match(c)}
    segmenter = fts.Segmenter(fts.unicode61_separators(scratch, used))
    click.echo(f"{len(bodies):,} documents from {db_path.name}")
    for layout in LAYOUTS:
        click.echo(build(scratch, layout, bodies, segmenter))
    click.echo()
    click.echo(
        f"{'layout':<15}{'term':<12}{'matches':>9}{'page':>9}{'BM25 page':>11}{'count walk':>12}{'count row':>11}  ms"
    )
    for term in TERMS:
        for layout in LAYOUTS:
            table = layout.name.replace("+", "_").replace("-", "_")
            match = [layout.match(term)]
            sql = f"FROM {table} WHERE {table} MATCH ?"
            [(total,)], walk = timed(scratch, f"SELECT COUNT(*) {sql}", match, repeat)
            _, page = timed(scratch, f"SELECT rowid {sql} LIMIT 5", match, repeat)
            ranked = "n/a"
            if layout.name == "per-char":  # the only layout that keeps the column sizes BM25 reads
                _, bm25 = timed(scratch, f"SELECT rowid {sql} ORDER BY bm25({table}) LIMIT 5", match, repeat)
                ranked = f"{bm25:.2f}"
            token, row = layout.token(term), "n/a"
            if token is not None:
                lookup = f"SELECT documents FROM {table}_tokens WHERE col = ? AND term = ?"
                _, read = timed(scratch, lookup, list(token), repeat)
                row = f"{read:.3f}"
            click.echo(f"{layout.name:<15}{term:<12}{total:>9,}{page:>9.2f}{ranked:>11}{walk:>12.2f}{row:>11}")
    scratch.close()
    path.unlink()


if __name__ == "__main__":
    main()
