"""A cloze's author mistakes: each located (file:line:col and field), all reported at once."""

from __future__ import annotations

import pytest
from tests.loader.course_factory import author_errors, write_course

from courseforge.loader import load_course
from courseforge.loader.quiz_lint import quiz_warnings

QUIZ = "modules/intro/check.quiz.yaml"
HEAD = "id: check\ntitle: Check\ngraded: true\nquestions:\n"


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def cloze(passage: str, blanks: str) -> str:
    return (
        HEAD + "  - id: c1\n    type: cloze\n    prompt: Fill the gaps.\n"
        f"    passage: {passage}\n    blanks:\n{blanks}"
    )


def errors_of(tmp_path, quiz: str) -> list[str]:
    write_course(tmp_path, **{QUIZ: quiz})
    return author_errors("course")


def test_a_valid_cloze_loads(tmp_path):
    quiz = cloze(
        "A {{a}} and {{ b }}.",
        "      a: {answers: [x]}\n      b: {choices: [p, q], answer: q}\n",
    )
    course = load_course(write_course(tmp_path, **{QUIZ: quiz}))
    (question,) = course.quizzes()[0].questions
    assert question.blank_names() == ["a", "b"]


def test_every_blank_mistake_is_located_and_reported_at_once(tmp_path):
    quiz = (
        cloze(
            "A {{a}} and {{b}}.",
            "      a: {answers: [x], choices: [p, q], answer: p}\n"
            "      b: {choices: [p, q], answer: r}\n",
        )
        + "  - id: c2\n    type: cloze\n    prompt: More.\n    passage: Only {{a}}.\n"
        "    blanks:\n      a: {choices: [p, q]}\n"
    )
    assert errors_of(tmp_path, quiz) == [
        f"course/{QUIZ}:10:7: questions[0].blanks.a: give either 'answers' (a text entry) or "
        "'choices' and 'answer' (a drop-down)",
        f"course/{QUIZ}:11:7: questions[0].blanks.b: answer 'r' is not one of the choices",
        f"course/{QUIZ}:17:7: questions[1].blanks.a: a drop-down needs 'answer': the right "
        "one of its choices",
    ]


@pytest.mark.parametrize(
    ("passage", "blanks", "message"),
    [
        (
            "A {{a}} and {{c}}.",
            "      a: {answers: [x]}\n",
            "the passage has {{c}} but 'blanks' has no 'c' (it has: a)",
        ),
        (
            "A {{a}} and {{a}}.",
            "      a: {answers: [x]}\n",
            "blank 'a' appears more than once in the passage",
        ),
        (
            "Nothing here.",
            "      a: {answers: [x]}\n",
            "blank 'a' is not in the passage (write {{a}})",
        ),
    ],
)
def test_passage_and_blanks_must_agree(tmp_path, passage, blanks, message):
    assert errors_of(tmp_path, cloze(passage, blanks)) == [
        f"course/{QUIZ}:8:5: questions[0].passage: {message}"
    ]


def test_more_blanks_than_scorm_2004_keeps_is_refused(tmp_path):
    names = [f"b{i}" for i in range(11)]
    passage = "Fill " + " ".join(f"{{{{{name}}}}}" for name in names)
    blanks = "".join(f"      {name}: {{answers: [x]}}\n" for name in names)
    (error,) = errors_of(tmp_path, cloze(passage, blanks))
    assert error.startswith(f"course/{QUIZ}:9:5: questions[0].blanks: expected at most 10 items")


def test_a_blank_name_must_be_an_id(tmp_path):
    (error,) = errors_of(tmp_path, cloze("A {{Big Name}}.", "      Big Name: {answers: [x]}\n"))
    assert error.startswith(f"course/{QUIZ}:10:7: questions[0].blanks.Big Name")


def test_a_drop_down_with_two_same_options_is_a_located_lint_warning(tmp_path):
    blanks = "      a:\n        answer: Blue\n        choices:\n          - Red\n          - 'red.'\n          - Blue\n"
    course = load_course(write_course(tmp_path, **{QUIZ: cloze("Pick {{a}}.", blanks)}))
    assert [str(w) for w in quiz_warnings(course)] == [
        f"course/{QUIZ}:14:13: questions[0].blanks.a.choices[1]: same text as choices[0]: the "
        "learner sees two identical options and cannot tell which one is meant"
    ]


@pytest.mark.parametrize(
    "passage",
    ["'See [the guide]({{a}}).'", "'Run `{{a}}` now.'", "'An <abbr title=\"{{a}}\">x</abbr>.'"],
)
def test_a_blank_where_no_input_can_go_is_refused(tmp_path, passage):
    (error,) = errors_of(tmp_path, cloze(passage, "      a: {answers: [x]}\n"))
    assert error.startswith(f"course/{QUIZ}:8:5: questions[0].passage: a blank sits inside ")
