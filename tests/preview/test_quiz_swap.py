"""An edited quiz is swapped into the open preview: same document, same page, answers kept.

The seed course in `courseforge preview`, in Chromium. What the LMS holds is read where the
LMS keeps it: the preview's SCORM 2004 API (GetValue), or the web target's localStorage entry,
decoded by the Python mirror of the state format against the course as edited.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from preview_helpers import copy_seed_course, running_preview
from quiz_swap_helpers import (
    ACTIONS,
    ADDED,
    ADDED_QUESTION,
    CLOUD,
    CONTAINER,
    FINAL,
    LIVE_TIMEOUT_MS,
    STAGE_1,
    answer_stage_1,
    course_frame,
    edit,
    question_block,
    question_order,
    quiz_state,
    seen,
)
from tests.runtime.learner import CourseLearner, current_page_id, go_to

# What the SCORM 2004 LMS holds of the learner's record.
LMS_RECORD = (
    "cmi.score.scaled",
    "cmi.score.raw",
    "cmi.success_status",
    "cmi.completion_status",
    "cmi.progress_measure",
    "cmi.suspend_data",
)


@pytest.fixture
def course(tmp_path):
    return copy_seed_course(tmp_path)


def count_commits(page) -> None:
    """Count the course's Commit calls on the preview's SCORM 2004 API (window.commits)."""
    page.evaluate(
        """() => {
          const api = window.API_1484_11;
          const commit = api.Commit;
          window.commits = 0;
          api.Commit = function (...args) { window.commits += 1; return commit.apply(api, args); };
        }"""
    )


def lms_record(page) -> dict:
    return page.evaluate(
        "(names) => Object.fromEntries(names.map((n) => [n, window.API_1484_11.GetValue(n)]))",
        list(LMS_RECORD),
    )


def test_an_edited_quiz_is_swapped_in_place_keeping_answers_and_the_lms_record(
    course, browser_page
):
    page = browser_page.page
    with running_preview(course, "scorm2004") as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        learner = CourseLearner(frame).attach()
        go_to(frame, "stage-1-check")
        answer_stage_1(frame)
        go_to(frame, "final-quiz")
        learner.answer_quiz("final-quiz", lambda question: question != "faq-hardware")
        expect(frame.locator("#page-final-quiz .cf-quiz-result")).to_be_visible()
        # Values reach the LMS on the adapter's throttled commit: wait for the score's.
        page.wait_for_function("window.API_1484_11.GetValue('cmi.score.scaled') === '0.9'")
        count_commits(page)
        frame.evaluate("window.__sameDocument = true")
        stage_1, final = seen(frame, "stage-1-check"), seen(frame, "final-quiz")
        order = question_order(frame, "final-quiz")
        result = frame.locator("#page-final-quiz .cf-result-text").text_content()
        record = lms_record(page)
        assert record["cmi.score.scaled"] == "0.9"
        assert record["cmi.success_status"] == "passed"

        quiz = course / FINAL
        edit(quiz, "True or false: since the guide says", "True or false: as the guide says")
        edit(quiz, "text: A PhD is required, because", "text: A PhD is a must, because")
        edit(quiz, "Correct. The guide's answer is no:", "Correct: the guide's answer is no;")
        section = frame.locator("#page-final-quiz")
        expect(section).to_contain_text("as the guide says", timeout=LIVE_TIMEOUT_MS)

        assert preview.builder.last_change.action == "swap"
        assert frame.evaluate("window.__sameDocument") is True  # not reloaded
        assert current_page_id(frame) == "final-quiz"
        expect(section).to_contain_text("A PhD is a must, because")
        # The checked answers stand, marked as before, with the new feedback shown.
        assert seen(frame, "final-quiz") == final
        expect(section.locator("[data-question=faq-phd] .cf-feedback-correct")).to_have_text(
            "Correct: the guide's answer is no; the role primarily requires strong software"
            " engineering, systems design, and practical deployment skills."
        )
        assert question_order(frame, "final-quiz") == order  # same attempt, same shuffle
        assert frame.locator("#page-final-quiz .cf-result-text").text_content() == result
        # The swap saved its state: once that is committed, the LMS's record is unchanged
        # (score, status, progress, and the very same state string).
        page.wait_for_function("window.commits > 0")
        assert lms_record(page) == record
        expect(page.locator("#cfp-panel .cfp-error-call")).to_have_count(0)
        go_to(frame, "stage-1-check")
        assert seen(frame, "stage-1-check") == stage_1
    browser_page.assert_no_console_errors()


def test_moved_removed_added_and_retyped_questions_keep_the_answers_that_still_apply(
    course, browser_page
):
    page = browser_page.page
    quiz = course / STAGE_1
    text = quiz.read_text(encoding="utf-8")
    container, cloud, actions = (question_block(text, q) for q in (CONTAINER, CLOUD, ACTIONS))
    with running_preview(course) as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "stage-2-check")
        CourseLearner(frame).attach().answer_quiz("stage-2-check")
        stage_2 = seen(frame, "stage-2-check")
        go_to(frame, "stage-1-check")
        answer_stage_1(frame)
        frame.evaluate("window.__sameDocument = true")
        before = seen(frame, "stage-1-check")
        section = frame.locator("#page-stage-1-check")
        result = section.locator(".cf-quiz-result")

        def swapped(edited: str, shows: str) -> dict:
            build = preview.builder.current.number
            quiz.write_text(edited, encoding="utf-8")
            expect(section).to_contain_text(shows, timeout=LIVE_TIMEOUT_MS)
            assert preview.builder.current.number > build
            assert preview.builder.last_change.action == "swap"
            assert frame.evaluate("window.__sameDocument") is True
            assert current_page_id(frame) == "stage-1-check"
            return seen(frame, "stage-1-check")

        # Moved: every answer follows its question; the saved state reads against the edit.
        moved = text.replace(container + cloud + actions, actions + container + cloud)
        after = swapped(moved.replace("Which tool does", "Moved: which tool does"), "Moved:")
        assert after == before
        assert question_order(frame, "stage-1-check") == [ACTIONS, CONTAINER, CLOUD]
        saved = quiz_state(course, frame, "stage-1-check")
        assert [answer and answer.checked for answer in saved.answers] == [True, True, False]
        assert saved.answers[2].value == "Sage draft"

        # Removed: the draft's question goes; every question left is checked, so the attempt
        # is finished by the edit and counted, its points the best score.
        removed = text.replace(container + cloud, container.replace("Which tool", "Removed:"))
        after = swapped(removed, "Removed:")
        assert after == {key: before[key] for key in (CONTAINER, ACTIONS)}
        expect(result).to_be_visible()
        saved = quiz_state(course, frame, "stage-1-check")
        assert (saved.completed_attempts, saved.best_points) == (1, 2)

        # Added: it starts unanswered, and the attempt it reopens is no longer counted.
        added = removed.replace(f"  - id: {ACTIONS}", ADDED_QUESTION + f"  - id: {ACTIONS}")
        after = swapped(added, "Stage 1 names Docker")
        assert after[ADDED] == {"typed": [], "picked": [], "locked": False, "verdict": ""}
        assert {key: after[key] for key in (CONTAINER, ACTIONS)} == {
            key: before[key] for key in (CONTAINER, ACTIONS)
        }
        expect(result).to_be_hidden()
        saved = quiz_state(course, frame, "stage-1-check")
        assert (saved.completed_attempts, saved.best_points) == (0, None)
        frame.check(f"#q-{ADDED}-1")
        frame.click(f"[data-question={ADDED}] .cf-check")
        expect(result).to_be_visible()
        saved = quiz_state(course, frame, "stage-1-check")
        assert (saved.completed_attempts, saved.best_points) == (1, 3)

        # Retyped under the same id: its answer no longer means anything, so it goes.
        retyped = container.replace("type: fill_in", "type: single_choice").replace(
            "    answers: [Docker]\n    case_sensitive: false\n",
            "    choices:\n      - text: Docker\n        correct: true\n      - text: Podman\n",
        )
        after = swapped(
            added.replace(container.replace("Which tool", "Removed:"), retyped), "Podman"
        )
        assert after[CONTAINER] == {"typed": [], "picked": [], "locked": False, "verdict": ""}
        assert after[ACTIONS] == before[ACTIONS]
        saved = quiz_state(course, frame, "stage-1-check")
        assert saved.answers[0] is None
        assert (saved.completed_attempts, saved.best_points) == (0, None)

        # The other quiz was never touched, and a relaunch resumes exactly this.
        here = seen(frame, "stage-1-check")
        page.locator("#cfp-relaunch").click()
        page.wait_for_function(
            "document.getElementById('cfp-course').contentWindow.__sameDocument !== true"
        )
        frame = course_frame(page)
        assert current_page_id(frame) == "stage-1-check"
        assert seen(frame, "stage-1-check") == here
        go_to(frame, "stage-2-check")
        assert seen(frame, "stage-2-check") == stage_2
    browser_page.assert_no_console_errors()


def test_a_change_to_the_mastery_score_relaunches_and_resumes(course, browser_page):
    page = browser_page.page
    with running_preview(course, "scorm2004") as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "final-quiz")
        CourseLearner(frame).attach().answer_quiz("final-quiz")
        go_to(frame, "stage-1-check")
        answer_stage_1(frame)
        answers = seen(frame, "stage-1-check")
        frame.evaluate("window.__sameDocument = true")

        edit(course / "course.yaml", "mastery_score: 80", "mastery_score: 70")
        panel = page.locator('#cfp-panel .cfp-all [data-element="cmi.entry"] td')
        expect(panel).to_have_text("resume", timeout=LIVE_TIMEOUT_MS)
        frame = course_frame(page)
        assert preview.builder.last_change.action == "relaunch"
        assert frame.evaluate("window.__sameDocument") is None  # a new document
        assert current_page_id(frame) == "stage-1-check"  # resumed where the learner was
        assert seen(frame, "stage-1-check") == answers
        assert page.evaluate("window.API_1484_11.GetValue('cmi.scaled_passing_score')") == "0.7"
    browser_page.assert_no_console_errors()


def test_a_broken_quiz_shows_its_place_and_the_fixed_quiz_swaps_in_place(course, browser_page):
    page = browser_page.page
    quiz = course / STAGE_1
    good = quiz.read_text(encoding="utf-8")
    with running_preview(course) as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "stage-1-check")
        answer_stage_1(frame)
        answers = seen(frame, "stage-1-check")
        frame.evaluate("window.__sameDocument = true")

        quiz.write_text(good.replace("type: fill_in", "type: fill_inn", 1), encoding="utf-8")
        error = page.locator("#cfp-error")
        expect(error).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        expect(error).to_contain_text(f"{quiz}:7:")
        assert seen(frame, "stage-1-check") == answers  # the last good build stays, untouched

        quiz.write_text(good.replace("Which tool does", "Fixed: which tool does"), encoding="utf-8")
        expect(error).to_be_hidden(timeout=LIVE_TIMEOUT_MS)
        expect(frame.locator("#page-stage-1-check")).to_contain_text("Fixed: which tool does")
        assert preview.builder.last_change.action == "swap"
        assert frame.evaluate("window.__sameDocument") is True
        assert seen(frame, "stage-1-check") == answers
    browser_page.assert_no_console_errors()


@pytest.mark.parametrize("standard", ["cmi5", "xapi"])
def test_a_swapped_quiz_resumes_from_the_lrs_after_a_relaunch(course, browser_page, standard):
    """The state the swap saves (under the new fingerprint) is what the LRS gives back."""
    page = browser_page.page
    quiz = course / STAGE_1
    text = quiz.read_text(encoding="utf-8")
    container, cloud, actions = (question_block(text, q) for q in (CONTAINER, CLOUD, ACTIONS))
    with running_preview(course, standard) as preview:
        page.goto(preview.url)
        frame = course_frame(page)
        go_to(frame, "stage-1-check")
        answer_stage_1(frame)
        before = seen(frame, "stage-1-check")
        frame.evaluate("window.__sameDocument = true")

        moved = text.replace(container + cloud + actions, cloud + actions + container)
        quiz.write_text(
            moved.replace("Which tool does", "Moved: which tool does"), encoding="utf-8"
        )
        expect(frame.locator("#page-stage-1-check")).to_contain_text(
            "Moved:", timeout=LIVE_TIMEOUT_MS
        )
        assert preview.builder.last_change.action == "swap"
        assert frame.evaluate("window.__sameDocument") is True
        assert seen(frame, "stage-1-check") == before

        # Leaving ends the session (its last state write included); the relaunch resumes it.
        page.locator("#cfp-relaunch").click()
        page.wait_for_function(
            "document.getElementById('cfp-course').contentWindow.__sameDocument !== true"
        )
        frame = course_frame(page)
        assert current_page_id(frame) == "stage-1-check"
        assert question_order(frame, "stage-1-check") == [CLOUD, ACTIONS, CONTAINER]
        assert seen(frame, "stage-1-check") == before
        expect(page.locator("#cfp-panel .cfp-error-call")).to_have_count(0)
    # A state or profile nobody wrote yet is xAPI's 404, which Chromium logs.
    unexpected = [
        error
        for error in browser_page.console_errors
        if not ("status of 404" in error and "/lrs/" in error)
    ]
    assert not unexpected, "\n".join(unexpected)
