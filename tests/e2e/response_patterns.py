"""Fill-in answers holding every piece of response-pattern syntax, and a reader of that syntax.

SCORM 2004 (RTE 4.2.9) and xAPI 1.0.3 (interaction activities) share one pattern syntax:
items joined by "[,]", pairs by "[.]", ranges by "[:]", and "{case_matters=}",
"{order_matters=}" and "{lang=}" prefixes. A learner's or author's text must come out of a
pattern as one item, whatever it holds.
"""

from __future__ import annotations

import re

# One fill-in question per text: the learner typed it and it is the accepted answer.
DELIMITED_TEXTS = (
    "a[,]b",
    "3[.]4",
    "1[:]2",
    "{case_matters=true}Docker",
    "{order_matters=false}x",
    "{lang=de}Haus",
    "[,][.][:]{",
)
_FLAG = re.compile(r"^\{(case_matters|order_matters)=(true|false)\}")
_LANG = re.compile(r"^\{lang=([A-Za-z]{1,8}|i|x)(-[A-Za-z0-9-]{2,8})?\}")


def fill_in_items(pattern: str, *, correct: bool) -> list[str]:
    """Read a fill-in pattern the way the standards define it: flags, then "[,]"-joined items."""
    if correct:
        while _FLAG.match(pattern):
            pattern = _FLAG.sub("", pattern, count=1)
    return [_LANG.sub("", item, count=1) for item in pattern.split("[,]")]


def as_one_item(text: str) -> str:
    """The item a pattern must carry for this text: reserved delimiters made harmless."""
    return re.sub(r"^\{", "(", re.sub(r"\[([,.:])\]", r"(\1)", text))


def fill_in_interaction(index: int, text: str, **base) -> dict:
    """A checked fill-in interaction whose response and accepted answer are both `text`."""
    return {
        **base,
        "id": f"delim-{index}",
        "type": "fill-in",
        "multiple": False,
        "prompt": f"Type {text}",
        "response": text,
        "correct": {"answers": [text], "caseSensitive": False},
        "result": "correct",
        "weighting": 1,
        "earned": 1,
        "latencyMs": 500,
    }
