"""Fill-in: one typed answer, matched against the accepted ones (model/text_answer.py's rule).

Runtime module runtime/questions/fill-in.js. State: the typed text, escaped.
"""

from __future__ import annotations

from typing import Any

from courseforge.model import FillInQuestion
from courseforge.questions.kind import AnswerValue, QuestionKind, escape_text, unescape_text

FILL_IN_MAX_LENGTH = 100  # the text input's maxlength, in UTF-16 code units


class FillInKind(QuestionKind):
    type = "fill_in"
    model = FillInQuestion
    interaction_type = "fill-in"
    runtime_module = "fill-in.js"
    template = "text.html.j2"
    fieldset_class = "cf-text-question"
    max_length = FILL_IN_MAX_LENGTH

    def view(self, question: Any, messages: Any = None) -> dict[str, Any]:
        return {"text_max_length": self.max_length}

    def interaction(self, view) -> dict[str, Any]:
        question = view.question
        return {
            "correct": {"answers": list(question.answers), "caseSensitive": question.case_sensitive}
        }

    def encode(self, question: Any, value: AnswerValue) -> str:
        return escape_text(str(value))

    def decode(self, question: Any, text: str) -> AnswerValue:
        return unescape_text(text)

    def longest(self, question: Any) -> AnswerValue:
        return "|" * self.max_length  # every character escaped: twice as long
