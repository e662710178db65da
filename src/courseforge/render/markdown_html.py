"""Author Markdown → HTML that is safe to put in a learner page.

Markdown links and images are rewritten as the HTML is made (lesson files become in-course
navigation, assets point at their packaged copies; an author's raw HTML is left alone), then
the HTML goes through nh3 last, so nothing executable written by an author survives whatever
the rewriting did.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import nh3

from courseforge.markdown import MarkdownLink, inline_html, markdown_html, parse_markdown
from courseforge.model.course import is_page_file

CONTENT_DIR = "content"  # where course assets are copied inside a package
NEW_TAB_NOTE = " (opens in a new tab)"
_NEW_TAB_NOTE_HTML = f'<span class="cf-vh">{NEW_TAB_NOTE}</span>'  # inside the link, at its end

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
    text = _text_only.clean(inline_html(markdown))
    return " ".join(html.unescape(text).split())


def render_inline(markdown: str) -> str:
    """Render a one-paragraph Markdown snippet (a choice, an item) without its <p>."""
    return sanitize(inline_html(markdown))


def render_block(markdown: str) -> str:
    """Render block Markdown with no file context (prompts, feedback, quiz intros)."""
    return sanitize(markdown_html(markdown, heading_shift=_heading_shift(markdown)))


def render_lesson(
    markdown: str,
    source: Path,
    course_root: Path,
    link_to_page: PageLinker,
    *,
    resolve: Callable[[Path], Path] = Path.resolve,
) -> str:
    """Render a lesson body: headings below the page's h1, links and assets made packaged.

    Args:
        markdown: the lesson body.
        source: the lesson file, to resolve relative links and images from.
        course_root: the course folder; assets are packaged under content/ by their path in it.
        link_to_page: returns the in-course href of a page file, or None if it is not one.
        resolve: Path.resolve, or a cached one shared by every lesson of a course.
    """
    root = resolve(course_root)

    def rewrite(link: MarkdownLink) -> tuple[dict[str, str], str]:
        attrs = link.attrs()
        if link.kind == "image":
            src = _packaged_path(link.url, source, root, resolve)
            attrs["loading"] = "lazy"
            if src is not None:
                attrs["src"] = src
            return attrs, ""
        href = link.url
        local = _local_file(href, source)
        if local is not None and is_page_file(local):
            attrs["href"] = link_to_page(local) or href
        elif local is not None:
            attrs["href"] = _packaged_path(href, source, root, resolve) or href
        elif urlsplit(href).scheme in ("http", "https"):
            attrs["target"] = "_blank"  # never navigate the LMS frame away from the course
        return attrs, _NEW_TAB_NOTE_HTML if attrs.get("target") == "_blank" else ""

    heading_shift = _heading_shift(markdown)
    return sanitize(markdown_html(markdown, heading_shift=heading_shift, rewrite=rewrite))


def _heading_shift(markdown: str) -> int:
    """Return how far author headings move down so the page title stays the only h1."""
    return max(0, 2 - (parse_markdown(markdown).min_heading_level or 2))


def _local_file(ref: str, source: Path) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return source.parent / unquote(parts.path)


def _packaged_path(
    ref: str, source: Path, root: Path, resolve: Callable[[Path], Path]
) -> str | None:
    local = _local_file(ref, source)
    if local is None:
        return None
    resolved = resolve(local)
    if not resolved.is_relative_to(root):
        return None
    return quote(str(PurePosixPath(CONTENT_DIR, resolved.relative_to(root).as_posix())))
