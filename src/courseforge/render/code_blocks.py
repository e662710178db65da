"""Code blocks: each fenced block's code as the few classes courseforge.css colours.

Pygments splits the code into runs of one kind (keyword, string…); the block becomes
`<pre class="cf-code"><code>` with a span per run, on the fragment's lxml tree (code_blocks,
one of blocks.BLOCKS) or, when code is a lesson's only block with work, on the parser's HTML as
text (code_blocks_in_text).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import lxml.html
from lxml.html import HtmlElement

if TYPE_CHECKING:
    from courseforge.render.blocks import BlockContext

# Pygments token types → the few classes courseforge.css colours (light and dark, WCAG AA).
CODE_CLASSES = ("comment", "keyword", "string", "number", "name", "operator")


CodeRuns = tuple[tuple[str | None, str], ...]  # (class or None, text): one span per run


def highlight(code: str, language: str) -> str | None:
    """Return code as HTML spans, or None when Pygments knows no such language."""
    runs = highlighted_runs(code, language)
    return None if runs is None else _runs_html(runs)


def _runs_html(runs: CodeRuns) -> str:
    return "".join(
        f'<span class="cf-tok-{kind}">{html.escape(text, quote=False)}</span>'
        if kind
        else html.escape(text, quote=False)
        for kind, text in runs
    )


@lru_cache(maxsize=512)
def highlighted_runs(code: str, language: str) -> CodeRuns | None:
    """Return code as runs of one CODE_CLASSES kind each, or None for an unknown language."""
    from pygments import lex

    lexer = _lexer(language.lower())
    if lexer is None:
        return None
    runs: list[tuple[str | None, str]] = []  # neighbouring tokens of one kind make one span
    for token, value in lex(code, lexer):
        kind = _token_kind(token)
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + value)
        elif value:
            runs.append((kind, value))
    return tuple(runs)


@lru_cache(maxsize=64)
def _lexer(language: str):
    """Return Pygments' lexer for a language name, or None; looked up once per name, as the
    lookup scans every lexer Pygments has and cost half of highlighting (RESULTS.md)."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=4096)
def _token_kind(token) -> str | None:
    """Return the CODE_CLASSES kind of a Pygments token type (a few hundred types exist)."""
    return next((name for parent, name in _token_kinds() if token in parent), None)


@lru_cache(maxsize=1)
def _token_kinds() -> tuple:
    from pygments.token import Comment, Keyword, Name, Number, Operator, String

    return (
        (Comment, "comment"),
        (Keyword, "keyword"),
        (String, "string"),
        (Number, "number"),
        (Name.Builtin, "name"),
        (Name.Function, "name"),
        (Name.Class, "name"),
        (Name.Tag, "keyword"),
        (Name.Attribute, "name"),
        (Operator.Word, "keyword"),
    )


def _code_element(language: str, runs: CodeRuns) -> HtmlElement:
    """Return <code> holding the runs as spans, built directly (parsing their HTML cost more)."""
    code = lxml.html.Element("code", {"class": f"language-{id_part(language)}"})
    try:
        last = None
        for kind, text in runs:
            if kind:
                last = lxml.html.Element("span", {"class": f"cf-tok-{kind}"})
                last.text = text
                code.append(last)
            elif last is None:
                code.text = (code.text or "") + text
            else:
                last.tail = (last.tail or "") + text
    except ValueError:  # a character lxml refuses in a tree (a control code): parse, as before
        markup = f'<code class="language-{id_part(language)}">{_runs_html(runs)}</code>'
        return lxml.html.fragment_fromstring(markup)
    return code


def code_blocks(root: HtmlElement, _context: BlockContext) -> None:
    """Highlight each fenced code block whose language Pygments knows."""
    for code in root.xpath("//pre/code[starts-with(@class, 'language-')]"):
        language = code.get("class").removeprefix("language-")
        runs = highlighted_runs(code.text_content(), language)
        if runs is None:
            continue
        pre = code.getparent()
        pre.set("class", "cf-code")
        pre.set("tabindex", "0")  # a wide block scrolls: the keyboard must reach it
        replacement = _code_element(language, runs)
        replacement.tail = code.tail
        pre.replace(code, replacement)


# The parser's own fenced code block (its text escaped, so no tag inside).
_FENCED_CODE = re.compile(r'<pre><code class="language-([^"]*)">([^<]*)</code></pre>')
# What the tree does not give back as it was: characters libxml2 may drop or refuse (controls,
# XML's non-characters), and an empty list item, which lxml writes without its end tag (the
# sanitizer then moves the next line break into it). Such a fragment takes the tree.
# (Each looked for alone: a few fast scans of the text cost less than one regex pass.)
_NOT_IN_TREES = tuple(
    map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF))
)


def code_blocks_in_text(fragment: str) -> str | None:
    """Return the fragment with its code highlighted as code_blocks would, without parsing it
    into a tree (a parse and a serialization cost most of a lesson's finishing), or None if it
    may hold something only the tree handles. Used when code is the only block with work and
    the HTML is all the parser's: what the sanitizer then makes of it is the tree's, byte for
    byte (tests/render/test_code_blocks_in_text.py)."""
    if "<li></li>" in fragment or any(char in fragment for char in _NOT_IN_TREES):
        return None

    def highlighted(match: re.Match[str]) -> str:
        language = html.unescape(match.group(1))
        runs = highlighted_runs(html.unescape(match.group(2)), language)
        if runs is None:
            return match.group()
        return (
            f'<pre class="cf-code" tabindex="0"><code class="language-{id_part(language)}">'
            f"{_runs_html(runs)}</code></pre>"
        )

    return _FENCED_CODE.sub(highlighted, fragment)


def id_part(text: str) -> str:
    """Return text as it may stand in an id or a class name (other characters as _hex)."""
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}", text)
