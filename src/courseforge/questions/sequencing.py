"""Sequencing: items put in the right order with move buttons.

Runtime module runtime/questions/sequencing.js. State: one base-36 item index per position.
"""

from __future__ import annotations

from typing import Any

from courseforge.model import SequencingQuestion
from courseforge.questions.kind import AnswerValue, QuestionKind, base36, index_digits


class SequencingKind(QuestionKind):
    type = "sequencing"
    model = SequencingQuestion
    interaction_type = "sequencing"
    runtime_module = "sequencing.js"
    template = "sequencing.html.j2"

    def view(self, question: SequencingQuestion, messages: Any = None) -> dict[str, Any]:
        from courseforge.render.quiz_view import option

        return {"choices": [option(i, "i", text) for i, text in enumerate(question.order)]}

    def interaction(self, view) -> dict[str, Any]:
        return {
            "choices": [{"id": i.id, "text": i.text} for i in view.choices],
            "correct": [i.id for i in view.choices],
        }

    def encode(self, question: SequencingQuestion, value: AnswerValue) -> str:
        return "".join(base36(item) for item in value)

    def decode(self, question: SequencingQuestion, text: str) -> AnswerValue:
        return index_digits(text)

    def longest(self, question: SequencingQuestion) -> AnswerValue:
        return tuple(range(len(question.order)))

    def shape(self, question: SequencingQuestion) -> str:
        return str(len(question.order))
