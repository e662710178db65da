"""Hand-written packages for the inspector tests: valid ones of each kind, and zips of any shape.

Nothing here comes from courseforge's own targets, so the tests show that `inspect` reads
other tools' packages too.
"""

from __future__ import annotations

import io
import zipfile

SCORM12_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.foreign12" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                        http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Foreign course</title>
      <item identifier="item-1" identifierref="res-1">
        <title>Lesson one</title>
        <adlcp:masteryscore>{masteryscore}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" adlcp:scormtype="sco" href="shared/launch.html">
      <file href="shared/launch.html"/>
      <file href="shared/style.css"/>
    </resource>
  </resources>
</manifest>
"""

SCORM2004_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.foreign2004" version="1"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd
                        http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd
                        http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{schemaversion}</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Course 2004</title>
      <item identifier="item-1" identifierref="res-1">
        <title>Only SCO</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" {scormtype}="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""

CMI5_XML = """<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.com/courses/foreign">
    <title><langstring lang="en-US">Foreign cmi5 course</langstring></title>
    <description><langstring lang="en-US">A course.</langstring></description>
  </course>
  <au id="https://example.com/courses/foreign/au1" moveOn="CompletedAndPassed" masteryScore="{mastery}">
    <title><langstring lang="en-US">The AU</langstring></title>
    <description><langstring lang="en-US">The only AU.</langstring></description>
    <url>index.html</url>
  </au>
</courseStructure>
"""

TINCAN_XML = """<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="{namespace}">
  <activities>
    <activity id="https://example.com/courses/golf" type="http://adlnet.gov/expapi/activities/course">
      <name>Golf example</name>
      <description lang="en-US">An overview of golf.</description>
      <launch lang="en-US">index.html</launch>
    </activity>{more}
  </activities>
</tincan>
"""

PAGE = b"<!doctype html><title>page</title>"


def scorm12_files(masteryscore: str = "75") -> dict[str, bytes]:
    return {
        "imsmanifest.xml": SCORM12_MANIFEST.format(masteryscore=masteryscore).encode(),
        "shared/launch.html": PAGE,
        "shared/style.css": b"body{}",
    }


def scorm2004_files(
    schemaversion: str = "2004 4th Edition", scormtype: str = "adlcp:scormType"
) -> dict[str, bytes]:
    manifest = SCORM2004_MANIFEST.format(schemaversion=schemaversion, scormtype=scormtype)
    return {"imsmanifest.xml": manifest.encode(), "index.html": PAGE}


def cmi5_files(mastery: str = "0.8") -> dict[str, bytes]:
    return {"cmi5.xml": CMI5_XML.format(mastery=mastery).encode(), "index.html": PAGE}


SECOND_ACTIVITY = """
    <activity id="https://example.com/courses/golf/2" type="http://adlnet.gov/expapi/activities/course">
      <name>Second</name>
      <launch lang="en-US">index.html</launch>
    </activity>"""


def tincan_files(
    namespace: str = "http://projecttincan.com/tincan.xsd", more: str = ""
) -> dict[str, bytes]:
    xml = TINCAN_XML.format(namespace=namespace, more=more)
    return {"tincan.xml": xml.encode(), "index.html": PAGE}


QTI_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bank-1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2">
  <metadata>
    <schema>QTIv2.1 Package</schema>
    <schemaversion>1.0.0</schemaversion>
    <imsmd:lom><imsmd:general><imsmd:title>
      <imsmd:langstring xml:lang="en">Foreign item bank</imsmd:langstring>
    </imsmd:title></imsmd:general></imsmd:lom>
  </metadata>
  <organizations/>
  <resources>
    <resource identifier="test-1" type="imsqti_test_xmlv2p1" href="tests/test1.xml">
      <file href="tests/test1.xml"/>
      <dependency identifierref="item-1"/>
    </resource>
    <resource identifier="item-1" type="{item_type}" href="q/item1.xml">
      <file href="q/item1.xml"/>
      <file href="q/img/dot.png"/>
    </resource>
  </resources>
</manifest>
"""

QTI_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="item1"
    title="Capital" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>paris</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>Which city? <img src="img/dot.png" alt="a dot"/></p>
    <choiceInteraction {interaction_attributes} shuffle="false" maxChoices="1">
      <simpleChoice identifier="paris">Paris</simpleChoice>
      <simpleChoice identifier="rome">Rome</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing
      template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""

QTI_TEST = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="test1"
    title="Capitals">
  <testPart identifier="part1" navigationMode="linear" submissionMode="individual">
    <assessmentSection identifier="s1" title="Section" visible="true">
      <assessmentItemRef identifier="item1" href="{item_href}"/>
    </assessmentSection>
  </testPart>
</assessmentTest>
"""


def qti21_files(
    item_type: str = "imsqti_item_xmlv2p1",
    interaction_attributes: str = 'responseIdentifier="RESPONSE"',
    item_href: str = "../q/item1.xml",
) -> dict[str, bytes]:
    """A QTI 2.1 package as another item bank writes it: a test, one item, the item's image."""
    return {
        "imsmanifest.xml": QTI_MANIFEST.format(item_type=item_type).encode(),
        "tests/test1.xml": QTI_TEST.format(item_href=item_href).encode(),
        "q/item1.xml": QTI_ITEM.format(interaction_attributes=interaction_attributes).encode(),
        "q/img/dot.png": b"\x89PNG",
    }


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """Zip `files` as given: names are written raw, unsafe ones included."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
