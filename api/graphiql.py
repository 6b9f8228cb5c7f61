"""The GraphiQL playground page, served with every script and style from this app.

Strawberry's built-in page loads its files from a public CDN and stays on "Loading…"
offline or behind a firewall; this page uses the vendored copies in api/static/graphiql
(see scripts/vendor_graphiql.py) and opens with the example queries in api/examples.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
EXAMPLES_DIR = Path(__file__).parent / "examples"
TEMPLATE = STATIC_DIR / "graphiql" / "page.html"


@dataclass(frozen=True)
class Example:
    title: str
    query: str

    @classmethod
    def read(cls, path: Path) -> Example:
        """An example file: a `# title` comment line, then the query."""
        text = path.read_text(encoding="utf-8")
        first_line = text.splitlines()[0]
        return cls(title=first_line.lstrip("# ").strip(), query=text)


def examples() -> list[Example]:
    return [Example.read(path) for path in sorted(EXAMPLES_DIR.glob("*.graphql"))]


def _script_json(value: object) -> str:
    """JSON safe inside <script>: a query containing </script> cannot close the tag."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


#: A line of the template that is only a `//` comment: the template's notes for us, not for its readers.
_COMMENT_LINE = re.compile(r"^[ \t]*//.*\n", re.MULTILINE)


def render_page(*, endpoint: str, static_prefix: str) -> str:
    """The page with {{static}} (URL prefix of the vendored files), {{endpoint}} (a plain path) and
    {{examples}} (JSON list of {"title", "query"}) filled in, without the template's comments."""
    shown = examples()
    return (
        _COMMENT_LINE.sub("", TEMPLATE.read_text(encoding="utf-8"))
        .replace("{{static}}", static_prefix)
        .replace("{{endpoint}}", endpoint)
        .replace("{{examples}}", _script_json([{"title": e.title, "query": e.query} for e in shown]))
    )
