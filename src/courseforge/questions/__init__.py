"""The question-type registry: one module per type, registered in QUESTION_KINDS.

Adding a type: its model class (model/questions.py, in the `Question` union), its module here
(a QuestionKind subclass), its runtime module (runtime/questions/<type>.js, registering itself
in QUESTION_KINDS there), its template (templates/learner/questions/), its response patterns
(runtime/adapters/patterns.js and scorm12.js) and its question-bank writers. The registry test
(tests/questions/test_question_registry.py) fails until every one of them is there.
"""

from __future__ import annotations

from typing import Any

from courseforge.questions.choice import MultipleResponseKind, SingleChoiceKind
from courseforge.questions.cloze import ClozeKind
from courseforge.questions.fill_in import FillInKind
from courseforge.questions.kind import QuestionKind
from courseforge.questions.matching import MatchingKind
from courseforge.questions.numeric import NumericKind
from courseforge.questions.sequencing import SequencingKind
from courseforge.questions.true_false import TrueFalseKind

QUESTION_KINDS: dict[str, QuestionKind] = {
    kind.type: kind
    for kind in (
        SingleChoiceKind(),
        MultipleResponseKind(),
        TrueFalseKind(),
        FillInKind(),
        NumericKind(),
        MatchingKind(),
        SequencingKind(),
        ClozeKind(),
    )
}


def kind_of(question: Any) -> QuestionKind:
    """Return the registered type of a question."""
    return QUESTION_KINDS[question.type]


def runtime_modules() -> tuple[str, ...]:
    """Return every type's runtime module, each once, in registry order."""
    return tuple(dict.fromkeys(kind.runtime_module for kind in QUESTION_KINDS.values()))


__all__ = ["QUESTION_KINDS", "QuestionKind", "kind_of", "runtime_modules"]
