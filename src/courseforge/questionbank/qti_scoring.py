"""The QTI 2.1 declarations and response processing the qti21 target writes.

Scoring is all or nothing, as courseforge's quiz engine scores (runtime/courseforge.js): a
response that meets the condition sets SCORE to the item's MAXSCORE (its points), else 0, and
FEEDBACK to `correct` or `incorrect` for the modal feedback.
"""

from __future__ import annotations

from lxml import etree

from courseforge.questionbank.qti_html import QTI_NS, qti


def outcome(identifier: str, cardinality: str, base_type: str, default: str | None):
    outcome = qti(
        "outcomeDeclaration", identifier=identifier, cardinality=cardinality, baseType=base_type
    )
    if default is not None:
        value = etree.SubElement(
            etree.SubElement(outcome, f"{{{QTI_NS}}}defaultValue"), f"{{{QTI_NS}}}value"
        )
        value.text = default
    return outcome


def response(
    cardinality: str, base_type: str, correct: list[str], identifier: str = "RESPONSE"
) -> etree._Element:
    response = qti(
        "responseDeclaration", identifier=identifier, cardinality=cardinality, baseType=base_type
    )
    holder = etree.SubElement(response, f"{{{QTI_NS}}}correctResponse")
    for value in correct:
        etree.SubElement(holder, f"{{{QTI_NS}}}value").text = value
    return response


def base(base_type: str, value: str) -> etree._Element:
    element = qti("baseValue", baseType=base_type)
    element.text = value
    return element


def match(identifier: str = "RESPONSE") -> etree._Element:
    match = qti("match")
    match.append(qti("variable", identifier=identifier))
    match.append(qti("correct", identifier=identifier))
    return match


def text_entry(identifier: str, keys: list[str], case_sensitive: bool):
    """A string response right when it maps to an accepted key: (declaration, condition)."""
    response_declaration = response("single", "string", keys[:1], identifier)
    mapping = etree.SubElement(response_declaration, f"{{{QTI_NS}}}mapping", defaultValue="0")
    for key in keys:
        etree.SubElement(
            mapping,
            f"{{{QTI_NS}}}mapEntry",
            mapKey=key,
            mappedValue="1",
            caseSensitive="true" if case_sensitive else "false",
        )
    condition = qti("gte")
    condition.append(qti("mapResponse", identifier=identifier))
    condition.append(base("float", "1"))
    return response_declaration, condition


def paragraph(interaction: etree._Element) -> etree._Element:
    """Text entry is inline content: it sits in a paragraph of the item body."""
    paragraph = qti("p")
    paragraph.append(interaction)
    return paragraph


def set_outcome(identifier: str, value: etree._Element) -> etree._Element:
    element = qti("setOutcomeValue", identifier=identifier)
    element.append(value)
    return element


def response_processing(condition: etree._Element, per_choice: list) -> etree._Element:
    """All or nothing, as courseforge scores: the points when right, else 0."""
    processing = qti("responseProcessing")
    if per_choice:
        processing.append(set_outcome("CHOICE_FEEDBACK", qti("variable", identifier="RESPONSE")))
    rule = etree.SubElement(processing, f"{{{QTI_NS}}}responseCondition")
    branch = etree.SubElement(rule, f"{{{QTI_NS}}}responseIf")
    branch.append(condition)
    branch.append(set_outcome("SCORE", qti("variable", identifier="MAXSCORE")))
    branch.append(set_outcome("FEEDBACK", base("identifier", "correct")))
    otherwise = etree.SubElement(rule, f"{{{QTI_NS}}}responseElse")
    otherwise.append(set_outcome("SCORE", base("float", "0")))
    otherwise.append(set_outcome("FEEDBACK", base("identifier", "incorrect")))
    return processing
