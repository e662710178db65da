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
