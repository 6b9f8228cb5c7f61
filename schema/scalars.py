"""The Date scalar: ISO dates out; in filters a day, a month or a year, as the article dates things.

The article dates cases by month (2018-05) as often as by day, so a filter bound may be either:
`DateBound` keeps the days a value covers, and a filter takes the first day of a "from" bound
and the last day of a "to" bound. It is the schema's one `Date` (StrawberryConfig.scalar_map),
so the contract's `occurredFrom: Date` keeps its type and outputs (`Period.start`) stay days.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import strawberry
from graphql import GraphQLError, StringValueNode, ValueNode, print_ast
from strawberry.types.scalar import ScalarDefinition

_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
ACCEPTED = 'Date must be "YYYY-MM-DD", "YYYY-MM" or "YYYY" (2018-05-18, 2018-05, 2018)'


@dataclass(frozen=True)
class DateBound:
    """The days a Date input covers: one day, or every day of its month or year."""

    first: date
    last: date

    @classmethod
    def parse(cls, value: object) -> DateBound:
        """The bound a client's value stands for; GraphQLError names what is accepted (graphql-core shows it as is)."""
        if not isinstance(value, str):
            raise GraphQLError(f"{ACCEPTED}, as a string; got {value!r}")
        found = _FORM.fullmatch(value)
        if found is None:
            raise GraphQLError(f'{ACCEPTED}; got "{value[:40]}"')
        year, month, day = (int(part) if part else 0 for part in found.groups())
        try:
            if day:
                return cls(date(year, month, day), date(year, month, day))
            if month:
                return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
            return cls(date(year, 1, 1), date(year, 12, 31))
        except (ValueError, calendar.IllegalMonthError) as error:  # 2018-13, 2018-02-30
            raise GraphQLError(f'{ACCEPTED}; got "{value}", {error}') from None


def _parse_literal(node: ValueNode, _variables: dict[str, Any] | None = None) -> DateBound:
    """A literal's bound; its error carries the literal's location (graphql-core reports it as is)."""
    if not isinstance(node, StringValueNode):
        raise GraphQLError(f"{ACCEPTED}, as a string; got {print_ast(node)}", node)
    try:
        return DateBound.parse(node.value)
    except GraphQLError as error:
        raise GraphQLError(error.message, node) from None


def _serialize(value: date) -> str:
    return value.isoformat()


DATE: ScalarDefinition = strawberry.scalar(
    name="Date",
    description=(
        "A calendar day, YYYY-MM-DD. As a filter bound also a month (YYYY-MM) or a year (YYYY): "
        "a lower bound then means its first day, an upper bound its last."
    ),
    serialize=_serialize,
    parse_value=DateBound.parse,
    parse_literal=_parse_literal,
)

#: The Python types that are the GraphQL Date: days for outputs, bounds for filters.
SCALARS: dict[object, ScalarDefinition] = {date: DATE, DateBound: DATE}
