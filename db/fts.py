"""Full-text search over Chinese and Latin text with SQLite's FTS5.

FTS5's unicode61 tokenizer reads a run of Chinese characters as one token, and its trigram
tokenizer cannot match terms shorter than three characters (枪, 诈骗). So the index stores
each document with a space around every Chinese character: every character is a token,
a Chinese term becomes a phrase of adjacent tokens, and one character is a term like any
other. Latin words and numbers (G01) stay whole tokens. User text never reaches FTS5's
query syntax: every term is quoted, so `"`, `*`, `AND` or `NEAR(` are searched as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# CJK ideographs (basic, extension A, compatibility): one token each.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
# What unicode61 keeps inside a token: letters and digits. Everything else separates.
_TERM = re.compile(r"[^\W_]+")
# A letter or digit that is not Chinese: Latin tokens end where one of these does not follow.
_LATIN_CHAR = f"[^\\W_{_HAN}]"


def segment(text: str) -> str:
    """The text as the index stores it: a space on each side of every Chinese character."""
    return _HAN_RUN.sub(lambda run: " " + " ".join(run.group()) + " ", text)


@dataclass(frozen=True)
class Query:
    """A user's search text, parsed once into the FTS5 expression and the snippet pattern."""

    text: str
    terms: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        terms = tuple(tuple(segment(word).split()) for word in _TERM.findall(text))
        return cls(text=text, terms=tuple(term for term in terms if term))

    @property
    def is_empty(self) -> bool:
        """True when the text has no letter or digit to search for (only punctuation)."""
        return not self.terms

    def match_expression(self) -> str:
        """The FTS5 MATCH expression: every term a quoted phrase, all terms required."""
        phrases = ('"' + " ".join(term).replace('"', '""') + '"' for term in self.terms)
        return " AND ".join(phrases)

    def pattern(self) -> re.Pattern[str]:
        """A regex finding what the index matched in the original text, for snippets.

        A phrase's tokens may stand apart in the text by anything that is not a token
        character (中越、中缅 matches 中越中缅), and Latin tokens match whole words only.
        """
        if self.is_empty:
            return re.compile(re.escape(self.text), re.IGNORECASE)
        alternatives = []
        for term in self.terms:
            gap = r"[\W_]*"
            body = gap.join(re.escape(token) for token in term)
            first, last = term[0], term[-1]
            before = "" if _HAN_RUN.fullmatch(first) else f"(?<!{_LATIN_CHAR})"
            after = "" if _HAN_RUN.fullmatch(last) else f"(?!{_LATIN_CHAR})"
            alternatives.append(before + body + after)
        # Longer alternatives first, so a term is never cut short by a shorter one.
        alternatives.sort(key=len, reverse=True)
        return re.compile("|".join(alternatives), re.IGNORECASE)


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
