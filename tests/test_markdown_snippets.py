"""Simple snippets (most quiz texts) skip the parser and the sanitizer: the same results.

markdown.simple_snippet_html makes the HTML of one-line texts of words, *emphasis*, **strong**
and `code` directly. Every text the strategies make is rendered both ways; where the shortcut
takes it, parse, HTML, inline HTML, block HTML and plain text must equal the parser's path.
"""

from __future__ import annotations

import dataclasses
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from courseforge import markdown
from courseforge.markdown import markdown_html, parse_markdown
from courseforge.markdown_parse import MarkdownScan, normalized_text
from courseforge.render import markdown_html as render
from courseforge.render.markdown_html import plain_text, render_block, render_inline

# Letters of several scripts, digits (Latin, Arabic-Indic), and characters Markdown, HTML or
# the shortcut's own pattern treat specially.
_LETTERS = st.sampled_from(list("aZqé") + ["ش", "日", "Ω", "٣", "5", "0", "ß"])
_SPECIAL = st.sampled_from(
    list("_*`'%/()-.,;?:!&<>\"\\#[]|~$=+ ") + ["\xa0", "\t", "\u0301", "،", "؛", "؟"]
)
_WORD = st.text(_LETTERS, min_size=1, max_size=6)
_PHRASE = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_SPAN = st.one_of(
    _PHRASE.map(lambda w: f"*{w}*"),
    _PHRASE.map(lambda w: f"**{w}**"),
    st.text(st.one_of(_LETTERS, st.sampled_from(list("_.-"))), min_size=1, max_size=6).map(
        lambda c: f"`{c}`"
    ),
)
_PIECE = st.one_of(_WORD, _WORD, _SPAN, _SPECIAL, st.sampled_from([" ", "(", ")", "."]))
_SNIPPETS = st.lists(_PIECE, min_size=1, max_size=10).map("".join)
# Mostly the shape quiz texts have: words and spans, one space apart, a full stop at the end.
_QUIZ_LIKE = st.builds(
    lambda first, rest, end: " ".join([first, *rest]) + end,
    _WORD,
    st.lists(st.one_of(_WORD, _SPAN), max_size=8),
    st.sampled_from(["", ".", "?", ")"]),
)


def _parser_path(function, text: str):
    """What `function` gives without the shortcut."""
    with (
        mock.patch.object(markdown, "simple_snippet_html", lambda _text: None),
        mock.patch.object(render, "simple_snippet_html", lambda _text: None),
    ):
        return function(text)


def _fields(parsed) -> tuple:
    return tuple(getattr(parsed, f.name) for f in dataclasses.fields(parsed))


def _check(text: str) -> bool:
    simple = markdown.simple_snippet_html(text)
    if simple is None:
        return False
    assert _fields(parse_markdown(text)) == _fields(MarkdownScan(normalized_text(text)).result())
    assert markdown_html(text) == f"<p>{simple}</p>\n" == _parser_path(markdown_html, text)
    for function in (render_inline, render_block, plain_text):
        assert function(text) == _parser_path(function, text), function.__name__
    return True


@settings(max_examples=1500, deadline=None)
@given(_SNIPPETS)
def test_any_text_the_shortcut_takes_renders_as_the_parser_renders_it(text):
    _check(text)


@settings(max_examples=500, deadline=None)
@given(_QUIZ_LIKE)
def test_quiz_like_texts_render_as_the_parser_renders_them(text):
    _check(text)


def test_quiz_texts_take_the_shortcut_and_others_do_not():
    taken = [
        "Backup audits *interface* permission schema alert evaluation gateway adapter.",
        "Contract deploys security `review_95` replication.",
        "Budget compares rollback optimizer **model** rollout span index version?",
        "Écrivez la réponse (en 5 mots) / 100%.",
        "ما هو الجواب؟",
    ]
    refused = ["1. first", "- item", "a_b_", "Line one\nline two", "x <b>y</b>", "a *b*c", "a "]
    assert all(_check(text) for text in taken)
    assert not any(markdown.simple_snippet_html(text) for text in refused)
