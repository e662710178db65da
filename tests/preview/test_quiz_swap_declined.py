"""The open course declines a quiz swap it cannot take safely; the preview relaunches instead.

The seed course in `courseforge preview` (web), in Chromium.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from preview_helpers import copy_seed_course, running_preview
from quiz_swap_helpers import (
    LIVE_TIMEOUT_MS,
    STAGE_2,
    answer_stage_1,
    course_frame,
    edit,
    seen,
)
from tests.runtime.learner import current_page_id, go_to, saved_state


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


def test_a_quiz_page_still_loading_relaunches_instead(course, browser_page):
    """Its page file may be the old build's: the runtime declines, the course resumes."""
    page = browser_page.page
    held = []
    page.route("**/pages/stage-2-check.js", lambda route: held.append(route))  # answered at the end
    with running_preview(course) as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "stage-1-check")
        answer_stage_1(frame)
        answers = seen(frame, "stage-1-check")
        frame.evaluate("window.__sameDocument = true")
        with page.expect_request("**/pages/stage-2-check.js"):
            frame.evaluate(
                "document.querySelector('#cf-menu a[href=\"#page-stage-2-check\"]').click()"
            )

        edit(course / STAGE_2, "How long does the guide give", "How long does it give")
        page.wait_for_function(
            "document.getElementById('cfp-course').contentWindow.__sameDocument !== true",
            timeout=LIVE_TIMEOUT_MS,
        )
        assert len(held) == 1  # the old document's request went with it
        page.unroute("**/pages/stage-2-check.js")
        frame = course_frame(page)
        assert preview.builder.last_change.action == "swap"  # offered; the page could not
        assert current_page_id(frame) == "stage-1-check"
        assert seen(frame, "stage-1-check") == answers
        go_to(frame, "stage-2-check")
        expect(frame.locator("#page-stage-2-check")).to_contain_text("How long does it give")
    browser_page.assert_no_console_errors()


def test_the_runtime_refuses_quiz_data_its_state_cannot_hold(course, browser_page):
    """Data whose questions do not fit the kept answers changes nothing (no corrupt state)."""
    page = browser_page.page
    with running_preview(course) as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "stage-1-check")
        answer_stage_1(frame)
        answers, state = seen(frame, "stage-1-check"), saved_state(frame)
        refused = frame.evaluate(
            """() => {
              const course = JSON.parse(document.getElementById("cf-course").textContent);
              const quiz = course.quizzes[0];
              const reversed = Object.assign({}, quiz, {questions: quiz.questions.slice().reverse()});
              const change = (data, keep) => courseforgeRuntime.quizzesChanged(course.fingerprint, [{index: 0, data, keep}]);
              return [
                change(reversed, [0, 1, 2]),  // "Docker" kept for a multiple-response question
                change(quiz, [0, 1]),  // one kept answer short
                change(quiz, "0,1,2"),
                change(Object.assign({}, quiz, {page: 0}), [0, 1, 2]),  // another page's quiz
                courseforgeRuntime.quizzesChanged(42, [{index: 0, data: quiz, keep: [0, 1, 2]}]),
                courseforgeRuntime.quizzesChanged(course.fingerprint, [{index: 99, data: quiz, keep: []}]),
              ];
            }"""
        )
        assert refused == [False] * 6
        assert seen(frame, "stage-1-check") == answers
        assert saved_state(frame) == state
        assert preview.builder.current.number == 1
    browser_page.assert_no_console_errors()
