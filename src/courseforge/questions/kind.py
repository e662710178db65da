"""What every question type declares, in one class per type (see courseforge.questions).

A type's module holds what differs between types: the model class it reads, how the learner
page and the runtime see it, how its answer is written in the saved state string, and which
runtime module and template show it. The rest of the build asks the registry, never the type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from courseforge.errors import AuthorError, SourceLocation
    from courseforge.model.base import SourceModel
    from courseforge.render.quiz_view import QuestionView

# A learner's answer as the state string holds it: an index, a flag, text or indexes.
AnswerValue = Any

BASE36_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
NO_TARGET = "-"  # an index left unset (a matching source with no target chosen)
# Free text may hold any character; these four would break the state's fields, so "!" escapes
# them. The runtime reads this table from the course data (runtime.textEscapes).
TEXT_ESCAPES = {"!": "!!", "~": "!t", "|": "!p", "*": "!s"}


class QuestionKind:
    """One question type: subclass it in courseforge/questions/<type>.py and register it."""

    type: ClassVar[str]  # the model's `type:` value
    model: ClassVar[type[SourceModel]]
    interaction_type: ClassVar[str]  # the runtime contract's name (SCORM's, where it has one)
    runtime_module: ClassVar[str]  # below runtime/questions/
    template: ClassVar[str]  # below templates/learner/questions/
    fieldset_class: ClassVar[str] = ""  # extra class of the question's <fieldset>
    multiple: ClassVar[bool] = False  # the contract's `multiple`: several answers may be picked

    def view(self, question: Any, messages: Any = None) -> dict[str, Any]:
        """Return the type's own fields of its QuestionView (options, lengths)."""
        return {}

    def interaction(self, view: QuestionView) -> dict[str, Any]:
        """Return what the runtime and adapters read beyond the common fields (correct, options)."""
        raise NotImplementedError

    def encode(self, question: Any, value: AnswerValue) -> str:
        """Return the answer as the state string holds it (the runtime's encode, mirrored)."""
        raise NotImplementedError

    def decode(self, question: Any, text: str) -> AnswerValue:
        """Read an answer back from the state string; raise ValueError when it is damaged."""
        raise NotImplementedError

    def longest(self, question: Any) -> AnswerValue:
        """Return the answer whose encoding is longest (for the SCORM 1.2 suspend_data check)."""
        raise NotImplementedError

    def shape(self, question: Any) -> str:
        """Return what the state's indexes point into (part of the course fingerprint)."""
        return ""

    def lint(
        self, question: Any, qi: int, locate: Callable[..., SourceLocation]
    ) -> Iterable[AuthorError]:
        """Return quiz-lint warnings about this question (see loader/quiz_lint.py)."""
        return ()


def base36(number: int) -> str:
    """Write a number >= 0 in base 36, as the runtime's toString(36) does."""
    if number < 0:
        raise ValueError(f"expected a number >= 0, got {number}")
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = BASE36_DIGITS[digit] + digits
        if not number:
            return digits


def escape_text(text: str) -> str:
    return "".join(TEXT_ESCAPES.get(c, c) for c in text)


def unescape_text(text: str) -> str:
    unescapes = {escaped[1]: plain for plain, escaped in TEXT_ESCAPES.items()}
    plain, index = [], 0
    while index < len(text):
        if text[index] == "!":
            plain.append(unescapes[text[index + 1]])
            index += 2
        else:
            plain.append(text[index])
            index += 1
    return "".join(plain)


def index_digits(text: str) -> tuple[int, ...]:
    """Read one base-36 index per character ("-" is none)."""
    return tuple(-1 if c == NO_TARGET else int(c, 36) for c in text)
