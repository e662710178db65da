"""Author Markdown → HTML that is safe to put in a learner page.

Links and images are rewritten on the parsed tokens (lesson files become in-course
navigation, assets point at their packaged copies), then the HTML goes through nh3 last,
so nothing executable written by an author survives whatever the rewriting did.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from copy import deepcopy
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import nh3
from markdown_it.token import Token

from courseforge.markdown import commonmark, parse_markdown

CONTENT_DIR = "content"  # where course assets are copied inside a package
NEW_TAB_NOTE = " (opens in a new tab)"

_attributes = deepcopy(nh3.ALLOWED_ATTRIBUTES)
_attributes["a"] |= {"target", "title"}
_attributes["img"] |= {"loading", "title"}
_sanitizer = nh3.Cleaner(
    attributes=_attributes,
    url_schemes={"http", "https", "mailto"},
    allowed_classes={"span": {"cf-vh"}},
    attribute_filter=lambda tag, attribute, value: (
        value if attribute != "target" or value == "_blank" else None
    ),
)
_text_only = nh3.Cleaner(tags=set())

PageLinker = Callable[[Path], str | None]  # a lesson file → its in-course href, or None


def sanitize(fragment: str) -> str:
    """Return the HTML fragment without scripts, event handlers or unsafe URLs."""
    return _sanitizer.clean(fragment)


def plain_text(markdown: str) -> str:
    """Return the text of an inline Markdown snippet, without markup (for data and labels)."""
    text = _text_only.clean(commonmark.renderInline(markdown))
    return " ".join(html.unescape(text).split())


def render_inline(markdown: str) -> str:
    """Render a one-paragraph Markdown snippet (a choice, an item) without its <p>."""
    return sanitize(commonmark.renderInline(markdown))


def render_block(markdown: str) -> str:
    """Render block Markdown with no file context (prompts, feedback, quiz intros)."""
    tokens = _shift_headings(parse_markdown(markdown))
    return sanitize(commonmark.renderer.render(tokens, commonmark.options, {}))


def render_lesson(markdown: str, source: Path, course_root: Path, link_to_page: PageLinker) -> str:
    """Render a lesson body: headings below the page's h1, links and assets made packaged.

    Args:
        markdown: the lesson body.
        source: the lesson file, to resolve relative links and images from.
        course_root: the course folder; assets are packaged under content/ by their path in it.
        link_to_page: returns the in-course href of a lesson file, or None if it is not one.
    """
    rewritten = []
    for token in _shift_headings(parse_markdown(markdown)):
        if token.children:
            children = _rewrite_links(token.children, source, course_root.resolve(), link_to_page)
            token = token.copy(children=children)
        rewritten.append(token)
    return sanitize(commonmark.renderer.render(rewritten, commonmark.options, {}))


def _shift_headings(tokens: Sequence[Token]) -> list[Token]:
    """Move author headings down so the page title stays the only h1."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = max(0, 2 - min(levels, default=2))
    if not shift:
        return list(tokens)
    return [
        t.copy(tag=f"h{min(int(t.tag[1]) + shift, 6)}")
        if t.type in ("heading_open", "heading_close")
        else t
        for t in tokens
    ]


def _rewrite_links(
    children: Sequence[Token], source: Path, root: Path, link_to_page: PageLinker
) -> list[Token]:
    rewritten: list[Token] = []
    opens_new_tab = []  # a stack: one entry per open link, whether it gets the new-tab note
    for child in children:
        if child.type == "image":
            src = _packaged_path(str(child.attrs.get("src", "")), source, root)
            attrs = dict(child.attrs, loading="lazy")
            if src is not None:
                attrs["src"] = src
            child = child.copy(attrs=attrs)
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            attrs = dict(child.attrs)
            local = _local_file(href, source)
            if local is not None and local.suffix == ".md":
                attrs["href"] = link_to_page(local) or href
            elif local is not None:
                attrs["href"] = _packaged_path(href, source, root) or href
            elif urlsplit(href).scheme in ("http", "https"):
                attrs["target"] = "_blank"  # never navigate the LMS frame away from the course
            opens_new_tab.append(attrs.get("target") == "_blank")
            child = child.copy(attrs=attrs)
        elif child.type == "link_close" and opens_new_tab.pop():
            note = Token("html_inline", "", 0, content=f'<span class="cf-vh">{NEW_TAB_NOTE}</span>')
            rewritten.append(note)
        rewritten.append(child)
    return rewritten


def _local_file(ref: str, source: Path) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return source.parent / unquote(parts.path)


def _packaged_path(ref: str, source: Path, root: Path) -> str | None:
    local = _local_file(ref, source)
    if local is None:
        return None
    resolved = local.resolve()
    if not resolved.is_relative_to(root):
        return None
    return quote(str(PurePosixPath(CONTENT_DIR, resolved.relative_to(root).as_posix())))
