"""Question types. Each question's `id` becomes a SCORM interaction id and an xAPI activity IRI."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from courseforge.model.base import FiniteFloat, Identifier, SourceModel, Text
from courseforge.model.text_answer import export_answers, text_answer_matches

ChoiceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
# Default choice ids by position, and SCORM 1.2's one-character identifiers (RTE 3.4): the
# runtime reads it from the course data. One character per choice caps a question's choices.
CHOICE_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


class QuestionFeedback(SourceModel):
    """What the learner reads after answering."""

    correct: Text | None = Field(None, description="Shown when the answer is right.")
    incorrect: Text | None = Field(None, description="Shown when the answer is wrong.")


class _QuestionBase(SourceModel):
    id: Identifier
    prompt: Text = Field(description="The question, in Markdown.")
    points: int = Field(1, ge=0, le=1000, description="Points for a fully correct answer.")
    feedback: QuestionFeedback | None = None


class Choice(SourceModel):
    """One option of a choice question."""

    id: ChoiceId | None = Field(None, description="Stable choice id; default a, b, c… by position.")
    text: Text
    correct: bool = False
    feedback: Text | None = Field(None, description="Shown when the learner picks this choice.")


class _ChoiceQuestion(_QuestionBase):
    choices: list[Choice] = Field(min_length=2, max_length=len(CHOICE_ID_ALPHABET))

    def choice_ids(self) -> list[str]:
        """Return each choice's stable id, in authored order."""
        return [c.id or _letter_id(i) for i, c in enumerate(self.choices)]

    @model_validator(mode="after")
    def _distinct_choice_ids(self) -> _ChoiceQuestion:
        ids = self.choice_ids()
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique within a question")
        return self


class SingleChoiceQuestion(_ChoiceQuestion):
    """Pick exactly one choice."""

    type: Literal["single_choice"]


class MultipleResponseQuestion(_ChoiceQuestion):
    """Pick every correct choice (all-or-nothing scoring)."""

    type: Literal["multiple_response"]


class TrueFalseQuestion(_QuestionBase):
    """A statement the learner judges true or false."""

    type: Literal["true_false"]
    answer: bool


class FillInQuestion(_QuestionBase):
    """A short typed answer matched against accepted answers."""

    type: Literal["fill_in"]
    answers: list[Text] = Field(
        min_length=1,
        description="Every accepted answer (list the variants you accept). Matching ignores "
        "case (unless case_sensitive), repeated spaces, and quotes, brackets and sentence "
        "marks at either end.",
    )
    case_sensitive: bool = False

    def accepts(self, response: str) -> bool:
        """Whether a typed response is right (the rule in model/text_answer.py)."""
        return text_answer_matches(self.answers, response, case_sensitive=self.case_sensitive)

    def export_answers(self) -> list[str]:
        """The accepted answers, normalized and each once, as question banks carry them."""
        return export_answers(self.answers, case_sensitive=self.case_sensitive)


class NumericRange(SourceModel):
    """An inclusive range of accepted numbers."""

    min: FiniteFloat
    max: FiniteFloat

    @model_validator(mode="after")
    def _ordered(self) -> NumericRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min:g}) must not exceed max ({self.max:g})")
        return self


class NumericQuestion(_QuestionBase):
    """A number, exact or within a range."""

    type: Literal["numeric"]
    answer: FiniteFloat | None = Field(None, description="The exact number expected.")
    range: NumericRange | None = Field(None, description="Accepted inclusive range.")

    @model_validator(mode="after")
    def _one_of_answer_or_range(self) -> NumericQuestion:
        if (self.answer is None) == (self.range is None):
            raise ValueError("give exactly one of 'answer' or 'range'")
        return self

    def bounds(self) -> tuple[float, float]:
        """Return the accepted inclusive (min, max)."""
        if self.range is not None:
            return self.range.min, self.range.max
        assert self.answer is not None
        return self.answer, self.answer


class MatchingPair(SourceModel):
    """A source and the target it belongs with."""

    source: Text
    target: Text


class MatchingQuestion(_QuestionBase):
    """Match each source to its target (chosen from a list, keyboard-operable)."""

    type: Literal["matching"]
    pairs: list[MatchingPair] = Field(min_length=2, max_length=20)


class SequencingQuestion(_QuestionBase):
    """Put items in the right order."""

    type: Literal["sequencing"]
    order: list[Text] = Field(
        min_length=2, max_length=20, description="Items in the correct order."
    )


# A blank in a cloze passage: {{name}} (spaces allowed inside the braces).
CLOZE_MARKER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# A marker where no input can go: in a link or image target, a code span, or an HTML tag.
_CLOZE_NOT_IN_TEXT = re.compile(r"\]\([^)]*\{\{[^)]*\)|`[^`]*\{\{[^`]*`|<[^>]*\{\{[^>]*>")
# SCORM 2004 keeps at most 10 items in a fill-in response (RTE 4.2.9.2 SPM): one per blank.
CLOZE_MAX_BLANKS = 10


class ClozeBlank(SourceModel):
    """One blank of a cloze passage: a text entry (answers) or a drop-down (choices + answer)."""

    answers: list[Text] | None = Field(
        None, min_length=1, description="Text entry: every accepted answer (fill-in rule)."
    )
    case_sensitive: bool = False
    choices: list[Text] | None = Field(
        None, min_length=2, max_length=20, description="Drop-down: the options, in order."
    )
    answer: Text | None = Field(None, description="Drop-down: the right option (one of choices).")

    @model_validator(mode="after")
    def _text_entry_or_drop_down(self) -> ClozeBlank:
        if (self.answers is None) == (self.choices is None):
            raise ValueError(
                "give either 'answers' (a text entry) or 'choices' and 'answer' (a drop-down)"
            )
        if self.choices is not None:
            if self.answer is None:
                raise ValueError("a drop-down needs 'answer': the right one of its choices")
            if self.answer not in self.choices:
                raise ValueError(f"answer {self.answer!r} is not one of the choices")
        elif self.answer is not None:
            raise ValueError("'answer' is for a drop-down; a text entry lists 'answers'")
        return self

    @property
    def drop_down(self) -> bool:
        return self.choices is not None

    def accepts(self, response: str) -> bool:
        """Whether the learner's text (or chosen option) is right."""
        if self.choices is not None:
            return response == self.answer
        assert self.answers is not None
        return text_answer_matches(self.answers, response, case_sensitive=self.case_sensitive)


class ClozeQuestion(_QuestionBase):
    """A passage with blanks, each a text entry or a drop-down (Moodle's "Embedded answers")."""

    type: Literal["cloze"]
    # Before `passage`, so the passage's check sees the blanks (and is located at the passage).
    blanks: dict[Identifier, ClozeBlank] = Field(min_length=1, max_length=CLOZE_MAX_BLANKS)
    passage: Text = Field(
        description="Markdown with a {{name}} where each blank goes; every blank once."
    )

    @field_validator("passage")
    @classmethod
    def _every_blank_once(cls, passage: str, info: ValidationInfo) -> str:
        blanks = info.data.get("blanks")
        if blanks is None:
            return passage  # the blanks have their own errors
        names = CLOZE_MARKER.findall(passage)
        hidden = _CLOZE_NOT_IN_TEXT.search(passage)
        if hidden:
            raise ValueError(
                f"a blank sits inside a link target, code or an HTML tag ({hidden.group(0)!r}); "
                "put each {{name}} in the passage's text"
            )
        unknown = [name for name in names if name not in blanks]
        if unknown:
            raise ValueError(
                f"the passage has {{{{{unknown[0]}}}}} but 'blanks' has no {unknown[0]!r} "
                f"(it has: {', '.join(blanks)})"
            )
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"blank {twice[0]!r} appears more than once in the passage")
        unused = [name for name in blanks if name not in names]
        if unused:
            raise ValueError(
                f"blank {unused[0]!r} is not in the passage (write {{{{{unused[0]}}}}})"
            )
        return passage

    def blank_names(self) -> list[str]:
        """The blanks' names in passage order."""
        return CLOZE_MARKER.findall(self.passage)

    def ordered_blanks(self) -> list[tuple[str, ClozeBlank]]:
        return [(name, self.blanks[name]) for name in self.blank_names()]


Question = Annotated[
    SingleChoiceQuestion
    | MultipleResponseQuestion
    | TrueFalseQuestion
    | FillInQuestion
    | NumericQuestion
    | MatchingQuestion
    | SequencingQuestion
    | ClozeQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES = (
    "single_choice",
    "multiple_response",
    "true_false",
    "fill_in",
    "numeric",
    "matching",
    "sequencing",
    "cloze",
)


def _letter_id(index: int) -> str:
    return CHOICE_ID_ALPHABET[index]
