"""What search matches, by brute force: the documented rule applied to every document's text.

A document matches when every word of the search text occurs in it. A word is a run of letters
and digits; its Chinese characters must stand in the document in the same order with nothing
but punctuation or spaces between them, and its other letters and digits must be whole words,
in any case and with or without accents. The index is never consulted: each document becomes
its list of tokens, and a word matches where its tokens are a run of that list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(r"[^\W_]+")
#: A token: one Chinese character, or a run of other letters and digits.
TOKEN = re.compile(f"[{HAN}]|[^\\W_{HAN}]+")
#: Runs of characters that may carry accents (neither ASCII nor Chinese).
ACCENTED = re.compile(f"[^\\x00-\\x7f{HAN}]+")
#: Joins tokens: no token contains it, so a word's tokens joined by it are a run iff a substring.
JOIN = "\x00"


def unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def joined(text: str) -> str:
    """The text's tokens, lower case and without accents (é and É are e), each between two JOINs."""
    return ACCENTED.sub(lambda run: unaccented(run.group()), JOIN + JOIN.join(TOKEN.findall(text)).lower() + JOIN)


def needles(text: str, *, prefix: bool = False) -> list[str]:
    """One substring per word of the search text that a matching document's joined tokens contain."""
    found = [joined(word) for word in WORD.findall(text)]
    if prefix and found and not re.search(f"[{HAN}]$", WORD.findall(text)[-1]):
        found[-1] = found[-1].removesuffix(JOIN)  # the last Latin word may continue
    return found


class Oracle:
    """Documents by id, each as its joined tokens; `matches` scans every one of them."""

    def __init__(self, bodies: Iterable[tuple[int, str]]) -> None:
        self.documents = {number: joined(body) for number, body in bodies}

    def matches(self, text: str, *, prefix: bool = False) -> list[int]:
        """Ids of the documents `text` matches, ascending."""
        wanted = needles(text, prefix=prefix)
        return sorted(number for number, doc in self.documents.items() if all(n in doc for n in wanted))
