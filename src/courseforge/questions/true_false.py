"""True or false: a statement the learner judges.

Runtime module runtime/questions/true-false.js. State: "1" or "0".
"""

from __future__ import annotations

from typing import Any

from courseforge.model import TrueFalseQuestion
from courseforge.questions.kind import AnswerValue, QuestionKind


class TrueFalseKind(QuestionKind):
    type = "true_false"
    model = TrueFalseQuestion
    interaction_type = "true-false"
    runtime_module = "true-false.js"
    template = "true_false.html.j2"

    def interaction(self, view) -> dict[str, Any]:
        return {"correct": view.question.answer}

    def encode(self, question: TrueFalseQuestion, value: AnswerValue) -> str:
        return "1" if value else "0"

    def decode(self, question: TrueFalseQuestion, text: str) -> AnswerValue:
        return text == "1"

    def longest(self, question: TrueFalseQuestion) -> AnswerValue:
        return True
