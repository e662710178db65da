"""What each manifest check says, word for word, and where: SCORM, cmi5, TinCan and QTI.

Each case is a foreign package with one fault; the test reads `inspect --json` and asserts every
problem (rule, `file:line`, exact message, or the stable start of a message quoted from libxml2)
and the exit code. Near misses (a setting at its bound, a less common but valid way of writing
it) must stay clean. test_inspect_scorm_findings.py holds the SCORM cases that need more than a
table row.
"""

from __future__ import annotations

import re

import pytest
from inspect_packages import (
    cmi5_files,
    qti21_files,
    scorm12_files,
    tincan_files,
)
from manifest_cases_other import cmi5_cases, qti_cases, tincan_cases
from manifest_cases_scorm import scorm_cases
from manifest_edits import (
    AU,
    REREAD,
    M,
    at,
    cmi5,
    edited,
    inspect_json,
    scorm12,
    scorm2004,
    tincan,
    without,
)

CASES = {
    **{f"SCORM: {name}": case for name, case in scorm_cases().items()},
    **{f"cmi5: {name}": case for name, case in cmi5_cases().items()},
    **{f"TinCan: {name}": case for name, case in tincan_cases().items()},
    **{f"QTI: {name}": case for name, case in qti_cases().items()},
}


@pytest.mark.parametrize("case", CASES)
def test_each_manifest_fault_is_reported_in_these_words_at_this_line(tmp_path, case):
    files, expected = CASES[case]
    code, report = inspect_json(tmp_path, files)
    found = [(p["rule"], p["where"], p["message"]) for p in report["problems"]]
    assert (code, found) == (1, expected)


# libxml2 words these; the start and the place are inspect's own.
@pytest.mark.parametrize(
    ("files", "where", "start"),
    [
        (
            scorm12("</manifest>", "</manifest"),
            f"{M}:{len(scorm12_files()[M].decode().splitlines()) + 1}",
            "imsmanifest.xml is not well-formed XML: expected '>'",
        ),
        (
            {**scorm12_files(), M: b"<manifest>" + b"<a>" * 300 + b"</a>" * 300 + b"</manifest>"},
            f"{M}:1",
            "imsmanifest.xml is not well-formed XML: Excessive depth in document: 256",
        ),
        (
            cmi5("</courseStructure>", "</courseStructure"),
            f"cmi5.xml:{len(cmi5_files()['cmi5.xml'].decode().splitlines()) + 1}",
            "cmi5.xml is not well-formed XML: expected '>'",
        ),
        (
            tincan("</tincan>", "</tincan"),
            f"tincan.xml:{len(tincan_files()['tincan.xml'].decode().splitlines()) + 1}",
            "tincan.xml is not well-formed XML: expected '>'",
        ),
    ],
    ids=["SCORM", "nested too deep", "cmi5", "TinCan"],
)
def test_a_manifest_that_is_not_xml_is_located(tmp_path, files, where, start):
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [(p["rule"], p["where"]) for p in report["problems"]] == [("xml-malformed", where)]
    message = report["problems"][0]["message"]
    assert message.startswith(start), message
    # The line is the place's alone; libxml2's appended position is not repeated in the words.
    assert re.fullmatch(re.escape(start) + r".* \(column \d+\)", message), message
    assert ", line " not in message, message


@pytest.mark.parametrize(
    ("score", "faulty"),
    [
        ("0", False),
        ("100", False),
        ("100.0", False),
        ("42.5", False),
        ("100.5", True),
        ("101", True),
        ("-1", True),
        ("-0.5", True),
        ("NaN", True),
        ("Infinity", True),
        ("", True),
        ("75%", True),
    ],
)
def test_masteryscore_is_a_number_from_0_to_100_inclusive(tmp_path, score, faulty):
    files = scorm12_files(masteryscore=score)
    code, report = inspect_json(tmp_path, files)
    expected = [
        (
            "scorm-masteryscore",
            at(files, M, "<adlcp:masteryscore>"),
            f"adlcp:masteryscore is {score!r}; SCORM 1.2 needs a number from 0 to 100 (the XSD "
            "accepts any string, LMSs compare it with cmi.core.score.raw)",
        )
    ]
    found = [(p["rule"], p["where"], p["message"]) for p in report["problems"]]
    assert (code, found) == ((1, expected) if faulty else (0, []))
    assert report["units"][0]["mastery"] == {"masteryscore": score}


def test_completion_threshold_written_as_the_4th_edition_attribute_is_reported(tmp_path):
    files = scorm2004(
        "<title>Only SCO</title>",
        "<title>Only SCO</title>\n"
        '        <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.7"/>',
    )
    code, report = inspect_json(tmp_path, files)
    assert (code, report["problems"]) == (0, [])
    assert report["units"][0]["mastery"]["completionThreshold"] == "0.7"


def test_xml_base_on_the_resource_itself_is_what_moodle_opens(tmp_path):
    files = scorm12(
        'type="webcontent" adlcp:scormtype="sco" href="shared/launch.html"',
        ('type="webcontent" adlcp:scormtype="sco" xml:base="shared/" href="launch.html"'),
    )
    files = edited(files, M, '<file href="shared/launch.html"/>', '<file href="launch.html"/>')
    files = edited(files, M, '<file href="shared/style.css"/>', '<file href="style.css"/>')
    code, report = inspect_json(tmp_path, files)
    assert (code, report["problems"]) == (0, [])
    assert report["launch"] == "shared/launch.html"
    # Without the files it names, each is missing under its resolved path.
    broken = without(without(files, "shared/launch.html"), "shared/style.css")
    code, report = inspect_json(tmp_path, broken)
    assert code == 1
    assert [(p["rule"], p["message"]) for p in report["problems"]] == [
        (
            "launch-file-missing",
            "resource 'res-1' launches shared/launch.html, which is not in the zip",
        ),
        ("file-missing", "resource 'res-1' declares shared/style.css, which is not in the zip"),
    ]


def test_a_file_element_without_href_is_a_schema_problem_not_a_crash(tmp_path):
    files = scorm12('<file href="shared/style.css"/>', "<file/>")
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [(p["rule"], p["where"]) for p in report["problems"]] == [
        ("xsd-invalid", at(files, M, "<file/>")),
        ("file-undeclared", "shared/style.css"),
    ]


def test_an_au_without_id_is_listed_with_an_empty_one(tmp_path):
    files = cmi5(f'<au id="{AU}" ', "<au ")
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [(p["rule"], p["where"]) for p in report["problems"]] == [
        ("xsd-invalid", at(files, "cmi5.xml", "<au "))
    ]
    assert [(u["identifier"], u["title"], u["launch"]) for u in report["units"]] == [
        ("", "The AU", "index.html")
    ]


@pytest.mark.parametrize("schema", ["q/qti.xsd", "q/old.DTD", "imsmd_v1p2p4.xsd"])
def test_qti_schemas_travel_undeclared(tmp_path, schema):
    code, report = inspect_json(tmp_path, {**qti21_files(), schema: b"<schema/>"})
    assert (code, report["problems"]) == (0, [])


def test_a_finding_past_line_65535_is_not_capped_there(tmp_path):
    """libxml2 keeps 16-bit line numbers unless asked for more; lxml asks, so a line is never None.

    Past 65,535 libxml2 2.14 counts one line too many for an element after the first big line
    (its own quirk, seen with a plain etree.fromstring too): the check allows that one line.
    """
    files = without(scorm12_files(), "shared/style.css")
    files = edited(files, M, "  <resources>", "\n" * 70_000 + "  <resources>")
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [p["rule"] for p in report["problems"]] == ["file-missing"]
    name, line = report["problems"][0]["where"].split(":")
    true_line = int(at(files, M, '<file href="shared/style.css"').split(":")[1])
    assert (name, int(line) - true_line) in {(M, 0), (M, 1)}


def test_problems_are_ordered_by_file_then_line_number_then_rule(tmp_path):
    # Line 9 (the XSD's) before line 24, though "24" < "9" as text; at one place, by rule id.
    files = without(
        scorm12("<schema>ADL SCORM</schema>", "<schemo>ADL SCORM</schemo>"), "shared/style.css"
    )
    files = {**files, "A.txt": b"", "a.txt": b""}
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [(p["where"], p["rule"]) for p in report["problems"]] == [
        ("A.txt", "file-undeclared"),
        ("A.txt", "zip-case-collision"),
        ("a.txt", "file-undeclared"),
        (at(files, M, "<schemo>"), "xsd-invalid"),
        (at(files, M, '<file href="shared/style.css"'), "file-missing"),
    ]
    assert report["problems"][3]["where"] == "imsmanifest.xml:9"


@pytest.mark.parametrize(
    ("namespace_uri", "schemaversion", "kind"),
    [
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "2004 4th Edition", "scorm2004"),
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "1.2", "scorm12"),
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "CAM 1.3", "scorm12"),
    ],
)
def test_without_extension_namespaces_the_version_follows_the_cp_namespace_or_moodle(
    tmp_path, namespace_uri, schemaversion, kind
):
    """No adlcp/imsss at all: the CP 1.2 namespace says 1.2, else Moodle's reading decides."""
    manifest = f"""<?xml version="1.0"?>
<manifest identifier="m" xmlns="{namespace_uri}">
  <metadata><schema>ADL SCORM</schema><schemaversion>{schemaversion}</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>I</title></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>
"""
    _code, report = inspect_json(tmp_path, {M: manifest.encode(), "index.html": b"<p>"})
    assert report["kind"] == kind
    assert "scorm-scormtype" in {p["rule"] for p in report["problems"]}


def test_a_launch_file_named_only_by_the_resource_href_is_declared(tmp_path):
    files = scorm12('<file href="shared/launch.html"/>', "")
    code, report = inspect_json(tmp_path, files)
    assert (code, report["problems"]) == (0, [])


def test_every_declared_entity_is_named(tmp_path):
    files = edited(
        scorm12_files(), M, "?>\n", '?>\n<!DOCTYPE manifest [<!ENTITY a "1"><!ENTITY b "2">]>\n'
    )
    code, report = inspect_json(tmp_path, files)
    assert code == 1
    assert [(p["rule"], p["where"], p["message"]) for p in report["problems"]] == [
        ("xml-entity", M, f"imsmanifest.xml declares the entities a, b; {REREAD}")
    ]


def test_a_cmi5_title_in_several_languages_is_shown_in_its_first(tmp_path):
    two = '<langstring lang="en-US">The AU</langstring><langstring lang="fr">L\'AU</langstring>'
    files = cmi5('<langstring lang="en-US">The AU</langstring>', two)
    files = edited(
        files,
        "cmi5.xml",
        '<title><langstring lang="en-US">Foreign cmi5 course</langstring></title>',
        '<title><langstring lang="en-US">Foreign cmi5 course</langstring>'
        '<langstring lang="de">Fremder Kurs</langstring></title>',
    )
    code, report = inspect_json(tmp_path, files)
    assert (code, report["problems"]) == (0, [])
    assert report["title"] == "Foreign cmi5 course"
    assert [unit["title"] for unit in report["units"]] == ["The AU"]
