"""Glossary terms in lessons: the first use of each term on a page opens its definition.

The term becomes a button that opens a native popover (`popovertarget`): keyboard-operable,
closed by Escape or a click elsewhere, no script of ours. The popover holds the definition and
a link to the glossary page, which lists every term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import lxml.html
from lxml.html import HtmlElement

if TYPE_CHECKING:
    from courseforge.model.glossary import GlossaryTerm
    from courseforge.render.blocks import BlockContext

GLOSSARY_PAGE_HREF = "#page-glossary"
# Text inside these is never a term's first use: it is a link, code, a heading, a control.
_SKIPPED = frozenset(
    {
        "a",
        "code",
        "pre",
        "kbd",
        "samp",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "button",
        "summary",
        "math",
        "dfn",
        "script",
        "style",
        "video",
        "audio",
        "figcaption",
    }
)

# A collapsed transcript or an embed's notice is not where a learner first meets a term.
_SKIPPED_CLASSES = frozenset({"cf-transcript-text", "cf-embed"})


@dataclass(frozen=True)
class GlossaryEntry:
    number: int
    term: str
    definition_html: str  # sanitized inline HTML


@dataclass(frozen=True)
class GlossaryIndex:
    """Every form of every term, matched as whole words, longest first, ignoring case."""

    pattern: re.Pattern[str]
    entries: dict[str, GlossaryEntry]  # casefolded, space-normalized form → its entry

    def entry_for(self, text: str) -> GlossaryEntry:
        return self.entries[" ".join(text.casefold().split())]


def glossary_index(terms: list[GlossaryTerm]) -> GlossaryIndex | None:
    """Return the matcher for a course's terms, or None when it has no glossary."""
    if not terms:
        return None
    from courseforge.render.markdown_html import render_inline  # late: it imports blocks

    entries: dict[str, GlossaryEntry] = {}
    for number, entry in enumerate(terms):
        view = GlossaryEntry(number, entry.term, render_inline(entry.definition))
        for form in entry.forms():
            entries.setdefault(" ".join(form.casefold().split()), view)
    forms = sorted(entries, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return GlossaryIndex(pattern, entries)


def glossary_terms(root: HtmlElement, context: BlockContext) -> None:
    """Link the first use of each term on the page to its definition."""
    glossary = context.glossary
    if glossary is None or context.id_prefix is None:
        return
    used: set[int] = set()
    see_all = context.messages("glossary.see_all")
    for holder, slot in _text_slots(root):
        _link_terms(holder, slot, glossary, used, context.id_prefix, see_all)


def _text_slots(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Every text an author wrote outside skipped elements, in reading order."""
    slots: list[tuple[HtmlElement, str]] = []

    def walk(element: HtmlElement, skipped: bool) -> None:
        inside = (
            skipped
            or not isinstance(element.tag, str)
            or element.tag in _SKIPPED
            or element.get("class") in _SKIPPED_CLASSES
        )
        if element.text and not inside:
            slots.append((element, "text"))
        for child in element:
            walk(child, inside)
            if child.tail and not inside:
                slots.append((child, "tail"))

    walk(root, False)
    return slots


def _link_terms(
    holder: HtmlElement,
    slot: str,
    glossary: GlossaryIndex,
    used: set[int],
    prefix: str,
    see_all: str,
) -> None:
    text = getattr(holder, slot) or ""
    anchor = holder  # the last element inserted: the rest of the text is its tail
    in_text = slot == "text"
    position = 0
    while True:
        match = next(
            (
                m
                for m in glossary.pattern.finditer(text, position)
                if glossary.entry_for(m.group()).number not in used
            ),
            None,
        )
        if match is None:
            return
        entry = glossary.entry_for(match.group())
        used.add(entry.number)
        button, popover = _term(match.group(), entry, f"cf-term-{prefix}-{entry.number}", see_all)
        before, after = text[: match.start()], text[match.end() :]
        if in_text:
            holder.text = before
            holder.insert(0, button)
            in_text = False
        else:
            anchor.tail = before
            anchor.addnext(button)
        button.addnext(popover)
        popover.tail = after
        anchor, text, position = popover, after, 0


def _term(
    text: str, entry: GlossaryEntry, popover_id: str, see_all: str
) -> tuple[HtmlElement, HtmlElement]:
    button = lxml.html.Element(
        "button", {"type": "button", "class": "cf-term", "popovertarget": popover_id}
    )
    button.text = text
    popover = lxml.html.Element(
        "span", {"class": "cf-term-popover", "popover": "auto", "id": popover_id}
    )
    name = lxml.html.Element("dfn")
    name.text = entry.term
    name.tail = ": "
    popover.append(name)
    definition = lxml.html.fragment_fromstring(f"<span>{entry.definition_html}</span>")
    popover.append(definition)
    link = lxml.html.Element("a", {"href": GLOSSARY_PAGE_HREF, "class": "cf-term-more"})
    link.text = see_all  # "All terms in the glossary", in the course's language
    popover.append(link)
    return button, popover
