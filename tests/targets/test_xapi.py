"""The `xapi` target: a TinCan zip whose tincan.xml matches the reference structure.

There is no official tincan.xsd (schemas/xsd/SOURCES.md), so the package is
checked element by element against the reference instance and by `check_tincan_xml`, whose
negative cases are below.
"""

from __future__ import annotations

import re
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from courseforge.build import build
from courseforge.loader import load_course
from courseforge.standards.tincan import TINCAN_NAMESPACE, check_tincan_xml
from courseforge.targets.xapi import XAPI_ADAPTER_PARTS, xapi_adapter_source

REPO = Path(__file__).resolve().parents[2]
NS = {"t": TINCAN_NAMESPACE}


@pytest.fixture(scope="module")
def course():
    return load_course(REPO / "course")


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("dist")
    build(REPO / "course", out, ["xapi"])
    with zipfile.ZipFile(out / "ai-engineering-architect-xapi.zip") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_tincan_xml_sits_at_the_root_once(package):
    assert [n for n in package if n.rsplit("/", 1)[-1] == "tincan.xml"] == ["tincan.xml"]


def test_tincan_xml_has_the_reference_structure(package, course):
    root = etree.fromstring(package["tincan.xml"])
    assert root.tag == f"{{{TINCAN_NAMESPACE}}}tincan"
    assert [etree.QName(c).localname for c in root] == ["activities"]
    activities = root.findall("t:activities/t:activity", NS)
    assert len(activities) == 1
    activity = activities[0]
    assert (
        activity.get("id")
        == course.activity_iri()
        == "https://courses.example.org/ai-engineering-architect"
    )
    assert activity.get("type") == "http://adlnet.gov/expapi/activities/course"
    assert [etree.QName(c).localname for c in activity] == ["name", "description", "launch"]
    assert activity.findtext("t:name", namespaces=NS) == course.title
    assert activity.findtext("t:description", namespaces=NS) == course.description
    assert {c.get("lang") for c in activity} == {course.language}
    assert activity.findtext("t:launch", namespaces=NS) == "index.html"


def test_built_tincan_xml_passes_the_checker(package):
    assert check_tincan_xml(package["tincan.xml"], package_files=package) == []


def test_launch_page_loads_the_xapi_adapter(package):
    assert "runtime/adapters/xapi.js" in package
    assert b'src="runtime/adapters/xapi.js"' in package["index.html"]


def test_no_credentials_or_endpoints_in_the_package(package):
    basic = re.compile(rb"Basic [A-Za-z0-9+/]{12,}={0,2}")
    for name, data in package.items():
        assert not basic.search(data), name
        assert b"127.0.0.1" not in data and b"localhost" not in data, name


# ---- check_tincan_xml: one problem each ----------------------------------------------------

GOOD = """<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="https://example.org/course" type="http://adlnet.gov/expapi/activities/course">
      <name lang="en">Course</name>
      <description lang="en">About it.</description>
      <launch lang="en">index.html</launch>
    </activity>
  </activities>
</tincan>
"""


def test_the_reference_shape_is_fine():
    assert check_tincan_xml(GOOD.encode(), package_files=["index.html"]) == []


def test_the_golf_example_instance_is_fine():
    golf = """<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
      <activity id="http://beta.projecttincan.com/auto_testing/test_course_1" type="interaction">
        <name>Tin Can Golf Example</name>
        <description lang="en-US">An overview of the sport of golf.</description>
        <launch lang="en-us">index.html</launch>
      </activity></activities></tincan>"""
    assert check_tincan_xml(golf.encode()) == []


SECOND_LAUNCHABLE = """
    <activity id="https://example.org/other" type="http://adlnet.gov/expapi/activities/lesson">
      <name lang="en">Other</name>
      <launch lang="en">other.html</launch>
    </activity>
  </activities>"""


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            GOOD.replace("projecttincan.com/tincan.xsd", "example.org/tincan"),
            "line 2: root element must be 'tincan' in the namespace http://projecttincan.com/tincan.xsd, got '{http://example.org/tincan}tincan'",
        ),
        (
            GOOD.replace("</activities>", SECOND_LAUNCHABLE),
            "line 10: only one activity may have <launch> or <resource>, found 2 (lines 4, 10)",
        ),
        (
            GOOD.replace('<launch lang="en">index.html</launch>', ""),
            "line 2: no activity has a <launch> element",
        ),
        (
            GOOD.replace('id="https://example.org/course"', 'id="course-1"'),
            "line 4: activity id must be an absolute IRI, got 'course-1'",
        ),
        (
            GOOD.replace('id="https://example.org/course" ', ""),
            "line 4: <activity> needs an 'id' attribute",
        ),
        (
            GOOD.replace(' type="http://adlnet.gov/expapi/activities/course"', ""),
            "line 4: <activity> needs a 'type' attribute",
        ),
        (
            GOOD.replace('<name lang="en">Course</name>', ""),
            "line 4: <activity> needs a non-empty <name>",
        ),
        (
            GOOD.replace(">index.html<", ">start.html<"),
            "line 7: <launch> names 'start.html', which is not in the package",
        ),
        (
            GOOD.replace(">index.html<", ">../index.html<"),
            "line 7: <launch> must stay inside the package, got '../index.html'",
        ),
        (GOOD.replace(">index.html<", "><"), "line 7: <launch> is empty"),
        (
            GOOD.replace("<description", "<descripton").replace("</description", "</descripton"),
            "line 6: unknown element <descripton> in <activity>",
        ),
        (
            GOOD.replace("<activities>", "<activities>\n<activity>"),
            "line 10: not well-formed XML: Opening and ending tag mismatch: activity line 4 and activities (column 16)",
        ),
        (
            GOOD.replace("<activities>", "").replace("</activities>", ""),
            "line 2: no <activities>/<activity> element",
        ),
    ],
)
def test_check_tincan_xml_reports(broken, expected):
    problems = [str(f) for f in check_tincan_xml(broken.encode(), package_files=["index.html"])]
    assert problems == [expected]


def test_duplicate_activity_ids_are_reported():
    twice = GOOD.replace(
        "</activities>",
        '<activity id="https://example.org/course" type="t"><name>Again</name></activity></activities>',
    )
    problems = [str(f) for f in check_tincan_xml(twice.encode())]
    assert problems == [
        "line 9: activity id 'https://example.org/course' repeats the one on line 4"
    ]


def test_an_absolute_launch_url_is_allowed():
    hosted = GOOD.replace(">index.html<", ">https://content.example.org/course/index.html<")
    assert check_tincan_xml(hosted.encode(), package_files=["index.html"]) == []


def test_the_shipped_adapter_names_its_parts_and_holds_each_in_order():
    source = xapi_adapter_source().decode("utf-8")
    header, scope, body = source.split("\n", 2)
    assert header == (
        "/* courseforge xapi tracking adapter: "
        "xapi-lrs.js + patterns.js + xapi-statements.js + xapi-sync.js + xapi.js */"
    )
    assert scope == "(function () {"
    runtime = resources.files("courseforge.runtime").joinpath("adapters")
    parts = [runtime.joinpath(name).read_text(encoding="utf-8") for name in XAPI_ADAPTER_PARTS]
    assert body == '"use strict";\n' + "\n".join(parts) + "\n})();\n"
