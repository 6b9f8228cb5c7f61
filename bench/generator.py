"""The synthetic facts themselves: regions, cases, outcomes, statistics and measures at scale.

Numbers follow plausible shapes — a Zipf-skewed caseload led by the provincial capital,
0–6 outcomes per case, one to four suspects — and every text that must quote the article
does: a case cites one of the article's sentences at its real place, an outcome the place
where the article uses its penalty's name, a figure or counted outcome a real record's quote
that states it. `bench.synthetic` checks and writes what this makes.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta

from bench import names
from seeds import records
from seeds.article import ArticleText
from seeds.checks import names_of
from seeds.facts import Facts

#: The region that gets the most cases (the provincial capital, 昆明); its province is the home tree.
CAPITAL_CODE = "530100"
#: Counties per synthetic prefecture, about as in Yunnan (129 counties, 16 prefectures).
COUNTIES_PER_PREFECTURE = 35
#: How many outcomes a case has: 0 to 6, three on average.
OUTCOME_WEIGHTS = (5, 12, 20, 26, 20, 11, 6)
#: Penalties as often as outcomes of each kind plausibly occur; the rest share what is left.
PENALTY_WEIGHTS = {"ARREST": 35, "CRIMINAL_DETENTION": 20, "ADMINISTRATIVE_DETENTION": 15, "FINE": 8}
FIRST_DAY, LAST_DAY = date(2017, 1, 1), date(2018, 6, 19)
MONTHS = tuple(date(2018, month, 1).strftime("%B") for month in range(1, 13))  # C locale: English names


@dataclasses.dataclass(frozen=True)
class Scale:
    """How much to make; statistics and measures default to a tenth of the cases and one per region."""

    regions: int = 300
    cases: int = 200_000
    statistics: int | None = None
    measures: int | None = None
    seed: int = 2018


class Generator:
    """Synthetic records from the real catalogs, deterministic for a given seed."""

    def __init__(self, real: Facts, article: ArticleText, scale: Scale) -> None:
        self.real = real
        self.article = article
        self.scale = scale
        self.rng = random.Random(scale.seed)
        self.sentences = _sentences(article)
        self.penalty_spans = {entry.code: _quotes(article, entry.name) for entry in real.penalties}
        self.figures = [figure for case in real.cases for figure in case.figure]
        self.counted_outcomes = [o for case in real.cases for o in case.outcome if o.quantity is not None]
        self.penalties = {entry.code: entry for entry in real.penalties}
        self.penalty_codes = tuple(self.penalties)
        self.penalty_weights = list(itertools.accumulate(PENALTY_WEIGHTS.get(code, 3) for code in self.penalties))
        self.outcome_weights = list(itertools.accumulate(OUTCOME_WEIGHTS))
        self.victims: dict[records.Span, tuple[str, ...]] = {}

    def facts(self) -> Facts:
        regions = self.regions()
        by_id = {region.id: region for region in regions}
        home = _subtree(regions, by_id[_capital(regions).parent or ""].id)
        ranked = [_capital(regions).id, *self.shuffled([r for r in home if r != _capital(regions).id])]
        weights = list(_zipf(len(ranked)))
        abroad = [region for region in regions if region.id not in set(home)]
        n_statistics = self.scale.statistics if self.scale.statistics is not None else self.scale.cases // 10
        n_measures = self.scale.measures if self.scale.measures is not None else self.scale.regions
        case_regions = self.rng.choices(ranked, cum_weights=weights, k=self.scale.cases)
        cases = tuple(
            self.case(number, by_id[region], abroad, len(str(self.scale.cases)))
            for number, region in enumerate(case_regions, 1)
        )
        statistic_regions = self.rng.choices(ranked, cum_weights=weights, k=n_statistics)
        statistics = tuple(
            dataclasses.replace(self.rng.choice(self.real.statistics), id=f"syn-stat-{n:07d}", region=region)
            for n, region in enumerate(statistic_regions, 1)
        )
        measures = tuple(
            dataclasses.replace(self.rng.choice(self.real.measures), id=f"syn-measure-{n:06d}")
            for n in range(1, n_measures + 1)
        )
        return dataclasses.replace(
            self.real,
            regions=regions,
            statistics=self.real.statistics + statistics,
            cases=self.real.cases + cases,
            measures=self.real.measures + measures,
        )

    def outcome_count(self) -> int:
        return self.rng.choices(range(len(OUTCOME_WEIGHTS)), cum_weights=self.outcome_weights)[0]

    def shuffled(self, items: Sequence[str]) -> list[str]:
        listed = list(items)
        self.rng.shuffle(listed)
        return listed

    def regions(self) -> tuple[records.Region, ...]:
        """The real regions, then prefectures under the home province, then counties under all of them."""
        real = self.real.regions
        new = self.scale.regions - len(real)
        if new < 0:
            raise ValueError(f"--regions must be at least {len(real)} (the real regions), got {self.scale.regions}")
        capital = _capital(real)
        province = next(region for region in real if region.id == capital.parent)
        taken_names = {name for region in real for name in names_of(region)}
        taken_codes = {region.code for region in real if region.code}
        made = names.place_names(self.rng, taken_names)
        prefectures = [region for region in real if region.parent == province.id and region.kind == "PREFECTURE"]
        created: list[records.Region] = []
        n_prefectures = math.ceil(new / COUNTIES_PER_PREFECTURE)
        prefecture_codes = _free_codes(province.code or "", 2, taken_codes)
        for n in range(1, n_prefectures + 1):
            name, name_en = next(made)
            code = next(prefecture_codes, None)
            if code is None:
                raise ValueError(f"--regions {self.scale.regions} needs more prefecture codes than there are")
            created.append(
                records.Region(
                    id=f"syn-prefecture-{n:04d}",
                    name=name,
                    full_name=f"{name}市",
                    name_en=name_en,
                    full_name_en=f"{name_en} City",
                    kind="PREFECTURE",
                    code=code,
                    parent=province.id,
                )
            )
        parents = prefectures + created
        county_codes = {parent.id: _free_codes(parent.code or "", 4, taken_codes) for parent in parents}
        for n in range(1, new - n_prefectures + 1):
            parent = parents[n % len(parents)]
            name, name_en = next(made)
            district = self.rng.random() < 0.2
            code = next(county_codes[parent.id], None)
            if code is None:
                raise ValueError(f"--regions {self.scale.regions} needs more county codes than {parent.name} has")
            created.append(
                records.Region(
                    id=f"syn-county-{n:05d}",
                    name=name,
                    full_name=name + ("区" if district else "县"),
                    name_en=name_en,
                    full_name_en=name_en + (" District" if district else " County"),
                    kind="COUNTY",
                    code=code,
                    parent=parent.id,
                )
            )
        return real + tuple(created)

    def case(self, number: int, region: records.Region, abroad: Sequence[records.Region], width: int) -> records.Case:
        rng = self.rng
        category = rng.choice(self.real.categories)
        occurred, said, said_en = _occurred(rng)
        source = rng.choice(self.sentences)
        people = dict(names.person(rng) for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))))
        parties = [records.Party(name, name_en, "PERSON", "SUSPECT") for name, name_en in people.items()]
        english = dict(people)
        if rng.random() < 0.2:
            company, company_en = names.organization(rng, region.name, region.name_en)
            parties.append(records.Party(company, company_en, "ORGANIZATION", "MENTIONED"))
            english[company] = company_en
        if len(people) >= 2 and rng.random() < 0.3:
            group = "、".join(people) + f"等{rng.randint(3, 30)}人"
            english[group] = ", ".join(people.values()) + " and others"
            parties.append(records.Party(group, english[group], "GROUP", "SUSPECT"))
        first = parties[0].name
        suspects, suspects_en = "、".join(people), ", ".join(people.values())
        if source not in self.victims:
            self.victims[source] = tuple(r.id for r in abroad if any(name in source.text for name in names_of(r)))
        victims = self.victims[source] if rng.random() < 0.5 else ()
        return records.Case(
            id=f"syn-case-{number:0{width}d}",
            title=f"{region.name}{first}{category.name}案",
            title_en=f"{region.name_en}: {english[first]}, {category.name_en.lower()}",
            summary=f"{said},{region.full_name}公安机关破获一起{category.name}案件,查明犯罪嫌疑人{suspects}。",
            summary_en=f"{said_en.capitalize()} {region.name_en} police solved a case of {category.name_en.lower()}"
            f" involving {suspects_en}.",
            occurred=occurred,
            region=region.id,
            category=category.code,
            sources=(source,),
            operations=rng.choice(((), (), (), (), ("JINGWANG",), ("JINGWANG_2018",))),
            victim_places=victims,
            party=tuple(parties),
            figure=tuple(rng.choice(self.figures) for _ in range(rng.choice((0, 0, 0, 0, 0, 1, 1, 2)))),
            outcome=tuple(self.outcome(parties, english) for _ in range(self.outcome_count())),
        )

    def outcome(self, parties: Sequence[records.Party], english: dict[str, str]) -> records.Outcome:
        rng = self.rng
        subject = rng.choice(parties).name
        if self.counted_outcomes and rng.random() < 0.1:
            counted = rng.choice(self.counted_outcomes)  # a quantity, stated by its real quote
            return dataclasses.replace(counted, subject=subject if counted.subject else None)
        entry = self.penalties[rng.choices(self.penalty_codes, cum_weights=self.penalty_weights)[0]]
        seized = entry.code == "SEIZURE"
        return records.Outcome(
            penalty=entry.code,
            description=f"{entry.name}涉案物品" if seized else f"{subject}被{entry.name}",
            description_en=entry.name_en if seized else f"{entry.name_en}: {english[subject]}",
            sources=(rng.choice(self.penalty_spans[entry.code] or self.sentences),),
            subject=None if seized else subject,
        )


def _capital(regions: Iterable[records.Region]) -> records.Region:
    return next(region for region in regions if region.code == CAPITAL_CODE)


def _subtree(regions: Sequence[records.Region], root: str) -> list[str]:
    """`root` and every region below it, in file order."""
    inside = {root}
    for _ in regions:  # at most one pass per level
        grown = inside | {r.id for r in regions if r.parent in inside}
        if grown == inside:
            break
        inside = grown
    return [region.id for region in regions if region.id in inside]


def _free_codes(prefix: str, digits: int, taken: set[str]) -> Iterator[str]:
    """GB/T 2260-shaped codes below `prefix[:digits]` that no region uses yet (530102, 530103, …)."""
    head = prefix[:digits]
    start = 35 if digits == 2 else 2  # leave real prefecture codes free; county 01 is the seat
    for n in range(start, 100):
        code = f"{head}{n:02d}".ljust(6, "0")
        if code not in taken:
            taken.add(code)
            yield code


def _zipf(n: int) -> Iterator[float]:
    """Cumulative weights 1, 1 + 1/2, 1 + 1/2 + 1/3, …: a few regions have most of the cases."""
    total = 0.0
    for rank in range(1, n + 1):
        total += 1 / rank
        yield total


def _occurred(rng: random.Random) -> tuple[str, str, str]:
    """A date to the year, month or day, and how a summary says it in Chinese and English."""
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    precision = rng.random()
    if precision < 0.2:
        return f"{day.year}", f"{day.year}年", f"in {day.year}"
    month = MONTHS[day.month - 1]
    if precision < 0.7:
        return f"{day:%Y-%m}", f"{day.year}年{day.month}月", f"in {month} {day.year}"
    return day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"on {day.day} {month} {day.year}"


def _sentences(article: ArticleText) -> list[records.Span]:
    """Every sentence of the article's body as a source span, so cases spread over article order."""
    spans = []
    for number, paragraph in enumerate(article.paragraphs, 1):
        if number < 3:  # the title and the dateline report no case
            continue
        for match in re.finditer(r"[^。]+。?", paragraph):
            if len(match.group().strip()) >= 8 and not match.group()[0].isspace():
                spans.append(records.Span(number, match.start(), match.end(), match.group()))
    return spans


def _quotes(article: ArticleText, text: str) -> list[records.Span]:
    return [records.Span(p, start, end, text) for p, start, end in article.find(text)]
