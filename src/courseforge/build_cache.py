"""What one plan of a course can hand to the next (the preview's rebuilds): parses and HTML."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from courseforge.loader.lesson_references import shared_lesson_references
from courseforge.loader.yaml_source import shared_yaml_parses
from courseforge.markdown import shared_markdown_parses
from courseforge.render.lesson_cache import LessonHtmlCache
from courseforge.render.paths import shared_resolver


class CarriedMemo(dict):
    """A build's memo that also answers from the previous build's, keeping only what is used.

    Texts that changed are parsed again; texts no longer in the course are dropped when the
    next build starts, so a long preview session holds one build's worth of parses.
    """

    def __init__(self, previous: dict | None = None):
        super().__init__()
        self._previous = previous or {}

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        value = self._previous.get(key)
        if value is None:
            return default
        self[key] = value
        return value


class BuildCache:
    """Kept by a caller that plans the same course again and again (`plan(..., cache=)`)."""

    def __init__(self) -> None:
        self.lessons = LessonHtmlCache()
        self._markdown = CarriedMemo()
        self._yaml = CarriedMemo()

    @contextmanager
    def shared_parses(self) -> Iterator[None]:
        """Share Markdown and YAML parses within one plan, reusing the last plan's."""
        self._markdown = CarriedMemo(dict(self._markdown))
        self._yaml = CarriedMemo(dict(self._yaml))
        with ExitStack() as stack:
            stack.enter_context(shared_markdown_parses(self._markdown))
            stack.enter_context(shared_yaml_parses(self._yaml))
            stack.enter_context(shared_lesson_references())  # cheap: made again each plan
            stack.enter_context(shared_resolver())  # files may change between plans
            yield

    def clear(self) -> None:
        """Forget everything (a file other than a lesson changed: any HTML may differ)."""
        self.lessons.clear()
