"""A GIFT reader for the tests: reads a .gift file the way Moodle's importer does.

Written from the rules of Moodle's question/format/gift/format.php (readquestion) and the
ordering type's import_from_gift, as docs/question-banks.md sets them out:

- questions are separated by blank lines; lines starting with `//` are comments
  (`// [id:x]` gives the question's idnumber);
- `\\` escapes `~ = # { } :` and a backslash, and `\\n` is a newline;
- `::name::` names a question; `[html]` at the start of a text gives its format;
- the answers sit between the first unescaped `{` and the first unescaped `}`; `####` starts
  the general feedback; `#` starts an answer's feedback;
- `{#…}` numerical, `~` multichoice (single when it has an `=`), `=` with `->` match,
  T/TRUE/F/FALSE true-false, anything else shortanswer; `{>N …}` is an ordering question:
  as Moodle 4.4+'s qtype_ordering import_from_gift, its header and items are read from the
  answer text after the general feedback is cut off, with escapes turned into placeholders
  and never undone (an item keeps them as private-use characters here, so a test sees it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPABLE = ":#={}~"
_WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")
_ORDERING = re.compile(
    r"^\s*>\s*(?P<count>\d+)\s*(?P<select>ALL|EXACT|RANDOM|CONTIGUOUS)?\s*"
    r"(?P<layout>VERTICAL|HORIZONTAL)?\s*(?P<grading>[A-Z_]+)?\s*(?P<show>SHOW|HIDE)?\s*"
    r"(?P<numbering>none|123|abc|ABCD|iii|IIII)?\s*(?P<items>.*?)\s*$",
    re.S,
)


@dataclass
class GiftAnswer:
    text: str
    fraction: float
    feedback: str = ""
    tolerance: float | None = None  # numerical
    target: str = ""  # match: the answer a subquestion text goes with


@dataclass
class GiftQuestion:
    category: str
    idnumber: str
    name: str
    qtype: str
    text: str
    text_format: str
    answers: list[GiftAnswer] = field(default_factory=list)
    general_feedback: str = ""
    single: bool = True  # multichoice
    true_feedback: str = ""  # truefalse: shown when the learner answers true
    false_feedback: str = ""
    correct_answer: bool | None = None  # truefalse
    ordering: dict[str, str] = field(default_factory=dict)


class GiftError(ValueError):
    pass


def _protect(text: str) -> str:
    """Replace escaped characters by private-use placeholders (Moodle's escapedchar_pre)."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "\\":
                out.append("\\")
                i += 2
                continue
            if nxt in _ESCAPABLE:
                out.append(chr(0xE000 + ord(nxt)))
                i += 2
                continue
            if nxt == "n":
                out.append(chr(0xE000 + 10))
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(chr(ord(c) - 0xE000) if 0xE000 <= ord(c) < 0xE080 else c for c in text)


def _with_format(text: str, default: str) -> tuple[str, str]:
    text = text.strip()
    match = re.match(r"^\[(moodle|html|plain|markdown)\]", text)
    if match:
        return _restore(text[match.end() :]).strip(), match.group(1)
    return _restore(text).strip(), default


def _comment(text: str, fmt: str) -> tuple[str, str]:
    answer, _, feedback = text.partition("#")
    return _with_format(answer, fmt)[0], _with_format(feedback, fmt)[0]


def read_gift(source: str) -> list[GiftQuestion]:
    """Return every question of a GIFT file, each with the category it was read under."""
    questions: list[GiftQuestion] = []
    category = ""
    block: list[str] = []
    for line in [*source.split("\n"), ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            result = _read_block(block, category)
            block = []
            if isinstance(result, str):
                category = result
            elif result is not None:
                questions.append(result)
    return questions


def _read_block(lines: list[str], category: str) -> GiftQuestion | str | None:
    idnumber = ""
    kept = []
    for line in lines:
        if line.strip().startswith("//"):
            found = re.search(r"\[id:([^\]]*)\]", line)
            if found:
                idnumber = found.group(1)
            kept.append(" ")
        else:
            kept.append(line)
    raw = "\n".join(kept).strip()
    if not raw:
        return None
    text = _protect(raw)
    if text.startswith("$CATEGORY:"):
        return _restore(text[len("$CATEGORY:") :]).strip()
    name = ""
    if text.startswith("::"):
        end = text.index("::", 2)
        name = _restore(text[2:end]).strip()
        text = text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 or finish < 0:
        raise GiftError(f"no answer section in {raw[:60]!r}")
    answer_text = text[start + 1 : finish].strip()
    question_text = text[:start] + text[finish + 1 :]
    general = ""
    if "####" in answer_text:
        cut = answer_text.rindex("####")
        general = answer_text[cut + 4 :]
        answer_text = answer_text[:cut].strip()
    body, fmt = _with_format(question_text, "moodle")
    question = GiftQuestion(category, idnumber, name, "", body, fmt)
    question.general_feedback = _with_format(general, fmt)[0]

    ordering = _ORDERING.match(answer_text)
    if ordering:
        question.qtype = "ordering"
        question.ordering = {
            k: ordering.group(k) or "" for k in ("count", "select", "layout", "grading", "show")
        }
        items = [item.strip() for item in re.split(r"[\r\n]+", ordering.group("items"))]
        question.answers = [GiftAnswer(item, 1.0) for item in items if item and item != "0"]
        return question
    if answer_text.startswith("#"):
        return _numerical(question, answer_text[1:], fmt)
    if "~" in answer_text:
        return _multichoice(question, answer_text, fmt)
    if "=" in answer_text and "->" in answer_text:
        question.qtype = "match"
        for part in [p.strip() for p in answer_text.split("=") if p.strip()]:
            source, _, target = part.partition("->")
            question.answers.append(
                GiftAnswer(_with_format(source, fmt)[0], 1.0, target=_restore(target).strip())
            )
        return question
    check = answer_text.split("#")[0].strip()
    if check in ("T", "TRUE", "F", "FALSE"):
        question.qtype = "truefalse"
        parts = answer_text.split("#", 2) + ["", ""]
        wrong = _with_format(parts[1], fmt)[0]
        right = _with_format(parts[2], fmt)[0]
        truth = check in ("T", "TRUE")
        question.correct_answer = truth
        question.true_feedback, question.false_feedback = (
            (right, wrong) if truth else (wrong, right)
        )
        return question
    question.qtype = "shortanswer"
    for part in [p.strip() for p in answer_text.split("=") if p.strip()]:
        weight, part = _weight(part, 1.0)
        text_, feedback = _comment(part, fmt)
        question.answers.append(GiftAnswer(text_, weight, feedback))
    return question


def _weight(part: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(part)
    if not match:
        return default, part
    return float(match.group(1).replace("--", "-")) / 100, part[match.end() :]


def _multichoice(question: GiftQuestion, answer_text: str, fmt: str) -> GiftQuestion:
    question.qtype = "multichoice"
    question.single = "=" in answer_text
    for part in [p.strip() for p in answer_text.replace("=", "~=").split("~") if p.strip()]:
        if part.startswith("="):
            weight, part = 1.0, part[1:]
        else:
            weight, part = _weight(part, 0.0)
        text, feedback = _comment(part, fmt)
        question.answers.append(GiftAnswer(text, weight, feedback))
    return question


def _numerical(question: GiftQuestion, answer_text: str, fmt: str) -> GiftQuestion:
    question.qtype = "numerical"
    wrong = ""
    if "~" in answer_text:
        cut = answer_text.index("~")
        answer_text, wrong = answer_text[:cut], answer_text[cut:]
    for part in [p.strip() for p in answer_text.split("=") if p.strip()]:
        weight, part = _weight(part, 1.0)
        value, feedback = _comment(part, fmt)
        if value.find("..") > 0:  # Moodle: strpos($answer, "..") > 0
            cut = value.find("..")
            low, high = float(value[:cut]), float(value[cut + 2 :])
            middle = (low + high) / 2
            question.answers.append(GiftAnswer(repr(middle), weight, feedback, high - middle))
        elif value.find(":") > 0:
            answer, _, tolerance = value.partition(":")
            question.answers.append(GiftAnswer(answer, weight, feedback, float(tolerance)))
        else:
            question.answers.append(GiftAnswer(value, weight, feedback, 0.0))
    if wrong:
        question.answers.append(GiftAnswer("*", 0.0, _comment(wrong, fmt)[1], None))
    return question
