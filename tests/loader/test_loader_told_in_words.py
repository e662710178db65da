"""What an author reads for a course file the loader cannot use (a symlink loop, a file over the
size limit, a character YAML refuses), for assets past their limit, a glossary alias given twice,
a base IRI that is no URL, and a four-letter word the quiz lint must not read as a plural."""

from __future__ import annotations

import pytest
from tests.loader.course_factory import COURSE_YAML, author_errors, write_course

from courseforge.loader import course_assets, load_course
from courseforge.loader.limits import MAX_FILE_BYTES
from courseforge.loader.quiz_lint import quiz_warnings

LESSON = "modules/intro/hello.md"
HEAD = "---\nid: hello\ntitle: Hello\n---\n"


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def test_a_lesson_that_cannot_be_read_is_told_at_its_listing_with_the_cause(tmp_path):
    course = write_course(tmp_path)
    (course / LESSON).unlink()
    (course / LESSON).symlink_to("hello.md")  # a link to itself: no file behind it
    (error,) = author_errors("course")
    where, cause = error.split("cannot read file: ", 1)
    assert where == "course/modules/intro/module.yaml:3:9: pages: "
    assert cause in ("symlink loop", "Too many levels of symbolic links")


def test_a_lesson_over_the_file_limit_is_told_at_its_first_line(tmp_path):
    big = HEAD + "word " * (MAX_FILE_BYTES // 5 + 1)
    write_course(tmp_path, **{LESSON: big})
    assert author_errors("course") == [
        f"course/{LESSON}:1:1: file is larger than the {MAX_FILE_BYTES:,}-byte limit for a "
        "course file; split it into several lessons or quizzes"
    ]


def test_assets_past_their_limit_are_told_at_the_reference_that_passes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(course_assets, "MAX_ASSET_BYTES", 40)  # 4 GiB of real files is too slow
    course = write_course(tmp_path, **{LESSON: HEAD + "Text.\n\n![A dot](dot.png)\n"})
    (course / "modules/intro/dot.png").write_bytes(b"\x89PNG" + b"0" * 40)
    assert author_errors("course") == [
        f"course/{LESSON}:7:1: image: the course's assets pass the 40-byte limit with "
        "'dot.png'; link large media from elsewhere"
    ]


def test_assets_exactly_at_their_limit_load(tmp_path, monkeypatch):
    monkeypatch.setattr(course_assets, "MAX_ASSET_BYTES", 40)
    course = write_course(
        tmp_path, **{LESSON: HEAD + "![A dot](dot.png) and ![Again](dot.png) ![B](b.png)\n"}
    )
    (course / "modules/intro/dot.png").write_bytes(b"\x89PNG" + b"0" * 26)
    (course / "modules/intro/b.png").write_bytes(b"0" * 10)  # 40 bytes in all, dot.png once
    assert sorted(load_course(course).assets) == ["modules/intro/b.png", "modules/intro/dot.png"]


@pytest.mark.parametrize(
    ("before", "column"), [("Ch", 10), ("Ch é😀 ", 14)], ids=["ascii", "after-non-ascii"]
)
def test_a_control_character_yaml_refuses_is_told_at_its_line_and_column(tmp_path, before, column):
    quiz = f"id: check\ntitle: {before}\x07eck\n"
    write_course(tmp_path, **{"modules/intro/check.quiz.yaml": quiz})
    assert author_errors("course") == [
        f"course/modules/intro/check.quiz.yaml:2:{column}: YAML syntax error: expected printable "
        'text, found the character U+0007, which YAML does not allow; remove it, or write "\\x07" '
        "inside double quotes"
    ]


def test_a_control_character_in_front_matter_is_told_at_its_line_in_the_lesson(tmp_path):
    write_course(tmp_path, **{LESSON: "---\nid: hello\ntitle: Hel\x1blo\n---\nBody.\n"})
    (error,) = author_errors("course")
    assert error.startswith(
        f"course/{LESSON}:3:11: YAML syntax error: expected printable text, "
        "found the character U+001B,"
    ), error


def test_a_second_alias_given_twice_is_told_at_that_alias(tmp_path):
    glossary = """\
terms:
  - term: LMS
    definition: Learning management system.
    aliases:
      - LMSs
      - Moodle
  - term: Site
    definition: Where a course is published.
    aliases:
      - Portal
      - moodle
"""
    write_course(tmp_path, **{"glossary.yaml": glossary})
    assert author_errors("course") == [
        "course/glossary.yaml:11:9: term: expected each term and alias once, got 'moodle' "
        "again (already a form of 'LMS')"
    ]


def test_a_base_iri_that_is_no_url_is_told_what_a_url_looks_like(tmp_path):
    bad = COURSE_YAML.replace("https://example.org/demo", "https://example.org:99999/demo")
    write_course(tmp_path, **{"course.yaml": bad})
    assert author_errors("course") == [
        "course/course.yaml:4:1: base_iri: expected an absolute URL such as "
        "https://example.org/course, got 'https://example.org:99999/demo'"
    ]


def test_a_four_letter_word_ending_in_s_is_not_read_as_a_plural(tmp_path):
    quiz = """\
id: check
title: Check
graded: true
questions:
  - id: q1
    type: single_choice
    prompt: Where do you read the news?
    choices:
      - {text: In a new paper, correct: true}
      - {text: On a wall}
"""
    course = load_course(write_course(tmp_path, **{"modules/intro/check.quiz.yaml": quiz}))
    assert [str(w) for w in quiz_warnings(course)] == []  # 'news' is not 'new' said twice
