"""Matching: a target chosen for each source (a select per source, keyboard-operable).

Runtime module runtime/questions/matching.js. State: one base-36 target index per source
("-" for none). Sources sharing a target text share one target id.
"""

from __future__ import annotations

from typing import Any

from courseforge.model import MatchingQuestion
from courseforge.questions.kind import NO_TARGET, AnswerValue, QuestionKind, base36, index_digits


class MatchingKind(QuestionKind):
    type = "matching"
    model = MatchingQuestion
    interaction_type = "matching"
    runtime_module = "matching.js"
    template = "matching.html.j2"

    def view(self, question: MatchingQuestion, messages: Any = None) -> dict[str, Any]:
        from courseforge.render.quiz_view import option

        # Sources sharing a target text share one target: the learner cannot tell them apart.
        target_texts = list(dict.fromkeys(pair.target for pair in question.pairs))
        return {
            "sources": [option(i, "s", pair.source) for i, pair in enumerate(question.pairs)],
            "targets": [option(i, "t", text) for i, text in enumerate(target_texts)],
            "correct_targets": [target_texts.index(pair.target) for pair in question.pairs],
        }

    def interaction(self, view) -> dict[str, Any]:
        return {
            "sources": [{"id": s.id, "text": s.text} for s in view.sources],
            "targets": [{"id": t.id, "text": t.text} for t in view.targets],
            "correct": [
                [source.id, view.targets[target].id]
                for source, target in zip(view.sources, view.correct_targets, strict=True)
            ],
        }

    def encode(self, question: MatchingQuestion, value: AnswerValue) -> str:
        return "".join(NO_TARGET if t < 0 else base36(t) for t in value)

    def decode(self, question: MatchingQuestion, text: str) -> AnswerValue:
        return index_digits(text)

    def longest(self, question: MatchingQuestion) -> AnswerValue:
        return tuple(range(len(question.pairs)))

    def shape(self, question: MatchingQuestion) -> str:
        return f"{len(question.pairs)}>{len({pair.target for pair in question.pairs})}"
