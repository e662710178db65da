"""What the report needs from the course: every question with its file:line and its definition.

Source lines come from the loader's YAML reader (`load_yaml` keeps a source map per file); the
definitions come from the same code that embeds questions in the learner pages, so a statement's
definition can be compared with the current wording.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from courseforge.errors import display_path
from courseforge.loader.yaml_source import YamlSyntaxError, load_yaml
from courseforge.model import CHOICE_ID_ALPHABET
from courseforge.model.course import Course, Quiz
from courseforge.render.quiz_view import quiz_view


@dataclass(frozen=True)
class QuestionInfo:
    quiz_id: str
    id: str
    iri: str
    index: int  # authored position in its quiz
    type: str  # interaction type: choice, true-false, fill-in, numeric, matching, sequencing
    points: int
    prompt: str
    where: str  # file:line of the question in its quiz file
    choices: tuple[tuple[str, str, bool], ...]  # (id, plain text, correct), choice questions
    content_key: str  # digest of the current wording (see definition_key)
    scorm12_key: str  # the SCORM 1.2 correct-response pattern, what Moodle's CSV shows


@dataclass(frozen=True)
class QuizInfo:
    id: str
    title: str
    iri: str
    where: str
    graded: bool
    pass_points: int
    questions: tuple[QuestionInfo, ...]

    @property
    def total_points(self) -> int:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class PageInfo:
    index: int
    id: str
    title: str
    kind: str
    iri: str


@dataclass
class CourseIndex:
    id: str
    title: str
    version: str
    iri: str
    quizzes: list[QuizInfo]
    pages: list[PageInfo]
    by_iri: dict[str, QuestionInfo] = field(default_factory=dict)
    by_scorm_id: dict[str, QuestionInfo] = field(default_factory=dict)

    def questions(self) -> list[QuestionInfo]:
        return [q for quiz in self.quizzes for q in quiz.questions]

    def quiz(self, quiz_id: str) -> QuizInfo:
        return next(q for q in self.quizzes if q.id == quiz_id)


def question_lines(quiz: Quiz) -> list[int]:
    """Return the 1-based line of each question of a quiz in its file (0 when unknown)."""
    try:
        text = Path(quiz.source).read_text(encoding="utf-8")
        _, source_map, _ = load_yaml(text, str(quiz.source))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return [0] * len(quiz.questions)
    return [source_map.locate(("questions", i)).line for i in range(len(quiz.questions))]


def index_course(course: Course) -> CourseIndex:
    pages = [
        PageInfo(i, p.id, p.title, p.kind, course.activity_iri(p.id))
        for i, p in enumerate(course.pages())
    ]
    page_of = {p.id: p.index for p in pages}
    quizzes = []
    for number, quiz in enumerate(course.quizzes()):
        view = quiz_view(course, quiz, number, page_of[quiz.id])
        shown = display_path(Path(quiz.source))
        lines = question_lines(quiz)
        questions = []
        for q_view, line in zip(view.questions, lines, strict=True):
            data = q_view.interaction(course, quiz)
            questions.append(
                QuestionInfo(
                    quiz_id=quiz.id,
                    id=data["id"],
                    iri=data["iri"],
                    index=q_view.index,
                    type=data["type"],
                    points=data["weighting"],
                    prompt=data["prompt"],
                    where=f"{shown}:{line}" if line else shown,
                    choices=tuple((c.id, c.text, c.correct) for c in q_view.choices)
                    if data["type"] == "choice"
                    else (),
                    content_key=definition_key(interaction_definition(data)),
                    scorm12_key=",".join(scorm12_patterns(data)),
                )
            )
        quizzes.append(
            QuizInfo(
                quiz.id,
                quiz.title,
                course.activity_iri(quiz.id),
                shown,
                quiz.graded,
                view.pass_points,
                tuple(questions),
            )
        )
    index = CourseIndex(
        course.id, course.title, course.version, course.activity_iri(), quizzes, pages
    )
    for q in index.questions():
        index.by_iri[q.iri] = q
        index.by_scorm_id[f"{q.quiz_id}.{q.id}"] = q
    return index


# ---- the wording of a question as statements carry it ---------------------------------------


_DELIMITER = re.compile(r"\[([,.:])\]")
CLOZE_PATTERN_MAX = 10  # runtime/adapters/patterns.js: an xAPI cloze keeps this many patterns


def _pattern_text(text: str) -> str:
    """Free text as patterns.js writes it: delimiters as "(,)", a leading "{" as "(" ."""
    escaped = _DELIMITER.sub(r"(\1)", str(text))
    return "(" + escaped[1:] if escaped.startswith("{") else escaped


def _response_text(kind: str, value: Any) -> str:
    if kind == "true-false":
        return "true" if value else "false"
    if kind in ("choice", "sequencing"):
        return "[,]".join(value)
    if kind == "matching":
        return "[,]".join(f"{a}[.]{b}" for a, b in value)
    return str(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _correct_patterns(kind: str, correct: Any) -> list[str]:
    if kind == "fill-in":
        flag = "true" if correct["caseSensitive"] else "false"
        return [f"{{case_matters={flag}}}{_pattern_text(a)}" for a in correct["answers"]]
    if kind == "cloze":
        flag = "true" if all(blank["caseSensitive"] for blank in correct) else "false"
        combinations = itertools.product(*(blank["answers"] for blank in correct))
        return [
            f"{{case_matters={flag}}}{{order_matters=true}}" + "[,]".join(map(_pattern_text, items))
            for items in itertools.islice(combinations, CLOZE_PATTERN_MAX)
        ]
    if kind == "numeric":
        low, high = correct["min"], correct["max"]
        return [_number(low)] if low == high else [f"{_number(low)}[:]{_number(high)}"]
    return [_response_text(kind, correct)]


def interaction_definition(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of an xAPI interaction definition (runtime/adapters/xapi.js) that are wording."""
    definition: dict[str, Any] = {
        "description": data["prompt"],
        "interactionType": "fill-in" if data["type"] == "cloze" else data["type"],
        "correctResponsesPattern": _correct_patterns(data["type"], data["correct"]),
    }
    for key, source in (("choices", "choices"), ("source", "sources"), ("target", "targets")):
        if source in data:
            definition[key] = [[c["id"], c["text"]] for c in data[source]]
    return definition


def statement_definition(definition: Any) -> dict[str, Any] | None:
    """The same parts read from a statement's `object.definition` (None if it has none)."""
    if not isinstance(definition, dict):
        return None
    out: dict[str, Any] = {
        "description": _first_text(definition.get("description")),
        "interactionType": definition.get("interactionType"),
        "correctResponsesPattern": [
            str(p) for p in definition.get("correctResponsesPattern") or [] if p is not None
        ],
    }
    for key in ("choices", "source", "target"):
        if isinstance(definition.get(key), list):
            out[key] = [
                [str(c.get("id")), _first_text(c.get("description"))]
                for c in definition[key]
                if isinstance(c, dict)
            ]
    return out


def _first_text(lang_map: Any) -> str:
    if isinstance(lang_map, dict) and lang_map:
        return str(next(iter(lang_map.values())))
    return ""


def definition_key(definition: dict[str, Any]) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


# ---- SCORM 1.2 (runtime/adapters/scorm12.js): positions as letters ------------------------

_LETTERS = CHOICE_ID_ALPHABET  # what scorm-common.js positionLetter writes


def _letter(items: list[dict[str, Any]], item_id: str) -> str:
    for i, item in enumerate(items):
        if item["id"] == item_id:
            return _LETTERS[i]
    return ""


def scorm12_patterns(data: dict[str, Any]) -> list[str]:
    kind, correct = data["type"], data["correct"]
    if kind == "true-false":
        return ["t" if correct else "f"]
    if kind in ("choice", "sequencing"):
        return [",".join(_letter(data["choices"], c) for c in correct)]
    if kind == "matching":
        return [
            ",".join(
                f"{_letter(data['sources'], a)}.{_letter(data['targets'], b)}" for a, b in correct
            )
        ]
    if kind == "fill-in":
        return [str(a)[:255] for a in correct["answers"]]
    if kind == "cloze":
        return [",".join(blank["answers"][0] for blank in correct)[:255]]
    if correct["min"] == correct["max"]:
        return [_number(correct["min"])]
    return []


def scorm12_choice_ids(question: QuestionInfo, response: str) -> list[str]:
    """Map a SCORM 1.2 choice response ("a,c": positions as letters) back to choice ids."""
    ids = []
    for letter in response.split(","):
        position = _LETTERS.find(letter.strip())
        if 0 <= position < len(question.choices):
            ids.append(question.choices[position][0])
    return ids
