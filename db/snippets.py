"""What a search hit shows of its text: an HTML snippet, or plain-text fragments with the matches' ranges."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from db.fts import HAN, Query

# A letter or digit of a Latin word: a cut never falls between two of them.
_LATIN = re.compile(f"[^\\W_{HAN}]")


def snippet(body: str, query: Query, *, width: int = 80) -> str:
    """An HTML-escaped excerpt of `body` around the first match, each match in <mark>.

    Cut at about `width` characters, with … where text was left out on either side.
    """
    matches = list(query.pattern().finditer(body))
    if not matches:
        return html.escape(body[:width]) + ("…" if len(body) > width else "")
    first = matches[0]
    start = max(0, min(first.start() - width // 4, len(body) - width))
    end = min(len(body), max(start + width, first.end()))
    parts = ["…" if start > 0 else ""]
    cursor = start
    for match in matches:
        if match.start() < cursor or match.end() > end:
            continue
        parts.append(html.escape(body[cursor : match.start()]))
        parts.append("<mark>" + html.escape(match.group()) + "</mark>")
        cursor = match.end()
    parts.append(html.escape(body[cursor:end]))
    parts.append("…" if end < len(body) else "")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Fragment:
    """A line of a hit's text, or the part of it around its first match; `highlights` index into `text`."""

    text: str
    highlights: tuple[tuple[int, int], ...]
    more_before: bool
    more_after: bool


def fragments(body: str, query: Query, *, width: int = 80) -> list[Fragment]:
    """Each line of `body` with a match, cut to about `width` characters around its first match.

    Cuts fall between words (a Chinese character is a word), never inside a Latin word. When
    nothing can be located (an accent the index ignored), the first line stands alone.
    """
    pattern = query.pattern()
    found = []
    for line in body.split("\n"):
        spans = [match.span() for match in pattern.finditer(line)]
        if spans:
            found.append(_cut(line, spans, width))
    return found or [_cut(body.split("\n")[0], [], width)]


def _cut(line: str, spans: list[tuple[int, int]], width: int) -> Fragment:
    first_start, first_end = spans[0] if spans else (0, 0)
    start = max(0, min(first_start - width // 4, len(line) - width))
    end = min(len(line), max(start + width, first_end))
    while start < first_start and _inside_word(line, start):
        start += 1
    snapped = end
    while snapped > first_end and _inside_word(line, snapped):
        snapped -= 1
    end = snapped if snapped > start else end  # a line that is one long word is cut inside it
    while start < first_start and line[start].isspace():
        start += 1
    while end > first_end and line[end - 1].isspace():
        end -= 1
    inside = tuple((a - start, b - start) for a, b in spans if start <= a and b <= end)
    return Fragment(line[start:end], inside, more_before=start > 0, more_after=end < len(line))


def _inside_word(line: str, at: int) -> bool:
    """True when a cut at `at` would split a Latin word or number."""
    return 0 < at < len(line) and bool(_LATIN.match(line, at - 1)) and bool(_LATIN.match(line, at))
