"""glossary.yaml: validated like every course file; its page comes last in the menu."""

from __future__ import annotations

import pytest
from tests.loader.course_factory import COURSE_YAML, author_errors, write_course

from courseforge.loader import load_course

GLOSSARY = """\
terms:
  - term: LMS
    definition: Learning management system.
    aliases: [LMSs]
  - term: SCORM
    definition: A packaging standard.
"""


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def errors_of(course) -> list[str]:
    return author_errors(course)


def test_the_glossary_is_a_page_after_every_module(tmp_path):
    course = load_course(write_course(tmp_path, **{"glossary.yaml": GLOSSARY}))
    assert [t.term for t in course.glossary] == ["LMS", "SCORM"]
    assert [(m.id, [p.id for p in m.pages]) for m in course.modules] == [
        ("intro", ["hello", "check"]),
        ("course-glossary", ["glossary"]),
    ]


@pytest.mark.parametrize(
    ("settings", "titles"),
    [
        ("", ("Glossary", "Glossary")),
        ("language: de\n", ("Glossar", "Glossar")),
        ("language: ja\n", ("用語集", "用語集")),
        ("language: de-AT\nmessages: {glossary.module: Begriffe}\n", ("Begriffe", "Glossar")),
        ("language: sw\nmessages: {glossary.title: Faharasa}\n", ("Glossary", "Faharasa")),
    ],
)
def test_the_glossary_titles_are_in_the_course_language(tmp_path, settings, titles):
    """The module and page titles are interface text: the catalog's, or the author's override."""
    course_yaml = COURSE_YAML + settings
    course = load_course(
        write_course(tmp_path, **{"course.yaml": course_yaml, "glossary.yaml": GLOSSARY})
    )
    glossary = course.modules[-1]
    assert (glossary.title, glossary.pages[0].title) == titles


def test_unknown_keys_and_missing_fields_are_located_all_at_once(tmp_path):
    glossary = "terms:\n  - term: LMS\n    definiton: typo\n  - definition: no term\n"
    course = write_course(tmp_path, **{"glossary.yaml": glossary})
    errors = errors_of(course)
    assert len(errors) == 3, errors
    assert any(e.startswith("course/glossary.yaml:3:5: terms[0].definiton:") for e in errors)
    assert any(e.startswith("course/glossary.yaml:2:5:") and "definition" in e for e in errors)
    assert any(e.startswith("course/glossary.yaml:4:5:") and "term" in e for e in errors)


def test_a_term_repeated_after_its_definition_is_told_at_the_term(tmp_path):
    glossary = GLOSSARY + "  - definition: Again.\n    term: LMS\n"
    course = write_course(tmp_path, **{"glossary.yaml": glossary})
    assert errors_of(course) == [
        "course/glossary.yaml:8:5: term: expected each term and alias once, got 'LMS' again "
        "(already a form of 'LMS')"
    ]


def test_a_term_defined_twice_is_a_located_error(tmp_path):
    glossary = GLOSSARY + "  - term: lmss\n    definition: Again.\n"
    course = write_course(tmp_path, **{"glossary.yaml": glossary})
    assert errors_of(course) == [
        "course/glossary.yaml:7:5: term: expected each term and alias once, got 'lmss' again "
        "(already a form of 'LMS')"
    ]


def test_a_course_page_cannot_take_the_glossary_id(tmp_path):
    lesson = "---\nid: glossary\ntitle: Words\n---\nText.\n"
    course = write_course(tmp_path, **{"glossary.yaml": GLOSSARY, "modules/intro/hello.md": lesson})
    assert any("duplicate id 'glossary'" in e for e in errors_of(course))


def test_a_term_with_quotes_and_markup_characters_is_shown_as_typed(tmp_path):
    from lxml import html

    from courseforge.markdown import markdown_html

    term = 'Don\'t "quote" <b> & *stars*'
    glossary = "terms:\n  - term: '" + term.replace("'", "''") + "'\n    definition: Words.\n"
    course = load_course(write_course(tmp_path, **{"glossary.yaml": glossary}))
    page = course.modules[-1].pages[0]
    shown = html.fromstring(markdown_html(page.body)).xpath("//dt")
    assert [dt.text_content() for dt in shown] == [term]
