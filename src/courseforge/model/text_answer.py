"""How a typed (fill-in) answer is compared with the accepted ones.

The learner runtime applies the same rule (`runtime/quiz.js`, `normalText`); the two are kept
in step by tests/runtime/test_fill_in_matching.py, which runs both on the same table.

The rule: text is compared in Unicode NFC; quotes, brackets and sentence marks at either end
are dropped (quotes and `( [ { ¿ ¡` at the start; quotes and `) ] } . , ; : ! ? …` at the end);
every run of whitespace inside counts as one space; case is ignored unless `case_sensitive`.
Text that would be left empty is compared only trimmed and space-collapsed, so an answer made
of punctuation still needs that punctuation.
"""

from __future__ import annotations

import re
import unicodedata

# Spelled out rather than \s: Python's and JavaScript's \s differ at the edges (U+FEFF, U+001C).
SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
QUOTES = "'\"`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"
OPENING = "([{\u00bf\u00a1"
CLOSING = ")]}.,;:!?\u2026"

_LEADING = re.compile(f"^[{SPACE}{re.escape(QUOTES + OPENING)}]+")
_TRAILING = re.compile(f"[{SPACE}{re.escape(QUOTES + CLOSING)}]+\\Z")
_SPACES = re.compile(f"[{SPACE}]+")


def _collapsed(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ")


def normalize_text_answer(text: str, *, case_sensitive: bool = False) -> str:
    """Return the form of a typed or accepted answer that fill-in matching compares."""
    text = unicodedata.normalize("NFC", text)
    bare = _collapsed(_TRAILING.sub("", _LEADING.sub("", text)))
    text = bare or _collapsed(text)
    return text if case_sensitive else text.lower()


def text_answer_matches(accepted: list[str], response: str, *, case_sensitive: bool) -> bool:
    """Whether a typed response matches any accepted answer under the rule above."""
    typed = normalize_text_answer(response, case_sensitive=case_sensitive)
    return any(
        normalize_text_answer(answer, case_sensitive=case_sensitive) == typed for answer in accepted
    )


def export_answers(accepted: list[str], *, case_sensitive: bool) -> list[str]:
    """The accepted answers as a question bank should carry them: edges and spaces normalized
    (case kept, for the bank's own case setting), each distinct answer once."""
    seen: dict[str, str] = {}
    for answer in accepted:
        shown = normalize_text_answer(answer, case_sensitive=True)
        seen.setdefault(normalize_text_answer(answer, case_sensitive=case_sensitive), shown)
    return list(seen.values())
