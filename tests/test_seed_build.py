"""Seed files in, database out: complete, faithful to the article, and the same every time."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from db import tables
from db.fts import Query
from seeds.article import ARTICLE_PATH, ArticleText
from seeds.build import build
from seeds.facts import FACTS_DIR

ARTICLE = ArticleText.read(ARTICLE_PATH)
SHARED_ARTICLE = Path(__file__).parents[2] / "shared" / "seeds" / ARTICLE_PATH.name

#: Tables whose rows cite the article, and the numeric column each states.
FIGURE_SOURCES = {
    "statistic_sources": ("statistics", "statistic_id", "value"),
    "case_figure_sources": ("case_figures", "case_figure_id", "value"),
    "outcome_sources": ("outcomes", "outcome_id", "quantity"),
}
ALL_SOURCES = [*FIGURE_SOURCES, "case_sources", "measure_sources", "article_sources"]


def test_the_article_has_41_paragraphs_title_first() -> None:
    assert len(ARTICLE.paragraphs) == 41
    assert ARTICLE.paragraphs[0] == "云南净网行动斩获大 两年查网络涉枪涉爆案239起"
    assert ARTICLE.paragraphs[1].startswith("2018-06-19 09:03:13")


@pytest.mark.skipif(
    not SHARED_ARTICLE.exists(),
    reason="no ../shared/seeds article beside this checkout to compare seeds/' copy with "
    "(the shared directory is outside the repository: README, Development)",
)
def test_the_seeds_copy_of_the_article_is_the_shared_one() -> None:
    assert ARTICLE_PATH.read_bytes() == SHARED_ARTICLE.read_bytes()


def test_every_table_is_filled_and_sound(database: sqlite3.Connection) -> None:
    for table in tables.ALL:
        (count,) = database.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()
        assert count > 0, table.name
    assert database.execute("PRAGMA integrity_check").fetchall()[0][0] == "ok"
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("table", ALL_SOURCES)
def test_every_source_span_quotes_the_article_exactly(database: sqlite3.Connection, table: str) -> None:
    spans = database.execute(f'SELECT paragraph, start, "end", text FROM "{table}"').fetchall()
    assert spans
    for paragraph, start, end, text in spans:
        assert ARTICLE.paragraphs[paragraph - 1][start:end] == text


def _numerals(paragraph: str) -> list[tuple[int, int, int]]:
    """(value, start, end) of every Arabic numeral that is not part of a date, a time or a name."""
    quoted_names = [match.span() for match in re.finditer(r"“[^”]*”", paragraph)]
    found = []
    for match in re.finditer(r"\d+", paragraph):
        start, end = match.span()
        after, before = paragraph[end : end + 1], paragraph[start - 1 : start] if start else ""
        is_date_or_time = after in "年月日-:" or before in "-:"
        is_name = re.match(r"[A-Za-z]", before) is not None or any(a < start and end < b for a, b in quoted_names)
        if not is_date_or_time and not is_name:
            found.append((int(match.group()), start, end))
    return found


def test_every_number_in_the_article_is_accounted_for_by_a_record(database: sqlite3.Connection) -> None:
    """Derived from the text: each figure lies inside a span of a record stating that value."""
    cited: dict[int, list[tuple[int, int, float]]] = {}
    for table, (owner_table, owner_column, column) in FIGURE_SOURCES.items():
        rows = database.execute(
            f'SELECT s.paragraph, s.start, s."end", o."{column}" FROM "{table}" s'
            f' JOIN "{owner_table}" o ON o.id = s."{owner_column}" WHERE o."{column}" IS NOT NULL'
        )
        for paragraph, start, end, value in rows:
            cited.setdefault(paragraph, []).append((start, end, value))
    numerals = [(number, *numeral) for number, text in enumerate(ARTICLE.paragraphs, 1) for numeral in _numerals(text)]
    assert len(numerals) > 60
    for paragraph, value, start, end in numerals:
        spans = cited.get(paragraph, [])
        assert any(a <= start and end <= b and stated == value for a, b, stated in spans), (
            f"paragraph {paragraph}: {value} at [{start}:{end}] is in no record"
        )


def test_a_figure_the_lead_repeats_from_its_section_is_one_statistic_citing_both(
    database: sqlite3.Connection,
) -> None:
    """Every statistic cited in the title or lead also cites the section that states it again."""
    lead = {1, 3, 4}
    sources: dict[int, list[tuple[int, str]]] = {}
    for statistic_id, paragraph, text in database.execute(
        "SELECT statistic_id, paragraph, text FROM statistic_sources"
    ):
        sources.setdefault(statistic_id, []).append((paragraph, text))
    checked = 0
    for spans in sources.values():
        in_lead = [text for paragraph, text in spans if paragraph in lead]
        if not in_lead:
            continue
        figure = re.search(r"\d+[^\d、,,;;。]*$", in_lead[0])
        assert figure is not None
        repeated_in = {p for p, text in enumerate(ARTICLE.paragraphs, 1) if p not in lead and figure.group() in text}
        if repeated_in:
            checked += 1
            assert {paragraph for paragraph, _ in spans} & repeated_in, in_lead
    assert checked >= 15
    duplicates = database.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM statistics GROUP BY metric, category_id, region_id,"
        " IFNULL(period_id, 0), IFNULL(operation_id, 0), IFNULL(penalty_id, 0) HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    assert duplicates == 0


HEADLINE = "SELECT key FROM statistics WHERE headline ORDER BY id"
CITING = (
    "SELECT DISTINCT s.key FROM statistics s JOIN statistic_sources x ON x.statistic_id = s.id"
    " WHERE x.paragraph IN ({})"
)


def test_headline_figures_are_those_citing_the_title_or_lead(database: sqlite3.Connection) -> None:
    headline = [key for (key,) in database.execute(HEADLINE)]
    assert len(headline) == 16
    assert set(headline) == {key for (key,) in database.execute(CITING.format("1, 3, 4"))}


def test_headline_figures_follow_the_lead_the_article_file_declares(tmp_path: Path) -> None:
    """Derived when the database is built, from the sources: never entered by hand."""
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts)
    article = facts / "article.toml"
    article.write_text(article.read_text(encoding="utf-8").replace("lead = [3, 4]", "lead = [4]"), encoding="utf-8")
    connection = sqlite3.connect(build(tmp_path / "x.db", facts_dir=facts).path)
    headline = [key for (key,) in connection.execute(HEADLINE)]
    assert set(headline) == {key for (key,) in connection.execute(CITING.format("1, 4"))}
    assert headline == [
        "firearms-cases-solved",
        "rumor-persons-identified",
        "rumor-criminal-detentions",
        "rumor-administrative-detentions",
    ]
    connection.close()


def test_normalized_values_follow_the_stated_unit(database: sqlite3.Connection) -> None:
    rows = {
        key: (value, unit, normalized, normalized_unit)
        for key, value, unit, normalized, normalized_unit in database.execute(
            "SELECT key, value, unit, normalized_value, normalized_unit FROM statistics"
        )
    }
    assert rows["fraud-losses-recovered"] == (1638, "万元", 16_380_000, "CNY")
    assert rows["drugs-drugs-seized"] == (84302, "千克", 84302, "kg")
    assert rows["qingyuan-cases-solved"] == (10000, "起", 10000, "count")


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    content = {
        table.name: connection.execute(f'SELECT * FROM "{table.name}" ORDER BY 1, 2').fetchall()
        for table in tables.ALL
        if table is not tables.METADATA
    }
    connection.close()
    return content


def test_building_twice_gives_identical_content_and_ids(tmp_path: Path) -> None:
    first, second = build(tmp_path / "a.db"), build(tmp_path / "b.db")
    assert first.content_hash == second.content_hash
    assert dump(first.path) == dump(second.path)


def test_the_build_reports_each_stage_and_a_summary(tmp_path: Path) -> None:
    lines: list[str] = []
    build(tmp_path / "x.db", report=lines.append)
    assert lines[0].startswith("Reading the article")
    assert any(line.startswith("Checking facts") for line in lines)
    assert (
        lines[-1]
        == f"Built {tmp_path / 'x.db'}: 43 statistics, 6 cases, 6 outcomes, 11 measures, 18 regions, 41 paragraphs"
    )


def test_the_build_leaves_no_temporary_file_and_a_readable_database(tmp_path: Path) -> None:
    build(tmp_path / "x.db")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x.db"]
    assert (tmp_path / "x.db").stat().st_mode & 0o644 == 0o644


def test_search_index_finds_one_and_two_character_terms(database: sqlite3.Connection) -> None:
    """FTS5's trigram tokenizer alone cannot match 枪 or 诈骗; the index of pairs can, and counts them."""
    for term in ("枪", "诈骗", "G01"):
        query = Query.parse(term)
        token = query.single_token()
        assert token is not None
        (count,) = database.execute(
            "SELECT COUNT(*) FROM search_documents_fts WHERE search_documents_fts MATCH ?", [query.match_expression()]
        ).fetchone()
        (containing,) = database.execute(
            "SELECT COUNT(*) FROM search_documents WHERE instr(body, ?)", [term]
        ).fetchone()
        (kept,) = database.execute("SELECT documents FROM search_tokens WHERE col = ? AND term = ?", token).fetchone()
        assert count == containing == kept > 0, term


def test_every_foreign_key_leads_an_index(database: sqlite3.Connection) -> None:
    """A join or a filter on any reference reads an index, whichever side it starts from."""
    missing = []
    for (table,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REFERENCES%'"):
        leading = {
            info[2]
            for (_, index, *_rest) in database.execute(f'PRAGMA index_list("{table}")')
            for info in database.execute(f'PRAGMA index_info("{index}")')
            if info[0] == 0
        }
        primary = [column for _, column, *_rest, pk in database.execute(f'PRAGMA table_info("{table}")') if pk == 1]
        leading.update(primary[:1])
        for foreign_key in database.execute(f'PRAGMA foreign_key_list("{table}")'):
            if foreign_key[3] not in leading:
                missing.append(f"{table}.{foreign_key[3]}")
    assert missing == []
