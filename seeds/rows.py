"""Turning checked facts into table rows: ids in article order, references as ids.

Ids are derived from the facts alone (catalogs in file order, everything with sources in
the order the article first states it, ties broken by key), so the same facts always give
the same ids and the same database content.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from db import tables
from seeds import records
from seeds.article import ArticleText
from seeds.checks import names_of, parse_partial_date
from seeds.facts import Facts

Row = dict[str, object]
Sourced = TypeVar("Sourced", records.Statistic, records.Case, records.Measure)


def article_order(spans: Sequence[records.Span], key: str) -> tuple[int, int, str]:
    first = min((span.paragraph, span.start) for span in spans)
    return (*first, key)


def by_article_order(items: Iterable[Sourced]) -> list[Sourced]:
    return sorted(items, key=lambda item: article_order(item.sources, item.id))


Key = TypeVar("Key", str, tuple[str, str])


def numbered(keys: Iterable[Key]) -> dict[Key, int]:
    return {key: number for number, key in enumerate(keys, 1)}


def span_rows(owner: str, owner_id: int, spans: Sequence[records.Span]) -> Iterator[Row]:
    for position, span in enumerate(spans, 1):
        yield {
            f"{owner}_id": owner_id,
            "position": position,
            "paragraph": span.paragraph,
            "start": span.start,
            "end": span.end,
            "text": span.text,
        }


def ancestry(key: str, parents: Mapping[str, str | None]) -> Iterator[str]:
    """`key`, its parent, its parent's parent … up to the root."""
    current: str | None = key
    while current is not None:
        yield current
        current = parents[current]


def closure_rows(parents: Mapping[int, int | None]) -> Iterator[Row]:
    for node in parents:
        ancestor: int | None = node
        depth = 0
        while ancestor is not None:
            yield {"ancestor_id": ancestor, "descendant_id": node, "depth": depth}
            ancestor = parents[ancestor]
            depth += 1


class Rows:
    """Every table's rows for one set of facts (already checked by seeds.checks)."""

    def __init__(self, facts: Facts, article: ArticleText) -> None:
        self.facts = facts
        self.article = article
        self.region_ids = numbered(region.id for region in facts.regions)
        self.category_ids = numbered(entry.code for entry in facts.categories)
        self.operation_ids = numbered(entry.code for entry in facts.operations)
        self.penalty_ids = numbered(entry.code for entry in facts.penalties)
        self.metric_ids = numbered(entry.code for entry in facts.metrics)
        self.period_ids = numbered(period.id for period in facts.periods)
        self.statistics = by_article_order(facts.statistics)
        self.cases = by_article_order(facts.cases)
        self.measures = by_article_order(facts.measures)
        self.outcomes = sorted(
            ((case, number, outcome) for case in self.cases for number, outcome in enumerate(case.outcome, 1)),
            key=lambda item: (*article_order(item[2].sources, item[0].id), item[1]),
        )
        self.party_ids = numbered((case.id, party.name) for case in self.cases for party in case.party)
        #: A statistic with a source in the title or the lead is a headline figure. Stored, not
        #: derived per query: the file never changes while served, and a column filters both
        #: ways through an index where a test over the sources would scan for `false`.
        self.headline_paragraphs = {facts.article.sources["title"].paragraph, *facts.article.lead}

    def tables(self) -> Iterator[tuple[tables.Table, Iterable[Row]]]:
        """(table, rows) in tables.ALL order, so that references are written first."""
        producers = {
            tables.PARAGRAPHS.name: self.paragraphs,
            tables.ARTICLE.name: self.article_row,
            tables.ARTICLE_SOURCES.name: self.article_sources,
            tables.PERIODS.name: self.periods,
            tables.REGIONS.name: self.regions,
            tables.REGION_NAMES.name: self.region_names,
            tables.REGION_CLOSURE.name: self.region_closure,
            tables.CATEGORIES.name: lambda: self.catalog(self.facts.categories, self.category_ids),
            tables.CATEGORY_CLOSURE.name: self.category_closure,
            tables.OPERATIONS.name: lambda: self.catalog(self.facts.operations, self.operation_ids),
            tables.PENALTIES.name: lambda: self.catalog(self.facts.penalties, self.penalty_ids),
            tables.METRICS.name: lambda: self.catalog(self.facts.metrics, self.metric_ids),
            tables.STATISTICS.name: self.statistic_rows,
            tables.STATISTIC_SOURCES.name: self.statistic_sources,
            tables.CASES.name: self.case_rows,
            tables.CASE_SOURCES.name: self.case_sources,
            tables.CASE_REGIONS.name: self.case_regions,
            tables.CASE_CATEGORIES.name: self.case_categories,
            tables.CASE_OPERATIONS.name: self.case_operations,
            tables.VICTIM_PLACES.name: self.victim_places,
            tables.PARTIES.name: self.parties,
            tables.CASE_FIGURES.name: self.case_figures,
            tables.CASE_FIGURE_SOURCES.name: self.case_figure_sources,
            tables.OUTCOMES.name: self.outcome_rows,
            tables.OUTCOME_SOURCES.name: self.outcome_sources,
            tables.MEASURES.name: self.measure_rows,
            tables.MEASURE_REGIONS.name: self.measure_regions,
            tables.MEASURE_SOURCES.name: self.measure_sources,
            tables.SEARCH_DOCUMENTS.name: self.search_documents,
        }
        for table in tables.ALL:
            if table.name in producers:
                yield table, producers[table.name]()

    # -- the article -----------------------------------------------------------------

    def paragraphs(self) -> Iterator[Row]:
        for number, text in enumerate(self.article.paragraphs, 1):
            yield {"number": number, "text": text}

    def article_row(self) -> Iterator[Row]:
        article = self.facts.article
        yield {
            "id": 1,
            "title": article.title,
            "published_at": article.published_at.isoformat(),
            "publisher": article.publisher,
            "reporter": article.reporter,
            "editor": article.editor,
            "responsible_editor": article.responsible_editor,
            "sha256": self.article.sha256,
        }

    def article_sources(self) -> Iterator[Row]:
        for field, span in self.facts.article.sources.items():
            yield {"field": field, "paragraph": span.paragraph, "start": span.start, "end": span.end, "text": span.text}

    # -- catalogs --------------------------------------------------------------------

    def periods(self) -> Iterator[Row]:
        for period in self.facts.periods:
            yield {
                "id": self.period_ids[period.id],
                "key": period.id,
                "label": period.label,
                "label_en": period.label_en,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            }

    def regions(self) -> Iterator[Row]:
        for region in self.facts.regions:
            yield {
                "id": self.region_ids[region.id],
                "key": region.id,
                "code": region.code,
                "name": region.name,
                "full_name": region.full_name,
                "name_en": region.name_en,
                "full_name_en": region.full_name_en,
                "kind": region.kind,
                "parent_id": self.region_ids[region.parent] if region.parent else None,
            }

    def region_names(self) -> Iterator[Row]:
        for region in self.facts.regions:
            for name in names_of(region):
                yield {"name": name, "region_id": self.region_ids[region.id]}

    def region_closure(self) -> Iterator[Row]:
        return closure_rows(
            {
                self.region_ids[region.id]: self.region_ids[region.parent] if region.parent else None
                for region in self.facts.regions
            }
        )

    def category_closure(self) -> Iterator[Row]:
        ids = self.category_ids
        return closure_rows(
            {ids[entry.code]: ids[entry.parent] if entry.parent else None for entry in self.facts.categories}
        )

    def catalog(self, entries: Sequence[records.CatalogEntry], ids: Mapping[str, int]) -> Iterator[Row]:
        for entry in entries:
            yield {
                "id": ids[entry.code],
                "code": entry.code,
                "name": entry.name,
                "name_en": entry.name_en,
                "parent_id": ids[entry.parent] if entry.parent else None,
            }

    # -- statistics ------------------------------------------------------------------

    def normalized(self, value: float, unit: str) -> tuple[float, str]:
        conversion = self.facts.units[unit]
        return value * conversion.factor, conversion.normalized

    def statistic_rows(self) -> Iterator[Row]:
        for number, stat in enumerate(self.statistics, 1):
            normalized_value, normalized_unit = self.normalized(stat.value, stat.unit)
            yield {
                "id": number,
                "key": stat.id,
                "metric": stat.metric,
                "value": stat.value,
                "unit": stat.unit,
                "at_least": int(stat.at_least),
                "headline": int(any(span.paragraph in self.headline_paragraphs for span in stat.sources)),
                "normalized_value": normalized_value,
                "normalized_unit": normalized_unit,
                "category_id": self.category_ids[stat.category],
                "region_id": self.region_ids[stat.region],
                "operation_id": self.operation_ids[stat.operation] if stat.operation else None,
                "penalty_id": self.penalty_ids[stat.penalty] if stat.penalty else None,
                "period_id": self.period_ids[stat.period] if stat.period else None,
            }

    def statistic_sources(self) -> Iterator[Row]:
        for number, stat in enumerate(self.statistics, 1):
            yield from span_rows("statistic", number, stat.sources)

    # -- cases -----------------------------------------------------------------------

    def case_rows(self) -> Iterator[Row]:
        for number, case in enumerate(self.cases, 1):
            occurred = parse_partial_date(case.occurred)
            assert occurred is not None  # seeds.checks rejected any other
            first, last, year, month, day = occurred
            yield {
                "id": number,
                "key": case.id,
                "title": case.title,
                "title_en": case.title_en,
                "summary": case.summary,
                "summary_en": case.summary_en,
                "occurred_year": year,
                "occurred_month": month,
                "occurred_day": day,
                "occurred_start": first.isoformat(),
                "occurred_end": last.isoformat(),
                "region_id": self.region_ids[case.region],
                "category_id": self.category_ids[case.category],
            }

    def case_sources(self) -> Iterator[Row]:
        for number, case in enumerate(self.cases, 1):
            yield from span_rows("case", number, case.sources)

    def case_regions(self) -> Iterator[Row]:
        parents = {region.id: region.parent for region in self.facts.regions}
        for number, case in enumerate(self.cases, 1):
            for region in ancestry(case.region, parents):
                yield {"region_id": self.region_ids[region], "case_id": number}

    def case_categories(self) -> Iterator[Row]:
        parents = {entry.code: entry.parent for entry in self.facts.categories}
        for number, case in enumerate(self.cases, 1):
            for code in ancestry(case.category, parents):
                yield {"category_id": self.category_ids[code], "case_id": number}

    def case_operations(self) -> Iterator[Row]:
        for number, case in enumerate(self.cases, 1):
            for position, code in enumerate(case.operations, 1):
                yield {"case_id": number, "operation_id": self.operation_ids[code], "position": position}

    def victim_places(self) -> Iterator[Row]:
        for number, case in enumerate(self.cases, 1):
            for position, region in enumerate(case.victim_places, 1):
                yield {"case_id": number, "region_id": self.region_ids[region], "position": position}

    def parties(self) -> Iterator[Row]:
        for number, case in enumerate(self.cases, 1):
            for party in case.party:
                party_id = self.party_ids[case.id, party.name]
                yield {
                    "id": party_id,
                    "case_id": number,
                    "name": party.name,
                    "name_en": party.name_en,
                    "kind": party.kind,
                    "role": party.role,
                }

    def figures(self) -> Iterator[tuple[int, int, records.Figure]]:
        figure_id = 0
        for number, case in enumerate(self.cases, 1):
            for figure in case.figure:
                figure_id += 1
                yield figure_id, number, figure

    def case_figures(self) -> Iterator[Row]:
        for figure_id, case_id, figure in self.figures():
            normalized_value, normalized_unit = self.normalized(figure.value, figure.unit)
            yield {
                "id": figure_id,
                "case_id": case_id,
                "label": figure.label,
                "label_en": figure.label_en,
                "value": figure.value,
                "unit": figure.unit,
                "at_least": int(figure.at_least),
                "normalized_value": normalized_value,
                "normalized_unit": normalized_unit,
            }

    def case_figure_sources(self) -> Iterator[Row]:
        for figure_id, _, figure in self.figures():
            yield from span_rows("case_figure", figure_id, figure.sources)

    def outcome_rows(self) -> Iterator[Row]:
        case_ids = numbered(case.id for case in self.cases)
        for number, (case, position, outcome) in enumerate(self.outcomes, 1):
            yield {
                "id": number,
                "key": f"{case.id}/{position}",
                "case_id": case_ids[case.id],
                "penalty_id": self.penalty_ids[outcome.penalty],
                "party_id": self.party_ids[case.id, outcome.subject] if outcome.subject else None,
                "quantity": outcome.quantity,
                "unit": outcome.unit,
                "at_least": int(outcome.at_least),
                "description": outcome.description,
                "description_en": outcome.description_en,
            }

    def outcome_sources(self) -> Iterator[Row]:
        for number, (_, _, outcome) in enumerate(self.outcomes, 1):
            yield from span_rows("outcome", number, outcome.sources)

    # -- measures --------------------------------------------------------------------

    def measure_rows(self) -> Iterator[Row]:
        for number, measure in enumerate(self.measures, 1):
            yield {
                "id": number,
                "key": measure.id,
                "description": measure.description,
                "description_en": measure.description_en,
            }

    def measure_regions(self) -> Iterator[Row]:
        for number, measure in enumerate(self.measures, 1):
            for position, region in enumerate(measure.regions, 1):
                yield {"measure_id": number, "region_id": self.region_ids[region], "position": position}

    def measure_sources(self) -> Iterator[Row]:
        for number, measure in enumerate(self.measures, 1):
            yield from span_rows("measure", number, measure.sources)

    # -- search ----------------------------------------------------------------------

    def search_bodies(self) -> Iterator[tuple[str, int, str]]:
        """(target type, target id, text) for everything search finds, in the order results come in."""
        for number, text in enumerate(self.article.paragraphs, 1):
            yield "Paragraph", number, text
        for number, case in enumerate(self.cases, 1):
            parties = "、".join(party.name for party in case.party)
            yield "Case", number, "\n".join([case.title, case.summary, parties, case.title_en, case.summary_en])
        categories = {entry.code: entry for entry in self.facts.categories}
        metrics = {entry.code: entry for entry in self.facts.metrics}
        regions = {region.id: region for region in self.facts.regions}
        for number, stat in enumerate(self.statistics, 1):
            category, metric, region = categories[stat.category], metrics[stat.metric], regions[stat.region]
            quotes = dict.fromkeys(span.text for span in stat.sources)
            labels = [
                f"{region.name} · {category.name} · {metric.name}",
                f"{region.name_en} · {category.name_en} · {metric.name_en}",
            ]
            yield "Statistic", number, "\n".join([*quotes, *labels])
        for number, measure in enumerate(self.measures, 1):
            yield "Measure", number, "\n".join([measure.description, measure.description_en])

    def search_documents(self) -> Iterator[Row]:
        for number, (target_type, target_id, body) in enumerate(self.search_bodies(), 1):
            yield {
                "id": number,
                "target_type": target_type,
                "target_id": target_id,
                "body": body,
            }
