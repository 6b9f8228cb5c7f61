"""Why the search index stores one token per Chinese character: recall and speed, measured.

Builds two FTS5 indexes over the same search documents — SQLite's trigram tokenizer on the
text as written, and unicode61 on the text segmented one character per token (db.fts, what
jingwang ships) — and asks both the terms users type: one, two, three and more characters,
and Latin tokens. Recall is counted against a plain substring scan (every document whose
text contains the term); time is the median of repeated MATCH queries.

Example:

    python -m bench.tokenizers --db bench/out/synthetic-r300-c20000-s2018.db
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

import click

from db.connection import open_readonly
from db.fts import Query
from db.tables import FTS_TOKENIZER
from seeds.build import build

TERMS = ("枪", "诈骗", "董存瑞", "信而富贷款", "网络诈骗", "G01", "昆明")


def trigram_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def timed(connection: sqlite3.Connection, sql: str, argument: str, repeat: int) -> tuple[int, float]:
    """(matches, median ms) of `sql` with `argument`."""
    times, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = connection.execute(sql, (argument,)).fetchone()[0]
        times.append((time.perf_counter() - started) * 1000)
    return count, statistics.median(times)


@click.command()
@click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="A built database."
)
@click.option("--repeat", type=click.IntRange(1), default=5, show_default=True)
def main(db_path: Path | None, repeat: int) -> None:
    """Compare the trigram tokenizer with per-character tokens on the same documents."""
    if db_path is None:
        db_path = Path("bench/out/tokenizers.db")
        if not db_path.exists():
            build(db_path)
    source = open_readonly(db_path)
    scratch = sqlite3.connect(":memory:")
    scratch.execute("CREATE TABLE documents (body TEXT)")
    scratch.executemany("INSERT INTO documents VALUES (?)", source.execute("SELECT body FROM search_documents"))
    scratch.execute("CREATE VIRTUAL TABLE trigram USING fts5(body, tokenize = 'trigram', content = documents)")
    scratch.execute("INSERT INTO trigram (trigram) VALUES ('rebuild')")
    (documents,) = scratch.execute("SELECT COUNT(*) FROM documents").fetchone()
    click.echo(f"{documents} documents from {db_path}; per-character index: {FTS_TOKENIZER}")
    click.echo(f"{'term':<12}{'contain it':>11}{'per-char':>10}{'ms':>8}{'trigram':>9}{'ms':>8}")
    for term in TERMS:
        (truth,) = scratch.execute(
            "SELECT COUNT(*) FROM documents WHERE instr(lower(body), lower(?))", (term,)
        ).fetchone()
        ours = timed(
            source,
            "SELECT COUNT(*) FROM search_documents_fts WHERE search_documents_fts MATCH ?",
            Query.parse(term).match_expression(),
            repeat,
        )
        trigram = timed(scratch, "SELECT COUNT(*) FROM trigram WHERE trigram MATCH ?", trigram_phrase(term), repeat)
        click.echo(f"{term:<12}{truth:>11}{ours[0]:>10}{ours[1]:>8.2f}{trigram[0]:>9}{trigram[1]:>8.2f}")
    click.echo("(trigram MATCH needs three characters: shorter terms find nothing)")


if __name__ == "__main__":
    main()
