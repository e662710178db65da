"""A lesson's images and links: where each points, and the checks of those references."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.loader.limits import MAX_MARKDOWN_DEPTH
from courseforge.markdown import parse_markdown
from courseforge.model.base import xml_safe
from courseforge.model.course import Lesson, Quiz, is_page_file
from courseforge.render.blocks import math_problem
from courseforge.render.markdown_html import CONTENT_DIR
from courseforge.render.paths import is_file, linked_file

TOO_DEEP = (
    f"Markdown nested deeper than {MAX_MARKDOWN_DEPTH} levels (lists, quotes, emphasis "
    "inside one another); flatten it"
)


@dataclass(frozen=True)
class LessonReference:
    """An image or link in a lesson, with the local file it points at (None if external)."""

    kind: str  # "image" or "link"
    ref: str
    alt: str
    line: int
    target: Path | None


# Each lesson's references, made once per build (see shared_lesson_references); None outside.
_shared_references: ContextVar[dict[tuple[Path, int, str], tuple[LessonReference, ...]] | None] = (
    ContextVar("courseforge_shared_lesson_references", default=None)
)


@contextmanager
def shared_lesson_references() -> Iterator[None]:
    """Work out each lesson's references once inside the block: the loader's checks, the asset
    list and the warnings all read them. Pure path arithmetic (no file is looked at), scoped to
    the block and to the calling thread's context."""
    token = _shared_references.set({})
    try:
        yield
    finally:
        _shared_references.reset(token)


def lesson_references(lesson: Lesson) -> tuple[LessonReference, ...]:
    """Return every image and link of a lesson, in reading order."""
    memo = _shared_references.get()
    if memo is None:
        return _references(lesson)
    key = (lesson.source, lesson.body_line, lesson.body)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _references(lesson)
    return found


def _references(lesson: Lesson) -> tuple[LessonReference, ...]:
    return tuple(
        LessonReference(
            link.kind,
            link.url,
            link.label,
            lesson.body_line + link.line,
            linked_file(link.url, lesson.source),
        )
        for link in parse_markdown(lesson.body).links
    )


def check_lesson_references(
    lesson: Lesson,
    page_files: dict[Path, Lesson | Quiz],
    root: Path,
    resolve: Callable[[Path], Path],
    all_modules_loaded: bool,
) -> list[AuthorError]:
    """Return the errors of a lesson's Markdown depth, formulas, images and links."""
    errors = []

    def at(reference: LessonReference) -> SourceLocation:  # only on errors: display_path costs
        return SourceLocation(display_path(lesson.source), reference.line, 1)

    parsed = parse_markdown(lesson.body)
    if parsed.depth > MAX_MARKDOWN_DEPTH:
        where = SourceLocation(display_path(lesson.source), lesson.body_line + parsed.depth_line, 1)
        errors.append(AuthorError(where, "", TOO_DEEP))
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
        try:
            resolved = resolve(reference.target)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            message = f"expected {reference.ref!r} to lead to a file, got a symlink loop"
            errors.append(AuthorError(at(reference), reference.kind, message))
            continue
        if reference.kind == "link" and is_page_file(reference.target):
            # A page in a module that failed to load is not known yet: trust the file on disk.
            known = resolved in page_files or (not all_modules_loaded and is_file(resolved))
            if not known:
                message = (
                    f"expected a link to a lesson or quiz of this course, got {reference.ref!r}"
                )
                errors.append(AuthorError(at(reference), "link", message))
            continue
        if not resolved.is_relative_to(root) or PurePosixPath(reference.ref).is_absolute():
            message = f"expected a file inside the course folder, got {reference.ref!r}"
            errors.append(AuthorError(at(reference), reference.kind, message))
        elif not is_file(resolved):
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
