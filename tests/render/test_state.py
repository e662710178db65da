"""The Python mirror of the runtime's state string: exact format and worst-case length."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.loader.course_factory import write_course
from tests.render.courses import EVERY_TYPE_QUIZ

from courseforge.loader import load_course
from courseforge.render.state import (
    FILL_IN_MAX_LENGTH,
    NUMERIC_MAX_LENGTH,
    Answer,
    LearnerState,
    QuizState,
    course_fingerprint,
    decode_state,
    encode_state,
    worst_case_state,
    worst_case_state_length,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def every_type_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("state")
    return load_course(write_course(root, **{"modules/intro/check.quiz.yaml": EVERY_TYPE_QUIZ}))


def test_encodes_every_answer_type_index_based(every_type_course):
    state = LearnerState(
        page=1,
        visited={0, 1},
        seed=1295,
        quizzes=[
            QuizState(
                completed_attempts=1,
                best_points=5,
                answers=[
                    Answer(2),
                    Answer((0, 1)),
                    Answer(False),
                    Answer("a~b|c*d!"),
                    Answer("4", checked=False),
                    Answer((2, -1, 0)),
                    Answer((1, 0, 2), checked=False),
                ],
            )
        ],
    )

    text = encode_state(every_type_course, state)

    fingerprint = course_fingerprint(every_type_course)
    assert text == f"1~{fingerprint}~1~3~zz~1|5|2|3|0|a!tb!pc!sd!!|*4|2-0|*102"
    assert decode_state(every_type_course, text) == state


def test_untouched_quizzes_and_trailing_answers_are_left_out(every_type_course):
    fresh = LearnerState(quizzes=[QuizState(answers=[None] * 7)])
    started = LearnerState(quizzes=[QuizState(answers=[Answer(0)] + [None] * 6)])

    assert encode_state(every_type_course, fresh).endswith("~0~0~0")
    assert encode_state(every_type_course, started).endswith("~0~0~0~0||0")


def test_state_of_another_course_structure_is_refused(every_type_course, tmp_path):
    other = load_course(write_course(tmp_path))
    text = encode_state(every_type_course, LearnerState())

    assert decode_state(other, text) is None
    assert decode_state(every_type_course, "garbage") is None


def test_worst_case_counts_longest_draft_of_every_question(every_type_course):
    worst = worst_case_state(every_type_course)
    fingerprint = course_fingerprint(every_type_course)

    # Two pages (both visited), results page current, 3 attempts, all 8 points best.
    head = f"1~{fingerprint}~2~3~zzzz~3|8|"
    answers = [
        "*2",
        "*7",
        "*1",
        "*" + "!p" * FILL_IN_MAX_LENGTH,
        "*" + "!p" * NUMERIC_MAX_LENGTH,
        "*012",
        "*012",
    ]
    assert worst == head + "|".join(answers)
    assert worst_case_state_length(every_type_course) == len(worst)


def test_seed_course_worst_case_fits_scorm12_suspend_data():
    course = load_course(REPO / "course")

    assert worst_case_state_length(course) <= 4096
