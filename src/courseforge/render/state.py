"""The learner's saved state string: a Python mirror of the encoder in runtime/courseforge.js.

The runtime owns the format; this mirror lets the build know, before any learner starts, the
longest string a course can produce (SCORM 1.2 keeps only 4096 characters of suspend_data).
The format is documented in docs/runtime-contract.md ("State string"); keep the two in step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from courseforge import questions
from courseforge.model import CHOICE_ID_ALPHABET, Course, Question, Quiz
from courseforge.questions import kind
from courseforge.questions.fill_in import FILL_IN_MAX_LENGTH
from courseforge.questions.kind import AnswerValue, base36
from courseforge.questions.numeric import NUMERIC_MAX_LENGTH

STATE_VERSION = "1"
SEED_RANGE = 36**4  # the runtime draws its shuffle seed below this: at most 4 characters
SEED_MAX = SEED_RANGE - 1
ATTEMPTS_STORED_MAX = 99  # unlimited quizzes count attempts up to here; that is all anyone needs
RESULTS_PAGE_ID = "_results"  # not a valid author id, so it never clashes with a page

_FIELD = "~"
_ANSWER = "|"
_DRAFT = "*"

__all__ = [
    "ATTEMPTS_STORED_MAX",
    "FILL_IN_MAX_LENGTH",
    "NUMERIC_MAX_LENGTH",
    "RESULTS_PAGE_ID",
    "SEED_MAX",
    "STATE_VERSION",
    "Answer",
    "AnswerValue",
    "LearnerState",
    "QuizState",
    "course_fingerprint",
    "decode_state",
    "encode_state",
    "runtime_constants",
    "worst_case_state",
    "worst_case_state_length",
]


@dataclass(frozen=True)
class Answer:
    """A learner's answer to one question: checked (scored) or still a draft."""

    value: AnswerValue
    checked: bool = True


@dataclass
class QuizState:
    """Attempts completed, best points of those attempts, and the current attempt's answers."""

    completed_attempts: int = 0
    best_points: int | None = None
    answers: list[Answer | None] = field(default_factory=list)  # authored question order


@dataclass
class LearnerState:
    """Everything the runtime saves between sessions."""

    page: int = 0  # index in reading order; len(pages) is the results page
    visited: set[int] = field(default_factory=set)
    seed: int = 0
    quizzes: list[QuizState] = field(default_factory=list)  # course quiz order


def runtime_constants() -> dict[str, object]:
    """Return the state format's constants as the runtime reads them (course data "runtime")."""
    return {
        "stateVersion": STATE_VERSION,
        "resultsPage": RESULTS_PAGE_ID,
        "attemptsStoredMax": ATTEMPTS_STORED_MAX,
        "seedRange": SEED_RANGE,
        "textEscapes": kind.TEXT_ESCAPES,
        "choiceIds": CHOICE_ID_ALPHABET,
    }


def course_fingerprint(course: Course) -> str:
    """Return a short digest of everything the state's indexes point into.

    A state saved against another structure (pages, questions, choices reordered) is dropped
    by the runtime instead of being misread.
    """
    parts = []
    for page in course.pages():
        parts.append(f"{page.kind}:{page.id}")
        if isinstance(page, Quiz):
            parts.extend(_question_shape(q) for q in page.questions)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:6]


def encode_state(course: Course, state: LearnerState) -> str:
    """Return the state string, exactly as the runtime writes it."""
    page_count = len(course.pages())
    fields = [
        STATE_VERSION,
        course_fingerprint(course),
        base36(state.page),
        _visited_bits(state.visited, page_count),
        base36(state.seed),
    ]
    quiz_fields = [
        _encode_quiz(quiz, quiz_state)
        for quiz, quiz_state in zip(course.quizzes(), state.quizzes, strict=False)
    ]
    while quiz_fields and not quiz_fields[-1]:
        quiz_fields.pop()
    return _FIELD.join(fields + quiz_fields)


def decode_state(course: Course, text: str) -> LearnerState | None:
    """Read a state string; None when it belongs to another course structure or is damaged."""
    fields = text.split(_FIELD)
    if len(fields) < 5 or fields[0] != STATE_VERSION or fields[1] != course_fingerprint(course):
        return None
    try:
        state = LearnerState(
            page=int(fields[2], 36),
            visited={
                5 * position + bit
                for position, digit in enumerate(fields[3])
                for bit in range(5)
                if int(digit, 32) >> bit & 1
            },
            seed=int(fields[4], 36),
        )
        for index, quiz in enumerate(course.quizzes()):
            quiz_field = fields[5 + index] if 5 + index < len(fields) else ""
            state.quizzes.append(_decode_quiz(quiz, quiz_field))
    except (ValueError, IndexError, KeyError):
        return None
    return state


def worst_case_state(course: Course) -> str:
    """Return the longest state string the course can produce.

    Every page visited, the results page current, the largest seed, every quiz at its most
    attempts with full points as best, and every question holding its longest possible draft.
    """
    pages = course.pages()
    state = LearnerState(page=len(pages), visited=set(range(len(pages))), seed=SEED_MAX)
    for quiz in course.quizzes():
        state.quizzes.append(
            QuizState(
                completed_attempts=quiz.attempts or ATTEMPTS_STORED_MAX,
                best_points=quiz.total_points,
                answers=[Answer(_longest_value(q), checked=False) for q in quiz.questions],
            )
        )
    return encode_state(course, state)


def worst_case_state_length(course: Course) -> int:
    """Return the length (UTF-16 code units, as JavaScript counts) of the longest state."""
    return len(worst_case_state(course))


def _encode_quiz(quiz: Quiz, state: QuizState) -> str:
    answers = [
        _encode_answer(question, answer)
        for question, answer in zip(quiz.questions, state.answers, strict=False)
    ]
    while answers and not answers[-1]:
        answers.pop()
    if not state.completed_attempts and not answers:
        return ""
    best = "" if state.best_points is None else base36(state.best_points)
    attempts = base36(min(state.completed_attempts, ATTEMPTS_STORED_MAX))
    return _ANSWER.join([attempts, best, *answers])


def _decode_quiz(quiz: Quiz, text: str) -> QuizState:
    if not text:
        return QuizState(answers=[None] * len(quiz.questions))
    attempts, best, *answers = text.split(_ANSWER)
    answers += [""] * (len(quiz.questions) - len(answers))
    return QuizState(
        completed_attempts=int(attempts, 36),
        best_points=int(best, 36) if best else None,
        answers=[
            _decode_answer(question, answer)
            for question, answer in zip(quiz.questions, answers, strict=True)
        ],
    )


def _encode_answer(question: Question, answer: Answer | None) -> str:
    if answer is None:
        return ""
    encoded = questions.kind_of(question).encode(question, answer.value)
    return encoded if answer.checked else _DRAFT + encoded


def _decode_answer(question: Question, text: str) -> Answer | None:
    if not text:
        return None
    checked = not text.startswith(_DRAFT)
    body = text if checked else text[1:]
    return Answer(questions.kind_of(question).decode(question, body), checked)


def _longest_value(question: Question) -> AnswerValue:
    return questions.kind_of(question).longest(question)


def _question_shape(question: Question) -> str:
    return f"{question.type}:{question.id}:{questions.kind_of(question).shape(question)}"


def _visited_bits(visited: set[int], page_count: int) -> str:
    digits = []
    for start in range(0, page_count, 5):
        bits = sum(1 << bit for bit in range(5) if start + bit in visited)
        digits.append(kind.BASE36_DIGITS[bits])
    return "".join(digits)
