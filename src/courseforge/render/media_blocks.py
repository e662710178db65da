"""The media blocks: course video and audio as native players, other sites' videos as
click-to-load placeholders (see render/media.py for the author syntax)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lxml.html
from lxml.html import HtmlElement

from courseforge.render.media import Embed, MediaView, embed_for_iframe, embed_for_link

if TYPE_CHECKING:
    from courseforge.i18n import Messages
    from courseforge.render.blocks import BlockContext


def media_players(root: HtmlElement, context: BlockContext) -> None:
    """Turn each image whose file is a course video or audio into its player."""
    if not context.media:
        return
    for image in root.xpath("//img[@src]"):
        view = context.media.get(image.get("src"))
        if view is None:
            continue
        label = image.get("alt", "")
        figure = _player(view, label, image.get("title") or label, context.messages)
        _put_block(image, figure)


def embed_placeholders(root: HtmlElement, context: BlockContext) -> None:
    """Turn YouTube and Vimeo images and pasted <iframe>s into click-to-load placeholders."""
    for image in root.xpath("//img[@src]"):
        embed = embed_for_link(image.get("src", ""))
        if embed is not None:
            _put_block(image, _placeholder(embed, image.get("alt", ""), context.messages))
    for frame in root.xpath("//iframe"):
        embed = embed_for_iframe(frame.get("src", ""))
        title = frame.get("title", "")
        if embed is None:
            _remove(frame)
        else:
            _put_block(frame, _placeholder(embed, title, context.messages))


def _player(view: MediaView, label: str, caption: str, messages: Messages) -> HtmlElement:
    figure = _element("figure", {"class": f"cf-media cf-media-{view.kind}"})
    player = _element(view.kind, {"controls": "", "preload": "metadata"})
    if label:
        player.set("aria-label", label)
    if view.poster:
        player.set("poster", view.poster)
    player.append(_element("source", {"src": view.src, "type": view.mime}))
    for index, track in enumerate(view.captions):
        attributes = {
            "kind": "captions",
            "src": track.src,
            "srclang": track.language,
            "label": track.label,
        }
        if index == 0:
            attributes["default"] = ""
        player.append(_element("track", attributes))
    fallback = _element("p", text=messages("media.no_player") + " ")
    link = _element("a", {"href": view.src, "target": "_blank"}, messages("media.download"))
    link.append(_element("span", {"class": "cf-vh"}, " " + messages("nav.new_tab")))
    fallback.append(link)  # no full stop of ours: not every language ends a sentence with "."
    player.append(fallback)
    figure.append(player)
    if caption:
        figure.append(_element("figcaption", text=caption))
    if view.transcript_html is not None:
        details = _element("details", {"class": "cf-transcript"})
        details.append(_element("summary", text=messages("media.transcript")))
        body = lxml.html.fragment_fromstring(view.transcript_html or "<p></p>", create_parent="div")
        body.set("class", "cf-transcript-text")
        details.append(body)
        if view.transcript_href:
            more = _element("p")
            file_link = _element(
                "a",
                {"href": view.transcript_href, "target": "_blank"},
                messages("media.transcript_file"),
            )
            file_link.append(_element("span", {"class": "cf-vh"}, " " + messages("nav.new_tab")))
            more.append(file_link)
            details.append(more)
        figure.append(details)
    return figure


def _placeholder(embed: Embed, title: str, messages: Messages) -> HtmlElement:
    box = _element(
        "div",
        {
            "class": "cf-embed",
            "data-cf-embed-src": embed.player_url,
            "data-cf-embed-title": title or embed.site,
        },
    )
    if title:
        box.append(_element("p", {"class": "cf-embed-title"}, title))
    # The literal ids, so the catalog test sees each one used.
    if embed.is_video:
        notice = messages("embed.notice", site=embed.site)
        load = messages("embed.load", site=embed.site)
    else:
        notice = messages("embed.notice_other", site=embed.site)
        load = messages("embed.load_other", site=embed.site)
    box.append(_element("p", text=notice))
    actions = _element("p", {"class": "cf-embed-actions"})
    actions.append(_element("button", {"type": "button", "class": "cf-embed-load"}, load))
    actions[-1].tail = " "
    link = _element(
        "a", {"href": embed.page_url, "target": "_blank"}, messages("embed.open", site=embed.site)
    )
    link.append(_element("span", {"class": "cf-vh"}, " " + messages("nav.new_tab")))
    actions.append(link)
    box.append(actions)
    return box


def _put_block(inline: HtmlElement, block: HtmlElement) -> None:
    """Put a block where an inline element was: instead of its paragraph if it is alone in it,
    else right after that paragraph (a paragraph cannot hold a figure)."""
    parent = inline.getparent()
    alone = (
        parent is not None
        and parent.tag == "p"
        and len(parent) == 1
        and not (parent.text or "").strip()
        and not (inline.tail or "").strip()
    )
    if alone:
        block.tail = parent.tail
        parent.getparent().replace(parent, block)
        return
    paragraph = next(iter(inline.iterancestors("p")), None)
    if paragraph is not None:
        paragraph.addnext(block)
        block.tail, paragraph.tail = paragraph.tail, None
    else:  # in a list item or a table cell, which may hold a block
        inline.addnext(block)
    _remove(inline)


def _remove(element: HtmlElement) -> None:
    element.drop_tree()  # keeps the tail text


def _element(
    tag: str, attributes: dict[str, str] | None = None, text: str | None = None
) -> HtmlElement:
    element = lxml.html.Element(tag, attributes or {})
    if text is not None:
        element.text = text
    return element
