"""Author Markdown → learner HTML: sanitized, links and assets rewritten, headings in order."""

from __future__ import annotations

import lxml.html
import pytest
from tests.loader.course_factory import write_course
from tests.runtime.hostile_course import HOSTILE_LESSON, write_hostile_course

from courseforge.loader import load_course
from courseforge.package.output import file_bytes
from courseforge.render import render_site
from courseforge.render.markdown_html import plain_text, render_block, render_inline, render_lesson

MODULE_WITH_TWO_LESSONS = """\
id: intro
title: Introduction
pages: [hello.md, next.md, check.quiz.yaml]
"""

LINKING_LESSON = """\
---
id: hello
title: Hello
---
# Big heading

See [the next lesson](next.md#part) and [the guide](https://example.org/guide).
Mail [us](mailto:team@example.org). Get [the slides](files/slides%20v2.pdf).

![Career path diagram](img/path.png "The path")

### Deep heading
"""

NEXT_LESSON = """\
---
id: next
title: Next
---
Back to [hello](./hello.md), or on to [the check](check.quiz.yaml).
"""


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("links")
    course_dir = write_course(
        root,
        **{
            "modules/intro/module.yaml": MODULE_WITH_TWO_LESSONS,
            "modules/intro/hello.md": LINKING_LESSON,
            "modules/intro/next.md": NEXT_LESSON,
        },
    )
    (course_dir / "modules/intro/img").mkdir()
    (course_dir / "modules/intro/img/path.png").write_bytes(b"\x89PNG fake")
    (course_dir / "modules/intro/files").mkdir()
    (course_dir / "modules/intro/files/slides v2.pdf").write_bytes(b"%PDF fake")
    return render_site(load_course(course_dir))


def executable_parts(html: str) -> list[str]:
    """Return every element or attribute of the fragment that could run code or style the page."""
    found = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if element.tag in ("script", "iframe", "svg", "form", "object", "embed", "style"):
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.startswith("on") or name == "style" or "javascript:" in value.lower():
                found.append(f"{element.tag} {name}={value!r}")
    return found


def page_html(site, page_id: str) -> str:
    return next(str(p.html) for p in site.page_context["pages"] if p.id == page_id)


def test_links_to_lessons_become_in_course_navigation(linked_site):
    assert '<a href="#page-next"' in page_html(linked_site, "hello")
    assert '<a href="#page-hello"' in page_html(linked_site, "next")


def test_links_to_quizzes_become_in_course_navigation_and_are_not_assets(linked_site):
    assert '<a href="#page-check"' in page_html(linked_site, "next")
    assert not any(name.endswith(".quiz.yaml") for name in linked_site.shared_files)


def test_images_keep_alt_text_and_point_at_packaged_assets(linked_site):
    html = page_html(linked_site, "hello")

    # Alone in its paragraph with a title, the image is a figure: the title is its caption.
    assert (
        '<figure class="cf-figure"><img src="content/modules/intro/img/path.png"'
        ' alt="Career path diagram" loading="lazy"><figcaption>The path</figcaption></figure>'
        in html
    )
    assert 'href="content/modules/intro/files/slides%20v2.pdf"' in html
    files = linked_site.files_for("local")
    assert file_bytes(files["content/modules/intro/img/path.png"]) == b"\x89PNG fake"
    assert file_bytes(files["content/modules/intro/files/slides v2.pdf"]) == b"%PDF fake"


def test_external_links_open_a_new_tab_and_say_so(linked_site):
    html = page_html(linked_site, "hello")

    assert (
        '<a href="https://example.org/guide" target="_blank" rel="noopener noreferrer">the guide'
        '<span class="cf-vh"> (opens in a new tab)</span></a>' in html
    )
    assert '<a href="mailto:team@example.org" rel="noopener noreferrer">us</a>' in html


def test_author_headings_start_below_the_page_title(linked_site):
    html = page_html(linked_site, "hello")

    assert "<h1>" not in html
    assert "<h2>Big heading</h2>" in html
    assert "<h4>Deep heading</h4>" in html


def test_hostile_lesson_renders_without_anything_executable(tmp_path):
    course = load_course(write_hostile_course(tmp_path))
    lesson = course.lessons()[0]

    html = render_lesson(lesson.body, lesson.source, course.root, lambda _path: None)

    assert executable_parts(html) == []
    assert "Plain text first." in html
    assert "hover me" in html  # the element's text stays; only its handlers and style go
    assert "<script" in HOSTILE_LESSON  # the source really was hostile


def test_hostile_quiz_text_is_sanitized_everywhere_it_shows(tmp_path):
    site = render_site(load_course(write_hostile_course(tmp_path)))
    quiz_html = page_html(site, "check")

    own_forms = ["<form>"]  # one per question: the runtime's, not the author's
    assert executable_parts(quiz_html) == own_forms
    assert "Read first." in quiz_html
    assert "<b>bold</b>" in quiz_html


def test_snippet_renderers():
    assert render_inline("Use *Docker* <script>x()</script>") == "Use <em>Docker</em> "
    assert render_block("# Title") == "<h2>Title</h2>\n"
    assert plain_text("**Bold** & `code` <b>x</b>") == "Bold & code x"
