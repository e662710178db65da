"""The files a course's lessons use: which they are, and whether together they fit."""

from __future__ import annotations

from pathlib import Path

from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.loader.lesson_references import lesson_references
from courseforge.loader.limits import MAX_ASSET_BYTES
from courseforge.loader.media_checks import lesson_media
from courseforge.model.course import Course, is_page_file
from courseforge.render.paths import folder_resolver


def collect_assets(course: Course) -> dict[str, Path]:
    """Return every local file lessons use, keyed by its path relative to the course folder."""
    root = course.root.resolve()
    resolve = folder_resolver()  # the lessons of a module use the same few files
    assets: dict[str, Path] = {}
    for lesson in course.lessons():
        for reference in lesson_references(lesson):
            if reference.target is not None and not is_page_file(reference.target):
                resolved = resolve(reference.target)
                assets[resolved.relative_to(root).as_posix()] = resolved
        for _line, _kind, _media, sidecars in lesson_media(lesson):
            for sidecar in sidecars.files():  # captions, poster, transcript go with the media
                resolved = sidecar.resolve()
                if resolved.is_relative_to(root):
                    assets[resolved.relative_to(root).as_posix()] = resolved
    return assets


def check_course_size(course: Course) -> list[AuthorError]:
    """Return an error at the first asset reference that takes the assets past their limit."""
    total = 0
    counted: set[Path] = set()
    resolve = folder_resolver()
    for lesson in course.lessons():
        for reference in lesson_references(lesson):
            if reference.target is None or is_page_file(reference.target):
                continue
            resolved = resolve(reference.target)
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
