"""Quiz lint: purpose-built bad quizzes warn at file:line with the reason; good ones do not.

The rules live in courseforge/loader/quiz_lint.py; validate and build print the warnings and
--strict fails on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.loader.course_factory import write_course

from courseforge.build import build
from courseforge.cli import main
from courseforge.errors import BuildError
from courseforge.loader import load_course
from courseforge.loader.course_checks import course_warnings
from courseforge.loader.quiz_lint import quiz_warnings

QUIZ = "modules/intro/check.quiz.yaml"
WHERE = "course/modules/intro/check.quiz.yaml"


pytestmark = pytest.mark.usefixtures("in_tmp")  # messages name files as course/...


def lint(tmp_path, quiz: str) -> list[str]:
    course = load_course(write_course(tmp_path, **{QUIZ: quiz}))
    return [str(w) for w in quiz_warnings(course)]


def true_false_quiz(*keys: bool, others: int = 0) -> str:
    lines = ["id: check", "title: Check", "graded: true", "questions:"]
    for i, key in enumerate(keys):
        lines += [
            f"  - id: tf{i}",
            "    type: true_false",
            f"    prompt: Statement {i}.",
            f"    answer: {str(key).lower()}",
        ]
    for i in range(others):
        lines += [f"  - id: n{i}", "    type: numeric", f"    prompt: Number {i}?", "    answer: 1"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- true/false keys


def test_true_false_heavy_quiz_with_one_key_warns_at_the_first_answer(tmp_path):
    assert lint(tmp_path, true_false_quiz(True, True, True)) == [
        f"{WHERE}:8:5: questions[0].answer: all 3 true/false questions of this quiz have the "
        "answer true: a learner who always answers true gets every one right; make some "
        "statements false"
    ]


def test_all_false_warns_too(tmp_path):
    quiz = true_false_quiz(False, False, False, False, others=2)
    assert lint(tmp_path, quiz) == [
        f"{WHERE}:8:5: questions[0].answer: all 4 true/false questions of this quiz have the "
        "answer false: a learner who always answers false gets every one right; make some "
        "statements true"
    ]


@pytest.mark.parametrize(
    ("keys", "others"),
    [((True, False, True), 0), ((True, True), 0), ((False,), 3)],
    ids=["mixed keys", "only two", "a single one"],
)
def test_mixed_or_light_true_false_is_fine(tmp_path, keys, others):
    assert lint(tmp_path, true_false_quiz(*keys, others=others)) == []


# --------------------------------------------------------------------------- multiple response

MULTIPLE = """\
id: check
title: Check
graded: true
questions:
  - id: pick
    type: multiple_response
    prompt: Which are stages?
    choices:
      - {{text: Build, correct: {a}}}
      - {{text: Gain, correct: {b}}}
      - {{text: Transition, correct: {c}}}
      - {{text: Become, correct: {d}}}
"""


def test_multiple_response_with_every_choice_correct_warns(tmp_path):
    assert lint(tmp_path, MULTIPLE.format(a="true", b="true", c="true", d="true")) == [
        f"{WHERE}:8:5: questions[0].choices: every choice is correct: ticking them all scores "
        "without reading them"
    ]


def test_multiple_response_with_all_but_one_correct_warns(tmp_path):
    assert lint(tmp_path, MULTIPLE.format(a="true", b="false", c="true", d="true")) == [
        f"{WHERE}:8:5: questions[0].choices: all but one of its 4 choices are correct: spotting "
        "the one odd choice out is enough; add plausible wrong choices"
    ]


def test_multiple_response_with_half_correct_is_fine(tmp_path):
    assert lint(tmp_path, MULTIPLE.format(a="true", b="false", c="false", d="true")) == []


# --------------------------------------------------------------------------- prompt giveaway

GIVEAWAY = """\
id: check
title: Check
graded: true
questions:
  - id: kcna
    type: single_choice
    prompt: Which certification shows knowledge of {prompt}?
    choices:
      - text: AWS Certified Machine Learning - Specialty
      - text: Kubernetes and Cloud Native Associate (KCNA)
        correct: true
      - text: {third}
"""


def test_prompt_repeating_words_only_the_correct_choice_has_warns_at_that_choice(tmp_path):
    quiz = GIVEAWAY.format(prompt="Kubernetes", third="Google Professional ML Engineer")
    assert lint(tmp_path, quiz) == [
        f"{WHERE}:10:9: questions[0].choices[1].text: the prompt repeats 'Kubernetes' from this "
        "correct choice and no wrong choice has it: a learner can match the words instead of "
        "knowing the answer; reword the prompt or give a wrong choice the same words"
    ]


def test_plural_and_case_do_not_hide_the_giveaway(tmp_path):
    quiz = GIVEAWAY.format(prompt="KUBERNETE clouds", third="Google Professional ML Engineer")
    (warning,) = lint(tmp_path, quiz)
    assert "the prompt repeats 'Cloud', 'Kubernetes'" in warning


@pytest.mark.parametrize(
    ("prompt", "third"),
    [
        ("Kubernetes", "Kubernetes Certified Developer"),  # a wrong choice shares the word
        ("cloud-centric AI architecture", "Google Professional ML Engineer"),  # 'cloud'+'AI'…
        ("the one that is best", "Google Professional ML Engineer"),  # only common words
    ],
    ids=["shared by a distractor", "different words", "stopwords"],
)
def test_prompts_that_give_nothing_away_are_fine(tmp_path, prompt, third):
    quiz = GIVEAWAY.format(prompt=prompt, third=third)
    warnings = lint(tmp_path, quiz)
    if prompt.startswith("cloud"):  # 'Cloud' is only in the correct choice: that one warns
        assert len(warnings) == 1 and "'Cloud'" in warnings[0]
    else:
        assert warnings == []


# --------------------------------------------------------------------------- duplicate choices

DUPLICATE = """\
id: check
title: Check
graded: true
questions:
  - id: tool
    type: single_choice
    prompt: Which tool does Stage 1 use for containers?
    choices:
      - text: Docker
        correct: true
      - text: Podman
      - text: "  docker. "
"""


def test_single_choice_with_the_same_text_twice_warns_at_the_repeat(tmp_path):
    assert lint(tmp_path, DUPLICATE) == [
        f"{WHERE}:12:9: questions[0].choices[2].text: same text as choices[0]: the learner "
        "sees two identical options and cannot tell which one is meant"
    ]


# --------------------------------------------------------------------------- wiring


def test_validate_prints_warnings_and_strict_fails(tmp_path):
    write_course(tmp_path, **{QUIZ: DUPLICATE})
    runner = CliRunner()
    plain = runner.invoke(main, ["validate", "course"], catch_exceptions=False)
    assert plain.exit_code == 0
    assert f"warning: {WHERE}:12:9: questions[0].choices[2].text: same text" in plain.stderr
    assert plain.stdout.strip().endswith("1 question, 1 warning")
    strict = runner.invoke(main, ["validate", "course", "--strict"], catch_exceptions=False)
    assert strict.exit_code == 1
    assert "1 warning found; --strict makes them errors." in strict.stderr


def test_build_warns_and_strict_build_writes_nothing(tmp_path):
    course = write_course(tmp_path, **{QUIZ: DUPLICATE})
    result = build(course, tmp_path / "dist", ["web"])
    assert any("same text as choices[0]" in w for w in result.warnings)
    with pytest.raises(BuildError, match="same text as choices"):
        build(course, tmp_path / "strict", ["web"], strict=True)
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").iterdir())


def test_a_quiz_file_changed_after_loading_still_lints_by_file(tmp_path):
    course = load_course(write_course(tmp_path, **{QUIZ: DUPLICATE}))
    (tmp_path / "course" / QUIZ).write_text("questions: [unclosed\n", encoding="utf-8")
    assert [str(w) for w in course_warnings(course)] == [
        f"{WHERE}: questions[0].choices[2].text: same text as choices[0]: the learner sees two "
        "identical options and cannot tell which one is meant"
    ]


def test_the_starter_course_that_new_writes_is_lint_clean():
    starter = Path(__file__).resolve().parents[2] / "src" / "courseforge" / "starter"
    assert [str(w) for w in quiz_warnings(load_course(starter))] == []
