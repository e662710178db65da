"""One CommonMark parser for the whole build; each lesson body is parsed once."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

commonmark = MarkdownIt("commonmark", {"html": True}).enable("table")


@cache
def parse_markdown(text: str) -> tuple[Token, ...]:
    """Return the block tokens of a Markdown text (shared: never mutate them)."""
    return tuple(commonmark.parse(text))
