"""Hypothesis strategies for generated Markdown, shared by the tests that render it two ways."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy


def _code_block(language: str, lines: list[str], fence: str) -> str:
    return f"{fence}{language}\n" + "\n".join(lines) + f"\n{fence}\n"


def fenced_code(languages: SearchStrategy[str], words: SearchStrategy[str]) -> SearchStrategy[str]:
    """A fenced code block (``` or ~~~) in one of `languages`, of up to four lines of `words`."""
    return st.builds(
        _code_block,
        languages,
        st.lists(words, min_size=0, max_size=4),
        st.sampled_from(["```", "~~~"]),
    )


def in_list_item(code: str) -> str:
    """A fenced block inside a list item (indented under it)."""
    return "- item\n\n  " + code.replace("\n", "\n  ").rstrip() + "\n"


def prose_blocks(words: SearchStrategy[str], table_rule: str) -> list[SearchStrategy[str]]:
    """The everyday blocks: a paragraph with inline marks, a heading, both kinds of list, a
    quote, a one-row table under `table_rule`, links with a hard break, an image."""
    lists = st.lists(words, min_size=1, max_size=3)
    return [
        words.map(lambda w: f"Some {w} text with `code` and *stress* here.\n"),
        words.map(lambda w: f"## A {w} heading\n"),
        lists.map(lambda ws: "".join(f"- {w}\n" for w in ws)),
        lists.map(lambda ws: "".join(f"1. {w}\n" for w in ws)),
        words.map(lambda w: f"> quoted {w}\n"),
        words.map(lambda w: f"| a | b |\n{table_rule}\n| {w} | x |\n"),
        words.map(
            lambda w: f"[a link](other.md) and [{w}](https://example.org/{w}) line  \nbreak\n"
        ),
        words.map(lambda w: f"![an image {w}](pic.png)\n"),
    ]
