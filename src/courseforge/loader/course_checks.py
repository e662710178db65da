"""Checks that span files: ids, references, assets, quizzes that cannot be passed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.loader.limits import MAX_ASSET_BYTES, MAX_MARKDOWN_DEPTH
from courseforge.loader.media_checks import (
    is_embed_image,
    lesson_media,
    media_errors,
    media_warnings,
)
from courseforge.loader.yaml_source import SourceMap, dotted_field
from courseforge.markdown import parse_markdown
from courseforge.model.base import xml_safe
from courseforge.model.course import (
    Course,
    CourseSettings,
    Lesson,
    Module,
    Quiz,
    is_page_file,
)
from courseforge.model.questions import MultipleResponseQuestion, SingleChoiceQuestion
from courseforge.render.blocks import math_problem
from courseforge.render.markdown_html import CONTENT_DIR
from courseforge.render.media import media_type


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
    resolve = cache(Path.resolve)
    page_files = {resolve(p.source): p for p in pages}
    resolved_root = root.resolve()
    for lesson in (p for p in pages if isinstance(p, Lesson)):
        errors.extend(
            _check_lesson_references(lesson, page_files, resolved_root, resolve, all_modules_loaded)
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


def _too_deep(text: str) -> bool:
    return parse_markdown(text).depth > MAX_MARKDOWN_DEPTH


_TOO_DEEP = (
    f"Markdown nested deeper than {MAX_MARKDOWN_DEPTH} levels (lists, quotes, emphasis "
    "inside one another); flatten it"
)


def _check_quiz_markdown(quiz: Quiz, at: Callable[..., SourceLocation]) -> list[AuthorError]:
    errors = []
    for loc, text in _markdown_fields(quiz):
        if _too_deep(text):
            errors.append(AuthorError(at(quiz.source, *loc), dotted_field(loc), _TOO_DEEP))
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


@dataclass(frozen=True)
class LessonReference:
    """An image or link in a lesson, with the local file it points at (None if external)."""

    kind: str  # "image" or "link"
    ref: str
    alt: str
    line: int
    target: Path | None


def lesson_references(lesson: Lesson) -> Iterator[LessonReference]:
    """Yield every image and link of a lesson, in reading order."""
    for link in parse_markdown(lesson.body).links:
        yield LessonReference(
            link.kind,
            link.url,
            link.label,
            lesson.body_line + link.line,
            _local_target(lesson, link.url),
        )


def _check_lesson_references(
    lesson: Lesson,
    page_files: dict[Path, Lesson | Quiz],
    root: Path,
    resolve: Callable[[Path], Path],
    all_modules_loaded: bool,
) -> list[AuthorError]:
    errors = []

    def at(reference: LessonReference) -> SourceLocation:  # only on errors: display_path costs
        return SourceLocation(display_path(lesson.source), reference.line, 1)

    parsed = parse_markdown(lesson.body)
    if parsed.depth > MAX_MARKDOWN_DEPTH:
        where = SourceLocation(display_path(lesson.source), lesson.body_line + parsed.depth_line, 1)
        errors.append(AuthorError(where, "", _TOO_DEEP))
    for formula in parsed.math:
        problem = math_problem(formula.tex)
        if problem:
            line = lesson.body_line + formula.line
            errors.append(
                AuthorError(SourceLocation(display_path(lesson.source), line, 1), "math", problem)
            )
    for reference in lesson_references(lesson):
        if reference.kind == "image" and not reference.alt:
            message = f"expected alt text for image {reference.ref!r}, got none"
            errors.append(AuthorError(at(reference), "image", message))
        if reference.target is None:
            continue
        if reference.kind == "link" and is_page_file(reference.target):
            target = resolve(reference.target)
            # A page in a module that failed to load is not known yet: trust the file on disk.
            known = target in page_files or (not all_modules_loaded and target.is_file())
            if not known:
                message = (
                    f"expected a link to a lesson or quiz of this course, got {reference.ref!r}"
                )
                errors.append(AuthorError(at(reference), "link", message))
            continue
        resolved = resolve(reference.target)
        if not resolved.is_relative_to(root) or PurePosixPath(reference.ref).is_absolute():
            message = f"expected a file inside the course folder, got {reference.ref!r}"
            errors.append(AuthorError(at(reference), reference.kind, message))
        elif not resolved.is_file():
            message = f"missing asset; expected {display_path(reference.target)} to exist"
            errors.append(AuthorError(at(reference), reference.kind, message))
        else:
            problem = _package_name_problem(resolved.relative_to(root).as_posix())
            if problem:
                errors.append(AuthorError(at(reference), reference.kind, problem))
    return errors


# SCORM 1.2's file href (imscp_rootv1p1p2.xsd) is at most 2000 characters.
MAX_HREF_LENGTH = 2000


def _package_name_problem(relative: str) -> str | None:
    """Why an asset's path cannot be a file name in every package, or None."""
    from courseforge.package.zip import check_entry_name  # late: package imports the model

    name = f"{CONTENT_DIR}/{relative}"
    if len(name) > MAX_HREF_LENGTH:
        return (
            f"expected an asset path of at most {MAX_HREF_LENGTH - len(CONTENT_DIR) - 1} "
            f"characters (a manifest's file href), got {len(relative)}"
        )
    try:
        xml_safe(relative)
        check_entry_name(name)
    except ValueError:
        return (
            f"expected an asset file name that a package can hold (no control characters, "
            f"':' or '\\'), got {relative!r}"
        )
    return None


def _local_target(lesson: Lesson, href: str) -> Path | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return lesson.source.parent / unquote(parts.path)


def collect_assets(course: Course) -> dict[str, Path]:
    """Return every local file lessons use, keyed by its path relative to the course folder."""
    root = course.root.resolve()
    assets: dict[str, Path] = {}
    for lesson in course.lessons():
        for reference in lesson_references(lesson):
            if reference.target is not None and not is_page_file(reference.target):
                resolved = reference.target.resolve()
                assets[resolved.relative_to(root).as_posix()] = resolved
        for _line, _kind, _media, sidecars in lesson_media(lesson):
            for sidecar in sidecars.files():  # captions, poster, transcript go with the media
                resolved = sidecar.resolve()
                if resolved.is_relative_to(root):
                    assets[resolved.relative_to(root).as_posix()] = resolved
    return assets


LARGE_ASSET_BYTES = 1_000_000


def check_course_size(course: Course) -> list[AuthorError]:
    """Return an error at the first asset reference that takes the assets past their limit."""
    total = 0
    counted: set[Path] = set()
    for lesson in course.lessons():
        for reference in lesson_references(lesson):
            if reference.target is None or is_page_file(reference.target):
                continue
            resolved = reference.target.resolve()
            if resolved in counted:
                continue
            counted.add(resolved)
            total += resolved.stat().st_size
            if total > MAX_ASSET_BYTES:
                where = SourceLocation(display_path(lesson.source), reference.line, 1)
                message = (
                    f"the course's assets pass the {MAX_ASSET_BYTES:,}-byte limit with "
                    f"{reference.ref!r}; link large media from elsewhere"
                )
                return [AuthorError(where, reference.kind, message)]
    return []


def course_warnings(course: Course) -> list[AuthorError]:
    """Return problems that do not stop a build but that an author should look at."""
    from courseforge.i18n.overrides import missing_translation_warnings
    from courseforge.loader.quiz_lint import quiz_warnings  # late: it imports this module's deps

    warnings = quiz_warnings(course) + missing_translation_warnings(course)
    for quiz in course.quizzes():
        authored = quiz.pass_mark
        if quiz.graded and authored is not None:
            # The course passes on mastery_score; a different quiz pass mark confuses learners.
            derived = quiz.model_copy(update={"pass_mark": None}).points_to_pass(
                course.mastery_score
            )
            if authored != derived:
                warnings.append(
                    AuthorError(
                        SourceLocation(display_path(quiz.source)),
                        "pass_mark",
                        f"passing this graded quiz takes {authored} of {quiz.total_points} points, "
                        f"but the course mastery_score ({course.mastery_score}%) takes {derived}",
                    )
                )
    for _relative, path in sorted(course.assets.items()):
        size = path.stat().st_size
        # Video and audio are large by nature: the package-size warning weighs them instead.
        if size > LARGE_ASSET_BYTES and media_type(path.name) is None:
            warnings.append(
                AuthorError(
                    SourceLocation(display_path(path)),
                    "",
                    f"asset is {size / 1e6:.1f} MB; large files slow learners and may exceed "
                    "LMS upload limits",
                )
            )
    for lesson in course.lessons():
        if not lesson.body.strip():
            warnings.append(
                AuthorError(SourceLocation(display_path(lesson.source)), "", "lesson has no text")
            )
        for reference in lesson_references(lesson):
            # The learner pages never load anything from another site; an author's image would.
            # (Another site's video is a click-to-load placeholder: media_warnings says so.)
            if (
                reference.kind == "image"
                and urlsplit(reference.ref).netloc
                and not is_embed_image(reference.ref)
            ):
                warnings.append(
                    AuthorError(
                        SourceLocation(display_path(lesson.source), reference.line, 1),
                        "image",
                        f"image loads from another site ({reference.ref!r}); it is missing "
                        "offline and may be blocked inside an LMS: put the file next to the lesson",
                    )
                )
    return warnings + media_warnings(course)
