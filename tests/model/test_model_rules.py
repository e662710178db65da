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
