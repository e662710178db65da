"""Checks that span files: ids, reserved page ids, quizzes that cannot be passed, and each
lesson's references (lesson_references.py). Assets: course_assets.py; warnings:
author_warnings.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.loader.author_warnings import course_warnings
from courseforge.loader.course_assets import check_course_size, collect_assets
from courseforge.loader.lesson_references import TOO_DEEP, check_lesson_references
from courseforge.loader.limits import MAX_MARKDOWN_DEPTH
from courseforge.loader.media_checks import media_errors
from courseforge.loader.yaml_source import SourceMap, dotted_field
from courseforge.markdown import parse_markdown
from courseforge.model.course import CourseSettings, Lesson, Module, Quiz
from courseforge.model.questions import MultipleResponseQuestion, SingleChoiceQuestion
from courseforge.render.blocks import math_problem
from courseforge.render.paths import folder_resolver

# Kept importable from here, where they were before the split.
__all__ = ["check_course", "check_course_size", "collect_assets", "course_warnings"]


def check_course(
    settings: CourseSettings | None,
    modules: list[Module],
    root: Path,
    source_maps: dict[Path, SourceMap],
    *,
    all_modules_loaded: bool = True,
    targets: Sequence[str] | None = None,
) -> list[AuthorError]:
    """Return every cross-file problem among what loaded (settings are None if course.yaml failed).

    Args:
        targets: the targets the course is being built for (default: its `targets`); the page
            ids they reserve are refused.
    """
    from courseforge.i18n.overrides import override_errors
    from courseforge.targets import (
        reserved_page_ids,
        target_names,
    )  # late: targets import the model

    def at(path: Path, *loc: object) -> SourceLocation:
        source_map = source_maps.get(path)
        return source_map.locate(loc) if source_map else SourceLocation(display_path(path))

    errors: list[AuthorError] = []
    course_file = root / "course.yaml"
    pages = [page for module in modules for page in module.pages]

    if settings is not None:
        errors += override_errors(
            settings.language, settings.messages, lambda loc: at(course_file, *loc)
        )
        known = target_names()
        for index, name in enumerate(settings.targets):
            if name not in known:
                errors.append(
                    AuthorError(
                        at(course_file, "targets", index),
                        f"targets[{index}]",
                        f"unknown target; expected one of {', '.join(known)}, got {name!r}",
                    )
                )
        graded = any(isinstance(p, Quiz) and p.graded for p in pages)
        if "pass" in settings.completion and all_modules_loaded and not graded:
            errors.append(
                AuthorError(
                    at(course_file, "completion"),
                    "completion",
                    f"expected at least one quiz with 'graded: true' for "
                    f"{settings.completion!r}, got none",
                )
            )

    built_for = targets if targets is not None else (settings.targets if settings else ())
    reserved = reserved_page_ids(built_for)
    for page in pages:
        if page.id in reserved:
            target, why = reserved[page.id]
            errors.append(
                AuthorError(
                    at(page.source, "id"),
                    "id",
                    f"page id {page.id!r} is reserved by the {target} target ({why}); "
                    "rename the page",
                )
            )

    seen: dict[str, SourceLocation] = {}

    def claim(item_id: str, where: SourceLocation, field: str) -> None:
        if item_id in seen:
            errors.append(
                AuthorError(
                    where, field, f"duplicate id {item_id!r}; first used at {seen[item_id]}"
                )
            )
        else:
            seen[item_id] = where

    for module in modules:
        claim(module.id, at(module.source, "id"), "id")
        for page in module.pages:
            claim(page.id, at(page.source, "id"), "id")
            if isinstance(page, Quiz):
                for qi, question in enumerate(page.questions):
                    claim(
                        question.id, at(page.source, "questions", qi, "id"), f"questions[{qi}].id"
                    )
                errors.extend(_check_quiz(page, at))
                errors.extend(_check_quiz_markdown(page, at))

    # Most links point at lessons whose paths are resolved here already: resolve each path once.
    resolve = folder_resolver()
    page_files = {resolve(p.source): p for p in pages}
    resolved_root = root.resolve()
    for lesson in (p for p in pages if isinstance(p, Lesson)):
        errors.extend(
            check_lesson_references(lesson, page_files, resolved_root, resolve, all_modules_loaded)
        )
        errors.extend(media_errors(lesson, resolved_root))
    return errors


def _markdown_fields(quiz: Quiz) -> Iterator[tuple[tuple[object, ...], str]]:
    """Yield (data path, text) for every quiz text the pages render as Markdown."""
    if quiz.intro:
        yield ("intro",), quiz.intro
    for qi, question in enumerate(quiz.questions):
        yield ("questions", qi, "prompt"), question.prompt
        if question.feedback:
            for kind in ("correct", "incorrect"):
                text = getattr(question.feedback, kind)
                if text:
                    yield ("questions", qi, "feedback", kind), text
        for ci, choice in enumerate(getattr(question, "choices", ())):
            yield ("questions", qi, "choices", ci, "text"), choice.text
            if choice.feedback:
                yield ("questions", qi, "choices", ci, "feedback"), choice.feedback
        for pi, pair in enumerate(getattr(question, "pairs", ())):
            yield ("questions", qi, "pairs", pi, "source"), pair.source
            yield ("questions", qi, "pairs", pi, "target"), pair.target
        for oi, item in enumerate(getattr(question, "order", ())):
            yield ("questions", qi, "order", oi), item
        if question.type == "cloze":  # its blanks are tokens the Markdown renderer keeps
            yield ("questions", qi, "passage"), question.passage


def _too_deep(text: str) -> bool:
    return parse_markdown(text).depth > MAX_MARKDOWN_DEPTH


def _check_quiz_markdown(quiz: Quiz, at: Callable[..., SourceLocation]) -> list[AuthorError]:
    errors = []
    for loc, text in _markdown_fields(quiz):
        if _too_deep(text):
            errors.append(AuthorError(at(quiz.source, *loc), dotted_field(loc), TOO_DEEP))
        for formula in parse_markdown(text).math:
            problem = math_problem(formula.tex)
            if problem:
                errors.append(AuthorError(at(quiz.source, *loc), dotted_field(loc), problem))
    return errors


def _check_quiz(quiz: Quiz, at: Callable[..., SourceLocation]) -> list[AuthorError]:
    errors = []
    for qi, question in enumerate(quiz.questions):
        if isinstance(question, (SingleChoiceQuestion, MultipleResponseQuestion)):
            correct = sum(c.correct for c in question.choices)
            where = at(quiz.source, "questions", qi, "choices")
            field = f"questions[{qi}].choices"
            if correct == 0:
                errors.append(
                    AuthorError(
                        where, field, "expected at least one choice with 'correct: true', got none"
                    )
                )
            elif isinstance(question, SingleChoiceQuestion) and correct > 1:
                errors.append(
                    AuthorError(
                        where,
                        field,
                        f"expected exactly one correct choice in a single_choice question, got {correct}"
                        " (use multiple_response)",
                    )
                )
        if question.type == "matching":
            sources = [p.source for p in question.pairs]
            if len(set(sources)) != len(sources):
                errors.append(
                    AuthorError(
                        at(quiz.source, "questions", qi, "pairs"),
                        f"questions[{qi}].pairs",
                        "expected each source once, got a repeated source",
                    )
                )
        if question.type == "sequencing" and len(set(question.order)) != len(question.order):
            errors.append(
                AuthorError(
                    at(quiz.source, "questions", qi, "order"),
                    f"questions[{qi}].order",
                    "expected distinct items, got a repeated item",
                )
            )
    if quiz.pass_mark is not None and quiz.pass_mark > quiz.total_points:
        errors.append(
            AuthorError(
                at(quiz.source, "pass_mark"),
                "pass_mark",
                f"expected at most {quiz.total_points} (the points available), got {quiz.pass_mark}",
            )
        )
    if quiz.graded and quiz.total_points == 0:
        errors.append(
            AuthorError(
                at(quiz.source, "questions"),
                "questions",
                "expected a graded quiz to have points to score, got 0 points in all",
            )
        )
    return errors
