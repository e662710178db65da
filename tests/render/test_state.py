"""The Python mirror of the runtime's state string: exact format and worst-case length."""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.loader.course_factory import write_course
from tests.render.courses import EVERY_TYPE_QUIZ
from tests.render.state_courses import N, big_course_files

from courseforge.loader import load_course
from courseforge.model import (
    FillInQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseforge.questions import kind
from courseforge.render.site import runtime_script
from courseforge.render.state import (
    FILL_IN_MAX_LENGTH,
    NUMERIC_MAX_LENGTH,
    SEED_MAX,
    Answer,
    LearnerState,
    QuizState,
    course_fingerprint,
    decode_state,
    encode_state,
    runtime_constants,
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


# ---- Every field round-trips, including base-36 letters and more than five pages -----------


@pytest.fixture(scope="module")
def big_course(tmp_path_factory):
    return load_course(write_course(tmp_path_factory.mktemp("big"), **big_course_files()))


def _value(question):
    if isinstance(question, SingleChoiceQuestion):
        return st.integers(0, N - 1)
    if isinstance(question, MultipleResponseQuestion):
        return st.sets(st.integers(0, N - 1)).map(lambda picked: tuple(sorted(picked)))
    if isinstance(question, TrueFalseQuestion):
        return st.booleans()
    if isinstance(question, (FillInQuestion, NumericQuestion)):
        # "" is no answer at all, for the runtime too; the rest is any text, "~|*!" included.
        return st.text(min_size=1, max_size=100)
    if isinstance(question, MatchingQuestion):
        return st.lists(st.integers(-1, N - 1), min_size=N, max_size=N).map(tuple)
    return st.permutations(range(N)).map(tuple)


def _quiz_state(quiz):
    answers = st.tuples(
        *(
            st.none() | st.builds(Answer, _value(question), st.booleans())
            for question in quiz.questions
        )
    ).map(list)

    def with_best(attempts):
        best = st.none() if not attempts else st.none() | st.integers(0, quiz.total_points)
        return st.builds(QuizState, st.just(attempts), best, answers)

    return st.integers(0, 99).flatmap(with_best)


def _learner_state(course):
    pages = len(course.pages())
    return st.builds(
        LearnerState,
        st.integers(0, pages),
        st.sets(st.integers(0, pages - 1)),
        st.integers(0, SEED_MAX),
        st.tuples(*(_quiz_state(quiz) for quiz in course.quizzes())).map(list),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_state_decodes_to_itself(big_course, data):
    state = data.draw(_learner_state(big_course))

    assert decode_state(big_course, encode_state(big_course, state)) == state


def test_letters_and_long_fields_are_written_as_the_runtime_writes_them(big_course):
    state = LearnerState(
        page=11,
        visited={0, 5, 6, 8, 11},
        seed=SEED_MAX,
        quizzes=[
            QuizState(
                completed_attempts=40,
                best_points=36,
                answers=[
                    Answer(11),
                    Answer((0, 10, 11)),
                    Answer(True),
                    None,
                    None,
                    Answer((11, -1) + tuple(range(10))),
                    Answer(tuple(range(11, -1, -1)), checked=False),
                ],
            ),
            QuizState(answers=[None, None]),
        ],
    )

    text = encode_state(big_course, state)

    fingerprint = course_fingerprint(big_course)
    # Pages 0 | 5,6,8 | 11 → bits 1, 1+2+8=11, 2 → "1b2"; mask 1+1024+2048=3073 → "2dd".
    answers = "b|2dd|1|||b-0123456789|*ba9876543210"
    assert text == f"1~{fingerprint}~b~1b2~zzzz~14|10|{answers}"
    assert decode_state(big_course, text) == state


def test_a_quiz_state_without_answers_keeps_its_attempts_and_best(big_course):
    state = LearnerState(quizzes=[QuizState(), QuizState(completed_attempts=2, best_points=1)])

    assert encode_state(big_course, state).endswith("~0~000~0~~2|1")


def test_a_fresh_state_without_quiz_fields_decodes(big_course):
    fingerprint = course_fingerprint(big_course)

    decoded = decode_state(big_course, f"1~{fingerprint}~0~0~0")

    assert decoded == LearnerState(
        quizzes=[QuizState(answers=[None] * 7), QuizState(answers=[None] * 2)]
    )
    for damaged in ("1", f"1~{fingerprint}", f"1~{fingerprint}~0~0", f"2~{fingerprint}~0~0~0"):
        assert decode_state(big_course, damaged) is None, damaged


def test_a_negative_number_is_refused_by_name():
    with pytest.raises(ValueError, match="expected a number >= 0, got -1"):
        encode_state(load_course(REPO / "course"), LearnerState(page=-1))


def test_the_fingerprint_of_a_course_never_changes_between_releases(every_type_course):
    # The runtime drops a saved state whose fingerprint differs: a new digest for the same
    # course would wipe every learner's progress after an upgrade.
    assert course_fingerprint(every_type_course) == "821614"


# ---- The mirror's constants are the runtime's (read out of the shipped JS, evaluated in Chromium)

RUNTIME = resources.files("courseforge.runtime")


def _runtime_value(page, file: str, pattern: str):
    """Find one expression in a runtime file and let the browser's JS engine evaluate it."""
    # The runtime ships as one file joined from its parts: read what learners get.
    source = (
        runtime_script().decode("utf-8")
        if file == "courseforge.js"
        else RUNTIME.joinpath(file).read_text(encoding="utf-8")
    )
    found = re.findall(pattern, source)
    assert len(found) == 1, f"{file}: expected one match of {pattern!r}, found {found}"
    return page.evaluate(f"() => ({found[0]})")


def test_the_python_mirror_uses_the_runtimes_constants(browser_page):
    page = browser_page.page
    js = functools.partial(_runtime_value, page)

    radix = js("state-string.js", r"const b36 = \(n\) => n\.toString\((\d+)\);")
    digits = page.evaluate(f"() => Array.from({{length: {radix}}}, (_, i) => i.toString({radix}))")
    assert "".join(digits) == kind.BASE36_DIGITS
    assert js("state-string.js", r"parseInt\(digit, (\d+)\)") == 32  # 5 visited pages per digit
    # The values themselves come from Python (tests/runtime/test_runtime_constants.py).


def test_every_constant_the_runtime_reads_is_given_under_that_name():
    """The course data's `runtime` object is read by name in the JS (RUNTIME.x in the page,
    course.runtime.x in the SCORM adapters): a name Python spells otherwise reads undefined."""
    root = resources.files("courseforge.runtime")
    sources = [
        entry.read_text(encoding="utf-8")
        for folder in (root, root.joinpath("adapters"), root.joinpath("questions"))
        for entry in folder.iterdir()
        if entry.name.endswith(".js")
    ]
    read = {
        name
        for text in sources
        for name in re.findall(r"\b(?:RUNTIME|course\.runtime)\.([A-Za-z]+)", text)
    }
    assert read == set(runtime_constants())


CLOZE_QUIZ = """\
id: gaps
title: Gaps
graded: true
questions:
  - id: c1
    type: cloze
    prompt: Fill the gaps.
    passage: "A {{word}} runs in a {{box}}, {{left}}."
    blanks:
      word: {answers: [container]}
      box: {choices: [VM, pod, shell], answer: pod}
      left: {choices: [early, late], answer: early}
"""


def test_a_cloze_answer_is_its_blanks_in_passage_order(tmp_path):
    course = load_course(write_course(tmp_path, **{"modules/intro/check.quiz.yaml": CLOZE_QUIZ}))
    answer = Answer(("con|tainer", 1, -1), checked=False)  # a drop-down left unchosen
    state = LearnerState(quizzes=[QuizState(answers=[answer])])

    text = encode_state(course, state)

    assert text.endswith("~0||*con!ptainer!,1!,")  # blanks joined by an escaped comma
    assert decode_state(course, text) == state
