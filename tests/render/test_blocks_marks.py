"""Skipping the rich blocks whose mark is absent gives the learner pages the same HTML.

For Markdown without raw HTML, finish_blocks runs only the blocks whose mark is in the parser's
HTML (every tag and attribute there is the parser's own). Each case is compared with running
every block, as the build did before, after the sanitizer every learner page's HTML goes
through (code alone is finished without a tree: test_code_blocks_in_text.py).
"""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.render.generated_markdown import fenced_code, in_list_item, prose_blocks

from courseforge.markdown import markdown_html, parse_markdown
from courseforge.render import blocks
from courseforge.render.blocks import BlockContext, finish_blocks
from courseforge.render.markdown_html import sanitize

# Text that Markdown, HTML and the code lexers all treat specially, and other scripts.
_CHARS = st.sampled_from(
    list("aZ09 _*`#&<>\"'=\\/-.:;()[]{}!|~$\t") + ["é", "ش", "日", "😀", "\xa0"]
)
_WORDS = st.text(_CHARS, min_size=1, max_size=12)
_LANGUAGES = st.sampled_from(
    ["python", "js", "bash", "json", "html", "c++", "PY", "nolang", "yaml"]
)


_CODE = fenced_code(_LANGUAGES, _WORDS)
_BLOCK = st.one_of(
    *prose_blocks(_WORDS, "|---|---|"),
    st.just("---\n"),
    _CODE,
    _CODE.map(in_list_item),
)
_DOCUMENTS = st.lists(_BLOCK, min_size=1, max_size=6).map("\n".join)


def _every_block(fragment: str, context: BlockContext) -> str:
    """What the build made before: every block, on a tree, once any mark shows."""
    return finish_blocks(fragment, context, raw_html=True)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS)
def test_markdown_renders_as_with_every_block(text):
    # The generated words can hold raw HTML ("<a>"): then the build runs every block anyway.
    parsed = parse_markdown(text)
    fragment = markdown_html(text)
    for context in (BlockContext("page"), BlockContext(None)):
        finished = finish_blocks(fragment, context, raw_html=parsed.raw_html)
        assert sanitize(finished) == sanitize(_every_block(fragment, context))


def test_raw_html_runs_every_block():
    text = '```python\nx = 1\n```\n\n<span class="math&#32;math-inline">x^2</span>\n'
    parsed = parse_markdown(text)
    assert parsed.raw_html
    fragment = markdown_html(text)
    rendered = finish_blocks(fragment, BlockContext("page"), raw_html=parsed.raw_html)
    assert "<math" in rendered  # the entity hid the math mark: every block still ran


def test_blocks_without_their_mark_are_not_run():
    fragment = markdown_html("Run it:\n\n```python\nprint(1)\n```\n")
    ran = []
    marked = [
        (lambda name: lambda root, context: ran.append(name))(finish.__name__)
        for finish in blocks.BLOCKS
    ]
    with mock.patch.object(blocks, "BLOCKS", tuple(marked)):
        finish_blocks(fragment, BlockContext("page"), raw_html=False)
        assert ran == ["media_players", "code_blocks", "glossary_terms"]
        ran.clear()
        finish_blocks(fragment, BlockContext("page"), raw_html=True)
        assert len(ran) == len(marked)


def test_a_video_host_in_capitals_still_gets_its_placeholder():
    text = "```python\nx = 1\n```\n\n![Talk](https://YOUTU.BE/dQw4w9WgXcQ)\n"
    rendered = finish_blocks(markdown_html(text), BlockContext("page"), raw_html=False)
    assert "cf-embed" in rendered
