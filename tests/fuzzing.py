"""Generated queries and what makes an answer to one clean: shared by tests/test_fuzz.py and bench/fuzz.py.

hypothesis-graphql builds queries from our SDL, valid ones and ones with exactly one mistake. A
clean answer is JSON with a status below 500 whose errors all carry a client-side code and
leak nothing of the server.
"""

from __future__ import annotations

from typing import Any

from graphql import build_schema
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from schema.root import sdl

SCHEMA = build_schema(sdl())
#: How the generator writes values of our custom scalars.
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "Date": st.dates().map(lambda day: nodes.String(day.isoformat())),
    "DateTime": st.datetimes().map(lambda moment: nodes.String(moment.isoformat())),
}
CLIENT_CODES = {
    "BAD_USER_INPUT",
    "GRAPHQL_VALIDATION_FAILED",
    "GRAPHQL_PARSE_FAILED",
    "QUERY_TOO_COMPLEX",
}
LEAKS = ("Traceback", 'File "', "sqlite", "Error:", "Exception", "no such column", "/work/")


def problems(status: int, body: Any) -> list[str]:
    """What is wrong with an answer; empty for a clean one."""
    if status >= 500:
        return [f"status {status}"]
    if not isinstance(body, dict):
        return ["not a JSON object"]
    found = []
    for error in body.get("errors", []):
        code = error.get("extensions", {}).get("code")
        if code not in CLIENT_CODES:
            found.append(f"code {code}: {error.get('message')}")
        if any(leak in error.get("message", "") for leak in LEAKS):
            found.append(f"leak: {error['message']}")
    return found
