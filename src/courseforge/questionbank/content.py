"""Question text as sanitized HTML, with the course files its images use.

The HTML is the learner pages' own (`render_block`/`render_inline`: Markdown, then nh3), so
nothing executable an author wrote reaches a question bank. Images are found in that sanitized
HTML, so a Markdown image and an author's raw <img> are treated alike; a local image resolves
from the quiz file's folder and must stay inside the course folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import lxml.html

from courseforge.package.zip import check_entry_name
from courseforge.render.markdown_html import plain_text, render_block, render_inline

# html5ever (nh3) writes every attribute double-quoted; a value may hold '>' unescaped.
_IMG_TAG = re.compile(r'<img\b(?:[^>"]|"[^"]*")*>')


@dataclass(frozen=True)
class Asset:
    """A course file a question shows: `path` relative to the course folder, `file` on disk."""

    path: str
    file: Path

    def url_path(self) -> str:
        """The path percent-encoded for a URL (each segment; '/' kept)."""
        return quote(self.path)


@dataclass(frozen=True)
class Image:
    """One <img> of a text: its src as written, its alt text and the asset it loads, if local."""

    src: str
    alt: str
    asset: Asset | None


@dataclass(frozen=True)
class BankHtml:
    """One text of a question as sanitized HTML, and its images."""

    html: str
    plain: str
    images: tuple[Image, ...] = ()
    missing: tuple[str, ...] = field(default=())  # local images that are not course files

    @property
    def assets(self) -> list[Asset]:
        return [image.asset for image in self.images if image.asset is not None]

    def with_image_urls(self, url_for: Callable[[Asset], str]) -> str:
        """Return the HTML with each local image's src replaced by `url_for(asset)`."""
        out = self.html
        for image in self.images:
            if image.asset is not None:
                out = out.replace(
                    f'src="{_attribute(image.src)}"', f'src="{_attribute(url_for(image.asset))}"'
                )
        return out

    def without_images(self) -> str:
        """Return the HTML with each image replaced by its alt text in brackets."""

        def alt_of(match: re.Match[str]) -> str:
            element = lxml.html.fragment_fromstring(match.group(0))
            alt = element.get("alt") or ""
            return _text(f"[{alt}]" if alt else "")

        return _IMG_TAG.sub(alt_of, self.html)


class RichText:
    """Renders the Markdown texts of one quiz file, resolving images from its folder."""

    def __init__(self, quiz_source: Path, course_root: Path):
        self.folder = quiz_source.parent
        self.root = course_root.resolve()

    def block(self, markdown: str) -> BankHtml:
        return self._bank_html(render_block(markdown), markdown)

    def inline(self, markdown: str) -> BankHtml:
        """One paragraph without its <p> (a choice, an item, a matching source)."""
        return self._bank_html(render_inline(markdown.strip()), markdown)

    def _bank_html(self, html: str, markdown: str) -> BankHtml:
        if "<img" not in html:
            return BankHtml(html, plain_text(markdown))
        images: list[Image] = []
        missing: list[str] = []
        for element in lxml.html.fragments_fromstring(f"<div>{html}</div>")[0].iter("img"):
            src = element.get("src") or ""
            asset = self._asset(src)
            if asset is None and _is_local(src):
                missing.append(src)
            images.append(Image(src, element.get("alt") or "", asset))
        return BankHtml(html, plain_text(markdown), tuple(images), tuple(missing))

    def _asset(self, src: str) -> Asset | None:
        if not _is_local(src):
            return None
        try:
            resolved = (self.folder / unquote(urlsplit(src).path)).resolve()
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(self.root) or not resolved.is_file():
            return None
        relative = resolved.relative_to(self.root).as_posix()
        try:
            check_entry_name(str(PurePosixPath("media", relative)))
        except ValueError:
            return None
        return Asset(relative, resolved)


def _is_local(src: str) -> bool:
    parts = urlsplit(src)
    return bool(src) and not parts.scheme and not parts.netloc and bool(parts.path)


def _attribute(value: str) -> str:
    """Escape an attribute value as html5ever serializes it."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("\xa0", "&nbsp;")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
