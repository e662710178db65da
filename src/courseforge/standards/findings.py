"""What the standards checks report: one typed finding per problem, with the rule that owns it.

The rule ids are the ones `inspect` reports (inspect/rules.py gives each its severity, the
package kinds it applies to and which rules it takes precedence over); the build prints a
finding as "line N: message".
"""

from __future__ import annotations

from dataclasses import dataclass

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
