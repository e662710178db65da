"""Cloze: one passage with blanks, each a text entry or a drop-down (Moodle's "Embedded answers").

Runtime module runtime/questions/cloze.js; template templates/learner/questions/cloze.html.j2.
The value is one entry per blank in passage order: the typed text, or the chosen option's index
(-1 for none). State: the blanks joined by "!," (text escaped as in fill-in, an option as a
base-36 index, an empty blank empty); "!," never occurs in escaped text.

Tracking: one fill-in interaction per question with one response item per blank, in order
(docs/question-types.md says why). Scoring is all or nothing, as for every type.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from courseforge.model import ClozeQuestion
from courseforge.model.questions import CLOZE_MARKER
from courseforge.questions.kind import (
    AnswerValue,
    QuestionKind,
    base36,
    escape_text,
    unescape_text,
)

if TYPE_CHECKING:
    from courseforge.errors import AuthorError

CLOZE_BLANK_MAX_LENGTH = 40  # a blank holds a word or a short phrase; keeps the state small
BLANK_SEPARATOR = "!,"


@dataclass(frozen=True)
class BlankView:
    """One blank as the template shows it."""

    index: int  # in passage order
    name: str
    dom_id: str
    options: list[str]  # a drop-down's options as plain text; empty for a text entry
    max_length: int

    @property
    def drop_down(self) -> bool:
        return bool(self.options)


class ClozeKind(QuestionKind):
    type = "cloze"
    model = ClozeQuestion
    interaction_type = "cloze"
    runtime_module = "cloze.js"
    template = "cloze.html.j2"
    fieldset_class = "cf-cloze-question"

    def view(self, question: ClozeQuestion, messages: Any = None) -> dict[str, Any]:
        from courseforge.render.markdown_html import plain_text, render_block

        dom_id = f"q-{question.id}"
        blanks = [
            BlankView(
                index,
                name,
                f"{dom_id}-b{index}",
                [plain_text(choice) for choice in blank.choices or ()],
                CLOZE_BLANK_MAX_LENGTH,
            )
            for index, (name, blank) in enumerate(question.ordered_blanks())
        ]
        marked, token = passage_with_tokens(question)
        pieces = split_at_blanks(render_block(marked, messages), token)
        return {
            "parts": [
                Markup(piece) if isinstance(piece, str) else blanks[piece] for piece in pieces
            ]
        }

    def interaction(self, view) -> dict[str, Any]:
        from courseforge.render.markdown_html import plain_text

        question: ClozeQuestion = view.question
        blanks, correct = [], []
        for name, blank in question.ordered_blanks():
            if blank.choices is not None:
                options = [plain_text(choice) for choice in blank.choices]
                blanks.append({"id": name, "options": options})
                correct.append({"answers": [plain_text(blank.answer or "")], "caseSensitive": True})
            else:
                blanks.append({"id": name, "maxLength": CLOZE_BLANK_MAX_LENGTH})
                correct.append(
                    {"answers": list(blank.answers or ()), "caseSensitive": blank.case_sensitive}
                )
        return {"blanks": blanks, "correct": correct}

    def encode(self, question: ClozeQuestion, value: AnswerValue) -> str:
        parts = []
        for (_name, blank), entry in zip(question.ordered_blanks(), value, strict=True):
            if blank.drop_down:
                parts.append("" if entry < 0 else base36(entry))
            else:
                parts.append(escape_text(str(entry)))
        return BLANK_SEPARATOR.join(parts)

    def decode(self, question: ClozeQuestion, text: str) -> AnswerValue:
        entries = _split_blanks(text)
        blanks = question.ordered_blanks()
        if len(entries) != len(blanks):
            raise ValueError("wrong number of blanks")
        return tuple(
            (int(entry, 36) if entry else -1) if blank.drop_down else unescape_text(entry)
            for (_name, blank), entry in zip(blanks, entries, strict=True)
        )

    def longest(self, question: ClozeQuestion) -> AnswerValue:
        return tuple(
            len(blank.choices) - 1 if blank.choices else "|" * CLOZE_BLANK_MAX_LENGTH
            for _name, blank in question.ordered_blanks()
        )

    def lint(self, question: ClozeQuestion, qi: int, locate) -> Iterable[AuthorError]:
        from courseforge.loader import quiz_lint  # late: the loader imports the model

        return quiz_lint.duplicate_drop_down_options(question, qi, locate)

    def shape(self, question: ClozeQuestion) -> str:
        return ",".join(
            f"{name}={len(blank.choices) if blank.choices else 't'}"
            for name, blank in question.ordered_blanks()
        )


def _split_blanks(text: str) -> list[str]:
    """Split at each "!," that is not the second half of an escape ("!!,")."""
    entries, current, index = [], "", 0
    while index < len(text):
        pair = text[index : index + 2]
        if pair == BLANK_SEPARATOR:
            entries.append(current)
            current = ""
            index += 2
        elif text[index] == "!":
            current += pair
            index += 2
        else:
            current += text[index]
            index += 1
    entries.append(current)
    return entries


def passage_with_tokens(question: ClozeQuestion) -> tuple[str, str]:
    """Return the passage's Markdown with each blank as a token no renderer changes, and the token.

    Render it (learner page, question banks), then cut it with split_at_blanks.
    """
    token = f"cfblank{uuid.uuid5(uuid.NAMESPACE_URL, question.id).hex[:12]}x"
    positions = {name: index for index, name in enumerate(question.blank_names())}
    marked = CLOZE_MARKER.sub(lambda m: f"{token}{positions[m.group(1)]}{token}", question.passage)
    return marked, token


def split_at_blanks(text: str, token: str) -> list[str | int]:
    """Cut rendered text at its blank tokens: text, blank index, text, … (text first and last)."""
    pieces = text.split(token)
    parts: list[str | int] = [pieces[0]]
    for number, rest in zip(pieces[1::2], pieces[2::2], strict=True):
        parts += [int(number), rest]
    return parts
