"""Reading figures as the article writes them, to check that a quote states a record's number.

The article writes 239起, 100余万元 (more than 100 万元), 1000余名, 上万起 (upwards of ten
thousand) and, once, 两起 (two). A record states value, unit and at_least; its quote must
contain that figure written one of these ways, followed by the unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_LOWER_BOUNDS = {"上百": 100, "上千": 1000, "上万": 10000}
_FIGURE = re.compile(
    r"(?P<digits>\d+(?:\.\d+)?)(?P<more>余)?"
    r"|(?P<bound>上百|上千|上万)"
    rf"|(?P<chinese>[{''.join(_CHINESE_DIGITS)}])"
)


@dataclass(frozen=True)
class StatedFigure:
    value: float
    at_least: bool
    unit_start: int


def stated_figures(quote: str) -> list[StatedFigure]:
    """Every figure written in `quote`, with where the text after it (its unit) begins."""
    figures = []
    for match in _FIGURE.finditer(quote):
        if match["digits"]:
            figures.append(StatedFigure(float(match["digits"]), bool(match["more"]), match.end()))
        elif match["bound"]:
            figures.append(StatedFigure(_LOWER_BOUNDS[match["bound"]], True, match.end()))
        else:
            figures.append(StatedFigure(_CHINESE_DIGITS[match["chinese"]], False, match.end()))
    return figures


def states(quote: str, value: float, unit: str | None, at_least: bool) -> bool:
    """True when `quote` writes `value` (a lower bound if `at_least`) followed by `unit`."""
    return any(
        figure.value == value
        and figure.at_least == at_least
        and (unit is None or quote.startswith(unit, figure.unit_start))
        for figure in stated_figures(quote)
    )


def written(value: float, unit: str | None, at_least: bool) -> str:
    """How a figure reads in an error message: 100余万元, 239起."""
    number = f"{value:g}"
    return f"{number}{'余' if at_least else ''}{unit or ''}"
