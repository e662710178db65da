"""An edited lesson is swapped into the open preview: same document, same page, same answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from preview_helpers import (
    FIRST_LESSON,
    FIRST_LESSON_FILE,
    FIRST_SENTENCE,
    copy_seed_course,
    running_preview,
)
from tests.runtime.learner import current_page_id, go_to, saved_state

LIVE_TIMEOUT_MS = 30_000  # a hang guard, not a bar (benchmarks/preview_latency.py measures)
OTHER_LESSON = "modules/stage-1/build-foundational-ai-engineering-skills.md"


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


def course_frame(page):
    """The course's frame once its runtime has shown a page."""
    page.frame_locator("#cfp-course").locator(".cf-page:not([hidden])").wait_for()
    return page.locator("#cfp-course").element_handle().content_frame()


def quiz_answers(frame) -> dict:
    """What the learner sees on the stage 1 check: typed answers and which were checked."""
    return frame.eval_on_selector(
        "#page-stage-1-check",
        """section => Array.from(section.querySelectorAll('.cf-question')).map(q => [
          q.dataset.question,
          Array.from(q.querySelectorAll('input[type=text]')).map(i => i.value),
          q.querySelector('fieldset').disabled,
          q.querySelector('.cf-verdict').textContent,
        ])""",
    )


def test_an_edited_lesson_is_swapped_in_place_keeping_answers_on_other_pages(course, browser_page):
    page = browser_page.page
    with running_preview(course) as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "stage-1-check")
        frame.fill("#q-stage-1-container-tool-answer", "Docker")
        frame.click("[data-question=stage-1-container-tool] .cf-check")  # checked: feedback
        frame.fill("#q-stage-1-cloud-service-answer", "Sage draft")  # typed, not checked
        answers = quiz_answers(frame)
        assert ["Docker"] in [answer[1] for answer in answers]
        go_to(frame, "what-the-role-is")
        frame.evaluate("window.scrollTo(0, 200); window.__sameDocument = true")
        scrolled = frame.evaluate("window.scrollY")
        state = saved_state(frame)
        build = preview.builder.current.number

        lesson = course / FIRST_LESSON
        lesson.write_text(
            lesson.read_text(encoding="utf-8").replace(FIRST_SENTENCE, "Swapped in place"),
            encoding="utf-8",
        )
        section = frame.locator("#page-what-the-role-is")
        expect(section).to_contain_text("Swapped in place", timeout=LIVE_TIMEOUT_MS)

        # The builder re-rendered that lesson alone and told the page to swap it.
        assert preview.builder.current.number > build
        assert preview.builder.last_change.action == "swap"
        assert preview.builder.lessons_rendered == ["what-the-role-is"]
        # The page was not reloaded: same document, same page, same place, same saved record.
        assert frame.evaluate("window.__sameDocument") is True
        assert current_page_id(frame) == "what-the-role-is"
        assert frame.evaluate("window.scrollY") == scrolled
        assert saved_state(frame) == state
        expect(section.locator("h1")).to_have_text("What an AI Engineering Architect does")
        # What a relaunch would show: the served launch page holds the same new text.
        assert b"Swapped in place" in preview.builder.current.files[FIRST_LESSON_FILE]

        go_to(frame, "stage-1-check")
        assert quiz_answers(frame) == answers
    browser_page.assert_no_console_errors()


def test_a_changed_title_relaunches_and_the_course_resumes_with_its_answers(course, browser_page):
    page = browser_page.page
    with running_preview(course) as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "stage-1-check")
        frame.fill("#q-stage-1-container-tool-answer", "Docker")
        frame.click("[data-question=stage-1-container-tool] .cf-check")
        answers = quiz_answers(frame)
        frame.evaluate("window.__sameDocument = true")

        other = course / OTHER_LESSON
        other.write_text(
            other.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1),
            encoding="utf-8",
        )
        relaunched = page.frame_locator("#cfp-course")
        expect(relaunched.locator("#cf-menu")).to_contain_text(
            "Renamed Build", timeout=LIVE_TIMEOUT_MS
        )
        assert preview.builder.last_change.action == "relaunch"
        frame = course_frame(page)
        assert frame.evaluate("window.__sameDocument") is None  # a new document
        assert current_page_id(frame) == "stage-1-check"  # resumed where the learner was
        assert quiz_answers(frame) == answers
    browser_page.assert_no_console_errors()
