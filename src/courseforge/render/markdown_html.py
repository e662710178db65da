"""Author Markdown → HTML that is safe to put in a learner page.

Markdown links and images are rewritten as the HTML is made (lesson files become in-course
navigation, assets point at their packaged copies; an author's raw HTML is left alone), then
the HTML goes through nh3 last, so nothing executable written by an author survives whatever
the rewriting did.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import nh3

from courseforge.i18n import SOURCE_LANGUAGE, Messages, messages_for
from courseforge.i18n.numbers import localized_size
from courseforge.markdown import (
    MarkdownLink,
    inline_html,
    markdown_html,
    parse_markdown,
    simple_snippet_html,
)
from courseforge.model.course import is_page_file
from courseforge.render.blocks import (
    CALLOUT_LABELS,
    BlockContext,
    finish_blocks,
    has_block_marks,
)
from courseforge.render.code_blocks import CODE_CLASSES
from courseforge.render.glossary import GlossaryIndex
from courseforge.render.language_names import language_name
from courseforge.render.media import CaptionTrack, MediaView, media_sidecars, media_type
from courseforge.render.paths import linked_file

CONTENT_DIR = "content"  # where course assets are copied inside a package

# MathML as latex2mathml writes it (render/blocks.py): presentation elements only, no links,
# no scripts; html5ever (nh3) drops whatever would change namespace inside them.
_MATHML = {
    "math": {"display"},
    "mrow": set(),
    "mi": {"mathvariant"},
    "mn": set(),
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "movablelimits", "form"},
    "ms": set(),
    "mtext": set(),
    "mspace": {"width"},
    "msup": set(),
    "msub": set(),
    "msubsup": set(),
    "mfrac": {"linethickness"},
    "msqrt": set(),
    "mroot": set(),
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": set(),
    "mtable": {"columnalign", "rowspacing", "columnspacing", "columnlines", "rowlines"},
    "mtr": set(),
    "mtd": {"columnalign"},
    "mstyle": {"displaystyle", "scriptlevel", "mathsize", "mathvariant"},
    "menclose": {"notation"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "mphantom": set(),
    "merror": set(),
}
_attributes = deepcopy(nh3.ALLOWED_ATTRIBUTES)
_attributes["a"] |= {"target", "title", "id"}
_attributes["img"] |= {"loading", "title"}
_attributes["li"] = {"id", "value"}
_attributes["pre"] = {"tabindex"}
_attributes["div"] = {"role"}
_attributes |= _MATHML
# The media and glossary blocks' elements (render/media_blocks.py, render/glossary.py).
_attributes |= {
    "video": {"controls", "preload", "poster", "aria-label"},
    "audio": {"controls", "preload", "aria-label"},
    "source": {"src", "type"},
    "track": {"kind", "src", "srclang", "label", "default"},
    "button": {"type", "popovertarget"},
    "span": {"popover", "id"},
}
_attributes["div"] |= {"data-cf-embed-src", "data-cf-embed-title"}
_classes = {
    "span": {
        "cf-vh",
        "cf-download-meta",
        "cf-term-popover",
        *(f"cf-tok-{kind}" for kind in CODE_CLASSES),
    },
    "div": {
        "cf-callout",
        "cf-footnotes",
        "cf-embed",
        "cf-transcript-text",
        *(f"cf-callout-{kind}" for kind in CALLOUT_LABELS),
    },
    "p": {"cf-callout-label", "cf-footnotes-label", "cf-embed-title", "cf-embed-actions"},
    "a": {"cf-footnote-back", "cf-download", "cf-term-more"},
    "figure": {"cf-figure", "cf-media", "cf-media-video", "cf-media-audio"},
    "details": {"cf-transcript"},
    "pre": {"cf-code"},
    "button": {"cf-term", "cf-embed-load"},
}
# Only values the blocks write: an author's raw HTML cannot reuse these attributes otherwise.
_ALLOWED_VALUES = {
    ("pre", "tabindex"): "0",
    ("div", "role"): "note",
    ("button", "type"): "button",
    ("span", "popover"): "auto",
    ("track", "kind"): "captions",
    ("video", "preload"): "metadata",
    ("audio", "preload"): "metadata",
}
# Media players load packaged files only: never another site, never a script URL.
_PACKAGED_ONLY = {("video", "poster"), ("source", "src"), ("track", "src")}
_OWN_IDS = ("cf-fn-", "cf-term-")  # footnotes' and terms' ids: no author id clobbers the runtime's


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "target":
        return value if value == "_blank" else None
    if attribute in ("id", "popovertarget"):
        return value if value.startswith(_OWN_IDS) else None
    if (tag, attribute) in _PACKAGED_ONLY:
        return value if value.startswith(f"{CONTENT_DIR}/") and ":" not in value else None
    if attribute == "data-cf-embed-src":  # the runtime checks again before it loads it
        return value if value.startswith("https://") else None
    allowed = _ALLOWED_VALUES.get((tag, attribute))
    return value if allowed is None or value == allowed else None


_sanitizer = nh3.Cleaner(
    tags=nh3.ALLOWED_TAGS | set(_MATHML) | {"video", "audio", "source", "track", "button"},
    attributes=_attributes,
    url_schemes={"http", "https", "mailto"},
    allowed_classes=_classes,
    attribute_filter=_keep_attribute,
)
_text_only = nh3.Cleaner(tags=set())

PageLinker = Callable[[Path], str | None]  # a lesson file → its in-course href, or None


def sanitize(fragment: str) -> str:
    """Return the HTML fragment without scripts, event handlers or unsafe URLs."""
    return _sanitizer.clean(fragment)


# Simple snippets (markdown.simple_snippet_html) skip the parser and the sanitizer: their HTML
# is plain text and <em>, <strong>, <code>, which nh3 leaves as they are.
_SNIPPET_TAGS = re.compile("</?(?:em|strong|code)>")


def plain_text(markdown: str) -> str:
    """Return the text of an inline Markdown snippet, without markup (for data and labels)."""
    simple = simple_snippet_html(markdown)
    text = (
        _text_only.clean(inline_html(markdown)) if simple is None else _SNIPPET_TAGS.sub("", simple)
    )
    return " ".join(html.unescape(text).split())


def render_inline(markdown: str) -> str:
    """Render a one-paragraph Markdown snippet (a choice, an item) without its <p>."""
    simple = simple_snippet_html(markdown)
    return sanitize(inline_html(markdown)) if simple is None else simple


def render_block(markdown: str, messages: Messages | None = None) -> str:
    """Render block Markdown with no file context (prompts, feedback, quiz intros)."""
    simple = simple_snippet_html(markdown)
    if simple is not None and not has_block_marks(simple):
        return f"<p>{simple}</p>\n"
    fragment = markdown_html(markdown, heading_shift=_heading_shift(markdown))
    context = BlockContext(None, messages or _english())
    return sanitize(finish_blocks(fragment, context, raw_html=parse_markdown(markdown).raw_html))


def render_lesson(
    markdown: str,
    source: Path,
    course_root: Path,
    link_to_page: PageLinker,
    *,
    resolve: Callable[[Path], Path] = Path.resolve,
    page_id: str = "page",
    glossary: GlossaryIndex | None = None,
    language: str = "en",
    messages: Messages | None = None,
) -> str:
    """Render a lesson body: headings below the page's h1, links and assets made packaged.

    Args:
        markdown: the lesson body.
        source: the lesson file, to resolve relative links and images from.
        course_root: the course folder; assets are packaged under content/ by their path in it.
        link_to_page: returns the in-course href of a page file, or None if it is not one.
        resolve: Path.resolve, or a cached one shared by every lesson of a course.
        page_id: the lesson's id, unique in the course: its footnotes' ids start with it.
        glossary: the course's terms, linked at their first use on the page.
        language: the course's language, that of captions named without one (`talk.vtt`).
        messages: the interface texts of the course's language (English if None).
    """
    root = resolve(course_root)
    media: dict[str, MediaView] = {}
    messages = messages or _english()
    new_tab_note = f'<span class="cf-vh"> {html.escape(messages("nav.new_tab"))}</span>'

    def rewrite(link: MarkdownLink) -> tuple[dict[str, str], str]:
        attrs = link.attrs()
        if link.kind == "image":
            src = _packaged_path(link.url, source, root, resolve)
            attrs["loading"] = "lazy"
            if src is not None:
                attrs["src"] = src
                local = linked_file(link.url, source)
                kind = media_type(link.url.split("?")[0])
                if kind is not None and local is not None:
                    media[src] = _media_view(kind, src, resolve(local), root, resolve, language)
            return attrs, ""
        href = link.url
        local = linked_file(href, source)
        if local is not None and is_page_file(local):
            attrs["href"] = link_to_page(local) or href
        elif local is not None:  # a download: packaged, opened beside the course, type and size
            packaged = _packaged_path(href, source, root, resolve)
            attrs["href"] = packaged or href
            if packaged is not None:
                attrs["class"] = "cf-download"
                attrs["target"] = "_blank"  # never navigate the LMS frame away from the course
                return attrs, _download_note(resolve(local), messages) + new_tab_note
        elif urlsplit(href).scheme in ("http", "https"):
            attrs["target"] = "_blank"  # never navigate the LMS frame away from the course
        return attrs, new_tab_note if attrs.get("target") == "_blank" else ""

    heading_shift = _heading_shift(markdown)
    fragment = markdown_html(markdown, heading_shift=heading_shift, rewrite=rewrite)
    context = BlockContext(id_prefix=page_id, messages=messages, media=media, glossary=glossary)
    return sanitize(finish_blocks(fragment, context, raw_html=parse_markdown(markdown).raw_html))


def _media_view(
    kind: tuple[str, str],
    src: str,
    path: Path,
    root: Path,
    resolve: Callable[[Path], Path],
    language: str,
) -> MediaView:
    """The player of a course media file, with the captions, poster and transcript beside it."""
    sidecars = media_sidecars(path)

    def packaged(file: Path) -> str:
        return quote(str(PurePosixPath(CONTENT_DIR, resolve(file).relative_to(root).as_posix())))

    tracks = tuple(
        CaptionTrack(
            packaged(c.path), c.language or language, language_name(c.language or language)
        )
        for c in sidecars.captions
    )
    # The course's language first: it is the track shown by default.
    tracks = tuple(sorted(tracks, key=lambda track: track.language != language))
    transcript_html = transcript_href = None
    if sidecars.transcript is not None:
        try:
            text = sidecars.transcript.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # the loader reported it
            text = ""
        transcript_html = render_block(text)
        transcript_href = packaged(sidecars.transcript)
    return MediaView(
        kind=kind[0],
        mime=kind[1],
        src=src,
        captions=tracks,
        poster=packaged(sidecars.poster) if sidecars.poster else None,
        transcript_html=transcript_html,
        transcript_href=transcript_href,
    )


def _english() -> Messages:
    return messages_for(SOURCE_LANGUAGE)


def _download_note(path: Path, messages: Messages) -> str:
    """Return ' (PDF, 1.2 MB)' for a downloadable file, so learners know what they will get."""
    kind = path.suffix.lstrip(".").upper()
    try:
        size = path.stat().st_size
    except OSError:  # the loader reported it missing; say nothing rather than guess
        return ""
    size_text = human_size(size, messages)
    note = (
        messages("nav.download", kind=kind, size=size_text)
        if kind
        else messages("nav.download_size", size=size_text)
    )
    return f'<span class="cf-download-meta"> {html.escape(note)}</span>'


def human_size(size: int, messages: Messages | None = None) -> str:
    """Return a file size as learners read it: 812 bytes, 14 KB, 3.4 MB (1 KB = 1000 bytes)."""
    if messages is not None and messages.rules.locale != "en":  # English keeps its own words
        return localized_size(size, messages)
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def _heading_shift(markdown: str) -> int:
    """Return how far author headings move down so the page title stays the only h1."""
    return max(0, 2 - (parse_markdown(markdown).min_heading_level or 2))


def _packaged_path(
    ref: str, source: Path, root: Path, resolve: Callable[[Path], Path]
) -> str | None:
    local = linked_file(ref, source)
    if local is None:
        return None
    resolved = resolve(local)
    if not resolved.is_relative_to(root):
        return None
    return quote(str(PurePosixPath(CONTENT_DIR, resolved.relative_to(root).as_posix())))
