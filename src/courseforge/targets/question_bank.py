"""What the question-bank targets share: no learner pages, one bank of every quiz's questions."""

from __future__ import annotations

from typing import ClassVar

from courseforge.errors import display_path
from courseforge.package.output import Output
from courseforge.questionbank import BankQuestion, BankQuiz, bank_quizzes
from courseforge.targets.base import Target


class QuestionBankTarget(Target):
    """A question bank: the course's quizzes as questions an LMS imports and grades itself."""

    tracking = ""  # no learner pages, so no tracking adapter
    product_suffix: ClassVar[str]  # e.g. ".xml": products are named <id>-questions<suffix>
    # Question types (courseforge.questions) the format cannot hold, each with the advice the
    # author reads: such a question is left out of the bank, with a located warning.
    cannot_hold: ClassVar[dict[str, str]] = {}

    def outputs(self) -> list[Output]:
        quizzes = [self._holdable(quiz) for quiz in bank_quizzes(self.course)]
        if not quizzes:
            self.warnings.append(
                f"{display_path(self.course.root / 'course.yaml')}: the course has no quiz, so "
                "its question bank is empty"
            )
        outputs = self.bank_outputs(quizzes)
        for quiz in quizzes:
            for question in quiz.questions:
                self.warnings.extend(question.warnings)
        return outputs

    def _holdable(self, quiz: BankQuiz) -> BankQuiz:
        kept = []
        for question in quiz.questions:
            advice = self.cannot_hold.get(question.question.type)
            if advice is None:
                kept.append(question)
            else:
                question.warn(
                    f"{self.name} cannot hold a {question.question.type} question; "
                    f"it is left out of the bank ({advice})"
                )
                self.warnings.extend(question.warnings)
        return BankQuiz(quiz.quiz, kept)

    def bank_outputs(self, quizzes: list[BankQuiz]) -> list[Output]:
        raise NotImplementedError

    def file_name(self) -> str:
        return f"{self.course.id}-questions{self.product_suffix}"

    def single_file(self, data: bytes) -> list[Output]:
        name = self.file_name()
        return [Output(name, {name: data}, kind="file", target=self.name)]


def all_questions(quizzes: list[BankQuiz]) -> list[BankQuestion]:
    return [question for quiz in quizzes for question in quiz.questions]
