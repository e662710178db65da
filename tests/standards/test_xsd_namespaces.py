"""XSD validation of every namespace a manifest kind uses, and of the QTI 2.1 export's documents.

A name entering one of a kind's namespaces must be declared by that namespace's official
schema: SCORM 2004's lax wildcards (and the QTI package's metadata) would otherwise let a
misspelt extension through, which LMSs then ignore without a word.
"""

from __future__ import annotations

import pytest

from courseforge.standards.findings import XSD_INVALID, Finding
from courseforge.standards.xsd import validate_manifest
from tests.standards.test_xsd import SCORM12, SCORM2004

# ---- QTI 2.1 (the question-bank export validates each item and its manifest) ---------------

QTI_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q-1" title="Q"
    adaptive="false" timeDependent="false" xml:lang="en">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>c-a</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <simpleChoice identifier="c-a">A</simpleChoice>
      <simpleChoice identifier="c-b">B</simpleChoice>
    </choiceInteraction>
  </itemBody>
</assessmentItem>
"""

QTI_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2" identifier="m">
  <metadata>
    <schema>QTIv2.1 Package</schema>
    <schemaversion>1.0.0</schemaversion>
    <imsmd:lom><imsmd:general><imsmd:title>
      <imsmd:langstring xml:lang="en">C</imsmd:langstring>
    </imsmd:title></imsmd:general></imsmd:lom>
  </metadata>
  <organizations/>
  <resources>
    <resource identifier="r-1" type="imsqti_item_xmlv2p1" href="items/q-1.xml">
      <file href="items/q-1.xml"/>
    </resource>
  </resources>
</manifest>
"""

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
MD = "{http://www.imsglobal.org/xsd/imsmd_v1p2}"


@pytest.mark.parametrize(
    ("kind", "document"), [("qti21", QTI_ITEM), ("qti21_manifest", QTI_MANIFEST)]
)
def test_a_valid_qti_document_passes(kind, document):
    assert validate_manifest(document.encode(), kind) == []


@pytest.mark.parametrize(
    ("kind", "document", "old", "new", "expected"),
    [
        (
            "qti21",
            QTI_ITEM,
            'shuffle="false"',
            'shuffle="no"',
            Finding(
                XSD_INVALID,
                9,
                f"Element '{QTI}choiceInteraction', attribute 'shuffle': 'no' is not a valid "
                "value of the atomic type 'xs:boolean'.",
                "shuffle",
            ),
        ),
        (
            "qti21",
            QTI_ITEM,
            '<outcomeDeclaration identifier="SCORE"',
            '<outcomeDeclaration identifier="1SCORE"',
            Finding(
                XSD_INVALID,
                7,
                f"Element '{QTI}outcomeDeclaration', attribute 'identifier': '1SCORE' is not a "
                "valid value of the atomic type '{http://www.imsglobal.org/xsd/imsqti_v2p1}"
                "Identifier.Type'.",
                "identifier",
            ),
        ),
        (
            # The metadata's imsmd namespace is checked too, not skipped by a wildcard.
            "qti21_manifest",
            QTI_MANIFEST,
            "<imsmd:general><imsmd:title>",
            "<imsmd:general><imsmd:titel/><imsmd:title>",
            None,
        ),
        (
            "qti21_manifest",
            QTI_MANIFEST,
            'type="imsqti_item_xmlv2p1" ',
            "",
            Finding(
                XSD_INVALID,
                13,
                "Element '{http://www.imsglobal.org/xsd/imscp_v1p1}resource': The attribute "
                "'type' is required but missing.",
                "type",
            ),
        ),
    ],
)
def test_a_qti_mistake_is_one_exact_finding(kind, document, old, new, expected):
    assert old in document
    findings = validate_manifest(document.replace(old, new, 1).encode(), kind)

    if expected is None:  # libxml2's long "expected one of" list: its start and subject
        [finding] = findings
        assert (finding.rule, finding.line, finding.subject) == (XSD_INVALID, 7, "titel")
        assert finding.message.startswith(f"Element '{MD}titel': This element is not expected.")
    else:
        assert findings == [expected]


# ---- Every namespace a kind validates: a misspelt name entering it is reported -------------

NOT_DECLARED = "not declared by the official schema of its namespace"


@pytest.mark.parametrize(
    ("kind", "document", "old", "new", "expected"),
    [
        (
            "scorm12",
            SCORM12,
            "</schemaversion>",
            '</schemaversion><imsmd:lomm xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"/>',
            (5, "lomm", "Element '{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}lomm': "),
        ),
        (
            "scorm2004",
            SCORM2004,
            "</schemaversion>",
            '</schemaversion><lom:lomm xmlns:lom="http://ltsc.ieee.org/xsd/LOM"/>',
            (8, "lomm", f"Element '{{http://ltsc.ieee.org/xsd/LOM}}lomm': {NOT_DECLARED}"),
        ),
        (
            "scorm2004",
            SCORM2004,
            "<adlnav:presentation>",
            "<adlnav:presentationn/><adlnav:presentation>",
            (
                22,
                "presentationn",
                f"Element '{{http://www.adlnet.org/xsd/adlnav_v1p3}}presentationn': {NOT_DECLARED}",
            ),
        ),
        (
            "scorm2004",
            SCORM2004,
            "<imsss:sequencing>",
            "<imsss:sequencingg/><imsss:sequencing>",
            (
                14,
                "sequencingg",
                f"Element '{{http://www.imsglobal.org/xsd/imsss}}sequencingg': {NOT_DECLARED}",
            ),
        ),
        (
            "scorm2004",
            SCORM2004,
            # The real attribute, objectivesGlobalToSystem, lives on <organization>.
            '<organization identifier="org">',
            '<organization identifier="org" adlseq:objectivesGlobalToSystm="false">',
            (
                10,
                "objectivesGlobalToSystm",
                "Element '{http://www.imsglobal.org/xsd/imscp_v1p1}organization', attribute "
                f"'{{http://www.adlnet.org/xsd/adlseq_v1p3}}objectivesGlobalToSystm': {NOT_DECLARED}",
            ),
        ),
        (
            "qti21_manifest",
            QTI_MANIFEST,
            "<imsmd:lom>",
            "<imsmd:lomm/><imsmd:lom>",
            (
                7,
                "lomm",
                f"Element '{{http://www.imsglobal.org/xsd/imsmd_v1p2}}lomm': {NOT_DECLARED}",
            ),
        ),
    ],
)
def test_a_misspelt_name_entering_a_validated_namespace_is_reported(
    kind, document, old, new, expected
):
    # LMSs ignore an extension they do not know without a word: each namespace a kind's
    # manifest may use is checked against its own official schema.
    assert old in document
    findings = validate_manifest(document.replace(old, new, 1).encode(), kind)

    line, subject, message_start = expected
    about = [f for f in findings if f.subject == subject]
    assert [(f.rule, f.line) for f in about] == [(XSD_INVALID, line)], findings
    assert about[0].message.startswith(message_start), about[0].message


def test_lom_metadata_declared_in_an_included_schema_file_passes():
    # lom.xsd declares nothing itself: <lom> comes from a file it includes, which counts.
    lom = (
        '<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general><title>'
        '<string language="en">Course</string></title></general></lom>'
    )
    manifest = SCORM2004.replace("</schemaversion>", f"</schemaversion>{lom}", 1)

    assert validate_manifest(manifest.encode(), "scorm2004") == []
