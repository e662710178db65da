"""Render the course once; each target then picks its tracking adapter."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined

from courseforge.markdown import commonmark, parse_markdown
from courseforge.model import Course, Lesson

LAUNCH_FILE = "index.html"
RUNTIME_FILES = ("courseforge.css", "courseforge.js")

_templates = Environment(
    loader=PackageLoader("courseforge", "templates/learner"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class LearnerSite:
    """The rendered course: shared files plus a launch page per tracking adapter."""

    course: Course
    shared_files: dict[str, bytes]
    page_context: dict = field(default_factory=dict)
    launch_file: str = LAUNCH_FILE

    def launch_page(self, tracking: str) -> bytes:
        template = _templates.get_template("index.html.j2")
        return template.render(**self.page_context, tracking=tracking).encode("utf-8")

    def files_for(self, tracking: str) -> dict[str, bytes]:
        """Return every file of the learner site wired to one tracking adapter."""
        files = dict(self.shared_files)
        files[f"runtime/adapters/{tracking}.js"] = _runtime_file(f"adapters/{tracking}.js")
        files[self.launch_file] = self.launch_page(tracking)
        return files


def render_site(course: Course) -> LearnerSite:
    """Render every page of the course to HTML once."""
    pages = []
    for module in course.modules:
        for page in module.pages:
            html = render_markdown(page.body) if isinstance(page, Lesson) else ""
            pages.append(
                {
                    "id": page.id,
                    "title": page.title,
                    "kind": page.kind,
                    "module": module.title,
                    "html": html,
                }
            )
    shared = {f"runtime/{name}": _runtime_file(name) for name in RUNTIME_FILES}
    for rel, path in course.assets.items():
        shared[f"content/{rel}"] = path.read_bytes()
    context = {"course": course, "pages": pages, "course_data": json.dumps({"id": course.id})}
    return LearnerSite(course=course, shared_files=shared, page_context=context)


def render_markdown(text: str) -> str:
    """Render author Markdown to HTML with anything executable removed."""
    html = commonmark.renderer.render(list(parse_markdown(text)), commonmark.options, {})
    return nh3.clean(html)


def _runtime_file(name: str) -> bytes:
    return resources.files("courseforge.runtime").joinpath(name).read_bytes()
