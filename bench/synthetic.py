"""A large database of made-up facts, built through the same loader path as the real seed.

The benchmark needs to know whether jingwang stays fast as the data grows 10,000-fold, so
this fills every table at scale: regions under the real province (prefectures, counties),
cases skewed towards a few regions the way real caseloads are, 0–6 outcomes per case,
parties, figures, statistics and measures. It builds `seeds.records` and hands them to
`seeds.checks` and `seeds.build.write`, exactly as `jingwang seed` does with the fact files,
so the database has the real layout, ids, closures and search index. The real facts are
kept too, so every benchmark query asks the same things of both databases.

Every source span is a real quote from the article at its real place (a sentence, or a
penalty's name where the article uses it), and every figure is one its quote states, so
the facts pass the seed's own checks. Two rules cannot hold — synthetic regions are not
named in the article, and synthetic parties are not named in the real sentence their case
quotes — and are waived for them alone (see `check_synthetic`).

Example:

    python -m bench.synthetic --db bench/out/synthetic.db --regions 300 --cases 200000
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from bench.generator import Generator, Scale
from seeds import records
from seeds.article import ArticleText
from seeds.build import BuildSummary, write
from seeds.checks import Checker
from seeds.errors import SeedError
from seeds.facts import Facts, load
from seeds.rows import Row


class SyntheticChecker(Checker):
    """Every seed check, except that a synthetic case's made-up parties need not stand in its real quote."""

    def check_parties_named(self, number: int, case: records.Case, quotes: str) -> None:
        if not case.id.startswith("syn-"):
            super().check_parties_named(number, case, quotes)


def check_synthetic(facts: Facts, article: ArticleText) -> None:
    """Run every seed check; the article is extended by a gazetteer naming the synthetic regions.

    `seeds.checks` asks that the article name every region, which no made-up county can
    satisfy. Appending their names to the text the check searches waives that rule for
    them alone; spans are still checked against the real paragraphs.
    """
    gazetteer = " ".join(region.name for region in facts.regions if region.id.startswith("syn-"))
    SyntheticChecker(facts, ArticleText(text=f"{article.text}\n{gazetteer}", paragraphs=article.paragraphs)).run()


def expected_rows(facts: Facts) -> dict[str, int]:
    """Rows per big table, so the progress bar can show how far along each table is."""
    outcomes = [outcome for case in facts.cases for outcome in case.outcome]
    figures = [figure for case in facts.cases for figure in case.figure]
    return {
        "statistics": len(facts.statistics),
        "statistic_sources": sum(len(s.sources) for s in facts.statistics),
        "cases": len(facts.cases),
        "case_sources": sum(len(c.sources) for c in facts.cases),
        "case_operations": sum(len(c.operations) for c in facts.cases),
        "parties": sum(len(c.party) for c in facts.cases),
        "case_figures": len(figures),
        "case_figure_sources": sum(len(f.sources) for f in figures),
        "outcomes": len(outcomes),
        "outcome_sources": sum(len(o.sources) for o in outcomes),
        "measures": len(facts.measures),
        "measure_sources": sum(len(m.sources) for m in facts.measures),
        "search_documents": len(facts.cases) + len(facts.statistics) + len(facts.measures),
    }


def build(db_path: Path, scale: Scale, *, check_facts: bool = True) -> BuildSummary:
    """Generate, check and write the synthetic database, reporting each step's time."""
    started = time.perf_counter()
    article = ArticleText.read()
    gc.disable()  # millions of small records: the collector's repeated scans would double the time
    try:
        facts = Generator(load(), article, scale).facts()
    finally:
        gc.enable()
    click.echo(f"Generated {len(facts.cases)} cases in {time.perf_counter() - started:.1f}s")
    if check_facts:
        checked = time.perf_counter()
        check_synthetic(facts, article)
        click.echo(f"Checked the facts in {time.perf_counter() - checked:.1f}s")
    lengths = expected_rows(facts)

    def progress(rows: Iterable[Row], table: str) -> Iterator[Row]:
        with click.progressbar(rows, length=lengths.get(table), label=f"{table:<20}") as bar:
            yield from bar

    summary = write(facts, article, db_path, report=click.echo, progress=progress)
    click.echo(f"Seeded {db_path} in {time.perf_counter() - started:.1f}s")
    return summary


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to build.")
@click.option("--regions", type=click.IntRange(18), default=Scale.regions, show_default=True, help="Regions in all.")
@click.option("--cases", type=click.IntRange(0), default=Scale.cases, show_default=True, help="Synthetic cases.")
@click.option("--statistics", type=click.IntRange(0), default=None, help="Synthetic statistics [default: cases/10].")
@click.option("--seed", type=int, default=Scale.seed, show_default=True, help="Random seed: same seed, same database.")
@click.option("--no-check", is_flag=True, help="Skip the seed checks (saves a few seconds at 200,000 cases).")
def main(db_path: Path, regions: int, cases: int, statistics: int | None, seed: int, no_check: bool) -> None:
    """Build a large synthetic jingwang database through the real seed's checks and writer.

    Example:

        python -m bench.synthetic --db bench/out/synthetic.db --regions 300 --cases 200000 --seed 2018
    """
    try:
        build(db_path, Scale(regions=regions, cases=cases, statistics=statistics, seed=seed), check_facts=not no_check)
    except (ValueError, SeedError) as error:
        raise click.ClickException(str(error)) from None


if __name__ == "__main__":
    main()
