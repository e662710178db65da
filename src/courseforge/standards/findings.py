"""What the standards checks report: one typed finding per problem, with the rule that owns it.

The rule ids are the ones `inspect` reports (inspect/rules.py gives each its severity, the
package kinds it applies to and which rules it takes precedence over); the build prints a
finding as "line N: message".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

# Rule ids the standards checks assign (inspect/rules.py defines them all).
XML_MALFORMED = "xml-malformed"
XML_ENTITY = "xml-entity"
XSD_INVALID = "xsd-invalid"
LAUNCH_FILE_MISSING = "launch-file-missing"
CMI5_MASTERY_SCORE = "cmi5-mastery-score"
CMI5_STRUCTURE = "cmi5-structure"
TINCAN_STRUCTURE = "tincan-structure"


@dataclass(frozen=True)
class Finding:
    """One problem of a document: its rule, its line (0: the whole document), what is wrong."""

    rule: str
    line: int
    message: str
    # The element or attribute it is about (local name): a more specific rule's finding about
    # the same subject on the same line takes precedence over this one in `inspect`.
    subject: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


# libxml2 ends each syntax message with its position, which the finding already carries as its line.
_POSITION = re.compile(r", line \d+, column (\d+)$")


def malformed(exc: etree.XMLSyntaxError) -> Finding:
    """The xml-malformed finding of a parse error: its line, and libxml2's words with the column."""
    return Finding(XML_MALFORMED, exc.lineno or 0, f"not well-formed XML: {syntax_message(exc)}")


def syntax_message(exc: etree.XMLSyntaxError) -> str:
    """libxml2's message without the ", line L, column C" it appends; the column kept in words."""
    message = exc.msg or ""
    position = _POSITION.search(message)
    if position is None:
        return message
    return f"{message[: position.start()]} (column {position.group(1)})"
