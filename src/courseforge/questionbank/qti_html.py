"""Sanitized HTML → the XHTML subset QTI 2.1 content may hold, as elements in the QTI namespace.

QTI 2.1 (imsqti_v2p1.xsd) takes its own copy of a subset of XHTML. Elements outside that subset
(del, s, u, ins, mark, …) are unwrapped, keeping their text; attributes outside each element's
list are dropped. The result is validated with the item, so anything the subset still rejects
(say, an image inside <pre>) stops the build instead of reaching an LMS.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
from lxml import etree

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_NSMAP = {None: QTI_NS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
_COMMON = frozenset({"id", "class", "label"})
ALLOWED: dict[str, frozenset[str]] = {
    tag: _COMMON
    for tag in [
        "abbr",
        "acronym",
        "address",
        "b",
        "big",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "tt",
        "ul",
        "var",
    ]
}
ALLOWED |= {
    "a": _COMMON | {"href", "type"},
    "img": _COMMON | {"src", "alt", "longdesc", "height", "width"},
    "blockquote": _COMMON | {"cite"},
    "q": _COMMON | {"cite"},
    "table": _COMMON | {"summary"},
    "td": _COMMON | {"headers", "scope", "abbr", "axis", "rowspan", "colspan"},
    "th": _COMMON | {"headers", "scope", "abbr", "axis", "rowspan", "colspan"},
    "col": _COMMON | {"span"},
    "colgroup": _COMMON | {"span"},
}


def qti(tag: str, **attributes: str) -> etree._Element:
    """A new element in the QTI namespace."""
    return etree.Element(f"{{{QTI_NS}}}{tag}", attributes, nsmap=_NSMAP)


def append_html(parent: etree._Element, html: str, src_for: Callable[[str], str]) -> None:
    """Append `html` (a fragment) to `parent` as QTI content; `src_for` maps each img src."""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    _append_text(parent, wrapper.text)
    for child in wrapper:
        _append_node(parent, child, src_for)


def _append_node(parent: etree._Element, node, src_for: Callable[[str], str]) -> None:
    if not isinstance(node.tag, str):  # a comment or processing instruction: drop, keep tail
        _append_text(parent, node.tail)
        return
    tag = node.tag.lower()
    if tag not in ALLOWED:  # unwrap: keep the content in place
        _append_text(parent, node.text)
        for child in node:
            _append_node(parent, child, src_for)
        _append_text(parent, node.tail)
        return
    element = etree.SubElement(parent, f"{{{QTI_NS}}}{tag}")
    for name, value in node.attrib.items():
        if name in ALLOWED[tag]:
            element.set(name, src_for(value) if (tag, name) == ("img", "src") else value)
    if tag == "img" and "alt" not in element.attrib:
        element.set("alt", "")
    element.text = node.text
    for child in node:
        _append_node(element, child, src_for)
    _append_text(parent, node.tail)


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
