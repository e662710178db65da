"""SCORM 1.2 holds 4096 characters of suspend_data: a course whose longest saved state is
exactly that builds, one character more is refused with the figure, one less builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.loader.course_factory import write_course

from courseforge.build import build
from courseforge.errors import BuildError
from courseforge.loader import load_course
from courseforge.render.state import worst_case_state, worst_case_state_length

LIMIT = 4096
FILL_INS = 19  # 19 × 202 characters: most of the budget in a few questions


def quiz_yaml(true_false: int, multiple_choices: int) -> str:
    """A graded quiz: fill-ins, true/false questions and one multiple-response question."""
    lines = ["id: check", "title: Check", "graded: true", "questions:"]
    for n in range(FILL_INS):
        lines.append(f"  - {{id: f{n}, type: fill_in, prompt: Tool?, answers: [Docker]}}")
    for n in range(true_false):
        lines.append(f"  - {{id: t{n}, type: true_false, prompt: Sure?, answer: true}}")
    if multiple_choices:
        marks = [", correct: true" if n == 0 else "" for n in range(multiple_choices)]
        choices = ", ".join(f"{{text: C{n}{mark}}}" for n, mark in enumerate(marks))
        lines.append(f"  - {{id: m, type: multiple_response, prompt: Some, choices: [{choices}]}}")
    return "\n".join(lines) + "\n"


def course_with_longest_state(root: Path, length: int) -> Path:
    """Write a course whose worst-case state string is exactly `length` characters long.

    True/false drafts take 3 characters ("|*1"); one multiple-response question with 2, 6 or 11
    choices takes 3, 4 or 5 ("|*" + its bit mask in base 36), which reaches every remainder.
    """
    base = len(worst_case_state(load_course(write_course(root / "base", **_quiz(0, 0)))))
    want = length
    for attempt in range(4):
        remainder = want - base
        digits = next(d for d in (1, 2, 3) if (remainder - 2 - d) % 3 == 0)
        true_false = (remainder - 2 - digits) // 3
        assert true_false >= 0, "the fill-ins alone are over the length asked for"
        course_dir = write_course(
            root / f"try{attempt}", **_quiz(true_false, {1: 2, 2: 6, 3: 11}[digits])
        )
        actual = worst_case_state_length(load_course(course_dir))
        if actual == length:
            return course_dir
        want -= actual - length  # the best-points field grew a digit: take it back
    raise AssertionError(f"could not make a course of exactly {length} characters")


def _quiz(true_false: int, multiple_choices: int) -> dict[str, str]:
    return {"modules/intro/check.quiz.yaml": quiz_yaml(true_false, multiple_choices)}


@pytest.mark.parametrize("length", [LIMIT - 1, LIMIT])
def test_a_course_within_the_budget_builds(tmp_path, length):
    course_dir = course_with_longest_state(tmp_path, length)

    (output,) = build(course_dir, tmp_path / "dist", ["scorm12"]).outputs

    assert output.path.name == "demo-scorm12.zip"


def test_one_character_over_the_budget_is_refused_with_the_figure(tmp_path):
    course_dir = course_with_longest_state(tmp_path, LIMIT + 1)

    with pytest.raises(BuildError) as refused:
        build(course_dir, tmp_path / "dist", ["scorm12"])

    assert str(refused.value) == (
        f"course 'demo' cannot be packaged as scorm12: its saved state can reach {LIMIT + 1} "
        f"characters, more than the {LIMIT} characters cmi.suspend_data holds in SCORM 1.2. "
        "Every question adds to it (a fill-in answer up to 201 characters): split the course "
        "or use fewer or shorter-answer questions, or build scorm2004 instead."
    )
    assert not (tmp_path / "dist").exists()
    # SCORM 2004 holds 64000 characters: the same course builds there.
    assert build(course_dir, tmp_path / "dist", ["scorm2004"]).outputs


def test_over_scorm_2004s_64000_characters_is_refused_without_pointing_at_itself(tmp_path):
    fill_ins = "\n".join(
        f"  - {{id: f{n}, type: fill_in, prompt: Tool?, answers: [Docker]}}" for n in range(320)
    )
    quiz = f"id: check\ntitle: Check\ngraded: true\nquestions:\n{fill_ins}\n"
    course_dir = write_course(tmp_path, **{"modules/intro/check.quiz.yaml": quiz})
    longest = worst_case_state_length(load_course(course_dir))
    assert longest > 64000

    with pytest.raises(BuildError) as refused:
        build(course_dir, tmp_path / "dist", ["scorm2004"])

    message = str(refused.value)
    assert message.startswith(
        f"course 'demo' cannot be packaged as scorm2004: its saved state can reach {longest} "
        "characters, more than the 64000 characters cmi.suspend_data holds in SCORM 2004 4th "
        "edition."
    )
    assert message.endswith("split the course or use fewer or shorter-answer questions.")
