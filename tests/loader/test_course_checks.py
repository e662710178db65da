"""Cross-file checks (loader/course_checks.py), each error pinned as the author reads it: the
file, line and column, the dotted field and the message. One tiny course per fault."""

from __future__ import annotations

import pytest
from tests.loader.course_factory import (
    COURSE_YAML,
    LESSON_MD,
    QUIZ_YAML,
    author_errors,
    write_course,
)

from courseforge.errors import CourseError
from courseforge.loader import load_course
from courseforge.loader.limits import MAX_MARKDOWN_DEPTH
from courseforge.markdown import parse_markdown

QUIZ = "modules/intro/check.quiz.yaml"
AT = f"course/{QUIZ}"
TOO_DEEP = (
    f"Markdown nested deeper than {MAX_MARKDOWN_DEPTH} levels (lists, quotes, emphasis inside "
    "one another); flatten it"
)
DEEP = "'" + "> " * (MAX_MARKDOWN_DEPTH + 1) + "deep'"
BAD_MATH = "'Solve $\\foo$'"
BAD_MATH_MESSAGE = "unknown command \\foo in formula '\\\\foo'"

# Every quiz text rendered as Markdown, each on its own line: a placeholder marks where the
# fault goes (the other placeholders become plain words).
MARKDOWN_QUIZ = """\
id: check
title: Check
graded: true
intro: INTRO
questions:
  - id: q1
    type: single_choice
    prompt: PROMPT
    feedback:
      correct: FB_CORRECT
      incorrect: FB_INCORRECT
    choices:
      - text: Right
        correct: true
      - text: CHOICE_TEXT
        feedback: CHOICE_FEEDBACK
  - id: q2
    type: matching
    prompt: Match
    pairs:
      - source: a
        target: b
      - source: PAIR_SOURCE
        target: PAIR_TARGET
  - id: q3
    type: sequencing
    prompt: Order
    order:
      - first
      - ORDER_ITEM
"""
MARKDOWN_PLACES = {
    "INTRO": "4:1: intro",
    "PROMPT": "8:5: questions[0].prompt",
    "FB_CORRECT": "10:7: questions[0].feedback.correct",
    "FB_INCORRECT": "11:7: questions[0].feedback.incorrect",
    "CHOICE_TEXT": "15:9: questions[0].choices[1].text",
    "CHOICE_FEEDBACK": "16:9: questions[0].choices[1].feedback",
    "PAIR_SOURCE": "23:9: questions[1].pairs[1].source",
    "PAIR_TARGET": "24:9: questions[1].pairs[1].target",
    "ORDER_ITEM": "30:9: questions[2].order[1]",
}


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def errors_of(tmp_path, **files: str) -> list[str]:
    write_course(tmp_path, **files)
    return author_errors("course")


def markdown_quiz(place: str, text: str) -> str:
    quiz = MARKDOWN_QUIZ.replace(place, text)
    for other in MARKDOWN_PLACES:
        quiz = quiz.replace(other, other.lower().replace("_", " "))
    return quiz


@pytest.mark.parametrize("place", MARKDOWN_PLACES)
@pytest.mark.parametrize(
    ("fault", "message"), [(DEEP, TOO_DEEP), (BAD_MATH, BAD_MATH_MESSAGE)], ids=["deep", "math"]
)
def test_a_quiz_text_too_deep_or_with_a_bad_formula_is_told_at_its_field(
    tmp_path, place, fault, message
):
    assert errors_of(tmp_path, **{QUIZ: markdown_quiz(place, fault)}) == [
        f"{AT}:{MARKDOWN_PLACES[place]}: {message}"
    ]


def test_a_quiz_text_both_too_deep_and_with_a_bad_formula_is_told_both(tmp_path):
    text = "'" + "> " * (MAX_MARKDOWN_DEPTH + 1) + "deep $\\foo$'"
    assert errors_of(tmp_path, **{QUIZ: markdown_quiz("CHOICE_FEEDBACK", text)}) == [
        f"{AT}:16:9: questions[0].choices[1].feedback: {TOO_DEEP}",
        f"{AT}:16:9: questions[0].choices[1].feedback: {BAD_MATH_MESSAGE}",
    ]


def test_a_matching_question_repeating_a_source_is_told_at_its_pairs(tmp_path):
    quiz = markdown_quiz("PAIR_SOURCE", "a")
    assert errors_of(tmp_path, **{QUIZ: quiz}) == [
        f"{AT}:20:5: questions[1].pairs: expected each source once, got a repeated source"
    ]


def test_a_sequencing_question_repeating_an_item_is_told_at_its_order(tmp_path):
    quiz = markdown_quiz("ORDER_ITEM", "first")
    assert errors_of(tmp_path, **{QUIZ: quiz}) == [
        f"{AT}:28:5: questions[2].order: expected distinct items, got a repeated item"
    ]


def test_a_repeated_question_id_is_told_at_that_id(tmp_path):
    # The id is the question's second key: told at the id, not at the question.
    quiz = markdown_quiz("PROMPT", "Pick").replace(
        "  - id: q2\n    type: matching", "  - type: matching\n    id: q1"
    )
    assert errors_of(tmp_path, **{QUIZ: quiz}) == [
        f"{AT}:18:5: questions[1].id: duplicate id 'q1'; first used at {AT}:6:5"
    ]


def test_a_graded_quiz_without_points_is_told_at_its_questions(tmp_path):
    quiz = QUIZ_YAML.replace("prompt: Pick one", "prompt: Pick one\n    points: 0")
    assert errors_of(tmp_path, **{QUIZ: quiz}) == [
        f"{AT}:4:1: questions: expected a graded quiz to have points to score, got 0 points in all"
    ]


def test_a_link_to_a_lesson_file_the_course_does_not_list_is_refused(tmp_path):
    # The file is on disk, but no module lists it: learners could never reach it.
    course = write_course(
        tmp_path, **{"modules/intro/hello.md": LESSON_MD + "\n[Draft](draft.md)\n"}
    )
    (course / "modules/intro/draft.md").write_text("---\nid: draft\ntitle: Draft\n---\nText\n")
    assert author_errors("course") == [
        "course/modules/intro/hello.md:7:1: link: expected a link to a lesson or quiz of this "
        "course, got 'draft.md'"
    ]


@pytest.mark.parametrize(
    ("fault", "message"),
    [("'Solve $\\foo$ in {{a}}.'", BAD_MATH_MESSAGE), (DEEP[:-1] + " {{a}}'", TOO_DEEP)],
    ids=["math", "deep"],
)
def test_a_cloze_passage_is_checked_as_the_markdown_it_renders_as(tmp_path, fault, message):
    # Its page renders the passage as Markdown: a bad formula would show as raw TeX.
    quiz = (
        "id: check\ntitle: Check\ngraded: true\nquestions:\n  - id: c1\n    type: cloze\n"
        f"    prompt: Fill the gap.\n    passage: {fault}\n    blanks:\n      a: {{answers: [x]}}\n"
    )
    assert errors_of(tmp_path, **{QUIZ: quiz}) == [f"{AT}:8:5: questions[0].passage: {message}"]


def test_an_unknown_interface_message_is_told_at_its_key_in_course_yaml(tmp_path):
    course_yaml = COURSE_YAML + "messages:\n  nav.skip: Skip ahead\n  nav.mneu: Contents\n"
    assert errors_of(tmp_path, **{"course.yaml": course_yaml}) == [
        "course/course.yaml:10:3: messages: unknown message id (did you mean 'nav.menu'?); "
        "expected an id of the English catalog (src/courseforge/i18n/catalogs/en.po), got "
        "'nav.mneu'"
    ]


def test_a_page_id_reserved_by_the_target_built_for_is_told_whatever_course_yaml_lists(tmp_path):
    # `build --target cmi5` on a web course: the cmi5 AU's page id is refused all the same.
    course = write_course(tmp_path, **{"modules/intro/hello.md": LESSON_MD.replace("hello", "au")})
    with pytest.raises(CourseError) as refused:
        load_course(course, targets=["cmi5"])
    assert [str(e) for e in refused.value.errors] == [
        "course/modules/intro/hello.md:2:1: id: page id 'au' is reserved by the cmi5 target (the "
        "course IRI followed by /au is the id of the cmi5 AU); rename the page"
    ]
    # Built for the web alone, a course that also lists cmi5 may keep the id.
    cmi5_too = COURSE_YAML.replace("targets: [web]", "targets: [web, cmi5]")
    au = LESSON_MD.replace("hello", "au")
    course = write_course(tmp_path, **{"course.yaml": cmi5_too, "modules/intro/hello.md": au})
    assert [p.id for p in load_course(course, targets=["web"]).pages()] == ["au", "check"]


def test_a_quiz_text_nested_exactly_to_the_limit_loads(tmp_path):
    # A quote holding a paragraph is two levels: MAX - 1 quotes reach the limit, no further.
    text = "> " * (MAX_MARKDOWN_DEPTH - 1) + "deep"
    assert parse_markdown(text).depth == MAX_MARKDOWN_DEPTH
    write_course(tmp_path, **{QUIZ: markdown_quiz("CHOICE_FEEDBACK", f"'{text}'")})
    assert [p.id for p in load_course("course").pages()] == ["hello", "check"]


def test_a_page_repeating_an_id_is_told_at_its_id_line_not_its_first_line(tmp_path):
    quiz = QUIZ_YAML.replace("id: check\ntitle: Check\n", "title: Check\nid: hello\n")
    assert errors_of(tmp_path, **{QUIZ: quiz}) == [
        f"{AT}:2:1: id: duplicate id 'hello'; first used at course/modules/intro/hello.md:2:1"
    ]
