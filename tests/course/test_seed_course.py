"""The seed course in course/ must cover the career guide it was authored from.

Everything checked here is parsed from the guide itself (career stages and their key
actions, certifications and providers, the FAQ, the at-a-glance facts), so a change to the
guide that the course does not follow makes these tests fail.

Each content check runs twice: once over the raw source files (needs only PyYAML) and
once over the ``Course`` model from ``courseforge.loader.load_course``.

A copy of the guide (from shared/seed/) sits next to this test so the check runs on any
clone; ``COURSEFORGE_SEED_GUIDE`` points it at another copy.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COURSE_DIR = REPO / "course"
GUIDE_PATH = Path(
    os.environ.get(
        "COURSEFORGE_SEED_GUIDE", Path(__file__).with_name("ai-engineering-architect-guide.txt")
    )
)

ALL_TYPES = {
    "single_choice",
    "multiple_response",
    "true_false",
    "fill_in",
    "numeric",
    "matching",
    "sequencing",
}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SCHEMA_COMMENT = "# yaml-language-server: $schema="
FRONT_MATTER_RE = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n(.*)\Z", re.S)


def norm(text: str) -> str:
    """Collapse whitespace and typographic quotes/dashes so line wrapping does not matter."""
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2013", "-")
        .replace("\u2014", "-")
    )
    return " ".join(text.split())


# --------------------------------------------------------------------------- the guide


@dataclass
class Stage:
    number: int
    title: str
    duration: str
    description: str
    actions: list[str]


@dataclass
class Certification:
    name: str
    provider: str
    why: str


@dataclass
class Faq:
    question: str
    answer: str


@dataclass
class Guide:
    facts: dict[str, str]
    stages: list[Stage]
    certifications: list[Certification]
    faqs: list[Faq]


def _between(lines: list[str], start: str, end: str | None) -> list[str]:
    i = lines.index(start) + 1
    j = lines.index(end, i) if end else len(lines)
    return lines[i:j]


def parse_guide(text: str) -> Guide:
    lines = [line.strip() for line in text.splitlines() if line.strip()]

    # At-a-glance facts: each value line is followed by its label line.
    labels = ["Avg. Salary", "Job Growth", "Time to Career", "Difficulty"]
    facts = {label: lines[lines.index(label) - 1] for label in labels}

    # Career path: "<n><title>", duration, "<title>", description, "Key Actions", "- ..."
    path = _between(lines, "Career Path", "Recommended Certifications")
    stages: list[Stage] = []
    for i, line in enumerate(path):
        m = re.fullmatch(r"(\d+)(\S.*)", line)
        if m and i + 2 < len(path) and path[i + 2] == m.group(2):
            stages.append(Stage(int(m.group(1)), m.group(2), path[i + 1], path[i + 3], []))
        elif line.startswith("- ") and stages:
            stages[-1].actions.append(line[2:].strip())

    # Certifications: name, provider, why - three lines each.
    certs = _between(lines, "Recommended Certifications", "Frequently Asked Questions")
    assert len(certs) % 3 == 0, certs
    certifications = [Certification(*certs[i : i + 3]) for i in range(0, len(certs), 3)]

    # FAQ: a line ending in "?" is a question; the line after it is its answer.
    faq_lines = _between(lines, "Frequently Asked Questions", None)
    faqs = [
        Faq(line, faq_lines[i + 1])
        for i, line in enumerate(faq_lines)
        if line.endswith("?") and i + 1 < len(faq_lines)
    ]
    return Guide(facts, stages, certifications, faqs)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return parse_guide(GUIDE_PATH.read_text(encoding="utf-8"))


def test_guide_parses_as_expected(guide: Guide) -> None:
    # Guards the parser: if it silently found nothing, every coverage test would pass.
    assert [s.number for s in guide.stages] == [1, 2, 3, 4]
    assert all(len(s.actions) == 4 for s in guide.stages)
    assert len(guide.certifications) == 4
    assert len(guide.faqs) == 6
    assert all(f.answer and not f.answer.endswith("?") for f in guide.faqs)


# --------------------------------------------------------------------------- the course


@dataclass
class LessonView:
    id: str
    title: str
    body: str


@dataclass
class QuestionView:
    id: str
    type: str
    prompt: str


@dataclass
class QuizView:
    id: str
    title: str
    graded: bool
    questions: list[QuestionView]


@dataclass
class ModuleView:
    id: str
    title: str
    pages: list[LessonView | QuizView] = field(default_factory=list)


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _read_lesson(path: Path) -> tuple[dict[str, Any], str]:
    m = FRONT_MATTER_RE.match(path.read_text(encoding="utf-8"))
    assert m, f"{path} has no YAML front matter"
    return yaml.safe_load(m.group(1)), m.group(2)


def view_from_source() -> list[ModuleView]:
    course = _load_yaml(COURSE_DIR / "course.yaml")
    modules = []
    for module_id in course["modules"]:
        folder = COURSE_DIR / "modules" / module_id
        meta = _load_yaml(folder / "module.yaml")
        module = ModuleView(meta["id"], meta["title"])
        for name in meta["pages"]:
            if name.endswith(".quiz.yaml"):
                quiz = _load_yaml(folder / name)
                questions = [
                    QuestionView(q["id"], q["type"], q["prompt"]) for q in quiz["questions"]
                ]
                module.pages.append(
                    QuizView(quiz["id"], quiz["title"], bool(quiz.get("graded")), questions)
                )
            else:
                front, body = _read_lesson(folder / name)
                module.pages.append(LessonView(front["id"], front["title"], body))
        modules.append(module)
    return modules


def _value(x: Any) -> Any:
    return getattr(x, "value", x)  # enums -> their value


def view_from_loader() -> list[ModuleView]:
    from courseforge.loader import load_course

    course = load_course(COURSE_DIR)
    modules = []
    for m in course.modules:
        module = ModuleView(m.id, m.title)
        for p in m.pages:
            if hasattr(p, "questions"):
                questions = [QuestionView(q.id, str(_value(q.type)), q.prompt) for q in p.questions]
                module.pages.append(QuizView(p.id, p.title, bool(p.graded), questions))
            else:
                module.pages.append(LessonView(p.id, p.title, p.body))
        modules.append(module)
    return modules


@pytest.fixture(scope="module", params=["source", "loader"])
def modules(request: pytest.FixtureRequest) -> list[ModuleView]:
    return view_from_source() if request.param == "source" else view_from_loader()


def lessons(modules: list[ModuleView]) -> list[LessonView]:
    return [p for m in modules for p in m.pages if isinstance(p, LessonView)]


def quizzes(modules: list[ModuleView]) -> list[QuizView]:
    return [p for m in modules for p in m.pages if isinstance(p, QuizView)]


def final_quiz(modules: list[ModuleView]) -> QuizView:
    graded = [q for q in quizzes(modules) if q.graded]
    assert len(graded) == 1, [q.id for q in graded]
    assert graded[0] in modules[-1].pages, "the graded quiz belongs in the last module"
    return graded[0]


# --------------------------------------------------------------------------- coverage


def test_overview_states_the_career_facts(modules: list[ModuleView], guide: Guide) -> None:
    overview = modules[0]
    assert overview.id == "overview"
    text = norm(" ".join(p.body for p in overview.pages if isinstance(p, LessonView)))
    for label, value in guide.facts.items():
        assert norm(value) in text, f"overview is missing {label}: {value!r}"


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_stage_lesson_has_duration_description_and_all_key_actions(
    modules: list[ModuleView], guide: Guide, number: int
) -> None:
    stage = next(s for s in guide.stages if s.number == number)
    matches = [p for p in lessons(modules) if norm(p.title) == norm(stage.title)]
    assert len(matches) == 1, f"expected one lesson titled {stage.title!r}"
    body = norm(matches[0].body)
    assert norm(stage.duration) in body
    assert norm(stage.description) in body
    for action in stage.actions:
        assert norm(action) in body, f"stage {number} lesson is missing key action {action!r}"


def test_every_certification_with_provider_and_why(modules: list[ModuleView], guide: Guide) -> None:
    for cert in guide.certifications:
        holders = [p for p in lessons(modules) if norm(cert.name) in norm(p.body)]
        assert holders, f"no lesson covers {cert.name!r}"
        assert any(
            norm(cert.provider) in norm(p.body) and norm(cert.why) in norm(p.body) for p in holders
        ), f"{cert.name!r} is not taught with its provider and why it matters"


def test_every_faq_answer_is_taught_before_the_final_quiz(
    modules: list[ModuleView], guide: Guide
) -> None:
    text = norm(" ".join(p.body for p in lessons(modules)))
    for faq in guide.faqs:
        assert norm(faq.question) in text
        assert norm(faq.answer) in text, f"the answer to {faq.question!r} is not taught"


def test_final_quiz_uses_choice_and_true_false_questions(modules: list[ModuleView]) -> None:
    types = {q.type for q in final_quiz(modules).questions}
    assert {"single_choice", "multiple_response", "true_false"} <= types


def test_all_question_types_appear(modules: list[ModuleView]) -> None:
    used = {q.type for quiz in quizzes(modules) for q in quiz.questions}
    assert used == ALL_TYPES


def test_ids_are_kebab_case_and_unique(modules: list[ModuleView]) -> None:
    ids = [m.id for m in modules]
    for page in (p for m in modules for p in m.pages):
        ids.append(page.id)
        if isinstance(page, QuizView):
            ids.extend(q.id for q in page.questions)
    bad = [i for i in ids if not ID_RE.fullmatch(i)]
    assert not bad, bad
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes


def test_no_promotional_ending(modules: list[ModuleView]) -> None:
    texts = [p.body for p in lessons(modules)]
    texts += [q.prompt for quiz in quizzes(modules) for q in quiz.questions]
    assert not any("edirae" in t.lower() for t in texts)


# --------------------------------------------------------------------------- source-only


def test_course_metadata() -> None:
    course = _load_yaml(COURSE_DIR / "course.yaml")
    assert course["id"] == "ai-engineering-architect"
    assert course["title"] == "AI Engineering Architect"
    assert course["language"] == "en"
    assert str(course["version"]) == "1.0.0"
    assert course["completion"] == "all_lessons_and_pass"
    assert course["mastery_score"] == 80
    assert course["targets"] == ["web", "scorm12", "scorm2004", "xapi", "cmi5"]
    assert course["base_iri"] == "https://courses.example.org/ai-engineering-architect"
    assert course["description"] and course["audience"] and course["objectives"]


def test_every_yaml_file_names_its_schema() -> None:
    files = sorted(COURSE_DIR.rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_COMMENT), path


def test_every_file_in_a_module_is_listed_as_a_page() -> None:
    for folder in sorted((COURSE_DIR / "modules").iterdir()):
        pages = set(_load_yaml(folder / "module.yaml")["pages"])
        files = {p.name for p in folder.iterdir()} - {"module.yaml"}
        assert files == pages, folder


def _quiz_sources() -> list[dict[str, Any]]:
    return [_load_yaml(p) for p in sorted(COURSE_DIR.rglob("*.quiz.yaml"))]


def test_pass_marks_fit_the_points() -> None:
    for quiz in _quiz_sources():
        total = sum(q.get("points", 1) for q in quiz["questions"])
        if "pass_mark" in quiz:
            assert 0 < quiz["pass_mark"] <= total, quiz["id"]
        if quiz.get("graded"):
            assert quiz["attempts"] == 2
            assert quiz["shuffle"] is True
            if "pass_mark" in quiz:
                assert quiz["pass_mark"] * 100 == total * 80, "final pass mark must be 80%"


def test_graded_questions_explain_their_answers() -> None:
    for quiz in _quiz_sources():
        if not quiz.get("graded"):
            continue
        for q in quiz["questions"]:
            feedback = q.get("feedback") or {}
            assert feedback.get("correct") and feedback.get("incorrect"), q["id"]


def test_sequencing_and_matching_follow_the_guide(guide: Guide) -> None:
    questions = [q for quiz in _quiz_sources() for q in quiz["questions"]]
    orders = [q["order"] for q in questions if q["type"] == "sequencing"]
    assert [norm(s.title) for s in guide.stages] in [[norm(x) for x in o] for o in orders]
    # Certification -> why it matters: each target is the guide's own words for that one.
    why = {norm(c.name): norm(c.why).lower() for c in guide.certifications}
    (matching,) = [q for q in questions if q["type"] == "matching"]
    pairs = {norm(p["source"]): norm(p["target"]).lower() for p in matching["pairs"]}
    assert pairs.keys() == why.keys()
    for name, target in pairs.items():
        assert target in why[name], (name, target)
        assert all(target not in why[other] for other in why if other != name), target
