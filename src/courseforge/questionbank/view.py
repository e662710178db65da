"""Every quiz of a course as a question bank sees it: category, questions, scores, locations."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.model import Course, Question, Quiz
from courseforge.questionbank.content import BankHtml, RichText

# Moodle's grade list (question_bank::fraction_options_full): the importer refuses any other
# fraction ("Match grades: error if grade not listed", the import form's default).
MOODLE_FRACTIONS = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)
_MATCH_TOLERANCE = 0.00001  # match_grade_options() compares within this


@dataclass
class BankQuestion:
    """One question with its texts rendered relative to its quiz file."""

    quiz: Quiz
    index: int  # in the quiz
    question: Question
    rich: RichText = field(repr=False)
    warnings: list[str] = field(default_factory=list)

    def block(self, markdown: str | None) -> BankHtml | None:
        return self.rich.block(markdown) if markdown else None

    def inline(self, markdown: str) -> BankHtml:
        return self.rich.inline(markdown)

    @property
    def field(self) -> str:
        return f"questions[{self.index}]"

    @cached_property
    def location(self) -> SourceLocation:
        """Where the question starts in its quiz file (read again only when a warning needs it)."""
        return _question_location(self.quiz.source, self.index)

    def warn(self, message: str) -> None:
        self.warnings.append(str(AuthorError(self.location, self.field, message)))

    def warn_missing_images(self, *texts: BankHtml | None) -> None:
        for text in texts:
            for src in text.missing if text else ():
                self.warn(
                    f"image {src!r} is not a file in the course folder (relative to the quiz "
                    "file); it is not embedded in the question bank"
                )

    @property
    def name(self) -> str:
        """A question name a teacher recognises in the bank: the prompt's start."""
        text = self.block(self.question.prompt)
        plain = text.plain if text else self.question.id
        return plain if len(plain) <= 80 else plain[:79].rstrip() + "…"


@dataclass(frozen=True)
class BankQuiz:
    quiz: Quiz
    questions: list[BankQuestion]


def bank_quizzes(course: Course) -> list[BankQuiz]:
    """Return every quiz in course order with its questions."""
    quizzes = []
    for quiz in course.quizzes():
        rich = RichText(quiz.source, course.root)
        questions = [BankQuestion(quiz, i, q, rich) for i, q in enumerate(quiz.questions)]
        quizzes.append(BankQuiz(quiz, questions))
    return quizzes


def category_path(*names: str) -> str:
    """Join category names as Moodle's importer splits them: '/' separates, '//' is a '/'.

    Moodle (question/format.php split_category_path) trims every name, so a name starting or
    ending with '/' gets a space there, as assemble_category_path does.
    """
    escaped = []
    for name in names:
        part = name.replace("/", "//")
        if part.startswith("/"):
            part = " " + part
        if part.endswith("/"):
            part = part + " "
        escaped.append(part)
    return "/".join(escaped)


def moodle_fraction(value: float) -> float | None:
    """Return the grade-list fraction equal to `value` (within Moodle's tolerance), or None."""
    for option in MOODLE_FRACTIONS:
        for signed in (option, -option):
            if abs(value - signed) < _MATCH_TOLERANCE:
                return signed
    return None


def choice_fractions(correct: list[bool], multiple: bool) -> tuple[list[float], bool]:
    """Moodle fractions for each choice, and whether Moodle then scores as courseforge does.

    Single choice: the right one 100%, the others 0. Multiple response: Moodle adds the picked
    fractions and keeps the sum between 0 and 100%, so each wrong choice is -100% (any wrong
    pick scores 0, as in courseforge) and the right ones share 100% in fractions from Moodle's
    grade list: 1/k each for k = 1-10 or 20, else 10% and 5% shares that add up to 100%. Over
    20 right choices no listed shares add up to 100% over all of them (`exact` is False): each
    is 5%, so 20 of them already score full marks.
    """
    if not multiple:
        return [1.0 if right else 0.0 for right in correct], True
    k = sum(correct)
    listed = moodle_fraction(1.0 / k)
    if listed is not None:
        shares, exact = [listed] * k, True
    elif k < 20:  # (20 - k) x 10% + (2k - 20) x 5% = 100%
        shares, exact = [0.1] * (20 - k) + [0.05] * (2 * k - 20), True
    else:
        shares, exact = [0.05] * k, False
    it = iter(shares)
    return [next(it) if right else -1.0 for right in correct], exact


def number_text(value: float) -> str:
    """A number as the shortest text that reads back as the same float ('4', not '4.0')."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _question_location(source: Path, index: int) -> SourceLocation:
    """Read the quiz file again for its source map (the model keeps no lines; warnings are rare)."""
    from courseforge.loader.yaml_source import YamlSyntaxError, load_yaml  # late: loader → targets

    shown = display_path(source)
    try:
        _data, source_map, _problems = load_yaml(source.read_text(encoding="utf-8"), shown)
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return SourceLocation(shown)
    return source_map.locate(("questions", index))
