"""Numeric: a typed number, exact or within an inclusive range.

Runtime module runtime/questions/numeric.js. State: the typed text, escaped.
"""

from __future__ import annotations

from typing import Any

from courseforge.model import NumericQuestion
from courseforge.questions.fill_in import FillInKind

NUMERIC_MAX_LENGTH = 32


class NumericKind(FillInKind):
    type = "numeric"
    model = NumericQuestion
    interaction_type = "numeric"
    runtime_module = "numeric.js"
    max_length = NUMERIC_MAX_LENGTH

    def interaction(self, view) -> dict[str, Any]:
        low, high = view.question.bounds()
        return {"correct": {"min": low, "max": high}}
