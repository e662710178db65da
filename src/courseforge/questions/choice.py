"""Single choice and multiple response: pick one, or every correct, of up to 36 choices.

Runtime module runtime/questions/choice.js (contract type "choice", `multiple` tells them apart).
State: single choice, the base-36 choice index; multiple response, a base-36 bit mask.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from courseforge.model import MultipleResponseQuestion, SingleChoiceQuestion
from courseforge.questions.kind import AnswerValue, QuestionKind, base36

if TYPE_CHECKING:
    from courseforge.errors import AuthorError

ChoiceQuestion = SingleChoiceQuestion | MultipleResponseQuestion


class SingleChoiceKind(QuestionKind):
    type = "single_choice"
    model = SingleChoiceQuestion
    interaction_type = "choice"
    runtime_module = "choice.js"
    template = "choice.html.j2"
    input_type = "radio"

    def view(self, question: ChoiceQuestion, messages: Any = None) -> dict[str, Any]:
        from courseforge.render.markdown_html import plain_text, render_block, render_inline
        from courseforge.render.quiz_view import Option

        choices = [
            Option(
                i,
                choice_id,
                plain_text(choice.text),
                render_inline(choice.text),
                choice.correct,
                render_block(choice.feedback, messages) if choice.feedback else "",
            )
            for i, (choice, choice_id) in enumerate(
                zip(question.choices, question.choice_ids(), strict=True)
            )
        ]
        return {"choices": choices, "input_type": self.input_type}

    def interaction(self, view) -> dict[str, Any]:
        return {
            "choices": [{"id": c.id, "text": c.text} for c in view.choices],
            "correct": [c.id for c in view.choices if c.correct],
        }

    def encode(self, question: ChoiceQuestion, value: AnswerValue) -> str:
        return base36(int(value))

    def decode(self, question: ChoiceQuestion, text: str) -> AnswerValue:
        return int(text, 36)

    def longest(self, question: ChoiceQuestion) -> AnswerValue:
        return len(question.choices) - 1

    def shape(self, question: ChoiceQuestion) -> str:
        return ",".join(question.choice_ids())

    def lint(self, question: ChoiceQuestion, qi: int, locate) -> Iterable[AuthorError]:
        from courseforge.loader import quiz_lint  # late: the loader imports the model

        yield from quiz_lint.prompt_gives_away(question, qi, locate)
        yield from quiz_lint.duplicate_choices(question, qi, locate)


class MultipleResponseKind(SingleChoiceKind):
    type = "multiple_response"
    model = MultipleResponseQuestion
    input_type = "checkbox"
    multiple = True

    def encode(self, question: ChoiceQuestion, value: AnswerValue) -> str:
        return base36(sum(1 << index for index in value))

    def decode(self, question: ChoiceQuestion, text: str) -> AnswerValue:
        mask = int(text, 36)
        return tuple(i for i in range(len(question.choices)) if mask >> i & 1)

    def longest(self, question: ChoiceQuestion) -> AnswerValue:
        return tuple(range(len(question.choices)))

    def lint(self, question: ChoiceQuestion, qi: int, locate) -> Iterable[AuthorError]:
        from courseforge.loader import quiz_lint

        yield from quiz_lint.mostly_correct(question, qi, locate)
        yield from super().lint(question, qi, locate)
