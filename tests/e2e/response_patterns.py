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


STARTER = __import__("pathlib").Path(__file__).resolve().parents[2] / "src/courseforge/starter"


def starter_cloze_interaction(response: list[str], result: str = "correct") -> dict:
    """The starter course's cloze as the runtime reports it (course data + the learner's part)."""
    from courseforge.loader import load_course
    from courseforge.render.quiz_view import quiz_view

    course = load_course(STARTER)
    quiz = course.quizzes()[0]
    view = quiz_view(course, quiz, 0, 0)
    (data,) = [q.interaction(course, quiz) for q in view.questions if q.question.type == "cloze"]
    right = result == "correct"
    return {
        **data,
        "quizId": quiz.id,
        "response": response,
        "result": result,
        "earned": data["weighting"] if right else 0,
        "latencyMs": 700,
        "timestamp": "2026-11-26T14:03:05.123Z",
    }
