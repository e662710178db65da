"""Code highlighted on the parser's HTML as text gives the learner pages the tree's HTML.

When code is the only block with work (no raw HTML, no media, no glossary), finish_blocks
highlights it without parsing the fragment into an lxml tree. The fragment then differs from
the tree's serialization (lxml writes `<hr>` for `<hr />`), but every learner page gets it
through the sanitizer: that output is compared, for thousands of generated lessons, with
running every block on the tree, as the build did before.
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

# Text that Markdown, HTML and the code lexers treat specially, entities, other scripts, and
# characters a tree parser may refuse (controls, non-characters).
_CHARS = st.sampled_from(
    [
        *"aZ09 _*`#&;<>\"'=\\/-.:()[]{}!|~\t",
        "&amp;",
        "&lt;",
        "&quot;",
        "&nbsp;",
        "&#10;",
        "é",
        "ش",
        "日",
        "😀",
        "\xa0",
        "\x01",
        "\x0c",
        "\x85",
        "\ufffe",
        "\u2028",
    ]
)
_WORDS = st.lists(_CHARS, min_size=1, max_size=10).map("".join)
_LANGUAGES = st.one_of(
    st.sampled_from(["python", "js", "bash", "json", "html", "c++", "PY", "nolang", "yaml", ""]),
    _WORDS.map(lambda w: w.replace("`", "").replace(" ", "").replace("~", "")),
)


_CODE = fenced_code(_LANGUAGES, _WORDS)
_BLOCK = st.one_of(
    *prose_blocks(_WORDS, "|:--|--:|"),
    _WORDS.map(lambda w: f"Term {w}\n: its definition\n"),
    _WORDS.map(lambda w: f"~~gone {w}~~ and **strong {w}**\n"),
    _WORDS.map(lambda w: f"    indented {w}\n"),
    st.sampled_from(
        ["-\n", "- \n-\n", "1.\n", "- -\n", "* - +\n", "#\n", ">\n", "| |\n|-|\n| |\n"]
    ),
    st.sampled_from(["Term\n: \n", "Term\n:\n", "- a\n\n  -\n", "- [ ] task\n", "***\n"]),
    st.just("---\n"),
    st.just("\n\n\n"),
    _CODE,
    _CODE,
    _CODE.map(in_list_item),
    _CODE.map(lambda code: "> " + code.replace("\n", "\n> ").rstrip() + "\n"),
)
# Any text of Markdown's special characters (empty items, nested markers, lazy lines…): the
# shapes no block list thinks of, with a fenced block before, after or inside it.
_ODD = st.text(alphabet=st.sampled_from(list("-*+>#|:~`1. \n\t[]()!_\\a<&")), max_size=40)
_ODD_DOCUMENTS = st.builds(
    lambda before, code, after, indent: before + "\n" + code.replace("\n", "\n" + indent) + after,
    _ODD,
    _CODE,
    _ODD,
    st.sampled_from(["", "  ", "   ", "> ", "- ", "1. "]),
)
_DOCUMENTS = st.one_of(st.lists(_BLOCK, min_size=1, max_size=6).map("".join), _ODD_DOCUMENTS)


def _on_the_tree(fragment: str, context: BlockContext) -> str:
    """What the build made before: every block, on a tree."""
    return sanitize(finish_blocks(fragment, context, raw_html=True))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS)
def test_lessons_render_as_on_the_tree(text):
    parsed = parse_markdown(text)
    fragment = markdown_html(text)
    context = BlockContext("page")
    finished = finish_blocks(fragment, context, raw_html=parsed.raw_html)
    assert sanitize(finished) == _on_the_tree(fragment, context)


def test_code_alone_is_highlighted_without_a_tree():
    text = "Run:\n\n```python\nif a < b and c == 'd':\n    print(\"&\")\n```\n\n---\n"
    fragment = markdown_html(text)
    with mock.patch.object(blocks, "_finish_in_tree", side_effect=AssertionError("a tree")):
        finished = finish_blocks(fragment, BlockContext("page"), raw_html=False)
    assert '<pre class="cf-code" tabindex="0"><code class="language-python">' in finished
    assert '<span class="cf-tok-keyword">if</span>' in finished
    assert sanitize(finished) == _on_the_tree(fragment, BlockContext("page"))


def test_another_block_or_a_control_character_takes_the_tree():
    with_math = "```python\nx = 1\n```\n\nAnd $x^2$.\n"
    with_control = "```python\nx = '\x01'\n```\n"
    for text in (with_math, with_control):
        fragment = markdown_html(text)
        with mock.patch.object(blocks, "_finish_in_tree", return_value="tree") as tree:
            assert finish_blocks(fragment, BlockContext("page"), raw_html=False) == "tree"
        tree.assert_called_once()
