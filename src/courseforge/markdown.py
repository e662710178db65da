"""One CommonMark parser for the whole build: pulldown-cmark (Rust, through pyromark).

Each text is parsed once into a small `ParsedMarkdown`: its links and images with their lines,
and the steps that finish the parser's HTML. The parser's events are not kept.

The HTML is the one markdown-it-py made before this parser replaced it (benchmarks/RESULTS.md):
markdown-it's URL normalization and unsafe-scheme rule, its table and code-block line breaks,
its image alt text. The events tell which tags of the HTML are Markdown's own and which are an
author's raw HTML, so only Markdown links, images and headings are ever rewritten.
markdown_parse.py reads the events; markdown_urls.py normalizes link destinations.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Any

from courseforge.markdown_parse import (
    FINISHED_TAGS,
    PARSER,
    MarkdownLink,
    MarkdownMath,
    MarkdownScan,
    ParsedMarkdown,
    normalized_text,
)

__all__ = [
    "LinkRewrite",
    "MarkdownLink",
    "MarkdownMath",
    "ParsedMarkdown",
    "inline_html",
    "markdown_html",
    "parse_markdown",
    "shared_markdown_parses",
    "simple_snippet_html",
]

LinkRewrite = Callable[[MarkdownLink], tuple[dict[str, str], str]]
"""Returns a link's or image's attributes, and HTML to put just before a link's </a>."""


# Parsed texts shared within one build (see shared_markdown_parses); None outside a build.
_shared_parses: ContextVar[dict[str, ParsedMarkdown] | None] = ContextVar(
    "courseforge_shared_markdown_parses", default=None
)


@contextmanager
def shared_markdown_parses(memo: dict[str, ParsedMarkdown] | None = None) -> Iterator[None]:
    """Parse each Markdown text once inside the block: the loader and the renderer share it.

    Scoped to the block and to the calling thread's context, so no other thread sees the memo
    change under it; a fresh memo unless the caller keeps one between builds (the preview's
    `BuildCache`).
    """
    token = _shared_parses.set({} if memo is None else memo)
    try:
        yield
    finally:
        _shared_parses.reset(token)


def parse_markdown(text: str) -> ParsedMarkdown:
    """Parse a Markdown text (once per text inside `shared_markdown_parses`)."""
    memo = _shared_parses.get()
    if memo is None:
        return _parse(text)
    parsed = memo.get(text)
    if parsed is None:
        parsed = memo[text] = _parse(text)
    return parsed


def _parse(text: str) -> ParsedMarkdown:
    if simple_snippet_html(text) is None:
        return MarkdownScan(normalized_text(text)).result()
    return ParsedMarkdown(  # what MarkdownScan finds in such a snippet, without the parser's events
        text=text,
        links=(),
        top_blocks=("Paragraph",),
        top_paragraph_span=(0, len(text.encode())),
        min_heading_level=None,
        steps=(),
        depth=2 if "*" in text else 1,  # the paragraph, and emphasis inside it
    )


# A one-line snippet of words, plain punctuation, *emphasis*, **strong** and `code`, as most
# quiz texts are. Every span stands between a space, "(" or the start and a space, one of
# .,;?) or the end, so each * opens or closes and nothing else in the text is Markdown or HTML
# (plain punctuation includes the Arabic comma, semicolon and question mark).
_WORDS = r"[^\W_]+(?: [^\W_]+)*"
_SPAN = rf"(?:\*\*{_WORDS}\*\*|\*{_WORDS}\*|`[\w.-]+`)(?=[ .,;?)]|\Z)"
# A letter or a punctuation mark is tried before a span: which one a character can start never
# overlaps (a span starts with * or `), so the order changes the speed only.
_SIMPLE_SNIPPET = re.compile(rf"(?:{_SPAN}|[^\W\d_])(?:[^\W_]|[ ,.;?'()/%،؛؟-]|(?<=[ (]){_SPAN})*")
_SPAN_PARTS = re.compile(rf"\*\*({_WORDS})\*\*|\*({_WORDS})\*|`([\w.-]+)`")


@lru_cache(maxsize=4096)  # a quiz text is asked for its HTML, its plain text and its parse
def simple_snippet_html(text: str) -> str | None:
    """Return the inline HTML of a simple one-line snippet (see _SIMPLE_SNIPPET), made without
    the parser: what it would make, inside its <p> (tests/test_markdown_snippets.py), or None
    for any other text."""
    # A line break is in no class of the pattern: a lesson body fails here, not after its first line.
    if "\n" in text or text.endswith(" ") or _SIMPLE_SNIPPET.fullmatch(text) is None:
        return None
    return _SPAN_PARTS.sub(_span_html, text)


def _span_html(match: re.Match[str]) -> str:
    strong, emphasis, code = match.groups()
    if strong is not None:
        return f"<strong>{strong}</strong>"
    if emphasis is not None:
        return f"<em>{emphasis}</em>"
    return f"<code>{code}</code>"


def markdown_html(text: str, *, heading_shift: int = 0, rewrite: LinkRewrite | None = None) -> str:
    """Render Markdown to HTML (not sanitized: raw HTML passes through, as CommonMark says).

    Args:
        text: the Markdown.
        heading_shift: levels to add to every Markdown heading (at most h6).
        rewrite: gives each link's and image's attributes (default: markdown-it's).
    """
    parsed = parse_markdown(text)
    source = PARSER.html(parsed.text)
    out: list[str] = []
    closing: list[str] = []  # per open link, the HTML its </a> gets before it
    pos: int | None = 0  # None while skipping a link shown as its source text
    for match, step in zip(FINISHED_TAGS.finditer(source), parsed.steps, strict=True):
        if step is None:
            continue
        kind = step[0]
        if pos is None and kind not in ("link_end", "literal_end"):
            continue
        start = match.start()
        end = source.index(">", match.end()) + 1
        if kind == "newline_after":
            out += [source[pos:end], "\n"]
            pos = end + 1 if source.startswith("\n", end) else end
        elif kind == "drop":
            out.append(source[pos:start])
            pos = end + 1 if source.startswith("\n", end) else end
        elif kind == "heading":
            _, level, slash = step
            out += [source[pos:start], f"<{slash}h{min(level + heading_shift, 6)}>"]
            pos = end
        elif kind == "link":
            link: MarkdownLink = step[1]
            attrs, before_close = rewrite(link) if rewrite else (link.attrs(), "")
            out += [source[pos:start], "<a", _attributes(attrs), ">"]
            closing.append(before_close)
            if link.autolink_text is not None:  # markdown-it showed the address decoded
                out.append(html.escape(link.autolink_text, quote=False))
                pos = None
            else:
                pos = end
        elif kind == "link_end":
            out += [source[start if pos is None else pos : start], closing.pop(), "</a>"]
            pos = end
        elif kind == "literal_end":  # the end of a link shown as its source text
            pos = end
        elif kind == "image":
            attrs = rewrite(step[1])[0] if rewrite else step[1].attrs()
            out += [source[pos:start], "<img", _attributes(attrs), " />"]
            pos = end
        elif kind == "literal":  # an unsafe link or image: markdown-it showed its source text
            out += [source[pos:start], html.escape(step[1], quote=False)]
            pos = None if step[2] else end
        elif kind == "code_start":  # markdown-it puts no line break between text and <pre>
            out.append(source[pos : start - 1 if start and source[start - 1] == "\n" else start])
            pos = start
        elif kind == "code_end":  # markdown-it ends an indented code block with a line break
            out += [source[pos : start - len("</code>")], "\n"]
            pos = start - len("</code>")
    out.append(source[pos:])
    return "".join(out)


def inline_html(text: str) -> str:
    """Render a Markdown snippet as inline content only (markdown-it's renderInline)."""
    parsed = parse_markdown(text)
    if parsed.whole_paragraph:
        rendered = markdown_html(text)
        return rendered[len("<p>") : -len("</p>\n")]
    return _markdown_it_inline(parsed.text)


def _markdown_it_inline(text: str) -> str:
    """Render with markdown-it-py's inline-only parser: a snippet that is not one paragraph
    (a list marker, a heading mark, blank lines) keeps its characters as text, as it always did."""
    return _markdown_it().renderInline(text)


@cache
def _markdown_it() -> Any:
    from markdown_it import MarkdownIt  # late: only such rare snippets need it

    return MarkdownIt("commonmark", {"html": True})


def _attributes(attrs: dict[str, str]) -> str:
    return "".join(f' {name}="{html.escape(value)}"' for name, value in attrs.items())
