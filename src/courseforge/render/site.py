"""Render the course once; each target then picks its tracking adapter."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from courseforge.i18n import course_messages
from courseforge.model import Course, Quiz
from courseforge.render.markdown_html import CONTENT_DIR, render_lesson
from courseforge.render.quiz_view import QuizView, quiz_view
from courseforge.render.state import RESULTS_PAGE_ID, course_fingerprint
from courseforge.templating import get_template

LAUNCH_FILE = "index.html"
RUNTIME_STYLE = "courseforge.css"
RUNTIME_SCRIPT = "courseforge.js"
# The learner runtime's source parts (runtime/), joined in this order inside one function
# scope and shipped as runtime/courseforge.js: one request, one strict-mode scope.
RUNTIME_PARTS = ("courseforge.js", "state-string.js", "quiz.js", "session.js")


@dataclass(frozen=True)
class PageView:
    """One page as the learner pages show it."""

    index: int
    id: str
    title: str
    kind: str
    module_title: str
    html: Markup


@dataclass(frozen=True)
class ModuleView:
    id: str
    title: str
    pages: list[PageView]


@dataclass(frozen=True)
class LearnerSite:
    """The rendered course: shared files plus a launch page per tracking adapter."""

    course: Course
    shared_files: dict[str, bytes]
    page_context: dict[str, Any]
    launch_file: str = LAUNCH_FILE

    def launch_page(self, tracking: str) -> bytes:
        """Return index.html loading the given adapter (runtime/adapters/<tracking>.js)."""
        before, after = self._launch_page_around_adapter
        return before + str(escape(tracking)).encode("utf-8") + after

    @cached_property
    def _launch_page_around_adapter(self) -> tuple[bytes, bytes]:
        """Render index.html once, split where the adapter's name goes: the rest is shared."""
        page = _render_launch_page(self.page_context, _ADAPTER_MARK).encode("utf-8")
        before, after = page.split(_ADAPTER_MARK.encode("utf-8"))  # exactly one, see the mark
        return before, after

    def files_for(self, tracking: str, adapter_script: bytes | None = None) -> dict[str, bytes]:
        """Return every file of the learner site wired to one tracking adapter.

        Args:
            tracking: the adapter's name; the page loads runtime/adapters/<tracking>.js.
            adapter_script: that file's content, when a target assembles its own.
        """
        files = dict(self.shared_files)
        if adapter_script is None:
            adapter_script = _runtime_file(f"adapters/{tracking}.js")
        files[f"runtime/adapters/{tracking}.js"] = adapter_script
        files[self.launch_file] = self.launch_page(tracking)
        return files


# Stands for the adapter's name in the one rendering of index.html. No course text can hold a
# NUL: YAML refuses it, JSON escapes it, and Markdown's is replaced before parsing.
_ADAPTER_MARK = Markup("\0adapter\0")


def _render_launch_page(page_context: dict[str, Any], tracking: str) -> str:
    return get_template("learner/index.html.j2").render(**page_context, tracking=tracking)


def render_site(course: Course) -> LearnerSite:
    """Render every page of the course to HTML once."""
    messages = course_messages(course)
    resolve = cache(Path.resolve)  # lessons link to the same few lessons and assets
    page_hrefs = {resolve(page.source): f"#page-{page.id}" for page in course.pages()}
    modules: list[ModuleView] = []
    quizzes: list[QuizView] = []
    index = 0
    for module in course.modules:
        page_views = []
        for page in module.pages:
            if isinstance(page, Quiz):
                view = quiz_view(course, page, len(quizzes), index)
                quizzes.append(view)
                html = get_template("learner/quiz.html.j2").render(view=view, t=messages)
            else:
                html = render_lesson(
                    page.body,
                    page.source,
                    course.root,
                    lambda p: page_hrefs.get(resolve(p)),
                    resolve=resolve,
                    page_id=page.id,
                    messages=messages,
                )
            page_views.append(
                PageView(index, page.id, page.title, page.kind, module.title, Markup(html))
            )
            index += 1
        modules.append(ModuleView(module.id, module.title, page_views))

    shared = {
        f"runtime/{RUNTIME_STYLE}": _runtime_file(RUNTIME_STYLE),
        f"runtime/{RUNTIME_SCRIPT}": runtime_script(),
    }
    for relative, path in course.assets.items():
        shared[f"{CONTENT_DIR}/{relative}"] = path.read_bytes()
    context = {
        "course": course,
        "t": messages,
        "modules": modules,
        "pages": [page for module in modules for page in module.pages],
        "quizzes": quizzes,
        "graded": course.has_graded_quiz,
        "results_id": RESULTS_PAGE_ID,
        "course_data": Markup(_script_json(course_data(course, modules, quizzes))),
    }
    return LearnerSite(course=course, shared_files=shared, page_context=context)


def course_data(
    course: Course, modules: list[ModuleView], quizzes: list[QuizView]
) -> dict[str, Any]:
    """Return the course object the runtime and adapters read (docs/runtime-contract.md)."""
    return {
        "id": course.id,
        "title": course.title,
        "version": course.version,
        "language": course.language,
        "description": course.description,
        "iri": course.activity_iri(),
        "masteryScore": course.mastery_score,
        "completion": course.completion,
        "fingerprint": course_fingerprint(course),
        "pages": [
            {"id": page.id, "title": page.title, "kind": page.kind, "module": module.title}
            for module in modules
            for page in module.pages
        ],
        "quizzes": [view.data(course) for view in quizzes],
        "messages": course_messages(course).runtime_data(),
    }


def _script_json(data: dict[str, Any]) -> str:
    """Return JSON that cannot end its <script> element, whatever text the course holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def runtime_script() -> bytes:
    """Return the shipped runtime/courseforge.js: RUNTIME_PARTS inside one strict function."""
    parts = b"\n".join(_runtime_file(name) for name in RUNTIME_PARTS)
    return b'(() => {\n"use strict";\n' + parts + b"})();\n"


def _runtime_file(name: str) -> bytes:
    return resources.files("courseforge.runtime").joinpath(name).read_bytes()
