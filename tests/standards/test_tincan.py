"""tincan.xml checks: each finding whole (rule, line, message and the subject inspect matches on).

The subject is what `inspect` uses to let a more specific rule's problem (launch-file-missing)
replace the general tincan-structure one on the same line, so each finding must name the
element or attribute it is about. test_checks_exact.py compares the printed messages; these
compare every field.
"""

from __future__ import annotations

import pytest

from courseforge.standards.findings import (
    LAUNCH_FILE_MISSING,
    TINCAN_STRUCTURE,
    XML_MALFORMED,
    Finding,
)
from courseforge.standards.tincan import check_tincan_xml
from tests.targets.test_xapi import GOOD

ID = ' id="https://example.org/course"'
TYPE = ' type="http://adlnet.gov/expapi/activities/course"'
LAUNCH = '<launch lang="en">index.html</launch>'
ACTIVITY_END = "</activity>"


def check(*replacements: tuple[str, str]) -> list[Finding]:
    document = GOOD
    for old, new in replacements:
        assert old in document
        document = document.replace(old, new)
    return check_tincan_xml(document.encode(), ["index.html"])


def structure(line: int, subject: str, message: str) -> Finding:
    return Finding(TINCAN_STRUCTURE, line, message, subject)


def second_activity(inner: str, activity_id: str = "https://example.org/other") -> tuple[str, str]:
    """Add a second activity on line 9, after the first one."""
    return (
        "</activity>\n",
        f'</activity>\n    <activity id="{activity_id}" type="t"><name>O</name>{inner}'
        "</activity>\n",
    )


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        ([(ID, "")], [structure(4, "id", "<activity> needs an 'id' attribute")]),
        (
            [(ID, ' id="course"')],
            [structure(4, "id", "activity id must be an absolute IRI, got 'course'")],
        ),
        (
            [second_activity("", "https://example.org/course")],
            [
                structure(
                    9, "id", "activity id 'https://example.org/course' repeats the one on line 4"
                )
            ],
        ),
        ([(TYPE, "")], [structure(4, "type", "<activity> needs a 'type' attribute")]),
        (
            [('<name lang="en">Course</name>', "")],
            [structure(4, "name", "<activity> needs a non-empty <name>")],
        ),
        (
            [(LAUNCH, LAUNCH + '<x:extra xmlns:x="urn:x"/>')],
            [structure(7, "extra", "element '{urn:x}extra' is not in the TinCan namespace")],
        ),
        (
            [(LAUNCH, LAUNCH + "<bogus/>")],
            [structure(7, "bogus", "unknown element <bogus> in <activity>")],
        ),
        (
            [('xmlns="http://projecttincan.com/tincan.xsd"', 'xmlns="urn:x"')],
            [
                structure(
                    2,
                    "tincan",
                    "root element must be 'tincan' in the namespace "
                    "http://projecttincan.com/tincan.xsd, got '{urn:x}tincan'",
                )
            ],
        ),
        (
            [("<activity ", "<other "), (ACTIVITY_END, "</other>")],
            [structure(2, "activities", "no <activities>/<activity> element")],
        ),
        ([(LAUNCH, "")], [structure(2, "launch", "no activity has a <launch> element")]),
        (
            [second_activity("<launch>other.html</launch>")],
            [
                structure(
                    9,
                    "launch",
                    "only one activity may have <launch> or <resource>, found 2 (lines 4, 9)",
                )
            ],
        ),
        ([(LAUNCH, "<launch> </launch>")], [structure(7, "launch", "<launch> is empty")]),
        (
            [(LAUNCH, "<launch>../index.html</launch>")],
            [structure(7, "launch", "<launch> must stay inside the package, got '../index.html'")],
        ),
        (
            [(LAUNCH, "<launch>lesson/start.html</launch>")],
            [
                Finding(
                    LAUNCH_FILE_MISSING,
                    7,
                    "<launch> names 'lesson/start.html', which is not in the package",
                    "launch",
                )
            ],
        ),
        (
            [(ACTIVITY_END, "")],
            [
                Finding(
                    XML_MALFORMED,
                    9,
                    "not well-formed XML: Opening and ending tag mismatch: activity line 4 and "
                    "activities (column 16)",
                )
            ],
        ),
    ],
)
def test_each_tincan_finding_names_its_rule_line_and_subject(replacements, expected):
    assert check(*replacements) == expected


@pytest.mark.parametrize(
    "child",
    [
        "<resource/>",
        "<interactionType>choice</interactionType>",
        "<correctResponsePatterns/>",
        "<choices/>",
        "<scale/>",
        "<source/>",
        "<target/>",
        "<steps/>",
        "<extensions/>",
    ],
)
def test_every_child_of_the_tincan_activity_definition_is_accepted(child):
    # An LMS-exported tincan.xml may hold any of them; none is a structure problem.
    assert check((LAUNCH, LAUNCH + child)) == []


def test_an_activity_launched_through_a_resource_is_the_one_launchable():
    assert check((LAUNCH, "<resource/>")) == []
    assert check((LAUNCH, "<resource/>"), second_activity("<launch>other.html</launch>")) == [
        structure(
            9, "launch", "only one activity may have <launch> or <resource>, found 2 (lines 4, 9)"
        )
    ]


def test_only_the_first_launchable_activity_s_launch_is_checked():
    # The second is already reported as one too many; its file is not looked for.
    assert check(second_activity("<launch>missing.html</launch>")) == [
        structure(
            9, "launch", "only one activity may have <launch> or <resource>, found 2 (lines 4, 9)"
        )
    ]


@pytest.mark.parametrize(
    "target",
    ["./index.html", "index.html?lang=en", "https://cdn.example.org/index.html", "//cdn/x.html"],
)
def test_a_launch_naming_a_package_file_or_another_host_is_fine(target):
    assert check((LAUNCH, f"<launch>{target}</launch>")) == []


def test_a_launch_is_not_looked_for_when_the_package_files_are_unknown():
    document = GOOD.replace(LAUNCH, "<launch>lesson/start.html</launch>")

    assert check_tincan_xml(document.encode()) == []


def test_each_activity_is_checked_and_all_problems_are_reported_at_once():
    assert check(
        (ID, ""),
        (TYPE, ""),
        ('<name lang="en">Course</name>', "<name> </name>"),
    ) == [
        structure(4, "id", "<activity> needs an 'id' attribute"),
        structure(4, "type", "<activity> needs a 'type' attribute"),
        structure(4, "name", "<activity> needs a non-empty <name>"),
    ]
