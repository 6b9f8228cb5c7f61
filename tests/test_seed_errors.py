"""Broken fact files in, one clear error out, and the previous database untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli
from seeds.build import build
from seeds.errors import SeedError
from seeds.facts import FACTS_DIR

from .conftest import sha256_of

#: (id, file, text to replace, replacement, record in the error, reason in the error)
BROKEN = [
    (
        "missing-field",
        "statistics.toml",
        'metric = "CASES_SOLVED"\ncategory = "HACKING"',
        'category = "HACKING"',
        'record 5 (statistic "hacking-cases-solved")',
        'missing field "metric"',
    ),
    (
        "unknown-field",
        "statistics.toml",
        'id = "hacking-cases-solved"',
        'id = "hacking-cases-solved"\nat_lest = true',
        'record 5 (statistic "hacking-cases-solved")',
        'unknown field "at_lest"',
    ),
    (
        "wrong-type",
        "statistics.toml",
        "value = 11\n",
        'value = "eleven"\n',
        'record 5 (statistic "hacking-cases-solved")',
        'value: expected a number, got "eleven"',
    ),
    (
        "unknown-code",
        "regions.toml",
        'kind = "COUNTY"',
        'kind = "DISTRICT"',
        'record 7 (region "simao")',
        'kind: unknown code "DISTRICT" (expected one of PROVINCE, PREFECTURE, COUNTY, FOREIGN)',
    ),
    (
        "unknown-metric",
        "statistics.toml",
        'metric = "CASES_SOLVED"\ncategory = "HACKING"',
        'metric = "CASES_CRACKED"\ncategory = "HACKING"',
        'record 5 (statistic "hacking-cases-solved")',
        'metric: unknown metric "CASES_CRACKED"',
    ),
    (
        "duplicate-id",
        "cases.toml",
        'id = "qujing-illegal-servers"',
        'id = "kunming-intrusion-tools"',
        'record 6 (case "kunming-intrusion-tools")',
        'duplicate id "kunming-intrusion-tools"',
    ),
    (
        "dangling-reference",
        "cases.toml",
        'region = "qujing"',
        'region = "guangzhou"',
        'record 6 (case "qujing-illegal-servers")',
        'region: unknown region "guangzhou"',
    ),
    (
        "dangling-outcome-subject",
        "cases.toml",
        'subject = "黄某某"',
        'subject = "王某某"',
        'record 3 (case "huang-hacking-software-fraud")',
        'outcome[1].subject: unknown subject "王某某"',
    ),
    (
        "quote-not-in-article",
        "statistics.toml",
        'text = "破获各类案件11起"',
        'text = "破获各类案件12起"',
        'record 5 (statistic "hacking-cases-solved")',
        'sources[1]: quote not found in the article: "破获各类案件12起"',
    ),
    (
        "quote-at-wrong-offsets",
        "statistics.toml",
        "{ paragraph = 12, start = 23, end = 32,",
        "{ paragraph = 12, start = 24, end = 33,",
        'record 5 (statistic "hacking-cases-solved")',
        'sources[1]: quote "破获各类案件11起" is not at paragraph 12 [24:33]; it stands at paragraph 12 [23:32]',
    ),
    (
        "paragraph-out-of-range",
        "statistics.toml",
        "{ paragraph = 12, start = 23, end = 32,",
        "{ paragraph = 99, start = 23, end = 32,",
        'record 5 (statistic "hacking-cases-solved")',
        "sources[1]: paragraph 99 does not exist (the article has 41)",
    ),
    (
        "figure-not-in-quote",
        "statistics.toml",
        "value = 11\n",
        "value = 12\n",
        'record 5 (statistic "hacking-cases-solved")',
        'sources[1]: quote "破获各类案件11起" does not state 12起',
    ),
    (
        "lower-bound-not-stated",
        "statistics.toml",
        'value = 1000\nunit = "名"\nat_least = true',
        'value = 1000\nunit = "名"',
        'record 29 (statistic "qingyuan-suspects-arrested")',
        'sources[1]: quote "抓获犯罪嫌疑人1000余名" does not state 1000名',
    ),
    (
        "region-not-named-in-quote",
        "measures.toml",
        'regions = ["yuxi"]',
        'regions = ["yuxi", "lijiang"]',
        'record 6 (measure "yuxi-school-volunteers")',
        'regions: the quoted text does not name region "lijiang"',
    ),
    (
        "province-not-referred-to-in-quotes",
        "measures.toml",
        '  { paragraph = 5, start = 12, end = 18, text = "全省公安机关" },\n',
        "",
        'record 1 (measure "yunnan-cyber-police-offices-patrols")',
        'regions: the quoted text does not name region "yunnan"',
    ),
    (
        "referred-to-as-not-in-article",
        "regions.toml",
        'referred_to_as = ["全省"]',
        'referred_to_as = ["本省"]',
        'record 1 (region "yunnan")',
        'referred_to_as[1]: "本省" is not in the article',
    ),
    (
        "party-without-english-name",
        "cases.toml",
        'name_en = "Liu Moumou"\n',
        "",
        'record 1 (case "liu-defames-dong-cunrui")',
        'party[1]: missing field "name_en"',
    ),
    (
        "party-with-empty-english-name",
        "cases.toml",
        'name_en = "Liu Moumou"',
        'name_en = " "',
        'record 1 (case "liu-defames-dong-cunrui")',
        'party[1].name_en: expected non-empty text, got " "',
    ),
    (
        "party-without-role",
        "cases.toml",
        'name_en = "Liu Moumou"\nkind = "PERSON"\nrole = "PENALIZED"',
        'name_en = "Liu Moumou"\nkind = "PERSON"',
        'record 1 (case "liu-defames-dong-cunrui")',
        'party[1]: missing field "role"',
    ),
    (
        "party-not-named-in-quotes",
        "cases.toml",
        'name = "董存瑞"',
        'name = "邱少云"',
        'record 1 (case "liu-defames-dong-cunrui")',
        'party[2]: the quoted text does not name party "邱少云"',
    ),
    (
        "party-with-unknown-role",
        "cases.toml",
        'kind = "ORGANIZATION"\nrole = "MENTIONED"',
        'kind = "ORGANIZATION"\nrole = "ACCOMPLICE"',
        'record 4 (case "xinerfu-personal-info")',
        'party[1].role: unknown code "ACCOMPLICE" (expected one of SUSPECT, PENALIZED, VICTIM, MENTIONED)',
    ),
    (
        "article-without-lead",
        "article.toml",
        "lead = [3, 4]\n",
        "",
        None,
        'missing field "lead"',
    ),
    (
        "lead-paragraph-out-of-range",
        "article.toml",
        "lead = [3, 4]",
        "lead = [3, 44]",
        None,
        "lead[2]: paragraph 44 does not exist (the article has 41)",
    ),
    (
        "invalid-date",
        "cases.toml",
        'occurred = "2018-05-18"',
        'occurred = "2018-02-30"',
        'record 5 (case "dali-first-cybersecurity-law-fine")',
        'occurred: "2018-02-30" is not a date like 2018, 2018-05 or 2018-05-18',
    ),
    (
        "parent-cycle",
        "categories.toml",
        'code = "VICE"',
        'code = "VICE"\nparent = "DRUGS"',
        'record 7 (category "VICE")',
        'parent: "VICE" is its own ancestor',
    ),
    (
        "not-toml",
        "penalties.toml",
        '[[penalty]]\ncode = "ARREST"',
        '[[penalty]\ncode = "ARREST"',
        None,
        "not valid TOML",
    ),
]


def broken_facts(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the real fact files with one replacement made in `file`."""
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts)
    text = (facts / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    (facts / file).write_text(text.replace(old, new), encoding="utf-8")
    return facts


@pytest.mark.parametrize(
    ("file", "old", "new", "record", "reason"), [case[1:] for case in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_fact_file_stops_the_seed_and_leaves_the_old_database(
    tmp_path: Path, file: str, old: str, new: str, record: str | None, reason: str
) -> None:
    database = tmp_path / "jingwang.db"
    build(database)
    before = sha256_of(database)
    facts = broken_facts(tmp_path, file, old, new)
    with pytest.raises(SeedError) as raised:
        build(database, facts_dir=facts)
    error = raised.value
    assert Path(error.path).name == file
    assert error.record == record
    assert reason in error.reason
    assert str(error).endswith("(database unchanged)")
    assert sha256_of(database) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["facts", "jingwang.db"]


def test_the_error_is_one_sentence_naming_file_record_and_reason(tmp_path: Path) -> None:
    facts = broken_facts(tmp_path, "cases.toml", 'region = "qujing"', 'region = "guangzhou"')
    with pytest.raises(SeedError) as raised:
        build(tmp_path / "x.db", facts_dir=facts)
    assert str(raised.value) == (
        f'{facts / "cases.toml"}: record 6 (case "qujing-illegal-servers"): '
        'region: unknown region "guangzhou" (database unchanged)'
    )


def test_the_cli_prints_the_error_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = broken_facts(tmp_path, "cases.toml", 'region = "qujing"', 'region = "guangzhou"')
    monkeypatch.setattr("seeds.build.FACTS_DIR", facts)
    monkeypatch.setattr("seeds.build.build", lambda path, report: build(path, facts_dir=facts, report=report))
    result = CliRunner().invoke(cli, ["seed", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f'Error: {facts / "cases.toml"}: record 6 (case "qujing-illegal-servers"): '
        'region: unknown region "guangzhou" (database unchanged)'
    )
    assert not (tmp_path / "x.db").exists()
