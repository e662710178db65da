"""The manifest checks' exact findings, edge by edge, and what untrusted XML cannot do to them.

Messages are compared whole: the line number and every word are what an author or an LMS
admin reads, so a check that reports the wrong line or garbles its message is a broken check.
"""

from __future__ import annotations

import pytest

from courseforge.standards import xsd
from courseforge.standards.cmi5 import check_cmi5_xml
from courseforge.standards.tincan import check_tincan_xml
from courseforge.standards.xsd import SchemaLoadError, validate_manifest
from tests.standards.test_xsd import SCORM12, SCORM2004
from tests.targets.test_cmi5 import GOOD as CMI5
from tests.targets.test_xapi import GOOD as TINCAN


def messages(findings) -> list[str]:
    return [str(finding) for finding in findings]


FILES = ["index.html"]
CMI5_NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"


def cmi5(*replacements: tuple[str, str]) -> list[str]:
    document = CMI5
    for old, new in replacements:
        assert old in document
        document = document.replace(old, new)
    return [str(f) for f in check_cmi5_xml(document.encode(), FILES)]


def tincan(*replacements: tuple[str, str]) -> list[str]:
    document = TINCAN
    for old, new in replacements:
        assert old in document
        document = document.replace(old, new)
    return [str(f) for f in check_tincan_xml(document.encode(), FILES)]


MASTERY = 'masteryScore="0.8"'
URL = "<url>index.html</url>"


def out_of_range(value: str) -> str:
    return (
        f"line 13: Element '{CMI5_NS}au', attribute 'masteryScore': [facet 'maxInclusive'] "
        f"The value '{value}' is greater than the maximum value allowed ('1')."
    )


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        ([(MASTERY, 'masteryScore="0"')], []),
        ([(MASTERY, 'masteryScore="1"')], []),
        ([(MASTERY, 'masteryScore="0.1234"')], []),
        (
            [(MASTERY, 'masteryScore="1.5"')],
            [
                out_of_range("1.5"),
                "line 13: au 'https://example.org/c/au' has masteryScore='1.5'; cmi5 needs a decimal from 0 to 1 (a scaled score); for 1.5% write 0.015",
            ],
        ),
        (
            [(MASTERY, 'masteryScore="100"')],
            [
                out_of_range("100"),
                "line 13: au 'https://example.org/c/au' has masteryScore='100'; cmi5 needs a decimal from 0 to 1 (a scaled score); for 100% write 1",
            ],
        ),
        (
            [(MASTERY, 'masteryScore="100.5"')],
            [
                out_of_range("100.5"),
                "line 13: au 'https://example.org/c/au' has masteryScore='100.5'; cmi5 needs a decimal from 0 to 1 (a scaled score)",
            ],
        ),
        (
            # A missing id is the XSD's to report; the ids after it are still checked.
            [
                ('<course id="https://example.org/c">', "<course>"),
                ('au id="https://example.org/c/au"', 'au id="au-1"'),
            ],
            [
                f"line 3: Element '{CMI5_NS}course': The attribute 'id' is required but missing.",
                "line 13: <au> id must be an absolute IRI, got 'au-1'",
            ],
        ),
        (
            [(' idref="https://example.org/c/objectives/1"', "")],
            [
                "line 16: objective idref '' does not match any objective declared under "
                "<objectives>"
            ],
        ),
        (
            # Both ids missing: the XSD's finding only, not a reference to a missing objective.
            [
                ('<objective id="https://example.org/c/objectives/1">', "<objective>"),
                (' idref="https://example.org/c/objectives/1"', ""),
            ],
            [f"line 8: Element '{CMI5_NS}objective': The attribute 'id' is required but missing."],
        ),
        (
            [(URL, "<url></url>")],
            [
                f"line 17: Element '{CMI5_NS}url': [facet 'minLength'] The value has a length "
                "of '0'; this underruns the allowed minimum length of '1'."
            ],
        ),
        (
            [(URL, "<url>index.html?actor</url>")],
            [
                "line 17: <url> query uses the launch parameter name(s) actor, which the LMS "
                "appends at launch"
            ],
        ),
        (
            [(URL, "<url>index.html?endpoint=a&amp;actor=b</url>")],
            [
                "line 17: <url> query uses the launch parameter name(s) actor, endpoint, which "
                "the LMS appends at launch"
            ],
        ),
        ([(URL, "<url>urn:example:au</url>")], []),
        (
            [(URL, "<url>/index.html</url>")],
            ["line 17: <url> must stay inside the package, got '/index.html'"],
        ),
        ([("<au ", "<!-- a comment -->\n  <au ")], []),
    ],
)
def test_cmi5_findings(replacements, expected):
    assert cmi5(*replacements) == expected


LAUNCH = ">index.html<"


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        ([(">Course</name>", "></name>")], ["line 4: <activity> needs a non-empty <name>"]),
        (
            # A comment is skipped, and the children after it are still checked.
            [("<launch", '<!-- c --><x:extra xmlns:x="urn:x"/><launch')],
            ["line 7: element '{urn:x}extra' is not in the TinCan namespace"],
        ),
        ([(LAUNCH, ">urn:example:au<")], []),
        (
            [(LAUNCH, ">/index.html<")],
            ["line 7: <launch> must stay inside the package, got '/index.html'"],
        ),
        (
            # The first activity's problem is kept when a second activity is checked.
            [
                (' type="http://adlnet.gov/expapi/activities/course"', ""),
                (
                    "</activities>",
                    '<activity id="https://example.org/other" type="t"><name>O</name>'
                    "</activity></activities>",
                ),
            ],
            ["line 4: <activity> needs a 'type' attribute"],
        ),
    ],
)
def test_tincan_findings(replacements, expected):
    assert tincan(*replacements) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'adlcp:scormType="sco"',
            'adlcp:scormType="sco" adlcp:completionThresold="0.5"',
            "line 29: Element '{http://www.imsglobal.org/xsd/imscp_v1p1}resource', attribute "
            "'{http://www.adlnet.org/xsd/adlcp_v1p3}completionThresold': not declared by the "
            "official schema of its namespace",
        ),
        (
            "<adlnav:presentation>",
            "<adlcp:bogus/><adlnav:presentation>",
            "line 22: Element '{http://www.adlnet.org/xsd/adlcp_v1p3}bogus': not declared by the "
            "official schema of its namespace",
        ),
    ],
)
def test_a_misspelt_scorm_2004_extension_is_named(old, new, expected):
    assert messages(validate_manifest(SCORM2004.replace(old, new).encode(), "scorm2004")) == [
        expected
    ]


def test_comments_and_processing_instructions_are_fine():
    manifest = SCORM12.replace("<resources>", "<!-- c --><?pi x?><resources>")
    assert messages(validate_manifest(manifest.encode(), "scorm12")) == []


# ---- Untrusted XML: entities are never expanded, and never crash the checks ----------------


def test_an_entity_in_a_manifest_is_reported_not_expanded_or_crashing():
    manifest = SCORM12.replace(
        "<manifest", '<!DOCTYPE manifest [<!ENTITY t "Course">]>\n<manifest'
    ).replace("<title>Course</title>", "<title>&t;</title>", 1)

    assert messages(validate_manifest(manifest.encode(), "scorm12")) == [
        "line 9: entity reference &t; is not allowed"
    ]


def test_an_entity_in_cmi5_xml_is_reported_and_its_text_never_read():
    # Expanded, the url would leave the package; unexpanded it is only the entity's problem.
    doctype = '<!DOCTYPE courseStructure [<!ENTITY u "../index.html">]>\n<courseStructure'
    problems = cmi5(("<courseStructure", doctype), (URL, "<url>&u;</url>"))

    assert problems == ["line 18: entity reference &u; is not allowed"]


def test_an_entity_in_tincan_xml_is_not_expanded():
    doctype = '<!DOCTYPE tincan [<!ENTITY n "Injected">]>\n<tincan'
    problems = tincan(("<tincan", doctype), (">Course</name>", ">&n;</name>"))

    assert problems == ["line 5: <activity> needs a non-empty <name>"]


# ---- The shipped schemas: patched in memory, imports kept inside, failures named ----------


def test_a_patch_whose_text_is_gone_is_refused_by_name(monkeypatch):
    monkeypatch.setitem(xsd._PATCHES, "scorm12/ims_xml.xsd", ((b"no such text", b""),))

    with pytest.raises(SchemaLoadError) as refused:
        xsd.schema_bytes("scorm12/ims_xml.xsd")

    assert str(refused.value) == (
        "expected text to patch is missing from scorm12/ims_xml.xsd: b'no such text'"
    )


def test_an_import_outside_the_shipped_schemas_is_refused():
    with pytest.raises(SchemaLoadError) as refused:
        xsd._ShippedSchemaResolver().resolve("https://example.org/evil.xsd", None, None)

    assert str(refused.value) == (
        "schema import outside the shipped XSDs: https://example.org/evil.xsd"
    )


def test_schemas_that_do_not_compile_are_a_named_packaging_error(monkeypatch):
    broken = xsd._Driver((("urn:example", "scorm2004_4th/datatypes.dtd"),))
    monkeypatch.setitem(xsd._DRIVERS, "cmi5", broken)
    monkeypatch.delitem(xsd._compiled, "cmi5", raising=False)

    with pytest.raises(SchemaLoadError, match=r"^cannot compile the cmi5 XSDs: "):
        xsd.manifest_schema("cmi5")
    monkeypatch.undo()
    assert messages(validate_manifest(CMI5.encode(), "cmi5")) == []


@pytest.mark.parametrize(
    ("kind", "valid", "old", "new", "named"),
    [
        ("scorm12", SCORM12, "<title>", '<title adlcp:nope="1">', "nope"),
        ("scorm2004", SCORM2004, "<title>", '<title adlcp:nope="1">', "nope"),
        ("cmi5", CMI5, 'masteryScore="0.8"', 'masteryScore="2"', "masteryScore"),
    ],
)
def test_schemas_compile_from_scratch(monkeypatch, kind, valid, old, new, named):
    # Compiled once per process otherwise: this is the path every fresh process takes.
    monkeypatch.setattr(xsd, "_compiled", {})
    monkeypatch.setattr(xsd, "_declared", {})

    assert messages(validate_manifest(valid.encode(), kind)) == []
    problems = messages(validate_manifest(valid.replace(old, new, 1).encode(), kind))
    assert problems and all(named in p for p in problems), problems
