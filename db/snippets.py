"""What a search hit shows of its text: an HTML snippet with the matches marked."""

from __future__ import annotations

import html

from db.fts import Query


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
