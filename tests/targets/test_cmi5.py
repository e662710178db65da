"""The `cmi5` target: cmi5.xml valid against the official CourseStructure.xsd, moveOn and
masteryScore from the course, and `check_cmi5_xml`'s negative cases."""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from courseforge.build import build
from courseforge.errors import CourseError
from courseforge.loader import load_course
from courseforge.render import render_site
from courseforge.standards.cmi5 import CMI5_NAMESPACE, check_cmi5_xml
from courseforge.standards.xsd import validate_manifest
from courseforge.targets import percent_as_fraction
from courseforge.targets.cmi5 import Cmi5Target

REPO = Path(__file__).resolve().parents[2]
NS = {"c": CMI5_NAMESPACE}


@pytest.fixture(scope="module")
def course():
    return load_course(REPO / "course")


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["cmi5"])
    with zipfile.ZipFile(out / "ai-engineering-architect-cmi5.zip") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_cmi5_xml_is_at_the_root_and_valid_against_the_official_xsd(package):
    assert [n for n in package if n.endswith("cmi5.xml")] == ["cmi5.xml"]
    assert validate_manifest(package["cmi5.xml"], "cmi5") == []
    assert check_cmi5_xml(package["cmi5.xml"], package_files=package) == []


def test_the_course_structure_describes_one_au(package, course):
    root = etree.fromstring(package["cmi5.xml"])
    assert root.find("c:course", NS).get("id") == course.activity_iri()
    assert root.findtext("c:course/c:title/c:langstring", namespaces=NS) == course.title
    aus = root.findall("c:au", NS)
    assert len(aus) == 1
    au = aus[0]
    assert au.get("id") == course.activity_iri("au")
    assert au.get("moveOn") == "CompletedAndPassed"  # completion: all_lessons_and_pass
    assert au.get("masteryScore") == "0.8"  # mastery_score: 80, as cmi5's 0–1 decimal
    assert au.get("launchMethod") == "AnyWindow"
    assert au.findtext("c:url", namespaces=NS) == "index.html"
    assert "index.html" in package
    objectives = root.findall("c:objectives/c:objective", NS)
    assert len(objectives) == len(course.objectives)
    refs = [o.get("idref") for o in au.findall("c:objectives/c:objective", NS)]
    assert refs == [o.get("id") for o in objectives]


def test_descriptions_language_and_objectives_come_from_the_course(package, course):
    root = etree.fromstring(package["cmi5.xml"])
    for where in ("c:course", "c:au"):
        assert root.findtext(f"{where}/c:description/c:langstring", namespaces=NS) == (
            course.description
        )
    langs = {s.get("lang") for s in root.iter(f"{{{CMI5_NAMESPACE}}}langstring")}
    assert langs == {course.language} == {"en"}
    objectives = root.findall("c:objectives/c:objective", NS)
    assert [o.get("id") for o in objectives] == [
        f"{course.activity_iri()}/objectives/{n}" for n in range(1, len(course.objectives) + 1)
    ]
    for objective, text in zip(objectives, course.objectives, strict=True):
        assert objective.findtext("c:title/c:langstring", namespaces=NS) == text
        assert objective.findtext("c:description/c:langstring", namespaces=NS) == text


def test_the_package_loads_the_xapi_adapter_and_holds_no_credentials(package):
    assert b'src="runtime/adapters/xapi.js"' in package["index.html"]
    for name, data in package.items():
        assert b"auth-token" not in data or name == "runtime/adapters/xapi.js", name
        assert b"127.0.0.1" not in data, name


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(80, "0.8"), (0, "0"), (100, "1"), (75, "0.75"), (33, "0.33"), (5, "0.05")],
)
def test_mastery_fraction(percent, expected):
    assert percent_as_fraction(percent) == expected


# ---- variants of a small course ------------------------------------------------------------

COURSE = """\
id: tiny
title: Tiny & <small>
description: A course for "tests".
base_iri: https://example.org/tiny
completion: {completion}
mastery_score: {mastery}
targets: {targets}
modules: [m]
"""
MODULE = "id: m\ntitle: M\npages: [{lesson}.md, check.quiz.yaml]\n"
LESSON = "---\nid: {lesson}\ntitle: Hello\n---\nText.\n"
QUIZ = """\
id: check
title: Check
graded: {graded}
questions:
  - id: q1
    type: true_false
    prompt: Yes?
    answer: true
"""


def tiny_course(
    root: Path,
    completion="all_lessons_and_pass",
    mastery=75,
    graded="true",
    lesson="hello",
    targets="[web, cmi5]",
):
    (root / "modules" / "m").mkdir(parents=True)
    (root / "course.yaml").write_text(
        COURSE.format(completion=completion, mastery=mastery, targets=targets)
    )
    (root / "modules/m/module.yaml").write_text(MODULE.format(lesson=lesson))
    (root / f"modules/m/{lesson}.md").write_text(LESSON.format(lesson=lesson))
    (root / "modules/m/check.quiz.yaml").write_text(QUIZ.format(graded=graded))
    return load_course(root)


def cmi5_au(course) -> etree._Element:
    xml = Cmi5Target(course, render_site(course)).cmi5_xml()
    assert check_cmi5_xml(xml, package_files=["index.html"]) == []
    return etree.fromstring(xml).find("c:au", NS)


@pytest.mark.parametrize(
    ("completion", "move_on"),
    [
        ("all_lessons", "Completed"),
        ("pass", "Passed"),
        ("all_lessons_and_pass", "CompletedAndPassed"),
    ],
)
def test_move_on_follows_the_completion_rule(tmp_path, completion, move_on):
    au = cmi5_au(tiny_course(tmp_path, completion=completion))
    assert au.get("moveOn") == move_on
    assert au.get("masteryScore") == "0.75"


def test_no_mastery_score_without_graded_quizzes(tmp_path):
    au = cmi5_au(tiny_course(tmp_path, completion="all_lessons", graded="false"))
    assert au.get("masteryScore") is None


def test_titles_are_escaped(tmp_path):
    course = tiny_course(tmp_path)
    root = etree.fromstring(Cmi5Target(course, render_site(course)).cmi5_xml())
    assert root.findtext("c:course/c:title/c:langstring", namespaces=NS) == "Tiny & <small>"


AU_RESERVED = (
    "modules/m/au.md:2:1: id: page id 'au' is reserved by the cmi5 target (the course IRI "
    "followed by /au is the id of the cmi5 AU); rename the page"
)


def test_a_page_named_like_the_au_is_a_located_author_error(tmp_path):
    """Reserved by the registry's cmi5 entry: `validate` says where, before any build."""
    (tmp_path / "course").mkdir()
    with pytest.raises(CourseError) as caught:
        tiny_course(tmp_path / "course", lesson="au", targets="[web, cmi5]")
    assert [str(e).replace(str(tmp_path / "course") + "/", "") for e in caught.value.errors] == [
        AU_RESERVED
    ]


def test_the_au_page_id_is_free_when_the_course_is_not_built_for_cmi5(tmp_path):
    course = tiny_course(tmp_path, lesson="au", targets="[web, scorm12]")
    assert [page.id for page in course.pages()] == ["au", "check"]


def test_building_cmi5_on_request_checks_its_reserved_ids_too(tmp_path):
    tiny_course(tmp_path / "course", lesson="au", targets="[web]")
    with pytest.raises(CourseError) as caught:
        build(tmp_path / "course", tmp_path / "dist", ["cmi5"])
    assert [str(e).replace(str(tmp_path / "course") + "/", "") for e in caught.value.errors] == [
        AU_RESERVED
    ]
    assert not (tmp_path / "dist").exists()


# ---- check_cmi5_xml: one problem each ------------------------------------------------------

GOOD = textwrap.dedent(
    """\
    <?xml version="1.0" encoding="utf-8"?>
    <courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
      <course id="https://example.org/c">
        <title><langstring lang="en">C</langstring></title>
        <description><langstring lang="en">D</langstring></description>
      </course>
      <objectives>
        <objective id="https://example.org/c/objectives/1">
          <title><langstring lang="en">O</langstring></title>
          <description><langstring lang="en">O</langstring></description>
        </objective>
      </objectives>
      <au id="https://example.org/c/au" moveOn="CompletedAndPassed" masteryScore="0.8">
        <title><langstring lang="en">AU</langstring></title>
        <description><langstring lang="en">AU</langstring></description>
        <objectives><objective idref="https://example.org/c/objectives/1"/></objectives>
        <url>index.html</url>
      </au>
    </courseStructure>
    """
)


def test_the_good_structure_is_fine():
    assert check_cmi5_xml(GOOD.encode(), package_files=["index.html"]) == []


@pytest.mark.parametrize("example", ["simple-cmi5.xml", "complex-cmi5.xml"])
def test_the_specs_examples_pass(example):
    # The cmi5 spec's own examples (AICC/CMI-5_Spec_Current v1/examples, as in schemas/xsd/SOURCES.md).
    path = Path(__file__).with_name("cmi5_spec_examples") / example
    assert check_cmi5_xml(path.read_bytes()) == []


@pytest.mark.parametrize(
    ("old", "new", "messages"),
    [
        # masteryScore as a percentage: the XSD says "out of range", ours says what to write.
        (
            'masteryScore="0.8"',
            'masteryScore="80"',
            [
                "line 13: Element '{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}au', attribute 'masteryScore': [facet 'maxInclusive'] The value '80' is greater than the maximum value allowed ('1').",
                "line 13: au 'https://example.org/c/au' has masteryScore='80'; cmi5 needs a decimal from 0 to 1 (a scaled score); for 80% write 0.8",
            ],
        ),
        (
            'masteryScore="0.8"',
            'masteryScore="0.12345"',
            ["line 13: masteryScore has more than 4 decimal places: '0.12345'"],
        ),
        (
            'moveOn="CompletedAndPassed"',
            'moveOn="Complete"',
            [
                "line 13: Element '{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}au', attribute 'moveOn': [facet 'enumeration'] The value 'Complete' is not an element of the set {'NotApplicable', 'Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed'}."
            ],
        ),
        (
            "<url>index.html</url>",
            "",
            [
                "line 13: Element '{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}au': Missing child element(s). Expected is ( {https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}url )."
            ],
        ),
        (
            "<url>index.html</url>",
            "<url>start.html</url>",
            ["line 17: <url> names 'start.html', which is not in the package"],
        ),
        (
            "<url>index.html</url>",
            "<url>../index.html</url>",
            ["line 17: <url> must stay inside the package, got '../index.html'"],
        ),
        (
            "<url>index.html</url>",
            "<url>index.html?actor=x</url>",
            [
                "line 17: <url> query uses the launch parameter name(s) actor, which the LMS appends at launch"
            ],
        ),
        (
            'au id="https://example.org/c/au"',
            'au id="au-1"',
            ["line 13: <au> id must be an absolute IRI, got 'au-1'"],
        ),
        (
            'au id="https://example.org/c/au"',
            'au id="https://example.org/c"',
            [
                "line 13: <au> id 'https://example.org/c' is already used on line 3; ids must be unique in the course structure"
            ],
        ),
        (
            'idref="https://example.org/c/objectives/1"',
            'idref="https://example.org/c/objectives/2"',
            [
                "line 16: objective idref 'https://example.org/c/objectives/2' does not match any objective declared under <objectives>"
            ],
        ),
        (
            "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd",
            "https://example.org/cmi5",
            [
                "line 2: Element '{https://example.org/cmi5}courseStructure': No matching global declaration available for the validation root."
            ],
        ),
        (
            "</courseStructure>",
            "</courseStructur>",
            [
                "line 19: not well-formed XML: Opening and ending tag mismatch: courseStructure line 2 and courseStructur (column 18)"
            ],
        ),
    ],
)
def test_check_cmi5_xml_reports(old, new, messages):
    problems = [
        str(f)
        for f in check_cmi5_xml(GOOD.replace(old, new).encode(), package_files=["index.html"])
    ]
    assert problems == messages


def test_a_course_structure_without_au_is_reported():
    start = GOOD.index("  <au ")
    end = GOOD.index("</au>") + len("</au>\n")
    problems = [str(f) for f in check_cmi5_xml((GOOD[:start] + GOOD[end:]).encode())]
    assert problems[-1] == "line 2: the course structure has no <au>", problems
    assert "Missing child element(s). Expected is one of" in problems[0]
