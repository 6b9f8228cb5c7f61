"""The source article as the facts cite it: its non-empty lines, numbered from 1."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from seeds.errors import SeedError

ARTICLE_PATH = Path(__file__).parent / "000_b888b7dc651c1069.txt"


@dataclass(frozen=True)
class ArticleText:
    """The article's text and its paragraphs; paragraph n is `paragraphs[n - 1]`."""

    text: str
    paragraphs: tuple[str, ...]

    @classmethod
    def read(cls, path: Path = ARTICLE_PATH) -> ArticleText:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SeedError(path, None, "article not found") from None
        except UnicodeDecodeError as error:
            raise SeedError(path, None, f"article is not UTF-8: {error}") from None
        return cls(text=text, paragraphs=tuple(line for line in text.split("\n") if line))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def paragraph(self, number: int) -> str | None:
        """Paragraph `number` (1-based), or None when the article has no such paragraph."""
        return self.paragraphs[number - 1] if 1 <= number <= len(self.paragraphs) else None

    def find(self, quote: str) -> list[tuple[int, int, int]]:
        """Every (paragraph, start, end) where `quote` stands, to tell a curator where it is."""
        found = []
        for number, text in enumerate(self.paragraphs, 1):
            start = text.find(quote)
            while start >= 0:
                found.append((number, start, start + len(quote)))
                start = text.find(quote, start + 1)
        return found
