"""Rich blocks: the parser's HTML for alerts, figures, footnotes, code and math finished.

The parser (markdown.py) already knows GitHub's alerts, footnotes, definition lists and $math$;
each function in BLOCKS turns what it wrote into the learner pages' own markup, on one lxml tree
of the fragment. A new block type is one more function here, its classes in the sanitizer's
allow-list (markdown_html.py) and its look in courseforge.css. Everything is made at build time:
no JavaScript, no request to another site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import lxml.html
from lxml.html import HtmlElement

from courseforge.i18n import SOURCE_LANGUAGE, Messages, messages_for
from courseforge.render.code_blocks import code_blocks, code_blocks_in_text, id_part
from courseforge.render.glossary import glossary_terms
from courseforge.render.media_blocks import embed_placeholders, media_players

if TYPE_CHECKING:
    from courseforge.render.glossary import GlossaryIndex
    from courseforge.render.media import MediaView

# Labels are text, so a callout never tells its kind by colour alone.
CALLOUT_LABELS = {
    "note": "block.note",
    "tip": "block.tip",
    "important": "block.important",
    "warning": "block.warning",
    "caution": "block.caution",
}  # kind → message id
# Cheap tests on the parser's HTML: a lesson with none of these is left exactly as it was.
_TRIGGERS = (
    "markdown-alert-",
    'class="math ',
    "footnote-",
    'class="language-',
    "title=",
    "<iframe",
    "youtu",
    "vimeo",
)


@dataclass(frozen=True)
class BlockContext:
    """What the blocks of one fragment need to know about where it goes."""

    id_prefix: str | None  # unique per page (footnote ids); None: no footnotes here
    messages: Messages = field(default_factory=lambda: messages_for(SOURCE_LANGUAGE))
    media: Mapping[str, MediaView] = field(default_factory=dict)  # packaged src → its player
    glossary: GlossaryIndex | None = None  # terms linked at their first use (lessons only)


def has_block_marks(fragment: str) -> bool:
    """Whether the parser's HTML may hold a rich block (else finish_blocks leaves it as it is,
    given no media and no glossary)."""
    return any(trigger in fragment for trigger in _TRIGGERS)


def finish_blocks(fragment: str, context: BlockContext, *, raw_html: bool = True) -> str:
    """Return the fragment with every rich block in its final form (not sanitized yet).

    Args:
        raw_html: whether the Markdown held raw HTML. Without it every tag and attribute is the
            parser's own, so a block whose mark is not in the fragment has nothing to finish.
    """
    if not context.media and context.glossary is None and not has_block_marks(fragment):
        return fragment
    if raw_html or context.media:  # a player's transcript brings HTML the marks do not see
        finishing = BLOCKS
    else:
        lowered = fragment.lower()  # a video's host may be written in capitals
        finishing = tuple(
            finish
            for finish, marks in zip(BLOCKS, _BLOCK_MARKS, strict=True)
            if marks is None or any(mark in lowered for mark in marks)
        )
        if context.glossary is None and set(finishing) <= _CODE_ONLY:
            code_done = code_blocks_in_text(fragment)
            if code_done is not None:
                return code_done
    return _finish_in_tree(fragment, finishing, context)


def _finish_in_tree(
    fragment: str,
    finishing: tuple[Callable[[HtmlElement, BlockContext], None], ...],
    context: BlockContext,
) -> str:
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for finish in finishing:
        finish(root, context)
    text = root.text or ""
    if not _ESCAPED_IN_TEXT.search(text):
        # One serialization of the wrapper, cut off: a call per child cost a fifth of this.
        whole = lxml.html.tostring(root, encoding="unicode", method="html")
        if whole.startswith("<div>") and whole.endswith("</div>"):
            return whole[len("<div>") : -len("</div>")]
    return text + "".join(
        lxml.html.tostring(child, encoding="unicode", method="html") for child in root
    )


# The fragment's leading text is given back as parsed, unescaped; lxml would escape these.
_ESCAPED_IN_TEXT = re.compile("[&<>\xa0]")


def _callouts(root: HtmlElement, context: BlockContext) -> None:
    for quote in root.xpath("//blockquote[starts-with(@class, 'markdown-alert-')]"):
        kind = quote.get("class").removeprefix("markdown-alert-")
        if kind not in CALLOUT_LABELS:
            continue
        quote.tag = "div"
        quote.attrib.clear()
        quote.set("class", f"cf-callout cf-callout-{kind}")
        quote.set("role", "note")
        label = lxml.html.Element("p", {"class": "cf-callout-label"})
        label.text = context.messages(CALLOUT_LABELS[kind])
        label.tail, quote.text = quote.text, None
        quote.insert(0, label)


def _figures(root: HtmlElement, _context: BlockContext) -> None:
    """An image alone in its paragraph, with a title, is a figure: the title is its caption."""
    for paragraph in root.xpath("//p[count(*) = 1 and img[@title]]"):
        image = paragraph[0]
        if (paragraph.text or "").strip() or (image.tail or "").strip():
            continue
        caption = lxml.html.Element("figcaption")
        caption.text = image.attrib.pop("title")
        paragraph.tag = "figure"
        paragraph.set("class", "cf-figure")
        paragraph.text = image.tail = None
        paragraph.append(caption)


def _footnotes(root: HtmlElement, context: BlockContext) -> None:
    """Number references and notes with page-unique ids; gather the notes at the end."""
    definitions = root.xpath("//div[@class='footnote-definition']")
    references = root.xpath("//sup[@class='footnote-reference']/a")
    if context.id_prefix is None:
        return
    prefix = f"cf-fn-{context.id_prefix}"
    backlinks: dict[str, str] = {}
    for index, link in enumerate(references):
        label = link.get("href", "").removeprefix("#")
        link.set("href", f"#{prefix}-{id_part(label)}")
        link.set("id", f"{prefix}-ref-{index}")
        link.text = f"[{link.text}]"  # the brackets say "a note", not a power, when read aloud
        backlinks.setdefault(label, f"#{prefix}-ref-{index}")
    if not definitions:
        return
    notes = lxml.html.Element("div", {"class": "cf-footnotes"})
    heading = lxml.html.Element("p", {"class": "cf-footnotes-label"})
    heading.text = context.messages("block.notes")
    items = lxml.html.Element("ol")
    notes.extend([heading, items])
    for definition in definitions:
        label = definition.get("id", "")
        number = definition.find("sup")
        item = lxml.html.Element("li", {"id": f"{prefix}-{id_part(label)}"})
        if number is not None:
            item.set("value", (number.text or "").strip() or "1")
            _remove_keeping_tail(number)
        item.text = definition.text
        item.extend(list(definition))
        if label in backlinks:
            back = lxml.html.Element("a", {"href": backlinks[label], "class": "cf-footnote-back"})
            back.text = context.messages("block.back_to_text")
            item.append(back)
        _remove_keeping_tail(definition)
        items.append(item)
    items[:] = sorted(items, key=lambda li: int(li.get("value", "0") or 0))
    root.append(notes)


def _math(root: HtmlElement, _context: BlockContext) -> None:
    for span in root.xpath("//span[@class='math math-inline' or @class='math math-display']"):
        display = span.get("class") == "math math-display"
        mathml = tex_to_mathml(span.text_content(), display)
        if mathml is None:  # the loader reported it; show the source rather than nothing
            span.tag = "code"
            span.attrib.clear()
            continue
        element = lxml.html.fragment_fromstring(mathml)
        element.tail = span.tail
        span.getparent().replace(span, element)


BLOCKS: tuple[Callable[[HtmlElement, BlockContext], None], ...] = (
    media_players,  # before _figures: a titled video is a player, not an image figure
    embed_placeholders,
    _callouts,
    _figures,
    _footnotes,
    code_blocks,
    _math,
    glossary_terms,  # last: it links terms in the text the other blocks left
)
# Per block, text the parser's HTML (lower-cased) holds whenever the block has work (None:
# always run); only used for Markdown without raw HTML, where an author cannot hide a mark.
_BLOCK_MARKS: tuple[tuple[str, ...] | None, ...] = (
    None,  # media_players: returns at once without course media
    ("youtu", "vimeo"),  # embed_placeholders: <iframe> is raw HTML only
    ("markdown-alert-",),  # _callouts
    (" title=",),  # _figures: an image with a title
    ("footnote-",),  # _footnotes
    ('class="language-',),  # code_blocks
    ('class="math ',),  # _math
    None,  # glossary_terms: returns at once without a glossary
)


# The blocks with nothing to do without course media or a glossary, and code.
_CODE_ONLY = frozenset({media_players, code_blocks, glossary_terms})


def _remove_keeping_tail(element: HtmlElement) -> None:
    element.drop_tree()  # lxml keeps the tail text in place


class MathError(ValueError):
    """A formula latex2mathml cannot turn into sound MathML."""


@lru_cache(maxsize=1024)
def tex_to_mathml(tex: str, display: bool) -> str | None:
    """Return the formula as MathML, or None if it is malformed (see math_problem)."""
    try:
        return _convert(tex, display)
    except MathError:
        return None


def math_problem(tex: str) -> str | None:
    """Why a formula cannot be rendered, or None: the loader's message."""
    try:
        _convert(tex, False)
    except MathError as error:
        return str(error)
    return None


def _convert(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    if not tex.strip():
        raise MathError("expected a formula between the $ signs, got nothing")
    depth = 0
    for char in re.sub(r"\\.", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            raise MathError(f"unbalanced braces in formula {tex!r}: a '}}' closes nothing")
    if depth:
        raise MathError(f"unbalanced braces in formula {tex!r}: {depth} '{{' left open")
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as error:  # noqa: BLE001 - the library raises many kinds on bad TeX
        raise MathError(f"cannot read formula {tex!r}: {error or type(error).__name__}") from None
    unknown = re.search(r"<mi>(\\[A-Za-z]+)</mi>", mathml)
    if unknown:
        raise MathError(f"unknown command {unknown.group(1)} in formula {tex!r}")
    if re.search(r"<mfrac><mrow>(?:(?!</mrow>).)*</mrow></mfrac>", mathml):
        raise MathError(f"\\frac needs two arguments in formula {tex!r}")
    return mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
