"""The XSD validator: valid manifests pass, each kind of schema mistake is caught."""

from __future__ import annotations

import pytest

from courseforge.standards.findings import XML_ENTITY, XML_MALFORMED, XSD_INVALID, Finding
from courseforge.standards.xsd import MANIFEST_KINDS, schema_bytes, validate_manifest

SCORM12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Course</title>
      <item identifier="item" identifierref="res">
        <title>Course</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""

SCORM2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Course</title>
      <item identifier="item" identifierref="res">
        <title>Course</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="mastery" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
        <adlnav:presentation>
          <adlnav:navigationInterface><adlnav:hideLMSUI>continue</adlnav:hideLMSUI></adlnav:navigationInterface>
        </adlnav:presentation>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""

CMI5 = """<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.org/c">
    <title><langstring lang="en-US">Course</langstring></title>
    <description><langstring lang="en-US">About</langstring></description>
  </course>
  <au id="https://example.org/c/au" moveOn="CompletedAndPassed" masteryScore="0.8">
    <title><langstring lang="en-US">Course</langstring></title>
    <description><langstring lang="en-US">About</langstring></description>
    <url>index.html</url>
  </au>
</courseStructure>
"""

VALID = {"scorm12": SCORM12, "scorm2004": SCORM2004, "cmi5": CMI5}


@pytest.mark.parametrize("kind", MANIFEST_KINDS)
def test_valid_manifest_passes(kind):
    assert validate_manifest(VALID[kind].encode(), kind) == []


def _errors(kind: str, old: str, new: str) -> list[str]:
    source = VALID[kind]
    assert old in source, old
    return [str(f) for f in validate_manifest(source.replace(old, new, 1).encode(), kind)]


@pytest.mark.parametrize(
    ("kind", "old", "new", "expected"),
    [
        # A misspelt adlcp element: only caught because the driver imports adlcp too.
        (
            "scorm12",
            "<adlcp:masteryscore>80</adlcp:masteryscore>",
            "<adlcp:masteryScore>80</adlcp:masteryScore>",
            "masteryScore",
        ),
        # SCORM 2004 takes extensions through lax wildcards: the XSDs alone would skip these.
        (
            "scorm2004",
            "<imsss:sequencing>",
            "<adlcp:completionThresold>0.5</adlcp:completionThresold><imsss:sequencing>",
            "completionThresold",
        ),
        ("scorm2004", 'adlcp:scormType="sco"', 'adlcp:scormtype="sco"', "scormtype"),
        (
            "scorm2004",
            "<imsss:sequencing>",
            '<adlcp:completionThreshold minProgressMeasure="2"/><imsss:sequencing>',
            "minProgressMeasure",
        ),
        # A SCORM 1.2 attribute spelled as an adlcp element.
        (
            "scorm12",
            "<title>Course</title>\n        <adlcp",
            "<title>Course</title><adlcp:scormtype>sco</adlcp:scormtype>\n        <adlcp",
            "scormtype",
        ),
        # An unknown content-packaging element (default namespace).
        ("scorm12", "<metadata>", "<metadata><version>1</version>", "version"),
        ("scorm2004", "<resources>", "<resources><files/>", "files"),
        # Vocabulary and type errors.
        ("scorm12", 'adlcp:scormtype="sco"', 'adlcp:scormtype="SCO"', "SCO"),
        ("scorm2004", 'adlcp:scormType="sco"', 'adlcp:scormType="lesson"', "lesson"),
        ("scorm12", "<schema>ADL SCORM</schema>", "<schema>ADL SCORM</schema><schema/>", "schema"),
        (
            "scorm2004",
            'satisfiedByMeasure="true"',
            'satisfiedByMeasure="yes"',
            "satisfiedByMeasure",
        ),
        (
            "scorm2004",
            "<imsss:minNormalizedMeasure>0.8",
            "<imsss:minNormalizedMeasure>80",
            "minNormalizedMeasure",
        ),
        # imsss children in the wrong order (deliveryControls comes after objectives).
        (
            "scorm2004",
            "<imsss:sequencing>",
            '<imsss:sequencing><imsss:deliveryControls tracked="true"/>',
            "objectives",
        ),
        ("scorm2004", "<adlnav:hideLMSUI>continue", "<adlnav:hideLMSUI>next", "next"),
        # Required parts missing.
        ("scorm12", ' identifier="res"', "", "identifier"),
        ("scorm2004", 'type="webcontent" ', "", "type"),
        ("cmi5", "<url>index.html</url>", "", "url"),
        ("cmi5", 'moveOn="CompletedAndPassed"', 'moveOn="Done"', "Done"),
    ],
)
def test_schema_mistake_is_caught(kind, old, new, expected):
    errors = _errors(kind, old, new)
    assert errors, f"{kind}: {new!r} passed"
    assert all(e.startswith("line ") for e in errors)
    assert expected in "\n".join(errors)


def test_wrong_namespace_for_kind_is_caught():
    errors = validate_manifest(SCORM12.encode(), "scorm2004")
    assert errors and "No matching global declaration" in errors[0].message
    assert {(e.rule, e.subject) for e in errors} == {("xsd-invalid", "manifest")}


def test_one_message_per_mistake():
    errors = _errors(
        "scorm12",
        "<adlcp:masteryscore>80</adlcp:masteryscore>",
        "<adlcp:masteryScore>80</adlcp:masteryScore>",
    )
    assert len(errors) == 1, errors


def test_not_well_formed():
    [finding] = validate_manifest(b"<manifest", "scorm12")
    assert str(finding).startswith("line 1: not well-formed")
    assert finding.rule == "xml-malformed"


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown manifest kind 'aicc'"):
        validate_manifest(SCORM12.encode(), "aicc")  # type: ignore[arg-type]


def test_files_on_disk_are_upstream_bytes():
    """The SCORM 1.2 patches live in memory only."""
    from importlib import resources

    root = resources.files("courseforge.schemas").joinpath("xsd", "scorm12")
    on_disk = root.joinpath("ims_xml.xsd").read_bytes()
    assert b'xmlns="http://www.w3.org/XML/1998/namespace"' in on_disk
    assert b'xmlns="http://www.w3.org/XML/1998/namespace"' not in schema_bytes(
        "scorm12/ims_xml.xsd"
    )
    assert b'namespace="##any"' in root.joinpath("imsmd_rootv1p2p1.xsd").read_bytes()


def test_no_network_or_disk_path_is_used(monkeypatch):
    """Compiling goes through the resolver only; an import outside the shipped XSDs fails."""
    from courseforge.standards import xsd

    monkeypatch.setattr(xsd, "_compiled", {})
    monkeypatch.setitem(
        xsd._DRIVERS,
        "cmi5",
        xsd._Driver((("urn:x", "http://example.org/remote.xsd"),)),
    )
    with pytest.raises(xsd.SchemaLoadError):
        xsd.manifest_schema("cmi5")


@pytest.mark.parametrize(
    ("kind", "old", "new", "subject"),
    [
        # An attribute without a namespace (most of cmi5's and imscp's).
        ("cmi5", 'masteryScore="0.8"', 'masteryScore="2"', "masteryScore"),
        # A prefixed attribute: its local name, as inspect matches it.
        ("scorm2004", 'adlcp:scormType="sco"', 'adlcp:scormType="lesson"', "scormType"),
        ("scorm2004", 'adlcp:scormType="sco"', 'adlcp:scormtype="sco"', "scormtype"),
        ("scorm12", ' identifier="res"', "", "identifier"),
        ("scorm2004", "<resources>", "<resources><files/>", "files"),
    ],
)
def test_each_xsd_finding_names_the_attribute_or_element_it_is_about(kind, old, new, subject):
    # inspect lets a specific rule's problem about the same subject on the same line replace
    # the XSD's; the subject is the bare local name, whatever the namespace.
    source = VALID[kind]
    assert old in source
    findings = validate_manifest(source.replace(old, new, 1).encode(), kind)

    assert [(f.rule, f.subject) for f in findings] == [(XSD_INVALID, subject)]


def test_an_entity_reference_is_its_own_finding():
    manifest = SCORM12.replace(
        "<manifest", '<!DOCTYPE manifest [<!ENTITY t "Course">]>\n<manifest'
    ).replace("<title>Course</title>", "<title>&t;</title>", 1)

    assert validate_manifest(manifest.encode(), "scorm12") == [
        Finding(XML_ENTITY, 9, "entity reference &t; is not allowed")
    ]


def test_a_manifest_that_is_not_xml_is_one_finding_with_its_line():
    manifest = SCORM12.replace("</organizations>", "</organisations>")

    assert validate_manifest(manifest.encode(), "scorm12") == [
        Finding(
            XML_MALFORMED,
            14,
            "not well-formed XML: Opening and ending tag mismatch: organizations line 6 and "
            "organisations (column 19)",
        )
    ]
