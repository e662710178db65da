"""The model's own rules, in Python: the fill-in comparison form, pass marks, activity IRIs.

tests/runtime/test_fill_in_matching.py holds the browser's normalText to the same table.
"""

from __future__ import annotations

import pytest
from tests.loader.course_factory import COURSE_YAML, QUIZ_YAML, write_course

from courseforge.loader import load_course
from courseforge.model.text_answer import normalize_text_answer, text_answer_matches


@pytest.mark.parametrize(
    ("typed", "case_sensitive", "compared"),
    [
        ("  Sage \t\u00a0 Maker  ", False, "sage maker"),  # inner runs are one space
        ('"SageMaker."', False, "sagemaker"),  # edge quotes and sentence marks dropped
        ("\u00bfQu\u00e9?", False, "qu\u00e9"),
        ("e\u0301t\u00e9", False, "\u00e9t\u00e9"),  # NFC: a combining accent is one letter
        ("?!", False, "?!"),  # only punctuation: kept, trimmed
        ("  ...  ", False, "..."),
        ("Ab", True, "Ab"),
        ("Ab", False, "ab"),
        ("\x1cab\x1c", False, "\x1cab\x1c"),  # U+001C is no space to JavaScript's trim either
    ],
)
def test_the_form_a_typed_answer_is_compared_in(typed, case_sensitive, compared):
    assert normalize_text_answer(typed, case_sensitive=case_sensitive) == compared


def test_matching_uses_that_form_on_both_sides():
    assert text_answer_matches(["Sage Maker"], " sage  maker. ", case_sensitive=False)
    assert not text_answer_matches(["Sage Maker"], "sage maker", case_sensitive=True)


def load(tmp_path, course: str = COURSE_YAML, quiz: str = QUIZ_YAML):
    return load_course(
        write_course(tmp_path, **{"course.yaml": course, "modules/intro/check.quiz.yaml": quiz})
    )


@pytest.mark.parametrize(
    ("points", "mastery", "to_pass"),
    [
        (10, 75, 8),  # 7.5 rounds up: a pass mark is never below the share
        (10, 80, 8),
        (202, 50, 101),  # exact: 101 of 202
        (1, 1, 1),
    ],
)
def test_the_pass_mark_is_the_mastery_share_rounded_up(tmp_path, points, mastery, to_pass):
    quiz = QUIZ_YAML.replace("    prompt: Pick one", f"    prompt: Pick one\n    points: {points}")
    course = load(tmp_path, COURSE_YAML + f"mastery_score: {mastery}\n", quiz)
    (check,) = course.quizzes()
    assert check.total_points == points
    assert check.points_to_pass(mastery) == to_pass


def test_an_authored_pass_mark_wins(tmp_path):
    quiz = QUIZ_YAML.replace("graded: true", "graded: true\npass_mark: 1")
    (check,) = load(tmp_path, quiz=quiz).quizzes()
    assert check.points_to_pass(80) == 1


@pytest.mark.parametrize("base", ["https://example.org/demo", "https://example.org/demo/"])
def test_activity_iris_join_the_base_and_the_ids_with_one_slash(tmp_path, base):
    course = load(tmp_path, COURSE_YAML.replace("https://example.org/demo", base))
    assert course.activity_iri("intro", "hello") == "https://example.org/demo/intro/hello"
    assert course.activity_iri() == "https://example.org/demo"


@pytest.mark.parametrize("tag", ["en", "pt-BR", "en-x-a-a", "en-X-a-a", "sl-rozaj-biske"])
def test_well_formed_language_tags_pass(tag):
    from courseforge.model.identifiers import language_tag

    assert language_tag(tag) == tag


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("en--US", "expected a BCP 47 language tag such as en or pt-BR, got 'en--US'"),
        (5, "expected a BCP 47 language tag such as en or pt-BR, got 5"),
        ("en-a-bbb-a-ccc", "expected each extension once in a language tag, got 'en-a-bbb-a-ccc'"),
        ("en-A-bbb-a-ccc", "expected each extension once in a language tag, got 'en-A-bbb-a-ccc'"),
    ],
)
def test_malformed_language_tags_are_refused_in_words(tag, message):
    from courseforge.model.identifiers import language_tag

    with pytest.raises(ValueError) as refused:
        language_tag(tag)
    assert str(refused.value) == message


def test_a_question_bank_gets_each_accepted_answer_once_in_its_compared_form():
    from courseforge.model.text_answer import export_answers

    accepted = ['"SageMaker."', "sagemaker", "Sage  Maker", "sage maker"]
    assert export_answers(accepted, case_sensitive=False) == ["SageMaker", "Sage Maker"]
    assert export_answers(accepted, case_sensitive=True) == [
        "SageMaker",
        "sagemaker",
        "Sage Maker",
        "sage maker",
    ]


def test_fill_in_and_numeric_questions_answer_for_themselves(tmp_path):
    quiz = QUIZ_YAML + (
        "  - {id: q2, type: fill_in, prompt: P, answers: ['Sage Maker', 'sagemaker.'],"
        " case_sensitive: false}\n"
        "  - {id: q3, type: numeric, prompt: N, answer: 39}\n"
        "  - {id: q4, type: numeric, prompt: N, range: {min: -2.5, max: 0.1}}\n"
    )
    (check,) = load(tmp_path, quiz=quiz).quizzes()
    fill, exact, ranged = check.questions[1:]
    assert fill.accepts(" sage  maker ") and not fill.accepts("sage")
    assert fill.export_answers() == ["Sage Maker", "sagemaker"]
    assert exact.bounds() == (39, 39)
    assert ranged.bounds() == (-2.5, 0.1)


def test_write_schemas_writes_every_schema_and_returns_the_paths(tmp_path):
    from courseforge.model.json_schemas import render_schemas, write_schemas

    written = write_schemas(tmp_path / "new" / "schemas")
    expected = render_schemas()
    assert [p.name for p in written] == list(expected)
    for path in written:
        assert path.read_text(encoding="utf-8") == expected[path.name]


@pytest.mark.parametrize(
    ("base", "message"),
    [
        (
            "https://x.org/a b",
            "expected an IRI such as https://example.org/course, got 'https://x.org/a b': an "
            "IRI holds no space (character 16; nor spaces, quotes, <>, {}, |, \\, ^, `, and "
            "activity ids need it without ? or #)",
        ),
        (
            "https://x.org/c?x=1",
            "expected an IRI such as https://example.org/course, got 'https://x.org/c?x=1': an "
            "IRI holds no '?' (character 16; nor spaces, quotes, <>, {}, |, \\, ^, `, and "
            "activity ids need it without ? or #)",
        ),
        (
            "https://x.org/" + "a" * 60 + " ",
            "expected an IRI such as https://example.org/course, got 'https://x.org/"
            + "a" * 43
            + "...': an IRI holds no space (character 75; nor spaces, quotes, <>, {}, |, \\, ^, "
            "`, and activity ids need it without ? or #)",
        ),
        (
            "example.org/course",
            "expected an absolute IRI such as https://example.org/course, got 'example.org/course'",
        ),
    ],
)
def test_a_base_iri_that_would_change_on_the_way_is_refused_in_words(base, message):
    from courseforge.model.identifiers import iri_base

    with pytest.raises(ValueError) as refused:
        iri_base(base)
    assert str(refused.value) == message
    assert iri_base("urn:x:y") == "urn:x:y" and iri_base(5) == 5  # types are checked elsewhere


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\x1bb", "expected text without control characters, got U+001B at character 2"),
        ("\x00", "expected text without control characters, got U+0000 at character 1"),
        ("ok\uffff", "expected text without control characters, got U+FFFF at character 3"),
    ],
)
def test_text_xml_cannot_hold_is_refused_with_its_place(text, message):
    from courseforge.model.base import xml_safe

    with pytest.raises(ValueError) as refused:
        xml_safe(text)
    assert str(refused.value) == message
    assert xml_safe("tab\tand newline\n") == "tab\tand newline\n"
