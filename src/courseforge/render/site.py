"""Render the course once; each target then picks its tracking adapter."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

from courseforge.i18n import course_messages
from courseforge.model import Course, Quiz
from courseforge.model.glossary import GLOSSARY_ID
from courseforge.package.output import DiskFile, FileData
from courseforge.questions import runtime_modules
from courseforge.render.glossary import glossary_index
from courseforge.render.lesson_cache import LessonHtmlCache
from courseforge.render.markdown_html import CONTENT_DIR, render_lesson
from courseforge.render.paths import folder_resolver
from courseforge.render.quiz_view import QuizView, quiz_view
from courseforge.render.state import RESULTS_PAGE_ID, course_fingerprint, runtime_constants
from courseforge.shipped_cache import cached, entry_name
from courseforge.templating import get_template

LAUNCH_FILE = "index.html"
RUNTIME_STYLE = "courseforge.css"
RUNTIME_SCRIPT = "courseforge.js"
# The learner runtime's source parts (runtime/), joined in this order inside one function
# scope and shipped as runtime/courseforge.js: one request, one strict-mode scope. Each
# question type brings its own module (courseforge.questions registers them).
RUNTIME_PARTS = (
    "courseforge.js",
    "state-string.js",
    "quiz.js",
    *(f"questions/{name}" for name in runtime_modules()),
    "session.js",
    "embeds.js",
)
# Every page's section ships as pages/<id>.js, a script calling courseforgePage(id, html): the
# runtime adds it with <script src>, which works from file:// and inside any LMS frame, where
# fetch() of a package file may be refused. The web target adds pages/<id>.html beside it.
PAGES_DIR = "pages"


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
    shared_files: dict[str, FileData]
    page_context: dict[str, Any]
    launch_file: str = LAUNCH_FILE
    _launch_halves: dict[bool, tuple[bytes, bytes]] = field(default_factory=dict, compare=False)

    @property
    def pages(self) -> list[PageView]:
        """Every page of the course as rendered, in reading order (the results page aside)."""
        return self.page_context["pages"]

    @cached_property  # made on first use: only the web target ships them
    def plain_files(self) -> dict[str, bytes]:
        """pages/<id>.html: each page as a plain document, for readers and crawlers without
        scripts."""
        return plain_pages(self.course, self.pages)

    def launch_page(self, tracking: str, *, plain_pages: bool = False) -> bytes:
        """Return index.html loading the given adapter (runtime/adapters/<tracking>.js).

        Args:
            tracking: the adapter's name.
            plain_pages: link pages/<id>.html for readers without JavaScript (web target).
        """
        if plain_pages not in self._launch_halves:
            # Rendered once per kind, split where the adapter's name goes: the rest is shared.
            context = dict(self.page_context, plain_pages=plain_pages)
            page = _render_launch_page(context, _ADAPTER_MARK).encode("utf-8")
            before, after = page.split(_ADAPTER_MARK.encode("utf-8"))  # exactly one, see the mark
            self._launch_halves[plain_pages] = (before, after)
        before, after = self._launch_halves[plain_pages]
        return before + str(escape(tracking)).encode("utf-8") + after

    def files_for(
        self, tracking: str, adapter_script: bytes | None = None, *, plain_pages: bool = False
    ) -> dict[str, FileData]:
        """Return every file of the learner site wired to one tracking adapter.

        Args:
            tracking: the adapter's name; the page loads runtime/adapters/<tracking>.js.
            adapter_script: that file's content, when a target assembles its own.
            plain_pages: add pages/<id>.html, linked from the launch page's <noscript>.
        """
        files = dict(self.shared_files)
        if plain_pages:
            files.update(self.plain_files)
        if adapter_script is None:
            adapter_script = _runtime_file(f"adapters/{tracking}.js")
        files[f"runtime/adapters/{tracking}.js"] = shipped_script(adapter_script)
        files[self.launch_file] = self.launch_page(tracking, plain_pages=plain_pages)
        return files


# Stands for the adapter's name in the one rendering of index.html. No course text can hold a
# NUL: YAML refuses it, JSON escapes it, and Markdown's is replaced before parsing.
_ADAPTER_MARK = Markup("\0adapter\0")


def _render_launch_page(page_context: dict[str, Any], tracking: str) -> str:
    return get_template("learner/index.html.j2").render(**page_context, tracking=tracking)


def render_site(course: Course, *, lesson_cache: LessonHtmlCache | None = None) -> LearnerSite:
    """Render every page of the course to HTML once.

    Args:
        lesson_cache: lesson HTML from an earlier build of the same course, reused where the
            lesson's text is unchanged (the preview's rebuilds).
    """
    messages = course_messages(course)
    resolve = folder_resolver()  # lessons link to the same few lessons and assets
    glossary = glossary_index(course.glossary)
    page_hrefs = {resolve(page.source): f"#page-{page.id}" for page in course.pages()}
    if lesson_cache is not None:
        lesson_cache.begin(course, page_hrefs)
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

                def render(page=page) -> str:
                    return render_lesson(
                        page.body,
                        page.source,
                        course.root,
                        lambda p: page_hrefs.get(resolve(p)),
                        resolve=resolve,
                        page_id=page.id,
                        glossary=glossary if page.id != GLOSSARY_ID else None,
                        language=course.language,
                        messages=messages,
                    )

                html = lesson_cache.html(page, render) if lesson_cache else render()
            page_views.append(
                PageView(index, page.id, page.title, page.kind, module.title, Markup(html))
            )
            index += 1
        modules.append(ModuleView(module.id, module.title, page_views))
    if lesson_cache is not None:
        lesson_cache.finish()

    shared = {
        f"runtime/{RUNTIME_STYLE}": _runtime_file(RUNTIME_STYLE),
        f"runtime/{RUNTIME_SCRIPT}": runtime_script(),
    }
    pages = [page for module in modules for page in module.pages]
    section_template = get_template("learner/page.html.j2")
    sections = [section_template.render(page=page, body=page.html, hidden=True) for page in pages]
    for page, section in zip(pages, sections, strict=True):
        shared[f"{PAGES_DIR}/{page.id}.js"] = page_script(page.id, section)
    for relative, path in course.assets.items():
        shared[f"{CONTENT_DIR}/{relative}"] = DiskFile.of(path)  # streamed when written
    context = {
        "course": course,
        "t": messages,
        "modules": modules,
        "pages": pages,
        # The first page ships inside index.html: a first launch shows it without a request.
        "first_page": Markup(sections[0]) if sections else "",
        "pages_dir": PAGES_DIR,
        "quizzes": quizzes,
        "graded": course.has_graded_quiz,
        "results_id": RESULTS_PAGE_ID,
        "course_data": Markup(_script_json(course_data(course, modules, quizzes))),
    }
    return LearnerSite(
        course=course,
        shared_files=shared,
        page_context=context,
    )


def page_script(page_id: str, section_html: str) -> bytes:
    """Return pages/<id>.js: one call handing the page's section to the runtime."""
    return f"courseforgePage({json.dumps(page_id)},{script_string(section_html)});\n".encode()


def script_string(text: str) -> str:
    """Return text as the JS string literal pages/<id>.js hold (JSON, escaped per character,
    so a piece of the text is escaped the same inside the whole: the preview relies on it)."""
    return json.dumps(text, ensure_ascii=False)


# In-course links (#page-<id>) and packaged files (content/…) as seen from pages/<id>.html.
_PAGE_LINK = re.compile(r'href="#page-([a-z0-9_][a-z0-9-]*)"')
_PACKAGED_FILE = f'="{CONTENT_DIR}/'


def plain_pages(course: Course, pages: list[PageView]) -> dict[str, bytes]:
    """Return pages/<id>.html: every page as a document of its own, linked to its neighbours."""
    template = get_template("learner/plain_page.html.j2")
    messages = course_messages(course)
    ids = {page.id for page in pages}

    def plain_link(match: re.Match[str]) -> str:
        target = match.group(1)
        return f'href="{target}.html"' if target in ids else f'href="../index.html#{target}"'

    files = {}
    for position, page in enumerate(pages):
        body = _PAGE_LINK.sub(plain_link, str(page.html)).replace(
            _PACKAGED_FILE, f'="../{CONTENT_DIR}/'
        )
        html = template.render(
            course=course,
            t=messages,
            page=page,
            body=Markup(body),
            hidden=False,
            previous=pages[position - 1] if position else None,
            next=pages[position + 1] if position + 1 < len(pages) else None,
        )
        files[f"{PAGES_DIR}/{page.id}.html"] = html.encode("utf-8")
    return files


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
        "runtime": runtime_constants(),
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
    return shipped_script(b'(() => {\n"use strict";\n' + parts + b"})();\n")


@lru_cache(maxsize=16)
def shipped_script(source: bytes) -> bytes:
    """Return a runtime or adapter script as packages ship it: comments and layout removed
    (jsmin, pinned, so zips stay identical), as the size budget is what learners download.
    Minifying the runtime cost a build tens of milliseconds: the result is kept in the tool's
    cache, under the digest of the source and of jsmin's version."""
    import jsmin

    def minified() -> bytes:
        return jsmin.jsmin(source.decode("utf-8"), quote_chars="'\"`").encode("utf-8") + b"\n"

    return cached(entry_name("script", source, jsmin.__version__.encode()), minified)


def _runtime_file(name: str) -> bytes:
    return resources.files("courseforge.runtime").joinpath(name).read_bytes()
