"""cmi5.xml checks: each finding whole (rule, line, message and the subject inspect matches on).

The subject is what `inspect` uses to let a more specific rule's problem replace a general one
on the same line (inspect/rules.py `with_precedence`), so a wrong subject shows the author two
problems for one mistake, or hides one. test_checks_exact.py compares the printed messages;
these compare every field.
"""

from __future__ import annotations

import pytest

from courseforge.inspect.rules import problems_of, with_precedence
from courseforge.standards.cmi5 import check_cmi5_xml
from courseforge.standards.findings import (
    CMI5_MASTERY_SCORE,
    CMI5_STRUCTURE,
    LAUNCH_FILE_MISSING,
    XSD_INVALID,
    Finding,
)
from tests.targets.test_cmi5 import GOOD

CMI5_NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
URL = "<url>index.html</url>"
OBJECTIVE_REF = '<objective idref="https://example.org/c/objectives/1"/>'


def check(*replacements: tuple[str, str], files=("index.html",)) -> list[Finding]:
    document = GOOD
    for old, new in replacements:
        assert old in document
        document = document.replace(old, new)
    return check_cmi5_xml(document.encode(), files)


def structure(line: int, message: str, subject: str) -> Finding:
    return Finding(CMI5_STRUCTURE, line, message, subject)


@pytest.mark.parametrize(
    ("replacements", "expected"),
    [
        (
            [('au id="https://example.org/c/au"', 'au id="au-1"')],
            [structure(13, "<au> id must be an absolute IRI, got 'au-1'", "id")],
        ),
        (
            # The AU reuses the course's id.
            [('au id="https://example.org/c/au"', 'au id="https://example.org/c"')],
            [
                structure(
                    13,
                    "<au> id 'https://example.org/c' is already used on line 3; ids must be "
                    "unique in the course structure",
                    "id",
                )
            ],
        ),
        (
            [(OBJECTIVE_REF, '<objective idref="https://example.org/c/objectives/9"/>')],
            [
                structure(
                    16,
                    "objective idref 'https://example.org/c/objectives/9' does not match any "
                    "objective declared under <objectives>",
                    "idref",
                )
            ],
        ),
        (
            [(URL, "<url>index.html?registration=1</url>")],
            [
                structure(
                    17,
                    "<url> query uses the launch parameter name(s) registration, which the LMS "
                    "appends at launch",
                    "url",
                )
            ],
        ),
        (
            [(URL, "<url>../index.html</url>")],
            [structure(17, "<url> must stay inside the package, got '../index.html'", "url")],
        ),
        (
            [(URL, "<url>lesson/start.html</url>")],
            [
                Finding(
                    LAUNCH_FILE_MISSING,
                    17,
                    "<url> names 'lesson/start.html', which is not in the package",
                    "url",
                )
            ],
        ),
        (
            [('masteryScore="0.8"', 'masteryScore="0.12345"')],
            [
                Finding(
                    CMI5_MASTERY_SCORE,
                    13,
                    "masteryScore has more than 4 decimal places: '0.12345'",
                    "masteryScore",
                )
            ],
        ),
    ],
)
def test_each_cmi5_finding_names_its_rule_line_and_subject(replacements, expected):
    assert check(*replacements) == expected


def test_a_url_is_not_checked_against_the_package_when_its_files_are_unknown():
    assert check((URL, "<url>lesson/start.html</url>"), files=None) == []


def test_a_course_structure_without_an_au_says_so_on_its_root():
    start = GOOD.index("  <au ")
    end = GOOD.index("</au>\n") + len("</au>\n")

    assert check((GOOD[start:end], "")) == [
        Finding(
            XSD_INVALID,
            2,
            f"Element '{CMI5_NS}courseStructure': Missing child element(s). Expected is one of "
            f"( {CMI5_NS}au, {CMI5_NS}block ).",
            "courseStructure",
        ),
        structure(2, "the course structure has no <au>", "au"),
    ]


def test_a_mastery_score_out_of_range_is_reported_once_by_inspect():
    # The XSD and the cmi5 rule both see masteryScore="80"; the author reads the cmi5 one,
    # which says how to write 80 %, because both name the same subject on the same line.
    findings = check(('masteryScore="0.8"', 'masteryScore="80"'))

    assert [(f.rule, f.line, f.subject) for f in findings] == [
        (XSD_INVALID, 13, "masteryScore"),
        (CMI5_MASTERY_SCORE, 13, "masteryScore"),
    ]
    shown = with_precedence(problems_of(findings, "cmi5.xml"))
    assert [(p.rule, p.where, p.message) for p in shown] == [
        (
            CMI5_MASTERY_SCORE,
            "cmi5.xml:13",
            "au 'https://example.org/c/au' has masteryScore='80'; cmi5 needs a decimal from 0 "
            "to 1 (a scaled score); for 80% write 0.8",
        )
    ]
