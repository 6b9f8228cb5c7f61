"""Checking the facts against each other and against the article, before anything is written.

Each check raises SeedError naming the file, the record and the reason. What is checked:
keys are unique, every reference resolves, trees have no cycles, every source span quotes
the article exactly, every figure is written in its quotes, every name a catalog or
region uses is one the article uses, and every party is named in its case's quotes.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from datetime import date
from typing import NoReturn

from seeds import records
from seeds.article import ArticleText
from seeds.errors import SeedError
from seeds.facts import FILES, Facts, record_label
from seeds.figures import states, written

_PARTIAL_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


class Checker:
    """Runs every check over one set of facts; `run()` returns quietly when all hold."""

    def __init__(self, facts: Facts, article: ArticleText) -> None:
        self.facts = facts
        self.article = article
        self.regions = {region.id: region for region in facts.regions}

    def fail(self, kind: str, number: int | None, key: str | None, reason: str) -> NoReturn:
        record = record_label(kind, number, key) if number is not None else None
        raise SeedError(self.facts.directory / FILES[kind], record, reason)

    def run(self) -> None:
        self.check_article()
        self.check_regions()
        for kind, entries in (
            ("category", self.facts.categories),
            ("operation", self.facts.operations),
            ("penalty", self.facts.penalties),
            ("metric", self.facts.metrics),
        ):
            self.check_catalog(kind, entries, named_in_article=kind != "metric")
        self.check_periods()
        self.check_units()
        self.check_statistics()
        self.check_cases()
        self.check_measures()

    # -- helpers -----------------------------------------------------------------------

    def check_unique(self, kind: str, keys: Sequence[str], what: str = "id") -> None:
        seen: set[str] = set()
        for number, key in enumerate(keys, 1):
            if key in seen:
                self.fail(kind, number, key, f'duplicate {what} "{key}"')
            seen.add(key)

    def check_reference(
        self, kind: str, number: int, key: str, field: str, value: str | None, known: Container[str]
    ) -> None:
        if value is not None and value not in known:
            self.fail(kind, number, key, f'{field}: unknown {field.split(".")[-1]} "{value}"')

    def check_tree(self, kind: str, parents: dict[str, str | None]) -> None:
        for number, start in enumerate(parents, 1):
            seen = {start}
            node = parents[start]
            while node is not None:
                if node in seen:
                    self.fail(kind, number, start, f'parent: "{start}" is its own ancestor')
                seen.add(node)
                node = parents.get(node)

    def check_spans(self, kind: str, number: int, key: str, field: str, spans: Sequence[records.Span]) -> None:
        if not spans:
            self.fail(kind, number, key, f"{field}: at least one source is required")
        for n, span in enumerate(spans, 1):
            self.check_span(kind, number, key, f"{field}[{n}]", span)

    def check_span(self, kind: str, number: int | None, key: str | None, field: str, span: records.Span) -> None:
        paragraph = self.article.paragraph(span.paragraph)
        if paragraph is None:
            count = len(self.article.paragraphs)
            self.fail(
                kind, number, key, f"{field}: paragraph {span.paragraph} does not exist (the article has {count})"
            )
        if paragraph[span.start : span.end] == span.text and 0 <= span.start < span.end:
            return
        found = self.article.find(span.text)
        at = f"paragraph {span.paragraph} [{span.start}:{span.end}]"
        if not found:
            self.fail(kind, number, key, f'{field}: quote not found in the article: "{span.text}"')
        places = ", ".join(f"paragraph {p} [{s}:{e}]" for p, s, e in found)
        self.fail(kind, number, key, f'{field}: quote "{span.text}" is not at {at}; it stands at {places}')

    def check_figure(
        self,
        kind: str,
        number: int,
        key: str,
        field: str,
        spans: Sequence[records.Span],
        value: float,
        unit: str | None,
        at_least: bool,
    ) -> None:
        if unit is not None and unit not in self.facts.units:
            self.fail(kind, number, key, f'{field}unit: unknown unit "{unit}" (add it to {FILES["unit"]})')
        for n, span in enumerate(spans, 1):
            if not states(span.text, value, unit, at_least):
                figure = written(value, unit, at_least)
                self.fail(kind, number, key, f'{field}sources[{n}]: quote "{span.text}" does not state {figure}')

    def check_named(self, kind: str, number: int, key: str, field: str, region_ids: Iterable[str], quotes: str) -> None:
        """Every region in `region_ids` (already known to exist) is named in `quotes`, or referred to (全省)."""
        for region_id in region_ids:
            region = self.regions[region_id]
            if not any(words in quotes for words in (*names_of(region), *region.referred_to_as)):
                self.fail(kind, number, key, f'{field}: the quoted text does not name region "{region_id}"')

    # -- records -----------------------------------------------------------------------

    def check_article(self) -> None:
        article = self.facts.article
        values = {
            "title": article.title,
            "published_at": article.published_at.strftime("%Y-%m-%d %H:%M:%S"),
            "publisher": article.publisher,
            "reporter": article.reporter,
            "editor": article.editor,
            "responsible_editor": article.responsible_editor,
        }
        for field, value in values.items():
            if value is None:
                continue
            span = article.sources.get(field)
            if span is None:
                self.fail("article", None, None, f'sources.{field}: missing source for "{value}"')
            self.check_span("article", None, None, f"sources.{field}", span)
            if value not in span.text:
                self.fail("article", None, None, f'sources.{field}: quote "{span.text}" does not contain "{value}"')
        if article.title != self.article.paragraphs[0]:
            self.fail("article", None, None, "title: differs from paragraph 1 of the article")
        for n, paragraph in enumerate(article.lead, 1):
            if self.article.paragraph(paragraph) is None:
                count = len(self.article.paragraphs)
                self.fail(
                    "article", None, None, f"lead[{n}]: paragraph {paragraph} does not exist (the article has {count})"
                )

    def check_regions(self) -> None:
        regions = self.facts.regions
        self.check_unique("region", [region.id for region in regions])
        self.check_unique("region", [region.code or f"-{region.id}" for region in regions], "code")
        self.check_unique("region", [name for region in regions for name in names_of(region)], "name")
        for number, region in enumerate(regions, 1):
            self.check_reference("region", number, region.id, "parent", region.parent, self.regions)
            if (region.code is None) != (region.kind == "FOREIGN"):
                self.fail("region", number, region.id, "code: required in China and absent abroad")
            if region.code is not None and not re.fullmatch(r"\d{6}", region.code):
                self.fail("region", number, region.id, f'code: "{region.code}" is not a six-digit GB/T 2260 code')
            if not any(name in self.article.text for name in names_of(region)):
                self.fail("region", number, region.id, "name: the article names this region by none of its names")
            for n, words in enumerate(region.referred_to_as, 1):
                if words not in self.article.text:
                    self.fail("region", number, region.id, f'referred_to_as[{n}]: "{words}" is not in the article')
        self.check_tree("region", {region.id: region.parent for region in regions})

    def check_catalog(self, kind: str, entries: Sequence[records.CatalogEntry], *, named_in_article: bool) -> None:
        codes = [entry.code for entry in entries]
        self.check_unique(kind, codes, "code")
        for number, entry in enumerate(entries, 1):
            self.check_reference(kind, number, entry.code, "parent", entry.parent, codes)
            if named_in_article and entry.name not in self.article.text:
                self.fail(kind, number, entry.code, f'name: "{entry.name}" does not appear in the article')
        self.check_tree(kind, {entry.code: entry.parent for entry in entries})

    def check_periods(self) -> None:
        self.check_unique("period", [period.id for period in self.facts.periods])
        for number, period in enumerate(self.facts.periods, 1):
            if period.start > period.end:
                self.fail("period", number, period.id, f"end: {period.end} is before start {period.start}")

    def check_units(self) -> None:
        for number, (name, unit) in enumerate(self.facts.units.items(), 1):
            if unit.factor <= 0:
                self.fail("unit", number, name, f"factor: must be positive, got {unit.factor:g}")

    def check_statistics(self) -> None:
        facts = self.facts
        self.check_unique("statistic", [statistic.id for statistic in facts.statistics])
        references = {
            "metric": {entry.code for entry in facts.metrics},
            "category": {entry.code for entry in facts.categories},
            "region": self.regions,
            "period": {period.id for period in facts.periods},
            "operation": {entry.code for entry in facts.operations},
            "penalty": {entry.code for entry in facts.penalties},
        }
        for number, stat in enumerate(facts.statistics, 1):
            for field, known in references.items():
                self.check_reference("statistic", number, stat.id, field, getattr(stat, field), known)
            self.check_spans("statistic", number, stat.id, "sources", stat.sources)
            self.check_figure("statistic", number, stat.id, "", stat.sources, stat.value, stat.unit, stat.at_least)

    def check_cases(self) -> None:
        facts = self.facts
        self.check_unique("case", [case.id for case in facts.cases])
        categories = {entry.code for entry in facts.categories}
        operations = {entry.code for entry in facts.operations}
        penalties = {entry.code for entry in facts.penalties}
        for number, case in enumerate(facts.cases, 1):

            def fail(reason: str, number: int = number, case: records.Case = case) -> NoReturn:
                self.fail("case", number, case.id, reason)

            self.check_reference("case", number, case.id, "region", case.region, self.regions)
            self.check_reference("case", number, case.id, "category", case.category, categories)
            for operation in case.operations:
                self.check_reference("case", number, case.id, "operations", operation, operations)
            if parse_partial_date(case.occurred) is None:
                fail(f'occurred: "{case.occurred}" is not a date like 2018, 2018-05 or 2018-05-18')
            self.check_spans("case", number, case.id, "sources", case.sources)
            quotes = "\n".join(span.text for span in case.sources)
            for place in case.victim_places:
                self.check_reference("case", number, case.id, "victim_places", place, self.regions)
            self.check_named("case", number, case.id, "victim_places", case.victim_places, quotes)
            parties = [party.name for party in case.party]
            for n, name in enumerate(parties, 1):
                if name in parties[: n - 1]:
                    fail(f'party[{n}]: duplicate party "{name}"')
            self.check_parties_named(number, case, quotes)
            for n, figure in enumerate(case.figure, 1):
                field = f"figure[{n}]."
                self.check_spans("case", number, case.id, f"{field}sources", figure.sources)
                self.check_figure(
                    "case", number, case.id, field, figure.sources, figure.value, figure.unit, figure.at_least
                )
            for n, outcome in enumerate(case.outcome, 1):
                field = f"outcome[{n}]."
                self.check_reference("case", number, case.id, f"{field}penalty", outcome.penalty, penalties)
                self.check_reference("case", number, case.id, f"{field}subject", outcome.subject, parties)
                self.check_spans("case", number, case.id, f"{field}sources", outcome.sources)
                if (outcome.quantity is None) != (outcome.unit is None):
                    fail(f"{field}quantity: quantity and unit go together")
                if outcome.quantity is not None:
                    self.check_figure(
                        "case",
                        number,
                        case.id,
                        field,
                        outcome.sources,
                        outcome.quantity,
                        outcome.unit,
                        outcome.at_least,
                    )

    def check_parties_named(self, number: int, case: records.Case, quotes: str) -> None:
        """Every party of `case` is named, in its words, in the case's quotes."""
        for n, party in enumerate(case.party, 1):
            if party.name not in quotes:
                self.fail("case", number, case.id, f'party[{n}]: the quoted text does not name party "{party.name}"')

    def check_measures(self) -> None:
        self.check_unique("measure", [measure.id for measure in self.facts.measures])
        for number, measure in enumerate(self.facts.measures, 1):
            if not measure.regions:
                self.fail("measure", number, measure.id, "regions: at least one region is required")
            for region in measure.regions:
                self.check_reference("measure", number, measure.id, "regions", region, self.regions)
            self.check_spans("measure", number, measure.id, "sources", measure.sources)
            quotes = "\n".join(span.text for span in measure.sources)
            self.check_named("measure", number, measure.id, "regions", measure.regions, quotes)


def names_of(region: records.Region) -> tuple[str, ...]:
    """Every name a region answers to, short name first."""
    return tuple(dict.fromkeys((region.name, region.full_name, *region.aliases)))


def parse_partial_date(text: str) -> tuple[date, date, int, int | None, int | None] | None:
    """(first day, last day, year, month, day) of "2018", "2018-05" or "2018-05-18"; None if invalid."""
    match = _PARTIAL_DATE.fullmatch(text)
    if match is None:
        return None
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31), year, None, None
        if day is None:
            following = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), date.fromordinal(following.toordinal() - 1), year, month, None
        exact = date(year, month, day)
    except ValueError:
        return None
    return exact, exact, year, month, day


def check(facts: Facts, article: ArticleText) -> None:
    """Raise SeedError for the first fact that does not hold."""
    Checker(facts, article).run()
