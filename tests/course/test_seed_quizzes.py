"""The seed course's questions: only the guide's facts, every objective and FAQ graded, fair shapes.

- Grounded: every answer key (correct choices, true statements, accepted answers, matching and
  sequencing items) uses only the guide's vocabulary, and every explanation quotes the guide.
- Covered: each graded question says which objective (and FAQ) it assesses, and its text
  quotes that part of the guide; together they cover all four objectives and all six FAQs.
- Fair: keys spread over true and false and over choice positions; the quiz lint is silent.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from tests.course.test_seed_course import COURSE_DIR, GUIDE_PATH, Guide, norm, parse_guide

from courseforge.loader import load_course
from courseforge.loader.course_checks import course_warnings

# Graded question id -> (objective number in course.yaml, FAQ number or None).
GRADED_COVERAGE = {
    "faq-phd": (4, 1),
    "faq-vs-data-scientist": (4, 2),
    "faq-hardware": (4, 3),
    "faq-soft-skills": (4, 4),
    "faq-devops-transition": (4, 5),
    "faq-challenges": (4, 6),
    "role-bridge": (1, None),
    "path-stage-for-task": (2, None),
    "path-executive-decisions": (2, None),
    "cert-pairing": (3, None),
}
QUOTE_WORDS = 5  # an explanation "quotes the guide" when it repeats this many words in a row

# Words an answer key may use although the guide does not: connectives and order words (no
# facts among them), and "stage", the course's name for the guide's numbered career-path steps.
_CONNECTIVE_WORDS = """
    a an and are as at be by for from in into is it its of on or so that the their then this
    to with you your once after before later comes since while when which who whose not only
    stage
"""
CONNECTIVES = set(_CONNECTIVE_WORDS.split())


@pytest.fixture(scope="module")
def guide() -> Guide:
    return parse_guide(GUIDE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def guide_tokens() -> list[str]:
    return tokens(GUIDE_PATH.read_text(encoding="utf-8"))


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", norm(text).lower())


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def quotes(text: str, source: list[str], n: int = QUOTE_WORDS) -> bool:
    """Whether `text` repeats n consecutive words of `source` (a token list)."""
    runs = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    words = tokens(text)
    return any(tuple(words[i : i + n]) in runs for i in range(len(words) - n + 1))


def quizzes() -> list[tuple[Path, dict]]:
    files = sorted(COURSE_DIR.rglob("*.quiz.yaml"))
    return [(path, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in files]


def questions(graded: bool | None = None) -> list[dict]:
    return [
        q
        for _path, quiz in quizzes()
        if graded is None or bool(quiz.get("graded")) == graded
        for q in quiz["questions"]
    ]


def answer_keys(question: dict) -> list[str]:
    """The texts a question asserts to be true."""
    kind = question["type"]
    if kind in ("single_choice", "multiple_response"):
        return [c["text"] for c in question["choices"] if c.get("correct")]
    if kind == "true_false":
        statement = re.sub(r"^True or false:\s*", "", question["prompt"])
        return [statement] if question["answer"] else []
    if kind == "fill_in":
        return [question["answers"][0]]
    if kind == "matching":
        return [f"{p['source']} {p['target']}" for p in question["pairs"]]
    if kind == "sequencing":
        return list(question["order"])
    return []  # numeric: a number worked out in its feedback, checked there


# --------------------------------------------------------------------------- only the guide


@pytest.mark.parametrize("question", questions(), ids=lambda q: q["id"])
def test_answer_keys_use_only_the_guides_words(question: dict, guide_tokens) -> None:
    vocabulary = {stem(w) for w in [*guide_tokens, *CONNECTIVES]}
    for key in answer_keys(question):
        foreign = [w for w in tokens(key) if stem(w) not in vocabulary and not w.isdigit()]
        assert not foreign, f"{question['id']}: {foreign} are not the guide's words: {key!r}"


@pytest.mark.parametrize("question", questions(), ids=lambda q: q["id"])
def test_every_explanation_quotes_the_guide(question: dict, guide_tokens) -> None:
    incorrect = question["feedback"]["incorrect"]
    assert quotes(incorrect, guide_tokens), f"{question['id']}: {incorrect!r}"


@pytest.mark.parametrize(
    "question",
    [q for q in questions() if q["type"] in ("single_choice", "multiple_response")],
    ids=lambda q: q["id"],
)
def test_every_wrong_choice_says_why(question: dict) -> None:
    silent = [
        c["text"] for c in question["choices"] if not c.get("correct") and not c.get("feedback")
    ]
    assert not silent, f"{question['id']}: wrong choices without feedback: {silent}"


def test_the_numeric_answer_is_worked_out_from_the_guides_durations(guide: Guide) -> None:
    (question,) = [
        q for q in questions() if q["type"] == "numeric" and q["id"] == "stage-path-months"
    ]
    months = {"3-6 months": 3, "1-2 years": 12, "2-3 years": 24}  # each stage's shortest
    assert [s.duration for s in guide.stages[:3]] == list(months)
    assert question["answer"] == sum(months.values())


# --------------------------------------------------------------------------- graded coverage


def test_every_graded_question_names_what_it_assesses() -> None:
    assert sorted(q["id"] for q in questions(graded=True)) == sorted(GRADED_COVERAGE)


def test_every_objective_and_every_faq_is_graded(guide: Guide) -> None:
    course = yaml.safe_load((COURSE_DIR / "course.yaml").read_text(encoding="utf-8"))
    objectives = {objective for objective, _faq in GRADED_COVERAGE.values()}
    faqs = {faq for _objective, faq in GRADED_COVERAGE.values() if faq}
    assert objectives == set(range(1, len(course["objectives"]) + 1)) == {1, 2, 3, 4}
    assert faqs == set(range(1, len(guide.faqs) + 1))


@pytest.mark.parametrize("question", questions(graded=True), ids=lambda q: q["id"])
def test_each_graded_question_quotes_the_part_it_assesses(question: dict, guide: Guide) -> None:
    objective, faq = GRADED_COVERAGE[question["id"]]
    lines = [line.strip() for line in GUIDE_PATH.read_text(encoding="utf-8").splitlines()]
    if faq:
        passage = f"{guide.faqs[faq - 1].question} {guide.faqs[faq - 1].answer}"
    elif objective == 1:
        passage = next(line for line in lines if line.startswith("An AI Engineering Architect"))
    elif objective == 2:
        passage = " ".join(
            f"{s.title} {s.duration} {s.description} {s.actions}" for s in guide.stages
        )
    else:
        passage = " ".join(f"{c.name} {c.provider} {c.why}" for c in guide.certifications)
    text = " ".join([question["prompt"], *answer_keys(question), question["feedback"]["incorrect"]])
    assert quotes(text, tokens(passage)), question["id"]


def test_the_graded_quiz_keeps_its_shape() -> None:
    (final,) = [quiz for _path, quiz in quizzes() if quiz.get("graded")]
    assert sum(q.get("points", 1) for q in final["questions"]) == 10
    assert (final["pass_mark"], final["attempts"]) == (8, 2)


# --------------------------------------------------------------------------- fair shapes


def test_true_false_keys_are_spread() -> None:
    keys = Counter(q["answer"] for q in questions() if q["type"] == "true_false")
    assert min(keys[True], keys[False]) * 3 >= sum(keys.values()), keys
    graded = {q["answer"] for q in questions(graded=True) if q["type"] == "true_false"}
    assert graded == {True, False}


def test_correct_choices_sit_in_different_positions() -> None:
    positions = [
        next(i for i, c in enumerate(q["choices"]) if c.get("correct"))
        for _path, quiz in quizzes()
        for q in quiz["questions"]
        if q["type"] == "single_choice"
    ]
    assert len(set(positions)) >= 3, positions


def test_multiple_response_questions_mix_right_and_wrong_choices() -> None:
    for q in (q for q in questions() if q["type"] == "multiple_response"):
        right = sum(bool(c.get("correct")) for c in q["choices"])
        assert 2 <= right <= len(q["choices"]) - 2, q["id"]


def test_the_seed_course_passes_the_quiz_lint() -> None:
    assert [str(w) for w in course_warnings(load_course(COURSE_DIR))] == []


def test_the_fill_in_with_an_example_answer_accepts_its_fair_variants() -> None:
    course = load_course(COURSE_DIR)
    (question,) = [
        q for quiz in course.quizzes() for q in quiz.questions if q.id == "stage-1-cloud-service"
    ]
    for typed in ("SageMaker", "Amazon SageMaker", "AWS SageMaker", "Sage Maker", "SageMaker."):
        assert question.accepts(typed), typed
    assert not question.accepts("Azure ML")
