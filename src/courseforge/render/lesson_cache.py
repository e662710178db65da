"""Rendered lesson HTML kept from one build of a course to the next (the preview's rebuilds)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from courseforge.model import Course, Lesson

_Key = tuple[str, Path, str]


class LessonHtmlCache:
    """Lesson HTML by (page id, file, Markdown): a rebuild re-renders only the lessons that changed.

    A lesson's HTML also depends on where every other page's file is and on the course's root and
    assets; when any of those differ from the previous build the cache starts empty. Files the
    renderer merely looks at (an asset's content) are not seen here: the caller clears the cache
    when a file other than a lesson's Markdown changed.
    """

    def __init__(self) -> None:
        self._html: dict[_Key, str] = {}
        self._used: set[_Key] = set()
        self._course_key: tuple | None = None
        self.rendered: list[str] = []  # ids of the lessons the last build rendered, not reused

    def begin(self, course: Course, page_hrefs: dict[Path, str]) -> None:
        """Start a build of `course`; forget everything if anything but lesson text changed."""
        key = (course.root, tuple(page_hrefs.items()), tuple(course.assets.items()))
        if key != self._course_key:
            self._html.clear()
            self._course_key = key
        self._used = set()
        self.rendered = []

    def html(self, lesson: Lesson, render: Callable[[], str]) -> str:
        """Return the lesson's HTML from an earlier build of this very text, or `render()` it."""
        key = (lesson.id, lesson.source, lesson.body)
        self._used.add(key)
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = render()
            self.rendered.append(lesson.id)
        return html

    def finish(self) -> None:
        """Keep only the HTML the build just made used: old texts of edited lessons go."""
        self._html = {key: self._html[key] for key in self._used}

    def clear(self) -> None:
        self._html.clear()
        self._course_key = None
