"""Quiz lint: questions a learner can get right from their shape instead of their content.

Each finding is a warning (validate and build print it; `--strict` makes it fail), located at
the file and line of the question or choice, and says why it matters. The rules:

- a quiz with three or more true/false questions whose keys are all the same value;
- a multiple-response question where every choice, or all but one, is correct;
- a choice question whose prompt repeats distinctive words of a correct choice that no other
  choice shares (the learner matches words instead of knowing the answer);
- a choice question with two choices of the same text;
- a cloze drop-down with two options of the same text.

Which rules apply to a question is its type's say (QuestionKind.lint, courseforge.questions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from courseforge import questions
from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.loader.yaml_source import YamlSyntaxError, load_yaml
from courseforge.model.course import Course, Quiz
from courseforge.model.questions import (
    ClozeQuestion,
    MultipleResponseQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseforge.model.text_answer import normalize_text_answer
from courseforge.render.markdown_html import plain_text

Locate = Callable[..., SourceLocation]

# True/false-heavy: this many or more. Two alike happen by chance to half of honest quizzes.
TRUE_FALSE_HEAVY = 3

# Words too common to give an answer away; quiz phrasing ("select all that apply") included.
_COMMON_WORDS = """
    a about after all also an and any apply are as at be because been before being between
    both but by can could did do does each either every few following for from had has have
    how if in into is it its itself may might more most must no nor not of on one only or
    other our out over same says say should so some such than that the their them then there
    these they this those through to too true false under until up very was we were what when
    where which while who whom whose why will with would you your guide according statement
    select choose pick best answer question describe describes
"""
STOPWORDS = frozenset(_COMMON_WORDS.split())
_WORD = re.compile(r"[^\W_]+")


def quiz_warnings(course: Course) -> list[AuthorError]:
    """Return every quiz-lint finding in the course, in file order."""
    warnings: list[AuthorError] = []
    for quiz in course.quizzes():
        locate = _locator(quiz)
        warnings.extend(_same_true_false_keys(quiz, locate))
        for qi, question in enumerate(quiz.questions):
            warnings.extend(questions.kind_of(question).lint(question, qi, locate))
    return warnings


def _locator(quiz: Quiz) -> Locate:
    """Locate a data path in the quiz file (re-read: the loaded model keeps no line numbers)."""
    shown = display_path(quiz.source)
    try:
        _data, source_map, problems = load_yaml(quiz.source.read_text(encoding="utf-8"), shown)
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        problems = [True]
    if problems:  # changed since it loaded: name the file, not a wrong line
        return lambda *loc: SourceLocation(shown)
    return lambda *loc: source_map.locate(loc)


def _same_true_false_keys(quiz: Quiz, locate: Locate) -> Iterator[AuthorError]:
    keys = [
        (qi, q.answer) for qi, q in enumerate(quiz.questions) if isinstance(q, TrueFalseQuestion)
    ]
    heavy = len(keys) >= TRUE_FALSE_HEAVY
    values = {answer for _qi, answer in keys}
    if heavy and len(values) == 1:
        value = str(values.pop()).lower()
        first = keys[0][0]
        yield AuthorError(
            locate("questions", first, "answer"),
            f"questions[{first}].answer",
            f"all {len(keys)} true/false questions of this quiz have the answer {value}: a "
            f"learner who always answers {value} gets every one right; make some statements "
            f"{'false' if value == 'true' else 'true'}",
        )


def mostly_correct(
    question: MultipleResponseQuestion, qi: int, locate: Locate
) -> Iterator[AuthorError]:
    total = len(question.choices)
    correct = sum(c.correct for c in question.choices)
    if correct == total:
        why = "every choice is correct: ticking them all scores without reading them"
    elif correct == total - 1:
        why = (
            f"all but one of its {total} choices are correct: spotting the one odd choice out "
            "is enough; add plausible wrong choices"
        )
    else:
        return
    yield AuthorError(locate("questions", qi, "choices"), f"questions[{qi}].choices", why)


def prompt_gives_away(
    question: SingleChoiceQuestion | MultipleResponseQuestion, qi: int, locate: Locate
) -> Iterator[AuthorError]:
    wrong = [c for c in question.choices if not c.correct]
    if not wrong:
        return  # nothing to tell apart (an all-correct question is its own warning)
    prompt = _words(question.prompt)
    in_wrong = set().union(*(_words(c.text).keys() for c in wrong))
    for ci, choice in enumerate(question.choices):
        if not choice.correct:
            continue
        words = _words(choice.text)
        shared = sorted((words.keys() - in_wrong) & prompt.keys())
        if shared:
            listed = ", ".join(repr(words[stem]) for stem in shared)
            yield AuthorError(
                locate("questions", qi, "choices", ci, "text"),
                f"questions[{qi}].choices[{ci}].text",
                f"the prompt repeats {listed} from this correct choice and no wrong choice has "
                "it: a learner can match the words instead of knowing the answer; reword the "
                "prompt or give a wrong choice the same words",
            )


def duplicate_choices(
    question: SingleChoiceQuestion | MultipleResponseQuestion, qi: int, locate: Locate
) -> Iterator[AuthorError]:
    seen: dict[str, int] = {}
    for ci, choice in enumerate(question.choices):
        key = normalize_text_answer(plain_text(choice.text))
        if key in seen:
            yield AuthorError(
                locate("questions", qi, "choices", ci, "text"),
                f"questions[{qi}].choices[{ci}].text",
                f"same text as choices[{seen[key]}]: the learner sees two identical options "
                "and cannot tell which one is meant",
            )
        else:
            seen[key] = ci


def duplicate_drop_down_options(
    question: ClozeQuestion, qi: int, locate: Locate
) -> Iterator[AuthorError]:
    for name, blank in question.blanks.items():
        seen: dict[str, int] = {}
        for ci, choice in enumerate(blank.choices or ()):
            key = normalize_text_answer(plain_text(choice))
            if key in seen:
                yield AuthorError(
                    locate("questions", qi, "blanks", name, "choices", ci),
                    f"questions[{qi}].blanks.{name}.choices[{ci}]",
                    f"same text as choices[{seen[key]}]: the learner sees two identical options "
                    "and cannot tell which one is meant",
                )
            else:
                seen[key] = ci


def _words(markdown: str) -> dict[str, str]:
    """The content words of a text: each stem (lower-cased, a plural 's' dropped) -> the word."""
    words: dict[str, str] = {}
    for word in _WORD.findall(plain_text(markdown)):
        lower = word.lower()
        if len(lower) < 3 or lower in STOPWORDS:
            continue
        stem = (
            lower[:-1]
            if len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss")
            else lower
        )
        words.setdefault(stem, word)
    return words
