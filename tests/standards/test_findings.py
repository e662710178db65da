"""The xml-malformed finding: libxml2's words, its line once, the column kept."""

from __future__ import annotations

import pytest
from lxml import etree

from courseforge.standards.findings import XML_MALFORMED, Finding, malformed, syntax_message


def _syntax_error(data: bytes) -> etree.XMLSyntaxError:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    with pytest.raises(etree.XMLSyntaxError) as caught:
        etree.fromstring(data, parser)
    return caught.value


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"<a>\n<b></a>", 2, "Opening and ending tag mismatch: b line 2 and a (column 8)"),
        (b"<a x=1/>", 1, "AttValue: \" or ' expected (column 6)"),
        (b"<a></a>\n\n<b/>", 3, "Extra content at the end of the document (column 1)"),
        (b"", 1, "Document is empty (column 1)"),
    ],
)
def test_a_syntax_error_is_told_once_at_its_line_with_its_column(data, line, words):
    assert malformed(_syntax_error(data)) == Finding(
        XML_MALFORMED, line, f"not well-formed XML: {words}"
    )


class _Message:
    def __init__(self, msg):
        self.msg = msg


@pytest.mark.parametrize(
    ("msg", "shown"),
    [
        ("expected '>'", "expected '>'"),  # no position appended: the words stay whole
        (
            "Excessive depth in document: 256, line 1, column 9",
            "Excessive depth in document: 256 (column 9)",
        ),
        # Only the position at the very end is libxml2's; one inside the words is the author's.
        ("tag a, line 3, column 4 and more", "tag a, line 3, column 4 and more"),
        (None, ""),
    ],
)
def test_only_the_appended_position_is_taken_off(msg, shown):
    assert syntax_message(_Message(msg)) == shown
