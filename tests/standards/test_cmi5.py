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
    XML_MALFORMED,
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


@pytest.mark.parametrize("name", ["endpoint", "fetch", "actor", "registration", "activityId"])
def test_every_launch_parameter_name_is_refused_in_the_au_url(name):
    # cmi5 §8.1: the LMS appends these five to the url; a second copy confuses the AU.
    assert check((URL, f"<url>index.html?lang=en&amp;{name}=x</url>")) == [
        structure(
            17,
            f"<url> query uses the launch parameter name(s) {name}, which the LMS appends at "
            "launch",
            "url",
        )
    ]


@pytest.mark.parametrize(
    "url",
    [
        "./index.html",  # the same file as index.html
        "index.html#start",
        "index.html?lang=en&amp;Actor=x",  # names are case-sensitive
        "https://cdn.example.org/au/index.html",  # hosted elsewhere: not a package file
        "//cdn.example.org/au/index.html",
    ],
)
def test_an_au_url_that_names_a_package_file_or_another_host_is_fine(url):
    assert check((URL, f"<url>{url}</url>")) == []


@pytest.mark.parametrize("url", ["a/../../index.html", "/abs/index.html"])
def test_an_au_url_leaving_the_package_is_refused_even_when_it_would_resolve(url):
    assert check((URL, f"<url>{url}</url>"), files=None) == [
        structure(17, f"<url> must stay inside the package, got {url!r}", "url")
    ]


BLOCK = (
    '  <block id="{id}">\n'
    '    <title><langstring lang="en">B</langstring></title>\n'
    '    <description><langstring lang="en">B</langstring></description>\n'
    '    <objectives><objective idref="{idref}"/></objectives>\n'
    "  </block>\n"
)


def test_ids_and_objective_references_inside_a_block_are_checked():
    # The AU moves into a block (line 13); the block's id and its reference are the AU's peers.
    start = GOOD.index("  <au ")
    end = GOOD.index("</au>\n") + len("</au>\n")
    au = GOOD[start:end]
    block = BLOCK.format(id="block-1", idref="https://example.org/c/objectives/2")
    block = block.replace("  </block>\n", au.replace("\n  ", "\n    ") + "  </block>\n")

    assert check((au, block)) == [
        structure(13, "<block> id must be an absolute IRI, got 'block-1'", "id"),
        structure(
            16,
            "objective idref 'https://example.org/c/objectives/2' does not match any objective "
            "declared under <objectives>",
            "idref",
        ),
    ]


def test_course_and_objective_ids_must_be_absolute_iris():
    # The objective's AU reference no longer matches, and is reported too.
    assert check(
        ('course id="https://example.org/c"', 'course id="c"'),
        ('objective id="https://example.org/c/objectives/1"', 'objective id="o1"'),
    ) == [
        structure(3, "<course> id must be an absolute IRI, got 'c'", "id"),
        structure(8, "<objective> id must be an absolute IRI, got 'o1'", "id"),
        structure(
            16,
            "objective idref 'https://example.org/c/objectives/1' does not match any objective "
            "declared under <objectives>",
            "idref",
        ),
    ]


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("-0.1", ""),
        ("1.0001", "; for 1.0001% write 0.010001"),
        ("NaN", ""),
        ("Infinity", ""),
        ("high", ""),
    ],
)
def test_a_mastery_score_outside_0_to_1_is_one_cmi5_finding(raw, hint):
    findings = check(('masteryScore="0.8"', f'masteryScore="{raw}"'))

    assert [f for f in findings if f.rule != XSD_INVALID] == [
        Finding(
            CMI5_MASTERY_SCORE,
            13,
            f"au 'https://example.org/c/au' has masteryScore={raw!r}; cmi5 needs a decimal "
            f"from 0 to 1 (a scaled score){hint}",
            "masteryScore",
        )
    ]


@pytest.mark.parametrize("raw", ["0.0001", "1E-4", " 0.5 ", "1.0000"])
def test_a_mastery_score_with_four_decimal_places_or_fewer_is_fine(raw):
    findings = check(('masteryScore="0.8"', f'masteryScore="{raw}"'))

    assert [f for f in findings if f.rule == CMI5_MASTERY_SCORE] == []


def test_an_au_without_a_mastery_score_is_fine():
    assert check((' masteryScore="0.8"', "")) == []


def test_malformed_cmi5_xml_is_one_finding_and_no_semantic_check_runs():
    assert check(("</au>", "</aux>")) == [
        Finding(
            XML_MALFORMED,
            18,
            "not well-formed XML: Opening and ending tag mismatch: au line 13 and aux (column 9)",
        )
    ]


def test_a_document_that_is_not_a_course_structure_gets_only_the_xsd_finding():
    cmi5_ns = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
    findings = check(
        (f'<courseStructure xmlns="{cmi5_ns}">', '<courseStructure xmlns="urn:x">'),
        ("</courseStructure>", "</courseStructure>"),
    )

    assert [(f.rule, f.line, f.subject) for f in findings] == [(XSD_INVALID, 2, "courseStructure")]


def test_a_mastery_score_finding_of_an_au_without_an_id_names_an_empty_id():
    findings = check(
        ('au id="https://example.org/c/au" ', "au "), ('masteryScore="0.8"', 'masteryScore="80"')
    )

    assert [f for f in findings if f.rule == CMI5_MASTERY_SCORE] == [
        Finding(
            CMI5_MASTERY_SCORE,
            13,
            "au '' has masteryScore='80'; cmi5 needs a decimal from 0 to 1 (a scaled score); "
            "for 80% write 0.8",
            "masteryScore",
        )
    ]
