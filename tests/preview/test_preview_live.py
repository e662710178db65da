"""`courseforge preview` in Chromium: edits show up by themselves, build errors show their place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from preview_helpers import (
    FIRST_LESSON,
    FIRST_SENTENCE,
    REPO,
    copy_seed_course,
    running_preview,
)

# A hang guard, not a bar: how fast an edit shows is measured by benchmarks/preview_latency.py.
LIVE_TIMEOUT_MS = 30_000


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


def lesson_section(page):
    return page.frame_locator("#cfp-course").locator("#page-what-the-role-is")


def test_an_edit_shows_without_reloading_and_errors_show_their_place(course, browser_page):
    page = browser_page.page
    lesson = course / FIRST_LESSON
    with running_preview(course) as preview:
        page.goto(preview.url)
        expect(lesson_section(page)).to_contain_text(FIRST_SENTENCE)
        page.evaluate("window.__sameDocument = true")  # survives only if the page never reloads

        edited = lesson.read_text(encoding="utf-8").replace(FIRST_SENTENCE, "Freshly edited text")
        lesson.write_text(edited, encoding="utf-8")
        expect(lesson_section(page)).to_contain_text("Freshly edited text", timeout=LIVE_TIMEOUT_MS)
        assert page.evaluate("window.__sameDocument") is True

        module = course / "modules/overview/module.yaml"
        good_yaml = module.read_text(encoding="utf-8")
        module.write_text(
            good_yaml.replace("title: Overview", "title: [Overview"), encoding="utf-8"
        )
        error = page.locator("#cfp-error")
        expect(error).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        expect(error).to_contain_text(f"{module}:4:6: YAML syntax error")
        # The last good build keeps working meanwhile.
        expect(lesson_section(page)).to_contain_text("Freshly edited text")

        module.write_text(good_yaml, encoding="utf-8")
        expect(error).to_be_hidden(timeout=LIVE_TIMEOUT_MS)
        expect(lesson_section(page)).to_contain_text("Freshly edited text")
        assert page.evaluate("window.__sameDocument") is True
    browser_page.assert_no_console_errors()


def test_the_first_build_failing_still_serves_the_page(course, browser_page):
    page = browser_page.page
    (course / "course.yaml").write_text("id: [broken\n", encoding="utf-8")
    with running_preview(course) as preview:
        page.goto(preview.url)
        error = page.locator("#cfp-error")
        expect(error).to_contain_text(f"{course / 'course.yaml'}:2:1: YAML syntax error")
        expect(error).to_contain_text("nothing to show until it is fixed")
        (course / "course.yaml").write_text(
            (REPO / "course/course.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        expect(lesson_section(page)).to_contain_text(FIRST_SENTENCE, timeout=LIVE_TIMEOUT_MS)
