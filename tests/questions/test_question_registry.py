"""The question-type registry: every type is registered once and wired everywhere it must be.

A type with a model but no registered module, a module without its runtime module, template,
response patterns or question-bank mapping fails here, not in an author's build. The checks
are one function, run on the real registry (no problems) and on half-registered types (each
problem named).
"""

from __future__ import annotations

import typing
import zipfile
from importlib import resources

import pytest

from courseforge import questions
from courseforge.build import build
from courseforge.loader import load_course
from courseforge.model import questions as model_questions
from courseforge.questions import QUESTION_KINDS, QuestionKind
from courseforge.render.site import RUNTIME_PARTS
from courseforge.targets import target_class, target_names
from courseforge.targets.question_bank import QuestionBankTarget
from courseforge.templating import get_template

STARTER = __import__("pathlib").Path(__file__).resolve().parents[2] / "src/courseforge/starter"
RUNTIME = resources.files("courseforge.runtime")
# What every runtime question module must give its type (runtime/quiz.js, state-string.js).
RUNTIME_HOOKS = ("read", "write", "encode", "decode", "isCorrect", "response", "showChecked")
# SCORM 1.2 RTE 3.4.2: the interaction types a 1.2 LMS accepts.
SCORM12_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
}


def model_types() -> dict[str, type]:
    """Every question model in the `Question` union, by its `type:` value."""
    union = typing.get_args(model_questions.Question)[0]
    return {
        typing.get_args(m.model_fields["type"].annotation)[0]: m for m in typing.get_args(union)
    }


def runtime_registrations(page, module: str) -> dict[str, list[str]]:
    """Run one runtime question module alone: the types it registers and their hooks."""
    source = RUNTIME.joinpath("questions", module).read_text(encoding="utf-8")
    return page.evaluate(
        """source => {
            const QUESTION_KINDS = {};
            // The runtime's shared helpers (quiz.js, state-string.js) as stubs: only names matter.
            const helpers = new Proxy({}, {
                has: (_, key) => typeof key === "string" && key !== "QUESTION_KINDS" && !(key in globalThis),
                get: () => () => {},
            });
            new Function("QUESTION_KINDS", "helpers", `with (helpers) {${source}\n}`)(QUESTION_KINDS, helpers);
            return Object.fromEntries(Object.entries(QUESTION_KINDS).map(
                ([type, kind]) => [type, Object.keys(kind).filter((k) => typeof kind[k] === "function")]));
        }""",
        source,
    )


def adapter_tables(page) -> dict[str, object]:
    """The response-pattern table (patterns.js) and SCORM 1.2's type names, as the browser reads them."""
    adapters = RUNTIME.joinpath("adapters")
    patterns = adapters.joinpath("patterns.js").read_text(encoding="utf-8")
    scorm12 = adapters.joinpath("scorm12.js").read_text(encoding="utf-8")
    types12 = scorm12[
        scorm12.index("var TYPES_12") : scorm12.index(";", scorm12.index("var TYPES_12")) + 1
    ]
    return page.evaluate(
        """([patterns, types12]) => new Function(patterns + types12 + `
            return {patterns: Object.fromEntries(Object.entries(RESPONSE_PATTERNS).map(
                      ([type, entry]) => [type, entry.interactionType || type])),
                    types12: TYPES_12};`)()""",
        [patterns, types12],
    )


def registry_problems(kinds: dict[str, QuestionKind], page) -> list[str]:
    """Every way the registry and the places that need a type disagree."""
    problems = []
    models = model_types()
    for name in sorted(set(models) - set(kinds)):
        problems.append(f"{name}: a model in the Question union but no registered QuestionKind")
    if set(model_questions.QUESTION_TYPES) != set(kinds):
        problems.append("model.questions.QUESTION_TYPES is not the registry's list")
    tables = adapter_tables(page)
    for name, kind in kinds.items():
        if kind.type != name or models.get(name) is not kind.model:
            problems.append(f"{name}: registered under another name or model")
        module = kind.runtime_module
        if not RUNTIME.joinpath("questions", module).is_file():
            problems.append(f"{name}: runtime module questions/{module} is missing")
            continue
        if f"questions/{module}" not in RUNTIME_PARTS:
            problems.append(f"{name}: questions/{module} is not shipped (RUNTIME_PARTS)")
        registered = runtime_registrations(page, module)
        hooks = registered.get(kind.interaction_type)
        if hooks is None:
            problems.append(f"{name}: questions/{module} registers no {kind.interaction_type!r}")
        elif missing := [h for h in RUNTIME_HOOKS if h not in hooks]:
            problems.append(f"{name}: questions/{module} lacks {', '.join(missing)}")
        if f"questions/{module}" not in RUNTIME_PARTS:
            problems.append(f"{name}: the shipped runtime lacks questions/{module}")
        try:
            get_template(f"learner/questions/{kind.template}")
        except Exception:  # noqa: BLE001 - any failure to load is the finding
            problems.append(f"{name}: template learner/questions/{kind.template} is missing")
        standard = tables["patterns"].get(kind.interaction_type)
        if standard is None:
            problems.append(f"{name}: patterns.js has no {kind.interaction_type!r} entry")
        scorm12 = tables["types12"].get(kind.interaction_type, kind.interaction_type)
        if scorm12 not in SCORM12_TYPES:
            problems.append(f"{name}: SCORM 1.2 has no interaction type {scorm12!r} (TYPES_12)")
        for target in target_names():
            cls = target_class(target)
            if issubclass(cls, QuestionBankTarget) and not _bank_maps(cls, name):
                problems.append(f"{name}: the {target} target neither writes nor refuses it")
    return problems


def _bank_maps(cls: type[QuestionBankTarget], question_type: str) -> bool:
    """Whether a bank target writes this type or names it in cannot_hold (built once below)."""
    return question_type in cls.cannot_hold or question_type in BANK_WRITES.get(cls.name, set())


BANK_WRITES: dict[str, set[str]] = {}


@pytest.fixture(scope="module", autouse=True)
def every_target_builds_every_type(tmp_path_factory):
    """Build the starter course (one question of every type) with every target, once."""
    course = load_course(STARTER)
    assert {q.type for quiz in course.quizzes() for q in quiz.questions} == set(QUESTION_KINDS)
    out = tmp_path_factory.mktemp("every-type")
    result = build(STARTER, out, list(target_names()))
    for output in result.outputs:
        cls = target_class(output.target)
        if not issubclass(cls, QuestionBankTarget):
            continue
        data = output.path.read_bytes()
        if output.path.suffix == ".zip":
            with zipfile.ZipFile(output.path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        BANK_WRITES[cls.name] = {
            q.type for quiz in course.quizzes() for q in quiz.questions if q.id.encode() in data
        }


def test_every_type_is_wired_everywhere(browser_page):
    assert registry_problems(QUESTION_KINDS, browser_page.page) == []


def test_a_half_registered_type_is_named_for_each_missing_piece(browser_page):
    class EssayKind(QuestionKind):
        type = "essay"
        model = model_questions.FillInQuestion
        interaction_type = "long-fill-in"
        runtime_module = "essay.js"
        template = "essay.html.j2"

    kinds = {**QUESTION_KINDS, "essay": EssayKind()}
    problems = registry_problems(kinds, browser_page.page)
    assert problems == [
        "model.questions.QUESTION_TYPES is not the registry's list",
        "essay: registered under another name or model",
        "essay: runtime module questions/essay.js is missing",
    ]


def test_a_type_whose_runtime_module_registers_another_name_is_caught(browser_page, monkeypatch):
    cloze = QUESTION_KINDS["cloze"]
    monkeypatch.setattr(type(cloze), "interaction_type", "gap-fill")
    problems = registry_problems(QUESTION_KINDS, browser_page.page)
    assert "cloze: questions/cloze.js registers no 'gap-fill'" in problems
    assert "cloze: patterns.js has no 'gap-fill' entry" in problems
    assert "cloze: SCORM 1.2 has no interaction type 'gap-fill' (TYPES_12)" in problems


def test_the_registry_is_what_the_model_and_runtime_use():
    assert list(QUESTION_KINDS) == list(model_questions.QUESTION_TYPES)
    assert questions.runtime_modules() == tuple(
        part.removeprefix("questions/") for part in RUNTIME_PARTS if part.startswith("questions/")
    )
